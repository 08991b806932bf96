"""Candidates: a count being built (`Cand`) and what the document says about itself (`Context`).

`Context` decides a count's default level and unit (`default_place`); `adjust_total_level`
widens a total whose parts cover the communes and the district itself. Moved out of
`extractors/facts/clauses.py`, which builds the candidates of one block.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable


@dataclass(frozen=True)
class Context:
    """What the document says about itself; decides the default level and unit."""

    kind: str  # "commune_report" | "district_summary" | "province_summary" | "other"
    level: str | None  # the reporting council's level
    unit: str | None  # the reporting unit (commune name, or the district)
    district: str | None
    province: str | None
    canonical: Callable[[str], str | None] = lambda name: None  # commune name → canonical
    # True for a commune of the province outside the district (a bare name in a list of
    # communes is then kept as written, for the unknown_unit check)
    elsewhere: Callable[[str], bool] = lambda name: False
    year: int | None = None  # the year of the report's period
    half: int | None = None  # its half (1, 2), None for a whole year


@dataclass
class Cand:
    """A count being built. `start`/`end` are offsets in the block text."""

    indicator: str
    value: int
    level: str
    unit: str
    scope: str
    block: int
    start: int
    end: int
    rule: str
    tok: int  # token index of the number
    noun_end: int  # token index after the noun phrase (or the number)
    body: str | None = None
    qualifiers: dict = field(default_factory=dict)
    explicit: bool = False  # level/unit came from a cue, not the document default
    item: bool = False  # an item of a per-unit list
    list_id: str | None = None
    total: Cand | None = None
    parts: list = field(default_factory=list)
    id: str = ""
    evidence: object = None  # schemas.record.Evidence, set when ids are made
    shape: tuple = ()  # (head classes, measure classes) of the phrase read


def default_place(ctx: Context) -> tuple[str, str, str]:
    """Return (level, unit, scope) of a figure about the reporting council itself."""
    if ctx.kind == "commune_report" or ctx.level == "commune":
        return "commune", ctx.unit or "", "unit"
    if ctx.kind == "province_summary":  # from 1 July 2025: the province's own council
        return "province", ctx.province or ctx.unit or "", "unit"
    return "district", ctx.district or ctx.unit or "", "unit"


def adjust_total_level(total: Cand) -> None:
    """A total whose parts cover the communes and the district itself is over all councils."""
    levels = {p.level for p in total.parts}
    if total.level == "commune" or not levels & {"commune", "all"}:
        return
    if total.scope == "unit" and total.level in ("district", "province"):
        total.level, total.scope = "all", "sum"
