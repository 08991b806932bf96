"""Plans: where a report speaks of the next period, not of its own.

A report's last section is usually its plan ("IV. PHƯƠNG HƯỚNG, NHIỆM VỤ TRỌNG TÂM TRONG 06
THÁNG CUỐI NĂM 2024"); a figure there ("Tổ chức 01 kỳ họp thường lệ") is a target, not a
count of the period. A plans section runs from its heading (a block with a section label,
or a `part` heading "PHẦN II: ...", whose text the `heading` rules match and no
`not_heading` rule does) up to the next heading of the same level or higher, or up to the
closing line, recipients, signature or appendix (`end` rules). In running text, a sentence
saying "dự kiến", or a clause saying "sẽ", before a figure plans it too (`cue` rules),
unless "đã" comes between (`done` rules). Rules are data: `rules/plans.jsonl`.

The same rules file says when a figure spans time before the period ("Từ đầu nhiệm kỳ đến
nay", "Lũy kế từ năm 2021": `span` and `span_from` rules): such a figure is not the
period's.
"""
from __future__ import annotations

import re

from extractors.facts.references import RegexRule, regex_rules
from extractors.rules import RULES_DIR
from schemas.labels import readings, roman_value
from schemas.source import Block, Document, Part

RULES = RULES_DIR / "plans.jsonl"
_FLOW = (Part.body, Part.table)  # the parts read in document order
# a sentence ends at . ; ! ? followed by a blank, or at a line break; "18.7.2024" goes on;
# a clause also at a comma or colon
_ENDS = {"sentence": re.compile(r"[.;!?](?=\s)|\n"), "clause": re.compile(r"[.;!?,:](?=\s)|\n"),
         "block": re.compile(r"(?!)")}  # a lead-in ("Chỉ tiêu năm 2025: ...") plans its block
_ORDINALS = {"nhất": 1, "hai": 2, "ba": 3, "tư": 4, "năm": 5, "sáu": 6}  # "Phần thứ hai"


def _rules() -> dict[str, list[RegexRule]]:
    return regex_rules(RULES)


def plan_blocks(doc: Document) -> frozenset[int]:
    """Return the ids of the blocks inside a plans section, with the notes anchored there.

    Empty when the document has no plans heading."""
    rules = _rules()
    inside: set[int] = set()
    stack: list[list] = []  # open sibling sequences, outermost first: [scheme, last index]
    depth = None  # stack depth of the open plans heading
    for b in doc.blocks:
        if b.part not in _FLOW:
            continue
        if depth is not None and _matches(rules, "end", b.text):  # signatures sit in tables
            depth = None
        heading = _heading(rules, b) if b.part == Part.body else None  # a table row is none
        if heading is not None:
            level = _place(stack, *heading[:2])
            if depth is not None and level <= depth:
                depth = None
            title = heading[2] if heading[2].strip() else _next_text(doc, b)
            # "Phần thứ hai" alone on its line: its title is the line after it
            if depth is None and _matches(rules, "heading", title) \
                    and not _matches(rules, "not_heading", title):
                depth = level
        if depth is not None:
            inside.add(b.id)
    if inside:
        inside.update(b.id for b in doc.blocks
                      if b.part not in _FLOW and b.anchor_block in inside)
    return frozenset(inside)


def _next_text(doc: Document, b: Block) -> str:
    """Return the text of the first non-empty body block after `b`."""
    return next((x.text for x in doc.blocks[b.id + 1:] if x.part == Part.body and x.text.strip()),
                "")


def may_plan(text: str) -> bool:
    """Return True when `text` may hold a cue that plans a figure: its lower case holds a
    cue rule's "contains" word. Checked once per block with a plain substring test, as a
    case-insensitive expression over every block cost ~1 ms on the seed."""
    lower = text.lower()
    return any(r.data.get("contains", "") in lower for r in _rules().get("cue", []))


def planned_at(text: str, pos: int) -> bool:
    """Return True when the sentence (or clause, by the rule's "scope") of `text` holding
    offset `pos` says before `pos` that what follows is planned ("Dự kiến tổ chức 01 kỳ
    họp"), with no "đã" between the cue and `pos`."""
    rules = _rules()
    cues = [m.end() for r in rules.get("cue", [])
            for m in r.regex.finditer(text, _start(text, pos, r.data.get("scope")), pos)]
    if not cues:
        return False
    last = max(cues)
    return not any(r.regex.search(text, last, pos) for r in rules.get("done", []))


def programme_at(text: str, pos: int, year: int | None) -> bool:
    """Return True when the sentence of `text` holding offset `pos` sets a programme for a
    later year ("chương trình giám sát năm 2025 với 04 chuyên đề", "Kế hoạch năm 2024:
    ...", "kế hoạch tổ chức 02 kỳ họp thường lệ năm 2025" in a report of 2024) or moves
    the activity to it ("còn 01 cuộc chuyển sang năm 2024"): its figures are targets."""
    if year is None:
        return False
    clause = text[_start(text, pos, "clause"):]
    end = _ENDS["clause"].search(clause, pos - (len(text) - len(clause)))
    if any(r.regex.search(clause[:end.start() if end else len(clause)])
           for r in _rules().get("moved", [])):
        return any(int(m.group(1)) > year for m in _YEAR.finditer(clause))
    start = _start(text, pos, "sentence")
    end = _ENDS["sentence"].search(text, pos)
    sentence = text[start:end.start() if end else len(text)]
    rules = _rules()
    if not any(r.regex.search(sentence) for r in rules.get("programme", [])):
        return False
    return any(int(m.group(1)) > year for m in _YEAR.finditer(sentence))


