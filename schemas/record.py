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
    part: str = Field(title="Phần văn bản", description=(
        "Phần của văn bản chứa số liệu / the part of the document the figure stands in"),
        json_schema_extra={"codes": "parts"})
    block: int = Field(title="Đoạn", description=(
        "Số thứ tự đoạn (khối) trong văn bản, từ 0 / the block's index in the document, "
        "from 0"))
    start: int = Field(title="Từ ký tự", description=(
        "Vị trí bắt đầu trong văn bản của đoạn (tính cả) / start offset in the block's text "
        "(inclusive)"))
    end: int = Field(title="Đến ký tự", description=(
        "Vị trí kết thúc trong văn bản của đoạn (không tính) / end offset in the block's "
        "text (exclusive)"))
    text: str = Field(title="Câu chữ", description=(
        "Câu chữ nêu số liệu, đúng như trong văn bản / the words stating the figure, as "
        "written"))
    footnote: int | None = Field(None, title="Chú thích số", description=(
        "Số chú thích khi số liệu nằm trong chú thích / the note's number when the part is a "
        "footnote or endnote"))
    doc_start: int = Field(title="Từ ký tự (cả văn bản)", description=(
        "Vị trí bắt đầu trong toàn văn bản / start offset in the whole document's text"))
    doc_end: int = Field(title="Đến ký tự (cả văn bản)", description=(
        "Vị trí kết thúc trong toàn văn bản (không tính) / end offset in the whole "
        "document's text (exclusive)"))
    row: int | None = Field(None, title="Hàng", description=(
        "Hàng của ô bảng, từ 0 / the table cell's row, from 0"))
    col: int | None = Field(None, title="Cột", description=(
        "Cột của ô bảng, từ 0 / the table cell's column, from 0"))


