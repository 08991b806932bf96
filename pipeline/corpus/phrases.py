"""The generator's phrasing, as data: one list of sentences per indicator group.

In a sentence, «...» marks the phrase that states one count: `{slot}` inside it is the figure
(written as 6, 06, "06 (sáu)" or "sáu", chosen per count), `{slot=0}` marks a phrase that
states zero in words ("chưa có đơn"). Slot names are in `SLOTS`. Other `{fields}` are
context (ordinals, dates, names, a footnote), never counts. A sentence is used only when the
slots it names are exactly the ones the unit has figures for in that group.

Some clerks (`compose.Style.plans`) also write targets for the next period: items of the
plans section (`PLAN_PHRASES`, `SUMMARY_PLAN_PHRASES`) or a sentence of the period's sections
planned by its cue, "dự kiến" / "sẽ" (`CUE_PHRASES`). Their counts carry qualifiers
{"planned": true} in the truth.
"""
from __future__ import annotations

# ---- phrasing: commune reports --------------------------------------------------------
# Groups and the slots a unit may have in them (see figures.commune_facts), e.g.
#   sessions: {sessions.thematic} | {sessions.extraordinary} | {sessions.regular}
#             | {sessions, sessions.regular, sessions.thematic} | {sessions=0}
COMMUNE_PHRASES: dict[str, tuple[str, ...]] = {
    "sessions": (
        "Trong {period_text}, HĐND {unit} đã tổ chức «{sessions.thematic} kỳ họp chuyên đề» "
        "(kỳ họp thứ {session_first}, HĐND {unit} khóa {term_roman}) để xem xét, quyết định "
        "các nội dung thuộc thẩm quyền.",
        "HĐND {unit} khóa {term_roman}, nhiệm kỳ {term} đã tổ chức thành công "
        "«{sessions.thematic} kỳ họp chuyên đề», đảm bảo đúng trình tự, thủ tục theo quy định.",
        "Ngày {session_date}, HĐND {unit} «tổ chức kỳ họp thứ {session_first@sessions}»; tính "
        "chung trong {period_text}, HĐND {unit} đã tổ chức «{sessions.thematic} kỳ họp chuyên đề».",
        "Để kịp thời giải quyết các nội dung phát sinh, HĐND {unit} đã tổ chức "
        "«{sessions.extraordinary} kỳ họp bất thường» (kỳ họp thứ {session_first}).",
        "Trong kỳ, HĐND {unit} tổ chức «{sessions.extraordinary} kỳ họp bất thường» để xem "
        "xét, quyết định công tác nhân sự và điều chỉnh dự toán ngân sách {unit_kind} năm {year}.",
        "HĐND {unit} đã tổ chức «{sessions.regular} kỳ họp thường lệ» (kỳ họp thứ "
        "{session_first}) đúng thời gian, nội dung theo kế hoạch.",
        "Trong {period_text}, HĐND {unit} đã tổ chức «{sessions} kỳ họp» (trong đó: "
        "«{sessions.regular} kỳ họp thường lệ», «{sessions.thematic} kỳ họp chuyên đề»).",
        "HĐND {unit} đã tổ chức «{sessions} kỳ họp», gồm «{sessions.regular} kỳ họp thường lệ» "
        "giữa năm và «{sessions.thematic} kỳ họp chuyên đề», đảm bảo đúng quy định của Luật "
        "Tổ chức chính quyền địa phương.",
        "Trong {period_text}, «{sessions=0}HĐND {unit} chưa tổ chức kỳ họp» do chưa phát sinh "
        "nội dung cần xem xét, quyết định.",
    ),
    "resolutions": (
        "Tại kỳ họp, HĐND {unit} đã xem xét, thông qua «{resolutions} nghị quyết» đúng quy "
        "định.",
        "Sau kỳ họp, HĐND {unit} đã ban hành «{resolutions} Nghị quyết» để triển khai thực hiện.",
        "Kết quả, các đại biểu đã biểu quyết thông qua «{resolutions} nghị quyết» với sự đồng "
        "thuận cao.",
        "HĐND {unit} đã ban hành «{resolutions} nghị quyết» về các nội dung thuộc thẩm quyền, "
        "gửi đến các cơ quan, đơn vị để tổ chức thực hiện.",
        "Trong kỳ, HĐND {unit} «{resolutions=0}chưa ban hành nghị quyết» nào.",
    ),
    "supervision": (
        "Trong {period_text}, HĐND, Thường trực HĐND và các Ban HĐND {unit} đã tổ chức giám "
        "sát «{supervision} chuyên đề», trong đó: HĐND {unit} «{supervision.council} chuyên "
        "đề»; Thường trực HĐND «{supervision.standing} chuyên đề»; các Ban HĐND "
        "«{supervision.committees} chuyên đề».",
        "Hoạt động giám sát được thực hiện theo đúng chương trình đề ra với tổng số "
        "«{supervision} cuộc giám sát chuyên đề» («HĐND: {supervision.council}»; «Thường trực "
        "HĐND: {supervision.standing}»; «các Ban HĐND: {supervision.committees}»).",
        "HĐND {unit} đã thực hiện «{supervision@council} chuyên đề giám sát, khảo sát» theo kế "
        "hoạch, tập trung vào các lĩnh vực kinh tế - xã hội, quốc phòng - an ninh.",
        "Thường trực HĐND và các Ban HĐND {unit} đã tiến hành giám sát, khảo sát "
        "«{supervision} chuyên đề» theo Nghị quyết số 594/NQ-UBTVQH15 của Ủy ban Thường vụ "
        "Quốc hội.",
    ),
    "questions": (
        "Tại kỳ họp, có «{questions} lượt đại biểu chất vấn» các nội dung thuộc trách nhiệm "
        "của UBND {unit}.",
        "Hoạt động chất vấn tại kỳ họp được quan tâm, «{questions} lượt đại biểu» đã tham gia "
        "chất vấn và được lãnh đạo UBND trả lời thẳng thắn.",
        "Tại kỳ họp, «{questions=0}không có ý kiến chất vấn» của đại biểu HĐND.",
        "Hoạt động chất vấn còn hạn chế, «{questions=0}chưa có đại biểu chất vấn» tại kỳ họp.",
    ),
    "explanation": (
        "Thường trực HĐND {unit} «{explanation_sessions=0}chưa tổ chức phiên giải trình» "
        "trong kỳ.",
        "Thường trực HĐND {unit} đã tổ chức «{explanation_sessions} phiên giải trình» về "
        "«{explanation_topics} nội dung» cử tri quan tâm.",
        "Thường trực HĐND {unit} tổ chức «{explanation_sessions} phiên giải trình» (phiên giải "
        "trình lần thứ {explanation_ordinal}) đối với «{explanation_topics} nội dung» ý kiến, "
        "kiến nghị của cử tri chậm được giải quyết.",
    ),
    "voter_meetings": (
        "Phối hợp với Ban Thường trực Ủy ban MTTQ Việt Nam {unit} tổ chức «{voter_meetings} "
        "buổi tiếp xúc cử tri» trước và sau kỳ họp, với «{voter_attendance} lượt cử tri tham "
        "dự».",
        "Đại biểu HĐND {unit} đã tham gia «{voter_meetings} cuộc tiếp xúc cử tri» tại các "
        "thôn, thu hút «trên {voter_attendance.lower} lượt cử tri» tham dự.",
        "Tổ chức «{voter_meetings} điểm tiếp xúc cử tri» đúng quy định, có «{voter_attendance} "
        "lượt cử tri» tham dự.",
        "Trong kỳ, đại biểu HĐND {unit} đã tổ chức «{voter_meetings} đợt TXCT» theo luật định.",
        "Thường trực HĐND {unit} phối hợp tổ chức «{voter_meetings} buổi TXCT» (sau kỳ họp "
        "thứ {session_after} và trước kỳ họp thứ {session_before}).",
    ),
    "voter_petitions": (
        "Qua tiếp xúc, cử tri đã gửi «{voter_petitions} ý kiến, kiến nghị»{village_note}, "
        "trong đó: sau kỳ họp thứ {session_after}: «{voter_petitions.after} ý kiến»; trước kỳ "
        "họp thứ {session_before}: «{voter_petitions.before} ý kiến».",
        "Thường trực HĐND {unit} đã tổng hợp «{voter_petitions} lượt ý kiến, kiến nghị của cử "
        "tri»{village_note} (sau kỳ họp thứ {session_after}: «{voter_petitions.after} ý "
        "kiến»; trước kỳ họp thứ {session_before}: «{voter_petitions.before} ý kiến») gửi "
        "UBND {unit} xem xét, giải quyết.",
        "Tổng hợp được «{voter_petitions} ý kiến, kiến nghị của cử tri»{village_note} gửi đến "
        "kỳ họp HĐND {unit}.",
        "Cử tri đã phản ánh, kiến nghị «{voter_petitions} ý kiến»{village_note} thuộc thẩm "
        "quyền giải quyết của chính quyền cấp xã.",
    ),
    "petitions_answered": (
        "Đến nay, UBND {unit} đã trả lời, giải quyết «{petitions_answered} kiến nghị», các "
        "kiến nghị còn lại đang được xem xét, giải quyết.",
        "Kết quả đã có «{petitions_answered} ý kiến, kiến nghị được trả lời, giải quyết», "
        "đáp ứng nguyện vọng chính đáng của cử tri.",
    ),
    "standing_meetings": (
        "Thường trực HĐND {unit} duy trì họp định kỳ hằng tháng, trong {period_text} đã tổ "
        "chức «{standing_meetings@regular} phiên họp thường kỳ» để cho ý kiến các nội dung thuộc thẩm "
        "quyền.",
        "Trong kỳ, Thường trực HĐND tổ chức «{standing_meetings} phiên họp» thường kỳ và đột "
        "xuất theo quy chế làm việc.",
        "Thường trực HĐND đã tổ chức «{standing_meetings} cuộc họp Thường trực» để triển khai "
        "chương trình công tác.",
    ),
    "receptions": (
        "Thường trực HĐND {unit} duy trì tiếp công dân định kỳ, đã tổ chức "
        "«{citizen_receptions} buổi tiếp công dân»; «{complaints=0}chưa nhận được đơn» thư "
        "khiếu nại, tố cáo của công dân.",
        "Trong kỳ, Thường trực HĐND {unit} tổ chức «{citizen_receptions} buổi tiếp công dân», "
        "tiếp nhận «{complaints} đơn kiến nghị, phản ánh» và đã chuyển đến cơ quan có thẩm "
        "quyền giải quyết theo quy định.",
        "Thực hiện lịch tiếp công dân, Thường trực HĐND đã tiếp công dân «{citizen_receptions} "
        "buổi»; «{complaints=0}không có đơn» khiếu nại, tố cáo gửi đến HĐND {unit}.",
        "Thường trực HĐND {unit} đã tổ chức «{citizen_receptions} buổi tiếp công dân» định kỳ, "
        "tiếp nhận «{complaints} đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh».",
    ),
}

