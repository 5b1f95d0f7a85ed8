import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

import candela
from candela.accounts.models import User
from candela.accounts.services import delete_account

NODEINFO_2_0 = "http://nodeinfo.diaspora.software/ns/schema/2.0"
XRD_NS = "{http://docs.oasis-open.org/ns/xri/xrd-1.0}"


def test_host_meta_points_lrdd_at_webfinger(client, db):
    response = client.get("/.well-known/host-meta")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/xrd+xml"
    assert response["Access-Control-Allow-Origin"] == "*"
    root = ET.fromstring(response.content)
    assert root.tag == f"{XRD_NS}XRD"
    lrdd = root.find(f"{XRD_NS}Link[@rel='lrdd']")
    assert lrdd is not None
    assert lrdd.get("template") == (
        f"{settings.CANDELA_URL}/.well-known/webfinger?resource={{uri}}"
    )


def test_lrdd_template_leads_to_a_member(client, member):
    root = ET.fromstring(client.get("/.well-known/host-meta").content)
    template = root.find(f"{XRD_NS}Link").get("template")
    url = template.replace("{uri}", f"acct:ada@{settings.CANDELA_DOMAIN}")

    response = client.get(url.removeprefix(settings.CANDELA_URL))

    assert response.status_code == 200


def test_well_known_nodeinfo_links_to_the_2_0_document(client, db):
    response = client.get("/.well-known/nodeinfo")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {
        "links": [{"rel": NODEINFO_2_0, "href": f"{settings.CANDELA_URL}/nodeinfo/2.0"}]
    }


def test_nodeinfo_is_a_schema_2_0_document_about_candela(client, db):
    response = client.get("/nodeinfo/2.0")

    assert response.status_code == 200
    assert response["Content-Type"] == f'application/json; profile="{NODEINFO_2_0}#"'
    assert response["Access-Control-Allow-Origin"] == "*"
    document = response.json()
    # The schema allows exactly these keys, and requires all of them.
    assert set(document) == {
        "version",
        "software",
        "protocols",
        "services",
        "openRegistrations",
        "usage",
        "metadata",
    }
    assert document["version"] == "2.0"
    assert document["software"] == {"name": "candela", "version": candela.__version__}
    assert document["protocols"] == ["activitypub"]
    assert document["services"] == {"inbound": [], "outbound": []}
    assert document["openRegistrations"] is True
    assert set(document["usage"]) <= {"users", "localPosts", "localComments"}
    assert document["usage"]["localPosts"] == 0
    assert document["metadata"]["nodeName"] == settings.CANDELA_INSTANCE_NAME


def test_nodeinfo_counts_members_and_who_signed_in_lately(client, make_user, suspend):
    now = timezone.now()
    for username, days_ago in [("recent", 2), ("autumn", 90), ("longago", 400)]:
        make_user(username)
        User.objects.filter(username=username).update(last_login=now - timedelta(days=days_ago))
    make_user("never")
    suspend(make_user("suspended"))
    delete_account(make_user("leaver"))

    users = client.get("/nodeinfo/2.0").json()["usage"]["users"]

    assert users == {"total": 4, "activeMonth": 1, "activeHalfyear": 2}


def test_nodeinfo_reports_closed_registrations(client, db, settings):
    settings.CANDELA_REGISTRATIONS_OPEN = False

    assert client.get("/nodeinfo/2.0").json()["openRegistrations"] is False


@pytest.mark.parametrize(
    "path",
    ["/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo", "/nodeinfo/2.0"],
)
def test_discovery_documents_are_read_only(client, db, path):
    assert client.post(path).status_code == 405
