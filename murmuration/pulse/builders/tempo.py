"""The tempo: every rhythm's sessions held, missed, cancelled and coming, week by week.

A community's rhythms are drawn by category, a group's and a person's one rhythm per lane.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from murmuration.rhythms.models import Category, Session

from .. import charts, queries
from ..figures import Column, Figure, Row
from ..health import COMING, STATES
from ..scope import Scope
from ..weeks import Window, label

KEY = "tempo"
WEEKS_BACK = 8
WEEKS_AHEAD = 4


@dataclass(frozen=True)
class Lanes:
    """How sessions are split into lanes: the fields counted by, and a lane's name from a row."""

    fields: tuple[str, ...]
    name: Callable[[dict[str, Any]], str]
    order: Callable[[str], Any] = lambda name: name.lower()


CATEGORIES = list(Category.values)
BY_CATEGORY = Lanes(
    ("rhythm__category",),
    lambda row: str(Category(row["rhythm__category"]).label),
    order=lambda name: [str(c.label) for c in Category].index(name),
)
BY_RHYTHM = Lanes(("rhythm_id", "rhythm__name"), lambda row: row["rhythm__name"])
BY_RHYTHM_AND_GROUP = Lanes(
    ("rhythm_id", "rhythm__name", "group__name"),
    lambda row: f"{row['rhythm__name']} · {row['group__name']}",
)


def build(scope: Scope) -> Figure:
    lanes = BY_RHYTHM if scope.root is not None else BY_CATEGORY
    sessions = Session.objects.filter(group_id__in=scope.counted_ids)
    return figure(sessions, lanes, Window(scope.now, scope.zone, WEEKS_BACK, WEEKS_AHEAD))


def figure(sessions: QuerySet[Session], lanes: Lanes, window: Window) -> Figure:
    rows = queries.session_counts(sessions, window, *lanes.fields)
    weeks = window.weeks
    counts: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        name = lanes.name(row)
        lane = counts.setdefault(name, {state: [0] * len(weeks) for state in STATES})
        lane[row["state"]][weeks.index(row["week"])] += row["n"]
    names = sorted(counts, key=lanes.order)
    table: list[Row] = [
        {
            "lane": name,
            "week": label(week),
            **{state: counts[name][state][index] for state in STATES},
        }
        for name in names
        for index, week in enumerate(weeks)
    ]
    totals = {state: sum(sum(counts[n][state]) for n in names) for state in STATES}
    return Figure(
        key=KEY,
        title=_("Tempo: sessions week by week"),
        summary=_summary(len(names), totals, lanes is BY_CATEGORY),
        columns=[
            Column("lane", _("Category") if lanes is BY_CATEGORY else _("Rhythm")),
            Column("week", _("Week of")),
            *[Column(state, str(charts.STATE_LABELS[state])) for state in STATES],
        ],
        rows=table,
        chart=charts.lanes(weeks, [(n, counts[n]) for n in names], STATES) if names else None,
        height=charts.lanes_height(len(names)),
        notes=[
            _(
                "The last %(back)d weeks and the next %(ahead)d; weeks start on Monday. Held: "
                "finished in the runner or someone recorded present. Missed: nothing recorded "
                "a day after it began. Coming: not begun yet, or begun less than a day ago."
            )
            % {"back": WEEKS_BACK, "ahead": WEEKS_AHEAD}
        ],
    )


def _summary(lanes: int, totals: dict[str, int], by_category: bool) -> str:
    if not lanes:
        return _("No sessions in these weeks.")
    counted = (
        ngettext("%(n)d category", "%(n)d categories", lanes)
        if by_category
        else ngettext("%(n)d rhythm", "%(n)d rhythms", lanes)
    ) % {"n": lanes}
    return _("%(lanes)s: %(held)d held, %(missed)d missed, %(coming)d coming.") % {
        "lanes": counted,
        "held": totals["held"],
        "missed": totals["missed"],
        "coming": totals[COMING],
    }
