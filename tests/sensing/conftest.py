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
