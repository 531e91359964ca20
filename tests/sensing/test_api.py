"""/api/v1/ for signals, patterns and experiments: every persona, private content, bad input,
and list budgets that hold as the data grows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from murmuration.sensing import actions
from murmuration.sensing.models import Experiment, Pattern, Signal
from tests.api.conftest import access, api_for

from .conftest import experiment, grow_sensing

C = "/communities/river-commons"
SECRET_TEXT = "The pod's private worry"


def _in(weeks: int) -> str:
    return (timezone.localdate() + timezone.timedelta(weeks=weeks)).isoformat()


@pytest.fixture
def sensed(world, committed):
    for text in ["The hall is cold", "Heating in the hall is off", "The last bus is early"]:
        committed(actions.post_signal, world.member, world.community, text)
    committed(
        actions.post_signal,
        world.group_member,
        world.community,
        SECRET_TEXT,
        group=world.private_crew,
    )
    world.pattern = Pattern.objects.filter(group=None).first()
    world.secret_pattern = Pattern.objects.get(group=world.private_crew)
    world.experiment = experiment(world, "Warm hall", pattern=world.pattern)
    world.secret = actions.start_experiment(
        world.group_member,
        world.community,
        title="Secret try",
        hypothesis="h",
        action="a",
        observe="o",
        ends_on=timezone.localdate(),
        group=world.private_crew,
    )
    return world


READS = [
    "/signals",
    "/patterns",
    "/experiments",
    "/patterns/{pattern}",
    "/experiments/{experiment}",
]


def _path(world, template: str) -> str:
    return C + template.format(pattern=world.pattern.pk, experiment=world.experiment.pk)


@access(anonymous=401, outsider=404, member=200, group_member=200, host=200)
@pytest.mark.parametrize("template", READS)
def test_reads_answer_each_persona(sensed, as_, persona, status, template):
    assert as_(persona).get(_path(sensed, template)).status_code == status


@access(anonymous=401, outsider=404, member=404, group_member=200, host=403)
def test_a_pods_signals_are_its_members_alone(sensed, as_, persona, status):
    response = as_(persona).get(C + "/signals", group="secret-garden")
    assert response.status_code == status
    assert SECRET_TEXT not in response.content.decode() or persona == "group_member"


@pytest.mark.parametrize("persona", ["member", "host"])
def test_pod_content_never_reaches_others_by_id(sensed, as_, persona):
    api = as_(persona, via="token")
    assert api.get(f"{C}/patterns/{sensed.secret_pattern.pk}").status_code == 404
    assert api.get(f"{C}/experiments/{sensed.secret.pk}").status_code == 404
    for template in READS:
        body = api.get(_path(sensed, template)).content.decode()
        assert SECRET_TEXT not in body and "Secret try" not in body
    signal = Signal.objects.get(text=SECRET_TEXT)
    assert api.post(f"{C}/signals/{signal.pk}/raise").status_code == 404


@access(anonymous=401, outsider=404, member=201, group_member=201, host=201)
def test_posting_answers_each_persona(sensed, as_, persona, status):
    response = as_(persona).post(C + "/signals", {"text": "Cold again", "tags": ["hall"]})
    assert response.status_code == status
    if status == 201:
        assert response.json()["pattern"] is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "x" * 281}, "text"),
        ({"text": "ok", "tags": ["a", "b", "c", "d", "e", "f"]}, "tags"),
    ],
)
def test_bad_signals_get_a_message_naming_the_field(sensed, as_, body, field):
    count = Signal.objects.count()
    response = as_("member").post(C + "/signals", body)
    assert response.status_code == 400
    assert response.json()["field"] == field and response.json()["detail"]
    assert Signal.objects.count() == count


def test_an_experiment_over_eight_weeks_is_refused(sensed, as_):
    body = {"title": "Long", "hypothesis": "h", "action": "a", "observe": "o", "ends_on": _in(9)}
    response = as_("member").post(C + "/experiments", body)
    assert response.status_code == 400 and response.json()["field"] == "ends_on"
    assert not Experiment.objects.filter(title="Long").exists()


def test_the_whole_experiment_journey(sensed, as_):
    owner, other = as_("member"), as_("group_member")
    body = {
        "title": "Rota",
        "hypothesis": "We believe a rota will lead to a clean kitchen",
        "action": "A paper rota on the fridge",
        "observe": "Dishes left overnight",
        "ends_on": _in(4),
        "pattern": sensed.pattern.pk,
    }
    created = owner.post(C + "/experiments", body).json()
    url = f"{C}/experiments/{created['id']}"
    assert other.post(url + "/checkins", {"happened": "x"}).status_code == 403
    assert other.post(url + "/participants").status_code == 201
    assert other.post(url + "/participants").status_code == 409
    assert other.post(url + "/checkins", {"happened": "Two nights clean"}).status_code == 201
    assert (
        owner.post(url + "/outcome", {"outcome": "adapted", "learnings": "ok"}).status_code == 400
    )
    follow_up = {**body, "title": "Rota, shorter", "ends_on": _in(2)}
    decided = owner.post(
        url + "/outcome", {"outcome": "adapted", "learnings": "Works", "follow_up": follow_up}
    ).json()
    assert decided["experiment"]["status"] == "adapted"
    assert decided["follow_up"]["follows"] == created["id"]
    detail = other.get(url).json()
    assert len(detail["checkins"]) == 1 and detail["follow_ups"] == [decided["follow_up"]["id"]]


def test_corrections_through_the_api(sensed, as_):
    api = as_("member")
    url = f"{C}/patterns/{sensed.pattern.pk}"
    assert api.patch(url, {"label": "Cold hall"}).json()["label"] == "Cold hall"
    assert api.patch(url, {"label": ""}).json()["field"] == "label"
    assert api.patch(f"{C}/patterns/{sensed.secret_pattern.pk}", {"label": "x"}).status_code == 404


LISTS = [("/signals", 9), ("/patterns", 9), ("/experiments", 9)]


@pytest.mark.parametrize(("path", "budget"), LISTS)
def test_lists_keep_their_budget_as_data_grows(sensed, path, budget):
    api = api_for(sensed, "member", via="token")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(C + path).status_code == 200
        return len(queries)

    assert count() <= budget
    grow_sensing(sensed, sensed.pattern, sensed.experiment)
    assert count() <= budget
