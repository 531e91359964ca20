"""ECharts options for the pulse pictures, built from a figure's rows.

Options are plain JSON (no functions), so the page's script only hands them to ECharts. Colours
are chosen to be told apart by people with the common colour-vision differences and to carry
white text; every picture also has a legend in words and the table under it.
"""

import math
from collections.abc import Sequence
from datetime import date
from typing import Any

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from . import health as h

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
INK = "#1d2433"
MUTED = "#5b6477"
LINE = "#dcdfe6"

STATE_COLOURS = {
    h.HELD: "#2d7a4b",
    h.MISSED: "#c2571a",
    h.CANCELLED: "#8a93a3",
    h.COMING: "#7aa6d6",
}
STATE_LABELS = {
    h.HELD: _("Held"),
    h.MISSED: _("Missed"),
    h.CANCELLED: _("Cancelled"),
    h.COMING: _("Coming"),
}
HEALTH_COLOURS = {
    h.THRIVING: "#2d7a4b",
    h.STEADY: "#8f6b00",
    h.STRUGGLING: "#b5442a",
    h.QUIET: "#687182",
}
HEALTH_LABELS = {
    h.THRIVING: _("Thriving"),
    h.STEADY: _("Steady"),
    h.STRUGGLING: _("Struggling"),
    h.QUIET: _("Quiet"),
}
ACCENT = "#2f5d8a"
ACCENT_SOFT = "#9dbbdb"

LANE_HEIGHT = 120
LANE_TOP = 48


def week_label(week: date) -> str:
    return date_format(week, "j M")


def _base(**options: Any) -> dict[str, Any]:
    return {
        "animation": False,
        "textStyle": {"fontFamily": FONT, "color": INK},
        **options,
    }


def _legend() -> dict[str, Any]:
    return {"top": 0, "left": 0, "itemGap": 16, "textStyle": {"fontSize": 13, "color": INK}}


def _count_axis(**extra: Any) -> dict[str, Any]:
    return {
        "type": "value",
        "minInterval": 1,
        "splitNumber": 3,
        "axisLabel": {"color": MUTED},
        "splitLine": {"lineStyle": {"color": LINE}},
        **extra,
    }


def _week_axis(labels: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "type": "category",
        "data": labels,
        "axisTick": {"alignWithLabel": True},
        "axisLabel": {"color": MUTED, "hideOverlap": True},
        "axisLine": {"lineStyle": {"color": LINE}},
        **extra,
    }


def _bar(name: str, colour: str, values: list[int], **options: Any) -> dict[str, Any]:
    """One series of bars; bars of the same `stack` pile up."""
    return {
        "type": "bar",
        "name": name,
        "stack": "counts",
        "barMaxWidth": 28,
        "itemStyle": {"color": colour},
        "data": values,
        **options,
    }


def treemap(nodes: list[dict[str, Any]]) -> dict[str, Any]:
    """Nested groups as boxes inside boxes, each sized by its members.

    A group with groups inside it shows as a framed box with its name in a header strip; both
    carry its health colour.
    """
    return _base(
        tooltip={"confine": True},
        series=[
            {
                "type": "treemap",
                "data": nodes,
                "left": 0,
                "right": 0,
                "top": 0,
                "bottom": 0,
                "roam": False,
                "nodeClick": False,
                "breadcrumb": {"show": False},
                "visibleMin": 0,
                "label": {"show": True, "color": "#ffffff", "fontSize": 13, "lineHeight": 18},
                "upperLabel": {
                    "show": True,
                    "height": 24,
                    "color": "#ffffff",
                    "fontSize": 13,
                    "fontWeight": 600,
                },
                "itemStyle": {"borderWidth": 2, "gapWidth": 2},
            }
        ],
    )


def treemap_node(
    name: str, label: str, size: int, health: str, tooltip: str, children: list[dict[str, Any]]
) -> dict[str, Any]:
    colour = HEALTH_COLOURS[health]
    node: dict[str, Any] = {
        "name": name,
        "value": size,
        "itemStyle": {"color": colour, "borderColor": "#ffffff"},
        "tooltip": {"formatter": tooltip},
        "label": {"formatter": label},
    }
    if children:
        # A frame in the group's own colour around the groups inside it, which keep a white
        # edge of their own, so every level of nesting shows even when all share one health.
        node["children"] = children
        node["itemStyle"] = {"color": colour, "borderColor": colour, "borderWidth": 4}
        node["upperLabel"] = {"formatter": label.replace("\n", " · ")}
    return node


