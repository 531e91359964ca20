"""Retrospective formats: the columns a retrospective collects items in.

Each format is a built-in retrospective practice (murmuration/rhythms/builtin_practices), whose
steps guide the session in the runner; this module names the columns the retro board shows
for it. A community's own retrospective practice uses the classic three questions.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    title: str | Promise
    prompt: str | Promise


CLASSIC = "retrospective"

FORMATS: dict[str, tuple[Column, ...]] = {
    CLASSIC: (
        Column("working", _("What's working"), _("What is going well and worth keeping?")),
        Column("better", _("What could be better"), _("What is frustrating, missing or slow?")),
        Column("change", _("What will we change"), _("What would you like to try next?")),
    ),
    "liked-didnt-like-would-change": (
        Column("liked", _("Liked"), _("What did you like?")),
        Column("disliked", _("Didn't like"), _("What didn't you like?")),
        Column("change", _("Would change"), _("What would you change?")),
    ),
    "four-ls": (
        Column("liked", _("Liked"), _("What did you enjoy or appreciate?")),
        Column("learned", _("Learned"), _("What did you learn?")),
        Column("lacked", _("Lacked"), _("What was missing?")),
        Column("longed", _("Longed for"), _("What did you wish for?")),
    ),
}


def columns(practice_slug: str | None, *, builtin: bool = True) -> tuple[Column, ...]:
    """The columns of the format a practice stands for; the classic three otherwise."""
    if builtin and practice_slug in FORMATS:
        return FORMATS[practice_slug]
    return FORMATS[CLASSIC]


def column_keys(practice_slug: str | None, *, builtin: bool = True) -> list[str]:
    return [column.key for column in columns(practice_slug, builtin=builtin)]
