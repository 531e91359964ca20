"""`murmur decisions`: the same rules as the web, from a shell."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from murmuration.decisions import actions
from murmuration.decisions.models import Position

from .conftest import NOW, people, propose


def run(*args: str) -> str:
    out = StringIO()
    call_command("decisions", *args, stdout=out)
    return out.getvalue()


def test_a_member_proposes_answers_and_closes_from_the_shell(world, clock):
    out = run(
        "propose",
        "river-commons",
        "--as",
        "member@example.org",
        "--title",
        "Picnic",
        "--body",
        "In June.",
        "--kind",
        "consent",
    )
    pid = out.split()[1]
    run("position", pid, "consent", "--as", "host@example.org")
    shown = run("show", pid, "--as", "crew@example.org")
    assert "Consent 1, Concern 0, Objection 0; 2 to answer" in shown
    assert "Hana Host: consent" in shown
    closed = run(
        "close",
        pid,
        "--as",
        "member@example.org",
        "--outcome",
        "June it is.",
        "--review-on",
        "2030-09-01",
    )
    assert closed == "Closed: Adopted.\n"
    assert "Picnic" in run("list", "river-commons", "--as", "member@example.org", "--closed")
    clock.move_to(NOW + timedelta(days=200))
    assert "Picnic" in run("reviews-due")


def test_it_refuses_what_the_web_refuses(world, clock):
    proposal = propose(world, group=world.crew)
    with pytest.raises(CommandError, match="Only the group's members"):
        run("position", str(proposal.pk), "consent", "--as", "member@example.org")
    with pytest.raises(CommandError, match="what harm it foresees"):
        run("position", str(proposal.pk), "objection", "--as", "crew@example.org")
    with pytest.raises(CommandError, match="No proposal"):
        secret = propose(world, group=world.private_crew)
        run("show", str(secret.pk), "--as", "member@example.org")
    with pytest.raises(CommandError, match="not a member"):
        run("list", "river-commons", "--as", "outsider@example.org")
    assert not Position.objects.exists()


def test_it_lists_role_terms_ending_soon(world, clock):
    crew = people(world, 1, crew=True)
    role = actions.define_role(
        world.group_member, world.crew, name="Caller", purpose="Calls", term_days=10
    )
    selection = actions.start_selection(world.group_member, role)
    actions.nominate(crew[0], selection, world.group_member, "Knows everyone.")
    actions.reveal_nominations(world.group_member, selection)
    actions.open_change_round(world.group_member, selection)
    proposal = actions.propose_candidate(world.group_member, selection, world.group_member, "Yes")
    actions.take_position(crew[0], proposal, "consent")
    actions.take_position(world.group_member, proposal, "consent")
    actions.close_proposal(
        world.group_member, proposal, outcome="Yes.", review_on=NOW.date() + timedelta(days=30)
    )
    assert run("terms-ending") == ("2030-03-13  River Commons / Morning Crew: Caller (Cris Crew)\n")
