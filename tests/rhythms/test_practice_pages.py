"""The practice library pages: who sees what, the forms, import and export, and query budgets."""

import json

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile

from murmuration.rhythms import practice_actions as actions
from murmuration.rhythms.models import Practice
from murmuration.rhythms.practices import dump, from_model, load_file
from tests.conftest import PERSONAS
from tests.web.conftest import make_listed

LIBRARY_BUDGET = 8

LIBRARY = "/c/river-commons/practices/"
OWN = LIBRARY + "walk-and-talk/"
CLINIC = LIBRARY + "case-clinic/"

MEMBERS_SEE = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
# The member wrote the practice; the group member did not and is no host.
AUTHOR_OR_HOST = {
    "anonymous": 302,
    "outsider": 404,
    "member": 200,
    "group_member": 403,
    "host": 200,
}


def practice_data(name: str = "Walk and talk") -> dict:
    return {
        "name": name,
        "summary": "Pairs walk outside.",
        "roles": [{"name": "walker", "description": "Sets the pace.", "rotates": True}],
        "steps": [
            {"title": "Pair up", "minutes": 2, "guidance": "Find someone."},
            {"title": "Walk", "minutes": 20, "guidance": "Talk as you go.", "role": "walker"},
        ],
    }


@pytest.fixture
def own(world) -> Practice:
    return actions.create_practice(world.member, world.community, practice_data())


def form(practice: Practice | None = None, **changes: str) -> dict:
    data = practice_data()
    fields = {
        "name": data["name"],
        "summary": data["summary"],
        "roles": yaml.safe_dump(data["roles"]),
        "steps": yaml.safe_dump(data["steps"]),
        "updated_at": practice.updated_at.isoformat() if practice else "",
    }
    return fields | changes


# Access ----------------------------------------------------------------------------------------

PAGES = [
    (LIBRARY, MEMBERS_SEE),
    (LIBRARY + "new/", MEMBERS_SEE),
    (LIBRARY + "import/", MEMBERS_SEE),
    (CLINIC, MEMBERS_SEE),
    (CLINIC + "export/", MEMBERS_SEE),
    (OWN, MEMBERS_SEE),
    (OWN + "export/?format=json", MEMBERS_SEE),
    (OWN + "edit/", AUTHOR_OR_HOST),
    (CLINIC + "edit/", MEMBERS_SEE | {"member": 403, "group_member": 403, "host": 403}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "statuses"), PAGES, ids=[p[0] for p in PAGES])
def test_each_page_answers_each_persona(world, own, persona, url, statuses):
    response = world.client_for(persona).get(url)
    assert response.status_code == statuses[persona]
    if persona == "anonymous":
        assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("persona", PERSONAS)
def test_a_listed_community_refuses_outsiders_without_showing_its_practices(world, own, persona):
    make_listed(world.community)
    response = world.client_for(persona).get(LIBRARY)
    assert response.status_code == {**MEMBERS_SEE, "outsider": 403}[persona]
    assert (b"Walk and talk" in response.content) is (response.status_code == 200)


def test_a_practice_of_another_community_is_not_found(world, own):
    other = world.community.__class__.objects.create(name="Other", slug="other")
    other.memberships.create(user=world.outsider)
    client = world.client_for("outsider")
    assert client.get("/c/other/practices/walk-and-talk/").status_code == 404
    assert client.get("/c/other/practices/case-clinic/").status_code == 200


POSTS = [
    ("create", LIBRARY + "new/", {**MEMBERS_SEE, "member": 302, "group_member": 302, "host": 302}),
    ("edit", OWN + "edit/", {**AUTHOR_OR_HOST, "member": 302, "host": 302}),
    ("delete", OWN + "delete/", {**AUTHOR_OR_HOST, "member": 302, "host": 302}),
    ("copy", CLINIC + "copy/", {**MEMBERS_SEE, "member": 302, "group_member": 302, "host": 302}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "url", "statuses"), POSTS, ids=[p[0] for p in POSTS])
def test_each_form_answers_each_persona(world, own, persona, name, url, statuses):
    before = set(Practice.objects.values_list("pk", "name", "updated_at"))
    response = world.client_for(persona).post(url, form(own, name="Changed"))
    assert response.status_code == statuses[persona]
    changed = set(Practice.objects.values_list("pk", "name", "updated_at")) != before
    assert changed is (response.status_code == 302 and persona != "anonymous")


