"""
SVG geometry for the statistics figures: bars and lines as numbers the
template places, so a chart needs no script and no chart library to read.
"""

import math
from dataclasses import dataclass

WIDTH, HEIGHT = 720, 280
# The drawing for a phone: as wide as the screen, so that its labels are
# drawn at their size rather than shrunk to half of it, and fewer of them.
NARROW_WIDTH, NARROW_LABELS = 360, 5
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 64
CHAR_WIDTH = 6.5  # an 11 px letter, generously: a label never overlaps the next


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
    lines: tuple = ()  # the axis label's lines ("2017", "Charges dropped")
    text_x: float = 0  # where the label is centred: under the mark, inside


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


# The least room a point of a line needs on a touch screen to be a target of
# its own (WCAG 2.2's 24 px).
TOUCH_TARGET = 24


def layout(figure, *, width=WIDTH, most_labels=12, touch=False):
    """Return the drawing of ``figure``, ``width`` wide: marks, ticks, at
    most ``most_labels`` axis labels and, for lines, a path. For a touch
    screen (``touch``), a line's points are drawn (as links) only if each
    has room to be tapped; otherwise the line alone, its points being in
    the table of numbers below it."""
    points = figure.points
    step = _nice_step(max((p.value for p in points), default=0))
    top = step * TICKS
    plot_w, plot_h = width - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = max(len(points), 1)
    slot = plot_w / count
    marks = []
    for i, point in enumerate(points):
        height = plot_h * point.value / top if top else 0
        bar_w = max(slot * 0.7, 1)
        x = LEFT + i * slot + (slot - bar_w) / 2
        lines = tuple(point.label.split(" · "))
        centre = LEFT + i * slot + slot / 2
        half = max(len(line) for line in lines) * CHAR_WIDTH / 2
        marks.append(
            Mark(
                x=round(x, 1),
                y=round(TOP + plot_h - height, 1),
                width=round(bar_w, 1),
                height=round(height, 1),
                label=point.label,
                value=point.value,
                link=point.link,
                label_x=round(centre, 1),
                lines=lines,
                # Kept inside the drawing: the last label is not cut off.
                text_x=round(min(max(centre, half), width - half), 1),
            )
        )
    ticks = [
        Tick(y=round(TOP + plot_h - plot_h * k / TICKS, 1), value=step * k)
        for k in range(TICKS + 1)
    ]
    # Labels lie flat, a line per part ("2017", "Charges dropped"): every
    # n-th mark has one, n as small as lets each fit beside the next.
    longest = max((len(line) for m in marks for line in m.lines), default=1)
    every = max(
        1, math.ceil(count / most_labels), math.ceil(longest * CHAR_WIDTH / slot)
    )
    path = " ".join(
        f"{'M' if i == 0 else 'L'}{m.label_x},{m.y}" for i, m in enumerate(marks)
    )
    return {
        "width": width,
        "height": HEIGHT,
        "left": LEFT,
        "right": width - RIGHT,
        "baseline": TOP + plot_h,
        "label_y": TOP + plot_h + 15,
        "marks": marks,
        "labelled": {i for i in range(len(marks)) if i % every == 0},
        "ticks": ticks,
        "path": path,
        "points_drawn": figure.kind != "line" or not touch or slot >= TOUCH_TARGET,
    }