# A figure stated a second time in the assessment section (the same value in a clean
# report; another value when a repeated_mismatch is planted).
RESTATED_PHRASES: dict[str, tuple[str, ...]] = {
    "voter_meetings": (
        "Công tác tiếp xúc cử tri được thực hiện nghiêm túc, «{voter_meetings} buổi tiếp xúc "
        "cử tri» đều được tổ chức đúng quy định, cử tri tham dự đông đủ.",
        "Tổ chức «{voter_meetings} buổi TXCT» đảm bảo thời gian, địa điểm theo kế hoạch.",
    ),
    "citizen_receptions": (
        "Việc tiếp công dân được duy trì thường xuyên với «{citizen_receptions} buổi tiếp công "
        "dân» trong kỳ.",
    ),
}

# Targets for the next period, written by some clerks in the plans section (each figure is
# counted with qualifiers {"planned": true}); one or two per report, never two naming the
# same slot. A target restates the period's figure or sets another one (`TARGET_VALUES`).
PLAN_PHRASES: tuple[str, ...] = (
    "- Tổ chức «{sessions.regular} kỳ họp thường lệ»; «{voter_meetings} đợt tiếp xúc cử "
    "tri» trước và sau kỳ họp.",
    "- Dự kiến tổ chức «{sessions.thematic} kỳ họp chuyên đề» để xem xét, quyết định các nội "
    "dung phát sinh.",
    "- Tổ chức «{sessions.regular} kỳ họp thường lệ» đúng luật định, đảm bảo chất lượng.",
    "- Thường trực HĐND và các Ban HĐND tổ chức giám sát «{supervision} chuyên đề».",
    "- Phối hợp tổ chức «{voter_meetings} buổi tiếp xúc cử tri» trước và sau kỳ họp thường "
    "lệ.",
    "- Dự kiến ban hành «{resolutions} nghị quyết» tại kỳ họp thường lệ.",
)
SUMMARY_PLAN_PHRASES: tuple[str, ...] = (
    "- HĐND {dunit} dự kiến tổ chức «{d.sessions.regular} kỳ họp thường lệ» và "
    "«{d.sessions.thematic} kỳ họp chuyên đề».",
    "- Tổ chức «{d.voter_meetings} đợt tiếp xúc cử tri» trước và sau kỳ họp thường lệ.",
    "- Thường trực HĐND {dunit} tổ chức «{d.explanation_sessions} phiên họp giải trình».",
)
# A target in the running text of a commune report's prose sections, planned by its cue
# ("dự kiến", "sẽ"): keyed by the group whose section it closes.
CUE_PHRASES: dict[str, tuple[str, ...]] = {
    "sessions": (
        "Dự kiến trong thời gian tới, HĐND {unit} tổ chức «{sessions.thematic} kỳ họp chuyên "
        "đề» để xem xét, quyết định các nội dung phát sinh.",
        "Theo kế hoạch, HĐND {unit} sẽ tổ chức «{sessions.regular} kỳ họp thường lệ» vào cuối "
        "kỳ.",
    ),
    "supervision": (
        "HĐND {unit} dự kiến tổ chức giám sát «{supervision@council} chuyên đề» trong thời "
        "gian tới.",
    ),
    "voter_meetings": (
        "Trước kỳ họp thường lệ tới, đại biểu HĐND {unit} sẽ tổ chức «{voter_meetings} buổi "
        "tiếp xúc cử tri» theo luật định.",
    ),
}
# slot (without its "d." prefix) -> the targets a clerk may set
TARGET_VALUES: dict[str, tuple[int, ...]] = {
    "sessions.regular": (1, 2), "sessions.thematic": (1, 2), "voter_meetings": (2, 4, 6, 9),
    "supervision": (1, 2, 3, 4), "resolutions": (5, 8, 12), "explanation_sessions": (1, 2),
}

