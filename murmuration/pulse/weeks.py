"""Weeks as the pulse counts them: starting on Monday at midnight in the viewer's own zone.

Which week a session falls in is decided by the database comparing its start with the week
boundaries computed here (a CASE over a dozen moments), not by truncating each row's date in the
viewer's zone: the comparison is exact across daylight-saving changes, the same on SQLite and
PostgreSQL, and costs SQLite no Python call per row.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone


@dataclass(frozen=True)
class Window:
    """Whole weeks from `back` weeks before the current one to `ahead` weeks after it."""

    now: datetime
    zone: ZoneInfo
    back: int
    ahead: int = 0

    @cached_property
    def weeks(self) -> list[date]:
        today = timezone.localtime(self.now, self.zone).date()
        monday = today - timedelta(days=today.weekday())
        return [monday + timedelta(weeks=n) for n in range(-self.back, self.ahead + 1)]

    @cached_property
    def boundaries(self) -> list[datetime]:
        """Where each week starts, and where the last one ends."""
        days = [*self.weeks, self.weeks[-1] + timedelta(weeks=1)]
        return [datetime.combine(day, time.min, tzinfo=self.zone) for day in days]

    @property
    def start(self) -> datetime:
        return self.boundaries[0]

    @property
    def end(self) -> datetime:
        return self.boundaries[-1]

    def index(self, field: str) -> Case:
        """The number of the week `field` falls in, for rows already inside the window."""
        return Case(
            *[
                When(**{f"{field}__lt": end}, then=Value(n))
                for n, end in enumerate(self.boundaries[1:])
            ],
            output_field=IntegerField(),
        )


def label(week: date) -> str:
    return week.isoformat()
