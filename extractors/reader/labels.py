"""Section labels: from Word's automatic numbering (numbering.xml) or typed in the text."""
from __future__ import annotations

import re

from lxml import etree

from extractors.reader.package import W
from schemas.labels import to_roman

_ROMAN = re.compile(r"(?:X{0,3})(?:IX|IV|V?I{0,3})")
# Upper-case letter labels stop at H: "Q. CHỦ TỊCH" (acting chairman) opens signatures.
_TYPED_LABEL = re.compile(
    r"\s*(?:(?P<num>\d{1,3}(?:\.\d{1,3}){0,4})|(?P<roman>[IVX]{1,6})|(?P<letter>[a-zđA-H]))"
    r"(?:(?P<punct>\.\)|[.)])|(?P<dash>\s?[-–]\s*)|(?=\s))")
# What a label can start with, besides a digit or a space (checked before the expression,
# which costs ~0.7 µs a paragraph, mostly to fail).
_LABEL_STARTS = frozenset("IVXabcdefghijklmnopqrstuvwxyzđABCDEFGH")


def _val(parent, tag: str) -> str | None:
    el = next(parent.iterchildren(tag), None)  # find() costs twice as much
    return el.get(W + "val") if el is not None else None


def _int(text: str | None, default: int = 0) -> int:
    """Return `text` as an int within Word's range 0..32767, or `default` when it is none."""
    try:
        return min(max(int(text or ""), 0), 32767)
    except ValueError:
        return default


def read_numpr(element) -> tuple[str | None, int | None]:
    """Return (numId, ilvl) of a w:numPr element; None for what it leaves out."""
    num_id = next(element.iterchildren(W + "numId"), None)
    ilvl = next(element.iterchildren(W + "ilvl"), None)
    return (num_id.get(W + "val") if num_id is not None else None,
            _int(ilvl.get(W + "val"), 0) if ilvl is not None else None)


class _Level:
    __slots__ = ("fmt", "text", "start", "legal")

    def __init__(self, lvl):
        # One pass over the children, backwards so that the first of each tag wins (as
        # with find(), which costs ~2.5 µs a call).
        props = {child.tag: child for child in reversed(lvl)}

        def val(tag, default):
            el = props.get(W + tag)
            return el.get(W + "val", default) if el is not None else default
        self.fmt = val("numFmt", "decimal")
        self.text = val("lvlText", "")
        self.start = _int(val("start", "0"))  # 0: the standard's default when w:start is absent
        self.legal = W + "isLgl" in props


