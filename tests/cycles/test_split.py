"""Splitting a group that outgrew its band: the engine divides it in two halves that can each
meet, the new half becomes a sibling group with its own rhythm, and the lineage remembers."""

from datetime import timedelta

import pytest

from murmuration.accounts.availability import to_utc_slots
from murmuration.communities.models import Group, GroupMembership
from murmuration.cycles import actions
from murmuration.cycles.models import Lineage
from murmuration.cycles.splitting import meeting_slots, plan_split, session_minutes
from murmuration.errors import ActionError, Conflict, NotAllowed
from murmuration.rhythms.models import Rhythm
from tests.api.conftest import api_for

from .conftest import MONDAY, add_to_crew, running, weekly

# Monday 18:00-21:00 and Thursday 12:00-14:00 local time, as half-hour slots.
MONDAY_EVENING = list(range(36, 42))
THURSDAY_NOON = list(range(3 * 48 + 24, 3 * 48 + 28))


@pytest.fixture
def big_crew(pod):
    """Eight people in a crew meant for 3 to 6: half free on Monday evenings, half at noon."""
    for n in range(5):
        add_to_crew(pod.world, f"extra{n}@example.org", f"Extra {n}")
    for n, membership in enumerate(GroupMembership.objects.filter(group=pod.group)):
        person = membership.user
        person.availability = MONDAY_EVENING if n % 2 else THURSDAY_NOON
        person.time_zone = "Europe/London"
        person.save()
    weekly(pod)
    return pod


def test_the_engine_splits_eight_into_two_halves_who_can_each_meet(big_crew):
    group = big_crew.group
    plan = plan_split(group)
    assert sorted([len(plan.stay.members), len(plan.move.members)]) == [4, 4]
    assert not plan.unplaced
    assert group.caller in plan.stay.members
    rhythm = Rhythm.objects.get(group=group)
    common = meeting_slots(rhythm, MONDAY)
    length = session_minutes(rhythm) // 30
    for half in (plan.stay, plan.move):
        needed = {(half.slot + k) % 336 for k in range(length)}
        for person in half.members:
            free = set(to_utc_slots(person.availability, person.time_zone, MONDAY.date())) | common
            assert needed <= free, (person, half.slot)


def test_splitting_makes_a_sibling_group_with_its_own_rhythm_and_a_lineage(big_crew):
    pod = big_crew
    plan = actions.preview_split(pod.ana, pod.group)
    new = actions.split_group(pod.ana, pod.group, name="Evening Crew", expected=plan.fingerprint)
    moved = {u.pk for u in plan.move.members}
    assert set(new.memberships.values_list("user_id", flat=True)) == moved
    assert not GroupMembership.objects.filter(group=pod.group, user_id__in=moved).exists()
    assert (new.parent_id, new.intended_band, new.caller_id) == (
        pod.group.parent_id,
        pod.group.intended_band,
        plan.move.members[0].pk,
    )
    link = Lineage.objects.get(child=new)
    assert (link.parent, link.kind, link.created_by) == (pod.group, "split", pod.ana)
    rhythm = Rhythm.objects.get(group=new)
    first = rhythm.sessions.order_by("starts_at").first()
    assert first.starts_at.weekday() * 48 + first.starts_at.hour * 2 == plan.move.slot
    assert rhythm.duration_minutes == 60 and rhythm.rrule == "FREQ=WEEKLY"


def test_a_group_within_its_band_does_not_split(pod):
    with pytest.raises(ActionError, match="outgrown"):
        actions.preview_split(pod.ana, pod.group)
    assert Group.objects.count() == 2


def test_a_group_splits_only_between_commitments(big_crew):
    running(big_crew, Rhythm.objects.get(group=big_crew.group))
    with pytest.raises(ActionError, match="before splitting"):
        actions.split_group(big_crew.ana, big_crew.group)
    assert not Lineage.objects.exists()


@pytest.mark.parametrize("persona", ["host", "member"])
def test_only_the_groups_members_split_it(big_crew, persona):
    with pytest.raises(NotAllowed):
        actions.split_group(getattr(big_crew.world, persona), big_crew.group)
    assert not Lineage.objects.exists()


def test_a_split_someone_else_changed_meanwhile_is_refused(big_crew):
    plan = actions.preview_split(big_crew.ana, big_crew.group)
    add_to_crew(big_crew.world, "late@example.org", "Late Comer")
    with pytest.raises(Conflict, match="changed since you looked"):
        actions.split_group(big_crew.ana, big_crew.group, expected=plan.fingerprint)
    assert Group.objects.count() == 2
    assert not Lineage.objects.exists()


def test_the_split_page_shows_the_plan_and_splits(big_crew):
    client = big_crew.world.client_for("group_member")
    url = f"/c/river-commons/g/{big_crew.group.slug}/split/"
    page = client.get(url)
    assert page.status_code == 200
    plan = plan_split(big_crew.group)
    assert plan.fingerprint in page.content.decode()
    response = client.post(url, {"name": "Evening Crew", "plan": plan.fingerprint})
    new = Group.objects.get(name="Evening Crew")
    assert response.status_code == 302 and response["Location"] == new.get_absolute_url()
    lineage = client.get("/c/river-commons/lineage/").content.decode()
    assert "Evening Crew" in lineage and "Morning Crew" in lineage


def test_the_lineage_hides_a_private_group_and_its_links(pod):
    world = pod.world
    Lineage.objects.create(child=world.private_crew, parent=world.crew, kind="split")
    member_view = world.client_for("member").get("/c/river-commons/lineage/").content.decode()
    assert "Secret Garden" not in member_view
    assert "No group has grown from another yet." in member_view
    host_view = world.client_for("host").get("/c/river-commons/lineage/").content.decode()
    assert "Secret Garden" in host_view
    listed = api_for(world, "member", "token").get("/communities/river-commons/lineage").json()
    assert listed["items"] == []


def test_the_split_keeps_the_week_it_was_planned_for(big_crew, clock):
    """Planned on a Monday, the new rhythm starts in the days after, not in the past."""
    actions.split_group(big_crew.ana, big_crew.group, name="Evening Crew")
    new = Group.objects.get(name="Evening Crew")
    first = Rhythm.objects.get(group=new).start_date
    assert MONDAY.date() < first <= MONDAY.date() + timedelta(days=7)


def test_growth_is_recorded_once_per_group_within_a_community(pod):
    world = pod.world
    link = actions.record_growth(world.private_crew, world.crew, "seeded", created_by=pod.ana)
    assert (link.kind, link.parent) == ("seeded", world.crew)
    with pytest.raises(Conflict):
        actions.record_growth(world.private_crew, world.crew, "split")
    with pytest.raises(ActionError):
        actions.record_growth(world.crew, world.crew, "split")
    assert Lineage.objects.count() == 1


def test_a_pod_seeds_only_after_a_completed_cycle_and_only_its_members_seed_it(scene):
    pod = scene.pod
    community = pod.world.community.pk
    assert not actions.seedable_groups(pod.ana, community).exists()
    for person in pod.people:
        actions.choose_review(person, scene.commitment, "continue")
    actions.close_commitment(pod.ana, scene.commitment, "Time to seed.")
    assert list(actions.seedable_groups(pod.ben, community)) == [pod.group]
    assert not actions.seedable_groups(pod.world.member, community).exists()
