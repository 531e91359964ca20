"""The weekly availability editor at /me/availability/."""

import pytest
from django.urls import reverse

from murmuration.accounts import actions, forms
from murmuration.errors import ActionError
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

URL = reverse("accounts:availability")
MONDAY_19 = 38  # Monday 19:00-19:30
WEDNESDAY_07 = 2 * 48 + 14


@pytest.fixture
def ada():
    return make_user("ada@example.org", "Ada", time_zone="Europe/London")


def test_it_shows_a_labelled_checkbox_for_every_half_hour(client, ada):
    client.force_login(ada)
    page = client.get(URL).content.decode()
    assert page.count('type="checkbox" name="slots"') == 336
    assert "Monday 19:00–19:30" in page
    assert "Sunday 23:30–24:00" in page
    assert "Times are in <strong>Europe/London</strong>" in page
    assert "No times chosen yet." in page


def test_it_saves_the_sorted_slots_and_summarises_them(client, ada):
    client.force_login(ada)
    slots = [WEDNESDAY_07 + 2, MONDAY_19 + 1, MONDAY_19, WEDNESDAY_07, WEDNESDAY_07 + 1]
    slots += [MONDAY_19 + 2, MONDAY_19 + 3]
    response = client.post(URL, {"slots": [str(s) for s in slots]})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.availability == sorted(slots)
    page = client.get(URL).content.decode()
    assert "Mon 19:00–21:00, Wed 07:00–08:30" in page
    assert f'value="{MONDAY_19}" checked' in page


def test_it_clears_availability_when_nothing_is_ticked(client, ada):
    ada.availability = [1, 2, 3]
    ada.save()
    client.force_login(ada)
    assert client.post(URL, {}).status_code == 302
    ada.refresh_from_db()
    assert ada.availability == []


@pytest.mark.parametrize("bad", ["999", "abc", "-1", "336", "1.5"])
def test_it_refuses_bad_slots_and_saves_nothing(client, ada, bad):
    ada.availability = [MONDAY_19]
    ada.save()
    client.force_login(ada)
    response = client.post(URL, {"slots": ["10", bad]})
    assert response.status_code == 200
    page = response.content.decode()
    assert f"“{bad}” is not a half-hour of the week" in page
    assert 'role="alert"' in page
    ada.refresh_from_db()
    assert ada.availability == [MONDAY_19]


def test_the_action_refuses_bad_slots(ada):
    for bad in ([999], ["abc"], [True], "not a list of ints"):
        with pytest.raises(ActionError):
            actions.set_availability(ada, bad)
    ada.refresh_from_db()
    assert ada.availability == []


def test_the_action_sorts_and_deduplicates(ada):
    assert actions.set_availability(ada, [5, 3, 5, 0]) == [0, 3, 5]


@pytest.mark.parametrize(
    ("slots", "summary"),
    [
        ([], ""),
        ([0], "Mon 00:00–00:30"),
        ([46, 47], "Mon 23:00–24:00"),
        ([46, 47, 48, 49], "Mon 23:00–Tue 01:00"),
        ([334, 335], "Sun 23:00–24:00"),
        ([0, 335], "Mon 00:00–00:30, Sun 23:30–24:00"),
    ],
)
def test_it_describes_runs_of_slots_compactly(slots, summary):
    assert forms.describe_week(slots) == summary
