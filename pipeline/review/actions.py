"""The words of review: what each decision is called for each kind of flag, what a recorded
decision did, the checks a note, a reviewer's name and a commune's name pass (the page, the
CLI and the workbook use the same), and times in Vietnam's time zone."""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import PurePath

from schemas.errors import InputError
from schemas.flags import Action, Decision, Flag, Reason, Rule
from schemas.review import DocumentAction, DocumentDecision

MAX_NOTE = 2000  # characters
MAX_REVIEWER = 100
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are allowed in notes

try:  # Vietnam has kept UTC+7 without summer time since 1975: the fixed zone is the same
    from zoneinfo import ZoneInfo

    VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
except Exception:  # noqa: BLE001 (no time zone database on the machine)
    VIETNAM = timezone(timedelta(hours=7), "ICT")


def local_time(utc_iso: str | None) -> str:
    """Return a stored UTC time as Vietnam's local time, "2024-06-24 15:30 (UTC+7)"."""
    if not utc_iso:
        return ""
    try:
        moment = datetime.fromisoformat(utc_iso)
    except ValueError:
        return utc_iso
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%d %H:%M (UTC+7)")


# --- what each decision is called ---------------------------------------------------------

# (vi, en) of an action offered on a flag of a rule; the rule's own words first
_OFFER: dict[tuple[Rule | None, Action], tuple[str, str]] = {
    (None, Action.accept): ("Chấp nhận: đã xem, giữ nguyên số liệu như văn bản ghi",
                            "Accept: checked, the figures stand as written"),
    (None, Action.reject): ("Bỏ qua: không phải sai sót", "Dismiss: not a real problem"),
    (None, Action.undo): ("Hoàn tác quyết định gần nhất", "Undo the latest decision"),
    (Rule.total_mismatch, Action.correct): ("Sửa số: tổng hoặc một phần (chọn phần nào)",
                                            "Correct a figure: the total or one part (say which)"),
    (None, Action.correct): ("Sửa số: số đúng là một số khác (gõ vào)",
                             "Correct: the right figure is another one (type it)"),
    (Rule.reference_conflict, Action.choose): ("Chọn ngày đúng của văn bản được trích dẫn",
                                               "Choose the cited document's right date"),
    (None, Action.choose): ("Chọn số đúng trong các số đã ghi",
                            "Choose the right figure among those stated"),
    (None, Action.choose_document): ("Chọn báo cáo chính thức; bản kia bị thay thế",
                                     "Choose the official report; the other is superseded"),
    (None, Action.not_expected): ("Không phải có: xã đã sáp nhập, chưa đến hạn hoặc không có",
                                  "Not expected: commune merged, not yet due, or had none"),
    (Rule.missing_unit, Action.assign_document): ("Gán một văn bản đã lưu làm báo cáo của xã",
                                                  "Assign a stored document as its report"),
    (None, Action.assign_document): ("Gán văn bản cho xã và huyện",
                                     "Assign the document to a commune and district"),
    (None, Action.assign_unit): ("Tên này là một xã của huyện (chọn xã)",
                                 "This name is a commune of the district (choose it)"),
    (None, Action.exclude): ("Loại ra: không phải xã nào của huyện",
                             "Leave out: no commune of the district"),
}

REASONS: dict[Reason, tuple[str, str]] = {
    Reason.merged: ("xã đã sáp nhập", "the commune was merged"),
    Reason.not_due: ("chưa đến hạn nộp", "not yet due"),
    Reason.none: ("xã không có số liệu này", "the commune had none"),
}


def offer(rule: Rule | str, action: Action | str) -> tuple[str, str]:
    """Return the (vi, en) words offering `action` on a flag of `rule`."""
    rule, action = Rule(rule), Action(action)
    return _OFFER.get((rule, action)) or _OFFER[(None, action)]


def _name(file: str | None) -> str:
    return PurePath(file).name if file else ""


def _count_words(flag: Flag | None, count_id: str | None) -> tuple[str, str, object]:
    """Return (vi, en) of which figure of a flag a count is, and its stated value."""
    if flag is None or count_id is None:
        return "", "", None
    items = [e for e in flag.evidence if e.count_id == count_id]
    if not items:
        return "", "", None
    item = items[0]
    text = item.evidence.text if item.evidence else ""
    if flag.evidence and flag.evidence[0].count_id == count_id \
            and flag.rule == Rule.total_mismatch:
        return f"tổng «{text}»", f"the total «{text}»", item.value
    number = flag.evidence.index(item) + 1
    return f"phần [{number}] «{text}»", f"part [{number}] «{text}»", item.value


