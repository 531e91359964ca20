"""Telling people what a published round means for them.

One plain-text email per person, sent after the publishing transaction has committed. This is
the one place rounds reach people outside the app, so a later notifications app (with its own
preferences and channels) replaces `tell_members` and nothing else.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from . import meeting
from .models import Entry, Round


def tell_members(round_id: int) -> None:
    """Email everyone placed in a pod their pod, its people and its meeting time in their own
    time zone; and everyone left out, that the round is published without a pod for them.

    The reason someone was left out is not sent: it can come from another person's
    keep-apart wish, which is theirs and the hosts' only.
    """
    round = Round.objects.select_related("community").get(pk=round_id)
    entries = list(
        Entry.objects.filter(round=round).select_related("user", "pod", "pod__group").order_by("pk")
    )
    by_pod: dict[int, list[Entry]] = {}
    for entry in entries:
        if entry.pod_id is not None:
            by_pod.setdefault(entry.pod_id, []).append(entry)
    for entry in entries:
        pod = entry.pod
        group = pod.group if pod is not None else None
        if pod is None or group is None or pod.slot is None:
            _send(
                entry,
                _("%(round)s: no pod this time") % {"round": round.name},
                "matching/email/not_placed.txt",
                {"round": round, "url": settings.SITE_URL + round.get_absolute_url()},
            )
            continue
        start = meeting.first_meeting(round, pod.slot, not_before=round.published_at)
        context = {
            "round": round,
            "group": group,
            "others": [e.user for e in by_pod[pod.pk] if e.pk != entry.pk],
            "start": start,
            "minutes": round.session_minutes,
            "url": settings.SITE_URL + group.get_absolute_url(),
        }
        _send(
            entry,
            _("Your new pod: %(name)s") % {"name": group.name},
            "matching/email/pod_published.txt",
            context,
        )


def _send(entry: Entry, subject: str, template: str, context: dict) -> None:
    person = entry.user
    # The times in the message are written in the person's own zone.
    with timezone.override(person.time_zone), translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(template, {"person": person, "zone": person.time_zone, **context})
    send_mail(subject=subject, message=body, from_email=None, recipient_list=[person.email])
