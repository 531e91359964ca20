"""Practice actions: who may change the library, clear refusals, and nothing half-saved."""

from datetime import timedelta

import pytest
import yaml

from murmuration.errors import ActionError, Conflict, NotAllowed
from murmuration.rhythms import practice_actions as actions
from murmuration.rhythms.models import Practice
from murmuration.rhythms.practices import dump
from tests.conftest import PERSONAS


def data(name: str = "Walk and talk", **extra: object) -> dict:
    return {
        "name": name,
        "roles": [{"name": "walker", "rotates": True}],
        "steps": [
            {"title": "Pair up", "minutes": 2},
            {"title": "Walk", "minutes": 20, "role": "walker"},
        ],
        **extra,
    }


def own(world) -> Practice:
    """A practice the member added to the world's community."""
    return actions.create_practice(world.member, world.community, data())


def community_practices(world):
    return Practice.objects.filter(community=world.community)


# Creating --------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_it_lets_members_add_practices(world, persona):
    user = world.user_for(persona)
    if persona == "outsider":
        with pytest.raises(NotAllowed):
            actions.create_practice(user, world.community, data())
        assert not community_practices(world).exists()
        return
    practice = actions.create_practice(user, world.community, data())
    assert practice.community == world.community
    assert practice.created_by == user
    assert practice.slug == "walk-and-talk"
    assert practice.steps[1] == {"title": "Walk", "minutes": 20, "guidance": "", "role": "walker"}


def test_it_saves_nothing_from_an_invalid_practice(world):
    bad = data()
    bad["steps"][1]["minutes"] = 0
    with pytest.raises(ActionError) as raised:
        actions.create_practice(world.member, world.community, bad)
    assert raised.value.field == "steps[2].minutes"
    assert raised.value.status == 400
    assert not community_practices(world).exists()


def test_it_numbers_a_slug_made_from_a_taken_name(world):
    first = actions.create_practice(world.member, world.community, data())
    second = actions.create_practice(world.member, world.community, data())
    assert (first.slug, second.slug) == ("walk-and-talk", "walk-and-talk-2")


def test_it_keeps_community_slugs_apart_from_builtin_ones(world):
    practice = actions.create_practice(world.member, world.community, data("Case clinic"))
    assert practice.slug == "case-clinic-2"


@pytest.mark.parametrize("slug", ["walk-and-talk", "case-clinic", "new", "import"])
def test_it_refuses_a_chosen_slug_that_is_taken(world, slug):
    own(world)
    before = community_practices(world).count()
    with pytest.raises(Conflict) as raised:
        actions.create_practice(world.member, world.community, data(slug=slug))
    assert raised.value.field == "slug"
    assert f"“{slug}” is already used" in raised.value.message
    assert community_practices(world).count() == before


def test_another_community_may_use_the_same_slug(world):
    other = world.community.__class__.objects.create(name="Other", slug="other")
    other.memberships.create(user=world.member)
    own(world)
    assert actions.create_practice(world.member, other, data()).slug == "walk-and-talk"


# Changing --------------------------------------------------------------------------------------

CHANGE = {
    "anonymous": False,
    "outsider": False,
    "member": True,  # the author
    "group_member": False,
    "host": True,
}


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_only_the_author_and_hosts_change_a_practice(world, persona):
    practice = own(world)
    user = world.user_for(persona)
    if not CHANGE[persona]:
        with pytest.raises(NotAllowed):
            actions.update_practice(user, practice, data("Renamed"))
        with pytest.raises(NotAllowed):
            actions.delete_practice(user, practice)
        practice.refresh_from_db()
        assert practice.name == "Walk and talk"
        return
    updated = actions.update_practice(user, practice, data("Renamed"))
    assert updated.name == "Renamed"
    assert updated.slug == "walk-and-talk"  # kept: the data named no slug
    assert updated.updated_at > practice.updated_at
    actions.delete_practice(user, updated)
    assert not community_practices(world).exists()


def test_builtins_cannot_be_changed_even_by_hosts(world):
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    with pytest.raises(NotAllowed, match="make a copy"):
        actions.update_practice(world.host, clinic, data())
    with pytest.raises(NotAllowed):
        actions.delete_practice(world.host, clinic)
    assert Practice.objects.get(pk=clinic.pk).name == "Case clinic"


def test_a_stale_edit_is_refused_and_the_newer_version_kept(world):
    practice = own(world)
    opened_at = practice.updated_at
    actions.update_practice(world.host, practice, data("The host's name"))
    with pytest.raises(Conflict) as raised:
        actions.update_practice(
            world.member, practice, data("The member's name"), expected_updated_at=opened_at
        )
    assert raised.value.status == 409
    assert "Someone else changed this practice after you opened it" in raised.value.message
    assert "Nothing was saved" in raised.value.message
    practice.refresh_from_db()
    assert practice.name == "The host's name"