class Numbering:
    """Word's automatic numbering: counters per list, labels from lvlText and numFmt.

    Counters are kept per abstract list: Word continues one count across the w:num instances
    that share an abstractNum, unless an instance restarts it with w:startOverride.
    Levels are kept as their w:lvl elements and read when a label first needs them: Word's
    numbering.xml often defines dozens of lists of nine levels that no paragraph uses."""

    def __init__(self, root):
        # abstractNumId -> ilvl -> w:lvl element; numId -> (abstractNumId, start overrides,
        # w:lvl elements of its own level overrides).
        self.abstract: dict[str, dict[int, etree._Element]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, etree._Element]]] = {}
        self._levels: dict[etree._Element, _Level] = {}  # w:lvl element -> its _Level, once read
        self.counters: dict[str, list[int | None]] = {}
        self.started: set[str] = set()
        self.alias: dict[str, str] = {}
        if root is None:
            return
        links: dict[str, str] = {}  # list style name -> abstractNum defining it
        uses: dict[str, str] = {}  # abstractNum -> list style it only points to
        for absn in root.iter(W + "abstractNum"):
            abs_id = absn.get(W + "abstractNumId", "")
            self.abstract[abs_id] = {
                _int(lvl.get(W + "ilvl")): lvl for lvl in absn.iter(W + "lvl")}
            link, used = _val(absn, W + "styleLink"), _val(absn, W + "numStyleLink")
            if link:
                links[link] = abs_id
            if used:
                uses[abs_id] = used
        # A list using a list style (w:numStyleLink) takes its levels, and its counters, from
        # the abstractNum that defines the style (w:styleLink).
        self.alias = {abs_id: links[name] for abs_id, name in uses.items()
                      if name in links and not self.abstract.get(abs_id)}
        for num in root.iter(W + "num"):
            abs_el = next(num.iterchildren(W + "abstractNumId"), None)
            starts: dict[int, int] = {}
            levels: dict[int, etree._Element] = {}
            for ov in num.iter(W + "lvlOverride"):
                ilvl = _int(ov.get(W + "ilvl"))
                so = ov.find(W + "startOverride")
                if so is not None:
                    starts[ilvl] = _int(so.get(W + "val"))
                lvl = ov.find(W + "lvl")
                if lvl is not None:
                    levels[ilvl] = lvl
            self.nums[num.get(W + "numId", "")] = (
                abs_el.get(W + "val", "") if abs_el is not None else "", starts, levels)

    def label(self, num_id: str | None, ilvl: int | None) -> str | None:
        """Advance the list's counter for this paragraph; return its label or None."""
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        abs_id, starts, own_levels = self.nums[num_id]
        abs_id = self.alias.get(abs_id, abs_id)
        levels = {**self.abstract.get(abs_id, {}), **own_levels}
        ilvl = ilvl or 0
        if ilvl not in levels or ilvl > 9:  # Word has levels 0-8
            return None
        counters = self.counters.setdefault(abs_id, [None] * 10)
        if num_id not in self.started:
            self.started.add(num_id)
            for lv, start in starts.items():
                if 0 <= lv < 10:
                    counters[lv] = start - 1
        lvl = self._level(levels[ilvl])
        current = counters[ilvl]
        counters[ilvl] = (lvl.start if current is None else current + 1)
        for deeper in range(ilvl + 1, 10):
            counters[deeper] = None
        if lvl.fmt in ("bullet", "none"):
            return None

        def number(m):
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            level = self._level(levels[k])
            value = counters[k] if counters[k] is not None else level.start
            return _format_number(value, "decimal" if lvl.legal else level.fmt)
        text = re.sub(r"%([1-9])", number, lvl.text)
        label = text.strip().strip(".)( \t")
        return label or None

    def _level(self, lvl) -> _Level:
        """Return the _Level of a w:lvl element, read the first time."""
        found = self._levels.get(lvl)
        if found is None:
            found = self._levels[lvl] = _Level(lvl)
        return found


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("upperRoman", "lowerRoman"):
        r = to_roman(n)
        return r if fmt == "upperRoman" else r.lower()
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else str(n)
        return s.upper() if fmt == "upperLetter" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def typed_label(text: str) -> str | None:
    """Return the section label typed at the start of `text` ("I", "2.1", "a"), or None.

    Recognised: "I.", "2.1.", "3.Về" (no space), "a)", "a.", and, before a capital letter,
    "2.1 Giám sát" (no final dot), "I - KẾT QUẢ", "1- Về"."""
    first = text[:1]
    if not (first in _LABEL_STARTS or first.isdigit() or first.isspace()):
        return None
    m = _TYPED_LABEL.match(text)
    if m is None:
        return None
    label = m.group("num") or m.group("roman") or m.group("letter")
    rest = text[m.end():]
    nxt = rest[:1]
    if m.group("roman") and not _ROMAN.fullmatch(m.group("roman")):
        return None
    if m.group("letter"):
        # "a) ..." or "a. ...": only a space may follow a one-letter label.
        return label if m.group("punct") and nxt.isspace() else None
    if m.group("punct"):
        # Clerks sometimes leave out the space: "2.Hoạt động"; a digit would be a number.
        return label if nxt.isspace() or (nxt.isalpha() and nxt.isupper()) else None
    # A dash, or nothing for a many-level number: a capital letter must follow.
    if not m.group("dash") and not (m.group("num") and "." in label):
        return None
    first = rest.lstrip()[:1]
    return label if first.isalpha() and first.isupper() else None
