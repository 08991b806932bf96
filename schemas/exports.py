"""The rows of the exported tables: every column a table adds to the record's own models
(`Count`, `Record`), with its Vietnamese header (`title`) and meaning (`description`,
Vietnamese / English). The export's data dictionary is generated from these and from the
record's models, so a column cannot be exported undescribed without a test failing.

`codes` in a field's extra names the table of `schemas.names` its values come from."""
from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


def _f(title: str, vi: str, en: str, codes: str | None = None, default=None):
    extra = {"codes": codes} if codes else None
    return Field(default, title=title, description=f"{vi} / {en}", json_schema_extra=extra)


_YEAR = ("Năm", "Năm của kỳ báo cáo", "the year of the reporting period")
_HALF = ("Sáu tháng", "1: sáu tháng đầu năm, 2: sáu tháng cuối năm, trống: cả năm",
         "1: first half, 2: second half, empty: the whole year")
_DISTRICT = ("Huyện", "Huyện của văn bản", "the documents' district")
_PROVINCE = ("Tỉnh", "Tỉnh của văn bản", "the documents' province")
_INDICATOR = ("Chỉ tiêu", "Chỉ tiêu được đếm", "what is counted")
_BODY = ("Cơ quan thực hiện", "Ai thực hiện (chỉ với chuyên đề giám sát)",
         "who did it (supervision topics only)")
_KIND = ("Loại kỳ họp", "Loại kỳ họp (chỉ với kỳ họp)", "the kind of session")
_PHASE = ("Trước/sau kỳ họp", "Ý kiến cử tri trước hay sau kỳ họp",
          "voter petitions before or after a session")
_SESSION = ("Kỳ họp thứ", "Số thứ tự kỳ họp mà trước/sau nói đến",
            "the number of the session the phase refers to")
_STATUS = ("Tình trạng", "'pending': kiến nghị đang giải quyết", "petitions still being handled")
_IMPLIED = ("Suy ra", "1: suy từ số thứ tự, không có số nêu ra",
            "1: implied by an ordinal, no figure stated")


_MAP = ("Bản đồ", "Bản đồ của kỳ báo cáo: old (trước 1/7/2025: tỉnh, huyện, xã) hoặc new "
        "(tỉnh và xã)", "the map of the reporting period: old (before 1 July 2025: province, "
        "district, commune) or new (province and commune)")
_FORMER = ("Đơn vị cũ", "1: số liệu của các đơn vị trước ngày 1/7/2025 trong báo cáo theo bản "
           "đồ mới", "1: a figure of the units before 1 July 2025 in a report of the new map")


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CountRow(Model):
    """counts: the columns `counts_effective` adds to a Count's own."""

    file: str = _f("Tệp", "Tệp văn bản nêu số liệu", "the document stating the figure")
    doc_kind: str = _f("Loại văn bản", "Loại của văn bản nêu số liệu",
                       "the kind of document stating it", "kinds")
    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    district: str = _f(*_DISTRICT)
    province: str = _f(*_PROVINCE)
    map: str = _f(*_MAP)
    doc: str = _f("Đường dẫn", "Đường dẫn của tệp khi đọc", "the file's path when it was read")
    seq: int = _f("Thứ tự", "Thứ tự số liệu trong văn bản, từ 0",
                  "the figure's position among the document's counts, from 0")
    effective_value: int = _f("Số liệu sau quyết định",
                              "Số liệu sau khi áp dụng quyết định của người duyệt",
                              "the figure with reviewers' decisions applied")
    decision_flag: str = _f("Cờ đã quyết định", "Mã cờ có quyết định đã sửa số liệu này",
                            "the flag whose decision changed this figure")
    decision_reviewer: str = _f("Người duyệt", "Người đã quyết định", "who decided")
    decision_note: str = _f("Ghi chú quyết định", "Lý do người duyệt ghi",
                            "the reviewer's note")
    decision_created: str = _f("Thời điểm quyết định", "Thời điểm quyết định (UTC, ISO)",
                               "when it was decided (UTC, ISO)")
    effective_unit: str = _f("Đơn vị sau quyết định", "Đơn vị của số liệu sau quyết định của "
                             "người duyệt (gán xã)", "the figure's unit with reviewers' "
                             "decisions applied (a commune assigned)")
    unit_decision_flag: str = _f("Cờ đã gán đơn vị", "Mã cờ có quyết định gán đơn vị",
                                 "the flag whose decision assigned the unit")


