"""Sensing pages: access for every persona, private signals not leaking, posting from the
community and group pages, and query budgets that hold as the data grows."""

import pytest
from django.utils import timezone

from murmuration.sensing import actions, patterns
from murmuration.sensing.models import Experiment, Pattern, Signal
from tests.web.conftest import HTMX, within_budget

from .conftest import grow_sensing

C = "/c/river-commons"
CREW = C + "/g/morning-crew"
SECRET_TEXT = "The secret garden pod worries about the well"


@pytest.fixture
def sensed(world, committed):
    committed(actions.post_signal, world.member, world.community, "The hall is cold in winter")
    committed(actions.post_signal, world.host, world.community, "Heating in the hall is off")
    committed(
        actions.post_signal, world.group_member, world.community, "Crew note", group=world.crew
    )
    committed(
        actions.post_signal,
        world.group_member,
        world.community,
        SECRET_TEXT,
        group=world.private_crew,
    )
    pattern = Pattern.objects.filter(group=None).first()
    crew_pattern = Pattern.objects.get(group=world.private_crew)
    experiment = actions.start_experiment(
        world.member,
        world.community,
        title="Warm hall",
        hypothesis="We believe heating earlier will lead to more people staying",
        action="Switch the heating on an hour before",
        observe="How many stay after the meeting",
        ends_on=timezone.localdate() + timezone.timedelta(weeks=2),
        pattern=pattern,
    )
    secret_experiment = actions.start_experiment(
        world.group_member,
        world.community,
        title="Secret well test",
        hypothesis="h",
        action="a",
        observe="o",
        ends_on=timezone.localdate(),
        pattern=crew_pattern,
    )
    world.pattern, world.crew_pattern = pattern, crew_pattern
    world.experiment, world.secret_experiment = experiment, secret_experiment
    return world


def _pages(w) -> dict[str, str]:
    return {
        "scope": C + "/sensing/",
        "pattern": f"{C}/patterns/{w.pattern.pk}/",
        "register": C + "/experiments/",
        "experiment": f"{C}/experiments/{w.experiment.pk}/",
        "start": C + "/experiments/new/",
    }


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 200), ("group_member", 200), ("host", 200)],
)
@pytest.mark.parametrize("page", ["scope", "pattern", "register", "experiment", "start"])
def test_it_answers_each_persona(sensed, persona, status, page):
    response = sensed.client_for(persona).get(_pages(sensed)[page])
    assert response.status_code == status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("outsider", 404), ("member", 404), ("group_member", 200), ("host", 403)],
)
def test_a_private_pods_sensing_page_is_its_members_alone(sensed, persona, status):
    response = sensed.client_for(persona).get(C + "/g/secret-garden/sensing/")
    assert response.status_code == status
    if status != 200:
        assert SECRET_TEXT not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("outsider", 404), ("member", 403), ("group_member", 200), ("host", 403)],
)
def test_a_public_groups_signals_are_its_members_alone(sensed, persona, status):
    response = sensed.client_for(persona).get(CREW + "/sensing/")
    assert response.status_code == status


@pytest.mark.parametrize("persona", ["member", "host"])
def test_pod_content_never_reaches_others(sensed, persona):
    client = sensed.client_for(persona)
    urls = [
        f"{C}/patterns/{sensed.crew_pattern.pk}/",
        f"{C}/experiments/{sensed.secret_experiment.pk}/",
    ]
    for url in urls:
        assert client.get(url).status_code == 404
    for url in _pages(sensed).values():
        body = client.get(url).content.decode()
        assert SECRET_TEXT not in body and "Secret well test" not in body


def test_the_pod_sees_its_own(sensed):
    client = sensed.client_for("group_member")
    assert SECRET_TEXT in client.get(C + "/g/secret-garden/sensing/").content.decode()
    assert "Secret well test" in client.get(C + "/experiments/").content.decode()


