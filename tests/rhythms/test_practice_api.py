"""/api/v1/communities/{slug}/practices: access for every persona, bodies, errors and budgets."""

import pytest
import yaml

from murmuration.rhythms import practice_actions as actions
from murmuration.rhythms.models import Practice
from murmuration.rhythms.practices import dump, from_model, load_file
from tests.api.conftest import COMMUNITY, access, api_for
from tests.conftest import PERSONAS
from tests.web.conftest import make_listed

LIBRARY = COMMUNITY + "/practices"
OWN = LIBRARY + "/walk-and-talk"
CLINIC = LIBRARY + "/case-clinic"
LIST_BUDGET = 7

MEMBERS = {"anonymous": 401, "outsider": 404, "member": 200, "group_member": 200, "host": 200}


def body(name: str = "Walk and talk", **extra: object) -> dict:
    return {
        "name": name,
        "roles": [{"name": "walker", "description": "Sets the pace.", "rotates": True}],
        "steps": [
            {"title": "Pair up", "minutes": 2, "guidance": "Find someone."},
            {"title": "Walk", "minutes": 20, "role": "walker"},
        ],
        **extra,
    }


@pytest.fixture
def own(world) -> Practice:
    return actions.create_practice(world.member, world.community, body())


# Access ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LIBRARY, CLINIC, OWN, CLINIC + "/export", OWN + "/export"])
@access(**MEMBERS)
def test_reading_is_for_members(world, own, path, persona, status):
    assert api_for(world, persona).get(path).status_code == status


@pytest.mark.parametrize("path", [LIBRARY, CLINIC])
def test_a_listed_community_refuses_outsiders(world, path):
    make_listed(world.community)
    response = api_for(world, "outsider").get(path)
    assert response.status_code == 403
    assert response.json()["detail"] == "Only members of River Commons can see its practices."


@access(**{**MEMBERS, "member": 201, "group_member": 201, "host": 201})
def test_members_add_practices(world, persona, status):
    response = api_for(world, persona).post(LIBRARY, body())
    assert response.status_code == status
    assert Practice.objects.filter(community=world.community).exists() is (status == 201)


@access(**{**MEMBERS, "member": 201, "group_member": 201, "host": 201})
def test_members_import_practices(world, persona, status):
    text = yaml.safe_dump(body())
    response = api_for(world, persona).post(LIBRARY + "/import", {"text": text})
    assert response.status_code == status


@access(**{**MEMBERS, "member": 201, "group_member": 201, "host": 201})
def test_members_copy_builtins(world, persona, status):
    response = api_for(world, persona).post(CLINIC + "/copy")
    assert response.status_code == status
    if status == 201:
        assert response.json()["slug"] == "case-clinic-2"
        assert response.json()["can_change"] is True


@access(anonymous=401, outsider=404, member=200, group_member=403, host=200)
def test_the_author_and_hosts_change_a_practice(world, own, persona, status):
    response = api_for(world, persona).patch(OWN, {"name": "Stroll"})
    assert response.status_code == status
    own.refresh_from_db()
    assert (own.name == "Stroll") is (status == 200)


@access(anonymous=401, outsider=404, member=204, group_member=403, host=204)
def test_the_author_and_hosts_delete_a_practice(world, own, persona, status):
    assert api_for(world, persona).delete(OWN).status_code == status
    assert Practice.objects.filter(pk=own.pk).exists() is (status != 204)


@pytest.mark.parametrize("persona", PERSONAS[2:])
def test_nobody_changes_or_deletes_a_builtin(world, persona):
    api = api_for(world, persona)
    response = api.patch(CLINIC, {"name": "Mine now"})
    assert response.status_code == 403
    assert "make a copy" in response.json()["detail"]
    assert api.delete(CLINIC).status_code == 403
    assert Practice.objects.get(community=None, slug="case-clinic").name == "Case clinic"


# Reading ---------------------------------------------------------------------------------------


def test_the_list_has_builtins_and_the_communitys_own_with_their_length(world, own):
    items = api_for(world, "member").get(LIBRARY).json()["items"]
    by_slug = {item["slug"]: item for item in items}
    assert len(items) == 13
    assert by_slug["walk-and-talk"] | {"updated_at": None} == {
        "id": own.pk,
        "slug": "walk-and-talk",
        "name": "Walk and talk",
        "summary": "",
        "is_builtin": False,
        "is_retrospective": False,
        "step_count": 2,
        "total_minutes": 22,
        "updated_at": None,
    }
    assert by_slug["case-clinic"]["is_builtin"] is True