def lanes(
    weeks: list[date], lanes: Sequence[tuple[str, dict[str, list[int]]]], states: Sequence[str]
) -> dict[str, Any]:
    """One small bar chart per lane (a category or a rhythm), weeks across, stacked by state.

    Lanes share the week axis and the legend, so a gap in one rhythm's beat lines up with the
    others' weeks.
    """
    labels = [week_label(week) for week in weeks]
    grids, xs, ys, titles, series = [], [], [], [], []
    for index, (name, counts) in enumerate(lanes):
        top = LANE_TOP + index * LANE_HEIGHT
        grids.append({"left": 40, "right": 12, "top": top + 28, "height": LANE_HEIGHT - 58})
        titles.append(
            {
                "text": name,
                "left": 0,
                "top": top,
                "textStyle": {"fontSize": 13, "fontWeight": 600, "color": INK},
            }
        )
        xs.append(_week_axis(labels, gridIndex=index))
        ys.append(_count_axis(gridIndex=index))
        for state in states:
            series.append(
                _bar(
                    str(STATE_LABELS[state]),
                    STATE_COLOURS[state],
                    counts[state],
                    stack=f"lane{index}",
                    xAxisIndex=index,
                    yAxisIndex=index,
                )
            )
    return _base(
        title=titles,
        legend={**_legend(), "data": [str(STATE_LABELS[s]) for s in states]},
        tooltip={"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        grid=grids,
        xAxis=xs,
        yAxis=ys,
        series=series,
    )


def lanes_height(count: int) -> int:
    return LANE_TOP + max(count, 1) * LANE_HEIGHT


def bars_and_rate(
    labels: list[str],
    bars: Sequence[tuple[str, str, list[int]]],
    rate_name: str,
    rates: list[int | None],
    *,
    stacked: bool = False,
    labelled: bool = False,
) -> dict[str, Any]:
    """Counts as bars on the left axis and a percentage as a line on the right one.

    The percentage axis ends a little above the highest value, so a curve that is still low
    (a few percent of pairs connected) does not lie flat along the bottom; its labels say the
    scale, and `labelled` writes each point's value beside it.
    """
    series = [
        _bar(name, colour, values, stack="counts" if stacked else None)
        for name, colour, values in bars
    ]
    series.append(
        {
            "type": "line",
            "name": rate_name,
            "yAxisIndex": 1,
            "connectNulls": True,
            "symbolSize": 7,
            "lineStyle": {"width": 3, "color": INK},
            "itemStyle": {"color": INK},
            "label": {"show": labelled, "formatter": "{c}%", "color": INK, "fontWeight": 600},
            "data": rates,
        }
    )
    return _base(
        legend=_legend(),
        tooltip={"trigger": "axis", "confine": True},
        grid={"left": 44, "right": 52, "top": 44, "bottom": 32},
        xAxis=_week_axis(labels),
        yAxis=[
            _count_axis(),
            {
                "type": "value",
                "min": 0,
                "max": _rate_max(rates),
                "axisLabel": {"color": MUTED, "formatter": "{value}%"},
                "splitLine": {"show": False},
            },
        ],
        series=series,
    )


def _rate_max(rates: list[int | None]) -> int:
    highest = max((rate for rate in rates if rate is not None), default=100)
    return min(100, max(10, math.ceil(highest * 1.2 / 10) * 10))


def stacked_bars(labels: list[str], bars: Sequence[tuple[str, str, list[int]]]) -> dict[str, Any]:
    return _base(
        legend=_legend(),
        tooltip={"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        grid={"left": 44, "right": 16, "top": 44, "bottom": 32},
        xAxis=_week_axis(labels),
        yAxis=_count_axis(),
        series=[_bar(name, colour, values) for name, colour, values in bars],
    )


def horizontal_bars(
    names: list[str], bars: Sequence[tuple[str, str, list[int]]], axis_name: str
) -> dict[str, Any]:
    """One row per name, longest first at the top."""
    return _base(
        legend=_legend(),
        tooltip={"trigger": "axis", "axisPointer": {"type": "shadow"}, "confine": True},
        grid={"left": 8, "right": 24, "top": 40, "bottom": 28, "containLabel": True},
        xAxis=_count_axis(name=axis_name, nameLocation="middle", nameGap=24),
        yAxis={
            "type": "category",
            "data": names,
            "inverse": True,
            "axisLabel": {"color": INK, "width": 160, "overflow": "truncate"},
            "axisTick": {"show": False},
            "axisLine": {"lineStyle": {"color": LINE}},
        },
        series=[_bar(name, colour, values, barMaxWidth=18) for name, colour, values in bars],
    )


def horizontal_height(count: int) -> int:
    return 80 + max(count, 1) * 26
