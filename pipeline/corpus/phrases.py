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

Clerks with the newer habits (`compose.HABITS`) write some groups with the sentences of
`STYLE_PHRASES` / `SUMMARY_STYLE_PHRASES` instead: actors, verbs and places, outcomes,
single events named without a figure (`{slot@implied}`), done of planned (`{slot@done}`).
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

# Sentences of the newer clerk habits (`compose.Style`), per habit and group of
# COMMUNE_PHRASES: a clerk with the habit writes a group with one of these, when one fits,
# for the share of groups the habit gives. "\n" starts a new paragraph (a total, then its
# parts as list items). {places} is "thôn" or "tổ dân phố", {regular_when} "giữa năm" or
# "cuối năm".
STYLE_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    # whose supervision: the clause's actor, a list item's head, "của ..." after the figure
    "actors": {
        "supervision": (
            "Trong kỳ, đã tổ chức giám sát «{supervision} chuyên đề», cụ thể:\n- HĐND "
            "{unit}: «{supervision.council} chuyên đề»;\n- Thường trực HĐND {unit}: "
            "«{supervision.standing} cuộc giám sát»;\n- Các Ban HĐND: "
            "«{supervision.committees} cuộc».",
            "Trong {period_text} đã hoàn thành «{supervision} cuộc giám sát», gồm "
            "«{supervision.standing} cuộc giám sát của Thường trực HĐND {unit}», "
            "«{supervision.committees} cuộc khảo sát của các Ban HĐND» và "
            "«{supervision.council} chuyên đề giám sát của HĐND {unit}».",
            "Thường trực HĐND {unit} đã tổ chức «{supervision.standing} cuộc giám sát chuyên "
            "đề»; các Ban HĐND {unit} tiến hành «{supervision.committees} cuộc khảo sát»; HĐND "
            "{unit} giám sát «{supervision.council} chuyên đề» tại kỳ họp. Tổng số cuộc giám "
            "sát trong kỳ là «{supervision} cuộc».",
            "Thường trực HĐND {unit} đã tổ chức «{supervision@standing} cuộc giám sát chuyên "
            "đề» về công tác quản lý đất đai và việc thu, chi ngân sách.",
            "Các Ban HĐND {unit} đã tiến hành «{supervision@committees} cuộc khảo sát» tình "
            "hình sản xuất, kinh doanh trên địa bàn.",
            "Trong kỳ, đã hoàn thành «{supervision@standing} cuộc giám sát của Thường trực HĐND "
            "{unit}» theo chương trình.",
            "Các đề xuất sau «{supervision@council} cuộc giám sát chuyên đề của HĐND {unit}» "
            "đã được UBND {unit} tiếp thu, triển khai thực hiện.",
            "Các đại biểu HĐND {unit} thực hiện «{supervision@delegates} cuộc giám sát» tại nơi "
            "ứng cử theo quy định.",
        ),
    },
    # the verb or the noun carries the indicator; meetings counted by their places
    "verbs": {
        "sessions": (
            "HĐND {unit} «họp {sessions} kỳ», trong đó có «{sessions.regular} kỳ thường lệ» và "
            "«{sessions.thematic} kỳ họp chuyên đề».",
            "HĐND {unit} đã tổ chức thành công «{sessions.thematic} kỳ họp chuyên đề» để xem "
            "xét, quyết định các nội dung phát sinh.",
            "HĐND {unit} «họp {sessions.extraordinary} kỳ bất thường» để kiện toàn chức danh "
            "thuộc thẩm quyền.",
        ),
        "resolutions": (
            "HĐND {unit} đã ban hành kịp thời «{resolutions} nghị quyết» để triển khai thực "
            "hiện.",
        ),
        "explanation": (
            "Thường trực HĐND {unit} tổ chức «{explanation_sessions} phiên giải trình», yêu "
            "cầu UBND {unit} «giải trình {explanation_topics} nội dung» cử tri quan tâm.",
            "Thường trực HĐND {unit} đã tổ chức được «{explanation_sessions} phiên giải "
            "trình» với «{explanation_topics} nội dung».",
        ),
        "voter_meetings": (
            "Đại biểu HĐND {unit} «tiếp xúc cử tri tại {voter_meetings} điểm» trước và sau kỳ "
            "họp.",
            "Tổ chức được «{voter_meetings} điểm tiếp xúc cử tri» trên địa bàn {unit_kind}.",
            "Thường trực HĐND {unit} phối hợp tổ chức «TXCT {voter_meetings} điểm» theo luật "
            "định.",
            "Đại biểu HĐND {unit} «tiếp xúc cử tri tại {voter_meetings} điểm», với "
            "«{voter_attendance} lượt cử tri tham dự».",
            "Đại biểu HĐND {unit} đã tiếp xúc cử tri «tại {voter_meetings} {places}», thu hút "
            "«trên {voter_attendance.lower} lượt cử tri tham dự».",
            "Tổ chức tiếp xúc cử tri «tại {voter_meetings} {places}» với «{voter_attendance} "
            "lượt cử tri» tham dự.",
        ),
        "voter_petitions": (
            "Thường trực HĐND {unit} đã «tổng hợp {voter_petitions} ý kiến» của cử "
            "tri{village_note} gửi UBND {unit} xem xét, giải quyết.",
        ),
        "standing_meetings": (
            "Thường trực HĐND {unit} «họp {standing_meetings} phiên» để cho ý kiến các nội "
            "dung thuộc thẩm quyền.",
            "Thường trực HĐND {unit} «họp định kỳ hằng tháng, tổng cộng "
            "{standing_meetings@regular} phiên».",
            "Trong kỳ, Thường trực HĐND {unit} đã «họp {standing_meetings} lần».",
        ),
        "receptions": (
            "Thường trực HĐND {unit} «tiếp công dân {citizen_receptions} buổi» theo lịch định "
            "kỳ; «{complaints=0}không có đơn thư» phát sinh.",
            "Thường trực HĐND {unit} «tiếp công dân {citizen_receptions} buổi», «tiếp nhận "
            "{complaints} đơn» kiến nghị, phản ánh và đã chuyển đến cơ quan có thẩm quyền.",
            "«Tiếp công dân: {citizen_receptions} buổi»; «{complaints=0}không có đơn thư» phát "
            "sinh.",
        ),
    },
    # outcomes: answered, solved, still pending; questions put again; done of planned
    "status": {
        "questions": (
            "Tại kỳ họp, có «{questions} lượt đại biểu phát vấn» đối với lãnh đạo UBND "
            "{unit}.",
            "Đại biểu HĐND {unit} đã «phát vấn {questions} câu hỏi» tại kỳ họp.",
        ),
        "petitions_answered": (
            "Đến nay, UBND {unit} đã giải quyết xong «{petitions_answered} kiến nghị» của cử "
            "tri.",
            "Đến thời điểm báo cáo, «{petitions_answered} kiến nghị đã giải quyết xong», cử "
            "tri đồng tình.",
            "«{petitions_answered} ý kiến, kiến nghị đã được giải quyết», «còn "
            "{voter_petitions.pending} ý kiến đang giải quyết».",
            "Đến nay, UBND {unit} đã giải quyết xong «{petitions_answered} kiến nghị»; «còn "
            "{voter_petitions.pending} ý kiến đang được xem xét», giải quyết.",
        ),
        "supervision": (
            "Thường trực HĐND và các Ban HĐND {unit} thực hiện giám sát «đạt {supervision@done} "
            "cuộc» theo kế hoạch đề ra.",
        ),
        "receptions": (
            "Thường trực HĐND {unit} «tiếp công dân {citizen_receptions@done} buổi» theo lịch; "
            "«{complaints=0}không có đơn thư» khiếu nại, tố cáo.",
        ),
    },
    # single events named, not counted: one held, implied
    "implied": {
        "sessions": (
            "HĐND {unit} đã «tổ chức kỳ họp thứ {session_first} (kỳ họp chuyên "
            "đề{sessions.thematic@implied})» để xem xét, quyết định các nội dung phát sinh.",
            "HĐND {unit} đã «tổ chức kỳ họp chuyên đề{sessions.thematic@implied}» để quyết định "
            "điều chỉnh kế hoạch đầu tư công.",
            "HĐND {unit} đã «tổ chức kỳ họp thường lệ {regular_when}{sessions.regular@implied}» "
            "theo luật định.",
            "Trong kỳ, HĐND {unit} «tổ chức kỳ họp bất thường{sessions.extraordinary@implied}» "
            "để xem xét công tác nhân sự.",
            "HĐND {unit} đã «tổ chức kỳ họp thứ {session_first} (kỳ họp bất "
            "thường{sessions.extraordinary@implied})» để bầu bổ sung chức danh.",
        ),
        "explanation": (
            "Thường trực HĐND {unit} «tổ chức phiên giải trình lần thứ "
            "{explanation_ordinal}{explanation_sessions@implied}», xem xét «{explanation_topics} "
            "nội dung» cử tri quan tâm.",
        ),
    },
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

