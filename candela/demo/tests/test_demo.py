from collections import Counter

from candela.accounts.models import User
from candela.accounts.reserved import is_reserved
from candela.accounts.services import validate_new_username
from candela.demo import populate
from candela.demo.people import PEOPLE
from candela.profiles.languages import SPOKEN_LANGUAGE_CODES
from candela.profiles.models import Actor

DEMO_PASSWORD = "candela-demo"
FIVE_LANGUAGES = {"en", "fr", "it", "de", "fi"}


def test_running_the_demo_twice_creates_each_person_once(db):
    assert populate(password=DEMO_PASSWORD) == len(PEOPLE)
    assert populate(password=DEMO_PASSWORD) == 0

    assert User.objects.count() == len(PEOPLE)
    usernames = sorted(Actor.objects.values_list("username", flat=True))
    assert usernames == sorted(person["username"] for person in PEOPLE)


def test_demo_community_has_a_dozen_people_writing_in_five_languages_at_least_twice_each(db):
    populate(password=DEMO_PASSWORD)

    assert 12 <= len(PEOPLE) <= 14
    by_language = Counter(User.objects.values_list("language", flat=True))
    assert set(by_language) == FIVE_LANGUAGES
    assert min(by_language.values()) >= 2


def test_every_demo_person_has_a_full_profile_with_skills_and_a_position(db):
    populate(password=DEMO_PASSWORD)

    actors = Actor.objects.prefetch_related("positions").select_related("user")
    assert len(actors) == len(PEOPLE)
    for actor in actors:
        assert actor.display_name, actor.username
        assert actor.bio, actor.username
        assert actor.location, actor.username
        assert 3 <= len(actor.skills) <= 6, actor.username
        assert 1 <= len(actor.positions.all()) <= 2, actor.username
        assert any(p.is_current and p.title for p in actor.positions.all()), actor.username
        assert actor.user.language in actor.languages, actor.username
        assert set(actor.languages) <= SPOKEN_LANGUAGE_CODES, actor.username


def test_demo_people_form_a_community_sharing_companies_and_cities():
    companies = Counter(
        position["company"] for person in PEOPLE for position in person["positions"]
    )
    cities = Counter(person["location"] for person in PEOPLE)

    assert sum(1 for count in companies.values() if count >= 2) >= 3
    assert max(cities.values()) >= 2


def test_demo_usernames_are_valid_and_not_reserved(db):
    for person in PEOPLE:
        assert not is_reserved(person["username"])
        assert person["username"] == person["username"].lower()
        validate_new_username(person["username"])


def test_demo_posts_come_in_five_languages_with_comments_reactions_and_boosts(db):
    from candela.posts.models import Post, Reaction

    populate(password=DEMO_PASSWORD)
    populate(password=DEMO_PASSWORD)

    top_level = Post.objects.filter(in_reply_to__isnull=True, reblog_of__isnull=True)
    assert {post.language for post in top_level} == FIVE_LANGUAGES
    assert Post.objects.filter(in_reply_to__isnull=False).count() >= 5
    assert Reaction.objects.count() >= 10
    assert Post.objects.filter(reblog_of__isnull=False).exists()
    assert all(post.mentions.exists() for post in Post.objects.filter(in_reply_to__isnull=False))
