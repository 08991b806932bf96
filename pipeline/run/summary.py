"""The closing summary of a batch run (`baocao run`), in Vietnamese or English."""
from __future__ import annotations

from schemas.run import RunSummary

_TEXT = {
    "vi": {"db": "Cơ sở dữ liệu: {db} (lần chạy {run})",
           "counts": "Đã đọc {read} tệp; bỏ qua (không thay đổi) {skipped}; lỗi {failed}; "
                     "đã gỡ (không còn tệp) {removed}.",
           "failed": "  lỗi  {file}: {reason}",
           "failed_unit": "  lỗi  {file} (có lẽ của {unit}): {reason}",
           "placed": "Báo cáo không ghi huyện: đã xác định được {placed}, chưa xác định được "
                     "{unplaced} (cờ unassigned_document).",
           "flags": "Cờ theo quy tắc: {rules}.",
           "no_flags": "Không có cờ nào.",
           "totals": "Tổng {total} cờ: {open} chưa xử lý, {new} mới, {gone} đã hết trong lần này.",
           "unchanged": "Không có gì thay đổi: giữ nguyên kết quả đối chiếu trước.",
           "unread": "Số chưa đọc được: {unread} trong {documents} văn bản; phần hoạt động: "
                     "{activity_unread} trên {numbers} số ({share}).",
           "time": "Thời gian: {seconds:.1f} giây ({stages}).",
           "stages": {"scan": "quét", "extract": "trích xuất và lưu",
                      "reconcile": "đối chiếu"},
           "work": "Công việc theo bước (giây CPU, cộng mọi tiến trình): {work}.",
           "work_names": {"read": "đọc", "metadata": "siêu dữ liệu",
                          "segment": "tách âm tiết, số", "rules": "luật, số liệu",
                          "facts": "văn bản, địa danh, ngày", "readings": "đọc các số",
                          "store": "lưu"}},
    "en": {"db": "Database: {db} (run {run})",
           "counts": "Read {read} file(s); skipped as unchanged {skipped}; failed {failed}; "
                     "removed (file gone) {removed}.",
           "failed": "  failed  {file}: {reason}",
           "failed_unit": "  failed  {file} (probably {unit}'s): {reason}",
           "placed": "Reports naming no district: {placed} placed, {unplaced} not placed "
                     "(flag unassigned_document).",
           "flags": "Flags by rule: {rules}.",
           "no_flags": "No flags.",
           "totals": "{total} flag(s): {open} open, {new} new, {gone} gone in this run.",
           "unchanged": "Nothing changed: the previous reconciliation still holds.",
           "unread": "Unread numbers: {unread} in {documents} document(s); activity sections: "
                     "{activity_unread} of {numbers} numbers ({share}).",
           "time": "Time: {seconds:.1f} s ({stages}).",
           "stages": {"scan": "scan", "extract": "extract and store",
                      "reconcile": "reconcile"},
           "work": "Work per stage (CPU seconds, all processes): {work}.",
           "work_names": {"read": "read", "metadata": "metadata",
                          "segment": "segment (syllables, numbers)",
                          "rules": "rules (matches, counts)",
                          "facts": "references, units, dates", "readings": "readings of numbers",
                          "store": "store"}},
}


def format_summary(summary: RunSummary, lang: str = "vi") -> str:
    """Return the closing summary of a run as text lines, Vietnamese or English."""
    t = _TEXT[lang]
    lines = [t["db"].format(db=summary.db, run=summary.run_id),
             t["counts"].format(read=summary.read, skipped=summary.skipped,
                                failed=len(summary.failed), removed=summary.removed)]
    lines += [t["failed_unit" if f.unit else "failed"].format(file=f.file, reason=f.reason,
                                                               unit=f.unit)
              for f in summary.failed]
    if summary.placed or summary.unplaced:
        lines.append(t["placed"].format(placed=summary.placed, unplaced=summary.unplaced))
    if not summary.reconciled:
        lines.append(t["unchanged"])
    if summary.flags_by_rule:
        rules = ", ".join(f"{rule} {n}" for rule, n in summary.flags_by_rule.items())
        lines.append(t["flags"].format(rules=rules))
    else:
        lines.append(t["no_flags"])
    lines.append(t["totals"].format(total=sum(summary.flags_by_rule.values()),
                                    open=summary.flags_open, new=summary.flags_new,
                                    gone=summary.flags_gone))
    share = summary.activity_unread / summary.activity_numbers if summary.activity_numbers \
        else 0.0
    lines.append(t["unread"].format(
        unread=_number(summary.unread, lang), documents=summary.unread_documents,
        activity_unread=_number(summary.activity_unread, lang),
        numbers=_number(summary.activity_numbers, lang), share=_percent(share, lang)))
    stages = ", ".join(f"{t['stages'].get(k, k)} {v:.1f}" for k, v in summary.stages.items())
    lines.append(t["time"].format(seconds=summary.seconds, stages=stages))
    if summary.work:
        work = "; ".join(f"{t['work_names'].get(k, k)} {v:.2f}" for k, v in summary.work.items())
        lines.append(t["work"].format(work=work))
    return "\n".join(lines)


def _number(n: int, lang: str) -> str:
    """Return a count as written in the language: 1.234 (vi), 1,234 (en)."""
    return f"{n:,}".replace(",", ".") if lang == "vi" else f"{n:,}"


def _percent(share: float, lang: str) -> str:
    """Return a share as a percentage with two decimals: 0,19% (vi), 0.19% (en)."""
    text = f"{100 * share:.2f}%"
    return text.replace(".", ",") if lang == "vi" else text
