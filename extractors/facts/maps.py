"""Units on the map of a report's period: the code of every count's unit, and in reports of
the new map (from 1 July 2025) the figures of former units kept apart from the new ones'.

A report of 2025 H2 may still give figures for the units before the change: "xã Ngọk Yêu
(cũ): 02 kỳ họp", "HĐND 4 xã cũ đã tổ chức 08 kỳ họp", "trước ngày 01/7/2025 ...". Such a
figure gets `qualifiers.former`: a named former unit is resolved in the old map (its name and
code there), a figure of the former units together is a sum (scope "sum") over the reporting
commune. Which words mark the time before or after the change is data:
`extractors/rules/transition.jsonl` ("former_name" for "(cũ)" after a name, "former" and
"current" for the cues whose last one before a figure, in its sentence, decides).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from extractors.facts.evidence import make_evidence
from extractors.facts.references import regex_rules
from extractors.language.sentences import SENTENCE
from extractors.places import (
    AmbiguousName,
    Gazetteer,
    Unit,
    closest,
    fold,
    transition,
)
from extractors.rules import RULES_DIR
from schemas.record import Count, Level, Scope, UnitMention
from schemas.source import Document

RULES = RULES_DIR / "transition.jsonl"
_KINDS = ("thị trấn", "phường", "xã", "đặc khu")
_WORD = re.compile(r"[\w'’]+")


def _name_before(text: str, end: int) -> tuple[int, str] | None:
    """Return (start, name) of the capitalised syllables (at most five) ending just before
    `end`, a kind word written in capitals left out ("XÃ MĂNG RI"); None when there are none."""
    words = list(_WORD.finditer(text, max(0, end - 60), end))
    if words and text[words[-1].end():end].strip():
        return None
    run = []
    for w in reversed(words):
        if len(run) == 5 or not (w.group()[0].isupper() or w.group()[0].isdigit()):
            break
        run.insert(0, w)
    while run and run[0].group().lower() in ("xã", "phường", "thị", "trấn", "đặc", "khu"):
        run.pop(0)
    if not run:
        return None
    return run[0].start(), text[run[0].start():run[-1].end()]


class Places:
    """Names of one document looked up in the map of its period (each name once)."""

    def __init__(self, gaz: Gazetteer, district: str | None, province: str | None,
                 unit: str | None = None, code: str | None = None,
                 level: str | None = None):
        self.gaz, self.district, self.province, self.unit = gaz, district, province, unit
        # the reporting commune's code, which its letterhead decided (None for a summary)
        self.commune_code = code if level == "commune" else None
        self._communes: dict[tuple[str, str], Unit | None] = {}
        self._former: dict[str, list[Unit]] | None = None
        self._dashes: list[Unit] | None = None
        self._upper: dict[tuple[str, str], Unit | None] = {}

    def commune(self, name: str, kind: str = "") -> Unit | None:
        """Return the one commune of the document's district (new map: province) `name`
        denotes, told apart by its kind word when two share it; None otherwise."""
        key = (name, kind)
        if key not in self._communes:
            found = []
            if self.district or (self.gaz.two_level and self.province):
                found = self.gaz.lookup(name, level="commune", district=self.district,
                                        province=self.province)
                if len(found) > 1 and kind:
                    found = [u for u in found if u.kind == kind] or found
            self._communes[key] = found[0] if len(found) == 1 else None
        return self._communes[key]

    def dashed(self, name: str) -> Unit | None:
        """Return the commune whose name joins two with a dash and begins or ends with
        `name`, when no commune is called `name` ("Chân Mây" or "Lăng Cô" of "xã Chân Mây -
        Lăng Cô": seven names of the new map, where a name read word by word stops; the
        old map has none)."""
        if self._dashes is None:  # the old map has no such name
            pool = self.gaz.communes_in(self.province) if self.gaz.two_level and \
                self.province else []
            self._dashes = [u for u in pool if " - " in u.name]
        if not self._dashes or self.commune(name) is not None:
            return None
        key = fold(name)
        found = [u for u in self._dashes
                 if key in (fold(u.name.split(" - ")[0]), fold(u.name.split(" - ")[-1]))]
        return found[0] if len(found) == 1 else None

    def former(self, name: str) -> Unit | None:
        """Return the former commune (old map) `name` denotes among those that went into the
        province's communes (new map), those of the reporting commune first; None if none
        or several."""
        if not self.gaz.two_level or not self.province:
            return None
        if self._former is None:
            self._former = {}
            t = transition()
            for new in self.gaz.communes_in(self.province):
                for s in t.predecessors(new):
                    self._former.setdefault(fold(s.old.name), []).append(s.old)
        pool = list(dict.fromkeys(self._former.get(fold(name), [])))
        own = self.commune(self.unit) if self.unit else None
        if own is not None and len(pool) > 1:
            mine = {s.old for s in transition().predecessors(own)}
            pool = [u for u in pool if u in mine] or pool
        found = closest(name, pool, lambda u: u.name) if len(pool) > 1 else pool
        return found[0] if len(found) == 1 else None

    def upper(self, level: str, name: str) -> Unit | None:
        """Return the district or province called `name` in the document's province."""
        key = (level, name)
        if key not in self._upper:
            try:
                if level == "province":
                    found = self.gaz.province(name)
                else:
                    found = self.gaz.district(name, self.province)
            except AmbiguousName:
                found = None
            self._upper[key] = found
        return self._upper[key]

    def code(self, c: Count) -> str | None:
        """Return the gazetteer code of the unit a count is about, in this map."""
        if c.level == Level.commune and c.scope == Scope.unit:
            kind = _kind_before(c.evidence.text, c.unit)
            if not kind and self.commune_code and fold(c.unit) == fold(self.unit or ""):
                return self.commune_code  # the reporting commune (xã or thị trấn Long Phú)
            u = self.commune(c.unit, kind)
        elif c.level == Level.province:
            u = self.upper("province", c.unit)
        elif self.gaz.two_level:  # a sum over the province's communes (all, commune)
            u = self.upper("province", c.unit)
        else:  # the district itself, or a sum over it (all, commune)
            u = self.upper("district", c.unit)
        return u.code if u else None


