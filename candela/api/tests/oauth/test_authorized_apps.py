from datetime import timedelta


def test_member_sees_the_apps_that_can_use_their_account(client, member, make_app, make_token):
    elk = make_app(name="Elk")
    make_token(member, scope="read", application=elk.application)
    make_token(member, scope="write", application=elk.application)
    client.force_login(member)

    html = client.get("/settings/apps/").content.decode()

    assert html.count("<h2") == 1  # one app, however many tokens
    assert "Elk" in html
    assert "Read all your account data" in html
    assert "Change all your account data" in html


def test_expired_tokens_and_other_members_apps_are_not_listed(
    client, member, make_user, make_app, make_token
):
    make_token(
        member, application=make_app(name="Old App").application, expires_in=-timedelta(days=1)
    )
    make_token(make_user("grace"), application=make_app(name="Grace's App").application)
    client.force_login(member)

    html = client.get("/settings/apps/").content.decode()

    assert "Old App" not in html
    assert "Grace&#x27;s App" not in html
    assert "No app can use your account" in html


def test_removing_access_ends_the_apps_tokens_at_once(
    client, api_client, member, make_app, make_token
):
    tusky = make_app(name="Tusky")
    token = make_token(member, application=tusky.application)
    assert api_client(token).get("/api/v1/accounts/verify_credentials").status_code == 200
    client.force_login(member)

    response = client.post(f"/settings/apps/{tusky.application.pk}/revoke/", follow=True)

    assert "The app can no longer use your account." in response.content.decode()
    assert api_client(token).get("/api/v1/accounts/verify_credentials").status_code == 401


def test_a_member_cannot_end_another_members_access(
    client, api_client, member, make_user, make_app, make_token
):
    grace = make_user("grace")
    app = make_app(name="Shared App")
    graces_token = make_token(grace, application=app.application)
    client.force_login(member)

    client.post(f"/settings/apps/{app.application.pk}/revoke/")

    assert api_client(graces_token).get("/api/v1/accounts/verify_credentials").status_code == 200


def test_authorised_apps_page_needs_login(client, db):
    response = client.get("/settings/apps/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