@pytest.mark.parametrize("persona", PERSONAS)
def test_importing_answers_each_persona(world, persona):
    upload = SimpleUploadedFile("walk.yaml", yaml.safe_dump(practice_data()).encode())
    response = world.client_for(persona).post(LIBRARY + "import/", {"file": upload})
    expected = {**MEMBERS_SEE, "member": 302, "group_member": 302, "host": 302}[persona]
    assert response.status_code == expected
    imported = Practice.objects.filter(community=world.community).exists()
    assert imported is (expected == 302 and persona != "anonymous")


@pytest.mark.parametrize("url", [LIBRARY, CLINIC])
def test_the_builtins_are_refused_to_outsiders_too(world, url):
    # Built-ins are public knowledge, but the library is a page of the community.
    assert world.client_for("outsider").get(url).status_code == 404


# The library and a practice --------------------------------------------------------------------


def test_the_library_lists_builtins_and_the_communitys_own_with_their_length(world, own):
    page = world.client_for("group_member").get(LIBRARY).content.decode()
    assert "Walk and talk" in page
    assert "2 steps" in page
    assert "22 min" in page
    assert "Case clinic" in page
    assert "40 min" in page
    assert page.count('href="/c/river-commons/practices/') >= 11


def test_the_community_tabs_link_to_the_library(world):
    page = world.client_for("member").get(LIBRARY).content.decode()
    assert f'<a href="{LIBRARY}" aria-current="page">Practices</a>' in page
    assert (
        f'href="{LIBRARY}"' in world.client_for("member").get("/c/river-commons/").content.decode()
    )


def test_a_practice_shows_its_timeline_and_roles(world):
    page = world.client_for("member").get(CLINIC).content.decode()
    assert "Built-in practice" in page
    assert "case giver" in page
    assert "rotates each session" in page
    assert "minute 3 to 13 (10 min)" in page  # "Tell the story", after 3 minutes of choosing
    assert "Copy to adapt it" in page
    assert "/edit/" not in page


def test_the_author_sees_edit_and_remove_but_others_do_not(world, own):
    assert "Remove from the library" in world.client_for("member").get(OWN).content.decode()
    assert "/edit/" not in world.client_for("group_member").get(OWN).content.decode()


@pytest.mark.parametrize("persona", ["member", "host"])
def test_the_library_keeps_its_query_budget_however_many_practices(
    world, persona, django_assert_max_num_queries
):
    client = world.client_for(persona)
    for n in range(3):
        actions.create_practice(world.member, world.community, practice_data(f"Small {n}"))
    with django_assert_max_num_queries(LIBRARY_BUDGET):
        assert client.get(LIBRARY).status_code == 200
    for n in range(37):
        actions.create_practice(world.member, world.community, practice_data(f"More {n}"))
    with django_assert_max_num_queries(LIBRARY_BUDGET):
        page = client.get(LIBRARY)
    assert page.content.decode().count("More ") == 37


def test_a_long_library_is_paged(world):
    for n in range(55):
        actions.create_practice(world.member, world.community, practice_data(f"P{n:02}"))
    client = world.client_for("member")
    assert "Page 1 of 2" in client.get(LIBRARY).content.decode()
    assert "P54" in client.get(LIBRARY + "?page=2").content.decode()


# Adding and editing ----------------------------------------------------------------------------


def test_a_member_adds_a_practice_with_the_form(world):
    response = world.client_for("member").post(LIBRARY + "new/", form())
    assert response["Location"] == OWN
    practice = Practice.objects.get(community=world.community)
    assert from_model(practice) == load_file(
        json.dumps(practice_data() | {"slug": "walk-and-talk"})
    )


def test_the_form_shows_a_yaml_mistake_under_its_field(world):
    response = world.client_for("member").post(
        LIBRARY + "new/", form(steps="- title: Walk\n  minutes: [\n")
    )
    assert response.status_code == 400
    assert "steps is not valid YAML (line 3)" in response.content.decode()
    assert not Practice.objects.filter(community=world.community).exists()


