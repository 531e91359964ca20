"""Posting and raising signals: scope, bad input, joining a pattern at once."""

import pytest

from murmuration.errors import ActionError, NotAllowed, NotFound
from murmuration.sensing import actions
from murmuration.sensing.models import Pattern, Signal


def test_it_posts_a_signal_to_the_community_with_tags(world):
    signal = actions.post_signal(
        world.member, world.community, "  The hall is cold  ", kind="tension", tags="Heating, #hall"
    )
    assert (signal.text, signal.kind, signal.tags) == (
        "The hall is cold",
        "tension",
        ["heating", "hall"],
    )
    assert signal.group is None and signal.vector and signal.method == "words"


@pytest.mark.parametrize(
    ("text", "tags", "field"),
    [
        ("", "", "text"),
        ("   ", "", "text"),
        ("x" * 281, "", "text"),
        ("fine", "a b c d e f", "tags"),
        ("fine", "t" * 31, "tags"),
    ],
)
def test_it_refuses_bad_input_naming_the_field_and_writes_nothing(world, text, tags, field):
    with pytest.raises(ActionError) as refused:
        actions.post_signal(world.member, world.community, text, tags=tags)
    assert refused.value.field == field and refused.value.message
    assert not Signal.objects.exists()


def test_it_accepts_exactly_280_characters(world):
    assert len(actions.post_signal(world.member, world.community, "y" * 280).text) == 280


def test_it_refuses_an_unknown_kind(world):
    with pytest.raises(ActionError) as refused:
        actions.post_signal(world.member, world.community, "fine", kind="rant")
    assert refused.value.field == "kind"


def test_it_lets_only_a_groups_members_post_in_it(world):
    actions.post_signal(world.group_member, world.community, "Our crew", group=world.crew)
    with pytest.raises(NotAllowed):
        actions.post_signal(world.member, world.community, "Not mine", group=world.crew)
    # A private group is not even acknowledged to a member outside it; hosts know it exists
    # but may not take part in what it notices.
    with pytest.raises(NotFound):
        actions.post_signal(world.member, world.community, "hidden", group=world.private_crew)
    with pytest.raises(NotAllowed):
        actions.post_signal(world.host, world.community, "hidden", group=world.private_crew)


def test_it_refuses_outsiders(world):
    with pytest.raises(NotFound):
        actions.post_signal(world.outsider, world.community, "hello")


def test_it_joins_the_nearest_pattern_at_once(world, committed):
    texts = [
        "The kitchen sink is full of dirty dishes",
        "Nobody washes the dishes",
        "Meetings start too late in the evening",
        "Evening meetings run late",
    ]
    for text in texts:
        committed(actions.post_signal, world.member, world.community, text)
    # Not committed: only the placement at posting time runs, not the regrouping.
    signal = actions.post_signal(world.host, world.community, "Dirty dishes pile up in the sink")
    assert signal.pattern is not None
    texts = set(signal.pattern.signals.values_list("text", flat=True))
    assert "Nobody washes the dishes" in texts


def test_it_raises_a_pod_signal_to_the_group_above_only_for_its_author(world):
    from murmuration.communities import actions as community_actions

    band = community_actions.call_group(world.group_member, world.community, name="Band")
    pod = community_actions.call_group(
        world.group_member, world.community, name="Pod", parent=band, is_private=True
    )
    signal = actions.post_signal(world.group_member, world.community, "We noticed", group=pod)
    with pytest.raises(NotFound):
        actions.raise_signal(world.member, signal)
    raised = actions.raise_signal(world.group_member, signal)
    assert raised.group == band and raised.raised_at is not None
    raised = actions.raise_signal(world.group_member, raised)
    assert raised.group is None
    with pytest.raises(ActionError):
        actions.raise_signal(world.group_member, raised)
    assert not Pattern.objects.filter(group=pod, signals__isnull=False).exists()