# Rows of the report whose figures are only in a table ("Nội dung | Số lượng").
TABLE_ROWS: dict[str, str] = {
    "sessions": "Số kỳ họp HĐND đã tổ chức",
    "sessions.thematic": "Số kỳ họp chuyên đề",
    "sessions.regular": "Số kỳ họp thường lệ",
    "sessions.extraordinary": "Số kỳ họp bất thường",
    "resolutions": "Số nghị quyết được ban hành",
    "supervision": "Số chuyên đề giám sát, khảo sát",
    "voter_meetings": "Số buổi tiếp xúc cử tri",
    "voter_attendance": "Số lượt cử tri tham dự",
    "voter_petitions": "Số ý kiến, kiến nghị của cử tri",
    "petitions_answered": "Số kiến nghị đã được trả lời, giải quyết",
    "questions": "Số lượt đại biểu chất vấn tại kỳ họp",
    "standing_meetings": "Số phiên họp Thường trực HĐND",
    "citizen_receptions": "Số buổi tiếp công dân",
    "complaints": "Số đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh",
}

# ---- phrasing: the district summary (the seed's form) ----------------------------------
# Slots start with "d." (the district council itself), "c." (the sum over its communes,
# "cấp xã") or "all." (district and communes together).
SUMMARY_PHRASES: dict[str, tuple[str, ...]] = {
    "resolutions": (
        "Sau các kỳ họp đã ban hành «{all.resolutions} Nghị quyết» (cấp huyện: "
        "«{d.resolutions} nghị quyết»; cấp xã: «{c.resolutions} nghị quyết»{list_note}).",
        "Các kỳ họp đã thông qua «{all.resolutions} nghị quyết» (trong đó cấp huyện "
        "«{d.resolutions} nghị quyết», cấp xã «{c.resolutions} nghị quyết»{list_note}).",
    ),
    "district_petitions": (
        "Trong {period_text}, Thường trực HĐND {dunit} đã tổng hợp, tiếp thu «{d.voter_petitions} "
        "lượt ý kiến, kiến nghị cử tri» và gửi đến UBND {dunit} để được xem xét, giải quyết "
        "theo quy định{refs_note}. Trong đó, sau kỳ họp thứ {d_session_after}: "
        "«{d.voter_petitions.after} ý kiến»; trước kỳ họp thứ {d_session_before}: "
        "«{d.voter_petitions.before} ý kiến».",
    ),
    "commune_petitions": (
        "Đối với cấp xã: có «{c.voter_petitions} kiến nghị» gửi đến kỳ họp HĐND{list_note}, "
        "hầu hết các kiến nghị đã được trả lời, giải quyết kịp thời.",
        "Đối với cấp xã: cử tri đã gửi «{c.voter_petitions} ý kiến, kiến nghị» đến kỳ họp "
        "HĐND các xã{list_note}; các kiến nghị cơ bản đã được trả lời, giải quyết.",
    ),
    "supervision": (
        "Trong {period_text}, HĐND, các Ban của HĐND và Tổ đại biểu HĐND các cấp đã tổ chức "
        "giám sát «{all.supervision} chuyên đề», cụ thể:",
    ),
    "supervision.council": (
        "- HĐND: «{all.supervision.council} chuyên đề» (trong đó «huyện: "
        "{d.supervision.council}»; «các xã: {c.supervision.council}»).",
    ),
    "supervision.standing": (
        "- Thường trực HĐND: «{all.supervision.standing} chuyên đề» (trong đó «huyện: "
        "{d.supervision.standing}»; «các xã: {c.supervision.standing}»).",
    ),
    "supervision.committees": (
        "- Các Ban HĐND: «{all.supervision.committees} chuyên đề» (trong đó «huyện: "
        "{d.supervision.committees}»; «các xã: {c.supervision.committees}»).",
    ),
    "supervision.delegate_groups": (
        "- Tổ đại biểu HĐND: các Tổ đại biểu đã xây dựng kế hoạch và hoàn thành công tác giám "
        "sát «{d.supervision.delegate_groups} chuyên đề».",
    ),
    "voter_meetings": (
        "Trong {period_text}, HĐND đã tổ chức «{d.voter_meetings} đợt tiếp xúc cử tri» đảm bảo "
        "theo quy trình, quy định.",
    ),
    "all_petitions": (
        "Tại các buổi tiếp xúc, cử tri đã đóng góp nhiều ý kiến, kiến nghị sát thực, được "
        "Thường trực HĐND {dunit} tổng hợp đầy đủ với «{all.voter_petitions} lượt ý kiến, "
        "kiến nghị» thuộc thẩm quyền cấp huyện, xã («Cấp huyện: {d.voter_petitions} ý "
        "kiến»; «cấp xã {c.voter_petitions} ý kiến») và chuyển cho các cơ quan chức năng xem "
        "xét, giải quyết.",
    ),
    "explanation": (
        "Trong {period_text}, tại phiên giải trình lần thứ {d_explanation_ordinal}, Thường trực "
        "HĐND {dunit} đã tổ chức «{d.explanation_sessions} phiên họp giải trình», xem xét đối "
        "với «{d.explanation_topics} nội dung»{topics_note} cử tri quan tâm.",
        "Trong {period_text}, Thường trực HĐND {dunit} đã tổ chức «{d.explanation_sessions} "
        "phiên họp giải trình», xem xét, trả lời đối với «{d.explanation_topics} nội "
        "dung»{topics_note} ý kiến, kiến nghị của cử tri đã được trả lời nhưng chưa được giải "
        "quyết dứt điểm.",
        "Trong {period_text}, Thường trực HĐND {dunit} «{d.explanation_sessions=0}chưa tổ chức "
        "phiên giải trình».",
    ),
    "complaints": (
        "Trong {period_text}, «{d.complaints=0}chưa có đơn» kiến nghị của công dân gửi đến "
        "Thường trực HĐND {dunit}.",
        "Trong {period_text}, Thường trực HĐND {dunit} đã tiếp nhận «{d.complaints} đơn, thư» "
        "khiếu nại, kiến nghị, phản ánh của công dân và chuyển đến cơ quan có thẩm quyền.",
    ),
}

