"""Section numbering: where a document's sibling section labels skip (I, II, IV; 2.1, 2.3).

Labels are the reader's, without trailing punctuation, read by `extractors.reader.labels.readings`:
roman numerals (I, V, X only, up to 39), numbers, dotted numbers and single letters in the
Latin or Vietnamese alphabet.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from schemas.labels import ALL_LETTERS, readings, to_roman

_LETTERS = ("abcdefghijklmnopqrstuvwxyz", "abcdđeghiklmnopqrstuvxy")  # Latin; Vietnamese


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
        found = readings(label)
        if not found:
            continue
        move, depth, scheme, index = _place(found, stack)
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
        return [to_roman(i) if scheme[1] else to_roman(i).lower()
                for i in range(previous + 1, index)]
    prev, cur = ALL_LETTERS[previous - 1], ALL_LETTERS[index - 1]
    gaps = []
    for alphabet in _LETTERS:
        if prev in alphabet and cur in alphabet:
            a, b = alphabet.index(prev), alphabet.index(cur)
            if b <= a + 1:
                return []
            gaps.append(list(alphabet[a + 1:b]))
    missing = min(gaps, key=len) if gaps else []
    return [m.upper() for m in missing] if scheme[1] else missing
