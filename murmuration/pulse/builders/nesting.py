"""The nested groups as a treemap coloured by health, and the table behind it."""

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from murmuration.communities import scale
from murmuration.communities.models import Group
from murmuration.communities.templatetags.scale_tags import band_name

from .. import charts, queries
from ..figures import Column, Figure, Row
from ..health import HEALTHS, Tally, percent
from ..scope import Scope
from ..weeks import Window

KEY = "nesting"
HEALTH_WEEKS = 8


@dataclass
class _Node:
    group: Group
    tally: Tally
    children: list["_Node"] = field(default_factory=list)

    @property
    def members(self) -> int:
        return self.group.member_count  # type: ignore[attr-defined]

    @property
    def band(self) -> str:
        return band_name(scale.band_for(self.members).key)

    @property
    def size(self) -> int:
        """At least the members of the groups inside, so a box always holds the boxes in it."""
        return max(self.members, sum(child.size for child in self.children), 1)


def build(scope: Scope) -> Figure:
    window = Window(scope.now, scope.zone, back=HEALTH_WEEKS)
    tallies = queries.group_tallies([g.pk for g in scope.groups], window)
    roots = _forest(scope, tallies)
    rows: list[Row] = []
    for node, parent in _walk(roots, None):
        tally = node.tally
        rows.append(
            {
                "group": node.group.name,
                "inside": parent.group.name if parent else "",
                "band": node.band,
                "members": node.members,
                "held": tally.held,
                "missed": tally.missed,
                "cancelled": tally.cancelled,
                "held_percent": percent(tally.held_rate),
                "attendance_percent": percent(tally.attendance_rate),
                "health": str(charts.HEALTH_LABELS[tally.health]),
            }
        )
    counts = {health: 0 for health in HEALTHS}
    for node, _parent in _walk(roots, None):
        counts[node.tally.health] += 1
    return Figure(
        key=KEY,
        title=_("Groups by scale and health"),
        summary=_summary(len(rows), counts),
        columns=[
            Column("group", _("Group")),
            Column("inside", _("Inside")),
            Column("band", _("Scale band")),
            Column("members", _("Members")),
            Column("held", _("Sessions held")),
            Column("missed", _("Missed")),
            Column("cancelled", _("Cancelled")),
            Column("held_percent", _("Held (%)")),
            Column("attendance_percent", _("Attendance (%)")),
            Column("health", _("Health")),
        ],
        rows=rows,
        chart=charts.treemap([_chart_node(root) for root in roots]) if rows else None,
        height=480,
        legend=[(str(charts.HEALTH_LABELS[h]), charts.HEALTH_COLOURS[h]) for h in HEALTHS],
        notes=[
            _(
                "A box inside another is a group inside that group; its size is its members. "
                "Health reads this week and the %(weeks)d before it: the share of sessions "
                "held, averaged with the share of people recorded present. Quiet: no session "
                "in that time."
            )
            % {"weeks": HEALTH_WEEKS}
        ],
    )


def _forest(scope: Scope, tallies: dict[int, Tally]) -> list[_Node]:
    nodes = {g.pk: _Node(g, tallies.get(g.pk, Tally())) for g in scope.groups}
    roots = []
    for node in sorted(nodes.values(), key=lambda n: (n.group.name.lower(), n.group.pk)):
        parent = nodes.get(node.group.parent_id) if node.group.parent_id else None
        if parent is None or node.group.pk == (scope.root.pk if scope.root else None):
            roots.append(node)
        else:
            parent.children.append(node)
    return roots


def _walk(nodes: list[_Node], parent: _Node | None) -> Iterator[tuple[_Node, _Node | None]]:
    for node in nodes:
        yield node, parent
        yield from _walk(node.children, node)


def _chart_node(node: _Node) -> dict:
    tally = node.tally
    lines = [
        f"<strong>{escape(node.group.name)}</strong>",
        escape(
            ngettext("%(n)d member", "%(n)d members", node.members) % {"n": node.members}
            + " · "
            + node.band
        ),
        escape(
            _("%(health)s: %(held)d held, %(missed)d missed")
            % {
                "health": charts.HEALTH_LABELS[tally.health],
                "held": tally.held,
                "missed": tally.missed,
            }
        ),
    ]
    return charts.treemap_node(
        node.group.name,
        # Drawn as text, not HTML; braces would read as ECharts' placeholders.
        _plain(node.group.name)
        + "\n"
        + ngettext("%(n)d member", "%(n)d members", node.members) % {"n": node.members}
        + " · "
        + node.band,
        node.size,
        tally.health,
        "<br>".join(lines),
        [_chart_node(child) for child in node.children],
    )


def _plain(text: str) -> str:
    return text.replace("{", "(").replace("}", ")").replace("|", "/")


def _summary(total: int, counts: dict[str, int]) -> str:
    if not total:
        return _("No groups yet.")
    parts = ", ".join(
        f"{counts[h]} {str(charts.HEALTH_LABELS[h]).lower()}" for h in HEALTHS if counts[h]
    )
    return ngettext("%(n)d group: %(parts)s.", "%(n)d groups: %(parts)s.", total) % {
        "n": total,
        "parts": parts,
    }
