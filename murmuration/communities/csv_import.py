"""Inviting a list of people from a CSV file (a spreadsheet export).

Importing invites people rather than creating accounts for them: joining a community should be
each person's own choice, and an emailed invitation lets them make it. The web page and the
`murmur import-members` command both call `import_members`; a dry run reports what would happen
without writing anything, so a host can fix the file first.
"""

import csv
import io
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from murmuration.accounts.models import User
from murmuration.errors import ActionError, NotAllowed

from . import actions
from . import permissions as perms
from .models import Community, Invitation, Membership

MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
INVITATION_DAYS = 14
# Spreadsheets in many European locales save "CSV" with semicolons; tabs come from copy-paste.
DELIMITERS = (",", ";", "\t")

INVITE = "invite"
ALREADY_MEMBER = "already_member"
ALREADY_INVITED = "already_invited"
ERROR = "error"
OUTCOMES = (INVITE, ALREADY_MEMBER, ALREADY_INVITED, ERROR)


@dataclass(frozen=True)
class CsvRow:
    line: int  # where the row starts in the file, counting the header as line 1
    name: str
    email: str


@dataclass(frozen=True)
class RowResult:
    line: int
    name: str
    email: str
    outcome: str  # one of OUTCOMES
    message: str


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = True

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.outcome for row in self.rows)
        return {outcome: counted.get(outcome, 0) for outcome in OUTCOMES}

    @property
    def ok(self) -> bool:
        return not any(row.outcome == ERROR for row in self.rows)

    @property
    def summary(self) -> str:
        """One paragraph for the person who ran the import."""
        counts = self.counts
        if self.dry_run:
            parts = [
                ngettext(
                    "%(n)d person will be invited by email.",
                    "%(n)d people will be invited by email.",
                    counts[INVITE],
                )
                % {"n": counts[INVITE]}
            ]
        else:
            parts = [
                ngettext("%(n)d invitation sent.", "%(n)d invitations sent.", counts[INVITE])
                % {"n": counts[INVITE]}
            ]
        skipped = counts[ALREADY_MEMBER] + counts[ALREADY_INVITED]
        if skipped:
            parts.append(
                ngettext(
                    "%(n)d row skipped: already a member or already invited.",
                    "%(n)d rows skipped: already members or already invited.",
                    skipped,
                )
                % {"n": skipped}
            )
        if counts[ERROR] and self.dry_run:
            parts.append(
                ngettext(
                    "%(n)d row has a problem and will be skipped; "
                    "the other rows will still be imported.",
                    "%(n)d rows have problems and will be skipped; "
                    "the other rows will still be imported.",
                    counts[ERROR],
                )
                % {"n": counts[ERROR]}
            )
        elif counts[ERROR]:
            parts.append(
                ngettext(
                    "%(n)d row had a problem and was skipped; the other rows were imported.",
                    "%(n)d rows had problems and were skipped; the other rows were imported.",
                    counts[ERROR],
                )
                % {"n": counts[ERROR]}
            )
        return " ".join(parts)


def decode(data: str | bytes) -> str:
    """Return the file's text, or raise ActionError when it cannot be read at all."""
    size = len(data) if isinstance(data, bytes) else len(data.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise ActionError(
            _("The file is larger than 1 MB. Split it into smaller files and import each one."),
            field="file",
        )
    if isinstance(data, bytes):
        try:
            # utf-8-sig drops the byte order mark that Excel puts at the start of UTF-8 files.
            return data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ActionError(
                _(
                    "The file is not UTF-8 text (unreadable bytes at position %(pos)d). "
                    "In your spreadsheet, save it as “CSV UTF-8”."
                )
                % {"pos": error.start},
                field="file",
            ) from error
    return data.removeprefix("\ufeff")


def _delimiter(header_line: str) -> str:
    for delimiter in DELIMITERS:
        columns = {cell.strip().lower() for cell in header_line.split(delimiter)}
        if {"name", "email"} <= columns:
            return delimiter
    return ","


def parse_members_csv(text: str | bytes) -> list[CsvRow]:
    """Read name and email from every data row; blank rows are left out.

    The first non-blank row must name the columns; "name" and "email" are required, in any order
    and any letter case, and other columns are ignored.
    """
    text = decode(text)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(first_line))
    rows: list[CsvRow] = []
    columns: dict[str, int] | None = None
    previous_end = 0
    try:
        for cells in reader:
            start, previous_end = previous_end + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            if columns is None:
                columns = _columns(cells)
                continue
            if len(rows) >= MAX_ROWS:
                raise ActionError(
                    _("The file has more than %(max)s rows. Split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}"},
                    field="file",
                )
            rows.append(
                CsvRow(
                    line=start,
                    name=_cell(cells, columns["name"]),
                    email=_cell(cells, columns["email"]),
                )
            )
    except csv.Error as error:
        raise ActionError(
            _("Line %(line)d could not be read as CSV: %(error)s")
            % {"line": reader.line_num, "error": error},
            field="file",
        ) from error
    if columns is None:
        raise ActionError(
            _("The file is empty. The first row should name the columns “name” and “email”."),
            field="file",
        )
    return rows