def canonical_name(places: Places, name: str) -> str | None:
    """Return the canonical name of a commune of the document in its period's map (a part
    of a name joined with a dash: the whole), else None (a former commune's name too:
    `place_counts` resolves it, so that a name it begins, "A Lưới" of "xã A Lưới 1", is not
    taken for the whole)."""
    u = places.commune(name) or places.dashed(name)
    return u.name if u else None


def former_name(places: Places, name: str) -> bool:
    """Return True when `name` is a former commune of the document's province (new map)."""
    return places.former(name) is not None


def place_counts(doc: Document, counts: Sequence[Count], places: Places, *,
                 summary: bool, rules_path: Path = RULES) -> list[Count]:
    """Return the counts with their unit's code; in a report of the new map, figures of
    former units get `qualifiers.former` (named ones their former unit and its code).

    `summary`: the report is a summary, whose per-commune figures are other councils'; in
    a commune's report a figure of the reporting commune under a former cue is the former
    communes' together (scope "sum")."""
    out = []
    two_level = places.gaz.two_level
    rules = regex_rules(rules_path) if two_level else {}
    for c in counts:
        update: dict = {}
        unit = None
        if two_level and c.level == Level.district and places.province \
                and fold(c.unit) == fold(places.province):
            # no district from July 2025: "HĐND thành phố" is the city's, a province
            c = c.model_copy(update={"level": Level.province})
        if two_level:
            unit = _former_unit(doc, c, places, rules, summary)
        if unit is not None:
            name, code = unit
            q = c.qualifiers.model_copy(update={"former": True})
            update = {"qualifiers": q, "code": code}
            if name is not None:
                update.update(level=Level.commune, scope=Scope.unit, unit=name)
            elif c.level == Level.commune and c.scope == Scope.unit and not summary \
                    and fold(c.unit) == fold(places.unit or ""):
                update.update(scope=Scope.sum)
        else:
            update["code"] = places.code(c)
        out.append(c.model_copy(update=update))
    return out


