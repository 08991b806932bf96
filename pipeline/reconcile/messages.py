"""The reconciler's messages to reviewers: each function returns (Vietnamese, English).

Written for a district office clerk: what differs, which figures, where, what to check.
"""
from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath

Text = tuple[str, str]

_INDICATOR = {
    "sessions": ("kỳ họp", "sessions"),
    "resolutions": ("nghị quyết", "resolutions"),
    "supervision_topics": ("chuyên đề giám sát, khảo sát", "supervision topics"),
    "voter_meetings": ("cuộc tiếp xúc cử tri", "voter meetings"),
    "voter_attendance": ("lượt cử tri tham dự", "voters attending"),
    "voter_petitions": ("ý kiến, kiến nghị của cử tri", "voter petitions"),
    "petitions_answered": ("kiến nghị đã được trả lời", "petitions answered"),
    "questions": ("lượt chất vấn", "questions"),
    "explanation_sessions": ("phiên giải trình", "explanation sessions"),
    "explanation_topics": ("nội dung giải trình", "explanation topics"),
    "standing_meetings": ("phiên họp Thường trực", "standing committee meetings"),
    "citizen_receptions": ("buổi tiếp công dân", "citizen receptions"),
    "complaints": ("đơn thư khiếu nại, tố cáo, kiến nghị", "complaints"),
}
_KIND = {"regular": ("thường lệ", "regular"), "thematic": ("chuyên đề", "thematic"),
         "extraordinary": ("bất thường", "extraordinary")}
_PHASE = {"after_session": ("sau kỳ họp", "after session"),
          "before_session": ("trước kỳ họp", "before session")}
# Kind words as the gazetteer writes them; in English one word each, kept simple: communes
# are communes, wards or townships, districts are districts, urban districts, towns or cities
_KIND_EN = {"xã": "commune", "phường": "ward", "thị trấn": "township", "đặc khu": "special zone",
            "huyện": "district", "quận": "urban district", "thị xã": "town",
            "thành phố": "city", "tỉnh": "province"}
_KIND_ORDER = {"xã": 0, "phường": 1, "thị trấn": 2}  # "các xã, phường, thị trấn"
_DEFAULT_KIND = {"commune": "xã", "district": "huyện", "province": "tỉnh"}
_BODY = {"council": ("của HĐND", "by the council"),
         "standing": ("của Thường trực HĐND", "by the standing committee"),
         "committees": ("của các Ban HĐND", "by the committees"),
         "delegate_groups": ("của các Tổ đại biểu", "by the delegate groups"),
         "delegates": ("của đại biểu HĐND", "by the delegates")}


def number(n: int | str) -> str:
    """Return a figure as written in Vietnamese reports: a dot between thousands."""
    return f"{n:,}".replace(",", ".") if isinstance(n, int) else str(n)


def fact(indicator: str | None, body: str | None = None, kind: str | None = None,
         phase: str | None = None, session: int | None = None, planned: bool = False) -> Text:
    """Return what is counted, e.g. ("kỳ họp chuyên đề", "thematic sessions"); a target of
    the next period says so ("kỳ họp chuyên đề theo kế hoạch", "planned thematic sessions")."""
    vi, en = _INDICATOR.get(indicator or "", (indicator or "số liệu", indicator or "figure"))
    if kind in _KIND:
        vi, en = f"{vi} {_KIND[kind][0]}", f"{_KIND[kind][1]} {en}"
    if body in _BODY:
        vi, en = f"{vi} {_BODY[body][0]}", f"{en} {_BODY[body][1]}"
    if phase in _PHASE:
        where_vi, where_en = _PHASE[phase]
        vi = f"{vi} {where_vi}" + (f" thứ {session}" if session is not None else "")
        en = f"{en} {where_en}" + (f" {session}" if session is not None else "")
    if planned:
        vi, en = f"{vi} theo kế hoạch", f"planned {en}"
    return vi, en


