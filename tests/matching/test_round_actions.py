"""Rounds end to end through the actions: open, opt in, propose, move, publish."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from murmuration.communities.models import Group, GroupMembership
from murmuration.cycles.models import Commitment
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound
from murmuration.matching import actions, meeting
from murmuration.matching.models import Entry, KeepApart, Pod, Round
from murmuration.rhythms.models import Rhythm

from .conftest import EVENING, add_people, next_monday, open_test_round, opt_everyone_in


def test_it_opens_a_round_with_the_first_week_on_its_monday(world):
    round = open_test_round(world, first_week=next_monday() + timedelta(days=3))
    assert round.first_week == next_monday()
    assert round.first_week.weekday() == 0
    assert round.status == Round.Status.OPEN
    assert round.formats == ["care"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"opt_in_deadline": timezone.now() - timedelta(hours=1)}, "opt_in_deadline"),
        ({"pod_size_min": 1}, "pod_size_min"),
        ({"pod_size_max": 13}, "pod_size_max"),
        ({"pod_size_min": 5, "pod_size_max": 4}, "pod_size_min"),
        ({"session_minutes": 45}, "session_minutes"),
        ({"session_count": 0}, "session_count"),
        ({"formats": []}, "formats"),
        ({"formats": ["karaoke"]}, "formats"),
        ({"name": "  "}, "name"),
        ({"first_week": timezone.now().date() - timedelta(days=7)}, "first_week"),
    ],
)
def test_it_refuses_a_round_with_bad_settings_naming_the_field(world, fields, field):
    with pytest.raises(ActionError) as refused:
        open_test_round(world, **fields)
    assert refused.value.field == field
    assert refused.value.message
    assert not Round.objects.exists()


@pytest.mark.parametrize("persona", ["member", "group_member"])
def test_it_lets_only_hosts_open_rounds(world, persona):
    with pytest.raises(NotAllowed):
        actions.open_round(
            getattr(world, persona),
            world.community,
            name="Mine",
            opt_in_deadline=timezone.now() + timedelta(days=3),
            first_week=next_monday(),
        )


def test_it_hides_the_community_from_an_outsider_who_opens_a_round(world):
    with pytest.raises(NotFound):
        actions.open_round(
            world.outsider,
            world.community,
            name="Mine",
            opt_in_deadline=timezone.now() + timedelta(days=3),
            first_week=next_monday(),
        )


def test_it_takes_an_opt_in_with_availability_in_the_members_zone(world):
    round = open_test_round(world)
    world.member.time_zone = "America/New_York"
    world.member.save()
    entry = actions.opt_in(
        world.member, round, role="caller", format="care", slots=EVENING, keep_apart=[world.host.pk]
    )
    assert entry.time_zone == "America/New_York"
    assert entry.slots == EVENING
    assert list(entry.keep_apart.values_list("other_id", flat=True)) == [world.host.pk]
    # Tuesday 18:00 in New York is Tuesday 23:00 UTC (or 22:00 in summer).
    utc = meeting.utc_slots(round, entry)
    assert min(utc) in (1 * 48 + 44, 1 * 48 + 46)


def test_it_refuses_a_second_opt_in_and_keeps_the_first(world):
    round = open_test_round(world)
    actions.opt_in(world.member, round, role="member", format="care", slots=EVENING)
    with pytest.raises(Conflict) as refused:
        actions.opt_in(world.member, round, role="caller", format="care", slots=[1, 2])
    assert "already" in refused.value.message
    entry = Entry.objects.get()
    assert entry.role == "member" and entry.slots == EVENING


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"role": "boss"}, "role"),
        ({"format": "incubator"}, "format"),
        ({"slots": []}, "slots"),
        ({"slots": [400]}, "slots"),
        ({"keep_apart": [999_999]}, "keep_apart"),
        ({"keep_apart": ["someone"]}, "keep_apart"),
    ],
)
def test_it_refuses_a_bad_opt_in_naming_the_field_and_saves_nothing(world, fields, field):
    round = open_test_round(world)
    values = {"role": "member", "format": "care", "slots": EVENING, **fields}
    with pytest.raises(ActionError) as refused:
        actions.opt_in(world.member, round, **values)
    assert refused.value.field == field
    assert not Entry.objects.exists()
    assert not KeepApart.objects.exists()


def test_it_does_not_say_which_keep_apart_id_is_unknown(world):
    round = open_test_round(world)
    with pytest.raises(ActionError) as refused:
        actions.opt_in(
            world.member,
            round,
            role="member",
            format="care",
            slots=EVENING,
            keep_apart=[world.outsider.pk],
        )
    assert world.outsider.name not in refused.value.message
    assert str(world.outsider.pk) not in refused.value.message


def test_it_refuses_opt_ins_after_the_deadline(world, time_machine):
    round = open_test_round(world)
    time_machine.move_to(round.opt_in_deadline + timedelta(minutes=1))
    with pytest.raises(ActionError) as refused:
        actions.opt_in(world.member, round, role="member", format="care", slots=EVENING)
    assert "deadline" in refused.value.message


def test_it_changes_and_withdraws_an_entry_before_the_deadline(world):
    round = open_test_round(world)
    actions.opt_in(world.member, round, role="member", format="care", slots=EVENING)
    actions.change_entry(world.member, round, role="caller", keep_apart=[world.group_member.pk])
    entry = Entry.objects.get()
    assert entry.role == "caller"
    assert list(entry.keep_apart.values_list("other_id", flat=True)) == [world.group_member.pk]
    actions.change_entry(world.member, round, keep_apart=[])
    assert not KeepApart.objects.exists()
    actions.withdraw(world.member, round)
    assert not Entry.objects.exists()


def test_it_lets_only_the_groups_members_opt_in_to_a_round_inside_it(world):
    round = open_test_round(world, group=world.crew)
    with pytest.raises(NotAllowed):
        actions.opt_in(world.member, round, role="member", format="care", slots=EVENING)
    entry = actions.opt_in(world.group_member, round, role="member", format="care", slots=EVENING)
    assert entry.pk


def test_it_hides_a_round_inside_a_private_group_from_other_members(world):
    round = open_test_round(world, group=world.private_crew)
    with pytest.raises(NotFound):
        actions.opt_in(world.member, round, role="member", format="care", slots=EVENING)


def test_it_records_which_pod_a_caller_seeds_from(world):
    round = open_test_round(world)
    entry = actions.opt_in(
        world.group_member,
        round,
        role="caller",
        format="care",
        slots=EVENING,
        seeded_from=world.crew,
    )
    assert entry.seeded_from == world.crew
    with pytest.raises(ActionError) as refused:
        actions.opt_in(
            world.member, round, role="caller", format="care", slots=EVENING, seeded_from=world.crew
        )
    assert refused.value.field == "seeded_from"


def test_it_proposes_pods_that_share_a_time_and_closes_opt_ins(world):
    round = open_test_round(world)
    people = add_people(world, 8)
    opt_everyone_in(round, people)
    review = actions.propose(world.host, round)
    round.refresh_from_db()
    assert round.status == Round.Status.REVIEWING
    assert len(review.pods) == 2
    for view in review.pods:
        assert 3 <= len(view.entries) <= 4
        assert view.slot is not None
        assert view.start is not None and view.start.weekday() == 1
    assert not review.unplaced
    with pytest.raises(Conflict):
        actions.opt_in(world.member, round, role="member", format="care", slots=EVENING)


def test_it_forms_each_format_on_its_own(world):
    round = open_test_round(world, formats=["care", "incubator"])
    care, incubator = add_people(world, 4, prefix="c"), add_people(world, 4, prefix="i")
    opt_everyone_in(round, care)
    opt_everyone_in(round, incubator, format="incubator")
    review = actions.propose(world.host, round)
    by_format = {view.pod.format: {e.user for e in view.entries} for view in review.pods}
    assert by_format == {"care": set(care), "incubator": set(incubator)}


def test_it_gives_reasons_for_people_it_could_not_place(world):
    round = open_test_round(world)
    people = add_people(world, 4)
    opt_everyone_in(round, people)
    loner = add_people(world, 1, prefix="l")[0]
    actions.opt_in(loner, round, role="member", format="care", slots=[100, 101])
    review = actions.propose(world.host, round)
    assert [e.user for e in review.unplaced] == [loner]
    assert "60 minutes" in review.unplaced[0].unplaced_reason


def test_it_feeds_pods_already_shared_into_the_next_round(world):
    people = add_people(world, 16)
    first = open_test_round(world, pod_size_min=4)
    opt_everyone_in(first, people)
    actions.propose(world.host, first)
    actions.publish(world.host, first)
    met = {frozenset(e.user_id for e in pod.entries.all()) for pod in first.pods.all()}
    second = open_test_round(world, name="Summer round", pod_size_min=4)
    opt_everyone_in(second, people)
    review = actions.propose(world.host, second)
    assert review.repeat_count == 0
    for view in review.pods:
        members = {e.user_id for e in view.entries}
        assert not any(len(members & pod) > 1 for pod in met)


def _proposed(world, count=8):
    round = open_test_round(world)
    people = add_people(world, count)
    opt_everyone_in(round, people)
    actions.propose(world.host, round)
    round.refresh_from_db()
    return round, people


def test_it_moves_a_person_and_bumps_the_version(world):
    round, _people = _proposed(world)
    first, second = Pod.objects.filter(round=round).order_by("number")
    person = first.entries.first().user
    review = actions.move(
        world.host, round, person=person.pk, to=second.pk, expected_version=round.version
    )
    assert Entry.objects.get(round=round, user=person).pod == second
    assert Round.objects.get(pk=round.pk).version == round.version + 1
    assert any(person == e.user for v in review.pods if v.pod == second for e in v.entries)


def test_it_refuses_a_stale_move_and_changes_nothing(world):
    round, _people = _proposed(world)
    first, second = Pod.objects.filter(round=round).order_by("number")
    mover, other = (e.user for e in first.entries.all()[:2])
    actions.move(world.host, round, person=mover.pk, to=second.pk, expected_version=round.version)
    with pytest.raises(Conflict):
        actions.move(world.host, round, person=other.pk, to=None, expected_version=round.version)
    assert Entry.objects.get(round=round, user=other).pod == first


def test_it_refuses_a_move_that_breaks_keep_apart(world):
    round = open_test_round(world)
    people = add_people(world, 8)
    opt_everyone_in(round, people[1:])
    actions.opt_in(people[0], round, role="member", format="care", slots=EVENING)
    actions.propose(world.host, round)
    round.refresh_from_db()
    mine = Entry.objects.get(round=round, user=people[0]).pod
    other_pod = Pod.objects.filter(round=round).exclude(pk=mine.pk).get()
    someone = other_pod.entries.first()
    # The wish is made before proposing in real life; here it is added afterwards to the
    # person now in the other pod, so the move crosses it.
    KeepApart.objects.create(entry=someone, other=people[0])
    with pytest.raises(ActionError) as refused:
        actions.move(world.host, round, person=people[0].pk, to=other_pod.pk)
    assert refused.value.field == "pod"
    assert "kept apart" in refused.value.message
    assert Entry.objects.get(round=round, user=people[0]).pod == mine


def test_it_moves_into_a_new_pod_and_out_of_every_pod(world):
    round, people = _proposed(world)
    person = people[0]
    actions.move(world.host, round, person=person.pk, to=actions.NEW_POD)
    entry = Entry.objects.get(round=round, user=person)
    # A pod of one meets at that one person's time.
    assert entry.pod.number == 3 and entry.pod.slot == 48 + 36
    actions.move(world.host, round, person=person.pk, to=None)
    entry.refresh_from_db()
    assert entry.pod is None and entry.unplaced_reason


def test_it_publishes_pods_as_private_groups_with_a_rhythm_and_a_commitment(
    world, django_capture_on_commit_callbacks
):
    round = open_test_round(world)
    people = add_people(world, 7, time_zone="Europe/Berlin")
    opt_everyone_in(round, people[1:])
    actions.opt_in(people[0], round, role="caller", format="care", slots=EVENING)
    actions.propose(world.host, round)
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish(world.host, round)
    round.refresh_from_db()
    assert round.status == Round.Status.PUBLISHED
    groups = Group.objects.filter(round_pod__round=round)
    assert groups.count() == 2
    led = groups.get(caller=people[0])
    assert led.is_private
    rhythm = Rhythm.objects.get(group=led)
    assert rhythm.time_zone == "Europe/Berlin"
    assert rhythm.start_time.hour == 18
    assert rhythm.start_date.weekday() == 1
    commitment = Commitment.objects.get(group=led)
    assert commitment.rhythm == rhythm and commitment.session_count == 6
    assert commitment.status == Commitment.Status.ACTIVE
    assert set(commitment.members.values_list("user_id", flat=True)) == set(
        GroupMembership.objects.filter(group=led).values_list("user_id", flat=True)
    )
    assert len(mail.outbox) == 7
    message = next(m for m in mail.outbox if m.to == [people[0].email])
    assert "18:00" in message.body and "Europe/Berlin" in message.body
    assert led.get_absolute_url() in message.body


def test_it_publishes_nothing_when_a_pod_has_no_common_time(world):
    round, _people = _proposed(world)
    loner = add_people(world, 1, prefix="z")[0]
    # Opted in before proposing in real life; written directly, as the deadline has passed.
    entry = Entry.objects.create(
        round=round, user=loner, role="member", format="care", slots=[0, 1], time_zone="UTC"
    )
    pod = Pod.objects.filter(round=round).first()
    actions.move(world.host, round, person=entry.user_id, to=pod.pk)
    with pytest.raises(ActionError) as refused:
        actions.publish(world.host, round)
    assert "no time" in refused.value.message
    assert Round.objects.get(pk=round.pk).status == Round.Status.REVIEWING
    assert not Group.objects.filter(round_pod__round=round).exists()
    assert not Rhythm.objects.filter(group__name__startswith="Spring round").exists()


def test_it_lets_only_hosts_propose_move_and_publish(world):
    round, people = _proposed(world)
    for action in (actions.propose, actions.publish, actions.cancel_round):
        with pytest.raises(NotAllowed):
            action(world.member, round)
    with pytest.raises(NotAllowed):
        actions.move(world.group_member, round, person=people[0].pk, to=None)


def test_it_tells_someone_left_out_that_there_is_no_pod_without_the_reason(
    world, django_capture_on_commit_callbacks
):
    round = open_test_round(world)
    opt_everyone_in(round, add_people(world, 4))
    loner = add_people(world, 1, prefix="l")[0]
    actions.opt_in(loner, round, role="member", format="care", slots=[100, 101])
    actions.propose(world.host, round)
    reason = Entry.objects.get(round=round, user=loner).unplaced_reason
    with django_capture_on_commit_callbacks(execute=True):
        actions.publish(world.host, round)
    message = next(m for m in mail.outbox if m.to == [loner.email])
    assert "no pod" in message.subject
    assert reason and reason not in message.body
