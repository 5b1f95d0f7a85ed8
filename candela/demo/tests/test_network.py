"""`candela demo` builds a believable network through the graph's services, once."""

from __future__ import annotations

from collections import Counter

from candela.demo import populate
from candela.demo.network import CIRCLES, CONNECTION_REQUESTS
from candela.graph import selectors
from candela.graph.models import Block, Circle, CircleMember, Connection, Follow, FollowRequest
from candela.profiles.models import Actor

DEMO_PASSWORD = "candela-demo"
GRAPH_MODELS = [Connection, Follow, FollowRequest, Circle, CircleMember, Block]


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in GRAPH_MODELS}


def test_running_the_demo_twice_creates_no_new_graph_rows(db):
    populate(password=DEMO_PASSWORD)
    first = counts()
    populate(password=DEMO_PASSWORD)
    assert counts() == first


def test_everyone_has_three_to_six_connections(db):
    populate(password=DEMO_PASSWORD)
    per_person: Counter[str] = Counter()
    connected = Connection.objects.filter(state=Connection.State.CONNECTED).select_related(
        "requester", "recipient"
    )
    for row in connected:
        per_person[row.requester.username] += 1
        per_person[row.recipient.username] += 1
    assert set(per_person) == set(Actor.objects.values_list("username", flat=True))
    assert all(3 <= n <= 6 for n in per_person.values()), per_person


def test_connected_people_follow_each_other_and_some_follows_are_one_way(db):
    populate(password=DEMO_PASSWORD)
    follows = set(Follow.objects.values_list("follower__username", "target__username"))
    for row in Connection.objects.filter(state=Connection.State.CONNECTED):
        assert (row.requester.username, row.recipient.username) in follows
        assert (row.recipient.username, row.requester.username) in follows
    one_way = {(a, b) for a, b in follows if (b, a) not in follows}
    assert len(one_way) >= 5


def test_a_locked_account_has_a_follow_request_waiting(db):
    populate(password=DEMO_PASSWORD)
    request = FollowRequest.objects.select_related("target").get()
    assert request.target.is_locked


def test_pending_connection_requests_carry_a_note_in_the_askers_language(db):
    populate(password=DEMO_PASSWORD)
    pending = Connection.objects.filter(state=Connection.State.PENDING).select_related(
        "requester__user"
    )
    assert len(pending) == len(CONNECTION_REQUESTS) >= 2
    languages = {row.requester.user.language for row in pending}
    assert len(languages) == len(pending)  # one each in Italian, Finnish and German
    assert all(row.note for row in pending)
    assert "en" not in languages


def test_circles_hold_people_their_owner_follows(db):
    populate(password=DEMO_PASSWORD)
    circles = Circle.objects.select_related("owner")
    assert {(c.owner.username, c.name) for c in circles} == {(o, n) for o, n, _m in CIRCLES}
    for circle in circles:
        members = selectors.circle_member_ids(circle.id)
        assert members
        assert members <= selectors.following_ids(circle.owner)
