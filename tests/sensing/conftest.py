"""Helpers for sensing tests: actions whose follow-up work (regrouping) runs as on a server."""

from collections.abc import Callable
from typing import Any

import pytest

# The API tests' `as_(persona)` client.
from tests.api.conftest import as_  # noqa: F401


@pytest.fixture
def committed(django_capture_on_commit_callbacks) -> Callable[..., Any]:
    """`committed(action, *args)` runs an action and then what it queued for after the commit.

    Tests run inside a transaction that never commits; tasks run immediately when queued.
    """

    def run(action: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return action(*args, **kwargs)

    return run


def experiment(world: Any, title: str = "Rota", **fields: Any) -> Any:
    """An experiment started by the world's member, with placeholder plan text."""
    from django.utils import timezone

    from murmuration.sensing import actions

    plan = {"hypothesis": "h", "action": "a", "observe": "o", "ends_on": timezone.localdate()}
    return actions.start_experiment(world.member, world.community, title=title, **plan | fields)


def grow_sensing(world: Any, pattern: Any, focus: Any) -> None:
    """The big world (tests.web.conftest.grow), and thirty of each sensing row besides: signals
    in `pattern` and in patterns of their own, experiments from it with people in them, and
    check-ins and participants on `focus`."""
    from murmuration.accounts.models import User
    from murmuration.sensing import actions
    from murmuration.sensing.models import Pattern, Signal
    from tests.web.conftest import grow

    grow(world)
    for n in range(30):
        signal = actions.post_signal(world.member, world.community, f"Cold hall note {n}")
        Signal.objects.filter(pk=signal.pk).update(pattern=pattern)
        own = actions.post_signal(world.member, world.community, f"Another note {n}")
        Pattern.objects.create(community=world.community, label=f"P{n}").signals.add(own)
        started = experiment(world, f"Try {n}", pattern=pattern)
        actions.join_experiment(world.host, started)
        actions.check_in(world.member, focus, happened=f"step {n}")
        actions.join_experiment(User.objects.get(email=f"extra{n}@example.org"), focus)
