"""Attendance over time: how many people were recorded present and absent, week by week."""

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from murmuration.rhythms.models import Attendance

from .. import charts, queries
from ..figures import Column, Figure, Row
from ..health import HELD, MISSED, Tally, percent
from ..scope import Scope
from ..weeks import Window, label

KEY = "attendance"
WEEKS = 12


def build(scope: Scope) -> Figure:
    attendance = Attendance.objects.filter(session__group_id__in=scope.counted_ids)
    return figure(attendance, Window(scope.now, scope.zone, back=WEEKS - 1))


def figure(attendance: QuerySet[Attendance], window: Window) -> Figure:
    by_week = queries.tallies([], queries.attendance_counts(attendance, window), "week")
    weeks = window.weeks
    tallies = [by_week.get(week, Tally()) for week in weeks]
    rows: list[Row] = [
        {
            "week": label(week),
            "present": tally.present,
            "absent": tally.absent,
            "attendance_percent": percent(tally.attendance_rate),
        }
        for week, tally in zip(weeks, tallies, strict=True)
    ]
    total = Tally(present=sum(t.present for t in tallies), absent=sum(t.absent for t in tallies))
    recorded = total.present + total.absent
    return Figure(
        key=KEY,
        title=_("Attendance over time"),
        summary=(
            _("%(rate)d%% of the people recorded were there, over the last %(weeks)d weeks.")
            % {"rate": percent(total.attendance_rate), "weeks": WEEKS}
            if recorded
            else _("No attendance recorded in the last %(weeks)d weeks.") % {"weeks": WEEKS}
        ),
        columns=[
            Column("week", _("Week of")),
            Column("present", _("Present")),
            Column("absent", _("Absent")),
            Column("attendance_percent", _("Attendance (%)")),
        ],
        rows=rows,
        chart=(
            charts.bars_and_rate(
                [charts.week_label(week) for week in weeks],
                [
                    (_("Present"), charts.STATE_COLOURS[HELD], [t.present for t in tallies]),
                    (_("Absent"), charts.STATE_COLOURS[MISSED], [t.absent for t in tallies]),
                ],
                _("Attendance (%)"),
                [percent(t.attendance_rate) for t in tallies],
                stacked=True,
            )
            if recorded
            else None
        ),
        notes=[_("People recorded present or absent at sessions that began in each week.")],
    )