def future_event_at(text: str, pos: int) -> bool:
    """Return True when the clause of `text` holding `pos` speaks of an event to come
    ("Kỳ họp thứ 15 ... dự kiến tổ chức vào đầu tháng 7", "sẽ diễn ra"), wherever its cue
    stands: an event named by its ordinal there was not held in the period."""
    start = _start(text, pos, "clause")
    end = _ENDS["clause"].search(text, pos)
    sentence = text[start:end.start() if end else len(text)]
    return any(r.regex.search(sentence) for r in _rules().get("cue", []))


_YEAR = re.compile(r"\b((?:19|20)\d{2})\b")
# a year after "từ": "từ năm 2021", "(tháng 10/2022)", "từ ngày 15/12/2023"
_FROM_YEAR = re.compile(r"(?:(?P<month>\d{1,2})\s*/\s*|tháng\s+(?P<mword>\d{1,2})\s+năm\s+)?"
                        r"\b(?P<year>(?:19|20)\d{2})\b")


def aside_at(text: str, pos: int) -> bool:
    """Return True when the sentence of `text` holding offset `pos` is about something
    other than the council's work whatever its words (`aside` rules: voters consulted on
    merging units)."""
    start = _start(text, pos, "sentence")
    end = _ENDS["sentence"].search(text, pos)
    sentence = text[start:end.start() if end else len(text)]
    return any(r.regex.search(sentence) for r in _rules().get("aside", []))


def before_period_at(text: str, pos: int, year: int | None) -> bool:
    """Return True when the sentence of `text` holding offset `pos` says, before `pos`,
    that what follows spans time before the report's period: since the start of the term
    ("Từ đầu nhiệm kỳ đến nay"), over the term or half of it, cumulative ("Lũy kế"), or
    from a year before the period ("Tính từ năm 2021 đến hết năm 2024", "Từ sau Hội nghị
    ... (tháng 10/2022) đến nay" in a report of 2024). A start in December of the year
    before is the usual start of a reporting period ("từ ngày 15/12/2023"), not a span."""
    rules = _rules()
    start = _start(text, pos, "sentence")
    if any(r.regex.search(text, start, pos) for r in rules.get("span", [])):
        return True
    if year is None:
        return False
    for r in rules.get("span_from", []):
        for m in r.regex.finditer(text, start, pos):
            y = _FROM_YEAR.search(text, m.end(), pos)
            if y is None:
                continue
            month = int(y.group("month") or y.group("mword") or 0)
            since = int(y.group("year"))
            if since < year - 1 or since == year - 1 and month != 12:
                return True
    return False


def _start(text: str, pos: int, scope: str | None) -> int:
    """Return where the sentence (or clause) holding `pos` starts."""
    start = 0
    for m in _ENDS[scope or "sentence"].finditer(text, 0, pos):
        start = m.end()
    return start


def _matches(rules: dict[str, list[RegexRule]], label: str, text: str) -> bool:
    text = text.strip()
    return any(r.regex.search(text) for r in rules.get(label, []))


def _heading(rules: dict[str, list[RegexRule]], b: Block) -> tuple[tuple, int, str] | None:
    """Return (scheme, index, text without its label) of a body heading, else None: a block
    with a section label ("IV. PHƯƠNG HƯỚNG" -> "PHƯƠNG HƯỚNG"; a label from Word's numbering
    is not in the text) or a part heading ("PHẦN II: ...", above every numbered section)."""
    if b.label:
        text = b.text.lstrip()
        if not b.label_auto and text.startswith(b.label):
            text = text[len(b.label):].lstrip(" .)-–:\t")
        return (*_reading(b.label.strip().rstrip(".)")), text)
    if b.text.lstrip()[:1] not in "Pp":
        return None
    m = next((m for r in rules.get("part", []) if (m := r.regex.match(b.text))), None)
    if m is None:
        return None
    rest = m.group("rest") or ""
    if m.group("sep") is not None and not m.group("sep").strip() and not rest[:1].isupper():
        return None
    n = m.group("n")
    if n is None:
        index = _ORDINALS[m.group("w").lower()]
    else:
        index = int(n) if n.isdigit() else roman_value(n)
    return ("part",), index, rest


def _place(stack: list[list], scheme: tuple, index: int) -> int:
    """Put a label's reading on the stack of open sequences and return its depth (0
    outermost).

    A label continues the innermost open sequence of its scheme it follows exactly, else
    the innermost it skips ahead in (I, II, IV), closing those below; otherwise it opens a
    sequence below the others (the numbered tasks "1. ..., 2. ..." under "3. Nhiệm vụ")."""
    if scheme == ("part",) and (not stack or stack[0][0] != scheme):
        stack[:] = [[scheme, index]]  # a part is above whatever was open
        return 0
    for exact in (True, False):
        for depth in range(len(stack) - 1, -1, -1):
            entry = stack[depth]
            if entry[0] == scheme and (index == entry[1] + 1 if exact else index > entry[1]):
                del stack[depth + 1:]
                entry[1] = index
                return depth
    stack.append([scheme, index])
    return len(stack) - 1


def _reading(label: str) -> tuple[tuple, int]:
    """Return the likeliest (scheme, index) of a section label (`labels.readings`)."""
    found = readings(label)
    return found[0] if found else (("other", label), 0)
