"""Security headers on every page; error pages that are translated and render when things break."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path, reverse
from pytest_django.asserts import assertContains

from candela.config import urls as root_urls
from candela.core.middleware import CONTENT_SECURITY_POLICY
from candela.core.tests.translations import html_lang


def explode(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug in some view")


def forbid(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


def suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("tampered")


# The real site plus three views that fail, for the error handlers (`pytest.mark.urls`).
urlpatterns = [
    path("test-errors/500/", explode),
    path("test-errors/403/", forbid),
    path("test-errors/400/", suspicious),
    *root_urls.urlpatterns,
]
handler400 = root_urls.handler400
handler403 = root_urls.handler403
handler404 = root_urls.handler404
handler500 = root_urls.handler500

PUBLIC_PAGES = [
    "/",
    "/login/",
    "/signup/",
    "/password-reset/",
    "/password-reset/sent/",
    "/@ada",
    "/no-such-page/",
]
MEMBER_PAGES = [
    "/",
    "/people/",
    "/settings/",
    "/settings/password/",
    "/settings/delete/",
    "/settings/profile/",
    "/@ada",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_every_public_page_has_the_content_security_policy(client, member, url):
    response = client.get(url)

    assert response.status_code in {200, 404}
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", MEMBER_PAGES)
def test_every_member_page_has_the_content_security_policy(client, member, url):
    client.force_login(member)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_redirects_have_the_content_security_policy_too(client, db):
    response = client.get("/settings/")

    assert response.status_code == 302
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def test_the_not_found_page_is_a_friendly_page_in_the_site_layout(client, db):
    response = client.get("/no-such-page/")

    assertContains(response, "We could not find that page", status_code=404)
    assertContains(response, "Back to the home page", status_code=404)
    assertContains(response, 'href="/login/"', status_code=404)


def test_the_not_found_page_follows_the_browsers_language(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")

    assertContains(response, "Diese Seite konnten wir nicht finden", status_code=404)
    assert html_lang(response) == "de"
    assert response["Content-Language"] == "de"


def test_the_not_found_page_follows_the_members_language(client, make_user):
    client.force_login(make_user("aino", language="fi"))

    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="en")

    assert html_lang(response) == "fi"
    assert response["Content-Language"] == "fi"


@pytest.mark.urls(__name__)
def test_a_crashing_view_gets_the_server_error_page(client, db):
    client.raise_request_exception = False

    response = client.get("/test-errors/500/", HTTP_ACCEPT_LANGUAGE="en")

    assertContains(response, "Something went wrong on our side", status_code=500)
    assert html_lang(response) == "en"
    assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "a bug in some view" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_server_error_page_is_translated(client, db):
    client.raise_request_exception = False

    response = client.get("/test-errors/500/", HTTP_ACCEPT_LANGUAGE="it")

    assertContains(response, "Qualcosa è andato storto da parte nostra", status_code=500)
    assert html_lang(response) == "it"


@pytest.mark.urls(__name__)
def test_a_crashing_view_gets_the_server_error_page_for_a_member_too(client, make_user):
    client.force_login(make_user("hans", language="de"))
    client.raise_request_exception = False

    response = client.get("/test-errors/500/")

    assertContains(response, "Bei uns ist etwas schiefgelaufen", status_code=500)


@pytest.mark.urls(__name__)
def test_a_forbidden_action_gets_the_not_allowed_page(client, db):
    response = client.get("/test-errors/403/")

    assertContains(response, "You are not allowed to do that", status_code=403)


@pytest.mark.urls(__name__)
def test_a_tampered_request_gets_the_bad_request_page(client, db):
    response = client.get("/test-errors/400/")

    assertContains(response, "Something in that request was not right", status_code=400)


def test_the_home_page_invites_visitors_to_join_and_greets_members(client, member):
    assertContains(client.get("/"), reverse("accounts:signup"))

    client.force_login(member)

    assertContains(client.get("/"), "Welcome back, ada")
