"""People's corrections to patterns: renaming, merging and splitting.

A corrected pattern becomes `kept` and its signals are pinned to it, so a recomputation of the
scope keeps what people decided (see `sensing.patterns`).
"""

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from murmuration.errors import ActionError, NotAllowed, NotFound

from .. import permissions as perms
from ..models import LABEL_MAX, Experiment, Pattern, Signal
from ..tasks import recompute_after_commit
from .common import Actor, clean_text, scope_viewer


def _locked(pattern: Pattern) -> Pattern:
    found = (
        Pattern.objects.select_for_update(of=("self",))
        .select_related("community", "group")
        .filter(pk=pattern.pk)
        .first()
    )
    if found is None:
        raise NotFound(_("Pattern not found."))
    return found


def _allowed(user: Actor, pattern: Pattern) -> None:
    viewer = scope_viewer(user, pattern.community, pattern.group)
    if not perms.can_correct_patterns(viewer, pattern.group):
        raise NotAllowed(_("Only members of this scope can correct its patterns."))


def keep(pattern: Pattern) -> None:
    """Mark a pattern as people's, pinning the signals it has now."""
    Pattern.objects.filter(pk=pattern.pk).update(kept=True)
    Signal.objects.filter(pattern=pattern).update(pinned=True)
    pattern.kept = True


def _label(label: str) -> str:
    return clean_text(label, field="label", limit=LABEL_MAX, label=_("a label"))


@transaction.atomic
def rename_pattern(user: Actor, pattern: Pattern, label: str) -> Pattern:
    pattern = _locked(pattern)
    _allowed(user, pattern)
    pattern.label = _label(label)
    pattern.save(update_fields=["label"])
    keep(pattern)
    return pattern


@transaction.atomic
def merge_patterns(user: Actor, pattern: Pattern, others: Iterable[Pattern]) -> Pattern:
    """Move every signal of `others` into `pattern`, which keeps its label."""
    pattern = _locked(pattern)
    _allowed(user, pattern)
    ids = {other.pk for other in others} - {pattern.pk}
    if not ids:
        raise ActionError(_("Choose at least one other pattern to merge."), field="others")
    merged = list(
        Pattern.objects.select_for_update().filter(
            pk__in=ids, community=pattern.community_id, group=pattern.group_id
        )
    )
    if len(merged) != len(ids):
        raise ActionError(_("Patterns can only be merged within one scope."), field="others")
    Signal.objects.filter(pattern__in=merged).update(pattern=pattern)
    # Experiments started from a merged pattern follow the signals.
    Experiment.objects.filter(pattern__in=merged).update(pattern=pattern)
    Pattern.objects.filter(pk__in=ids).delete()
    keep(pattern)
    recompute_after_commit(pattern.community_id, pattern.group_id)
    return pattern


@transaction.atomic
def split_pattern(user: Actor, pattern: Pattern, signal_ids: Iterable[int], label: str) -> Pattern:
    """Move the chosen signals of `pattern` into a new pattern called `label`."""
    pattern = _locked(pattern)
    _allowed(user, pattern)
    label = _label(label)
    chosen = set(signal_ids)
    members = set(pattern.signals.values_list("pk", flat=True))
    if not chosen:
        raise ActionError(_("Choose the signals that belong apart."), field="signals")
    if not chosen <= members:
        raise ActionError(_("Only signals of this pattern can be split off."), field="signals")
    if chosen == members:
        raise ActionError(
            _("Leave at least one signal in the pattern; to rename it, use Rename."),
            field="signals",
        )
    new = Pattern.objects.create(
        community=pattern.community,
        group=pattern.group,
        label=label,
        method=pattern.method,
        kept=True,
    )
    Signal.objects.filter(pk__in=chosen).update(pattern=new, pinned=True)
    keep(pattern)
    recompute_after_commit(pattern.community_id, pattern.group_id)
    return new
