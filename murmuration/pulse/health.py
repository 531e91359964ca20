"""What counts as held, missed or coming, and how healthy a group is from that.

Health is read only from what the rhythms already record, and only as counts: how many of the
sessions that have passed took place, and of the people whose attendance was recorded, how many
were there. No check-in, note or rating is read. No Django imports, so the rules are plain to test.
"""

from dataclasses import dataclass

HELD = "held"
MISSED = "missed"
CANCELLED = "cancelled"
COMING = "coming"
STATES = (HELD, MISSED, CANCELLED, COMING)

THRIVING = "thriving"
STEADY = "steady"
STRUGGLING = "struggling"
QUIET = "quiet"
HEALTHS = (THRIVING, STEADY, STRUGGLING, QUIET)

# Score thresholds: three of four sessions held with most people there reads as thriving; fewer
# than half as struggling. The table always shows the counts behind the word.
THRIVING_FROM = 0.75
STEADY_FROM = 0.5


@dataclass
class Tally:
    """Sessions by state and recorded attendance, for one group, rhythm or week."""

    held: int = 0
    missed: int = 0
    cancelled: int = 0
    coming: int = 0
    present: int = 0
    absent: int = 0

    def add_sessions(self, state: str, count: int) -> None:
        setattr(self, state, getattr(self, state) + count)

    @property
    def past(self) -> int:
        return self.held + self.missed + self.cancelled

    @property
    def held_rate(self) -> float | None:
        return self.held / self.past if self.past else None

    @property
    def attendance_rate(self) -> float | None:
        recorded = self.present + self.absent
        return self.present / recorded if recorded else None

    @property
    def health(self) -> str:
        """Thriving, steady or struggling from the score; quiet when no session has passed."""
        score = self.score
        if score is None:
            return QUIET
        if score >= THRIVING_FROM:
            return THRIVING
        return STEADY if score >= STEADY_FROM else STRUGGLING

    @property
    def score(self) -> float | None:
        """The share of sessions held, averaged with the attendance rate where one is recorded."""
        held = self.held_rate
        if held is None:
            return None
        attendance = self.attendance_rate
        return held if attendance is None else (held + attendance) / 2


def percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)
