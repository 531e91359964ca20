"""`murmur rounds list|show|propose|publish`, as a host and as others."""

import pytest
from django.core.management.base import CommandError

from murmuration.matching.models import Round
from tests.cli.conftest import run

from .scenes import make_scene, propose


def test_it_lists_the_rounds_a_member_may_see(world):
    make_scene(world)
    out, _err = run("rounds", "list", world.community.slug, "--as", world.member.email)
    assert "Spring round" in out and "8 opted in" in out
    assert "Garden round" not in out


def test_it_proposes_and_publishes_as_a_host(world):
    scene = make_scene(world)
    slug, number = world.community.slug, str(scene.round.pk)
    out, _err = run("rounds", "propose", slug, number, "--as", world.host.email)
    assert "2 pods" in out and "pod 1\tTue 18:00" in out
    out, _err = run("rounds", "publish", slug, number, "--as", world.host.email)
    assert "Published" in out and "/g/" in out
    assert Round.objects.get(pk=scene.round.pk).status == Round.Status.PUBLISHED


def test_it_shows_the_proposal_in_the_hosts_time_zone(world):
    scene = make_scene(world)
    propose(world, scene.round)
    world.host.time_zone = "Asia/Kolkata"
    world.host.save()
    out, _err = run(
        "rounds", "show", world.community.slug, str(scene.round.pk), "--as", world.host.email
    )
    assert "Tue 23:30" in out and "Asia/Kolkata" in out


@pytest.mark.parametrize("action", ["show", "propose", "publish"])
def test_it_refuses_members_who_are_not_hosts(world, action):
    scene = make_scene(world)
    with pytest.raises(CommandError, match="hosts"):
        run("rounds", action, world.community.slug, str(scene.round.pk), "--as", world.member.email)
    assert Round.objects.get(pk=scene.round.pk).status == Round.Status.OPEN


def test_it_does_not_reveal_a_community_to_an_outsider(world):
    with pytest.raises(CommandError, match="is not in a community"):
        run("rounds", "list", world.community.slug, "--as", world.outsider.email)


def test_it_hides_a_round_the_person_may_not_see(world):
    scene = make_scene(world)
    with pytest.raises(CommandError, match="Round not found"):
        run(
            "rounds",
            "propose",
            world.community.slug,
            str(scene.secret_round.pk),
            "--as",
            world.member.email,
        )
