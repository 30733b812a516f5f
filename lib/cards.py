"""
Share cards: the picture a link preview shows for a page, drawn on the server
from a title and a line under it, with the fonts vendored in lib/fonts/
(DejaVu Sans: Latin with every Azerbaijani letter, Cyrillic, Greek, Armenian,
Georgian), so nothing is fetched at run time.

The size is Open Graph's recommended 1200×630. No text is ever cut, nor drawn
outside the picture: a long title wraps, then shrinks; what does not fit even
at the smallest size ends, at a word, with an ellipsis. Nothing here knows
about records: website/cards.py says what a person's or a case's card says.
"""

import io
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# Part of every cached card's key (website/cards.py): change it whenever the
# drawing changes, so that no card drawn the old way is served again.
DESIGN = "1"

FONTS = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"

# The site's colours (static/css/site.css).
PAPER = "#ffffff"
INK = "#1a1a1a"
NAVY = "#1d3557"
BARS = "#f1faee"
ACCENT = "#e9c46a"
NEUTRAL = "#4a4a4a"

MARGIN = 80
STRIPE = 20  # the status colour, down the left edge
BAND = 112  # the foot, with the site's name
GAP = 28  # between the title and the line under it
TITLE_SIZES = (72, 66, 60, 54, 48, 42)
LINE_SIZES = (38, 34, 30)
LINE_MAX_LINES = 2
ELLIPSIS = "…"


@cache
def font(path, size):
    return ImageFont.truetype(str(path), size)


def text_width(text, face):
    """Return how far ``text`` reaches to the right, ink included (a bold
    glyph's ink may pass its advance)."""
    if not text:
        return 0
    return max(face.getlength(text), face.getbbox(text, anchor="ls")[2])


def line_height(face):
    ascent, descent = face.getmetrics()
    return ascent + descent


def wrap(text, face, width, after=None):
    """
    Return ``text`` as lines that are each at most ``width`` pixels wide in
    ``face``: broken between words, and inside a word only where the word
    alone is wider than a line (never between a letter and its accent).
    A text that needs more than one line breaks first right after ``after``
    ("Name:" above the rest of a case's title, a status above its "as of").
    """
    head, found, tail = text.partition(after) if after else (text, "", "")
    if found and tail.strip() and text_width(text, face) > width:
        return wrap(head + found.rstrip(), face, width) + wrap(tail, face, width)
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}" if line else word
        if text_width(candidate, face) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        while text_width(word, face) > width:
            cut = _longest_prefix(word, face, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def _longest_prefix(word, face, width):
    """Return the length of the longest start of ``word`` that fits (at least
    one character with its combining marks)."""
    cut = 1
    while cut < len(word) and text_width(word[: cut + 1], face) <= width:
        cut += 1
    while cut < len(word) and unicodedata.combining(word[cut]):
        cut += 1
    return cut


def _shorten(line, face, width):
    """Return ``line`` cut at a word and ended with an ellipsis, to fit."""
    while line and text_width(line + ELLIPSIS, face) > width:
        line = line.rsplit(" ", 1)[0] if " " in line else _drop_last_letter(line)
    return line.rstrip(" ,;:—-") + ELLIPSIS


def _drop_last_letter(text):
    """Return ``text`` without its last letter and that letter's accents."""
    end = len(text)
    while end > 1 and unicodedata.combining(text[end - 1]):
        end -= 1
    return text[: end - 1]


def fit(
    text, path, sizes, width, height, max_lines=None, *, fewest_lines=False, after=None
):
    """
    Return (font, lines) for ``text`` at the largest of ``sizes`` whose
    lines (``wrap``, breaking after ``after`` first) fit ``width`` and,
    stacked, ``height`` (and number at most ``max_lines``); with
    ``fewest_lines``, at the fewest lines first (a smaller size on one line
    rather than a larger one on two). Failing all, the smallest size's lines
    that fit, the last one shortened with an ellipsis.
    """
    options = []  # (font, its lines, how many lines fit at it)
    for size in sizes:
        face = font(path, size)
        room = height // line_height(face)
        if max_lines is not None:
            room = min(room, max_lines)
        options.append((face, wrap(text, face, width, after), max(room, 1)))
    if fewest_lines:
        for count in range(1, max(room for _f, _l, room in options) + 1):
            for face, lines, room in options:
                if len(lines) <= min(count, room):
                    return face, lines
    for face, lines, room in options:
        if len(lines) <= room:
            return face, lines
    face, lines, room = options[-1]
    return face, [*lines[: room - 1], _shorten(lines[room - 1], face, width)]


def draw_card(title, line="", *, colour=NEUTRAL, site="Casetracker"):
    """
    Return a PNG (bytes) of WIDTH×HEIGHT: ``title`` in large bold type,
    ``line`` under it in ``colour`` (also the stripe down the left edge),
    and ``site`` in the band at the foot.
    """
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, STRIPE - 1, HEIGHT - BAND - 1), fill=colour)
    _draw_band(draw, site)

    left = STRIPE + MARGIN
    width = WIDTH - left - MARGIN
    height = HEIGHT - BAND - 2 * MARGIN
    line_face, line_lines = None, []
    if line:
        line_face, line_lines = fit(
            line,
            REGULAR,
            LINE_SIZES,
            width,
            height,
            LINE_MAX_LINES,
            fewest_lines=True,
            after=" — ",
        )
    below = len(line_lines) * line_height(line_face) + GAP if line_lines else 0
    title_face, title_lines = fit(
        title, BOLD, TITLE_SIZES, width, height - below, after=": "
    )

    # The block stands in the middle of the space above the band.
    block = len(title_lines) * line_height(title_face) + below
    y = MARGIN + (height - block) // 2
    y = _draw_lines(draw, title_lines, title_face, left, y, INK)
    if line_lines:
        _draw_lines(draw, line_lines, line_face, left, y + GAP, colour)

    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _draw_lines(draw, lines, face, left, top, fill):
    """Draw ``lines`` from ``top`` down; return where they end."""
    ascent, _descent = face.getmetrics()
    for line in lines:
        draw.text((left, top + ascent), line, font=face, fill=fill, anchor="ls")
        top += line_height(face)
    return top


def _draw_band(draw, site):
    """The foot: the site's mark (the favicon's bars) and its name."""
    top = HEIGHT - BAND
    draw.rectangle((0, top, WIDTH, HEIGHT), fill=NAVY)
    size = 56
    x, y = STRIPE + MARGIN, top + (BAND - size) // 2
    for i in range(4):
        bar = x + 12 + i * 10
        draw.line((bar, y + 10, bar, y + size - 10), fill=BARS, width=4)
    draw.line((x + 6, y + size // 2, x + size - 6, y + size // 2), fill=ACCENT, width=5)
    face = font(BOLD, 40)
    draw.text(
        (x + size + 20, top + BAND // 2), site, font=face, fill=PAPER, anchor="lm"
    )