def test_a_builtin_is_reachable_with_its_steps_and_roles(world):
    clinic = api_for(world, "group_member").get(CLINIC).json()
    assert clinic["is_builtin"] is True
    assert clinic["can_change"] is False
    assert clinic["step_count"] == len(clinic["steps"]) >= 5
    assert {"name": "case giver", "rotates": True}.items() <= clinic["roles"][0].items()


@pytest.mark.parametrize("via", ["token", "session"])
def test_the_list_keeps_its_query_budget_however_many_practices(
    world, via, django_assert_max_num_queries
):
    api = api_for(world, "member", via)
    for n in range(3):
        actions.create_practice(world.member, world.community, body(f"Small {n}"))
    with django_assert_max_num_queries(LIST_BUDGET):
        small = api.get(LIBRARY, limit=200)
    for n in range(37):
        actions.create_practice(world.member, world.community, body(f"More {n}"))
    with django_assert_max_num_queries(LIST_BUDGET):
        large = api.get(LIBRARY, limit=200)
    assert (small.json()["count"], large.json()["count"]) == (15, 52)
    assert len(large.json()["items"]) == 52


def test_the_list_is_paged(world, own):
    page = api_for(world, "member").get(LIBRARY, limit=4, offset=8).json()
    assert page["count"] == 13
    assert len(page["items"]) == 4


# Writing ---------------------------------------------------------------------------------------


def test_a_bad_practice_gets_a_message_naming_its_field(world):
    bad = body()
    bad["steps"][1]["role"] = "runner"
    response = api_for(world, "member").post(LIBRARY, bad)
    assert response.status_code == 400
    assert response.json() == {
        "detail": "steps[2].role names the role “runner”, which is not declared under roles",
        "field": "steps[2].role",
    }
    assert not Practice.objects.filter(community=world.community).exists()


def test_a_body_of_the_wrong_shape_is_refused_before_anything_runs(world):
    bad = body()
    bad["steps"][0]["minutes"] = "2"
    bad["colour"] = "blue"
    response = api_for(world, "member").post(LIBRARY, bad)
    assert response.status_code == 422
    where = {tuple(error["loc"][-3:]) for error in response.json()["detail"]}
    assert ("steps", 0, "minutes") in where
    assert ("body", "payload", "colour") in where


def test_a_chosen_slug_that_is_taken_is_a_conflict(world, own):
    response = api_for(world, "member").post(LIBRARY, body(slug="walk-and-talk"))
    assert response.status_code == 409
    assert response.json()["field"] == "slug"


def test_a_patch_changes_only_what_it_sends(world, own):
    response = api_for(world, "member").patch(OWN, {"summary": "Outside, in pairs."})
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.summary == "Outside, in pairs."
    assert own.name == "Walk and talk"
    assert len(own.steps) == 2


def test_a_stale_patch_is_a_conflict_with_a_clear_message(world, own):
    api = api_for(world, "member")
    seen = api.get(OWN).json()["updated_at"]
    assert api.patch(OWN, {"name": "First", "expected_updated_at": seen}).status_code == 200
    response = api.patch(OWN, {"name": "Second", "expected_updated_at": seen})
    assert response.status_code == 409
    assert "Someone else changed this practice" in response.json()["detail"]
    own.refresh_from_db()
    assert own.name == "First"


def test_what_the_api_returns_can_be_sent_back(world, own):
    api = api_for(world, "member")
    read = api.get(OWN).json()
    sent = {key: read[key] for key in ("name", "summary", "is_retrospective", "roles", "steps")}
    response = api.post(LIBRARY, sent)
    assert response.status_code == 201
    copy = Practice.objects.get(slug=response.json()["slug"])
    assert (copy.steps, copy.roles) == (own.steps, own.roles)


def test_importing_text_adds_a_numbered_practice_when_the_slug_is_taken(world):
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    response = api_for(world, "host").post(
        LIBRARY + "/import", {"text": dump(clinic, "json"), "format": "json"}
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "case-clinic-2"
    # Steps without a role show it as null, which reads back the same.
    assert response.json()["steps"] == [{"role": None} | step for step in clinic.steps]


def test_importing_a_bad_file_names_the_problem(world):
    response = api_for(world, "member").post(LIBRARY + "/import", {"text": "name: Tea\n"})
    assert response.status_code == 400
    assert response.json() == {"detail": "steps is missing", "field": "steps"}


@pytest.mark.parametrize("format", ["yaml", "json"])
def test_export_is_a_file_attachment_that_imports_back_equal(world, own, format):
    response = api_for(world, "member").get(OWN + "/export", format=format)
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="walk-and-talk.{format}"'
    assert load_file(response.content, format) == from_model(own)


def test_export_refuses_an_unknown_format(world):
    assert api_for(world, "member").get(CLINIC + "/export", format="xml").status_code == 422
