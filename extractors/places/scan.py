"""Where names of units may start in running text, and the words around them.

A name starts at a capital (`CAP`: a capitalised syllable or a number, "Phường 1"); before
it may stand a kind word (`kind_before`: "xã", "Thị trấn", "TP."), after it the syllables
that may continue it (`syllables`). The national motto, whose words are also names of
communes, is no name (`Capitals.motto`). `extractors.places.names` matches names from these.
"""
from __future__ import annotations

import functools
import re
from typing import Callable, Iterable

from extractors.places.keys import (
    ABBREVIATIONS,
    KINDS,
    LETTER,
    SYLLABLE,
    fold_key,
    lower_word,
)
from extractors.places.normalize import APOSTROPHES

# Every character a kind word may end with as written (any case; a decomposed mark): a name
# after any other character has no kind word before it, so `kind_before` stops at once.
_KIND_LAST = {words[-1][-1] for words in KINDS}
_KIND_ENDS = frozenset(c for c in map(chr, range(0x3000))
                       if c.lower() in _KIND_LAST or "\u0300" <= c <= "\u036f")
_KIND_LAST_WORDS = {words[-1] for words in KINDS}  # a kind word, one or two words, ends so
# the second word of a two-word kind word whose first has diacritics: in capitals it is
# still that word even when it has none itself ("ĐẶC KHU LÝ SƠN")
_SECOND_WORDS = {words[1] for words in KINDS if len(words) == 2 and not words[0].isascii()}
# Syllables inside a name may be joined by spaces, hyphens, dashes or apostrophes
# ("Bà Rịa - Vũng Tàu", "Cư M'gar"), never by punctuation that ends a list item or a line.
_NEXT = re.compile(r"[ \t\u00a0\-\u2013\u2014'\u2019\u2018]{1,3}(" + SYLLABLE + ")")
_UPPER = "".join(c for c in map(chr, [*range(0x41, 0x250), *range(0x1E00, 0x1F00)])
                 if c.isupper())
# where a name may start: a capitalised syllable or a number ("Phường 1"), not preceded by
# a letter. The capital comes first and the look-behind after it (over the letter before
# the capital), so the search skips from capital to capital instead of trying the
# look-behind at every offset: the same matches in about half the time.
CAP = re.compile(rf"[{_UPPER}0-9](?<!{LETTER}.){LETTER}*(?:[{APOSTROPHES}]{LETTER}+)*")
# The country's name and motto head every report; Quảng Hòa (Cao Bằng) has communes named
# Độc Lập, Tự Do and Hạnh Phúc, Hưng Hà (Thái Bình) one named Cộng Hòa.
_MOTTO = re.compile(r"(?i:cộng\s+h(?:oà|òa)\s+xã\s+hội\s+chủ\s+nghĩa\s+việt\s+nam"
                    r"|độc\s+lập\s*[-–—]\s*tự\s+do\s*[-–—]\s*hạnh\s+phúc)")
_O_DOT = re.compile("[ộỘ]")  # the letter both start with


class Capitals:
    """Where names may start in one text (the `CAP` matches) and the spans of the
    national motto, found once for several `find` / `district_mentions` calls over it (the
    metadata scans the document's text with both); the kind word before a capital is
    looked up once too."""

    __slots__ = ("text", "caps", "_motto", "_kinds")

    def __init__(self, text: str):
        self.text = text
        self.caps = list(CAP.finditer(text))
        self._motto: list[tuple[int, int]] | None = None  # district_mentions needs none
        self._kinds: dict[int, tuple[str, int, int] | None] = {}

    @property
    def motto(self) -> list[tuple[int, int]]:
        """Return `_motto(self.text)`."""
        if self._motto is None:
            self._motto = _motto(self.text)
        return self._motto

    def kind_before(self, start: int) -> tuple[str, int, int] | None:
        """Return `kind_before(self.text, start)`."""
        if start in self._kinds:
            return self._kinds[start]
        kind = self._kinds[start] = kind_before(self.text, start)
        return kind


def capitals_of(text: str, capitals: Capitals | None, motto: bool = True
                ) -> tuple[Iterable[re.Match], list[tuple[int, int]], Callable]:
    """Return the capitals of `text`, its motto spans ([] unless `motto`) and its
    `kind_before(offset)`: from `capitals` when given (they must be of `text`), else found
    for this one pass (no list, no memo: per-block calls would only pay for them)."""
    if capitals is None:
        return (CAP.finditer(text), _motto(text) if motto else [],
                functools.partial(kind_before, text))
    if capitals.text is not text and capitals.text != text:
        raise ValueError("capitals of another text")
    return capitals.caps, capitals.motto if motto else [], capitals.kind_before


def _motto(text: str) -> list[tuple[int, int]]:
    """Return the spans of the country's name and motto in `text`."""
    # Both start one letter before an "ộ" ("cộng", "độc"): trying the expression only there
    # finds what finditer finds, without running it (case-blind, so slow) over every offset.
    out: list[tuple[int, int]] = []
    if "ộ" not in text and "Ộ" not in text:  # most blocks: no search to set up
        return out
    for o in _O_DOT.finditer(text):
        start = o.start() - 1
        if start < 0 or (out and start < out[-1][1]):
            continue
        m = _MOTTO.match(text, start)
        if m is not None:
            out.append(m.span())
    return out


def syllables(text: str, cap: re.Match, most: int, need_upper: bool
              ) -> list[tuple[str, int]]:
    """Return (fold key, end offset) of up to `most` syllables joined like a name's."""
    out = [(fold_key(cap.group()), cap.end())]
    pos = cap.end()
    while len(out) < most:
        m = _NEXT.match(text, pos)
        if m is None:
            break
        word = m.group(1)
        if need_upper and not (word[0].isupper() and not word[0].isdigit()):
            break
        pos = m.end()
        out.append((fold_key(word), pos))
    return out


def _word_before(text: str, end: int) -> int:
    """Return where the syllable ending at `end` starts (== end when there is none)."""
    k = end
    while k > 0 and (text[k - 1].isalnum() or "\u0300" <= text[k - 1] <= "\u036f"):
        k -= 1
    return k


def kind_before(text: str, start: int) -> tuple[str, int, int] | None:
    """Return (kind, start, end) of the kind word just before offset `start`, if any.

    Between kind word and name: one or two spaces, or a dot and at most one space ("TP. ").
    """
    j = start
    while j > 0 and start - j < 2 and text[j - 1] in " \t\u00a0":
        j -= 1
    dot = j > 0 and text[j - 1] == "." and start - j < 2
    if dot:
        j -= 1
    if j == start or text[j - 1] not in _KIND_ENDS:
        return None
    k = _word_before(text, j)
    if k == j:
        return None
    one = (lower_word(text[k:j]),)
    if one[0] not in _KIND_LAST_WORDS:  # most words before a capital: neither check below
        if text[k:j].lower() not in _SECOND_WORDS:
            return None
        one = (text[k:j].lower(),)  # "KHU" of "ĐẶC KHU": the word before decides
    if k > 1 and text[k - 1] in " \t\u00a0":
        k0 = _word_before(text, k - 1)
        if k0 < k - 1 and (lower_word(text[k0:k - 1]), one[0]) in KINDS:
            return KINDS[lower_word(text[k0:k - 1]), one[0]], k0, j
    if one in KINDS and (not dot or one in ABBREVIATIONS):
        return KINDS[one], k, j
    return None
