"""Group health: attendance, cycles completed and actions done on time, as numbers only."""

from datetime import timedelta

from murmuration.cycles import actions, queries
from murmuration.cycles.models import RetroAction
from murmuration.rhythms import actions as rhythm_actions

from .conftest import LAST_END, weekly


def test_health_counts_attendance_cycles_and_actions_on_time(scene, clock):
    pod, group = scene.pod, scene.pod.group
    first, second = scene.rhythm.sessions.order_by("starts_at")[:2]
    for session, present in [(first, [True, True, False]), (second, [True, False, False])]:
        for person, there in zip(pod.people, present, strict=True):
            rhythm_actions.record_attendance(pod.ana, session, person, there)
    due = RetroAction.objects.get()
    later = RetroAction.objects.create(
        retro=scene.retro,
        group=group,
        text="Late",
        owner=pod.ben,
        due_on=LAST_END.date() + timedelta(days=1),
        created_by=pod.ana,
    )
    clock.move_to(LAST_END + timedelta(days=3))
    actions.set_action_done(pod.ben, later)  # two days after its date
    health = queries.health([group.pk])[group.pk]
    assert (health.present, health.recorded) == (3, 6)
    assert health.attendance_rate == 0.5
    assert health.cycles_completed == 0
    # `due` is not due yet (in a week) and not done: it does not count either way.
    assert (health.actions_on_time, health.actions_due) == (0, 1)
    actions.set_action_done(pod.ben, due)
    for person in pod.people:
        actions.choose_review(person, scene.commitment, "continue")
    actions.close_commitment(pod.ana, scene.commitment, "We are done, gladly.")
    health = queries.health([group.pk])[group.pk]
    assert (health.cycles_completed, health.actions_on_time, health.actions_due) == (1, 1, 2)


def test_a_withdrawn_proposal_is_not_a_completed_cycle(pod, clock):
    commitment = actions.propose_commitment(
        pod.ana, pod.group, rhythm=weekly(pod), starts_on=LAST_END.date(), session_count=3
    )
    actions.close_commitment(pod.ana, commitment)
    assert queries.health([pod.group.pk])[pod.group.pk].cycles_completed == 0


def test_the_hosts_page_shows_numbers_and_no_words(scene):
    page = scene.pod.world.client_for("host").get("/c/river-commons/health/").content.decode()
    assert "Morning Crew" in page and "In review" in page
    assert "Rotate who opens" not in page
