"""A document's extracted record: the JSON of `baocao extract --json` (see contract.md)."""
from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class Indicator(str, Enum):
    sessions = "sessions"
    resolutions = "resolutions"
    supervision_topics = "supervision_topics"
    voter_meetings = "voter_meetings"
    voter_attendance = "voter_attendance"
    voter_petitions = "voter_petitions"
    petitions_answered = "petitions_answered"
    questions = "questions"
    explanation_sessions = "explanation_sessions"
    explanation_topics = "explanation_topics"
    standing_meetings = "standing_meetings"
    citizen_receptions = "citizen_receptions"
    complaints = "complaints"


class Level(str, Enum):
    province = "province"
    district = "district"
    commune = "commune"
    all = "all"  # only with scope "sum": the district and its communes together


class Body(str, Enum):
    council = "council"
    standing = "standing"
    committees = "committees"
    delegate_groups = "delegate_groups"
    delegates = "delegates"


class Scope(str, Enum):
    unit = "unit"
    sum = "sum"


class Kind(str, Enum):
    commune_report = "commune_report"
    district_summary = "district_summary"
    province_summary = "province_summary"  # a province standing committee's summary (after 2025)
    other = "other"


class Evidence(BaseModel):
    """Where a fact was stated. `start`/`end` are half-open offsets in the block's text;
    `doc_start`/`doc_end` the same span in `Document.text`."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    part: str
    block: int
    start: int
    end: int
    text: str
    footnote: int | None = None  # note number when part is footnote/endnote
    doc_start: int
    doc_end: int
    row: int | None = None
    col: int | None = None


class Qualifiers(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str | None = None  # sessions: regular / thematic / extraordinary
    phase: str | None = None  # voter_petitions: after_session / before_session
    session: int | None = None  # the session number the phase refers to
    bound: str | None = None  # "lower" ("trên 60"), "upper" ("không quá 10")
    # True for a target of the next period (a plans section, "dự kiến ..."), not a figure of
    # the period; None otherwise, so that a count of the period keeps "qualifiers": {}
    planned: bool | None = None
    # True for a single event no figure states, implied by an ordinal ("tổ chức kỳ họp thứ 13":
    # one session held); kept apart from stated figures. None otherwise.
    implied: bool | None = None
    # "pending": petitions still being handled ("còn 4 ý kiến đang giải quyết"), a part of the
    # petitions received, not new ones. None otherwise.
    status: str | None = None


class Count(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str  # content hash, stable for the same file, rule and span
    indicator: Indicator
    value: int = Field(ge=0)
    level: Level
    unit: str
    scope: Scope = Scope.unit
    body: Body | None = None
    qualifiers: Qualifiers = Qualifiers()
    evidence: Evidence
    rule: str  # id of the rule that produced it
    total_id: str | None = None  # for a part: the id of the total it belongs to
    list_id: str | None = None  # set when the count is an item of a per-unit list (same id
    # for every item of one list, e.g. "fn5:voter_petitions"); unit may then be a name that
    # is no unit of the district, kept as written, for the reconciler's unknown_unit rule


class Reference(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    type: str  # KH, BC, TB, NQ, QĐ, ...
    number: int
    issuer: str
    date: str | None = None  # ISO date, None when the text gives none
    year: int | None = None  # the document's year (from the date or the issuer suffix)
    evidence: Evidence


class UnitMention(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str  # gazetteer canonical name without prefix
    level: Level
    code: str | None = None  # stable gazetteer key
    district: str | None = None
    province: str | None = None
    successor: str | None = None  # the 2025 unit it became
    evidence: Evidence


class DateMention(BaseModel):
    """A calendar date stated in the text (not the date of a cited document)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    date: str  # ISO
    claimed_in_period: bool = False  # the sentence says it happened inside the reporting period
    evidence: Evidence


class Unread(BaseModel):
    """A number in the text that extraction gave no reading: neither a count nor a known
    non-count (date, year, ordinal, document number, percent, money, ...)."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    text: str  # the number as written
    reason: str  # why it stayed unread, e.g. "no indicator noun or verb near it"
    evidence: Evidence


class Placement(BaseModel):
    """How a commune report whose text names no district was placed, and from what: its
    letterhead names a commune ("HĐND XÃ ĐĂK HÀ") that several districts have."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    by: str  # "batch" (its folder's other reports), "option" (`run --district`), "none"
    names: list[str] = []  # the units its head names, as written ("xã Đăk Hà")
    candidates: list[str] = []  # districts with a commune of that name: "Tu Mơ Rông, Kon Tum"
    sources: list[str] = []  # what decided: the files naming the district, or "--district"


class Period(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int | None = None
    half: int | None = None  # 1, 2, or None for a whole year


class Section(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    label: str
    block: int


class Metadata(BaseModel):
    """What a document says about itself: who reports, for when, under which number."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: Kind = Kind.other
    level: Level | None = None  # level of the reporting council
    unit: str | None = None  # the reporting unit's canonical name
    district: str | None = None
    province: str | None = None
    period: Period = Period()
    term: str | None = None  # "2021-2026"
    number: str | None = None  # the document's own "Số: 12/BC-HĐND"
    date: str | None = None  # the place-and-date line, ISO
    sections: list[Section] = []


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str
    sha256: str
    kind: Kind
    level: Level | None
    unit: str | None
    district: str | None
    province: str | None
    period: Period
    term: str | None
    number: str | None = None  # the document's own "Số: 12/BC-HĐND"
    date: str | None = None  # the place-and-date line, ISO
    counts: list[Count] = []
    references: list[Reference] = []
    units: list[UnitMention] = []
    sections: list[Section] = []
    dates: list[DateMention] = []
    unread: list[Unread] = []  # numbers given no reading (issue: nothing silently lost)
    # how many numbers got each reading, by section kind ("head", "references", "activity",
    # "closing"): {"activity": {"count": 40, "date": 3, "unread": 1}, ...}
    readings: dict[str, dict[str, int]] = {}
    placement: Placement | None = None  # None: the text names the district itself