class Qualifiers(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str | None = Field(None, title="Loại kỳ họp", description=(
        "Loại kỳ họp (chỉ với kỳ họp) / the kind of session (sessions only)"))
    phase: str | None = Field(None, title="Trước/sau kỳ họp", description=(
        "Ý kiến cử tri trước hay sau kỳ họp / voter petitions before or after a session"))
    session: int | None = Field(None, title="Kỳ họp thứ", description=(
        "Số thứ tự kỳ họp mà trước/sau nói đến / the number of the session the phase "
        "refers to"))
    bound: str | None = Field(None, title="Giới hạn", description=(
        "Số liệu là giới hạn, không phải số đúng: 'trên 60', 'không quá 10' / the figure is "
        "a bound, not an exact figure"))
    # True for a target of the next period (a plans section, "dự kiến ..."), not a figure of
    # the period; None otherwise, so that a count of the period keeps "qualifiers": {}
    planned: bool | None = Field(None, title="Kế hoạch", description=(
        "1: chỉ tiêu kế hoạch cho kỳ sau, không phải kết quả của kỳ / 1: a target for the "
        "next period, not a figure of the period"))
    # True for a single event no figure states, implied by an ordinal ("tổ chức kỳ họp thứ 13":
    # one session held); kept apart from stated figures. None otherwise.
    implied: bool | None = Field(None, title="Suy ra", description=(
        "1: một sự việc suy từ số thứ tự ('kỳ họp thứ 13'), không có số nêu ra / 1: one "
        "event implied by an ordinal, no figure stated"))
    # "pending": petitions still being handled ("còn 4 ý kiến đang giải quyết"), a part of the
    # petitions received, not new ones. None otherwise.
    status: str | None = Field(None, title="Tình trạng", description=(
        "'pending': kiến nghị đang giải quyết, một phần của số đã nhận / petitions still "
        "being handled, a part of those received"))
    # True for a figure of units before 1 July 2025 in a report of the new map ("xã Ngọk Yêu
    # (cũ): 2 kỳ họp", "HĐND 4 xã cũ đã tổ chức 8 kỳ họp", "trước ngày 01/7/2025"), kept apart
    # from the new unit's own figures. None otherwise.
    former: bool | None = Field(None, title="Đơn vị cũ", description=(
        "1: số liệu của các đơn vị trước ngày 1/7/2025 ('xã X (cũ)', 'các xã cũ') trong báo "
        "cáo theo bản đồ mới / 1: a figure of the units before 1 July 2025 in a report of the "
        "new map"))


class Count(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    id: str = Field(title="Mã số liệu", description=(
        "Mã băm của nội dung, không đổi khi cùng tệp, quy tắc và vị trí / content hash, "
        "stable for the same file, rule and span"))
    indicator: Indicator = Field(title="Chỉ tiêu", description=(
        "Chỉ tiêu được đếm / what is counted"))
    value: int = Field(ge=0, title="Số liệu ghi", description=(
        "Số liệu đúng như văn bản ghi / the figure as the document states it"))
    level: Level = Field(title="Cấp", description=(
        "Cấp của đơn vị có số liệu / the level of the council the figure is about"))
    unit: str = Field(title="Đơn vị", description=(
        "Tên đơn vị (theo danh mục, không có chữ 'xã') / the unit's canonical name, "
        "without its kind word"))
    scope: Scope = Field(Scope.unit, title="Phạm vi", description=(
        "Số của một đơn vị hay tổng của nhiều đơn vị / one council's figure or a sum over "
        "several"))
    body: Body | None = Field(None, title="Cơ quan thực hiện", description=(
        "Ai thực hiện (chỉ với chuyên đề giám sát) / who did it (supervision topics only)"))
    qualifiers: Qualifiers = Qualifiers()
    evidence: Evidence
    rule: str = Field(title="Quy tắc", description=(
        "Mã quy tắc trích xuất đã đọc ra số liệu / id of the extraction rule that read it"))
    total_id: str | None = Field(None, title="Thuộc tổng", description=(
        "Với một phần: mã số liệu tổng mà nó thuộc về / for a part: the id of its total"))
    list_id: str | None = Field(None, title="Danh sách", description=(
        "Mã danh sách theo đơn vị mà số liệu là một mục / the per-unit list the figure is "
        "an item of"))  # set when the count is an item of a per-unit list (same id
    # for every item of one list, e.g. "fn5:voter_petitions"); unit may then be a name that
    # is no unit of the district, kept as written, for the reconciler's unknown_unit rule
    code: str | None = Field(None, title="Mã đơn vị", description=(
        "Mã của đơn vị trong danh mục, theo bản đồ của kỳ (bản đồ cũ với đơn vị cũ); trống "
        "khi tên không phải một đơn vị / the gazetteer code of the unit in the map of the "
        "period (the old map for a former unit); empty when the name is no one unit"))


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
    code: str | None = None  # stable gazetteer key, in the map of the record's period
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
    by: str = Field(title="Xác định huyện theo", description=(
        "batch: theo các báo cáo cùng thư mục; option: theo run --district; none: chưa xác "
        "định được / batch: its folder's other reports; option: run --district; none"))
    names: list[str] = Field([], title="Tên đơn vị ở tiêu đề", description=(
        "Các đơn vị tiêu đề nêu, đúng như viết (danh sách JSON) / the units its head names, "
        "as written (a JSON list)"))
    candidates: list[str] = Field([], title="Các huyện có thể", description=(
        "Các huyện có xã tên ấy (danh sách JSON) / districts with a commune of that name "
        "(a JSON list)"))
    sources: list[str] = Field([], title="Căn cứ xác định", description=(
        "Căn cứ: các tệp nêu huyện, hoặc --district (danh sách JSON) / what decided: the "
        "files naming the district, or --district (a JSON list)"))


class Period(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    year: int | None = Field(None, title="Năm", description="Năm báo cáo / the year")
    half: int | None = Field(None, title="Sáu tháng", description=(
        "1: sáu tháng đầu năm, 2: sáu tháng cuối năm, trống: cả năm / 1: first half, "
        "2: second half, empty: the whole year"))


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
    code: str | None = None  # the reporting unit's gazetteer code in its period's map
    district: str | None = None
    province: str | None = None
    period: Period = Period()
    term: str | None = None  # "2021-2026"
    number: str | None = None  # the document's own "Số: 12/BC-HĐND"
    date: str | None = None  # the place-and-date line, ISO
    sections: list[Section] = []


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    file: str = Field(title="Tệp", description=(
        "Tệp văn bản, như khi chạy baocao run / the document's file, as given to baocao run"))
    sha256: str = Field(title="Mã SHA-256", description=(
        "Mã băm SHA-256 của tệp / the file's SHA-256 hash"))
    kind: Kind = Field(title="Loại văn bản", description=(
        "Loại văn bản / what kind of document it is"))
    level: Level | None = Field(title="Cấp báo cáo", description=(
        "Cấp của HĐND báo cáo / the level of the reporting council"))
    unit: str | None = Field(title="Đơn vị báo cáo", description=(
        "Tên đơn vị báo cáo (theo danh mục) / the reporting unit's canonical name"))
    code: str | None = Field(None, title="Mã đơn vị", description=(
        "Mã đơn vị báo cáo trong danh mục, theo bản đồ của kỳ báo cáo / the reporting unit's "
        "gazetteer code, in the map of the record's period"))
    district: str | None = Field(title="Huyện", description=(
        "Huyện của đơn vị báo cáo / the reporting unit's district"))
    province: str | None = Field(title="Tỉnh", description=(
        "Tỉnh của đơn vị báo cáo / the reporting unit's province"))
    period: Period
    term: str | None = Field(title="Nhiệm kỳ", description=(
        "Nhiệm kỳ, như '2021-2026' / the council's term"))
    number: str | None = Field(None, title="Số văn bản", description=(
        "Số của chính văn bản, như '12/BC-HĐND' / the document's own number"))
    date: str | None = Field(None, title="Ngày văn bản", description=(
        "Ngày ghi ở dòng địa danh, ngày tháng (ISO) / the date of its place-and-date line"))
    counts: list[Count] = []
    references: list[Reference] = []
    units: list[UnitMention] = []
    sections: list[Section] = []
    dates: list[DateMention] = []
    unread: list[Unread] = []  # numbers given no reading (issue: nothing silently lost)
    # how many numbers got each reading, by section kind ("head", "references", "activity",
    # "closing"): {"activity": {"count": 40, "date": 3, "unread": 1}, ...}
    readings: dict[str, dict[str, int]] = Field({}, title="Cách đọc các số", description=(
        "Số các con số theo cách đọc, theo phần văn bản (JSON) / how many numbers got each "
        "reading, by section kind (JSON)"))
    placement: Placement | None = None  # None: the text names the district itself
