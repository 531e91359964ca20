"""People's corrections to patterns survive a full recomputation."""

import pytest

from murmuration.errors import ActionError, NotFound
from murmuration.sensing import actions, patterns
from murmuration.sensing.models import Pattern, Signal

TEXTS = [
    "The kitchen sink is full of dirty dishes",
    "Nobody washes the dishes after dinner",
    "Dirty mugs and dishes in the kitchen sink",
    "Meetings start too late in the evening",
    "Evening meetings always run late",
    "Late evening meetings are tiring",
    "The garden needs watering every day",
    "Who waters the garden beds this week",
]


@pytest.fixture
def grouped(world, committed):
    for text in TEXTS:
        committed(actions.post_signal, world.member, world.community, text)
    assert patterns.recompute(world.community, None)
    return world


def _members(pattern: Pattern) -> set[str]:
    return set(Signal.objects.filter(pattern=pattern).values_list("text", flat=True))


def _pattern_of(text: str) -> Pattern:
    pattern = Signal.objects.get(text=text).pattern
    assert pattern is not None
    return pattern


def test_it_puts_every_signal_in_exactly_one_pattern(grouped):
    assert not Signal.objects.filter(pattern__isnull=True).exists()
    assert Pattern.objects.count() >= 2
    assert all(p.label for p in Pattern.objects.all())


def test_it_keeps_pattern_ids_when_nothing_changed(grouped):
    before = dict(Signal.objects.values_list("pk", "pattern_id"))
    assert patterns.recompute(grouped.community, None)
    assert dict(Signal.objects.values_list("pk", "pattern_id")) == before


def test_a_rename_survives_recomputation(grouped):
    pattern = _pattern_of(TEXTS[0])
    members = _members(pattern)
    actions.rename_pattern(grouped.member, pattern, "Washing up")
    patterns.recompute(grouped.community, None)
    pattern.refresh_from_db()
    assert pattern.label == "Washing up"
    assert members <= _members(pattern)


def test_a_merge_survives_recomputation(grouped, committed):
    dishes, meetings = _pattern_of(TEXTS[0]), _pattern_of(TEXTS[3])
    assert dishes != meetings
    together = _members(dishes) | _members(meetings)
    committed(actions.merge_patterns, grouped.member, dishes, [meetings])
    patterns.recompute(grouped.community, None)
    assert not Pattern.objects.filter(pk=meetings.pk).exists()
    assert together <= _members(dishes)


def test_a_split_survives_recomputation(grouped, committed):
    pattern = _pattern_of(TEXTS[0])
    moved = Signal.objects.get(text=TEXTS[1])
    assert moved.pattern == pattern
    new = committed(actions.split_pattern, grouped.member, pattern, [moved.pk], "After dinner")
    patterns.recompute(grouped.community, None)
    patterns.recompute(grouped.community, None)
    moved.refresh_from_db()
    assert moved.pattern == new and new.label == "After dinner"
    assert TEXTS[0] in _members(pattern)


def test_it_refuses_a_split_of_everything_or_of_foreign_signals(grouped):
    pattern = _pattern_of(TEXTS[0])
    everything = list(pattern.signals.values_list("pk", flat=True))
    other = Signal.objects.exclude(pattern=pattern).first()
    assert other is not None
    for chosen in (everything, [other.pk], []):
        with pytest.raises(ActionError) as refused:
            actions.split_pattern(grouped.member, pattern, chosen, "Apart")
        assert refused.value.field == "signals"
    with pytest.raises(ActionError) as refused:
        actions.split_pattern(grouped.member, pattern, everything[:1], "")
    assert refused.value.field == "label"
    assert Pattern.objects.filter(label="Apart").count() == 0


def test_it_refuses_corrections_from_outside_the_scope(grouped):
    pattern = _pattern_of(TEXTS[0])
    with pytest.raises(NotFound):
        actions.rename_pattern(grouped.outsider, pattern, "Mine now")


def test_a_new_signal_still_joins_a_kept_pattern(grouped):
    pattern = _pattern_of(TEXTS[0])
    actions.rename_pattern(grouped.member, pattern, "Washing up")
    patterns.recompute(grouped.community, None)
    signal = actions.post_signal(grouped.host, grouped.community, "Dishes left in the kitchen sink")
    assert signal.pattern == pattern


def test_a_stale_request_is_skipped(grouped):
    from django.utils import timezone

    long_ago = timezone.now().replace(year=2000)
    assert not patterns.recompute(grouped.community, None, requested_at=long_ago)
