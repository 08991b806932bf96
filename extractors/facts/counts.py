"""Counts of a whole document: block counts joined across blocks, with ids and links.

Across blocks: a footnote's list takes its indicator, and its total, from the sentence the
footnote is anchored to ("có 68 kiến nghị[^5]" ← "Xã Đăk Sao 6 ý kiến; ..."); a total that
ends in "cụ thể:" gets the counts of the bulleted paragraphs after it as parts; a figure
stated again without any cue takes the level and body of its first statement.
"""
from __future__ import annotations

from extractors.facts.candidates import Cand, Context, adjust_total_level
from extractors.facts.clauses import BlockCounts, block_counts, is_note, sentence_at, wrapped_tail
from extractors.facts.construction import NO_SECTION, Section, read_head
from extractors.facts.evidence import fact_id, make_evidence
from extractors.facts.plans import (
    aside_at,
    before_period_at,
    future_event_at,
    may_plan,
    plan_blocks,
    planned_at,
    programme_at,
)
from extractors.facts.tables import table_counts
from extractors.language.sentences import may_hold_count, starts_item
from schemas.labels import readings as label_readings
from schemas.record import Count, Qualifiers
from schemas.source import Document, Part

EXTRACTOR = "counts"


def extract_counts(doc: Document, ctx: Context) -> list[Count]:
    """Return every count of `doc` in document order, parts linked to totals by id."""
    done: dict[int, list[BlockCounts]] = {}
    ordered: list[Cand] = []
    notes = []
    sections = _sections(doc)
    for block in doc.blocks:
        if is_note(block) and block.anchor_block is not None:
            notes.append(block)
            continue
        if may_hold_count(block.text):
            following = doc.blocks[block.id + 1] if block.id + 1 < len(doc.blocks) else None
            done[block.id] = block_counts(doc, block, ctx,
                                          section=sections.get(block.id, NO_SECTION),
                                          tail=wrapped_tail(block, following))
    _link_following(doc, done)
    for block in notes:
        if may_hold_count(block.text):  # else its anchor need not be read
            done[block.id] = _note_counts(doc, block, ctx, done, sections)
    for bid in sorted(done):
        for bc in done[bid]:
            ordered.extend(bc.counts)
    ordered.extend(table_counts(doc, ctx))
    ordered.sort(key=lambda c: c.block)  # stable: a block's own order is kept
    for c in ordered:
        if c.parts:
            adjust_total_level(c)
    ordered = _planned(doc, ordered, ctx.year)
    _restatements(ordered, ctx)
    _name_lists(doc, ordered)
    return _to_counts(doc, ordered)


_HEADING_CHARS = 160  # a labelled paragraph longer than this is text, not a heading
_LEAD_CHARS = 300  # a paragraph ending in ":" leads the items after it


def _sections(doc: Document) -> dict[int, Section]:
    """Return block id → the headings it stands under ("2. Hoạt động giám sát" > "2.2. Giám
    sát, khảo sát chuyên đề"), for body and table blocks. A paragraph ending in a colon
    leads the list items after it ("Các Ban HĐND huyện thực hiện 05 cuộc giám sát, cụ thể:"
    over "- Ban Pháp chế: 02 cuộc") as a heading would."""
    out: dict[int, Section] = {}
    stack: list[tuple[int, str]] = []
    current = NO_SECTION
    lead: Section | None = None
    for b in doc.blocks:
        if b.part not in (Part.body, Part.table):
            continue
        text = b.text.strip()
        if b.part == Part.body and text and len(text) <= _HEADING_CHARS and (
                b.label or (text.isupper() and any(ch.isalpha() for ch in text))):
            depth = _depth(b.label)
            while stack and stack[-1][0] >= depth:
                stack.pop()
            stack.append((depth, text))
            current = Section(tuple(h for _, h in stack))
            lead = None
        elif b.part == Part.body and lead is not None and not starts_item(text):
            lead = None
        out[b.id] = lead or current
        if b.part == Part.body and text.endswith(":") and len(text) <= _LEAD_CHARS:
            lead = Section((*current.headings, text))
    return out


