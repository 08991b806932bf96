"""Text normalisation: NFC for stored text, folded keys for matching only."""
from __future__ import annotations

import re
import unicodedata

_SYLLABLE = re.compile(r"\w+", re.UNICODE)


def nfc(text: str) -> str:
    """Return `text` in NFC, the only form baocao keeps inside."""
    return unicodedata.normalize("NFC", text)


def fold_syllable(syllable: str) -> str:
    """Return the matching key of one syllable: lower case, no diacritics, đ→d, final k→c.

    Makes Đăk / Đắk / Đak / Dak, Ngọk / Ngọc and khoá / khóa (old and new tone placement)
    equal. Use it to compare, never to display.
    """
    s = unicodedata.normalize("NFD", syllable.lower()).replace("đ", "d").replace("\u0111", "d")
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    if len(s) > 1 and s.endswith("k"):
        s = s[:-1] + "c"
    return s


def fold(text: str) -> str:
    """Return the matching key of a phrase: folded syllables joined by single spaces."""
    return " ".join(fold_syllable(m.group()) for m in _SYLLABLE.finditer(nfc(text)))
