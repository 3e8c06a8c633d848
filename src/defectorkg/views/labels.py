"""Label placement in display space: overlap removal for boxes, node footprints (a marker
above its label), and edge labels placed on or beside their edges, clear of everything else.

Label extents are measured in display space and overlapping boxes are pushed apart until
none overlap; an edge label with no free spot is dropped and reported.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
from matplotlib.text import Text

from .figure import MARGIN_PX, Box, Frame, measure


@dataclass
class Boxes:
    """Axis-aligned boxes by centre and half size; some fixed, all kept inside bounds."""

    cx: np.ndarray
    cy: np.ndarray
    hw: np.ndarray
    hh: np.ndarray
    movable: np.ndarray
    bounds: np.ndarray  # (n, 4): x0, y0, x1, y1 each box must stay inside

    def clamp(self) -> None:
        """Keep every box inside its bounds."""
        lo_x, hi_x = self.bounds[:, 0] + self.hw, self.bounds[:, 2] - self.hw
        lo_y, hi_y = self.bounds[:, 1] + self.hh, self.bounds[:, 3] - self.hh
        self.cx = np.where(self.movable, np.clip(self.cx, lo_x, np.maximum(lo_x, hi_x)), self.cx)
        self.cy = np.where(self.movable, np.clip(self.cy, lo_y, np.maximum(lo_y, hi_y)), self.cy)

    def overlaps(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """Pairwise overlap depths and centre offsets, and the mask of overlapping pairs."""
        dx = self.cx[:, None] - self.cx[None, :]
        dy = self.cy[:, None] - self.cy[None, :]
        ox = self.hw[:, None] + self.hw[None, :] - np.abs(dx)
        oy = self.hh[:, None] + self.hh[None, :] - np.abs(dy)
        hit = (ox > 0) & (oy > 0)
        np.fill_diagonal(hit, False)
        return dx, dy, ox, oy, hit


def separate(boxes: Boxes, max_rounds: int = 2000) -> bool:
    """Push overlapping boxes apart along the axis of least overlap; True when none overlap."""
    n = len(boxes.cx)
    order = np.arange(n)
    tie = np.where(order[:, None] < order[None, :], -1.0, 1.0)  # deterministic when centres meet
    mov = boxes.movable.astype(float)
    share = np.divide(mov[:, None], mov[:, None] + mov[None, :],
                      out=np.zeros((n, n)), where=(mov[:, None] + mov[None, :]) > 0)  # fmt: skip
    boxes.clamp()
    for round_number in range(max_rounds):
        dx, dy, ox, oy, hit = boxes.overlaps()
        if not hit.any():
            return True
        along_x = hit & (ox <= oy)
        along_y = hit & (ox > oy)
        sx = np.where(dx == 0, tie, np.sign(dx))
        sy = np.where(dy == 0, tie, np.sign(dy))
        step = 0.55 if round_number < max_rounds // 2 else 0.8
        boxes.cx = boxes.cx + step * (np.where(along_x, ox + 0.5, 0) * sx * share).sum(axis=1)
        boxes.cy = boxes.cy + step * (np.where(along_y, oy + 0.5, 0) * sy * share).sum(axis=1)
        boxes.clamp()
    return not boxes.overlaps()[4].any()


@dataclass
class Footprints:
    """Each node's marker and label: sizes, and the box they take together."""

    nodes: list[str]
    radius: dict[str, float]
    label_size: dict[str, tuple[float, float]]
    texts: dict[str, Text] = field(default_factory=dict)

    def half(self, node: str) -> tuple[float, float]:
        """Half width and half height of the node's footprint (marker above its label)."""
        w, h = self.label_size[node]
        r = self.radius[node]
        return max(w / 2, r) + MARGIN_PX, (2 * r + 2 + h) / 2 + MARGIN_PX

    def centre_offset(self, node: str) -> float:
        """How far below the node's position its footprint centre lies."""
        _, h = self.label_size[node]
        return (2 + h) / 2


def _exit_fraction(start: tuple[float, float], end: tuple[float, float], half: tuple[float, float],
                   centre: tuple[float, float]) -> float:  # fmt: skip
    """How far along start->end the segment leaves the box (``centre``, ``half``) that holds start."""
    fractions = [1.0]
    for axis in (0, 1):
        step = end[axis] - start[axis]
        if step > 0:
            fractions.append((centre[axis] + half[axis] - start[axis]) / step)
        elif step < 0:
            fractions.append((centre[axis] - half[axis] - start[axis]) / step)
    return max(0.0, min(fractions))