def _depth(label: str | None) -> int:
    """Return how deep a section label nests: I 0, 1 1, 2.1 2, 2.1.3 3, a 5."""
    if not label:
        return 0
    readings = label_readings(label)
    if not readings:
        return 4
    scheme = readings[0][0]
    if scheme[0] == "roman":
        return 0
    if scheme[0] == "decimal":
        return 1
    if scheme[0] == "dotted":
        return 2 + scheme[1].count(".")
    return 5


def _anchor(doc: Document, note, ctx: Context, done: dict[int, list[BlockCounts]]
            ) -> tuple[tuple[str, dict] | None, Cand | None]:
    """Return the indicator a footnote's anchor sentence names and the count just before."""
    anchor_id, offset = note.anchor_block, note.anchor_offset or 0
    bc = next((bc for bc in done.get(anchor_id, [])
               if bc.offset <= offset <= bc.offset + len(bc.a.text)), None)
    if bc is None:
        bc = sentence_at(doc, doc.blocks[anchor_id], ctx, offset)
    a = bc.a
    mark = next((i for i in range(len(a)) if a.starts[i] + bc.offset >= offset), len(a))
    s, _ = bc.sentence(max(mark - 1, 0))
    before = [c for c in bc.counts if s <= c.tok and c.noun_end <= mark
              and not c.qualifiers.get("implied")]
    total = before[-1] if before else None
    if total is not None:
        return (total.indicator, dict(total.qualifiers)), total
    e = bc.sentence(max(mark - 1, 0))[1]
    for k in range(mark - 1, s - 1, -1):
        got = read_head(bc.g, k, s, e, bc.section)
        if got is not None:
            return (got.indicator, dict(got.qualifiers)), None
    return None, None


def _note_counts(doc: Document, note, ctx: Context, done: dict[int, list[BlockCounts]],
                 sections: dict[int, Section]) -> list[BlockCounts]:
    indicator, total = _anchor(doc, note, ctx, done)
    bcs = block_counts(doc, note, ctx, anchor=indicator,
                       section=sections.get(note.anchor_block, NO_SECTION))
    items = [c for bc in bcs for c in bc.counts if c.item and c.total is None]
    if total is None or not items or any(c.indicator != total.indicator for c in items):
        return bcs
    communes = all(c.level == "commune" for c in items)
    if communes and ctx.kind != "commune_report" and total.scope == "unit":
        if total.explicit:
            return bcs  # "HĐND huyện: 06 nghị quyết[^2]" is the district's own, no sum
        # "có 68 kiến nghị[^5]" with no cue, broken down by commune: the communes' sum
        total.level, total.unit, total.scope = "commune", ctx.district or total.unit, "sum"
    for c in items:
        c.total = total
        total.parts.append(c)
        c.body = c.body or total.body
    return bcs


def _link_following(doc: Document, done: dict[int, list[BlockCounts]]) -> None:
    """Link "41 chuyên đề, cụ thể:" to the first count of each bulleted paragraph after it."""
    for bid, bcs in done.items():
        if not bcs:
            continue
        bc = bcs[-1]
        cue = [m for m in bc.a.matches if m.rule.role == "breakdown_next"]
        text = doc.blocks[bid].text.rstrip()
        if not bc.counts or not (cue or text.endswith(":")):
            continue
        total = bc.counts[-1]
        if cue and cue[-1].start < total.noun_end:
            continue
        nxt = bid + 1
        while nxt < len(doc.blocks) and doc.blocks[nxt].part == doc.blocks[bid].part:
            follow = done.get(nxt)
            if not follow or not starts_item(doc.blocks[nxt].text):
                break
            got = next(((bc, c) for bc in follow for c in bc.counts
                        if c.total is None and not c.item), None)
            if got is None or got[1].indicator != total.indicator:
                break
            item, part = got
            part.total = total
            total.parts.append(part)
            if not part.explicit and item.actor(0, part.tok, part=True) is None:
                # "- Lĩnh vực đất đai: 21 ý kiến" is of the total's level; a body's own
                # line ("- Tổ đại biểu HĐND: ... 03 chuyên đề") is that body's
                part.level, part.unit, part.scope = total.level, total.unit, total.scope
                part.body = part.body or total.body
            nxt += 1


