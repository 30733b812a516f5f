import io

import pytest
from PIL import Image, ImageDraw

from lib import cards

AZERBAIJANI = "AaBbCcÇçDdEeƏəFfGgĞğHhXxIıİiJjKkQqLlMmNnOoÖöPpRrSsŞşTtUuÜüVvYyZz"
RUSSIAN = "АаБбВвГгДдЕеЁёЖжЗзИиЙйКкЛлМмНнОоПпРрСсТтУуФфХхЦцЧчШшЩщЪъЫыЬьЭэЮюЯя"
NOT_IN_THE_FONT = "\U0010fffd"  # a private-use code point: the empty box


def image_of(png):
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    return image


def drawn(letter, path):
    image = Image.new("L", (80, 80))
    ImageDraw.Draw(image).text((10, 10), letter, font=cards.font(path, 40), fill=255)
    return image.tobytes()


@pytest.mark.parametrize("path", [cards.REGULAR, cards.BOLD])
def test_the_fonts_have_every_azerbaijani_and_russian_letter(path):
    box = drawn(NOT_IN_THE_FONT, path)
    missing = [c for c in AZERBAIJANI + RUSSIAN + "—…–" if drawn(c, path) == box]
    assert missing == []


def test_a_card_is_open_graphs_size():
    image = image_of(cards.draw_card("Bakhtiyar Hajiyev", "Detained — as of 2023"))
    assert image.size == (1200, 630)


def test_long_names_wrap_and_shrink_within_the_card():
    face, lines = cards.fit(
        "Bəxtiyar Hacıyev Şəhriyar oğlu Ğəniyev Бахтияр Гаджиев " * 3,
        cards.BOLD,
        cards.TITLE_SIZES,
        1000,
        400,
    )
    assert face.size < cards.TITLE_SIZES[0]
    assert len(lines) > 1
    assert all(cards.text_width(line, face) <= 1000 for line in lines)


def test_what_does_not_fit_ends_at_a_word_with_an_ellipsis():
    text = " ".join(f"word{n}" for n in range(200))
    face, lines = cards.fit(text, cards.BOLD, cards.TITLE_SIZES, 1000, 300)
    assert face.size == cards.TITLE_SIZES[-1]
    assert len(lines) == 300 // cards.line_height(face)
    assert lines[-1].endswith("…")
    assert lines[-1][:-1].split()[-1] in text.split()  # a whole word
    assert all(cards.text_width(line, face) <= 1000 for line in lines)


def test_a_word_wider_than_a_line_is_broken_between_letters_not_accents():
    word = "Ə\u0301" * 60  # each letter with a combining accent
    face = cards.font(cards.BOLD, 60)
    lines = cards.wrap(word, face, 500)
    assert "".join(lines) == word
    assert all(not line.startswith("\u0301") for line in lines)
    assert all(cards.text_width(line, face) <= 500 for line in lines)


def test_the_status_line_shrinks_before_it_wraps():
    line = "Осуждён, в заключении — по состоянию на 3 марта 2017"
    face, lines = cards.fit(
        line, cards.REGULAR, cards.LINE_SIZES, 1000, 400, 2, fewest_lines=True
    )
    assert lines == [line]


def test_no_text_is_drawn_in_the_margins():
    title = "Ww" * 300
    image = image_of(cards.draw_card(title, "Mm" * 300)).convert("RGB")
    right = image.crop(
        (cards.WIDTH - cards.MARGIN + 4, 0, cards.WIDTH, cards.HEIGHT - cards.BAND)
    )
    assert right.getcolors() == [(right.width * right.height, (255, 255, 255))]


def test_a_line_that_must_wrap_breaks_after_its_dash_first():
    face = cards.font(cards.REGULAR, 38)
    line = "Отбывает наказание в заключении — по состоянию на 19 октября 2018"
    assert cards.wrap(line, face, 1000, after=" — ") == [
        "Отбывает наказание в заключении —",
        "по состоянию на 19 октября 2018",
    ]
    assert cards.wrap("Detained — as of 2024", face, 1000, after=" — ") == [
        "Detained — as of 2024"
    ]
