"""Text normalisation shared by the importer's steps: spaces, dashes, zero-width characters, slugs."""

from __future__ import annotations

import re
import unicodedata

DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # hyphens, en/em dash, minus, fullwidth
SPACES = "\u00a0\u2007\u202f\u2009\u200a\u2002\u2003\u2004\u2005\u2006\u3000\t"
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SPACE_TABLE = {ord(c): " " for c in SPACES} | {ord(c): None for c in ZERO_WIDTH}
_DASH_TABLE = {ord(c): "-" for c in DASHES} | {ord("\uff5e"): "~", ord("\u301c"): "~"}
_WS = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFC, every kind of space as one space, zero-width characters gone, trimmed."""
    text = unicodedata.normalize("NFC", text).translate(_SPACE_TABLE)
    return _WS.sub(" ", text).strip()


def plain_dashes(text: str) -> str:
    """The same text with every dash and minus as '-' (for matching only; never for output)."""
    return text.translate(_DASH_TABLE)


_QUOTES = {'"': '"', "“": "”", "‘": "’", "'": "'", "«": "»", "「": "」", "『": "』"}


def unquote(text: str) -> str:
    """The text without quotes that enclose all of it (`“Talk”` -> `Talk`); quotes inside are kept."""
    t = text.strip()
    while len(t) >= 2 and t[0] in _QUOTES and t[-1] == _QUOTES[t[0]] and t[1:-1].count(t[0]) == 0:
        t = t[1:-1].strip()
    return t


def short(text: str, n: int = 60) -> str:
    """The text cut to n characters with an ellipsis."""
    return text if len(text) <= n else text[: n - 1] + "…"


_INITIALS = ["g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "-", "j", "jj", "ch", "k", "t", "p", "h"]
_VOWELS = [
    "a",
    "ae",
    "ya",
    "yae",
    "eo",
    "e",
    "yeo",
    "ye",
    "o",
    "wa",
    "wae",
    "oe",
    "yo",
    "u",
    "wo",
    "we",
    "wi",
    "yu",
    "eu",
    "ui",
    "i",
]
_FINALS = [
    "",
    *[
        "k",
        "k",
        "k",
        "n",
        "n",
        "n",
        "t",
        "l",
        "k",
        "m",
        "l",
        "l",
        "l",
        "p",
        "l",
        "m",
        "p",
        "p",
        "t",
        "t",
        "ng",
        "t",
        "t",
        "k",
        "t",
        "p",
        "t",
    ],
]


def romanise_hangul(text: str) -> str:
    """Hangul syllables in Revised Romanization, letter by letter (no sound-change rules): 김민수 -> gimminsu."""
    out = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, vowel, final = code // 588, (code % 588) // 28, code % 28
            out.append(_INITIALS[initial].replace("-", "") + _VOWELS[vowel] + _FINALS[final])
        else:
            out.append(ch)
    return "".join(out)


def slug(text: str) -> str:
    """Lower-case ASCII with runs of anything else turned into '-': "Michelle L. Oren" -> "michelle-l-oren".

    Hangul is romanised first, so a Korean name still gets a readable id: "김 민수" -> "gim-minsu"."""
    text = romanise_hangul(plain_dashes(unicodedata.normalize("NFC", text)))
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
