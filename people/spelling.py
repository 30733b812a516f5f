"""
Match keys for names written in different scripts and spellings.

The same person is "Hajiyev" in English sources, "Hacıyev" in Azerbaijani,
"Гаджиев" in Russian and "Gadzhiev" in a transliteration of the Russian.
The databases cannot match these (PostgreSQL's unaccent leaves "ə" alone;
trigram similarity of Hajiyev and Gadzhiev is 0.06), so names are reduced
to two keys in Python when they are saved, and queries the same way:

- ``fold`` (people/names.py): lower case, diacritics and Azerbaijani
  letters folded, Cyrillic transliterated: "Bəxtiyar Hacıyev" → "bextiyar
  haciyev".
- ``skeleton``: the consonants of each word, with the letters that
  transliterations swap for one another made one: j/c/ch/dzh/dj/zh,
  g/h/x/kh/q, s/sh, y/i (dropped with the other vowels). "Hajiyev", "Hajiev", "Hacıyev",
  "Гаджиев" and "Gadzhiev" all give "gjv".
"""

import re

from .names import fold

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