def edge_ends(
    u: str, v: str, positions: dict[str, tuple[float, float]], feet: Footprints
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Where the line u->v leaves u's footprint and enters v's (marker and label), so that
    arrowheads end at the edge of the label box instead of under it."""
    a, b = positions[u], positions[v]
    centre_u = (a[0], a[1] - feet.centre_offset(u))
    centre_v = (b[0], b[1] - feet.centre_offset(v))
    ta = _exit_fraction(a, b, feet.half(u), centre_u)
    tb = _exit_fraction(b, a, feet.half(v), centre_v)
    if ta + tb >= 1.0:  # the footprints touch: keep the plain centres
        return a, b
    return ((a[0] + ta * (b[0] - a[0]), a[1] + ta * (b[1] - a[1])),
            (b[0] + tb * (a[0] - b[0]), b[1] + tb * (a[1] - b[1])))  # fmt: skip


_LABEL_STOPS = (0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78)  # where along an edge a label may sit


def _free(box: Box, taken: np.ndarray, width: float, height: float) -> bool:
    """True when ``box`` lies inside the plot area and meets none of the ``taken`` boxes."""
    x0, y0, x1, y1 = box
    if x0 < 0 or y0 < 0 or x1 > width or y1 > height:
        return False
    if len(taken) == 0:
        return True
    return not bool(
        np.any((taken[:, 0] < x1) & (taken[:, 2] > x0) & (taken[:, 1] < y1) & (taken[:, 3] > y0))
    )


def _label_candidates(
    a: tuple[float, float], b: tuple[float, float], w: float, h: float
) -> Iterator[Box]:
    """Boxes of a w x h label along the visible segment a-b: on it, then beside it.

    A segment too short to show both the label and its arrowhead gets its label beside it.
    """
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = math.hypot(dx, dy) or 1.0
    nx_, ny_ = -dy / length, dx / length  # unit normal
    reach = abs(nx_) * (w / 2) + abs(ny_) * (h / 2) + 2  # enough to clear the line
    along = abs(dx / length) * w + abs(dy / length) * h  # how much of the line a label covers
    sides: tuple[float, ...] = (1.0, -1.0, 2.0, -2.0, 3.0, -3.0)
    if length > along + 30:
        sides = (0.0, *sides)
    for stop in _LABEL_STOPS:
        px, py = a[0] + stop * dx, a[1] + stop * dy
        for side in sides:
            cx, cy = px + side * reach * nx_, py + side * reach * ny_
            yield (
                cx - w / 2 - MARGIN_PX,
                cy - h / 2 - MARGIN_PX,
                cx + w / 2 + MARGIN_PX,
                cy + h / 2 + MARGIN_PX,
            )


def place_edge_labels(
    frame: Frame,
    labels: dict[str, tuple[Text, tuple[float, float], tuple[float, float]]],
    feet: Footprints,
    positions: dict[str, tuple[float, float]],
    fixed: list[Box],
) -> tuple[dict[str, tuple[float, float]], list[str]]:
    """Edge labels on or beside their edges, clear of node footprints and of each other.

    Each label takes the first free spot along its edge (middle first); a label with no free
    spot is pushed clear by :func:`separate`, and dropped (and reported) if even that fails.
    """
    taken = [
        (x - hw, y - feet.centre_offset(n) - hh, x + hw, y - feet.centre_offset(n) + hh)
        for n in feet.nodes
        for (x, y), (hw, hh) in [(positions[n], feet.half(n))]
    ] + list(fixed)
    placed: dict[str, tuple[float, float]] = {}
    crowded: list[str] = []
    for key in sorted(labels):
        text, a, b = labels[key]
        w, h = measure(frame, text)
        spot = next((c for c in _label_candidates(a, b, w, h)
                     if _free(c, np.array(taken), frame.width, frame.height)), None)  # fmt: skip
        if spot is None:
            crowded.append(key)
            continue
        taken.append(spot)
        placed[key] = ((spot[0] + spot[2]) / 2, (spot[1] + spot[3]) / 2)
    if not crowded:
        return placed, []
    sizes = [measure(frame, labels[k][0]) for k in crowded]
    mids = [
        ((labels[k][1][0] + labels[k][2][0]) / 2, (labels[k][1][1] + labels[k][2][1]) / 2)
        for k in crowded
    ]
    still = np.array(taken, dtype=float).reshape(-1, 4)
    boxes = Boxes(
        np.array([m[0] for m in mids] + list((still[:, 0] + still[:, 2]) / 2)),
        np.array([m[1] for m in mids] + list((still[:, 1] + still[:, 3]) / 2)),
        np.array([w / 2 + MARGIN_PX for w, _ in sizes] + list((still[:, 2] - still[:, 0]) / 2)),
        np.array([h / 2 + MARGIN_PX for _, h in sizes] + list((still[:, 3] - still[:, 1]) / 2)),
        np.arange(len(crowded) + len(still)) < len(crowded),
        np.tile([0.0, 0.0, frame.width, frame.height], (len(crowded) + len(still), 1)),
    )  # fmt: skip
    separate(boxes)
    hit = boxes.overlaps()[4]
    dropped = [k for i, k in enumerate(crowded) if hit[i].any()]
    placed.update(
        {
            k: (float(boxes.cx[i]), float(boxes.cy[i]))
            for i, k in enumerate(crowded)
            if k not in dropped
        }
    )
    return placed, dropped
