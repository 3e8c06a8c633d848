"""The timeline of defections (matplotlib, Agg canvas): one mark and name per defecting party
on a 1950–latest time axis, coloured by the first step of the route, names in lanes that
never overlap. With more than ``MAX_TIMELINE_MARKS`` defections (or lanes taller than
``MAX_TIMELINE_HEIGHT``) it shows counts per year by route kind instead; the caption says so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.text import Text
from rdflib import Graph

from .defectionrows import Defection, defections
from .figure import (
    DPI,
    Box,
    Frame,
    add_caption,
    deterministic_rc,
    label_boxes,
    measure,
    new_frame,
    save_atomic,
)

TIMELINE_SIZE = (16.0, 7.0)


MAX_TIMELINE_MARKS = 150
MAX_TIMELINE_HEIGHT = 14.0  # inches of lanes at most; more and the timeline shows counts per year


ROUTE_STYLES: dict[str, tuple[str, str]] = {  # route kind (contract label) -> (colour, legend)
    "flight": ("#0072B2", "flight"),
    "JSA crossing": ("#D55E00", "JSA"),
    "DMZ crossing": ("#E69F00", "DMZ"),
    "embassy asylum": ("#CC79A7", "embassy"),
    "third-country transit": ("#009E73", "third country"),
    "sea crossing": ("#56B4E9", "sea"),
    "border crossing": ("#8C510A", "border"),
    "unknown": ("#999999", "route not stated"),
}


TIMELINE_START = 1950


def _fractional_year(date: str) -> float | None:
    """ "1953-09-21" -> 1953.72; "1995-12" -> 1995.96; "1992" -> 1992.5."""
    parts = date.split("-")
    try:
        year = int(parts[0])
        if len(parts) >= 3:
            month, day = int(parts[1]), int(parts[2][:2])
            return year + ((month - 1) * 30.5 + day - 0.5) / 366
        if len(parts) == 2:
            return year + (int(parts[1]) - 0.5) / 12
    except ValueError:
        return None
    return year + 0.5


def _timeline_span(marks: Sequence[tuple[float, Defection]]) -> tuple[int, int]:
    """1950 (or the decade of the earliest mark) to the latest mark, rounded up to 5 years."""
    years = [x for x, _ in marks]
    start = min([TIMELINE_START] + [int(x) // 10 * 10 for x in years])
    end = max([start + 10] + [(int(x) // 5 + 1) * 5 for x in years])
    return start, end


def _short_name(label: str) -> str:
    """A timeline label: the name, shortened to 32 characters."""
    return label if len(label) <= 32 else label[:31].rstrip(" ,;") + "…"


@dataclass
class DrawnTimeline:
    """Where the timeline put its labels (plot-area pixels) and what it left out."""

    label_boxes: dict[str, Box]
    lanes: int
    undated: tuple[str, ...]
    summary: bool
    size_px: tuple[float, float] = (0.0, 0.0)  # of the plot area


def _assign_lanes(widths: list[float], xs: list[float], gap: float) -> list[int]:
    """Greedy lanes: each label goes to the lowest lane whose last label ends before it."""
    ends: list[float] = []
    lanes = []
    for x, w in zip(xs, widths, strict=True):
        for lane, end in enumerate(ends):
            if end + gap <= x:
                ends[lane] = max(end, x + w)
                lanes.append(lane)
                break
        else:
            ends.append(x + w)
            lanes.append(len(ends) - 1)
    return lanes


def _timeline_legend(frame: Frame, routes: list[str]) -> None:
    """The route-kind legend right of the plot area."""
    handles = [
        Line2D(
            [],
            [],
            linestyle="",
            marker="o",
            markersize=8,
            markerfacecolor=ROUTE_STYLES[r][0],
            markeredgecolor="white",
            label=ROUTE_STYLES[r][1],
        )
        for r in routes
    ]
    frame.fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.86, 0.9), frameon=False,
                     fontsize=9, title="first step of the route", title_fontsize=10,
                     alignment="left")  # fmt: skip


def _timeline_axis(frame: Frame, start: int, end: int, to_px: float) -> None:
    """The year axis along the bottom of the plot area, a tick every 5 years."""
    ax = frame.ax
    ax.plot([0, frame.width], [_AXIS_Y, _AXIS_Y], color="#333333", linewidth=1.2, zorder=1)
    for year in range(start, end + 1, 5):
        x = (year - start) * to_px
        major = year % 10 == 0
        ax.plot(
            [x, x],
            [_AXIS_Y, frame.height],
            color="#eeeeee" if major else "#f6f6f6",
            linewidth=0.8,
            zorder=0,
        )
        ax.plot([x, x], [10, 18], color="#333333", linewidth=1.0, zorder=1)
        if major:
            ax.text(x, 6, str(year), ha="center", va="top", fontsize=9, color="#333333")


_TIMELINE_FONT = 8.5
_TIMELINE_RECT_X = (0.02, 0.82)  # left and width of the plot area, as figure fractions
_TIMELINE_TOP_PX, _TIMELINE_BOTTOM_PX = 80.0, 120.0  # room for the title; for years and caption
_AXIS_Y = 14.0  # the time axis, in plot pixels above the bottom of the plot area
_FIRST_LANE_Y = 30.0


def _timeline_text(frame: Frame, label: str) -> Text:
    """A timeline name label (left-aligned, white background so stems pass behind it)."""
    return frame.ax.text(0, 0, _short_name(label), fontsize=_TIMELINE_FONT, ha="left", va="center",
                         zorder=4, bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})  # fmt: skip


_LABEL_GAP = 6.0  # between a mark and its label, in pixels


def _timeline_lanes(
    marks: list[tuple[float, Defection]], start: int, end: int
) -> tuple[list[int], list[bool], float]:
    """Each label's lane and side (True: left of its mark, where the right edge is near), and
    the lane height; measured on a scratch figure as wide as the timeline."""
    scratch = new_frame(TIMELINE_SIZE, (_TIMELINE_RECT_X[0], 0.1, _TIMELINE_RECT_X[1], 0.8))
    to_px = scratch.width / (end - start)
    sizes = [measure(scratch, _timeline_text(scratch, d.label)) for _, d in marks]
    xs = [(x - start) * to_px for x, _ in marks]
    left = [x + _LABEL_GAP + w > scratch.width for x, (w, _) in zip(xs, sizes, strict=True)]
    starts = [
        x - _LABEL_GAP - w if flip else x - 5
        for x, (w, _), flip in zip(xs, sizes, left, strict=True)
    ]
    lanes = _assign_lanes([w + 12 for w, _ in sizes], starts, gap=6)
    return lanes, left, (max(h for _, h in sizes) + 8 if sizes else 20.0)


def _timeline_frame(plot_height: float) -> Frame:
    """A timeline figure as wide as TIMELINE_SIZE and as tall as its lanes need."""
    height_px = max(
        TIMELINE_SIZE[1] * DPI * 0.64, plot_height + _TIMELINE_TOP_PX + _TIMELINE_BOTTOM_PX
    )
    rect = (
        _TIMELINE_RECT_X[0],
        _TIMELINE_BOTTOM_PX / height_px,
        _TIMELINE_RECT_X[1],
        plot_height / height_px,
    )
    return new_frame((TIMELINE_SIZE[0], height_px / DPI), rect)


def _draw_timeline_marks(
    marks: list[tuple[float, Defection]], start: int, end: int
) -> tuple[Frame, DrawnTimeline] | None:
    """One mark and label per defection in lanes above the axis; None when they do not fit."""
    lanes, left, lane_h = _timeline_lanes(marks, start, end)
    lane_count = max(lanes) + 1 if lanes else 0
    plot_height = _FIRST_LANE_Y + lane_count * lane_h + 10
    if plot_height > MAX_TIMELINE_HEIGHT * DPI:
        return None
    frame = _timeline_frame(plot_height)
    to_px = frame.width / (end - start)
    _timeline_axis(frame, start, end, to_px)
    labelled = {}
    for (x, d), lane, flip in zip(marks, lanes, left, strict=True):
        px, y = (x - start) * to_px, _FIRST_LANE_Y + lane * lane_h + lane_h / 2
        colour = ROUTE_STYLES.get(d.route, ROUTE_STYLES["unknown"])[0]
        frame.ax.plot([px, px], [_AXIS_Y, y], color=colour, linewidth=0.8, alpha=0.7, zorder=2)
        frame.ax.scatter([px], [y], s=40, c=colour, edgecolors="white", linewidths=0.6, zorder=5)
        text = _timeline_text(frame, d.label)
        text.set_position((px - _LABEL_GAP, y) if flip else (px + _LABEL_GAP, y))
        text.set_horizontalalignment("right" if flip else "left")
        labelled[d.iri] = text
    return frame, DrawnTimeline(
        label_boxes(frame, labelled), lane_count, (), False, (frame.width, frame.height)
    )


def _draw_timeline_summary(
    marks: list[tuple[float, Defection]], start: int, end: int
) -> tuple[Frame, DrawnTimeline]:
    """Counts per year, stacked by route kind, for too many defections to label."""
    frame = _timeline_frame(TIMELINE_SIZE[1] * DPI * 0.6)
    to_px = frame.width / (end - start)
    counts: dict[str, Counter[int]] = {r: Counter() for r in ROUTE_STYLES}
    for x, d in marks:
        counts[d.route if d.route in counts else "unknown"][int(x)] += 1
    totals = Counter(int(x) for x, _ in marks)
    peak = max(totals.values()) if totals else 1
    scale = (frame.height - 40) / peak
    _timeline_axis(frame, start, end, to_px)
    base: Counter[int] = Counter()
    for route, per_year in counts.items():
        years = sorted(per_year)
        if not years:
            continue
        frame.ax.bar([(y - start + 0.5) * to_px for y in years], [per_year[y] * scale for y in years],
                     width=to_px * 0.85, bottom=[14 + base[y] * scale for y in years],
                     color=ROUTE_STYLES[route][0], zorder=2)  # fmt: skip
        base.update(per_year)
    frame.ax.text(4, frame.height - 4, f"most in one year: {peak}", ha="left", va="top", fontsize=9)
    return frame, DrawnTimeline({}, 0, (), True, (frame.width, frame.height))


def render_timeline(found: Sequence[Defection], *, caption: str) -> tuple[Figure, DrawnTimeline]:
    """Draw the defections on a time axis; returns the figure and the label boxes."""
    marks = sorted(
        ((x, d) for d in found if d.date and (x := _fractional_year(d.date)) is not None),
        key=lambda m: (m[0], m[1].label, m[1].iri),
    )
    undated = tuple(d.label for d in found if not d.date or _fractional_year(d.date) is None)
    start, end = _timeline_span(marks)
    with deterministic_rc():
        drawn_marks = (
            None if len(marks) > MAX_TIMELINE_MARKS else _draw_timeline_marks(marks, start, end)
        )
        if drawn_marks is None:
            frame, drawn = _draw_timeline_summary(marks, start, end)
            caption += (
                f" {len(marks)} dated defections: too many to name, so counts per year are shown."
            )
        else:
            frame, drawn = drawn_marks
        if undated:
            caption += f" Not on the axis (no date in the graph): {', '.join(undated)}."
        routes = [
            r for r in ROUTE_STYLES if r != "unknown" or any(d.route == "unknown" for _, d in marks)
        ]
        _timeline_legend(frame, routes)
        add_caption(frame, f"Defections to South Korea, {start}–{end}", caption)
        drawn.undated = undated
    return frame.fig, drawn


def draw_timeline(graph: Graph, path: Path, *, caption: str) -> DrawnTimeline:
    """Draw the defections of ``graph`` on a 1950–latest time axis to ``path`` (.png or .svg)."""
    fig, drawn = render_timeline(defections(graph), caption=caption)
    save_atomic(fig, path)
    return drawn


def timeline_caption(article: str) -> str:
    """The caption of the timeline."""
    return (
        f"Source: Wikipedia, “{article}”, as read by defectorkg. One mark per defector or group "
        "at its arrival date (else the date of its defection, else the year of its entry); colour: "
        "first step of the route."
    )
