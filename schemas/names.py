"""The Vietnamese names of every code the data uses: what a person reads in the workbook, the
data dictionary and the drafted summary, while CSV and JSON keep the codes.

Each table maps a code to its name as a column header or a cell would show it (sentence
case, no trailing punctuation). `CODE_NAMES` keys them by the enum they belong to, and
`QUALIFIER_NAMES` by qualifier, so the data dictionary lists every allowed code with its
name from here and nowhere else."""
from __future__ import annotations

from enum import Enum

from schemas.flags import Action, Rule, Severity, Status
from schemas.record import Body, Indicator, Kind, Level, Scope

INDICATORS = {
    "sessions": "Kỳ họp",
    "resolutions": "Nghị quyết",
    "supervision_topics": "Chuyên đề giám sát, khảo sát",
    "voter_meetings": "Cuộc tiếp xúc cử tri",
    "voter_attendance": "Lượt cử tri tham dự",
    "voter_petitions": "Ý kiến, kiến nghị của cử tri",
    "petitions_answered": "Kiến nghị đã được trả lời, giải quyết",
    "questions": "Lượt chất vấn",
    "explanation_sessions": "Phiên giải trình",
    "explanation_topics": "Nội dung giải trình",
    "standing_meetings": "Phiên họp Thường trực",
    "citizen_receptions": "Buổi tiếp công dân",
    "complaints": "Đơn, thư khiếu nại, tố cáo, kiến nghị, phản ánh",
}
# the unit each indicator counts in, as a figure is written in running text ("12 kỳ họp")
UNITS = {
    "sessions": "kỳ họp", "resolutions": "nghị quyết", "supervision_topics": "chuyên đề",
    "voter_meetings": "cuộc", "voter_attendance": "lượt cử tri",
    "voter_petitions": "ý kiến, kiến nghị", "petitions_answered": "kiến nghị",
    "questions": "lượt chất vấn", "explanation_sessions": "phiên",
    "explanation_topics": "nội dung", "standing_meetings": "phiên họp",
    "citizen_receptions": "buổi", "complaints": "đơn, thư",
}
LEVELS = {"province": "Cấp tỉnh", "district": "Cấp huyện", "commune": "Cấp xã",
          "all": "Cấp huyện và cấp xã"}
BODIES = {"council": "HĐND", "standing": "Thường trực HĐND", "committees": "Các Ban HĐND",
          "delegate_groups": "Tổ đại biểu HĐND", "delegates": "Đại biểu HĐND"}
SCOPES = {"unit": "Của một đơn vị", "sum": "Tổng của nhiều đơn vị"}
KINDS = {"commune_report": "Báo cáo của xã", "district_summary": "Báo cáo tổng hợp của huyện",
         "province_summary": "Báo cáo tổng hợp của tỉnh", "other": "Văn bản khác"}
RULES = {
    "total_mismatch": "Tổng khác tổng các phần",
    "repeated_mismatch": "Một số liệu nêu hai lần khác nhau",
    "cross_document_mismatch": "Báo cáo tổng hợp khác báo cáo của xã",
    "missing_unit": "Thiếu xã",
    "unknown_unit": "Tên không phải xã của huyện",
    "duplicate_submission": "Xã gửi hai báo cáo khác nhau",
    "reference_conflict": "Văn bản dẫn chiếu có hai ngày",
    "date_out_of_period": "Ngày ngoài kỳ báo cáo",
    "section_gap": "Đánh số mục bị nhảy",
    "unassigned_document": "Văn bản chưa xác định được đơn vị",
}
SEVERITIES = {"info": "Thông tin", "warning": "Cảnh báo", "error": "Lỗi"}
STATUSES = {"open": "Chưa xử lý", "resolved": "Đã xử lý", "dismissed": "Bỏ qua",
            "gone": "Không còn"}
ACTIONS = {"accept": "Chấp nhận", "reject": "Bỏ qua", "correct": "Sửa số liệu",
           "choose": "Chọn một giá trị", "choose_document": "Chọn bản chính thức",
           "not_expected": "Không phải có", "assign_document": "Gán văn bản cho xã",
           "assign_unit": "Gán xã", "exclude": "Loại khỏi dữ liệu", "undo": "Hoàn tác"}
SESSION_KINDS = {"regular": "Thường lệ", "thematic": "Chuyên đề", "extraordinary": "Bất thường"}
PHASES = {"after_session": "Sau kỳ họp", "before_session": "Trước kỳ họp"}
BOUNDS = {"lower": "Trên (cận dưới)", "upper": "Không quá (cận trên)"}
COUNT_STATUSES = {"pending": "Đang giải quyết"}
DOCUMENT_STATUSES = {"ok": "Đọc được", "failed": "Không đọc được"}
COVERAGE = {"reported": "Đã báo cáo", "flagged": "Có cờ chưa xử lý", "missing": "Chưa báo cáo"}
# document parts evidence comes from
PARTS = {"body": "Thân văn bản", "table": "Bảng", "footnote": "Chú thích", "endnote": "Chú thích cuối",
         "header": "Đầu trang", "footer": "Chân trang", "textbox": "Hộp văn bản"}

CODE_NAMES: dict[type[Enum], dict[str, str]] = {
    Indicator: INDICATORS, Level: LEVELS, Body: BODIES, Scope: SCOPES, Kind: KINDS,
    Rule: RULES, Severity: SEVERITIES, Status: STATUSES, Action: ACTIONS,
}
QUALIFIER_NAMES = {"kind": SESSION_KINDS, "phase": PHASES, "bound": BOUNDS,
                   "status": COUNT_STATUSES}


def code_name(codes: dict[str, str], code) -> str:
    """Return the Vietnamese name of `code` in `codes`; the code itself when it has none
    (a code added without a name shows as written, never as nothing)."""
    if code is None:
        return ""
    code = getattr(code, "value", code)
    return codes.get(code, str(code))


def column_name(indicator: str, body: str | None = None, kind: str | None = None,
                phase: str | None = None, session: int | None = None,
                status: str | None = None, implied: bool | None = None) -> str:
    """Return the header of a figure's column: "Kỳ họp chuyên đề", "Chuyên đề giám sát,
    khảo sát (Thường trực HĐND)", "Ý kiến, kiến nghị của cử tri sau kỳ họp thứ 6"."""
    name = INDICATORS.get(indicator, indicator)
    if kind:
        name += " " + SESSION_KINDS.get(kind, kind).lower()
    if phase:
        name += " " + PHASES.get(phase, phase).lower()
        if session is not None:
            name += f" thứ {session}"
    if status:
        name += " " + COUNT_STATUSES.get(status, status).lower()
    if body:
        name += f" ({BODIES.get(body, body)})"
    if implied:
        name += " (suy từ số thứ tự)"
    return name

# the code tables a column's `codes` names (schemas/exports.py), by that name
CODE_TABLES = {
    "indicators": INDICATORS, "levels": LEVELS, "bodies": BODIES, "scopes": SCOPES,
    "kinds": KINDS, "rules": RULES, "severities": SEVERITIES, "statuses": STATUSES,
    "actions": ACTIONS, "session_kinds": SESSION_KINDS, "phases": PHASES, "bounds": BOUNDS,
    "count_statuses": COUNT_STATUSES, "document_statuses": DOCUMENT_STATUSES,
    "coverage": COVERAGE, "parts": PARTS,
}
