"""
Names compared the way people write them, and their match keys.

The same person is "Hajiyev" in English sources, "Hacıyev" in Azerbaijani,
"Гаджиев" in Russian and "Gadzhiev" in a transliteration of the Russian.
The databases cannot match these (PostgreSQL's unaccent leaves "ə" alone;
trigram similarity of Hajiyev and Gadzhiev is 0.06), so names are reduced
to keys in Python when they are saved, and queries the same way:

- ``fold``: lower case, diacritics and Azerbaijani or Turkish letters (ə, ı,
  İ, ş, ğ) folded, Cyrillic transliterated: "Bəxtiyar Hacıyev" →
  "bextiyar haciyev". The CSV import matches people by it and builds slugs
  from it.
- ``skeleton``: the consonants of each word, with the letters that
  transliterations swap for one another made one: j/c/ch/dzh/dj/zh,
  g/h/x/kh/q, s/sh, y/i (dropped with the other vowels). "Hajiyev",
  "Hajiev", "Hacıyev", "Гаджиев" and "Gadzhiev" all give "gjv".
"""

import functools
import re
import unicodedata

from anyascii import anyascii
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
    Return a slug for ``text`` in ASCII ("Əfqan Muxtarlı" → "efqan-muxtarli",
    "刘晓波" → "liuxiaobo", "ილია ჭავჭავაძე" → "ilia-chavchavadze"), with
    "-2", "-3"… added if it is in ``taken``; ``fallback`` only when ``text``
    has no letters at all. Adds the slug to ``taken``.

    Cyrillic is spelled as in ``fold`` (as English-language sources do);
    every other script as anyascii spells it.
    """
    base = slugify(anyascii(fold(text)))[: max_length - 8].strip("-") or fallback
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


# Longer spellings first. Folding already turned Azerbaijani ç, c and ş
# into c, c and s, so the sounds they stand for merge here with their
# Russian spellings: ch/tch (ч), dzh/zh (дж, ж), sh (ш).
SKELETON_RULES = [
    (re.compile(r"tch|ch|dzh|dj|dz|zh|j|c"), "J"),
    (re.compile(r"kh|gh|h|x|q|g"), "G"),
    (re.compile(r"sh"), "s"),
    (re.compile(r"ph"), "f"),
    (re.compile(r"w"), "v"),
    (re.compile(r"ck"), "k"),
]
VOWELS = re.compile(r"[aeiouy]")
REPEATS = re.compile(r"(.)\1+")


# Kept per word: a search reads the skeleton of every word of up to 500
# people's names per query word (website/search.py), the same few thousand
# name words again and again.
@functools.lru_cache(maxsize=65536)
def skeleton_word(word):
    """Return the consonant skeleton of one folded word (lower case)."""
    for pattern, replacement in SKELETON_RULES:
        word = pattern.sub(replacement, word)
    word = VOWELS.sub("", word)
    return REPEATS.sub(r"\1", word).lower()


def skeleton(text):
    """Return the skeletons of the words of ``text``, space-separated."""
    return " ".join(filter(None, (skeleton_word(w) for w in fold(text).split())))


def keys(names):
    """
    Return (folded, skeleton) columns for a set of names: each name's key,
    between " | " separators and padded, so that a query word can be found
    as a whole word with a plain substring search on either database.
    """
    folded = {fold(name) for name in names if name and fold(name)}
    skeletons = {skeleton(name) for name in names if name and skeleton(name)}
    return (
        " | " + " | ".join(sorted(folded)) + " | " if folded else "",
        " | " + " | ".join(sorted(skeletons)) + " | " if skeletons else "",
    )


def search_text_of(*texts):
    """Return the public texts of a record as one folded search column,
    padded with spaces so that " word" finds a word start."""
    return " " + fold(" ".join(t for t in texts if t)) + " "