def _columns(header: list[str]) -> dict[str, int]:
    found = [cell.strip().lower() for cell in header]
    missing = [name for name in ("name", "email") if name not in found]
    if missing:
        raise ActionError(
            _(
                "The first row must name the columns “name” and “email” (in any order); "
                "this file's first row is: %(header)s"
            )
            % {"header": ", ".join(cell.strip() for cell in header)[:200]},
            field="file",
        )
    return {name: found.index(name) for name in ("name", "email")}


def _cell(cells: list[str], index: int) -> str:
    return cells[index].strip() if index < len(cells) else ""


def import_members(
    host: User, community: Community, text: str | bytes, *, dry_run: bool
) -> ImportReport:
    """Check every row and, unless this is a dry run, invite the people who can be invited.

    Rows with problems are reported and skipped; the others are still imported, all in one
    transaction, and the invitation emails go out once it has committed.
    """
    if not perms.can_host(perms.viewer_for(host, community)):
        raise NotAllowed(_("Only hosts can import members."))
    rows = parse_members_csv(text)
    report = ImportReport(dry_run=dry_run)
    if dry_run:
        # No transaction: on SQLite it would take the write lock just to read.
        for row, outcome, message in _check(community, rows):
            report.rows.append(RowResult(row.line, row.name, row.email, outcome, message))
        return report
    with transaction.atomic():
        for row, outcome, message in _check(community, rows):
            if outcome == INVITE:
                outcome, message = _invite(host, community, row)
            report.rows.append(RowResult(row.line, row.name, row.email, outcome, message))
    return report


def _check(community: Community, rows: list[CsvRow]) -> list[tuple[CsvRow, str, str]]:
    """Decide each row's outcome with two queries, however long the file."""
    emails = [row.email.lower() for row in rows if row.email]
    members = set(
        Membership.objects.filter(community=community)
        .annotate(email=Lower("user__email"))
        .filter(email__in=emails)
        .values_list("email", flat=True)
    )
    # Email invitations are stored lower-cased by create_invitation.
    invited = set(
        Invitation.objects.filter(
            community=community,
            email__in=emails,
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            uses__lt=F("max_uses"),
        ).values_list("email", flat=True)
    )
    first_line: dict[str, int] = {}
    results = []
    for row in rows:
        email = row.email.lower()
        if not email:
            results.append((row, ERROR, _("Missing email")))
            continue
        try:
            validate_email(email)
        except ValidationError:
            results.append((row, ERROR, _("Invalid email address")))
            continue
        if email in first_line:
            results.append(
                (row, ERROR, _("Same email as line %(line)d") % {"line": first_line[email]})
            )
            continue
        first_line[email] = row.line
        if email in members:
            results.append((row, ALREADY_MEMBER, _("Already a member")))
        elif email in invited:
            results.append((row, ALREADY_INVITED, _("Already invited; the invitation is open")))
        else:
            results.append((row, INVITE, _("Will be invited by email")))
    return results


def _invite(host: User, community: Community, row: CsvRow) -> tuple[str, str]:
    try:
        # create_invitation is atomic, so a refused row rolls back to its own savepoint and the
        # rest of the import carries on.
        actions.create_invitation(host, community, email=row.email, days=INVITATION_DAYS)
    except ActionError as error:
        return ERROR, error.message
    return INVITE, _("Invitation sent")