class DocumentRow(Model):
    """documents: the columns the store adds to a Record's own."""

    size: int = _f("Dung lượng", "Dung lượng tệp (byte)", "the file's size in bytes")
    mtime: float = _f("Sửa lần cuối", "Thời điểm sửa tệp (giây từ 1970)",
                      "the file's modification time (seconds since 1970)")
    source_format: str = _f("Định dạng", "Định dạng tệp: docx hoặc doc", "docx or doc")
    map: str = _f(*_MAP)
    normalizer_version: str = _f("Phiên bản chuẩn hóa", "Phiên bản bộ chuẩn hóa văn bản",
                                 "the text normaliser's version")
    warnings: str = _f("Cảnh báo khi đọc", "Cảnh báo khi đọc tệp (danh sách JSON)",
                       "warnings from reading the file (a JSON list)")
    status: str = _f("Trạng thái", "Đọc được hay không", "read or failed", "document_statuses")
    error: str = _f("Lỗi", "Lý do không đọc được", "why it could not be read")
    run_id: int = _f("Lần chạy", "Lần chạy đã đọc tệp", "the run that read it")
    read_at: str = _f("Thời điểm đọc", "Thời điểm đọc (UTC, ISO)", "when it was read (UTC, ISO)")
    extractor_version: str = _f("Phiên bản trích xuất", "Phiên bản bộ trích xuất đã đọc",
                                "the extraction version that read it")
    assigned_unit: str = _f("Xã được gán", "Xã người duyệt gán cho văn bản",
                            "the commune a reviewer gave the document")
    assigned_district: str = _f("Huyện được gán", "Huyện người duyệt gán cho văn bản",
                                "the district a reviewer gave the document")
    effective_unit: str = _f("Đơn vị sau quyết định", "Đơn vị báo cáo sau quyết định",
                             "the reporting unit with decisions applied")
    effective_district: str = _f("Huyện sau quyết định", "Huyện sau quyết định",
                                 "the district with decisions applied")
    effective_kind: str = _f("Loại sau quyết định", "Loại văn bản sau quyết định",
                             "the kind with decisions applied", "kinds")
    superseded: int = _f("Đã thay thế", "1: có bản khác là bản chính thức; số liệu của văn bản "
                         "này không được tính", "1: another version is the official one; its "
                         "figures are left out")
    superseded_by: str = _f("Thay bằng", "Bản chính thức thay văn bản này",
                            "the official version that supersedes it")
    decision: str = _f("Quyết định", "Quyết định về văn bản", "the decision on the document")
    decision_reviewer: str = _f("Người duyệt", "Người đã quyết định", "who decided")
    decision_note: str = _f("Ghi chú quyết định", "Lý do người duyệt ghi", "the reviewer's note")
    decision_created: str = _f("Thời điểm quyết định", "Thời điểm quyết định (UTC, ISO)",
                               "when it was decided (UTC, ISO)")


class FactRow(Model):
    """facts: one row per fact, its statements after decisions."""

    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    district: str = _f(*_DISTRICT)
    province: str = _f(*_PROVINCE)
    indicator: str = _f(*_INDICATOR, "indicators")
    level: str = _f("Cấp", "Cấp của đơn vị", "the level of the council", "levels")
    unit: str = _f("Đơn vị", "Tên đơn vị", "the unit's name")
    scope: str = _f("Phạm vi", "Số của một đơn vị hay tổng nhiều đơn vị",
                    "one council's figure or a sum", "scopes")
    body: str = _f(*_BODY, "bodies")
    qualifiers_kind: str = _f(*_KIND, "session_kinds")
    qualifiers_phase: str = _f(*_PHASE, "phases")
    qualifiers_session: int = _f(*_SESSION)
    qualifiers_bound: str = _f("Giới hạn", "Số liệu là giới hạn ('trên 60')",
                               "the figure is a bound", "bounds")
    qualifiers_planned: int = _f("Kế hoạch", "1: chỉ tiêu kế hoạch cho kỳ sau",
                                 "1: a target for the next period")
    qualifiers_former: int = _f(*_FORMER)
    value: int = _f("Số liệu", "Số liệu thống nhất; trống khi các văn bản ghi khác nhau",
                    "the agreed figure; empty when statements disagree")
    disputed: int = _f("Chưa thống nhất", "1: các văn bản ghi khác nhau (sau quyết định)",
                       "1: the statements disagree (after decisions)")
    values_stated: str = _f("Các số đã ghi", "Các số liệu khác nhau đã ghi, cách nhau dấu phẩy",
                            "every distinct figure stated, comma-separated")
    statements: int = _f("Số lần nêu", "Số lần số liệu được nêu", "how many times it is stated")
    sources: str = _f("Nguồn", "Nơi nêu: tệp#phần:đoạn:từ-đến, cách nhau ' | '",
                      "where it is stated: file#part:block:start-end, ' | '-separated")


