"""Figure basics shared by the drawings: a pixel-unit figure, text measurement, title and
caption, and deterministic saving.

Deterministic: no dates or versions in the files (``svg.hashsalt`` fixed, SVG ``Date``/``Creator``
and PNG ``Software`` removed), so the bytes are the same in every run on a machine.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text

from ..errors import OutputError
from ..files import OutputSet

DPI = 100


MARGIN_PX = 3.0  # kept free around every label box


_RC: dict[str, Any] = {
    "svg.hashsalt": "defectorkg",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "axes.unicode_minus": False,
}
_PNG_METADATA: dict[str, str | None] = {"Software": None}
_SVG_METADATA: dict[str, str | None] = {"Date": None, "Creator": None}


Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in pixels of the plot area


@contextmanager
def deterministic_rc() -> Iterator[None]:
    """matplotlib settings that make SVG bytes reproducible."""
    with matplotlib.rc_context(_RC):  # type: ignore[arg-type]  # the stubs want literal rc keys
        yield


def save_figure(fig: Figure, path: Path) -> None:
    """Save ``fig`` as PNG or SVG (by ``path``'s suffix), without dates or versions."""
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("png", "svg"):
        raise OutputError(f"{path}: a drawing must end in .png or .svg")
    metadata = _PNG_METADATA if fmt == "png" else _SVG_METADATA
    with deterministic_rc():
        try:
            fig.savefig(path, format=fmt, dpi=DPI, metadata=metadata)
        except OSError as exc:
            raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from None


@dataclass
class Frame:
    """The figure and its plot area, with a renderer to measure text."""

    fig: Figure
    ax: Axes
    renderer: RendererBase
    width: float  # plot area in pixels
    height: float
    origin: tuple[float, float]  # plot area's lower-left corner in figure pixels


def new_frame(size: tuple[float, float], rect: tuple[float, float, float, float]) -> Frame:
    """A figure whose axes use pixel units (one data unit = one pixel)."""
    fig = Figure(figsize=size, dpi=DPI)
    canvas = FigureCanvasAgg(fig)
    ax = fig.add_axes(rect)
    width, height = size[0] * DPI * rect[2], size[1] * DPI * rect[3]
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    origin = (size[0] * DPI * rect[0], size[1] * DPI * rect[1])
    renderer = canvas.get_renderer()  # type: ignore[no-untyped-call]  # backend_agg has no annotations
    return Frame(fig, ax, renderer, width, height, origin)


def measure(frame: Frame, text: Text) -> tuple[float, float]:
    """Width and height of ``text`` in pixels."""
    extent = text.get_window_extent(frame.renderer)
    return float(extent.width), float(extent.height)


def add_caption(frame: Frame, title: str, caption: str) -> None:
    """Title at the top, caption (wrapped) at the bottom of the figure."""
    frame.fig.text(0.01, 0.975, title, ha="left", va="top", fontsize=15, fontweight="bold")
    frame.fig.text(0.01, 0.012, textwrap.fill(caption, 190), ha="left", va="bottom", fontsize=8.5,
                   color="#333333")  # fmt: skip


def label_boxes(frame: Frame, texts: dict[str, Text]) -> dict[str, Box]:
    """The drawn extents of ``texts`` in plot-area pixels (after a full draw)."""
    frame.fig.canvas.draw()
    ox, oy = frame.origin
    boxes = {}
    for key in sorted(texts):
        e = texts[key].get_window_extent(frame.renderer)
        boxes[key] = (float(e.x0 - ox), float(e.y0 - oy), float(e.x1 - ox), float(e.y1 - oy))
    return boxes


DRAWING_SUFFIXES = (".png", ".svg")


def save_atomic(fig: Figure, path: Path) -> None:
    """Save ``fig`` to ``path`` through a staged temporary file."""
    if path.suffix.lower() not in DRAWING_SUFFIXES:
        raise OutputError(f"{path}: a drawing must end in .png or .svg")
    outputs = OutputSet(path.parent)
    try:
        tmp, _final = outputs.stage_path(path.name)
        save_figure(fig, tmp)
    except BaseException:
        outputs.discard()
        raise
    outputs.commit()