def test_the_form_names_the_bad_step(world):
    steps = yaml.safe_dump([{"title": "Walk", "minutes": 2}, {"title": "Sit", "minutes": 500}])
    response = world.client_for("member").post(LIBRARY + "new/", form(steps=steps))
    assert response.status_code == 400
    assert "steps[2].minutes must be a whole number from 1 to 240" in response.content.decode()


def test_the_form_refuses_a_role_that_is_not_declared(world):
    response = world.client_for("member").post(LIBRARY + "new/", form(roles=""))
    assert response.status_code == 400
    assert "names the role “walker”, which is not declared" in response.content.decode()


def test_the_edit_form_starts_from_the_practice(world, own):
    page = world.client_for("member").get(OWN + "edit/").content.decode()
    assert "Walk and talk" in page
    assert "title: Pair up" in page
    assert own.updated_at.isoformat() in page


def test_editing_saves_the_changes(world, own):
    response = world.client_for("host").post(OWN + "edit/", form(own, name="Stroll"))
    assert response["Location"] == OWN
    own.refresh_from_db()
    assert own.name == "Stroll"


def test_a_stale_edit_is_refused_with_a_clear_message_and_the_text_kept(world, own):
    opened = form(own, name="The member's version")
    world.client_for("host").post(OWN + "edit/", form(own, name="The host's version"))
    response = world.client_for("member").post(OWN + "edit/", opened)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Someone else changed this practice after you opened it" in page
    assert "The member&#x27;s version" in page
    own.refresh_from_db()
    assert own.name == "The host's version"


@pytest.mark.parametrize("stamp", ["2026-02-30T10:00:00", "2026-13-01T00:00:00", "yesterday"])
def test_a_damaged_version_stamp_is_refused_and_saves_nothing(world, own, stamp):
    # parse_datetime raises ValueError for a well-formed but impossible date.
    response = world.client_for("member").post(OWN + "edit/", form(own, name="X", updated_at=stamp))
    assert response.status_code == 409
    assert "The form was damaged" in response.content.decode()
    own.refresh_from_db()
    assert own.name == "Walk and talk"


def test_copying_a_builtin_opens_the_copy_for_editing(world):
    response = world.client_for("group_member").post(CLINIC + "copy/")
    assert response["Location"] == LIBRARY + "case-clinic-2/edit/"
    page = world.client_for("group_member").get(response["Location"]).content.decode()
    assert "Case clinic (our version)" in page


def test_deleting_returns_to_the_library(world, own):
    response = world.client_for("member").post(OWN + "delete/")
    assert response["Location"] == LIBRARY
    assert not Practice.objects.filter(pk=own.pk).exists()


# Import and export -----------------------------------------------------------------------------


def test_a_file_is_imported_from_an_upload(world):
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    upload = SimpleUploadedFile("clinic.json", dump(clinic, "json").encode())
    response = world.client_for("member").post(LIBRARY + "import/", {"file": upload})
    assert response["Location"] == LIBRARY + "case-clinic-2/"
    copy = Practice.objects.get(community=world.community)
    assert (copy.steps, copy.roles) == (clinic.steps, clinic.roles)


def test_a_bad_upload_is_explained_on_the_form(world):
    upload = SimpleUploadedFile("bad.yaml", b"name: Tea\nsteps:\n  - title: Brew\n")
    response = world.client_for("member").post(LIBRARY + "import/", {"file": upload})
    assert response.status_code == 400
    assert "steps[1].minutes is missing" in response.content.decode()
    assert not Practice.objects.filter(community=world.community).exists()


def test_a_huge_upload_is_refused(world):
    upload = SimpleUploadedFile("big.yaml", b"#" * (300 * 1024))
    response = world.client_for("member").post(LIBRARY + "import/", {"file": upload})
    assert response.status_code == 400
    assert "at most 256 KB" in response.content.decode()


@pytest.mark.parametrize(
    ("format", "content_type"), [("yaml", "application/yaml"), ("json", "application/json")]
)
def test_export_downloads_a_file_that_imports_back_equal(world, own, format, content_type):
    response = world.client_for("member").get(f"{OWN}export/?format={format}")
    assert response["Content-Type"].startswith(content_type)
    assert response["Content-Disposition"] == f'attachment; filename="walk-and-talk.{format}"'
    assert load_file(response.content) == from_model(own)


def test_export_refuses_an_unknown_format(world):
    assert world.client_for("member").get(CLINIC + "export/?format=xml").status_code == 400