class AggregateRow(Model):
    """aggregates: per district, period and indicator (the store's view)."""

    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    district: str = _f(*_DISTRICT)
    province: str = _f("Tỉnh", "Tỉnh (từ 1/7/2025, khi không còn huyện)",
                       "the province (from 1 July 2025, when there is no district)")
    indicator: str = _f(*_INDICATOR, "indicators")
    qualifiers_kind: str = _f(*_KIND, "session_kinds")
    qualifiers_phase: str = _f(*_PHASE, "phases")
    qualifiers_session: int = _f(*_SESSION)
    communes_sum: int = _f("Cộng các xã", "Cộng số liệu của các xã theo báo cáo của xã; trống "
                           "khi một xã còn số liệu chưa thống nhất",
                           "the communes' own figures added up; empty when one is disputed")
    communes_low: int = _f("Cộng thấp nhất", "Tổng khi số chưa thống nhất lấy giá trị nhỏ",
                           "the sum with disputed figures at their lowest")
    communes_high: int = _f("Cộng cao nhất", "Tổng khi số chưa thống nhất lấy giá trị lớn",
                            "the sum with disputed figures at their highest")
    communes_disputed: str = _f("Xã chưa thống nhất", "Các xã có số liệu chưa thống nhất",
                                "communes whose figures disagree")
    communes_reporting: int = _f("Số xã có số liệu", "Số xã có số liệu này",
                                 "how many communes state it")
    summary_list_sum: int = _f("Cộng danh sách tổng hợp",
                               "Cộng các số theo xã trong báo cáo tổng hợp",
                               "the summary's per-commune figures added up")
    summary_list_units: int = _f("Số xã trong danh sách", "Số xã có trong danh sách của báo cáo "
                                 "tổng hợp", "how many communes the summary lists")
    files: str = _f("Tệp", "Các tệp nêu số liệu", "the files stating the figures")
    summary_value: int = _f("Tổng hợp ghi", "Số báo cáo tổng hợp ghi cho cấp xã",
                            "what the summary states for all its communes")
    summary_values: str = _f("Các số tổng hợp ghi", "Các số khác nhau báo cáo tổng hợp ghi",
                             "every figure the summaries state for it")
    summary_sources: str = _f("Nguồn tổng hợp", "Nơi báo cáo tổng hợp nêu",
                              "where the summary states it")
    agrees: int = _f("Khớp", "1: tổng hợp ghi bằng cộng các xã; 0: khác; trống: không so được",
                     "1: the summary equals the communes' sum; 0: it differs; empty: not "
                     "comparable")
    communes_not_expected: int = _f("Số xã không phải báo cáo", "Số xã người duyệt đánh dấu "
                                    "không phải có số liệu này", "how many communes a "
                                    "reviewer marked as owing no such figure")


