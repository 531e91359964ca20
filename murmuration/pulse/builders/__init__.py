"""Which figures each pulse page shows, in order, and who may see each.

A builder turns a scope into one `Figure`; the page, the CSV export and the API all look the
figure up here by its key, so they draw on the same builder.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from murmuration.communities.permissions import Viewer

from .. import connections as sources
from .. import permissions as perms
from ..figures import Figure
from ..scope import Scope
from . import attendance, connections, nesting, tempo


@dataclass(frozen=True)
class Entry:
    key: str
    build: Callable[[Scope], Figure]
    hosts_only: bool = False


def community_entries() -> list[Entry]:
    return [
        Entry(nesting.KEY, nesting.build),
        Entry(tempo.KEY, tempo.build),
        Entry(attendance.KEY, attendance.build),
        *[Entry(connections.key(s), partial(connections.build, source=s)) for s in sources.SOURCES],
        Entry(connections.UNCONNECTED, connections.build_unconnected, hosts_only=True),
    ]


def group_entries() -> list[Entry]:
    return [
        Entry(tempo.KEY, tempo.build),
        Entry(attendance.KEY, attendance.build),
        Entry(nesting.KEY, nesting.build),
    ]


def allowed(viewer: Viewer, entries: list[Entry]) -> list[Entry]:
    return [e for e in entries if perms.can_see_figure(viewer, e.hosts_only)]


def find(entries: list[Entry], key: str) -> Entry | None:
    return next((e for e in entries if e.key == key), None)
