"""Scale bands in templates: a coloured badge per band and the "outgrown" warning."""

from django import template
from django.utils.translation import gettext_lazy as _

from .. import scale

register = template.Library()

# Lower-case so they read well inside sentences ("more than a crew").
BAND_NAMES = {
    "pair": _("pair"),
    "crew": _("crew"),
    "team": _("team"),
    "band": _("band"),
    "congregation": _("congregation"),
    "network": _("network"),
}


@register.filter
def band_name(key: str) -> str:
    return str(BAND_NAMES.get(key, key))


@register.filter
def band_range(key: str) -> str:
    band = scale.get_band(key)
    if band.high is None:
        return f"{band.low}+"
    # A "pair" starts at 0 so that every count has a band, but it means two people.
    if band.low == 0:
        return str(band.high)
    return f"{band.low}–{band.high}"


@register.inclusion_tag("communities/_band_badge.html")
def band_badge(count: int) -> dict:
    band = scale.band_for(count)
    return {"key": band.key, "name": band_name(band.key), "range": band_range(band.key)}


@register.inclusion_tag("communities/_outgrown.html")
def outgrown_warning(count: int, intended: str) -> dict:
    return {
        "outgrown": scale.outgrows(count, intended),
        "count": count,
        "name": band_name(intended),
        "range": band_range(intended),
    }