# The same for a province's summary (from 1 July 2025), where the district summary's words
# name the district's level ("cấp huyện"): the province's own figure with its noun.
PROVINCE_PHRASES: dict[str, tuple[str, ...]] = {
    "resolutions": (
        "Sau các kỳ họp đã ban hành «{all.resolutions} Nghị quyết» (cấp tỉnh: "
        "«{d.resolutions} nghị quyết»; cấp xã: «{c.resolutions} nghị quyết»{list_note}).",
        "Các kỳ họp đã thông qua «{all.resolutions} nghị quyết» (trong đó cấp tỉnh "
        "«{d.resolutions} nghị quyết», cấp xã «{c.resolutions} nghị quyết»{list_note}).",
    ),
    "supervision.council": (
        "- HĐND: «{all.supervision.council} chuyên đề» (trong đó tỉnh "
        "«{d.supervision.council} chuyên đề»; các xã «{c.supervision.council} chuyên đề»).",
    ),
    "supervision.standing": (
        "- Thường trực HĐND: «{all.supervision.standing} chuyên đề» (trong đó tỉnh "
        "«{d.supervision.standing} chuyên đề»; các xã «{c.supervision.standing} chuyên đề»).",
    ),
    "supervision.committees": (
        "- Các Ban HĐND: «{all.supervision.committees} chuyên đề» (trong đó tỉnh "
        "«{d.supervision.committees} chuyên đề»; các xã «{c.supervision.committees} chuyên "
        "đề»).",
    ),
    "all_petitions": (
        "Tại các buổi tiếp xúc, cử tri đã đóng góp nhiều ý kiến, kiến nghị sát thực, được "
        "Thường trực HĐND {dunit} tổng hợp đầy đủ với «{all.voter_petitions} lượt ý kiến, "
        "kiến nghị» thuộc thẩm quyền cấp tỉnh, xã («cấp tỉnh: {d.voter_petitions} ý "
        "kiến»; «cấp xã {c.voter_petitions} ý kiến») và chuyển cho các cơ quan chức năng xem "
        "xét, giải quyết.",
    ),
}

