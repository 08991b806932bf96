"""How a section label reads: roman numerals, dotted numbers, letters. Pure functions, shared
by the reader (Word numbering writes labels), the plans finder and the reconciler's numbering
check, which may not import the reader."""
from __future__ import annotations

import re


def to_roman(n: int) -> str:
    """Return n as a roman numeral ("IV"); n itself as text when it is not positive."""
    if n <= 0:
        return str(n)
    out = []
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                       (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                       (4, "IV"), (1, "I")):
        while n >= value:
            out.append(sym)
            n -= value
    return "".join(out)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_DOTTED = re.compile(r"^\d+(\.\d+)+$")
# the Latin and Vietnamese alphabets in one order, to number a letter label
ALL_LETTERS = "abcdđefghijklmnopqrstuvwxyz"


def roman_value(text: str) -> int:
    """Return the value of a section label's roman numeral (I, V and X, up to 39, written
    the usual way), else 0."""
    if not text or any(ch not in _ROMAN_VALUES for ch in text):
        return 0
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN_VALUES[ch]
        total += -v if i + 1 < len(text) and _ROMAN_VALUES[text[i + 1]] > v else v
    return total if 0 < total < 40 and to_roman(total) == text else 0


def readings(label: str) -> list[tuple[tuple, int]]:
    """Return each (scheme, index) a section label (without trailing punctuation) can be
    read as, the likeliest first: ("decimal",) 3, ("dotted", "2") for 2.3, ("roman", upper)
    for IV / iv, ("letter", upper) for a single letter; "I" is both a roman one and a letter."""
    out: list[tuple[tuple, int]] = []
    if label.isdigit():
        out.append((("decimal",), int(label)))
    elif _DOTTED.match(label):
        head, _, last = label.rpartition(".")
        out.append((("dotted", head), int(last)))
    roman = roman_value(label.upper())
    if roman and (label.isupper() or len(label) > 1):
        out.append((("roman", label.isupper()), roman))
    if len(label) == 1 and label.isalpha():
        index = ALL_LETTERS.find(label.lower()) + 1
        if index:
            out.append((("letter", label.isupper()), index))
    return out