class TodayAggregateRow(Model):
    """aggregates_today (export --map new): per period, commune of today's map and
    indicator, the communes' figures carried onto today's map."""

    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    map: str = _f("Bản đồ", "Luôn 'new': số liệu theo bản đồ từ 1/7/2025",
                  "always 'new': the figures on the map from 1 July 2025")
    province: str = _f("Tỉnh", "Tỉnh theo bản đồ mới", "the province on the new map")
    unit: str = _f("Xã (bản đồ mới)", "Xã, phường, đặc khu theo bản đồ mới",
                   "the commune, ward or special zone on the new map")
    code: str = _f("Mã đơn vị", "Mã của xã trong danh mục theo bản đồ mới",
                   "the commune's gazetteer code on the new map")
    indicator: str = _f(*_INDICATOR, "indicators")
    qualifiers_kind: str = _f(*_KIND, "session_kinds")
    qualifiers_phase: str = _f(*_PHASE, "phases")
    qualifiers_session: int = _f(*_SESSION)
    communes_sum: int = _f("Cộng các xã", "Cộng số liệu theo báo cáo của các xã (cũ và mới) "
                           "hợp thành xã này; trống khi không cộng được",
                           "the own reports' figures of the communes (former and new) that make "
                           "up this one, added up; empty when they cannot be")
    communes_reporting: int = _f("Số số liệu đã cộng", "Số đơn vị có số liệu được cộng",
                                 "how many units' figures are added up")
    summary_list_sum: int = _f("Cộng danh sách tổng hợp", "Cộng các số theo xã trong báo cáo "
                               "tổng hợp, theo bản đồ mới", "the summaries' per-commune figures "
                               "added up on the new map")
    summary_list_units: int = _f("Số đơn vị trong danh sách", "Số đơn vị của danh sách tổng hợp "
                                 "đã cộng", "how many listed units are added up")
    from_units: str = _f("Từ các xã cũ", "Các xã trước 1/7/2025 có số liệu được cộng vào",
                         "the communes before 1 July 2025 whose figures are added in")
    not_summable: str = _f("Không cộng được", "Xã cũ bị chia cho nhiều xã mới: số liệu và các "
                           "xã mới nhận", "a former commune divided among several new ones: "
                           "its figure and the new communes it went into")
    summable: int = _f("Cộng được", "1: cộng được; 0: có xã cũ bị chia, không đoán phần chia",
                       "1: summable; 0: a former commune was divided, no share is guessed")
    files: str = _f("Tệp", "Các tệp nêu số liệu", "the files stating the figures")


class FlagRow(Model):
    """flags: every flag with the status a reviewer sees and its latest decision."""

    id: str = _f("Mã cờ", "Mã cờ, không đổi qua các lần chạy", "the flag's id, stable across runs")
    rule: str = _f("Quy tắc", "Loại sai lệch", "what kind of discrepancy", "rules")
    severity: str = _f("Mức độ", "Mức độ", "how serious", "severities")
    indicator: str = _f(*_INDICATOR, "indicators")
    level: str = _f("Cấp", "Cấp của đơn vị", "the unit's level", "levels")
    unit: str = _f("Đơn vị", "Đơn vị có sai lệch", "the unit it is about")
    values: str = _f("Các giá trị", "Các giá trị mâu thuẫn (danh sách JSON)",
                     "every conflicting value (a JSON list)")
    documents: str = _f("Văn bản", "Các văn bản liên quan (danh sách JSON)",
                        "the documents involved (a JSON list)")
    message: str = _f("Nội dung", "Nội dung cờ bằng tiếng Việt", "the message in Vietnamese")
    message_en: str = _f("Nội dung (tiếng Anh)", "Nội dung cờ bằng tiếng Anh",
                         "the message in English")
    evidence: str = _f("Bằng chứng", "Nơi mỗi giá trị được nêu (JSON)",
                       "where each value is stated (JSON)")
    status: str = _f("Trạng thái", "Trạng thái người duyệt thấy", "the status a reviewer sees",
                     "statuses")
    first_seen_run: int = _f("Lần chạy đầu", "Lần chạy phát hiện cờ", "the run that first raised it")
    last_seen_run: int = _f("Lần chạy cuối", "Lần chạy gần nhất còn cờ",
                            "the latest run that raised it")
    gone_run: int = _f("Lần chạy hết", "Lần chạy mà sai lệch không còn",
                       "the run in which the conflict went away")
    decision: str = _f("Quyết định", "Quyết định mới nhất", "the latest decision", "actions")
    decision_value: int = _f("Giá trị sửa", "Số liệu đúng người duyệt nhập",
                             "the figure a reviewer gave")
    decision_reviewer: str = _f("Người duyệt", "Người đã quyết định", "who decided")
    decision_note: str = _f("Ghi chú quyết định", "Lý do người duyệt ghi", "the reviewer's note")
    decision_created: str = _f("Thời điểm quyết định", "Thời điểm quyết định (UTC, ISO)",
                               "when it was decided (UTC, ISO)")
    district: str = _f(*_DISTRICT)
    period_year: int = _f(*_YEAR)
    period_half: int = _f(*_HALF)
    decision_seq: int = _f("Số thứ tự quyết định", "Số thứ tự của quyết định đang có hiệu lực",
                           "the sequence number of the decision in force")
    latest_seq: int = _f("Quyết định mới nhất", "Số thứ tự của quyết định mới nhất",
                         "the sequence number of the latest decision")
    decision_stale: int = _f("Quyết định đã cũ", "1: quyết định làm trên số liệu nay đã đổi; cờ "
                             "mở lại", "1: the decision was made on figures that changed; the "
                             "flag is open again")