# The summary's sentences of the newer clerk habits, as STYLE_PHRASES are the commune
# reports'. "petitions_outcome" follows the district's petitions: what became of them.
SUMMARY_STYLE_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "actors": {
        # (never "HĐND các cấp" for the councils alone: it names their organs too)
        "supervision.council": (
            "- HĐND: «{all.supervision.council} chuyên đề giám sát», trong đó HĐND {dunit} "
            "«{d.supervision.council} chuyên đề» tại kỳ họp, HĐND các xã "
            "«{c.supervision.council} chuyên đề».",
        ),
        "supervision.standing": (
            "- Thường trực HĐND các cấp: «{all.supervision.standing} cuộc giám sát», trong đó "
            "Thường trực HĐND {dunit} «{d.supervision.standing} cuộc», Thường trực HĐND các "
            "xã «{c.supervision.standing} cuộc».",
            "- «{all.supervision.standing} cuộc giám sát của Thường trực HĐND các cấp» "
            "(«huyện: {d.supervision.standing}»; «các xã: {c.supervision.standing}»).",
        ),
        "supervision.committees": (
            "- Các Ban HĐND: «{all.supervision.committees} cuộc» («huyện: "
            "{d.supervision.committees}»; «các xã: {c.supervision.committees}»).",
            "- Các Ban HĐND các cấp tổ chức «{all.supervision.committees} cuộc giám sát, khảo "
            "sát», trong đó các Ban HĐND {dunit} «{d.supervision.committees} cuộc», các Ban "
            "HĐND các xã «{c.supervision.committees} cuộc».",
        ),
        "supervision.delegate_groups": (
            "- Các Tổ đại biểu HĐND {dunit} đã hoàn thành «{d.supervision.delegate_groups} "
            "cuộc giám sát» theo kế hoạch.",
        ),
    },
    "verbs": {
        "voter_meetings": (
            "Trong {period_text}, đại biểu HĐND {dunit} đã «tiếp xúc cử tri tại "
            "{d.voter_meetings} điểm» theo quy trình, quy định.",
            "Trong {period_text}, Thường trực HĐND {dunit} phối hợp tổ chức «TXCT "
            "{d.voter_meetings} điểm» trước và sau kỳ họp.",
            "Trong {period_text}, Thường trực HĐND {dunit} phối hợp tổ chức "
            "«{d.voter_meetings} kỳ tiếp xúc cử tri» trước và sau kỳ họp.",
        ),
        "explanation": (
            "Trong {period_text}, Thường trực HĐND {dunit} đã tổ chức «{d.explanation_sessions} "
            "phiên họp giải trình», yêu cầu UBND {dunit} «giải trình {d.explanation_topics} "
            "nội dung»{topics_note} cử tri quan tâm.",
        ),
        "complaints": (
            "Trong {period_text}, Thường trực HĐND {dunit} đã «tiếp nhận {d.complaints} đơn» "
            "kiến nghị, phản ánh của công dân.",
            "«{d.complaints=0}Không phát sinh đơn» khiếu nại, tố cáo gửi đến Thường trực HĐND "
            "{dunit} trong {period_text}.",
        ),
    },
    "status": {
        "petitions_outcome": (
            "Đến nay, «{d.petitions_answered} ý kiến đã được giải quyết», «còn "
            "{d.voter_petitions.pending} ý kiến đang giải quyết».",
            "Đến nay, UBND {dunit} đã giải quyết xong «{d.petitions_answered} kiến nghị»; «còn "
            "{d.voter_petitions.pending} kiến nghị đang được xem xét», giải quyết.",
        ),
    },
    "implied": {
        "explanation": (
            "Trong {period_text}, Thường trực HĐND {dunit} «tổ chức phiên giải trình lần thứ "
            "{d_explanation_ordinal}{d.explanation_sessions@implied}», xem xét "
            "«{d.explanation_topics} nội dung»{topics_note} cử tri quan tâm.",
        ),
    },
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
    "voter_petitions.pending": ("voter_petitions", None, {"status": "pending"}),
    "petitions_answered": ("petitions_answered", None, {}),
    "questions": ("questions", None, {}),
    "explanation_sessions": ("explanation_sessions", None, {}),
    "explanation_topics": ("explanation_topics", None, {}),
    "standing_meetings": ("standing_meetings", None, {}),
    "citizen_receptions": ("citizen_receptions", None, {}),
    "complaints": ("complaints", None, {}),
}
