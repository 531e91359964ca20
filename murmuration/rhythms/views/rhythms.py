"""A group's rhythms: the list, adding one, its page with upcoming and past sessions, editing,
ending, and opting in or out of its facilitation rotation.

Whoever may see the group sees its rhythms; its members change them (the group decides its own
tempo). The group page shows a short summary, loaded by htmx from `summary`, so the group view
itself needs to know nothing about rhythms.
"""

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from murmuration.accounts import availability
from murmuration.communities.models import Group
from murmuration.communities.permissions import Viewer
from murmuration.communities.queries import ancestors
from murmuration.communities.views.helpers import (
    Refused,
    Request,
    not_found,
    posted,
    shows_refusals,
    signed_in,
)
from murmuration.errors import ActionError

from .. import actions, queries, recurrence
from .. import permissions as perms
from ..forms import CUSTOM, RhythmForm
from ..models import MAX_DURATION_MINUTES, Rhythm, Session
from .sessions import load_schedule, timed

UPCOMING = 12
PAST = 12
SUMMARY_SESSIONS = 3
REPEAT_NAMES = {rule: name for name, rule in recurrence.PRESETS.items()}


def repeats_label(rhythm: Rhythm) -> str:
    labels = {
        "weekly": _("Weekly"),
        "fortnightly": _("Every two weeks"),
        "monthly": _("Monthly"),
        "yearly": _("Yearly"),
    }
    preset = REPEAT_NAMES.get(rhythm.rrule)
    return labels[preset] if preset else rhythm.rrule


def _context(viewer: Viewer, group: Group, groups: dict[int, Group], **extra: Any) -> dict:
    return {
        "community": viewer.community,
        "viewer": viewer,
        "group": group,
        "breadcrumb": [*ancestors(group, groups), group],
        "can_manage": perms.can_manage_rhythms(viewer, group),
        "my_zone": timezone.get_current_timezone_name(),
        **extra,
    }


def _labelled(rhythms: list[Rhythm]) -> list[dict[str, Any]]:
    return [{"rhythm": r, "repeats": repeats_label(r)} for r in rhythms]


@login_required
@require_GET
@shows_refusals
def group_rhythms(request: Request, slug: str, group_slug: str) -> HttpResponse:
    _community, viewer, group, groups = load_schedule(request, slug, group_slug)
    rhythms = queries.rhythms_for_group(viewer, group)
    context = _context(viewer, group, groups, rhythms=_labelled(rhythms))
    return TemplateResponse(request, "rhythms/rhythm_list.html", context)


@login_required
@require_GET
@shows_refusals
def summary(request: Request, slug: str, group_slug: str) -> HttpResponse:
    """The group page's rhythms panel: running rhythms and the next few sessions."""
    _community, viewer, group, groups = load_schedule(request, slug, group_slug)
    rhythms = [r for r in queries.rhythms_for_group(viewer, group) if r.ended_at is None]
    upcoming = queries.upcoming_sessions(viewer, group, limit=SUMMARY_SESSIONS)
    context = _context(
        viewer,
        group,
        groups,
        rhythms=_labelled(rhythms),
        upcoming=[timed(s) for s in upcoming],
    )
    return TemplateResponse(request, "rhythms/_group_rhythms_summary.html", context)


def _time_zones() -> list[str]:
    return availability.all_time_zones()


def _require_manage(viewer: Viewer, group: Group, message: str) -> None:
    if not perms.can_manage_rhythms(viewer, group):
        raise Refused(message)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def create(request: Request, slug: str, group_slug: str) -> HttpResponse:
    community, viewer, group, groups = load_schedule(request, slug, group_slug)
    _require_manage(viewer, group, _("Join the group to add rhythms."))
    me = signed_in(request)
    initial = {
        "category": "relational",
        "repeats": "weekly",
        "start_date": timezone.localdate(),
        "start_time": "19:00",
        "time_zone": me.time_zone,
        "duration_minutes": 60,
        "rotation_enabled": True,
    }
    form = RhythmForm(posted(request), initial=initial, community=community)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                rhythm = actions.create_rhythm(me, group, **form.action_fields())
            except ActionError as error:
                status = form.show_error(error)
            else:
                messages.success(
                    request,
                    _(
                        "“%(name)s” is in the calendar. Its sessions are planned for the next "
                        "twelve weeks."
                    )
                    % {"name": rhythm.name},
                )
                return redirect("rhythms:rhythm", slug, group_slug, rhythm.pk)
    context = _context(viewer, group, groups, form=form, time_zones=_time_zones(), custom=CUSTOM)
    return TemplateResponse(request, "rhythms/rhythm_form.html", context, status=status)


