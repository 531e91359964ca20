"""Weeks as the pulse counts them: starting on Monday at midnight in the viewer's own zone."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db.models import F
from django.db.models.functions import TruncWeek
from django.utils import timezone


@dataclass(frozen=True)
class Window:
    """Whole weeks from `back` weeks before the current one to `ahead` weeks after it."""

    now: datetime
    zone: ZoneInfo
    back: int
    ahead: int = 0

    @property
    def weeks(self) -> list[date]:
        monday = _monday(timezone.localtime(self.now, self.zone).date())
        return [monday + timedelta(weeks=n) for n in range(-self.back, self.ahead + 1)]

    @property
    def start(self) -> datetime:
        return _midnight(self.weeks[0], self.zone)

    @property
    def end(self) -> datetime:
        return _midnight(self.weeks[-1] + timedelta(weeks=1), self.zone)


def week_of(field: str, zone: ZoneInfo) -> TruncWeek:
    return TruncWeek(F(field), tzinfo=zone)


def as_week(value: datetime | date, zone: ZoneInfo) -> date:
    """The Monday a truncated value stands for; databases hand it back in different zones."""
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value, zone)
        return _monday(value.date())
    return _monday(value)


def label(week: date) -> str:
    return week.isoformat()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _midnight(day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=zone)