def _planned(doc: Document, cands: list[Cand], year: int | None) -> list[Cand]:
    """Mark the targets of the next period: every count of a plans section, a count its
    sentence plans ("Dự kiến tổ chức 01 kỳ họp"), one of a programme for a later year, and
    the parts of a planned total. An event named by its ordinal in a sentence about what
    is to come ("Kỳ họp thứ 15 dự kiến tổ chức ...") was not held: it is dropped, as is a
    figure over a span reaching before the period ("Từ đầu nhiệm kỳ đến nay ...")."""
    inside = plan_blocks(doc)
    cued: dict[int, bool] = {}  # block id -> whether its text holds any planning cue
    kept = []
    for c in cands:
        text = doc.blocks[c.block].text
        if c.block not in cued:
            cued[c.block] = may_plan(text)
        if c.qualifiers.get("implied") and (c.block in inside or (
                cued[c.block] and future_event_at(text, c.start))):
            continue
        if before_period_at(text, c.start, year) or aside_at(text, c.start):
            continue  # "Từ đầu nhiệm kỳ đến nay ... 17 kỳ họp": not the period's
        if c.block in inside or (cued[c.block] and planned_at(text, c.start)) \
                or c.indicator != "resolutions" and programme_at(text, c.start, year):
            # a resolution adopting next year's programme is passed now
            c.qualifiers = {**c.qualifiers, "planned": True}  # a new dict: a table column's
            # counts may share one
        kept.append(c)
    for c in kept:
        if c.total is not None and c.total.qualifiers.get("planned"):
            c.qualifiers = {**c.qualifiers, "planned": True}
    return kept


def _key(c: Cand) -> tuple:
    return c.indicator, c.value, tuple(sorted(c.qualifiers.items()))


def _restatements(cands: list[Cand], ctx: Context) -> None:
    """A figure stated again with no cue of its own is the fact first stated with cues."""
    if ctx.kind == "commune_report":
        return
    first: dict[tuple, Cand] = {}
    for c in cands:
        k = _key(c)
        if c.explicit or c.parts or c.total is not None or c.body is not None:
            first.setdefault(k, c)  # a figure with cues of its own is no restatement
        elif k in first:
            f = first[k]
            c.level, c.unit, c.scope, c.body = f.level, f.unit, f.scope, f.body


def _name_lists(doc: Document, cands: list[Cand]) -> None:
    """Give every item of a per-unit list the same list id ("fn5:voter_petitions")."""
    groups: dict[tuple, list[Cand]] = {}
    for c in cands:
        if c.item and (c.list_id is None or c.list_id.startswith("@")):
            groups.setdefault((c.block, c.indicator, c.list_id), []).append(c)
    for (bid, indicator, mark), items in groups.items():
        block = doc.blocks[bid]
        where = f"fn{block.note}" if is_note(block) else f"b{bid}"
        if mark is not None:  # a distributive list: its own id even inside one footnote
            lid = f"{where}:{indicator}:{_enum_before(block.text, items[0].start)}"
        elif len(items) < 2 and not is_note(block):
            continue  # one commune named in running text is not a list
        else:
            lid = f"{where}:{indicator}"
        for c in items:
            c.list_id = lid


def _enum_before(text: str, pos: int) -> str:
    """Return the enumerator "(2)" closest before `pos` as "2", else the offset."""
    k = text.rfind("(", 0, pos)
    if k >= 0:
        close = text.find(")", k)
        if 0 < close - k <= 3 and text[k + 1:close].isdigit():
            return text[k + 1:close]
    return str(pos)


def _to_counts(doc: Document, cands: list[Cand]) -> list[Count]:
    for c in cands:
        ev = make_evidence(doc, c.block, c.start, c.end)
        c.id = fact_id(doc.sha256, EXTRACTOR, c.rule, ev,
                       f"{c.indicator}|{c.level}|{c.unit}|{c.value}")
        c.evidence = ev
    out = []
    for c in cands:
        out.append(Count(
            id=c.id, indicator=c.indicator, value=c.value, level=c.level, unit=c.unit,
            scope=c.scope, body=c.body, qualifiers=Qualifiers(**c.qualifiers),
            evidence=c.evidence, rule=c.rule,
            total_id=c.total.id if c.total is not None else None, list_id=c.list_id))
    return out
