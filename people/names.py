"""
Names compared the way people write them: the same name in capitals or not,
with or without diacritics, in Azerbaijani or Turkish letters (ə, ı, İ, ş,
ğ), or in Cyrillic, reduces to one key.

The CSV import (``cases/importer.py``) matches people by these keys, and
builds slugs from them; a name search can match on them too.
"""

import re
import unicodedata

from django.utils.text import slugify

# Letters that Unicode does not decompose into a base letter and a mark.
LETTERS = str.maketrans(
    {
        "ə": "e",
        "Ə": "e",
        "ı": "i",
        "ß": "ss",
        "ẞ": "ss",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ħ": "h",
        "þ": "th",
        "ð": "d",
    }
)

# Cyrillic (Russian, Ukrainian, Belarusian, and the letters of Azerbaijani
# and Kazakh Cyrillic) as English-language sources transliterate it:
# "Гусейнов" becomes "guseynov".
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ғ": "gh", "д": "d", "е": "e",
    "ё": "yo", "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "қ": "q",
    "ҝ": "g", "л": "l", "м": "m", "н": "n", "ң": "ng", "о": "o", "ө": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ұ": "u",
    "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ҹ": "j", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "ә": "e", "і": "i", "ї": "yi", "є": "ye", "ґ": "g", "ј": "j", "ў": "u",
}  # fmt: skip

# Apostrophes join (O'Brien, Ro‘zimurod); every other non-letter separates.
APOSTROPHES = re.compile(r"['’ʼʻ‘`´]")
WORDS = re.compile(r"[^\W_]+")


def fold(text):
    """
    Return ``text`` as a match key: lower case, without diacritics, Cyrillic
    in Latin letters, words separated by one space. "BƏXTİYAR Hacıyev" and
    "Bextiyar Haciyev" give "bextiyar haciyev"; "Мехман Гусейнов" gives
    "mekhman guseynov". Other scripts keep their letters, in lower case.
    """
    text = unicodedata.normalize("NFKC", text or "").translate(LETTERS).casefold()
    text = "".join(CYRILLIC.get(char, char) for char in text)
    text = "".join(
        char
        for char in unicodedata.normalize("NFKD", text)
        if not unicodedata.combining(char)
    )
    return " ".join(WORDS.findall(APOSTROPHES.sub("", text)))


def slug_for(text, *, taken, fallback, max_length=200):
    """
    Return a slug for ``text`` in ASCII ("Əfqan Muxtarlı" → "efqan-muxtarli"),
    with "-2", "-3"… added if it is in ``taken``; ``fallback`` when ``text``
    has no Latin or Cyrillic letters. Adds the slug to ``taken``.
    """
    base = slugify(fold(text))[: max_length - 8].strip("-") or fallback
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug
