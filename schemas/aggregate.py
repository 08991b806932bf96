"""What the district office hands on: the district table (communes × indicators, reviewers'
decisions applied, beside the summary's figures) and the coverage grid (communes × periods).
The JSON of `baocao aggregate --json`; the export, the drafted summary and the charts read it."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field

from schemas.record import Body, Indicator, Kind


class Column(BaseModel):
    """What one column of the district table counts: an indicator with its body and
    qualifiers (a target for the next period is never a column: see `plans`)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    key: str = Field(title="Mã cột", description=(
        "Mã của cột: chỉ tiêu và các thuộc tính, như 'sessions|kind=thematic' / the "
        "column's key: indicator and qualifiers"))
    indicator: Indicator
    body: Body | None = None
    kind: str | None = None
    phase: str | None = None
    session: int | None = None
    status: str | None = None
    implied: bool | None = None
    name: str = Field(title="Tên cột", description="Tên cột bằng tiếng Việt / the header")


class Statement(BaseModel):
    """One figure a document states about a commune."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str
    kind: Kind
    stated: int  # as the document writes it
    value: int  # after reviewers' decisions
    bound: str | None = None
    decision_flag: str | None = None  # the flag whose decision set `value`


class Cell(BaseModel):
    """One commune's figure of one column. `value` is None when the commune's figures
    disagree or one is under an open flag (`disputed`: every figure is in `values`), or
    when no document states it."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    value: int | None = None
    values: list[int] = []  # every figure, after decisions (two or more when disputed)
    disputed: bool = False
    bound: str | None = None  # "lower" ("trên 270"), "upper" ("không quá 10")
    source: str = "report"  # "report": the commune's own report; "summary": only the summary
    stated: list[int] = []  # what the commune's own report(s) write, before decisions
    corrected: bool = False  # `value` is none of `stated`: a reviewer's correction
    open_flags: list[str] = []  # flags still open on these figures
    decision_flags: list[str] = []  # flags whose decisions set these figures
    statements: list[Statement] = []


class Row(BaseModel):
    """A commune of the district with its figures; `known` False for a name a document
    gives that is no commune of the district (the reconciler flags it as unknown_unit)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    unit: str
    kind: str = "xã"  # xã, phường, thị trấn
    reported: bool  # a report of its own for the period is stored
    known: bool = True
    files: list[str] = []  # its own reports
    cells: dict[str, Cell] = {}  # by column key


class Total(BaseModel):
    """One column's sums: the communes' figures added up beside what the summary states."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    column: str
    communes_sum: int | None = None  # None when a commune's figure is disputed
    low: int = 0  # the sum with each disputed figure at its lowest
    high: int = 0  # ... and at its highest
    bound: str | None = None  # "lower" / "upper" when a bounded figure is in the sum
    communes_with_figure: int = 0
    communes_without: list[str] = []  # communes of the district that state no figure
    disputed: list[str] = []  # communes whose figure is disputed
    summary_value: int | None = None  # the summary's figure for all its communes ("cấp xã: 12")
    summary_values: list[int] = []  # every figure the summaries state for it (after decisions)
    summary_list_sum: int | None = None  # the summary's per-commune figures added up
    difference: int | None = None  # summary_value - communes_sum
    district_value: int | None = None  # the district council's own figure ("cấp huyện: 06")
    all_value: int | None = None  # district and communes together, as stated ("18 Nghị quyết")


class Plan(BaseModel):
    """A target for the next period (qualifiers.planned), kept apart from the figures."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    unit: str
    level: str
    scope: str
    column: str  # the column key it would belong to
    name: str
    value: int
    file: str


class DistrictTable(BaseModel):
    """One district and period: communes × indicators with decisions applied."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    district: str
    province: str | None = None
    year: int
    half: int | None = None
    period: str  # "6 tháng đầu năm 2024"
    term: str | None = None
    communes: list[str] = []  # every commune of the district (the gazetteer's), in order
    not_reported: list[str] = []  # communes with no report of their own for the period
    columns: list[Column] = []
    rows: list[Row] = []
    totals: list[Total] = []
    plans: list[Plan] = []
    summaries: list[str] = []  # district summaries of the period
    reports: list[str] = []  # commune reports of the period


class Coverage(str, Enum):
    reported = "reported"
    flagged = "flagged"  # reported, with a flag still open about it
    missing = "missing"  # no report of its own for the period


class CoverageCell(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    unit: str
    year: int
    half: int | None = None
    state: Coverage
    files: list[str] = []
    open_flags: list[str] = []


class CoverageGrid(BaseModel):
    """One district: its communes × the periods any document of it covers."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    district: str
    province: str | None = None
    periods: list[tuple[int, int | None]] = []
    communes: list[str] = []
    cells: list[CoverageCell] = []

    def cell(self, unit: str, year: int, half: int | None) -> CoverageCell | None:
        return next((c for c in self.cells if (c.unit, c.year, c.half) == (unit, year, half)),
                    None)
