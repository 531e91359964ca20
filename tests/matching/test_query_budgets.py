"""Round pages and API lists keep to a fixed number of queries however big the round."""

from datetime import timedelta

from django.utils import timezone

from murmuration.matching import actions
from tests.api.conftest import COMMUNITY

# The API personas fixture, used here outside tests/api/.
from tests.api.conftest import as_ as as_
from tests.web.conftest import within_budget

from .conftest import EVENING, add_people, next_monday, open_test_round, opt_everyone_in
from .scenes import make_scene, propose

PAGE_BUDGET = 20
API_BUDGET = 14


def _grow(world, scene) -> None:
    """Sixty more people in the round (some with wishes), pods proposed, and more rounds."""
    people = add_people(world, 60, prefix="g")
    opt_everyone_in(scene.round, people[:40])
    for person in people[40:]:
        actions.opt_in(
            person,
            scene.round,
            role="caller",
            format="care",
            slots=EVENING,
            keep_apart=[people[0].pk, people[1].pk],
        )
    for n in range(8):
        round = open_test_round(world, name=f"Round {n}", first_week=next_monday(3))
        opt_everyone_in(round, people[n : n + 5])


def _budgets(world, scene, check) -> None:
    check()
    _grow(world, scene)
    check()


def test_it_keeps_the_round_pages_within_budget(world):
    scene = make_scene(world)
    host, member = world.client_for("host"), world.client_for("member")

    def check() -> None:
        within_budget(host, f"/c/{world.community.slug}/rounds/", PAGE_BUDGET)
        within_budget(member, scene.url(world), PAGE_BUDGET)
        within_budget(member, scene.url(world, "entry/"), PAGE_BUDGET)
        within_budget(member, "/me/rounds/", PAGE_BUDGET)

    _budgets(world, scene, check)


def test_it_keeps_the_review_page_within_budget(world):
    scene = make_scene(world)
    host = world.client_for("host")

    def check() -> None:
        propose(world, scene.round)
        within_budget(host, scene.url(world, "review/"), PAGE_BUDGET)
        within_budget(host, scene.url(world, "review/preview/?person=1&to=new"), PAGE_BUDGET)

    check()
    # Growing needs the round open again: a fresh one with everyone in it.
    scene.round = open_test_round(world, name="Bigger round")
    _grow(world, scene)
    check()


def test_it_keeps_the_api_lists_within_budget(world, as_):
    scene = make_scene(world)
    api = as_("host")
    rounds = f"{COMMUNITY}/rounds"

    def check() -> None:
        for path in (rounds, f"{rounds}/{scene.round.pk}/entries"):
            within_budget(api.client, "/api/v1" + path, API_BUDGET)

    _budgets(world, scene, check)
    propose(world, scene.round)
    within_budget(api.client, f"/api/v1{rounds}/{scene.round.pk}/proposal", API_BUDGET)


def test_it_keeps_the_home_panel_within_budget_with_many_new_pods(world):
    people = add_people(world, 40)
    for n in range(3):
        round = open_test_round(
            world, name=f"R{n}", opt_in_deadline=timezone.now() + timedelta(days=1)
        )
        opt_everyone_in(round, people)
        actions.propose(world.host, round)
        actions.publish(world.host, round)
    within_budget(world.client_for("member"), "/me/rounds/", PAGE_BUDGET)
    client = world.client_for("host")
    client.force_login(people[0])
    response = within_budget(client, "/me/rounds/", PAGE_BUDGET)
    assert response.content.count(b"meets") == 3