def _rhythm_in(group: Group, rhythm_id: int) -> Rhythm:
    rhythm = (
        Rhythm.objects.select_related("practice", "group", "group__community")
        .filter(pk=rhythm_id, group=group)
        .first()
    )
    if rhythm is None:
        raise not_found()
    return rhythm


def _ends_after(session: Session, moment: Any) -> bool:
    return session.starts_at + timedelta(minutes=session.duration_minutes) > moment


@login_required
@require_GET
@shows_refusals
def detail(request: Request, slug: str, group_slug: str, rhythm_id: int) -> HttpResponse:
    _community, viewer, group, groups = load_schedule(request, slug, group_slug)
    rhythm = _rhythm_in(group, rhythm_id)
    now = timezone.now()
    sessions = queries.with_counts(
        Session.objects.filter(rhythm=rhythm).select_related("rhythm", "facilitator", "practice"),
        signed_in(request),
    )
    # Four queries whatever the rhythm's length: the next sessions (the longest session began
    # at most a day ago), the last ones, and the rotation.
    soon = sessions.filter(starts_at__gt=now - timedelta(minutes=MAX_DURATION_MINUTES))
    upcoming = [s for s in soon.order_by("starts_at", "pk")[: UPCOMING * 2] if _ends_after(s, now)]
    past = [
        s
        for s in sessions.filter(starts_at__lt=now).order_by("-starts_at", "-pk")[: PAST * 2]
        if not _ends_after(s, now)
    ]
    rotation = list(queries.rotation(rhythm))
    me = signed_in(request)
    context = _context(
        viewer,
        group,
        groups,
        rhythm=rhythm,
        repeats=repeats_label(rhythm),
        upcoming=[timed(s) for s in upcoming[:UPCOMING]],
        past=[timed(s) for s in past[:PAST]],
        rotation=[m.user for m in rotation],
        in_rotation=any(m.user_id == me.pk for m in rotation),
        can_take_part=perms.can_take_part(viewer, group),
    )
    return TemplateResponse(request, "rhythms/rhythm.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@shows_refusals
def edit(request: Request, slug: str, group_slug: str, rhythm_id: int) -> HttpResponse:
    community, viewer, group, groups = load_schedule(request, slug, group_slug)
    rhythm = _rhythm_in(group, rhythm_id)
    _require_manage(viewer, group, _("Only the group's members can change its rhythms."))
    if rhythm.ended_at is not None:
        raise Refused(_("This rhythm has ended."))
    form = RhythmForm(posted(request), initial=RhythmForm.initial_for(rhythm), community=community)
    status = 200
    if form.is_bound:
        status = 400
        if form.is_valid():
            try:
                actions.update_rhythm(
                    signed_in(request),
                    rhythm,
                    expected_version=form.expected_version(),
                    **form.changed_fields(),
                )
            except ActionError as error:
                rhythm.refresh_from_db()
                status = form.show_error(error)
            else:
                messages.success(request, _("The changes apply from the next session on."))
                return redirect("rhythms:rhythm", slug, group_slug, rhythm.pk)
    context = _context(
        viewer, group, groups, rhythm=rhythm, form=form, time_zones=_time_zones(), custom=CUSTOM
    )
    return TemplateResponse(request, "rhythms/rhythm_form.html", context, status=status)


@login_required
@require_POST
@shows_refusals
def end(request: Request, slug: str, group_slug: str, rhythm_id: int) -> HttpResponse:
    _community, viewer, group, _groups = load_schedule(request, slug, group_slug)
    rhythm = _rhythm_in(group, rhythm_id)
    _require_manage(viewer, group, _("Only the group's members can change its rhythms."))
    actions.end_rhythm(signed_in(request), rhythm)
    messages.success(
        request,
        _("“%(name)s” has ended. Its past sessions stay; the upcoming ones are removed.")
        % {"name": rhythm.name},
    )
    return redirect("rhythms:rhythm", slug, group_slug, rhythm.pk)


@login_required
@require_POST
@shows_refusals
def rotation(request: Request, slug: str, group_slug: str, rhythm_id: int) -> HttpResponse:
    _community, viewer, group, _groups = load_schedule(request, slug, group_slug)
    rhythm = _rhythm_in(group, rhythm_id)
    if not perms.can_take_part(viewer, group):
        raise Refused(_("Only the group's members can take part in its sessions."))
    if request.POST.get("rotation") == "leave":
        actions.leave_rotation(signed_in(request), rhythm)
        done = _("You stepped out of the rotation; your upcoming turns go to others.")
    else:
        actions.join_rotation(signed_in(request), rhythm)
        done = _("You are in the rotation and will facilitate in turn.")
    messages.success(request, done)
    return redirect("rhythms:rhythm", slug, group_slug, rhythm.pk)