class ReferenceRow(Model):
    """references: every document a report cites, with the date a reviewer chose."""

    file: str = _f("Tệp", "Tệp văn bản dẫn chiếu", "the document citing it")
    period_year: int = _f(*_YEAR)
    period_half: int = _f(*_HALF)
    district: str = _f(*_DISTRICT)
    seq: int = _f("Thứ tự", "Thứ tự trong văn bản, từ 0", "its position in the document, from 0")
    type: str = _f("Loại văn bản dẫn", "KH kế hoạch, BC báo cáo, TB thông báo, NQ nghị quyết, "
                   "QĐ quyết định", "the cited document's type")
    number: int = _f("Số", "Số của văn bản được dẫn", "the cited document's number")
    issuer: str = _f("Cơ quan ban hành", "Cơ quan ban hành, như TTHĐND", "who issued it")
    date: str = _f("Ngày ghi", "Ngày ghi trong văn bản dẫn (ISO)", "the date as cited (ISO)")
    year: int = _f("Năm của văn bản", "Năm của văn bản được dẫn", "the cited document's year")
    effective_date: str = _f("Ngày sau quyết định", "Ngày sau khi người duyệt chọn",
                             "the date with a reviewer's choice applied")
    decision_flag: str = _f("Cờ đã quyết định", "Mã cờ có quyết định chọn ngày",
                            "the flag whose decision chose the date")
    decision_reviewer: str = _f("Người duyệt", "Người đã quyết định", "who decided")
    decision_note: str = _f("Ghi chú quyết định", "Lý do người duyệt ghi", "the reviewer's note")
    decision_created: str = _f("Thời điểm quyết định", "Thời điểm quyết định (UTC, ISO)",
                               "when it was decided (UTC, ISO)")


class DistrictCellRow(Model):
    """district_cells: one commune's figure of one column of the district table."""

    district: str = _f(*_DISTRICT)
    province: str = _f(*_PROVINCE)
    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    unit: str = _f("Xã", "Tên xã (phường, thị trấn)", "the commune's name")
    commune_kind: str = _f("Loại đơn vị", "xã, phường hoặc thị trấn", "commune, ward or township")
    reported: int = _f("Đã báo cáo", "1: xã có báo cáo của mình cho kỳ này",
                       "1: the commune's own report for the period is stored")
    known: int = _f("Là xã của huyện", "0: tên không phải xã của huyện",
                    "0: the name is no commune of the district")
    column: str = _f("Mã cột", "Chỉ tiêu và thuộc tính của cột", "the column's key")
    column_name: str = _f("Tên cột", "Tên cột bằng tiếng Việt", "the column's header")
    indicator: str = _f(*_INDICATOR, "indicators")
    body: str = _f(*_BODY, "bodies")
    qualifiers_kind: str = _f(*_KIND, "session_kinds")
    qualifiers_phase: str = _f(*_PHASE, "phases")
    qualifiers_session: int = _f(*_SESSION)
    qualifiers_status: str = _f(*_STATUS, "count_statuses")
    qualifiers_implied: int = _f(*_IMPLIED)
    value: int = _f("Số liệu", "Số liệu sau quyết định; trống khi chưa thống nhất",
                    "the figure after decisions; empty when disputed")
    values: str = _f("Các giá trị", "Mọi giá trị (danh sách JSON; hai trở lên: chưa thống nhất)",
                     "every value (a JSON list; two or more: disputed)")
    disputed: int = _f("Chưa thống nhất", "1: các văn bản ghi khác nhau hoặc còn cờ chưa xử lý",
                       "1: the statements disagree or an open flag is about it")
    bound: str = _f("Giới hạn", "Số liệu là giới hạn", "the figure is a bound", "bounds")
    source: str = _f("Nguồn", "report: báo cáo của xã; summary: chỉ có trong báo cáo tổng hợp",
                     "report: the commune's own report; summary: only the summary states it")
    stated: str = _f("Xã ghi", "Số báo cáo của xã ghi, trước quyết định (danh sách JSON)",
                     "what the commune's own report writes, before decisions (a JSON list)")
    corrected: int = _f("Đã sửa", "1: người duyệt sửa khác số báo cáo của xã ghi",
                        "1: a reviewer set a figure the commune's report does not state")
    open_flags: str = _f("Cờ chưa xử lý", "Các cờ còn mở về số liệu này (danh sách JSON)",
                         "flags still open about it (a JSON list)")
    decision_flags: str = _f("Cờ đã quyết định", "Các cờ có quyết định đặt số liệu này "
                             "(danh sách JSON)", "flags whose decisions set it (a JSON list)")


