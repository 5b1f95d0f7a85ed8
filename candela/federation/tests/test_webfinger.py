import pytest
from django.conf import settings

from candela.accounts.services import delete_account
from candela.federation.tests.conftest import image_upload
from candela.profiles.models import Actor
from candela.profiles.services import update_profile

WEBFINGER = "/.well-known/webfinger"


def acct(username):
    return f"acct:{username}@{settings.CANDELA_DOMAIN}"


def link(document, rel):
    return next(item for item in document["links"] if item["rel"] == rel)


def test_member_is_found_by_acct_with_the_links_mastodon_needs(client, member):
    response = client.get(WEBFINGER, {"resource": acct("ada")})

    assert response.status_code == 200
    document = response.json()
    actor = member.actor
    assert document["subject"] == acct("ada")
    assert set(document["aliases"]) == {actor.uri, actor.url}
    assert link(document, "self") == {
        "rel": "self",
        "type": "application/activity+json",
        "href": actor.uri,
    }
    assert link(document, "http://webfinger.net/rel/profile-page") == {
        "rel": "http://webfinger.net/rel/profile-page",
        "type": "text/html",
        "href": actor.url,
    }
    subscribe = link(document, "http://ostatus.org/schema/1.0/subscribe")
    assert subscribe["template"].startswith(settings.CANDELA_URL)
    assert subscribe["template"].endswith("{uri}")


def test_webfinger_answers_jrd_json_that_any_origin_may_read(client, member):
    response = client.get(WEBFINGER, {"resource": acct("ada")})

    assert response["Content-Type"] == "application/jrd+json"
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("which", ["uri", "url"])
def test_member_is_found_by_actor_uri_or_profile_url(client, member, which):
    response = client.get(WEBFINGER, {"resource": getattr(member.actor, which)})

    assert response.status_code == 200
    assert response.json()["subject"] == acct("ada")


def test_handle_lookup_ignores_case_of_username_and_domain(client, member):
    response = client.get(WEBFINGER, {"resource": f"acct:ADA@{settings.CANDELA_DOMAIN.upper()}"})

    assert response.status_code == 200
    assert response.json()["subject"] == acct("ada")


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"resource": ""},
        {"resource": "ada"},
        {"resource": "ada@localhost"},
        {"resource": "acct:ada"},
        {"resource": "acct:@localhost"},
        {"resource": "acct:ada@"},
        {"resource": "https://"},
    ],
)
def test_missing_or_malformed_resource_is_a_bad_request_with_a_json_error(client, member, query):
    response = client.get(WEBFINGER, query)

    assert response.status_code == 400
    assert response.json()["error"]
    assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    "resource",
    [
        "acct:nobody@{domain}",
        "acct:ada@elsewhere.example",
        "https://elsewhere.example/users/ada",
        "{url}/users/nobody",
        "mailto:ada@{domain}",
    ],
)
def test_unknown_account_foreign_domain_or_other_scheme_is_not_found(client, member, resource):
    resource = resource.format(domain=settings.CANDELA_DOMAIN, url=settings.CANDELA_URL)

    response = client.get(WEBFINGER, {"resource": resource})

    assert response.status_code == 404
    assert response.json()["error"]


def test_deleted_member_is_not_discoverable(client, member):
    uri = member.actor.uri
    delete_account(member)

    assert client.get(WEBFINGER, {"resource": acct("ada")}).status_code == 404
    assert client.get(WEBFINGER, {"resource": uri}).status_code == 404


def test_suspended_member_is_not_discoverable(client, member, suspend):
    suspend(member)

    assert client.get(WEBFINGER, {"resource": acct("ada")}).status_code == 404
    assert client.get(WEBFINGER, {"resource": member.actor.uri}).status_code == 404


def test_remote_actor_is_never_answered_for(client, db):
    remote = Actor.objects.create(
        username="ada",
        domain="elsewhere.example",
        local=False,
        uri="https://elsewhere.example/users/ada",
        url="https://elsewhere.example/@ada",
    )

    assert client.get(WEBFINGER, {"resource": remote.uri}).status_code == 404
    assert client.get(WEBFINGER, {"resource": "acct:ada@elsewhere.example"}).status_code == 404


def test_rel_parameter_keeps_only_the_asked_links_but_all_aliases(client, member):
    response = client.get(WEBFINGER, {"resource": acct("ada"), "rel": "self"})

    document = response.json()
    assert [item["rel"] for item in document["links"]] == ["self"]
    assert len(document["aliases"]) == 2


def test_avatar_is_linked_once_uploaded(client, member):
    update_profile(member.actor, avatar=image_upload())

    document = client.get(WEBFINGER, {"resource": acct("ada")}).json()

    avatar = link(document, "http://webfinger.net/rel/avatar")
    assert avatar["href"].startswith(f"{settings.CANDELA_URL}/media/avatars/")
    assert avatar["type"] in {"image/jpeg", "image/png"}