# A commune report of 2025 H2 may give the former communes' figures before 1 July 2025 (the
# new commune's own follow in its sections): {kinds} their kind words ("xã", "xã, thị
# trấn"), {former_note} their list. How many they were ("4 xã cũ") is written by some clerks,
# but is a number no reading takes: left out here.
FORMER_PHRASES: tuple[str, ...] = (
    "Trước ngày 01/7/2025, HĐND các {kinds} cũ đã tổ chức «{sessions} kỳ họp»{former_note}, "
    "ban hành «{resolutions} nghị quyết».",
    "Trước khi sắp xếp đơn vị hành chính, HĐND các {kinds} cũ đã tổ chức «{sessions} kỳ "
    "họp»{former_note} và ban hành «{resolutions} nghị quyết».",
)

# Items of the per-commune lists in the summary's footnotes; {name} is the unit with its
# kind word ("xã Đăk Sao", "phường Quyết Thắng").
LIST_ITEMS: dict[str, tuple[str, ...]] = {
    "sessions": ("HĐND {name}: «{n} kỳ họp{kind_words}»", "{name} «{n} kỳ họp{kind_words}»"),
    "resolutions": ("HĐND {name}: «{n} Nghị quyết»", "{name}: «{n} nghị quyết»"),
    "voter_petitions": ("{Name} «{n} ý kiến»", "{name}: «{n} ý kiến»",
                        "{name}: «{n} ý kiến, kiến nghị»"),
}

