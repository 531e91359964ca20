"""Calling a group: the form, where it may go, and bad input."""

import pytest

from murmuration.communities import actions
from murmuration.communities.models import Group, GroupMembership
from tests.conftest import PERSONAS
from tests.web.conftest import SECRET

PAGE = {"anonymous": 302, "outsider": 404, "member": 200, "group_member": 200, "host": 200}
CALL = {"anonymous": 302, "outsider": 404, "member": 302, "group_member": 302, "host": 302}
GOOD = {
    "name": "Evening Crew",
    "purpose": "Evenings by the river",
    "parent": "",
    "join_policy": "open",
    "intended_band": "crew",
}


def url(world):
    return f"/c/{world.community.slug}/groups/new/"


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_the_form_to_members(world, persona):
    assert world.client_for(persona).get(url(world)).status_code == PAGE[persona]


def test_it_labels_every_field(world):
    content = world.client_for("member").get(url(world)).content.decode()
    for field in ("name", "purpose", "parent", "join_policy", "is_private", "intended_band"):
        assert f'<label for="id_{field}"' in content


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_lets_members_call_a_group_and_makes_them_its_caller(world, persona):
    response = world.client_for(persona).post(url(world), GOOD)
    assert response.status_code == CALL[persona]
    group = Group.objects.filter(name="Evening Crew").first()
    if CALL[persona] == 302 and persona != "anonymous":
        assert group is not None
        assert response["Location"] == f"/c/{world.community.slug}/g/{group.slug}/"
        assert group.caller == world.user_for(persona)
        assert GroupMembership.objects.filter(group=group, user=group.caller).exists()
    else:
        assert group is None


def test_it_offers_only_parents_the_person_may_call_inside(world):
    # The plain member is in no group, so only the top level is offered.
    member_form = world.client_for("member").get(url(world)).context["form"]
    assert [value for value, _label in member_form.fields["parent"].choices] == [""]
    crew_form = world.client_for("group_member").get(url(world)).context["form"]
    offered = {label for _value, label in crew_form.fields["parent"].choices}
    assert {"Morning Crew", SECRET} <= offered


def test_it_never_names_a_private_group_in_the_form_of_someone_outside_it(world):
    assert SECRET not in world.client_for("member").get(url(world)).content.decode()


def test_it_calls_a_group_inside_another(world):
    data = {**GOOD, "parent": str(world.crew.pk)}
    world.client_for("group_member").post(url(world), data)
    assert Group.objects.get(name="Evening Crew").parent == world.crew


def test_it_prefills_the_parent_from_the_address(world):
    response = world.client_for("group_member").get(url(world) + f"?parent={world.crew.pk}")
    assert f'<option value="{world.crew.pk}" selected>' in response.content.decode()


@pytest.mark.parametrize("parent", ["crew", "private_crew", "missing"])
def test_it_refuses_a_parent_the_person_may_not_call_inside(world, parent):
    # The plain member is not in the crew, and the private crew is hidden from them.
    parent_id = getattr(world, parent).pk if parent != "missing" else 999
    response = world.client_for("member").post(url(world), {**GOOD, "parent": parent_id})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert SECRET not in response.content.decode()
    assert not Group.objects.filter(name="Evening Crew").exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "This field is required"),
        ("purpose", "x" * 2001, "at most 2000 characters"),
        ("join_policy", "whenever", "Select a valid choice"),
        ("intended_band", "galaxy", "Select a valid choice"),
    ],
)
def test_it_refuses_bad_input_and_creates_nothing(world, field, value, message):
    response = world.client_for("member").post(url(world), {**GOOD, field: value})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Group.objects.count() == 2


def test_it_makes_a_private_group_when_asked(world):
    world.client_for("member").post(url(world), {**GOOD, "is_private": "on"})
    assert Group.objects.get(name="Evening Crew").is_private


def test_it_calls_groups_inside_groups_the_caller_joined_later(world):
    actions.join_group(world.member, world.crew)
    response = world.client_for("member").post(url(world), {**GOOD, "parent": world.crew.pk})
    assert response.status_code == 302


def test_it_labels_each_possible_parent_with_its_path(world):
    actions.call_group(world.group_member, world.community, name="Tea Pod", parent=world.crew)
    form = world.client_for("group_member").get(url(world)).context["form"]
    labels = [label for _value, label in form.fields["parent"].choices]
    assert "Morning Crew › Tea Pod" in labels