class DistrictTotalRow(Model):
    """district_totals: one column of the district table, summed, beside the summary."""

    district: str = _f(*_DISTRICT)
    province: str = _f(*_PROVINCE)
    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    column: str = _f("Mã cột", "Chỉ tiêu và thuộc tính của cột", "the column's key")
    column_name: str = _f("Tên cột", "Tên cột bằng tiếng Việt", "the column's header")
    indicator: str = _f(*_INDICATOR, "indicators")
    body: str = _f(*_BODY, "bodies")
    qualifiers_kind: str = _f(*_KIND, "session_kinds")
    qualifiers_phase: str = _f(*_PHASE, "phases")
    qualifiers_session: int = _f(*_SESSION)
    qualifiers_status: str = _f(*_STATUS, "count_statuses")
    qualifiers_implied: int = _f(*_IMPLIED)
    communes_sum: int = _f("Cộng các xã", "Cộng số liệu các xã; trống khi một xã chưa thống nhất",
                           "the communes' figures added up; empty when one is disputed")
    low: int = _f("Cộng thấp nhất", "Tổng khi số chưa thống nhất lấy giá trị nhỏ",
                  "the sum with disputed figures at their lowest")
    high: int = _f("Cộng cao nhất", "Tổng khi số chưa thống nhất lấy giá trị lớn",
                   "the sum with disputed figures at their highest")
    bound: str = _f("Giới hạn", "Tổng có số liệu là giới hạn", "a bound is in the sum")
    communes_with_figure: int = _f("Số xã có số liệu", "Số xã có số liệu này",
                                   "how many communes have the figure")
    communes_without: str = _f("Xã không có số liệu", "Các xã không nêu số liệu (danh sách JSON)",
                               "communes stating no figure (a JSON list)")
    disputed: str = _f("Xã chưa thống nhất", "Các xã có số liệu chưa thống nhất (danh sách JSON)",
                       "communes whose figure is disputed (a JSON list)")
    summary_value: int = _f("Tổng hợp ghi", "Số báo cáo tổng hợp ghi cho cấp xã ('cấp xã: 12')",
                            "what the summary states for all communes")
    summary_values: str = _f("Các số tổng hợp ghi", "Mọi số báo cáo tổng hợp ghi (danh sách JSON)",
                             "every figure the summaries state (a JSON list)")
    summary_list_sum: int = _f("Cộng danh sách tổng hợp",
                               "Cộng các số theo xã trong báo cáo tổng hợp",
                               "the summary's per-commune figures added up")
    difference: int = _f("Chênh lệch", "Tổng hợp ghi trừ cộng các xã",
                         "the summary's figure minus the communes' sum")
    district_value: int = _f("HĐND huyện", "Số liệu của chính HĐND huyện ('cấp huyện: 06')",
                             "the district council's own figure")
    all_value: int = _f("Toàn huyện", "Số ghi cho cả huyện và các xã ('18 Nghị quyết')",
                        "the figure stated for the district and its communes together")


class CoverageRow(Model):
    """coverage: whether each commune reported for each period."""

    district: str = _f(*_DISTRICT)
    province: str = _f(*_PROVINCE)
    year: int = _f(*_YEAR)
    half: int = _f(*_HALF)
    unit: str = _f("Xã", "Tên xã", "the commune's name")
    state: str = _f("Tình hình", "Đã báo cáo, có cờ chưa xử lý, hay chưa báo cáo",
                    "reported, reported with an open flag, or missing", "coverage")
    files: str = _f("Báo cáo", "Các báo cáo của xã (danh sách JSON)",
                    "the commune's reports (a JSON list)")
    open_flags: str = _f("Cờ chưa xử lý", "Các cờ còn mở về xã (danh sách JSON)",
                         "flags still open about it (a JSON list)")
