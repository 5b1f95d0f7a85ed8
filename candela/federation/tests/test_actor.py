import pytest
from django.conf import settings

from candela.accounts.services import delete_account
from candela.federation.tests.conftest import ACTIVITY_JSON, LD_JSON, image_upload
from candela.profiles.services import update_profile


def fetch(client, username, accept=ACTIVITY_JSON):
    return client.get(f"/users/{username}", headers={"accept": accept})


@pytest.mark.parametrize("accept", [ACTIVITY_JSON, LD_JSON])
def test_actor_document_has_the_fields_a_mastodon_server_checks(client, member, accept):
    actor = member.actor

    response = fetch(client, "ada", accept)

    assert response.status_code == 200
    assert response["Content-Type"] == accept
    document = response.json()
    assert document["@context"][:2] == [
        "https://www.w3.org/ns/activitystreams",
        "https://w3id.org/security/v1",
    ]
    assert document["@context"][2]["toot"] == "http://joinmastodon.org/ns#"
    assert document["id"] == actor.uri
    assert document["type"] == "Person"
    assert document["preferredUsername"] == "ada"
    assert document["url"] == actor.url
    assert document["inbox"] == f"{actor.uri}/inbox"
    assert document["outbox"] == f"{actor.uri}/outbox"
    assert document["followers"] == f"{actor.uri}/followers"
    assert document["following"] == f"{actor.uri}/following"
    assert document["endpoints"] == {"sharedInbox": f"{settings.CANDELA_URL}/inbox"}
    assert document["publicKey"] == {
        "id": f"{actor.uri}#main-key",
        "owner": actor.uri,
        "publicKeyPem": actor.public_key_pem,
    }
    assert document["publicKey"]["publicKeyPem"].startswith("-----BEGIN PUBLIC KEY-----")
    assert document["manuallyApprovesFollowers"] is False
    assert document["discoverable"] is True
    assert document["indexable"] is False
    assert document["published"].endswith("T00:00:00Z")
    assert document["attachment"] == []
    assert "icon" not in document
    assert "image" not in document


def test_actor_document_never_reveals_the_private_key(client, member):
    body = fetch(client, "ada").content.decode()

    assert "PRIVATE KEY" not in body
    assert "privateKey" not in body


def test_actor_id_maps_back_to_the_webfinger_handle(client, member):
    jrd = client.get("/.well-known/webfinger", {"resource": f"acct:ada@{settings.CANDELA_DOMAIN}"})
    self_href = next(item["href"] for item in jrd.json()["links"] if item["rel"] == "self")

    document = client.get(self_href, headers={"accept": ACTIVITY_JSON}).json()

    assert document["id"] == self_href
    assert (
        f"acct:{document['preferredUsername']}@{settings.CANDELA_DOMAIN}" == jrd.json()["subject"]
    )


def test_profile_fields_become_name_summary_and_flags(client, member):
    update_profile(
        member.actor,
        display_name="Ada Okafor",
        bio="Hello <script>alert(1)</script>\nSee https://example.org",
        is_locked=True,
        is_discoverable=False,
    )

    document = fetch(client, "ada").json()

    assert document["name"] == "Ada Okafor"
    assert "<script>" not in document["summary"]
    assert "&lt;script&gt;" in document["summary"]
    assert document["summary"].startswith("<p>")
    assert "<br>" in document["summary"]
    assert '<a href="https://example.org" rel="nofollow">' in document["summary"]
    assert document["manuallyApprovesFollowers"] is True
    assert document["discoverable"] is False


def test_empty_display_name_and_bio_fall_back_to_username_and_empty_summary(client, member):
    document = fetch(client, "ada").json()

    assert document["name"] == "ada"
    assert document["summary"] == ""


def test_bot_account_is_a_service(client, member):
    update_profile(member.actor, is_bot=True)

    assert fetch(client, "ada").json()["type"] == "Service"


def test_avatar_and_header_become_icon_and_image(client, member):
    update_profile(
        member.actor,
        avatar=image_upload("face.png"),
        header=image_upload("banner.png", size=(300, 100)),
    )

    document = fetch(client, "ada").json()

    assert document["icon"]["type"] == "Image"
    assert document["icon"]["url"].startswith(f"{settings.CANDELA_URL}/media/avatars/")
    assert document["icon"]["mediaType"] in {"image/jpeg", "image/png"}
    assert document["image"]["type"] == "Image"
    assert document["image"]["url"].startswith(f"{settings.CANDELA_URL}/media/headers/")


@pytest.mark.parametrize("accept", ["text/html,application/xhtml+xml,*/*;q=0.8", "*/*", None])
def test_browser_is_sent_to_the_profile_page(client, member, accept):
    headers = {"accept": accept} if accept else {}

    response = client.get("/users/ada", headers=headers)

    assert response.status_code == 302
    assert response["Location"] == "/@ada"


def test_activitypub_preferred_over_a_wildcard(client, member):
    response = fetch(client, "ada", f"{ACTIVITY_JSON}, */*;q=0.1")

    assert response.status_code == 200
    assert response.json()["id"] == member.actor.uri


def test_both_representations_vary_on_accept(client, member):
    assert "Accept" in fetch(client, "ada")["Vary"]
    assert "Accept" in fetch(client, "ada", "text/html")["Vary"]


def test_deleted_account_is_gone_with_a_tombstone(client, member):
    uri = member.actor.uri
    delete_account(member)

    response = fetch(client, "ada")

    assert response.status_code == 410
    document = response.json()
    assert document["@context"] == "https://www.w3.org/ns/activitystreams"
    assert document["id"] == uri
    assert document["type"] == "Tombstone"
    assert document["formerType"] == "Person"
    assert document["deleted"].endswith("Z")
    assert "publicKey" not in document


def test_deleted_account_has_no_profile_page_to_send_a_browser_to(client, member):
    delete_account(member)

    assert client.get("/users/ada", headers={"accept": "text/html"}).status_code == 404


def test_suspended_account_is_not_found_rather_than_gone(client, member, suspend):
    suspend(member)

    assert fetch(client, "ada").status_code == 404
    assert client.get("/users/ada", headers={"accept": "text/html"}).status_code == 404


def test_unknown_account_is_not_found(client, db):
    assert fetch(client, "nobody").status_code == 404


def test_actor_document_takes_a_fixed_number_of_queries(
    client, member, django_assert_max_num_queries
):
    with django_assert_max_num_queries(2):
        assert fetch(client, "ada").status_code == 200


def test_actor_endpoint_refuses_writes(client, member):
    assert client.post("/users/ada", headers={"accept": ACTIVITY_JSON}).status_code == 405
