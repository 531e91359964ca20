from hypothesis import given
from hypothesis import strategies as st

from murmuration.matching.engine.slots import WEEK, best_start, label, runs, session_starts


def test_it_finds_starts_that_leave_room_for_the_whole_session():
    assert session_starts([10, 11, 12, 20, 21], 2) == [10, 11, 20]
    assert session_starts([10, 11, 12], 3) == [10]
    assert session_starts([10, 12, 14], 2) == []


def test_it_lets_a_session_run_from_sunday_night_into_monday_morning():
    sunday_late_monday_early = [WEEK - 2, WEEK - 1, 0, 1]
    assert session_starts(sunday_late_monday_early, 4) == [WEEK - 2]
    assert session_starts(sunday_late_monday_early, 2) == [0, WEEK - 2, WEEK - 1]


def test_it_treats_a_fully_free_week_as_starting_everywhere():
    assert session_starts(range(WEEK), 4) == list(range(WEEK))


def test_it_counts_a_run_across_the_week_boundary_once():
    assert runs([WEEK - 1, 0, 1, 5]) == [(WEEK - 1, 3), (5, 1)]
    assert runs(range(WEEK)) == [(0, WEEK)]
    assert runs([]) == []


def test_it_picks_the_start_of_the_longest_common_window():
    assert best_start([3, 10, 11, 12]) == 10
    assert best_start([WEEK - 1, 0, 1, 7]) == WEEK - 1


def test_it_labels_slots_in_utc():
    assert label(0) == "Mon 00:00 UTC"
    assert label(37) == "Mon 18:30 UTC"
    assert label(WEEK - 1) == "Sun 23:30 UTC"


@given(st.sets(st.integers(0, WEEK - 1)), st.integers(1, 8))
def test_it_agrees_with_checking_every_slot_by_hand(slots, length):
    expected = [t for t in range(WEEK) if all((t + k) % WEEK in slots for k in range(length))]
    assert session_starts(slots, length) == expected
