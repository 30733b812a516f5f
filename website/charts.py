"""
SVG geometry for the statistics figures: bars and lines as numbers the
template places, so a chart needs no script and no chart library to read.
"""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 280
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 64


@dataclass(frozen=True)
class Mark:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: float
    link: str
    label_x: float


@dataclass(frozen=True)
class Tick:
    y: float
    value: int


TICKS = 4


def _nice_step(value):
    """Return a round step (1, 2, 5, 10, 20…) of which TICKS cover ``value``."""
    raw = max(value / TICKS, 1)
    magnitude = 10 ** math.floor(math.log10(raw))
    for step in (1, 2, 5, 10):
        if raw <= step * magnitude:
            return int(step * magnitude)
    return int(10 * magnitude)


def layout(figure):
    """Return the drawing of ``figure``: marks, ticks and, for lines, a path."""
    points = figure.points
    step = _nice_step(max((p.value for p in points), default=0))
    top = step * TICKS
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(points), 1)
    slot = plot_w / count
    marks = []
    for i, point in enumerate(points):
        height = plot_h * point.value / top if top else 0
        bar_w = max(slot * 0.7, 1)
        x = LEFT + i * slot + (slot - bar_w) / 2
        marks.append(
            Mark(
                x=round(x, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(bar_w, 1),
                height=round(height, 1),
                label=point.label,
                value=point.value,
                link=point.link,
                label_x=round(LEFT + i * slot + slot / 2, 1),
            )
        )
    ticks = [
        Tick(y=round(TOP + plot_h - plot_h * k / TICKS, 1), value=step * k)
        for k in range(TICKS + 1)
    ]
    every = max(1, math.ceil(count / 12))  # at most a dozen axis labels
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{m.label_x},{m.y}" for i, m in enumerate(marks)
    )
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 16,
        "marks": marks,
        "labelled": {i for i in range(len(marks)) if i % every == 0},
        "ticks": ticks,
        "path": path,
    }
