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

    A stack holds the open sibling sequences, outermost first. A label continues an open
    sequence of its scheme (closing those nested below it), or skips ahead in one (a gap:
    measured from the nearest), or opens a new sequence. A new sequence may start anywhere
    (a fragment), and a number going back opens a nested list (a numbered list under a
    numbered heading) without closing the outer one: neither is flagged."""
    stack: list[list] = []  # [scheme, last index, last label]
    for raw in labels:
        label = raw.strip().rstrip(".)").strip()
        readings = _readings(label)
        if not readings:
            continue
        move, depth, scheme, index = _place(readings, stack)
        if move == "open":
            stack.append([scheme, index, label])
            continue
        del stack[depth + 1:]
        entry = stack[-1]
        if move == "gap":
            yield tuple(e[2] for e in stack[:-1]), entry[2], label, \
                _between(scheme, entry[1], index)
        entry[1], entry[2] = index, label


def _place(readings, stack) -> tuple[str, int, tuple, int]:
    """Return (move, stack depth, scheme, index) for a label: "continue" an open sequence
    (innermost first), "open" a new one (a reading starting at 1 first), or "gap" after
    the open sequence it skips least from; a number going back also opens."""
    opened = [(depth, entry) for depth, entry in reversed(list(enumerate(stack)))]
    for scheme, index in readings:
        for depth, entry in opened:
            if entry[0] == scheme and _follows(scheme, entry[1], index):
                return "continue", depth, scheme, index
    for scheme, index in readings:
        if index == 1:
            return "open", len(stack), scheme, index
    ahead = [(index - entry[1], depth, scheme, index) for scheme, index in readings
             for depth, entry in opened if entry[0] == scheme and index > entry[1]]
    if ahead:
        _, depth, scheme, index = min(ahead, key=lambda a: a[0])
        return "gap", depth, scheme, index
    scheme, index = readings[0]
    return "open", len(stack), scheme, index


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
