from candela.profiles.services import update_profile


def test_directory_search_from_htmx_answers_with_the_results_fragment_only(client, make_user):
    viewer = make_user("viewer")
    update_profile(make_user("grace").actor, display_name="Grace Hopper")
    update_profile(make_user("linus").actor, display_name="Linus Torvalds")
    client.force_login(viewer)

    response = client.get("/people/", {"q": "hopper"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "Grace Hopper" in html
    assert "Linus Torvalds" not in html
    assert "<html" not in html  # a fragment, swapped into the open page


def test_directory_search_without_htmx_renders_the_whole_page(client, make_user):
    client.force_login(make_user("viewer"))
    response = client.get("/people/", {"q": "nobody-matches-this"})
    html = response.content.decode()
    assert "<html" in html
    assert "Nobody matches" in html