def named(kind: str, name: str) -> Text:
    """Return a unit with its kind word, e.g. ("phường 7", "ward 7")."""
    return f"{kind} {name}", f"{_KIND_EN.get(kind, kind)} {name}"


def kinds(words: Sequence[str]) -> Text:
    """Return the kinds of a district's communes, e.g. ("xã, thị trấn", "commune or township")
    ("các xã, thị trấn" is how district documents name them all); "xã" when none is known."""
    words = sorted(set(words), key=lambda w: (_KIND_ORDER.get(w, len(_KIND_ORDER)), w)) or ["xã"]
    en = [_KIND_EN.get(w, w) for w in words]
    return ", ".join(words), " or ".join([", ".join(en[:-1]), en[-1]] if len(en) > 2 else en)


def place(level: str | None, unit: str | None, scope: str = "unit",
          kind: str | None = None) -> Text:
    """Return whose figure it is, e.g. ("xã Đăk Sao", "commune Đăk Sao"), ("phường 7",
    "ward 7"); `kind` is the unit's kind word (the district's for a sum), None when unknown."""
    if not unit:
        return "", ""
    if scope == "sum":
        vi, en = named(kind or "huyện", unit)
        # "cấp xã" is the commune level whatever its units are called (xã, phường, thị trấn)
        if level == "commune":
            return f"cấp xã của {vi}", f"communes of {en}"
        return f"toàn {vi}", f"{en} with its communes"
    return named(kind or _DEFAULT_KIND.get(level or "", "xã"), unit)


def where(file: str, footnote: int | None = None) -> Text:
    """Return the document (and footnote) a figure was read from."""
    if footnote is not None:
        return f"{_name(file)}, chú thích {footnote}", f"{_name(file)}, footnote {footnote}"
    return _name(file), _name(file)


def _name(file: str) -> str:
    """Return a document's file name: the folder is in the flag's `documents`."""
    return PurePath(file).name


def _names(files: Sequence[str], sep: str, lang: str = "vi") -> str:
    """Return the file names joined by `sep`; past four, the first three and how many more."""
    names = [_name(f) for f in files]
    if len(names) <= 4:
        return sep.join(names)
    more = len(names) - 3
    tail = f"và {more} văn bản khác" if lang == "vi" else f"and {more} more"
    return ", ".join(names[:3]) + f" {tail}"


def _values(values: Sequence[int | str], sep: str) -> str:
    return sep.join(number(v) for v in values)


def total_mismatch(what: Text, who: Text, total: int, parts: Sequence[int]) -> Text:
    """A stated total against the sum of its parts."""
    if len(parts) == 1:
        return (f"Phần {number(parts[0])} {what[0]} lớn hơn tổng {number(total)} ({who[0]}): "
                f"kiểm tra lại tổng hoặc phần.",
                f"Part {number(parts[0])} {what[1]} exceeds the total {number(total)} ({who[1]}): "
                f"check the total or the part.")
    added = _values(parts, " + ")
    return (f"Tổng {number(total)} {what[0]} khác tổng các phần {added} = {number(sum(parts))} "
            f"({who[0]}): kiểm tra lại tổng hoặc từng phần.",
            f"Total {number(total)} {what[1]} differs from the sum of its parts {added} = "
            f"{number(sum(parts))} ({who[1]}): check the total or each part.")


def repeated_mismatch(what: Text, who: Text, values: Sequence[int], file: str) -> Text:
    """One fact stated several times in one document with different figures."""
    return (f"Cùng một số liệu {what[0]} ({who[0]}) được nêu với các giá trị khác nhau: "
            f"{_values(values, ', ')} trong {_name(file)}; xác định số đúng.",
            f"The same figure, {what[1]} ({who[1]}), is stated with different values: "
            f"{_values(values, ', ')} in {_name(file)}; decide which is right.")


