"""RFC 5545 recurrence rules for rhythms: checking what people type, and expanding it into dates.

A rhythm's rule is expanded in the *local wall-clock time* of its own time zone and only then
turned into UTC, so a weekly 19:00 meeting stays at 19:00 when the clocks change. Local times
that do not exist (the hour skipped in spring) are read with the offset from before the gap, as
RFC 5545 says and calendar apps do: 01:30 on the morning London skips that hour becomes 02:30 BST.
Local times that happen twice (the hour repeated in autumn) mean the first of the two.

Only the parts a rhythm needs are accepted. Sub-daily frequencies and BYHOUR/BYMINUTE/BYSECOND
are refused because a rhythm's time of day comes from its start time; BYWEEKNO and BYYEARDAY are
refused because they are rarely what anyone means and make rules hard to read back.

No Django imports: the calendar feeds and the tests use this module directly.
"""

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil import rrule as du  # type: ignore[import-untyped, unused-ignore]

PRESETS = {
    "weekly": "FREQ=WEEKLY",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "yearly": "FREQ=YEARLY",
}
MAX_RULE_LENGTH = 500
MAX_COUNT = 1000
MAX_INTERVAL = 100
# Expanding a window never returns more than this, whatever the caller asks for.
MAX_EXPANSION = 5000

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_FREQS = {"DAILY": du.DAILY, "WEEKLY": du.WEEKLY, "MONTHLY": du.MONTHLY, "YEARLY": du.YEARLY}
_TOO_OFTEN = {"SECONDLY", "MINUTELY", "HOURLY"}
_UNSUPPORTED = {
    "BYHOUR": "The time of day comes from the rhythm's start time, so BYHOUR is not used.",
    "BYMINUTE": "The time of day comes from the rhythm's start time, so BYMINUTE is not used.",
    "BYSECOND": "The time of day comes from the rhythm's start time, so BYSECOND is not used.",
    "BYWEEKNO": "BYWEEKNO is not supported; describe the days with BYDAY, BYMONTHDAY and BYMONTH.",
    "BYYEARDAY": "BYYEARDAY is not supported; describe the days with BYMONTHDAY and BYMONTH.",
}
_KNOWN = {"FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "BYSETPOS"}
_KNOWN |= {"WKST"}
_BYDAY = re.compile(r"^([+-]?)(\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")
_UNTIL = re.compile(r"^(\d{8})(?:T(\d{6})(Z?))?$")
_INT = re.compile(r"^[+-]?\d{1,9}$")


class RecurrenceError(ValueError):
    """A rule that cannot be used, with a message for the person who wrote it."""


@dataclass(frozen=True)
class Rule:
    """A checked rule. `until` is always in UTC, as RFC 5545 requires when DTSTART has a zone."""

    freq: str
    interval: int = 1
    count: int | None = None
    until: datetime | None = None
    byday: tuple[tuple[int, str], ...] = ()  # (nth or 0, "MO")
    bymonthday: tuple[int, ...] = ()
    bymonth: tuple[int, ...] = ()
    bysetpos: tuple[int, ...] = ()
    wkst: str | None = None

    def text(self) -> str:
        """The canonical RRULE value (without the "RRULE:" prefix), as stored on a rhythm."""
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.until is not None:
            parts.append(f"UNTIL={self.until:%Y%m%dT%H%M%SZ}")
        if self.bymonth:
            parts.append("BYMONTH=" + ",".join(map(str, self.bymonth)))
        if self.bymonthday:
            parts.append("BYMONTHDAY=" + ",".join(map(str, self.bymonthday)))
        if self.byday:
            parts.append("BYDAY=" + ",".join(f"{n or ''}{day}" for n, day in self.byday))
        if self.bysetpos:
            parts.append("BYSETPOS=" + ",".join(map(str, self.bysetpos)))
        if self.wkst:
            parts.append(f"WKST={self.wkst}")
        return ";".join(parts)


# Parsing -------------------------------------------------------------------------------------


def parse(value: str, time_zone: str = "UTC") -> Rule:
    """Read a preset name or an RRULE, or raise RecurrenceError saying what is wrong.

    `time_zone` is the rhythm's zone: an UNTIL given as a date or a floating local time means
    that zone's local time and is converted to UTC.
    """
    text = (value or "").strip()
    if not text:
        raise RecurrenceError("Please choose how often the rhythm repeats.")
    if text.lower() in PRESETS:
        text = PRESETS[text.lower()]
    if len(text) > MAX_RULE_LENGTH:
        raise RecurrenceError(f"A recurrence rule can be at most {MAX_RULE_LENGTH} characters.")
    text = _single_rrule_line(text)
    parts = _split_parts(text)
    freq = parts.pop("FREQ", None)
    if freq is None:
        raise RecurrenceError("The rule needs a FREQ, for example FREQ=WEEKLY.")
    if freq in _TOO_OFTEN:
        raise RecurrenceError(f"FREQ={freq} is too often for a rhythm; the most is daily.")
    if freq not in _FREQS:
        raise RecurrenceError(f"“{freq}” is not a frequency; use DAILY, WEEKLY, MONTHLY or YEARLY.")
    if "COUNT" in parts and "UNTIL" in parts:
        raise RecurrenceError("A rule can end after a COUNT or on an UNTIL date, not both.")
    bymonth = tuple(_ints(parts.pop("BYMONTH", ""), "BYMONTH", 1, 12))
    bymonthday = tuple(_ints(parts.pop("BYMONTHDAY", ""), "BYMONTHDAY", 1, 31, signed=True))
    if bymonthday and freq == "WEEKLY":
        raise RecurrenceError("BYMONTHDAY cannot be used with FREQ=WEEKLY.")
    rule = Rule(
        freq=freq,
        interval=_int(parts.pop("INTERVAL", "1"), "INTERVAL", 1, MAX_INTERVAL),
        count=_int(parts["COUNT"], "COUNT", 1, MAX_COUNT) if "COUNT" in parts else None,
        until=_until(parts["UNTIL"], time_zone) if "UNTIL" in parts else None,
        byday=_byday(parts.pop("BYDAY", ""), freq, bool(bymonth)),
        bymonthday=bymonthday,
        bymonth=bymonth,
        bysetpos=tuple(_ints(parts.pop("BYSETPOS", ""), "BYSETPOS", 1, 366, signed=True)),
        wkst=_weekday(parts.pop("WKST"), "WKST") if "WKST" in parts else None,
    )
    if rule.bysetpos and not (rule.byday or rule.bymonthday or rule.bymonth):
        raise RecurrenceError("BYSETPOS needs BYDAY, BYMONTHDAY or BYMONTH to pick from.")
    _check_month_days(rule)
    return rule


def normalise(value: str, time_zone: str = "UTC") -> str:
    """The canonical stored form of a preset or RRULE."""
    return parse(value, time_zone).text()


def _single_rrule_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    rrules = []
    for line in lines:
        name = line.split(":", 1)[0].split(";", 1)[0].upper() if ":" in line else ""
        if name == "DTSTART":
            raise RecurrenceError(
                "The first date and time have their own fields; paste only the RRULE line."
            )
        if name in {"EXDATE", "RDATE", "EXRULE"}:
            raise RecurrenceError(
                f"{name} is not supported here; move or cancel single sessions instead."
            )
        if name == "RRULE":
            line = line.split(":", 1)[1]
        elif name:
            raise RecurrenceError(f"“{name}” is not part of a recurrence rule.")
        rrules.append(line)
    if len(rrules) != 1:
        raise RecurrenceError("Give exactly one recurrence rule.")
    return rrules[0]


def _split_parts(text: str) -> dict[str, str]:
    parts: dict[str, str] = {}
    for chunk in text.upper().split(";"):
        chunk = chunk.strip()
        if not chunk:
            continue
        key, sep, value = chunk.partition("=")
        key, value = key.strip(), value.strip()
        if not sep or not value:
            raise RecurrenceError(f"“{chunk}” should look like NAME=VALUE, e.g. FREQ=WEEKLY.")
        if key in _UNSUPPORTED:
            raise RecurrenceError(_UNSUPPORTED[key])
        if key not in _KNOWN:
            raise RecurrenceError(f"“{key}” is not a part of a recurrence rule.")
        if key in parts:
            raise RecurrenceError(f"{key} appears twice.")
        parts[key] = value
    return parts


def _int(value: str, name: str, low: int, high: int, *, signed: bool = False) -> int:
    if not _INT.match(value):
        raise RecurrenceError(f"{name} must be a whole number, not “{value}”.")
    number = int(value)
    if signed and low <= -number <= high:
        return number
    if not low <= number <= high:
        raise RecurrenceError(f"{name} must be between {low} and {high}, not {number}.")
    return number


def _ints(value: str, name: str, low: int, high: int, *, signed: bool = False) -> list[int]:
    if not value:
        return []
    numbers = [_int(v.strip(), name, low, high, signed=signed) for v in value.split(",")]
    return sorted(set(numbers), key=numbers.index)


def _weekday(value: str, name: str) -> str:
    if value not in WEEKDAYS:
        raise RecurrenceError(f"{name} must be one of {', '.join(WEEKDAYS)}, not “{value}”.")
    return value


def _byday(value: str, freq: str, with_month: bool) -> tuple[tuple[int, str], ...]:
    if not value:
        return ()
    # An ordinal ("2TU", "-1FR") counts within the month, or within the year for a yearly rule
    # without BYMONTH; in a daily or weekly rule it has no meaning.
    limit = 53 if freq == "YEARLY" and not with_month else 5
    days: list[tuple[int, str]] = []
    for item in value.split(","):
        item = item.strip()
        match = _BYDAY.match(item)
        if not match:
            raise RecurrenceError(
                f"“{item}” in BYDAY is not a weekday; use MO, TU, WE, TH, FR, SA or SU, "
                "optionally with a position such as 2TU or -1FR."
            )
        sign, number, day = match.groups()
        nth = int(number) * (-1 if sign == "-" else 1) if number else 0
        if number and freq not in {"MONTHLY", "YEARLY"}:
            raise RecurrenceError(
                f"“{item}”: a position in BYDAY only works with FREQ=MONTHLY or YEARLY."
            )
        if number and not 1 <= abs(nth) <= limit:
            raise RecurrenceError(f"“{item}”: the position must be between 1 and {limit}.")
        if (nth, day) not in days:
            days.append((nth, day))
    return tuple(days)


def _until(value: str, time_zone: str) -> datetime:
    match = _UNTIL.match(value)
    if not match:
        raise RecurrenceError(
            f"UNTIL “{value}” should be a date like 20260131 or a time like 20260131T190000Z."
        )
    day, clock, utc = match.groups()
    try:
        if clock is None:
            # A bare date includes the whole of that day, in the rhythm's own zone.
            local = datetime.strptime(day, "%Y%m%d").replace(hour=23, minute=59, second=59)
            return to_utc(local, time_zone)
        moment = datetime.strptime(day + clock, "%Y%m%d%H%M%S")
        return moment.replace(tzinfo=UTC) if utc else to_utc(moment, time_zone)
    except ValueError as error:
        raise RecurrenceError(f"UNTIL “{value}” is not a real date.") from error
    except OverflowError as error:
        # The last day of year 9999 in a zone behind UTC (or the first of year 1 ahead of it)
        # has no UTC time to store.
        raise RecurrenceError(f"UNTIL “{value}” is too far away.") from error


_LONGEST_MONTH = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31}
_LONGEST_MONTH |= {11: 30, 12: 31}


def _check_month_days(rule: Rule) -> None:
    """Refuse day-of-month and month combinations that no calendar has, such as 30 February."""
    if not (rule.bymonth and rule.bymonthday):
        return
    if not any(abs(d) <= _LONGEST_MONTH[m] for m in rule.bymonth for d in rule.bymonthday):
        raise RecurrenceError("Those months never have those days, so the rule gives no dates.")


# Expanding -----------------------------------------------------------------------------------


def to_utc(local: datetime, time_zone: str) -> datetime:
    """A naive local wall-clock time in `time_zone` as an aware UTC datetime.

    fold=0 gives both calendar conventions at once: a time in the spring-forward gap is read
    with the offset from before the gap (so it lands later by the gap's length), and a time in
    the autumn overlap means its first occurrence.
    """
    zone = ZoneInfo(time_zone)
    return local.replace(tzinfo=zone, fold=0).astimezone(UTC)


def to_local(moment: datetime, time_zone: str) -> datetime:
    """An aware datetime as naive wall-clock time in `time_zone`."""
    return moment.astimezone(ZoneInfo(time_zone)).replace(tzinfo=None)


def _build(rule: Rule, dtstart: datetime, time_zone: str, *, bounded: bool = True) -> du.rrule:
    until = to_local(rule.until, time_zone) if bounded and rule.until else None
    kwargs: dict[str, object] = {
        "dtstart": dtstart,
        "interval": rule.interval,
        "count": rule.count if bounded else None,
        "until": until,
        "cache": False,
    }
    if rule.wkst:
        kwargs["wkst"] = WEEKDAYS.index(rule.wkst)
    if rule.bymonth:
        kwargs["bymonth"] = rule.bymonth
    if rule.bymonthday:
        kwargs["bymonthday"] = rule.bymonthday
    if rule.bysetpos:
        kwargs["bysetpos"] = rule.bysetpos
    if rule.byday:
        kwargs["byweekday"] = [du.weekday(WEEKDAYS.index(day), n or None) for n, day in rule.byday]
    return du.rrule(_FREQS[rule.freq], **kwargs)


def _local_start(start_date: date, start_time: time) -> datetime:
    return datetime.combine(start_date, start_time.replace(second=0, microsecond=0, tzinfo=None))


def first_occurrence(
    rule: Rule | str, start_date: date, start_time: time, time_zone: str
) -> datetime | None:
    """The first start the rule gives on or after the start date, in UTC; None if it gives none.

    A rule can ask for dates no calendar ever has (the fifth Monday that is also the first of
    the month); dateutil would then search up to the year 9999, which takes seconds. The
    Gregorian calendar repeats exactly every 400 years, so the search runs on the same rule
    moved into the 9200s, where it gives up after a few centuries, and the answer is moved back.
    """
    rule = parse(rule) if isinstance(rule, str) else rule
    start = _local_start(start_date, start_time)
    shift = 400 * ((9599 - start.year) // 400)
    try:
        probe = _build(rule, start.replace(year=start.year + shift), time_zone, bounded=False)
        found = next(iter(probe), None)
    except (OverflowError, ValueError):
        found = None
    if found is None:
        return None
    try:
        first = to_utc(found.replace(year=found.year - shift), time_zone)
    except (OverflowError, ValueError):
        # Past the year 9999, or a local time at the very end of the calendar that has no UTC
        # time: no calendar can hold that session, so the rule gives none.
        return None
    if rule.until is not None and first > rule.until:
        return None
    return first


def check(rule: Rule | str, start_date: date, start_time: time, time_zone: str) -> datetime:
    """Raise RecurrenceError unless the rule gives at least one start; return the first."""
    first = first_occurrence(rule, start_date, start_time, time_zone)
    if first is None:
        raise RecurrenceError("This rule gives no dates on or after the first date.")
    return first


def occurrences(
    rule: Rule | str,
    start_date: date,
    start_time: time,
    time_zone: str,
    *,
    after: datetime,
    before: datetime,
    limit: int = MAX_EXPANSION,
) -> list[datetime]:
    """UTC starts with after <= start < before, in order, computed in local wall-clock time."""
    rule = parse(rule) if isinstance(rule, str) else rule
    if before <= after:
        return []
    # A day's margin either side covers every UTC offset; the exact filter is on UTC below.
    low = max(to_local(after, time_zone) - timedelta(days=1), _local_start(start_date, start_time))
    high = to_local(before, time_zone) + timedelta(days=1)
    expanded = _build(rule, _local_start(start_date, start_time), time_zone).xafter(low, inc=True)
    result: list[datetime] = []
    for local in islice(expanded, MAX_EXPANSION * 2):
        if local >= high:
            break
        moment = to_utc(local, time_zone)
        if rule.until is not None and moment > rule.until:
            break
        if after <= moment < before:
            result.append(moment)
            if len(result) >= limit:
                break
    return result
