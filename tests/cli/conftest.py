"""Helpers for command tests: run a command in-process and load the demo once per test."""

from io import StringIO

import pytest
from django.core.management import call_command

from murmuration.communities.models import Community
from murmuration.ops import demo


def run(name: str, *args: str, **options: object) -> tuple[str, str]:
    """Run a management command; return what it wrote to stdout and stderr."""
    stdout, stderr = StringIO(), StringIO()
    call_command(name, *args, stdout=stdout, stderr=stderr, **options)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def demo_community(db) -> Community:
    return demo.load_demo(demo.DEFAULT_SEED)