def describe(d: Decision, flag: Flag | None = None) -> tuple[str, str]:
    """Return (vi, en) of what a recorded decision says."""
    a = d.action
    if a == Action.accept:
        return "chấp nhận, giữ nguyên số liệu", "accepted: the figures stand"
    if a == Action.reject:
        return "bỏ qua: không phải sai sót", "dismissed: not a real problem"
    if a == Action.correct:
        vi, en, old = _count_words(flag, d.count_id)
        if vi:
            return f"sửa {vi}: {old} → {d.value}", f"corrected {en}: {old} → {d.value}"
        return f"sửa số: số đúng là {d.value}", f"corrected: the right figure is {d.value}"
    if a == Action.choose:
        if d.date is not None:
            return f"chọn ngày đúng {d.date}", f"chose the right date {d.date}"
        return f"chọn số {d.value}", f"chose the figure {d.value}"
    if a == Action.choose_document:
        return (f"chọn {_name(d.document)} là báo cáo chính thức, bản kia bị thay thế",
                f"chose {_name(d.document)} as the official report, the other superseded")
    if a == Action.not_expected:
        vi, en = REASONS.get(d.reason, ("", "")) if d.reason else ("", "")
        return f"không phải có: {vi}", f"not expected: {en}"
    if a == Action.assign_document:
        return (f"gán {_name(d.document)} cho xã {d.unit}, huyện {d.district}",
                f"assigned {_name(d.document)} to {d.unit}, {d.district}")
    if a == Action.assign_unit:
        return f"tên này là xã {d.unit}", f"the name is commune {d.unit}"
    if a == Action.exclude:
        return "loại số liệu ra: không thuộc xã nào của huyện", \
            "left out: about no commune of the district"
    if a == Action.undo:
        return _undone(d.restores)
    return a.value, a.value


def describe_document(d: DocumentDecision) -> tuple[str, str]:
    """Return (vi, en) of what a decision on a document says."""
    if d.action == DocumentAction.assign:
        return (f"gán cho xã {d.unit or '—'}, huyện {d.district or '—'}",
                f"assigned to {d.unit or '—'}, {d.district or '—'}")
    if d.action == DocumentAction.supersede:
        by = f" bởi {_name(d.superseded_by)}" if d.superseded_by else ""
        by_en = f" by {_name(d.superseded_by)}" if d.superseded_by else ""
        return f"bị thay thế{by}", f"superseded{by_en}"
    if d.action == DocumentAction.restore:
        return "dùng lại (không còn bị thay thế)", "restored (no longer superseded)"
    return _undone(d.restores)


def _undone(restores: int | None) -> tuple[str, str]:
    if restores is None:
        return "hoàn tác: không còn quyết định nào áp dụng", "undone: no decision in force"
    return (f"hoàn tác: quyết định #{restores} áp dụng lại",
            f"undone: decision #{restores} in force again")


# --- checks of what a reviewer types --------------------------------------------------------

def clean_text(text: str | None, field: str, *, limit: int, newlines: bool) -> tuple[str, list]:
    """Return `text` in NFC, trimmed, and the (vi, en) problems it has as the `field`
    ("note" or "reviewer")."""
    vi, en = {"note": ("Ghi chú", "The note"),
              "reviewer": ("Tên người duyệt", "The reviewer's name")}[field]
    text = text or ""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # an argument that was not UTF-8 (lone surrogates)
        return "", [(f"{vi} không phải văn bản UTF-8 hợp lệ.", f"{en} is not valid UTF-8 text.")]
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()
    if not text:
        return text, [(f"{vi} không được để trống.", f"{en} is required.")]
    if len(text) > limit:
        return text, [(f"{vi} dài quá {limit} ký tự.", f"{en} is over {limit} characters.")]
    if _CONTROL.search(text) or (not newlines and re.search(r"[\t\n]", text)):
        return text, [(f"{vi} có ký tự điều khiển.", f"{en} contains control characters.")]
    return text, []


def check_person(db, note: str | None, reviewer: str | None) -> tuple[str, str]:
    """Return the note and reviewer cleaned, or raise InputError naming the problems."""
    note, problems = clean_text(note, "note", limit=MAX_NOTE, newlines=True)
    reviewer, more = clean_text(reviewer, "reviewer", limit=MAX_REVIEWER, newlines=False)
    problems += more
    if problems:
        raise InputError(str(db), " ".join(vi for vi, _ in problems) + " / "
                         + " ".join(en for _, en in problems))
    return note, reviewer


def commune_name(db, written: str, district: str | None, province: str | None) -> str:
    """Return the gazetteer's name of the commune `written` of `district`, or raise
    InputError naming the district's communes."""
    from extractors.places import AmbiguousName, closest, gazetteer, nfc

    if not district:
        raise InputError(str(db), "cần biết huyện để kiểm tra tên xã / the district is needed "
                                  "to check the commune's name")
    try:
        communes = gazetteer().communes_of(nfc(district), province)
    except AmbiguousName:
        communes = []
    names = sorted({u.name for u in communes})
    if not names:
        raise InputError(str(db), f"không biết huyện {district} / unknown district {district}")
    found = closest(nfc(written.strip()), names)
    if len(found) != 1:
        raise InputError(str(db), f"{written} không phải xã của huyện {district}; các xã: "
                                  f"{', '.join(names)} / {written} is no commune of {district}")
    return found[0]


def district_name(db, written: str, province: str | None) -> str:
    """Return the gazetteer's name of the district `written`, or raise InputError."""
    from extractors.places import AmbiguousName, gazetteer, nfc

    try:
        unit = gazetteer().district(nfc(written.strip()), province)
    except AmbiguousName:
        unit = None
    if unit is None:
        raise InputError(str(db), f"không biết huyện {written} / unknown district {written}")
    return unit.name