def test_it_posts_from_the_community_page_with_one_field(sensed):
    client = sensed.client_for("member")
    page = client.get(C + "/").content.decode()
    assert 'id="post-signal"' in page
    response = client.post(C + "/signals/", {"text": "Heating broke again"}, **HTMX)
    assert response.status_code == 200
    assert "It joined the pattern" in response.content.decode()
    assert Signal.objects.filter(text="Heating broke again", group=None).exists()


def test_it_posts_from_the_group_page_into_the_group(sensed):
    client = sensed.client_for("group_member")
    assert 'id="post-signal"' in client.get(CREW + "/").content.decode()
    client.post(C + "/signals/", {"text": "Crew idea", "group": "morning-crew"})
    assert Signal.objects.get(text="Crew idea").group == sensed.crew


def test_it_shows_the_message_for_an_oversized_signal_and_saves_nothing(sensed):
    client = sensed.client_for("member")
    response = client.post(C + "/signals/", {"text": "x" * 281}, **HTMX)
    assert response.status_code == 400
    assert "at most 280 characters" in response.content.decode()
    assert not Signal.objects.filter(text="x" * 281).exists()


def test_it_refuses_posting_into_a_group_one_is_not_in(sensed):
    response = sensed.client_for("member").post(
        C + "/signals/", {"text": "hi", "group": "morning-crew"}
    )
    assert response.status_code == 403
    response = sensed.client_for("member").post(
        C + "/signals/", {"text": "hi", "group": "secret-garden"}
    )
    assert response.status_code == 404


def test_an_experiment_runs_through_the_pages_to_an_adapted_follow_up(sensed):
    owner, other = sensed.client_for("member"), sensed.client_for("host")
    url = f"{C}/experiments/{sensed.experiment.pk}/"
    assert other.post(url + "join/").status_code == 302
    response = other.post(url + "check-in/", {"happened": "", "adjustment": ""})
    assert response.status_code == 400 and "Please write" in response.content.decode()
    other.post(url + "check-in/", {"happened": "Twelve stayed", "adjustment": "Earlier still"})
    too_long = (timezone.localdate() + timezone.timedelta(weeks=9)).isoformat()
    decision = {
        "outcome": "adapted",
        "learnings": "Warmth helps",
        "title": "Warmer hall",
        "hypothesis": "h",
        "action": "a",
        "observe": "o",
        "ends_on": too_long,
    }
    response = owner.post(url + "decide/", decision)
    assert response.status_code == 400 and "at most 8 weeks" in response.content.decode()
    assert Experiment.objects.get(pk=sensed.experiment.pk).is_running
    decision["ends_on"] = (timezone.localdate() + timezone.timedelta(weeks=3)).isoformat()
    response = owner.post(url + "decide/", decision)
    follow = Experiment.objects.get(follows=sensed.experiment)
    assert response.url == f"{C}/experiments/{follow.pk}/"
    assert Experiment.objects.get(pk=sensed.experiment.pk).status == "adapted"


def test_pattern_corrections_through_the_page(sensed, committed):
    client = sensed.client_for("member")
    url = f"{C}/patterns/{sensed.pattern.pk}/"
    assert client.post(url + "rename/", {"label": ""}).status_code == 400
    client.post(url + "rename/", {"label": "Cold hall"})
    patterns.recompute(sensed.community, None)
    assert Pattern.objects.get(pk=sensed.pattern.pk).label == "Cold hall"


BUDGETS = {"scope": 14, "pattern": 14, "register": 12, "experiment": 14}


@pytest.mark.parametrize("page", BUDGETS)
def test_pages_keep_their_query_budget_as_data_grows(sensed, committed, page):
    client = sensed.client_for("member")
    url = _pages(sensed)[page]
    within_budget(client, url, BUDGETS[page])
    grow_sensing(sensed, sensed.pattern, sensed.experiment)
    within_budget(client, url, BUDGETS[page])
