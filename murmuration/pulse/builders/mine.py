"""My pulse: my rhythms, my sessions, and the people I share groups with, across my communities.

Everything here is the person's own or what their groups already show them; the groups come
from `rhythms.queries.my_group_ids`, which drops a group the moment its community is left.
"""

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from murmuration.accounts.models import User
from murmuration.rhythms.models import Session
from murmuration.rhythms.queries import my_group_ids

from .. import charts, queries
from ..connections import POD_MAX
from ..figures import Column, Figure
from ..health import COMING, HELD, MISSED
from ..scope import zone_of
from ..weeks import Window, label
from . import tempo

RHYTHMS = "my-rhythms"
SESSIONS = "my-sessions"
PEOPLE = "my-people"
SESSION_WEEKS_BACK = 11
SESSION_WEEKS_AHEAD = 4


@dataclass
class Me:
    user: User
    now: datetime = field(default_factory=timezone.now)

    @property
    def zone(self) -> ZoneInfo:
        return zone_of(self.user)


def my_rhythms(me: Me) -> Figure:
    sessions = Session.objects.filter(group_id__in=my_group_ids(me.user))
    window = Window(me.now, me.zone, tempo.WEEKS_BACK, tempo.WEEKS_AHEAD)
    figure = tempo.figure(sessions, tempo.BY_RHYTHM_AND_GROUP, window)
    figure.key = RHYTHMS
    figure.title = _("My rhythms")
    return figure


THERE, NOT_THERE, NOT_RECORDED = "there", "not_there", "not_recorded"


def my_sessions(me: Me) -> Figure:
    window = Window(me.now, me.zone, SESSION_WEEKS_BACK, SESSION_WEEKS_AHEAD)
    weeks = window.weeks
    kinds = (THERE, NOT_THERE, NOT_RECORDED, COMING)
    counts = {kind: [0] * len(weeks) for kind in kinds}
    for row in queries.my_presence_counts(me.user, window):
        kind = _kind(row["state"], row["me"])
        if kind:
            counts[kind][weeks.index(row["week"])] += row["n"]
    labels = {
        THERE: _("I was there"),
        NOT_THERE: _("I was not there"),
        NOT_RECORDED: _("Not recorded"),
        COMING: _("Coming"),
    }
    colours = {
        THERE: charts.STATE_COLOURS[HELD],
        NOT_THERE: charts.STATE_COLOURS[MISSED],
        NOT_RECORDED: "#8a93a3",
        COMING: charts.STATE_COLOURS[COMING],
    }
    there, not_there = sum(counts[THERE]), sum(counts[NOT_THERE])
    return Figure(
        key=SESSIONS,
        title=_("My sessions"),
        summary=(
            _("You were recorded at %(there)d of the %(all)d sessions recorded for you.")
            % {"there": there, "all": there + not_there}
            if there + not_there
            else _("No attendance recorded for you yet.")
        ),
        columns=[
            Column("week", _("Week of")),
            *[Column(kind, str(labels[kind])) for kind in kinds],
        ],
        rows=[
            {"week": label(week), **{kind: counts[kind][i] for kind in kinds}}
            for i, week in enumerate(weeks)
        ],
        chart=charts.stacked_bars(
            [charts.week_label(week) for week in weeks],
            [(str(labels[kind]), colours[kind], counts[kind]) for kind in kinds],
        )
        if any(any(values) for values in counts.values())
        else None,
        notes=[_("Sessions of all your groups; cancelled ones are left out.")],
    )


def _kind(state: str, present: bool | None) -> str | None:
    if state == COMING:
        return COMING
    if present is True:
        return THERE
    if present is False:
        return NOT_THERE
    return NOT_RECORDED if state in (HELD, MISSED) else None


def my_people(me: Me) -> Figure:
    people = queries.people_i_share_groups_with(me.user)
    pods = sum(1 for p in people if p["pods"])
    return Figure(
        key=PEOPLE,
        title=_("People I share groups with"),
        summary=(
            ngettext(
                "%(n)d person shares a group with you; ",
                "%(n)d people share a group with you; ",
                len(people),
            )
            % {"n": len(people)}
            + ngettext("%(n)d of them a small group.", "%(n)d of them a small group.", pods)
            % {"n": pods}
        )
        if people
        else _("You share no group with anyone yet."),
        columns=[
            Column("name", _("Name")),
            Column("groups", _("Groups shared")),
            Column("pods", _("Small groups shared")),
        ],
        rows=people,
        chart=charts.horizontal_bars(
            [p["name"] for p in people],
            [
                (_("Small groups"), charts.ACCENT, [p["pods"] for p in people]),
                (_("Other groups"), charts.ACCENT_SOFT, [p["groups"] - p["pods"] for p in people]),
            ],
            _("Groups shared"),
        )
        if people
        else None,
        height=charts.horizontal_height(len(people)),
        notes=[_("A small group has at most %(n)d members.") % {"n": POD_MAX}],
    )


BUILDERS = {RHYTHMS: my_rhythms, SESSIONS: my_sessions, PEOPLE: my_people}
