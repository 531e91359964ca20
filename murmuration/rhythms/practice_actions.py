"""Every change to a community's practices, and finding the practice an address names.

Views, the API and the CLI all call these. Each change checks permission through
`rhythms.permissions`, validates with `rhythms.practices` (whose messages name the field, e.g.
"steps[3].minutes"), and writes inside one transaction, so a refused or invalid request leaves
nothing behind.

Addresses: a community's practices and the built-ins share one address space under
/c/<community>/practices/, so a community's own practice never takes a built-in's slug, nor
"new" or "import", which are pages of the library itself. Should a later built-in arrive with
a slug a community already uses, the community's own practice is the one its address finds.

Slug clashes: creating a practice with an explicit slug that is taken is a Conflict (the person
chose that address). An import never replaces anything: a file whose slug is taken becomes a new
practice with a numbered slug ("case-clinic-2"), so importing the same file twice gives two
practices, and importing an exported built-in gives the community its own copy to adapt.
"""

from datetime import UTC, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from murmuration.accounts.models import User
from murmuration.communities import permissions as community_perms
from murmuration.communities.models import Community
from murmuration.errors import ActionError, Conflict, NotAllowed, NotFound

from . import permissions as perms
from .models import Practice
from .practices import (
    NAME_MAX,
    SLUG_MAX,
    CleanPractice,
    PracticeFileError,
    from_model,
    load_documents,
    load_file,
    validate_practice,
)

RESERVED_SLUGS = frozenset({"new", "import"})


# Finding practices -----------------------------------------------------------------------------


def library(community: Community) -> QuerySet[Practice]:
    """The built-ins and the community's own practices, by name."""
    return Practice.objects.filter(Q(community=None) | Q(community=community))


def practice_for(community: Community, slug: str) -> Practice | None:
    """The practice at `slug` in a community's library: its own first, then a built-in."""
    return (
        library(community)
        .filter(slug=slug)
        .order_by(F("community_id").asc(nulls_last=True))
        .first()
    )


def not_found() -> NotFound:
    return NotFound(_("Practice not found."))


# Helpers ---------------------------------------------------------------------------------------


def _file_error(error: PracticeFileError) -> ActionError:
    # A problem with no particular field is about the file as a whole.
    return ActionError(error.message, field=error.field or "file")


def _clean(data: object) -> CleanPractice:
    try:
        return validate_practice(data)
    except PracticeFileError as error:
        raise _file_error(error) from error


def _taken_slugs(community: Community, base: str) -> set[str]:
    slugs = library(community).filter(slug__startswith=base).values_list("slug", flat=True)
    return set(slugs) | RESERVED_SLUGS


def _free_slug(community: Community, base: str) -> str:
    """`base`, or `base-2`, `base-3`…, whichever is free in the community's library."""
    base = base[: SLUG_MAX - 4].strip("-") or "practice"
    taken = _taken_slugs(community, base)
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _chosen_slug(community: Community, slug: str, current: Practice | None = None) -> str:
    """A slug the person asked for: refused with a clear message when it is in use."""
    clash = practice_for(community, slug)
    if slug in RESERVED_SLUGS or (clash is not None and clash != current):
        raise Conflict(
            _("The address “%(slug)s” is already used in this library; choose another slug.")
            % {"slug": slug},
            field="slug",
        )
    return slug


def _save(practice: Practice) -> Practice:
    # The unique constraint catches two people claiming the same slug at the same moment; the
    # savepoint keeps the surrounding transaction usable so the Conflict reaches the caller.
    try:
        with transaction.atomic():
            practice.save()
    except IntegrityError as error:
        raise Conflict(
            _("Another practice took the address “%(slug)s” just now; please try again.")
            % {"slug": practice.slug},
            field="slug",
        ) from error
    return practice


def _new(user: User, community: Community, clean: CleanPractice, slug: str) -> Practice:
    return _save(
        Practice(
            community=community,
            slug=slug,
            created_by=user,
            updated_at=timezone.now(),
            **clean.model_fields(),
        )
    )


def _same_moment(stored: datetime, seen: datetime) -> bool:
    # JSON answers carry times to the millisecond (Django's encoder drops the rest), so a
    # client can only send back what it was given at that precision.
    if timezone.is_naive(seen):
        seen = timezone.make_aware(seen, UTC)
    return abs(stored - seen) < timedelta(milliseconds=1)