def cross_document_mismatch(what: Text, who: Text, summary: Sequence[int], summary_file: str,
                            report: Sequence[int], report_files: Sequence[str],
                            kind: str = "xã", of: str = "district") -> Text:
    """A district (`of`: or province) summary's figure about a commune against the commune's
    own report; `kind` is the commune's kind word ("phường": "báo cáo của phường")."""
    own = _KIND_EN.get(kind, kind)
    return (f"Báo cáo tổng hợp ghi {who[0]} có {_values(summary, ', ')} {what[0]} "
            f"({_name(summary_file)}), nhưng báo cáo của {kind} ghi {_values(report, ', ')} "
            f"({_names(report_files, ', ')}): đối chiếu với báo cáo của {kind}.",
            f"The {of} summary states {_values(summary, ', ')} {what[1]} for {who[1]} "
            f"({_name(summary_file)}), but the {own}'s own report states "
            f"{_values(report, ', ')} ({_names(report_files, ', ', 'en')}): check against the "
            f"{own}'s report.")


def missing_from_list(what: Text, unit: Text, district: Text, source: Text,
                      kind: str = "xã", listed: Text = ("xã", "commune")) -> Text:
    """A commune of the district absent from a per-commune list: `unit` and `district` with
    their kind words (`named`), `kind` the commune's, `listed` the district's (`kinds`)."""
    return (f"Danh sách theo {listed[0]} về {what[0]} ({source[0]}) không có {unit[0]} của "
            f"{district[0]}: kiểm tra {kind} này bị bỏ sót hay không có số liệu.",
            f"The per-commune list of {what[1]} ({source[1]}) does not include {unit[1]} "
            f"of {district[1]}: check whether it was left out or has nothing to report.")


def missing_report(unit: Text, district: Text, period: Text, kind: str = "xã") -> Text:
    """A commune of the district with no report for the period: `unit` and `district` with
    their kind words (`named`), `kind` the commune's."""
    return (f"Chưa có báo cáo của {unit[0]} ({district[0]}) cho {period[0]}: "
            f"kiểm tra {kind} đã nộp báo cáo chưa.",
            f"No report from {unit[1]} ({district[1]}) for {period[1]}: "
            f"check whether it was submitted.")


def unreadable_report(unit: Text, district: Text, period: Text, file: str,
                      kind: str = "xã") -> Text:
    """A commune of the district whose report for the period could not be read (`file`,
    put beside it by its name): `unit` and `district` with their kind words (`named`)."""
    return (f"Không đọc được báo cáo của {unit[0]} ({district[0]}) cho {period[0]} "
            f"({_name(file)}): đề nghị {kind} gửi lại tệp.",
            f"Report unreadable: the report of {unit[1]} ({district[1]}) for {period[1]} "
            f"could not be read ({_name(file)}): ask for the file again.")


def unassigned_document(file: str, names: Sequence[str], candidates: Sequence[str]) -> Text:
    """A commune report whose text names no district and that nothing in its batch placed:
    the names its head holds, the districts with a commune of that name."""
    held_vi = ", ".join(f"“{n}”" for n in names) or "không tên đơn vị nào"
    held_en = ", ".join(f"“{n}”" for n in names) or "no unit"
    if candidates:
        where_vi = f"các huyện có đơn vị tên này: {'; '.join(candidates)}"
        where_en = f"districts with a unit of that name: {'; '.join(candidates)}"
    else:
        where_vi, where_en = ("không huyện nào có đơn vị tên này",
                              "no district has a unit of that name")
    return (f"Không xác định được huyện của báo cáo {_name(file)}: văn bản chỉ ghi {held_vi}; "
            f"{where_vi}. Đặt tệp cùng thư mục với các báo cáo của huyện, hoặc chạy lại với "
            f"--district và --province.",
            f"No district could be given to the report {_name(file)}: its text names only "
            f"{held_en}; {where_en}. Put it beside its district's reports, or run again with "
            f"--district and --province.")


