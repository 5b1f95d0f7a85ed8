"""The profile page, the profile editor and the member directory, through HTTP."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from candela.profiles.models import Actor
from candela.profiles.services import PositionInput, update_profile
from candela.profiles.tests.pictures import GPS_IFD, jpeg_with_metadata, opened, png_bytes

EDIT_URL = "/settings/profile/"


def profile_form(**overrides) -> dict[str, object]:
    """What the browser posts from the editor, with one empty position row."""
    data: dict[str, object] = {
        "display_name": "",
        "bio": "",
        "location": "",
        "skills": "",
        "is_discoverable": "on",
        "positions-TOTAL_FORMS": "1",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "10",
        "positions-0-company": "",
        "positions-0-title": "",
    }
    data.update(overrides)
    return data


def stored(user) -> Actor:
    return Actor.objects.get(pk=user.actor.pk)


# The profile page


def test_anyone_can_see_a_members_profile(client, member):
    update_profile(member.actor, display_name="Ada Lovelace", skills=["maths"])

    response = client.get("/@ada")

    assertContains(response, "Ada Lovelace")
    assertContains(response, "@ada@localhost:8000")
    assertContains(response, "maths")


def test_the_profile_page_answers_to_the_username_in_any_case(client, member):
    assert client.get("/@ADA").status_code == 200


def test_the_profile_of_an_unknown_member_is_not_found(client, db):
    assertContains(client.get("/@nobody"), "We could not find that page", status_code=404)


def test_the_profile_of_a_suspended_member_is_not_found(client, make_user):
    grace = make_user("grace")
    grace.is_active = False
    grace.save(update_fields=["is_active"])
    client.force_login(make_user("ada"))

    assert client.get("/@grace").status_code == 404


def test_links_in_a_bio_become_clickable_and_html_in_it_is_shown_as_text(client, member):
    update_profile(
        member.actor,
        bio='See https://example.org/ada <script>alert("x")</script> <b>bold</b>',
    )

    response = client.get("/@ada")

    assertContains(response, '<a href="https://example.org/ada" rel="nofollow">')
    assertContains(response, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;")
    assertContains(response, "&lt;b&gt;bold&lt;/b&gt;")
    assertNotContains(response, "<script>alert")
    assertNotContains(response, "<b>bold")


def test_only_the_owner_sees_the_edit_button(client, make_user):
    ada = make_user("ada")
    grace = make_user("grace")

    client.force_login(grace)
    assertNotContains(client.get("/@ada"), EDIT_URL)
    client.force_login(ada)
    assertContains(client.get("/@ada"), EDIT_URL)


# The editor


def test_the_editor_shows_the_current_profile(client, member):
    update_profile(
        member.actor,
        display_name="Ada Lovelace",
        skills=["maths", "poetry"],
        positions=[PositionInput(company="Analytical Engines", title="Programmer")],
    )
    client.force_login(member)

    response = client.get(EDIT_URL)

    assertContains(response, 'value="Ada Lovelace"')
    assertContains(response, 'value="maths, poetry"')
    assertContains(response, 'value="Analytical Engines"')


def test_saving_the_editor_updates_the_profile_page(client, member):
    client.force_login(member)

    response = client.post(
        EDIT_URL,
        profile_form(
            display_name="Ada Lovelace",
            bio="I write programs.",
            location="London",
            languages=["en", "fr"],
            skills=" maths ,poetry, Maths,, engines ",
            **{
                "positions-TOTAL_FORMS": "2",
                "positions-0-company": "Analytical Engines",
                "positions-0-title": "Programmer",
                "positions-0-is_current": "on",
                "positions-1-company": "Royal Society",
                "positions-1-title": "",
            },
        ),
        follow=True,
    )

    assertRedirects(response, "/@ada")
    assertContains(response, "Your profile has been saved.")
    actor = stored(member)
    assert actor.display_name == "Ada Lovelace"
    assert actor.bio == "I write programs."
    assert actor.languages == ["en", "fr"]
    assert actor.skills == ["maths", "poetry", "engines"]
    assert [(p.company, p.is_current) for p in actor.positions.all()] == [
        ("Analytical Engines", True),
        ("Royal Society", False),
    ]
    assertContains(response, '<h1 id="profile-name">Ada Lovelace</h1>', html=False)
    assertContains(response, "Programmer at Analytical Engines")
    assertContains(response, "Royal Society")
    assertContains(response, '<li lang="fr">French</li>', html=True)


def test_a_position_can_be_deleted_in_the_editor(client, member):
    update_profile(member.actor, positions=[PositionInput(company="Old Job")])
    client.force_login(member)

    client.post(
        EDIT_URL,
        profile_form(
            **{
                "positions-INITIAL_FORMS": "1",
                "positions-0-company": "Old Job",
                "positions-0-DELETE": "on",
            }
        ),
    )

    assert not stored(member).positions.exists()


def test_unticking_discoverable_hides_the_member_from_the_directory(client, make_user):
    ada = make_user("ada")
    client.force_login(ada)
    form = profile_form()
    del form["is_discoverable"]

    client.post(EDIT_URL, form)

    assert stored(ada).is_discoverable is False
    client.force_login(make_user("grace"))
    assertNotContains(client.get("/people/"), "@ada")


def test_a_too_long_skill_gives_a_form_error_and_changes_nothing(client, member):
    client.force_login(member)

    response = client.post(EDIT_URL, profile_form(display_name="Changed", skills="x" * 60))

    assertContains(response, "Each skill can have at most 50 characters.")
    assert stored(member).display_name == ""


def test_an_avatar_upload_is_resized_to_400_square_and_loses_its_exif(client, member):
    client.force_login(member)
    photo = SimpleUploadedFile("me.jpg", jpeg_with_metadata(), content_type="image/jpeg")

    response = client.post(EDIT_URL, profile_form(avatar=photo), follow=True)

    assertRedirects(response, "/@ada")
    avatar = stored(member).avatar
    assertContains(response, avatar.url)
    with avatar.open("rb") as saved:
        image = opened(saved.read())
    assert image.size == (400, 400)
    assert dict(image.getexif()) == {}
    assert not image.getexif().get_ifd(GPS_IFD)
    assert "comment" not in image.info


def test_an_uploaded_avatar_is_served_from_media(client, member):
    client.force_login(member)
    client.post(EDIT_URL, profile_form(avatar=SimpleUploadedFile("a.png", png_bytes())))

    response = client.get(stored(member).avatar.url)

    assert response.status_code == 200
    assert opened(b"".join(response.streaming_content)).size == (400, 400)


def test_a_header_upload_is_resized_to_1500_by_500(client, member):
    client.force_login(member)

    client.post(EDIT_URL, profile_form(header=SimpleUploadedFile("h.png", png_bytes(2000, 2000))))

    with stored(member).header.open("rb") as saved:
        assert opened(saved.read()).size == (1500, 500)


def test_the_avatar_can_be_removed(client, member):
    update_profile(member.actor, avatar=SimpleUploadedFile("a.png", png_bytes()))
    client.force_login(member)

    client.post(EDIT_URL, profile_form(remove_avatar="on"))

    assert not stored(member).avatar


BAD_UPLOADS = {
    "text": (b"hello, I am not a picture\n" * 20, "not an image we can use"),
    "truncated": (png_bytes(900, 900)[:300], "not an image we can use"),
}


@pytest.mark.parametrize("kind", BAD_UPLOADS)
def test_a_bad_avatar_file_gives_a_form_error_and_changes_nothing(client, member, kind):
    update_profile(
        member.actor, display_name="Ada", avatar=SimpleUploadedFile("a.png", png_bytes())
    )
    before = stored(member).avatar.name
    content, message = BAD_UPLOADS[kind]
    client.force_login(member)

    response = client.post(
        EDIT_URL,
        profile_form(display_name="Changed", avatar=SimpleUploadedFile("me.png", content)),
    )

    assertContains(response, message)
    actor = stored(member)
    assert actor.display_name == "Ada"
    assert actor.avatar.name == before


@override_settings(CANDELA_MAX_IMAGE_BYTES=1024 * 1024)
def test_an_avatar_over_the_size_limit_gives_a_form_error_and_changes_nothing(client, member):
    client.force_login(member)
    big = SimpleUploadedFile("big.png", png_bytes() + b"\0" * (1024 * 1024 + 1))

    response = client.post(EDIT_URL, profile_form(display_name="Changed", avatar=big))

    assertContains(response, "This image is too large: the limit is 1 MB.")
    assert stored(member).display_name == ""
    assert not stored(member).avatar


def test_a_50_megabyte_upload_is_refused_with_a_clear_message(client, member):
    client.force_login(member)
    huge = SimpleUploadedFile("huge.png", png_bytes() + b"\0" * (50 * 1024 * 1024))

    response = client.post(EDIT_URL, profile_form(header=huge))

    assertContains(response, "This image is too large: the limit is 8 MB.")
    assert not stored(member).header


# The directory


def test_the_directory_lists_discoverable_members_and_hides_the_others(client, make_user):
    client.force_login(make_user("viewer"))
    update_profile(make_user("grace").actor, display_name="Grace Hopper")
    update_profile(make_user("shy").actor, display_name="Shy Person", is_discoverable=False)

    response = client.get("/people/")

    assertContains(response, "Grace Hopper")
    assertContains(response, 'href="/@grace"')
    assertNotContains(response, "Shy Person")


def test_the_directory_finds_people_by_name_and_by_company(client, make_user):
    client.force_login(make_user("viewer"))
    update_profile(
        make_user("grace").actor,
        display_name="Grace Hopper",
        positions=[PositionInput(company="US Navy", title="Rear Admiral")],
    )
    update_profile(make_user("linus").actor, display_name="Linus Torvalds")

    by_name = client.get("/people/", {"q": "hopper"})
    by_company = client.get("/people/", {"q": "navy"})

    for response in (by_name, by_company):
        assertContains(response, "Grace Hopper")
        assertNotContains(response, "Linus Torvalds")
    assertContains(by_company, "Rear Admiral at US Navy")


def test_the_directory_says_so_when_nobody_matches(client, member):
    client.force_login(member)

    response = client.get("/people/", {"q": "<i>zebra</i>"})

    assertContains(response, "Nobody matches “&lt;i&gt;zebra&lt;/i&gt;”.")


def test_the_directory_has_an_empty_state(client, member):
    update_profile(member.actor, is_discoverable=False)
    client.force_login(member)

    response = client.get("/people/")

    assertContains(response, "No members yet. Invite the people you know!")


def test_the_directory_query_count_does_not_grow_with_the_members(client, make_user):
    client.force_login(make_user("viewer"))

    def queries_for_page() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/people/").status_code == 200
        return len(captured)

    for n in range(2):
        update_profile(make_user().actor, positions=[PositionInput(company=f"Company {n}")])
    few = queries_for_page()
    for n in range(8):
        update_profile(make_user().actor, positions=[PositionInput(company=f"Other {n}")])

    assert queries_for_page() == few