def test_a_current_edit_goes_through_even_at_millisecond_precision(world):
    practice = own(world)
    # What a JSON client read back: the time cut to the millisecond.
    seen = practice.updated_at.replace(microsecond=practice.updated_at.microsecond // 1000 * 1000)
    updated = actions.update_practice(
        world.member, practice, data("Fresh"), expected_updated_at=seen
    )
    assert updated.name == "Fresh"
    with pytest.raises(Conflict):
        actions.update_practice(
            world.member, updated, data(), expected_updated_at=seen - timedelta(seconds=1)
        )


def test_an_invalid_update_leaves_the_practice_alone(world):
    practice = own(world)
    with pytest.raises(ActionError) as raised:
        actions.update_practice(world.member, practice, data(steps=[]))
    assert raised.value.field == "steps"
    practice.refresh_from_db()
    assert len(practice.steps) == 2


def test_a_slug_can_change_to_a_free_one_only(world):
    practice = own(world)
    actions.create_practice(world.member, world.community, data("Other"))
    with pytest.raises(Conflict):
        actions.update_practice(world.member, practice, data(slug="other"))
    moved = actions.update_practice(world.member, practice, data(slug="strolling"))
    assert moved.slug == "strolling"


# Importing -------------------------------------------------------------------------------------


def test_importing_a_taken_slug_adds_a_numbered_practice(world):
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    text = dump(clinic)
    first = actions.import_practice(world.member, world.community, text)
    second = actions.import_practice(world.member, world.community, text)
    assert (first.slug, second.slug) == ("case-clinic-2", "case-clinic-3")
    assert first.steps == clinic.steps
    assert first.created_by == world.member


def test_importing_a_bad_file_names_the_problem_and_saves_nothing(world):
    with pytest.raises(ActionError) as raised:
        actions.import_practice(world.member, world.community, "name: Tea\nsteps: nope\n")
    assert raised.value.message == "steps must be a list"
    assert raised.value.field == "steps"
    with pytest.raises(ActionError) as raised:
        actions.import_practice(world.member, world.community, "name: [")
    assert raised.value.field == "file"
    assert not community_practices(world).exists()


def test_importing_several_adds_all_or_none(world):
    good = yaml.safe_dump(data())
    bad = yaml.safe_dump(data(steps=[{"title": "x", "minutes": 999}]))
    with pytest.raises(ActionError, match="Practice 3 in the file"):
        actions.import_practices(world.member, world.community, "---\n".join([good, good, bad]))
    assert not community_practices(world).exists()
    added = actions.import_practices(world.member, world.community, "---\n".join([good, good]))
    assert [p.slug for p in added] == ["walk-and-talk", "walk-and-talk-2"]


def test_outsiders_cannot_import(world):
    with pytest.raises(NotAllowed):
        actions.import_practice(world.outsider, world.community, yaml.safe_dump(data()))


# Copying a built-in ----------------------------------------------------------------------------


def test_a_member_copies_a_builtin_and_may_then_adapt_it(world):
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    copy = actions.copy_builtin(world.group_member, world.community, clinic)
    assert copy.community == world.community
    assert copy.name == "Case clinic (our version)"
    assert copy.slug == "case-clinic-2"
    assert (copy.steps, copy.roles) == (clinic.steps, clinic.roles)
    changed = actions.update_practice(world.group_member, copy, data("Our clinic"))
    assert changed.name == "Our clinic"
    assert Practice.objects.get(pk=clinic.pk).name == "Case clinic"


def test_only_builtins_are_copied(world):
    with pytest.raises(ActionError, match="Only built-in practices"):
        actions.copy_builtin(world.member, world.community, own(world))


def test_outsiders_cannot_copy(world):
    clinic = Practice.objects.get(community=None, slug="case-clinic")
    with pytest.raises(NotAllowed):
        actions.copy_builtin(world.outsider, world.community, clinic)


# Finding ---------------------------------------------------------------------------------------


def test_a_community_practice_wins_over_a_builtin_with_the_same_slug(world):
    # As if a later release added a built-in with a slug the community already used.
    Practice.objects.create(community=world.community, slug="triz", name="Our TRIZ", steps=[])
    assert actions.practice_for(world.community, "triz").name == "Our TRIZ"
    other = world.community.__class__.objects.create(name="Other", slug="other")
    assert actions.practice_for(other, "triz").name == "TRIZ"
