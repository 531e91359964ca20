"""`murmur cycles`: the same rules as the pages, acting as the person named by --as."""

from datetime import timedelta

import pytest
from django.core.management.base import CommandError

from murmuration.cycles.models import Commitment, RetroAction, ReviewChoice
from tests.cli.conftest import run

from .conftest import ACTION_TEXT, FIRST_TUESDAY, SECRET_ITEM, at, running, weekly

GROUP = ("river-commons", "morning-crew")


def test_advance_opens_the_gates_that_are_due(pod, clock):
    commitment = running(pod, weekly(pod))
    clock.move_to(at(FIRST_TUESDAY + timedelta(weeks=5), 20, 0))
    out, _err = run("cycles", "advance")
    assert "1 reached their review" in out
    assert Commitment.objects.get(pk=commitment.pk).status == Commitment.Status.REVIEW
    out, _err = run("cycles", "advance")
    assert "0 reached their review" in out


def test_list_shows_progress_and_only_your_own_choice(scene):
    run("cycles", "review", *GROUP, str(scene.commitment.pk), "step-out", "--as", "ben@example.org")
    out, _err = run("cycles", "list", *GROUP, "--as", "ben@example.org")
    assert "session 6 of 6" in out and "1 of 3 have chosen" in out
    assert "your choice: Step out" in out
    out, _err = run("cycles", "list", *GROUP, "--as", "crew@example.org")
    assert "your choice" not in out and "Step out" not in out
    out, _err = run("cycles", "list", *GROUP, "--as", "host@example.org")
    assert "1 of 3 have chosen" in out and "Step out" not in out


def test_stepping_out_from_the_shell_says_thank_you(scene):
    out, _err = run(
        "cycles", "review", *GROUP, str(scene.commitment.pk), "step-out", "--as", "cai@example.org"
    )
    assert "Thank you for being part of this pod" in out
    assert ReviewChoice.objects.get().choice == "step_out"


def test_the_retro_prints_for_the_pod_and_is_refused_to_a_host(scene):
    session = str(scene.retro.session_id)
    out, _err = run("cycles", "retro", *GROUP, session, "--as", "ben@example.org")
    assert SECRET_ITEM in out and "(without a name)" in out and ACTION_TEXT in out
    with pytest.raises(CommandError, match="private"):
        run("cycles", "retro", *GROUP, session, "--as", "host@example.org")


def test_actions_list_and_mark_done(scene):
    out, _err = run("cycles", "actions", *GROUP, "--as", "ben@example.org")
    assert ACTION_TEXT in out
    action = RetroAction.objects.get()
    run("cycles", "actions", *GROUP, "--done", str(action.pk), "--as", "ben@example.org")
    assert RetroAction.objects.get().done_at is not None
    with pytest.raises(CommandError, match="private"):
        run("cycles", "actions", *GROUP, "--as", "member@example.org")


def test_a_private_group_is_not_found_for_an_outsider_to_it(scene):
    with pytest.raises(CommandError, match="Group not found"):
        run("cycles", "list", "river-commons", "secret-garden", "--as", "member@example.org")


def test_health_is_for_hosts_and_lineage_for_members(scene):
    out, _err = run("cycles", "health", "river-commons", "--as", "host@example.org")
    assert "Morning Crew" in out and "Secret Garden" in out
    with pytest.raises(CommandError, match="hosts"):
        run("cycles", "health", "river-commons", "--as", "crew@example.org")
    out, _err = run("cycles", "lineage", "river-commons", "--as", "member@example.org")
    assert "No group has grown" in out


def test_an_unknown_account_is_a_clear_error(scene):
    with pytest.raises(CommandError, match="No active account"):
        run("cycles", "list", *GROUP, "--as", "nobody@example.org")