def _require_adder(user: User, community: Community) -> None:
    viewer = community_perms.viewer_for(user, community)
    if not perms.can_add_practice(viewer):
        raise NotAllowed(
            _("Only members of %(c)s can add practices to its library.") % {"c": community.name}
        )


def _require_changer(user: User, practice: Practice) -> None:
    if practice.community is None:
        raise NotAllowed(
            _("Built-in practices cannot be changed here; make a copy to adapt it instead.")
        )
    viewer = community_perms.viewer_for(user, practice.community)
    if not perms.can_change_practice(viewer, practice):
        raise NotAllowed(
            _("Only the community's hosts and the person who added a practice can change it.")
        )


# Changes ---------------------------------------------------------------------------------------


@transaction.atomic
def create_practice(user: User, community: Community, data: object) -> Practice:
    """Add a practice from a practice mapping; its slug comes from its name unless given."""
    _require_adder(user, community)
    clean = _clean(data)
    if clean.slug:
        slug = _chosen_slug(community, clean.slug)
    else:
        slug = _free_slug(community, clean.suggested_slug())
    return _new(user, community, clean, slug)


@transaction.atomic
def update_practice(
    user: User,
    practice: Practice,
    data: object,
    *,
    expected_updated_at: datetime | None = None,
) -> Practice:
    """Replace a practice's content with `data`; a missing slug keeps the current one.

    Returns the saved practice (a fresh object; `practice` itself is left as it was).

    `expected_updated_at` is the `updated_at` the person saw when they started editing. When
    the practice has changed since, nothing is saved: silently keeping the last writer's steps
    would throw away someone else's work.
    """
    # Only the practice's row is locked: PostgreSQL refuses FOR UPDATE on the nullable side
    # of the outer join that brings the community along (built-ins have none).
    locked = (
        Practice.objects.select_for_update(of=("self",))
        .select_related("community")
        .filter(pk=practice.pk)
        .first()
    )
    if locked is None:
        raise not_found()
    _require_changer(user, locked)
    if expected_updated_at is not None and not _same_moment(locked.updated_at, expected_updated_at):
        raise Conflict(
            _(
                "Someone else changed this practice after you opened it. Nothing was saved: "
                "reload to see their version, then make your change again."
            )
        )
    clean = _clean(data)
    assert locked.community is not None  # _require_changer refuses built-ins
    if clean.slug and clean.slug != locked.slug:
        locked.slug = _chosen_slug(locked.community, clean.slug, current=locked)
    for name, value in clean.model_fields().items():
        setattr(locked, name, value)
    locked.updated_at = timezone.now()
    return _save(locked)


@transaction.atomic
def delete_practice(user: User, practice: Practice) -> None:
    """Rhythms and sessions that used it keep their times and simply lose the practice."""
    _require_changer(user, practice)
    practice.delete()


@transaction.atomic
def import_practices(
    user: User, community: Community, text: str | bytes, format: str | None = None
) -> list[Practice]:
    """Add every practice in a file (see `practices.load_documents`); all of them or none."""
    _require_adder(user, community)
    try:
        cleans = load_documents(text, format)
    except PracticeFileError as error:
        raise _file_error(error) from error
    return [_new(user, community, c, _free_slug(community, c.suggested_slug())) for c in cleans]


@transaction.atomic
def import_practice(
    user: User, community: Community, text: str | bytes, format: str | None = None
) -> Practice:
    """Add the one practice in a file. A taken slug gets a number; nothing is replaced."""
    _require_adder(user, community)
    try:
        clean = load_file(text, format)
    except PracticeFileError as error:
        raise _file_error(error) from error
    return _new(user, community, clean, _free_slug(community, clean.suggested_slug()))


@transaction.atomic
def copy_builtin(user: User, community: Community, practice: Practice) -> Practice:
    """The community's own copy of a built-in, which its members can then adapt."""
    _require_adder(user, community)
    if not practice.is_builtin:
        raise ActionError(_("Only built-in practices can be copied."))
    clean = from_model(practice)
    name = (_("%(name)s (our version)") % {"name": clean.name})[:NAME_MAX]
    fields = clean.as_data() | {"name": name, "slug": None}
    return _new(user, community, _clean(fields), _free_slug(community, practice.slug))