def unknown_unit(what: Text, unit: str, district: Text, value: int, source: Text,
                 listed: Text = ("xã", "commune")) -> Text:
    """A name in a per-commune list that is no commune of the district: `district` with its
    kind word (`named`), `listed` the kinds of its communes (`kinds`)."""
    return (f"“{unit}” ({number(value)} {what[0]}, {source[0]}) không phải là {listed[0]} của "
            f"{district[0]}: kiểm tra tên {listed[0]} hoặc số liệu bị ghi nhầm đơn vị.",
            f"“{unit}” ({number(value)} {what[1]}, {source[1]}) is no {listed[1]} of "
            f"{district[1]}: check the name, or whether the figure belongs to another unit.")


def duplicate_submission(unit: str, period: Text, differences: Sequence[tuple[Text, Sequence[int],
                         Sequence[int]]], files: Sequence[str], kind: str = "xã") -> Text:
    """Two reports from one commune for one period whose figures differ; `kind` is the
    commune's kind word."""
    vi = "; ".join(f"{w[0]}: {_values(a, ', ')} / {_values(b, ', ')}" for w, a, b in differences)
    en = "; ".join(f"{w[1]}: {_values(a, ', ')} / {_values(b, ', ')}" for w, a, b in differences)
    who_vi, who_en = named(kind, unit)
    return (f"{who_vi[0].upper()}{who_vi[1:]} có hai báo cáo cho {period[0]} "
            f"({_names(files, ' và ')}) với số liệu khác nhau: {vi}. "
            f"Xác định báo cáo nào là bản chính thức.",
            f"{who_en[0].upper()}{who_en[1:]} has two reports for {period[1]} "
            f"({_names(files, ' and ', 'en')}) with different figures: {en}. "
            f"Decide which report is the official one.")


def reference_conflict(reference: str, year: int, dates: Sequence[str],
                       files: Sequence[str]) -> Text:
    """One document number of one year cited with several dates."""
    shown = ", ".join(_date_vi(d) for d in dates)
    return (f"Văn bản số {reference} năm {year} được dẫn với các ngày khác nhau: {shown} "
            f"(trong {_names(files, ', ')}): kiểm tra ngày ban hành đúng.",
            f"Document {reference} of {year} is cited with different dates: {', '.join(dates)} "
            f"(in {_names(files, ', ', 'en')}): check its real date.")


def date_out_of_period(day: str, period: Text, file: str) -> Text:
    """A date said to fall inside the reporting period that does not."""
    return (f"Ngày {_date_vi(day)} nằm ngoài kỳ báo cáo ({period[0]}) dù văn bản nói là trong "
            f"kỳ ({_name(file)}): kiểm tra ngày hoặc kỳ báo cáo.",
            f"The date {day} lies outside the reporting period ({period[1]}) although the text "
            f"says it is inside ({_name(file)}): check the date or the period.")


def section_gap(previous: str, label: str, missing: Sequence[str], file: str) -> Text:
    """Section numbering that skips labels."""
    gone = ", ".join(missing)
    return (f"Đánh số mục nhảy từ {previous} sang {label} (thiếu mục {gone}) trong {_name(file)}: "
            f"kiểm tra mục bị thiếu hay đánh số nhầm.",
            f"Section numbering jumps from {previous} to {label} (missing {gone}) in "
            f"{_name(file)}: check whether a section is missing or misnumbered.")


def period(year: int | None, half: int | None) -> Text:
    """Return the reporting period in words, e.g. ("6 tháng đầu năm 2024", "first half of 2024")."""
    if half == 1:
        return f"6 tháng đầu năm {year}", f"the first half of {year}"
    if half == 2:
        return f"6 tháng cuối năm {year}", f"the second half of {year}"
    return f"năm {year}", f"the year {year}"


def _date_vi(iso: str) -> str:
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso
