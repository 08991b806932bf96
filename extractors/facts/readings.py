"""Readings: what every number written in a document is, so that none is silently lost.

Each number `written_numbers` lists gets one reading, in this order:
1. `count`: it lies inside the evidence of a count (the counts step made a figure of it);
2. a rule of `extractors/rules/readings.jsonl` (money, area, time of day, a village's
   number, an article "Điều 5", a land parcel "thửa đất số 125", ...): one JSON object per
   line, {id, reading, and at least one of before / after / text / column}, regular
   expressions matched case-blind against the text just before the number (ending where
   it starts), the text just after it (starting where it ends), the number itself (whole),
   and the header of its table column (whole); every one given must match;
3. why the number finder refuses it as a quantity (`REFUSALS`: date, year, document
   number, ordinal, list label, percent, ...);
4. else `unread`: a quantity nothing reads. Records keep these (`Record.unread`).

Every reading is also placed in a section kind: `head` (letterhead, number, place and date,
title, opening lines before the first numbered section, page headers and footers),
`references` (legal bases, "Căn cứ ..."), `closing` (from "Trên đây là" / "Nơi nhận" /
"TM." up to an appendix: the signature block) and `activity` (the rest: what the report
is about). `Record.readings` tallies them by section kind and reading.
"""
from __future__ import annotations

import functools
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from extractors.facts.evidence import make_evidence
from extractors.language.numbers import REFUSALS, written_numbers
from extractors.rules import RULES_DIR
from schemas.errors import RuleError
from schemas.record import Count, UnitMention, Unread
from schemas.source import Block, Document, Part

RULES = RULES_DIR / "readings.jsonl"
COUNT, UNREAD, UNIT_NAME = "count", "unread", "unit_name"
SECTIONS = ("head", "references", "activity", "closing")
_MATCHERS = ("before", "after", "text", "column")
_KEYS = {"id", "reading", "finder", "comment", *_MATCHERS}
QUANTITY = "quantity"  # in a rule's `finder`: a number the finder takes as a quantity
_READING_NAME = re.compile(r"^[a-z][a-z_]*$")
_BEFORE_WINDOW = 120  # characters before a number a `before` pattern may look at
_HEAD_BLOCKS = 15  # as metadata's head: a longer one is body text without numbered sections
_FLOW = (Part.body, Part.table)
_CLOSING = re.compile(r"\s*(?:trên đây là\b|nơi nhận\b|tm\.|t/m\b|kt\.)", re.I)
_APPENDIX = re.compile(r"\s*(?:phụ lục\b|biểu\b)", re.I)
_REFERENCE = re.compile(r"\s*(?:[-+•]\s*)?căn cứ\b", re.I)
_TITLE = re.compile(r"\s*BÁO CÁO\b")
_NEXT_WORDS = re.compile(r"\s*([^\s,;:.()]+(?:\s+[^\s,;:.()]+){0,3})")


@dataclass(frozen=True)
class ReadingRule:
    """One line of readings.jsonl: `reading` is what a number it matches is."""

    id: str
    reading: str
    finder: frozenset[str] = frozenset({QUANTITY})
    before: re.Pattern | None = None
    after: re.Pattern | None = None
    text: re.Pattern | None = None
    column: re.Pattern | None = None


@dataclass(frozen=True)
class Reading:
    """One number of a document and what it was read as. `rule` is the count's rule for a
    count, the readings rule's id for a rule's reading, None otherwise."""

    block: int
    start: int
    end: int
    text: str
    reading: str
    section: str
    rule: str | None = None


@functools.cache
def reading_rules(path: Path = RULES) -> tuple[ReadingRule, ...]:
    """Return the rules of a readings file in file order; raises RuleError naming the file
    and line of a malformed one (not JSON, an unknown or missing key, a bad expression, an
    id used twice)."""
    out: list[ReadingRule] = []
    seen: set[str] = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path.name}:{n}"
        try:
            d = json.loads(line)
        except ValueError as e:
            raise RuleError(f"{where}: not a JSON object ({e})") from e
        if not isinstance(d, dict):
            raise RuleError(f"{where}: not a JSON object")
        unknown = set(d) - _KEYS
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        for key in ("id", "reading"):
            if not isinstance(d.get(key), str) or not d[key]:
                raise RuleError(f"{where}: '{key}' must be a non-empty string")
        if not _READING_NAME.match(d["reading"]) or d["reading"] in (COUNT, UNREAD, UNIT_NAME):
            raise RuleError(f"{where}: reading {d['reading']!r} must be lower_case words, "
                            f"not {COUNT!r} or {UNREAD!r}")
        if d["id"] in seen:
            raise RuleError(f"{where}: id {d['id']!r} used twice")
        seen.add(d["id"])
        patterns = {}
        for key in _MATCHERS:
            if key not in d:
                continue
            if not isinstance(d[key], str) or not d[key]:
                raise RuleError(f"{where}: '{key}' must be a non-empty regular expression")
            source = rf"(?:{d[key]})\Z" if key == "before" else d[key]
            try:
                patterns[key] = re.compile(source, re.IGNORECASE)
            except re.error as e:
                raise RuleError(f"{where}: bad '{key}' expression ({e})") from e
        if not patterns:
            raise RuleError(f"{where}: give at least one of {', '.join(_MATCHERS)}")
        finder = d.get("finder", [QUANTITY])
        known = {QUANTITY, *REFUSALS}
        if (not isinstance(finder, list) or not finder
                or not all(isinstance(f, str) and f in known for f in finder)):
            raise RuleError(f"{where}: 'finder' must list some of {', '.join(sorted(known))}")
        out.append(ReadingRule(d["id"], d["reading"], frozenset(finder), **patterns))
    return tuple(out)


def read_numbers(doc: Document, counts: list[Count], units: list[UnitMention] = (), *,
                 rules_path: Path = RULES) -> list[Reading]:
    """Return a reading for every number written in `doc`, in document order. `counts` and
    `units` are the document's: a number inside a count's evidence is that count, one
    inside a unit's name ("phường 9", "Quận 3") is a name."""
    rules = reading_rules(rules_path)
    sections = section_kinds(doc)
    spans: dict[int, list[Count]] = {}
    for c in counts:
        spans.setdefault(c.evidence.block, []).append(c)
    names: dict[int, list[tuple[int, int]]] = {}
    for u in units:
        if any(ch.isdigit() for ch in u.evidence.text):
            names.setdefault(u.evidence.block, []).append((u.evidence.start, u.evidence.end))
    headers = _column_headers(doc)
    out = []
    for block in doc.blocks:
        text = block.text
        if not _CANDIDATE.search(text):
            continue
        for w in written_numbers(text):
            out.append(_read(rules, text, w.start, w.end, w.reason, block, sections[block.id],
                             spans.get(block.id, ()), names.get(block.id, ()),
                             headers.get(block.id)))
    return out


def _read(rules, text: str, start: int, end: int, reason: str | None, block: Block,
          section: str, counts, names, header: str | None) -> Reading:
    """Return the reading of the number text[start:end] of `block`."""
    count = next((c for c in counts if start < c.evidence.end and c.evidence.start < end), None)
    if count is not None:
        reading, rule = COUNT, count.rule
    elif any(start < b and a < end for a, b in names):
        reading, rule = UNIT_NAME, None
    else:
        got = _rule(rules, reason or QUANTITY, text, start, end, header)
        if got is not None:
            reading, rule = got.reading, got.id
        else:
            reading, rule = reason or UNREAD, None
    return Reading(block.id, start, end, text[start:end], reading, section, rule)


# Where a number may be written: a paragraph with none of these is not read (most of a
# report has none)
_CANDIDATE = re.compile(r"\d|\b(?:một|hai|ba|bốn|năm|sáu|bảy|bẩy|tám|chín|mười|thứ)\b", re.I)


def _rule(rules: tuple[ReadingRule, ...], finder: str, text: str, start: int, end: int,
          header: str | None) -> ReadingRule | None:
    """Return the first rule for what the finder made of text[start:end] (`finder`: a
    refusal or "quantity") every given pattern of which matches around it."""
    before = text[max(0, start - _BEFORE_WINDOW):start]
    for r in rules:
        if finder not in r.finder:
            continue
        if r.text is not None and not r.text.fullmatch(text, start, end):
            continue
        if r.column is not None and (header is None or not r.column.fullmatch(header.strip())):
            continue
        if r.after is not None and not r.after.match(text, end):
            continue
        if r.before is not None and not r.before.search(before):
            continue
        return r
    return None


def extract_readings(doc: Document, counts: list[Count], units: list[UnitMention] = (), *,
                     rules_path: Path = RULES
                     ) -> tuple[list[Unread], dict[str, dict[str, int]]]:
    """Return the numbers of `doc` left unread (with why and where) and the tally of every
    reading by section kind: {"activity": {"count": 40, "date": 3, "unread": 1}, ...}."""
    readings = read_numbers(doc, counts, units, rules_path=rules_path)
    tally: dict[str, Counter] = {}
    unread = []
    for r in readings:
        tally.setdefault(r.section, Counter())[r.reading] += 1
        if r.reading == UNREAD:
            block = doc.blocks[r.block]
            unread.append(Unread(text=r.text, reason=unread_reason(block.text, r.end),
                                 evidence=make_evidence(doc, r.block, r.start, r.end)))
    return unread, {s: dict(sorted(tally[s].items())) for s in SECTIONS if s in tally}


def unread_reason(text: str, end: int) -> str:
    """Return why a number ending at `end` of `text` stayed unread, naming what follows it:
    no count was made of it and no rule knows its kind (a count rule may still know the
    noun after it: the counts step then left it out, as for one figure after several
    communes)."""
    m = _NEXT_WORDS.match(text, end)
    after = m.group(1) if m else ""
    if not after:
        return ("không phải số liệu, không thuộc loại số nào đã biết, không có từ nào theo sau "
                "/ no count and no known kind of number, nothing follows it")
    return (f"không phải số liệu, không thuộc loại số nào đã biết, trước «{after}» / no count "
            f"and no known kind of number, before «{after}»")


def describe(reading: str) -> str:
    """Return a reading's description for people (a refusal's words), else its name."""
    return REFUSALS.get(reading, reading)


def section_kinds(doc: Document) -> dict[int, str]:
    """Return block id -> its section kind (`SECTIONS`); notes take their anchor's."""
    out: dict[int, str] = {}
    flow = [b for b in doc.blocks if b.part in _FLOW]
    head_end = _head_end(flow)
    closing = False
    for k, b in enumerate(flow):
        if k < head_end:
            out[b.id] = "head"
            continue
        if closing and _APPENDIX.match(b.text) and (b.label or b.text.strip().isupper()
                                                    or b.part == Part.body):
            closing = False
        elif not closing and _CLOSING.match(b.text):
            closing = True
        if closing:
            out[b.id] = "closing"
        elif _REFERENCE.match(b.text):
            out[b.id] = "references"
        else:
            out[b.id] = "activity"
    for b in doc.blocks:
        if b.id in out:
            continue
        if b.part in (Part.header, Part.footer, Part.textbox):
            out[b.id] = "head"
        else:  # a note: where it is anchored
            out[b.id] = out.get(b.anchor_block, "activity") if b.anchor_block is not None \
                else "activity"
    return out


def _head_end(flow: list[Block]) -> int:
    """Return how many of the flow blocks form the head: those before the first numbered
    section (among the first `_HEAD_BLOCKS` with text), else up to the title and the line
    after it ("BÁO CÁO" / "Kết quả hoạt động ..."), else none."""
    seen = 0
    for k, b in enumerate(flow):
        if b.label:
            return k
        if b.text.strip():
            seen += 1
            if seen >= _HEAD_BLOCKS:
                break
    for k, b in enumerate(flow[:_HEAD_BLOCKS * 2]):
        if _TITLE.match(b.text):
            return k + 2
    return 0


def _column_headers(doc: Document) -> dict[int, str]:
    """Return block id -> the text of its table column's first row, for table cells below
    the first row."""
    first: dict[tuple[int, int], str] = {}
    for b in doc.blocks:
        if b.part == Part.table and b.row == 0 and b.table is not None:
            key = (b.table, b.col)
            first[key] = f"{first[key]} {b.text}" if key in first else b.text
    return {b.id: first[(b.table, b.col)] for b in doc.blocks
            if b.part == Part.table and b.row and (b.table, b.col) in first}
