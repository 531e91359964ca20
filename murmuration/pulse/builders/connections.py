"""The connection map: one curve per connection source, and who is connected to nobody."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from murmuration.communities.models import Membership

from .. import charts
from .. import connections as sources
from ..connections import ConnectionSource, curve, member_ids, steps_of
from ..figures import Column, Figure, Row
from ..health import percent
from ..scope import Scope

PREFIX = "connections-"
UNCONNECTED = "unconnected"


def key(source: ConnectionSource) -> str:
    return PREFIX + source.key


def build(scope: Scope, source: ConnectionSource) -> Figure:
    points, _unconnected = curve(steps_of(source, scope), member_ids(scope))
    rows: list[Row] = [
        {
            "step": point.label,
            "new_pairs": point.new_pairs,
            "connected_pairs": point.connected_pairs,
            "possible_pairs": point.possible_pairs,
            "coverage_percent": percent(point.share),
            "unconnected": point.unconnected,
        }
        for point in points
    ]
    last = points[-1] if points else None
    return Figure(
        key=key(source),
        title=source.title(),
        summary=(
            _("%(share)s%% of all pairs of members are connected; %(alone)s.")
            % {
                "share": percent(last.share) if last.share is not None else 0,
                "alone": ngettext(
                    "%(n)d person is connected to nobody yet",
                    "%(n)d people are connected to nobody yet",
                    last.unconnected,
                )
                % {"n": last.unconnected},
            }
            if last
            else _("Nobody shares a small group yet.")
        ),
        columns=[
            Column("step", _("Up to")),
            Column("new_pairs", _("New pairs")),
            Column("connected_pairs", _("Pairs connected")),
            Column("possible_pairs", _("Possible pairs")),
            Column("coverage_percent", _("Connected (%)")),
            Column("unconnected", _("Connected to nobody")),
        ],
        rows=rows,
        chart=(
            charts.bars_and_rate(
                [p.label for p in points],
                [(_("Connected to nobody"), charts.ACCENT_SOFT, [p.unconnected for p in points])],
                _("Pairs connected (%)"),
                [percent(p.share) for p in points],
                labelled=True,
            )
            if points
            else None
        ),
        notes=[source.summary()],
    )


def build_unconnected(scope: Scope) -> Figure:
    """Who shares no pod with anyone, by any source: for hosts, to reach out to them."""
    names = {
        user_id: display_name or email.split("@")[0]
        for user_id, display_name, email in Membership.objects.filter(
            community_id=scope.community_id
        ).values_list("user_id", "user__display_name", "user__email")
    }
    alone = set(names)
    for source in sources.SOURCES:
        _points, unconnected = curve(steps_of(source, scope), set(names))
        alone &= unconnected
    people = sorted((names[pk].lower(), pk) for pk in alone)
    return Figure(
        key=UNCONNECTED,
        title=_("Not yet connected"),
        summary=ngettext(
            "%(n)d member shares no small group with anyone.",
            "%(n)d members share no small group with anyone.",
            len(people),
        )
        % {"n": len(people)},
        columns=[Column("name", _("Name"))],
        rows=[{"name": names[pk]} for _name, pk in people],
        notes=[_("Only the community's hosts see these names.")],
    )
