"""Cited documents ("Kế hoạch số 08/KH-TTHĐND, ngày 22/05/2024"): type, number, issuer, date.

The patterns are regexes in `extractors/rules/references.jsonl` (formal codes, not prose):
label "reference" finds a code, "name" the kind written before it ("Kế hoạch số"), "date"
the date written right after it, and "own_number" the document's own "Số: 12/BC-HĐND"
line, which is metadata, not a citation.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from extractors.facts.evidence import make_evidence
from extractors.rules import RULES_DIR
from schemas.errors import RuleError
from schemas.record import Reference
from schemas.source import Document

RULES = RULES_DIR / "references.jsonl"
# codes written without the Vietnamese letter, and what they mean
_TYPE_SPELLINGS = {"QD": "QĐ"}


@dataclass(frozen=True)
class RegexRule:
    """One line of a regex rules file: `data` holds its other fields (e.g. "half")."""

    id: str
    label: str
    regex: re.Pattern
    data: dict


@functools.cache
def regex_rules(path: Path) -> dict[str, list[RegexRule]]:
    """Return the compiled {id, label, pattern} rules of a JSONL file by label, in file order.

    Loaded once per path; raises RuleError naming a malformed line.
    """
    out: dict[str, list[RegexRule]] = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            rule = RegexRule(d["id"], d["label"], re.compile(d["pattern"]), d)
        except (ValueError, KeyError, TypeError, re.error) as e:
            raise RuleError(f"{path.name}:{n}: bad rule ({e})") from e
        out.setdefault(rule.label, []).append(rule)
    return out


@dataclass(frozen=True)
class Citation:
    """One code found in a text: offsets are half-open in that text."""

    start: int
    end: int
    type: str
    number: int
    issuer: str
    date: str | None
    year: int | None
    rule: str


def find_citations(text: str, *, rules_path: Path = RULES) -> list[Citation]:
    """Return the documents cited in `text`, in order; the text's own "Số:" is skipped."""
    rules = regex_rules(rules_path)
    out = []
    if "/" not in text:
        return out
    for rule in rules.get("reference", []):
        for m in rule.regex.finditer(text):
            start = _name_before(text, m.start(), rules)
            if start == m.start() and _before(text, start, rules, "own_number"):
                continue
            date, end = _date_after(text, m.end(), rules)
            year = date.year if date else None
            if year is None and m.groupdict().get("codeyear"):
                year = int(m.group("codeyear"))
            kind = m.groupdict().get("type") or rule.data["type"]
            out.append(Citation(
                start=start, end=end, type=_TYPE_SPELLINGS.get(kind, kind),
                number=int(m.group("number")), issuer=m.group("issuer"),
                date=date.isoformat() if date else None, year=year, rule=rule.id,
            ))
    return sorted(out, key=lambda c: c.start)


def extract_references(doc: Document) -> list[Reference]:
    """Return every citation of `doc`, once per place it is cited, in document order.

    The same document cited twice gives two references (each with its evidence). An issuer
    cited once in full and elsewhere cut short ("594/NQ-UBTVQH15" and "594/NQ-UBTVQH") is
    given the full form everywhere, so one document keeps one identity.
    """
    found = [(block.id, c) for block in doc.blocks for c in find_citations(block.text)]
    full = _full_issuers([c for _, c in found])
    return [
        Reference(type=c.type, number=c.number,
                  issuer=full.get((c.type, c.number, c.issuer), c.issuer),
                  date=c.date, year=c.year,
                  evidence=make_evidence(doc, block_id, c.start, c.end))
        for block_id, c in found
    ]


def _before(text: str, start: int, rules: dict[str, list[RegexRule]], label: str
            ) -> re.Match | None:
    """Return the first rule of `label` matching the text that ends at `start`."""
    for r in rules.get(label, []):
        m = r.regex.search(text, max(0, start - 24), start)
        if m:
            return m
    return None


def _name_before(text: str, start: int, rules: dict[str, list[RegexRule]]) -> int:
    """Return where the citation starts: at "Kế hoạch số" before the code, if written."""
    m = _before(text, start, rules, "name")
    return m.start() if m else start


def _date_after(text: str, pos: int, rules: dict[str, list[RegexRule]]
                ) -> tuple[dt.date | None, int]:
    """Return the date written right after a code (or None) and where the citation ends."""
    for rule in rules.get("date", []):
        m = rule.regex.match(text, pos)
        if m is None:
            continue
        try:
            return dt.date(int(m.group("year")), int(m.group("month")),
                           int(m.group("day"))), m.end()
        except ValueError:  # "ngày 31/02/2024": a slip, not a date
            return None, pos
    return None, pos


def _full_issuers(cites: list[Citation]) -> dict[tuple[str, int, str], str]:
    """Return (type, number, issuer) -> the longer issuer it abbreviates by a digit suffix."""
    issuers: dict[tuple[str, int], set[str]] = {}
    for c in cites:
        issuers.setdefault((c.type, c.number), set()).add(c.issuer)
    out = {}
    for (kind, number), names in issuers.items():
        for short in names:
            longer = [n for n in names if n != short and n.startswith(short)
                      and n[len(short):].isdigit()]
            if len(longer) == 1:
                out[(kind, number, short)] = longer[0]
    return out
