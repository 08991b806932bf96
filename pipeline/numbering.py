"""Section numbering: where a document's sibling section labels skip (I, II, IV; 2.1, 2.3).

Labels are the reader's, without trailing punctuation: roman numerals (I, V, X only, up to
39), numbers, dotted numbers and single letters in the Latin or Vietnamese alphabet.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_ROMAN = {"I": 1, "V": 5, "X": 10}
_LETTERS = ("abcdefghijklmnopqrstuvwxyz", "abcdđeghiklmnopqrstuvxy")  # Latin; Vietnamese
_ALL_LETTERS = "abcdđefghijklmnopqrstuvwxyz"  # both alphabets in one order, to index letters
_DOTTED = re.compile(r"^\d+(\.\d+)+$")


def gaps(labels: Sequence[str]) -> Iterator[tuple[tuple[str, ...], str, str, list[str]]]:
    """Yield (parent labels, previous, label, missing labels) for each skip in `labels`.

    A stack holds the open sibling sequences, outermost first; a label continues the
    sequence of its scheme and closes the ones nested below it, or opens a new one. A new
    sequence may start anywhere (a fragment), and going back restarts it: neither is flagged."""
    stack: list[list] = []  # [scheme, last index, last label]
    for raw in labels:
        label = raw.strip().rstrip(".)").strip()
        readings = _readings(label)
        if not readings:
            continue
        open_ = {entry[0]: i for i, entry in enumerate(stack)}
        scheme, index = _choose(readings, stack, open_)
        if scheme in open_:
            del stack[open_[scheme] + 1:]
            entry = stack[-1]
            if index > entry[1] + 1:
                missing = _between(scheme, entry[1], index)
                if missing:
                    yield tuple(e[2] for e in stack[:-1]), entry[2], label, missing
            entry[1], entry[2] = index, label
        else:
            stack.append([scheme, index, label])


def _readings(label: str) -> list[tuple[tuple, int]]:
    """Return each (scheme, index) the label can be read as."""
    out: list[tuple[tuple, int]] = []
    if label.isdigit():
        out.append((("decimal",), int(label)))
    elif _DOTTED.match(label):
        head, _, last = label.rpartition(".")
        out.append((("dotted", head), int(last)))
    roman = _roman(label.upper())
    if roman and (label.isupper() or len(label) > 1):
        out.append((("roman", label.isupper()), roman))
    if len(label) == 1 and label.isalpha():
        low = label.lower()
        index = _ALL_LETTERS.find(low) + 1
        if index:
            out.append((("letter", label.isupper()), index))
    return out


def _choose(readings, stack, open_) -> tuple[tuple, int]:
    """Prefer a reading that continues an open sequence, then one that starts a new one."""
    for scheme, index in readings:
        if scheme in open_ and _follows(scheme, stack[open_[scheme]][1], index):
            return scheme, index
    for scheme, index in readings:
        if index == 1:
            return scheme, index
    return readings[0]


def _follows(scheme: tuple, previous: int, index: int) -> bool:
    return index > previous and not _between(scheme, previous, index)


def _between(scheme: tuple, previous: int, index: int) -> list[str]:
    """Return the labels missing between two indices; for letters, by whichever alphabet
    (Latin or Vietnamese, clerks use both) skips least: empty when either continues."""
    if scheme[0] == "decimal":
        return [str(i) for i in range(previous + 1, index)]
    if scheme[0] == "dotted":
        return [f"{scheme[1]}.{i}" for i in range(previous + 1, index)]
    if scheme[0] == "roman":
        return [_to_roman(i) if scheme[1] else _to_roman(i).lower()
                for i in range(previous + 1, index)]
    prev, cur = _ALL_LETTERS[previous - 1], _ALL_LETTERS[index - 1]
    gaps = []
    for alphabet in _LETTERS:
        if prev in alphabet and cur in alphabet:
            a, b = alphabet.index(prev), alphabet.index(cur)
            if b <= a + 1:
                return []
            gaps.append(list(alphabet[a + 1:b]))
    missing = min(gaps, key=len) if gaps else []
    return [m.upper() for m in missing] if scheme[1] else missing


def _roman(text: str) -> int:
    """Return the value of a roman numeral of I, V and X up to 39, else 0."""
    if not text or any(ch not in _ROMAN for ch in text):
        return 0
    total = 0
    for i, ch in enumerate(text):
        v = _ROMAN[ch]
        total += -v if i + 1 < len(text) and _ROMAN[text[i + 1]] > v else v
    return total if 0 < total < 40 and _to_roman(total) == text else 0


def _to_roman(n: int) -> str:
    out = ""
    for value, digits in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + digits, n - value
    return out