# ---- what each slot counts -------------------------------------------------------------
# slot -> (indicator, body, qualifiers); "session" qualifiers take the number from the
# context ("after" / "before" the regular session of that number).
SLOTS: dict[str, tuple[str, str | None, dict]] = {
    "sessions": ("sessions", None, {}),
    "sessions.regular": ("sessions", None, {"kind": "regular"}),
    "sessions.thematic": ("sessions", None, {"kind": "thematic"}),
    "sessions.extraordinary": ("sessions", None, {"kind": "extraordinary"}),
    "resolutions": ("resolutions", None, {}),
    "supervision": ("supervision_topics", None, {}),
    "supervision.council": ("supervision_topics", "council", {}),
    "supervision.standing": ("supervision_topics", "standing", {}),
    "supervision.committees": ("supervision_topics", "committees", {}),
    "supervision.delegate_groups": ("supervision_topics", "delegate_groups", {}),
    "voter_meetings": ("voter_meetings", None, {}),
    "voter_attendance": ("voter_attendance", None, {}),
    "voter_attendance.lower": ("voter_attendance", None, {"bound": "lower"}),
    "voter_petitions": ("voter_petitions", None, {}),
    "voter_petitions.after": ("voter_petitions", None, {"phase": "after_session"}),
    "voter_petitions.before": ("voter_petitions", None, {"phase": "before_session"}),
    "petitions_answered": ("petitions_answered", None, {}),
    "questions": ("questions", None, {}),
    "explanation_sessions": ("explanation_sessions", None, {}),
    "explanation_topics": ("explanation_topics", None, {}),
    "standing_meetings": ("standing_meetings", None, {}),
    "citizen_receptions": ("citizen_receptions", None, {}),
    "complaints": ("complaints", None, {}),
}
