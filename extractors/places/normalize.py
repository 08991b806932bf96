"""Text normalisation: NFC for stored text, folded keys for matching only.

Three keys, strictest first: `exact_key` (case, spacing and old tone placement aside),
`tone_key` (tone marks aside, vowel quality kept: "Ba Tô" and "Ba Tơ" differ) and `fold`
(no diacritics at all).
`closest` picks among candidate names by the strictest key that matches any of them.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TypeVar

T = TypeVar("T")
# An apostrophe inside a word belongs to it ("N'Thol Hạ", "Cư M'gar", "Ia H'Drai"); clerks
# type it straight, typographic (U+2019, U+2018, U+02BC) or leave it out, so keys drop it:
# "N'Thol", "N’Thol" and "NThol" are one syllable key.
APOSTROPHES = "'\u2019\u2018\u02bc"
_SYLLABLE = re.compile(rf"\w+(?:[{APOSTROPHES}]\w+)*", re.UNICODE)
_NO_APOSTROPHE = str.maketrans("", "", APOSTROPHES)
# grave, acute, tilde, hook above, dot below: the five tone marks. Circumflex, breve and
# horn (â ê ô, ă, ơ ư) make other vowels and stay.
_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
# In NFD the old placement puts the tone of a final "oa", "oe", "uy" on its second vowel
# ("hoà", "thuỷ"), the new one on the first ("hòa", "thủy"); not after q ("quý").
_OLD_TONE = re.compile("(?<!q)(o(?=[ae])|u(?=y))(.)([\u0300\u0301\u0303\u0309\u0323])$")


def nfc(text: str) -> str:
    """Return `text` in NFC, the only form baocao keeps inside."""
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=65536)  # syllables repeat across a corpus: fold each once
def fold_syllable(syllable: str) -> str:
    """Return the matching key of one syllable: lower case, no diacritics, đ→d, final k→c.

    Makes Đăk / Đắk / Đak / Dak, Ngọk / Ngọc, khoá / khóa (old and new tone placement) and
    N'Thol / N’Thol / NThol equal. Use it to compare, never to display.
    """
    s = unicodedata.normalize("NFD", syllable.lower().translate(_NO_APOSTROPHE))
    s = s.replace("đ", "d").replace("\u0111", "d")
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    if len(s) > 1 and s.endswith("k"):
        s = s[:-1] + "c"
    return s


def fold(text: str) -> str:
    """Return the matching key of a phrase: folded syllables joined by single spaces."""
    return " ".join(fold_syllable(m.group()) for m in _SYLLABLE.finditer(nfc(text)))


def exact_key(text: str) -> str:
    """Return `text` as written, in NFC lower case, its words joined by single spaces and
    tone marks placed the new way ("Thiệu Hoà" → "thiệu hòa", still not "thiệu hóa")."""
    return " ".join(_new_tone(m.group().lower().translate(_NO_APOSTROPHE))
                    for m in _SYLLABLE.finditer(nfc(text)))


def _new_tone(syllable: str) -> str:
    """Return a lower-case syllable with its tone on the first vowel of a final oa/oe/uy."""
    d = unicodedata.normalize("NFD", syllable)
    moved = _OLD_TONE.sub(lambda m: m.group(1) + m.group(3) + m.group(2), d)
    return syllable if moved == d else unicodedata.normalize("NFC", moved)


def tone_syllable(syllable: str) -> str:
    """Return the key of one syllable without its tone: lower case, đ→d, final k→c, vowel
    marks kept ("Tô" → "tô", "Tơ" → "tơ", "khoá" / "khóa" → "khoa", "Đắk" → "dăc")."""
    s = unicodedata.normalize("NFD", syllable.lower().translate(_NO_APOSTROPHE)).replace("đ", "d")
    s = unicodedata.normalize("NFC", "".join(ch for ch in s if ch not in _TONE_MARKS))
    if len(s) > 1 and s.endswith("k"):
        s = s[:-1] + "c"
    return s


def tone_key(text: str) -> str:
    """Return the tone-insensitive key of a phrase: `tone_syllable`s joined by spaces."""
    return " ".join(tone_syllable(m.group()) for m in _SYLLABLE.finditer(nfc(text)))


def closest(written: str, candidates: Iterable[T], name: Callable[[T], str] = str) -> list[T]:
    """Return the candidates `written` names by the strictest key any of them shares with it:
    the same words (`exact_key`), else the same `tone_key`, else the same `fold`; [] if none.

    Within one district "Ba Tô" is then xã Ba Tô and "Ba Tơ" thị trấn Ba Tơ, while "Dak Sao"
    or "Đắk Sao" still find "Đăk Sao". More than one result means `written` is ambiguous.
    """
    pool = list(candidates)
    for key in (exact_key, tone_key, fold):
        want = key(written)
        found = [c for c in pool if key(name(c)) == want]
        if found:
            return found
    return []