def _former_unit(doc: Document, c: Count, places: Places, rules, summary: bool
                 ) -> tuple[str | None, str | None] | None:
    """Return (the former unit's name, or None for the former units together; the code of
    the unit) when a count of a report of the new map is about the units before 1 July
    2025: its unit followed by "(cũ)", a name of a former commune only, or the last cue of
    its sentence before it a "former" one; None otherwise."""
    block = doc.blocks[c.evidence.block].text
    start = _sentence_start(block, c.evidence.start)
    window = block[start:c.evidence.end]
    item = c.level == Level.commune and c.scope == Scope.unit and (
        summary or fold(c.unit) != fold(places.unit or ""))
    if item:
        own = places.commune(c.unit)
        named_former = _after_name(rules, c.evidence.text, c.unit)
        if own is None or named_former:
            old = places.former(c.unit)
            if old is not None:
                return old.name, old.code
            if own is None:
                return None
        cue = _last_cue(rules, window, generic=True)
        if cue == "former":
            old = places.former(c.unit)
            return (old.name, old.code) if old else None
        return None
    cue = _last_cue(rules, window, generic=False)
    if cue is None or cue[0] != "former":
        return None
    name = cue[1]
    if name:  # "HĐND xã Măng Ri (cũ) đã tổ chức 02 kỳ họp": that former commune's figure
        old = places.former(name)
        if old is not None and c.level == Level.commune and c.scope == Scope.unit:
            return old.name, old.code
    return None, places.code(c)


def _sentence_start(text: str, pos: int) -> int:
    for m in SENTENCE.finditer(text):
        if m.start() <= pos < max(m.end(), m.start() + 1):
            return m.start()
    return 0


def _after_name(rules, evidence: str, name: str) -> bool:
    """Return True when the evidence writes "(cũ)" right after the unit's name."""
    for r in rules.get("former_name", []):
        for m in r.regex.finditer(evidence):
            before = _name_before(evidence, m.start())
            if before and fold(before[1]) == fold(name):
                return True
    return False


def _last_cue(rules, window: str, generic: bool):
    """Return the last cue in `window`: with `generic`, "former" or "current" (the "(cũ)"
    after a name left out); else ("former" | "current", the name before a "(cũ)" or None)."""
    found = []
    labels = ("former", "current") if generic else ("former", "current", "former_name")
    for label in labels:
        for r in rules.get(label, []):
            for m in r.regex.finditer(window):
                name = None
                if label == "former_name":
                    before = _name_before(window, m.start())
                    name = before[1] if before else None
                found.append((m.start(), "current" if label == "current" else "former", name))
    if not found:
        return None
    _, label, name = max(found, key=lambda f: f[0])
    return label if generic else (label, name)


def former_mentions(doc: Document, mentions: Sequence[UnitMention], places: Places, *,
                    rules_path: Path = RULES) -> list[UnitMention]:
    """Return the unit mentions of a report of the new map with each "xã X (cũ)" as the
    former unit of the old map (its name and code there), added where the new map has no
    such unit; other mentions as they were."""
    rules = regex_rules(rules_path)
    marks = [(b.id, m) for b in doc.blocks for r in rules.get("former_name", [])
             for m in r.regex.finditer(b.text)]
    if not marks:
        return list(mentions)
    out = list(mentions)
    at = {(u.evidence.block, u.evidence.end): i for i, u in enumerate(out)}
    for block, m in marks:
        text = doc.blocks[block].text
        before = _name_before(text, m.start())
        old = places.former(before[1]) if before else None
        if old is None:
            continue
        start, end = before[0], before[0] + len(before[1])
        head = text[:start].rstrip()
        kind = next((k for k in _KINDS if head.lower().endswith(k)), None)
        if kind:
            start = len(head) - len(kind)
        former = UnitMention(name=old.name, level=Level.commune, code=old.code,
                             district=old.district, province=old.province,
                             successor=old.successor,
                             evidence=make_evidence(doc, block, start, end))
        if (block, end) in at:
            out[at[(block, end)]] = former
        else:
            out.append(former)
    return sorted(out, key=lambda u: (u.evidence.doc_start, u.evidence.doc_end))


def _kind_before(evidence: str, name: str) -> str:
    """Return the kind word the evidence writes just before `name` ("thị trấn"), or ""."""
    text = evidence.lower()
    k = text.find(name.lower())
    head = text[:k].rstrip() if k > 0 else ""
    return next((kind for kind in _KINDS if head.endswith(kind)), "")


