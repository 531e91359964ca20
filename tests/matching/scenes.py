"""Rounds in the test world: an open community round with entries, a round inside the private
crew, and helpers that take a round on to proposed and published."""

from dataclasses import dataclass

from murmuration.accounts.models import User
from murmuration.communities.models import Membership
from murmuration.matching import actions
from murmuration.matching.models import Round
from tests.conftest import World, make_user

from .conftest import EVENING, add_people, open_test_round, opt_everyone_in

# The person someone asked to be kept apart from; the name appears nowhere else on purpose.
APART_NAME = "Zed Apartmann"


@dataclass
class Scene:
    round: Round
    secret_round: Round
    zed: User
    others: list[User]

    def url(self, world: World, name: str = "", round: Round | None = None) -> str:
        chosen = round or self.round
        base = f"/c/{world.community.slug}/rounds/{chosen.pk}/"
        return base + name


def make_scene(world: World) -> Scene:
    round = open_test_round(world)
    zed = make_user("zed@example.org", APART_NAME)
    Membership.objects.create(community=world.community, user=zed)
    actions.opt_in(
        world.member, round, role="caller", format="care", slots=EVENING, keep_apart=[zed.pk]
    )
    actions.opt_in(world.group_member, round, role="member", format="care", slots=EVENING)
    others = add_people(world, 6)
    opt_everyone_in(round, others)
    secret_round = open_test_round(world, name="Garden round", group=world.private_crew)
    return Scene(round, secret_round, zed, others)


def propose(world: World, round: Round) -> Round:
    actions.propose(world.host, round)
    round.refresh_from_db()
    return round


def publish(world: World, round: Round) -> Round:
    if round.status == Round.Status.OPEN:
        propose(world, round)
    actions.publish(world.host, round)
    round.refresh_from_db()
    return round
