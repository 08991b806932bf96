"""Vietnamese numbers: digits, words, zero phrases and bounds are quantities with exact spans;
ordinals, years, dates, document numbers, ranges and "một số" are not."""
from __future__ import annotations

import pytest

from extractors.language.numbers import (
    REFUSALS,
    find_numbers,
    tokenize,
    words_value,
    written_numbers,
)


def _quantities(text: str) -> list[tuple[str, int, str | None]]:
    return [(text[n.start:n.end], n.value, n.bound) for n in find_numbers(text) if not n.ordinal]


@pytest.mark.parametrize("text, expected", [
    ("HĐND huyện tổ chức 02 kỳ họp", [("02", 2, None)]),
    ("đã tiếp nhận 261đơn thư", [("261", 261, None)]),
    ("thu hút 2.900 lượt cử tri", [("2.900", 2900, None)]),
    ("tổ chức 02 (hai) kỳ họp", [("02 (hai)", 2, None)]),
    ("tổ chức hai (02) kỳ họp", [("hai (02)", 2, None)]),
    ("tổ chức 02 (ba) kỳ họp", [("02", 2, None), ("ba", 3, None)]),
    ("hai mươi mốt ý kiến", [("hai mươi mốt", 21, None)]),
    ("một trăm linh năm nghị quyết", [("một trăm linh năm", 105, None)]),
    ("mười hai nghị quyết", [("mười hai", 12, None)]),
    ("ba mươi tư lượt", [("ba mươi tư", 34, None)]),
    ("chưa có đơn kiến nghị", [("chưa có", 0, None)]),
    ("không có ý kiến chất vấn", [("không có", 0, None)]),
    ("HĐND xã chưa tổ chức kỳ họp", [("chưa tổ chức", 0, None)]),
    ("trên 60 lượt cử tri", [("60", 60, "lower")]),
    ("hơn 60 ý kiến", [("60", 60, "lower")]),
    ("không quá 10 cử tri", [("10", 10, "upper")]),
    ("dưới 5 buổi", [("5", 5, "upper")]),
    ("đạt 6/6 cuộc", [("6/6", 6, None)]),
    ("các xã: 9).", [("9", 9, None)]),
    ("Số kỳ họp: 02.", [("02", 2, None)]),
])
def test_quantities_have_values_and_exact_spans(text, expected):
    assert _quantities(text) == expected


@pytest.mark.parametrize("text", [
    "kỳ họp thứ 7", "lần thứ ba", "kỳ họp thứ chín", "khóa XIV", "khoá 21", "năm 2024",
    "ngày 22/05/2024", "ngày 22/1", "Kế hoạch số 08/KH-TTHĐND", "nhiệm kỳ 2021-2026",
    "ngày 18-19/7/2024", "một số vấn đề", "1 số xã", "đạt 95%", "Nghị quyết 594/NQ-UBTVQH15",
    "(1) HĐND huyện", "2.1. Giám sát", "trong năm được", "Chương trình 135.",
])
def test_non_counts_are_refused(text):
    assert _quantities(text) == []


@pytest.mark.parametrize("text, value", [
    ("kỳ họp thứ 7", 7), ("lần thứ Ba", 3), ("lần thứ tư", 4), ("khóa thứ XIV", 14),
    ("Kỳ họp Thứ 7", 7), ("KỲ HỌP THỨ 7", 7),
])
def test_ordinals_come_back_marked(text, value):
    found = find_numbers(text)
    assert [(n.value, n.ordinal) for n in found] == [(value, True)]


@pytest.mark.parametrize("text", ["Phường Phú Thứ 07 ý kiến", "xã Phú Thứ 3 kỳ họp"])
def test_thu_ending_a_name_is_no_ordinal(text):
    # phường Phú Thứ (Kinh Môn): its figure was read as "the 7th"
    assert [n.ordinal for n in find_numbers(text)] == [False]


@pytest.mark.parametrize("text, quantities", [
    ("Thường trực HĐND thị xã Ba Đồn nhận 2 đơn", [("2", 2, None)]),  # not "3 đơn"
    ("quận Hai Bà Trưng có hai đơn", [("hai", 2, None)]),
    ("Ba đơn thư", [("Ba", 3, None)]),
])
def test_number_words_heading_a_place_name_are_no_numbers(text, quantities):
    assert _quantities(text) == quantities


def test_tiep_thu_is_no_ordinal():
    # "thu" folds like "thứ": the ordinal test reads the spelling
    assert _quantities("tiếp thu 26 lượt ý kiến") == [("26", 26, None)]


@pytest.mark.parametrize("words, value", [
    (["hai"], 2), (["mười"], 10), (["mười", "lăm"], 15), (["hai", "mươi"], 20),
    (["chín", "mươi", "chín"], 99), (["hai", "trăm"], 200), (["một", "nghìn", "hai", "trăm"], 1200),
    (["hai", "ba"], None), (["mươi"], None),
])
def test_words_value(words, value):
    assert words_value(words) == value


def test_tokens_point_into_the_text():
    text = "Xã Đăk Sao 6 ý kiến; 261đơn, 2.900 lượt"
    for t in tokenize(text):
        assert text[t.start:t.end] == t.text


def test_tokens_are_underthesea_syllables_with_exact_offsets():
    from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize as ut

    text = "Xã Đăk Sao 6 ý kiến; có 261 đơn thư, 2.900 lượt, N'Thol Hạ ngày 22/05/2024"
    tokens = tokenize(text)
    assert all(text[t.start:t.end] == t.text for t in tokens)
    words = ut(text, use_character_normalize=False, use_token_normalize=False)
    # underthesea's spans, except that a date is split into its numbers and marks, so the
    # number finder sees (and refuses) each part
    assert words[-1] == "22/05/2024"
    assert [t.text for t in tokens] == words[:-1] + ["22", "/", "05", "/", "2024"]


def _tokens_by_expression(text: str) -> list[tuple[int, int, str]]:
    """The tokens underthesea's expression gives over the whole text, split like tokenize."""
    from underthesea.pipeline.word_tokenize.regex_tokenize import patterns

    from extractors.language.syllables import _TOKEN, Token, _join_abbreviations

    out = []
    for m in patterns.finditer(text):
        if len(m.group()) == 1 or m.group().isalpha():
            out.append((m.start(), m.end(), m.group()))
        else:
            out += [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, *m.span())]
    # then an abbreviated kind word keeps its dot ("TP. Hồ Chí Minh"), as tokenize does
    joined = _join_abbreviations(text, [Token(a, b, w, w.lower()) for a, b, w in out])
    return [(t.start, t.end, t.text) for t in joined]


@pytest.mark.parametrize("text", [
    "TP. Hồ Chí Minh", "TP.", "v.v... và các xã", "xã N'Thol Hạ, H’Mông", "ʺĐăk Saoʺ",
    "Đăk Hà:5 ý kiến", "email: ubnd.xa@kontum.gov.vn http://kontum.gov.vn/ba.html",
    "3x4 m², 1.600m-2.000m, 43H-0530", "ngày 02/05/2014 lúc 10:20:50", "==> <3 :D",
    "NĐ-CP; T.Ư; Th.S Nguyễn", "\t\u00a0 Tu  Mơ\u2003Rông \n", "", "   ", "HĐND&UBND", "(1) Đơn",
    # its "Th.S" has a bare dot: "Th" + any character + s/S is one of its tokens
    "Th sáu", "(Th Sơn)", "Thesis, ThS. Hà", "Thường Sơn; Thôn 3", "Th\nSáu", "Th, sáu",
    "(06) xã: 12, (Đăk) 3; tổ)", "٣ ý kiến, ²",
])
def test_letter_runs_are_taken_whole_as_the_expression_would(text):
    """tokenize skips underthesea's expression on runs of letters between spaces: it must
    give exactly the tokens the expression gives over the whole text."""
    assert [(k.start, k.end, k.text) for k in tokenize(text)] == _tokens_by_expression(text)


@pytest.mark.parametrize("text, words", [
    pytest.param("HĐND TT. Phố Lu", ["HĐND", "TT.", "Phố", "Lu"], id="before-a-name"),
    pytest.param("TP.", ["TP."], id="alone"),
    pytest.param("xã X. Tiếp", ["xã", "X.", "Tiếp"], id="single-letter"),
    pytest.param("khóa XV. Tiếp", ["khóa", "XV", ".", "Tiếp"], id="other-letters-end-a-sentence"),
    pytest.param("TT. họp", ["TT", ".", "họp"], id="lower-case-after"),
])
def test_abbreviated_kind_words_keep_their_dot(text, words):
    assert [t.text for t in tokenize(text)] == words


def test_every_block_of_the_seed_tokenizes_as_the_expression_would(seed_docx):
    from extractors.reader import read_document

    for block in read_document(seed_docx).blocks:
        got = [(k.start, k.end, k.text) for k in tokenize(block.text)]
        assert got == _tokens_by_expression(block.text), block.text


@pytest.mark.parametrize("text, tokens", [
    ("xã N‘Thol Hạ", ["xã", "N‘Thol", "Hạ"]),  # underthesea splits at ‘, not at ' or ’
    ("‘Đăk Sao’ 06", ["‘", "Đăk", "Sao", "’", "06"]),  # quotes around a name stay apart
    ("N ‘Thol", ["N", "‘", "Thol"]),
])
def test_a_left_quote_inside_a_word_is_an_apostrophe(text, tokens):
    assert [t.text for t in tokenize(text)] == tokens


@pytest.mark.parametrize("text, expected", [
    pytest.param("tổ chức 02 (hai) kỳ họp, chưa có đơn", [("02 (hai)", None)],
                 id="quantity-no-zero-phrase"),
    pytest.param("ngày 22/05/2024", [("22/05/2024", "date")], id="date"),
    pytest.param("ngày 22/1", [("22/1", "date")], id="day-month"),
    pytest.param("Kế hoạch số 08/KH-TTHĐND,", [("08/KH-TTHĐND", "document_number")],
                 id="document-number"),
    pytest.param("Nghị quyết 594/NQ-UBTVQH15 và Nghị quyết 594",
                 [("594/NQ-UBTVQH15", "document_number"), ("594", "document_name")],
                 id="document-name"),
    pytest.param("nhiệm kỳ 2021-2026", [("2021-2026", "range")], id="range"),
    pytest.param("tăng 1,5 lần", [("1,5", "decimal")], id="decimal"),
    pytest.param("đạt 95% và 90 %", [("95%", "percent"), ("90 %", "percent")], id="percent"),
    pytest.param("UBTVQH15 và QĐ-15", [("UBTVQH15", "code"), ("QĐ-15", "code")], id="code"),
    pytest.param("2.1. Giám sát", [("2.1", "section_label")], id="section-label"),
    pytest.param("(1) HĐND huyện; 2) Thường trực", [("(1)", "list_label"), ("2)", "list_label")],
                 id="list-label"),
    pytest.param("Kế hoạch số 08 của khóa 21", [("08", "numbered"), ("21", "term_number")],
                 id="designations"),
    pytest.param("năm 2024", [("2024", "year")], id="year"),
    pytest.param("kỳ họp thứ 7, lần thứ ba", [("7", "ordinal"), ("ba", "ordinal")],
                 id="ordinals"),
    pytest.param("1 số xã, một số xã", [("1", "some")], id="some"),
    pytest.param("thôn Ba Khen có năm hộ", [("năm", None)], id="names-are-no-numbers"),
])
def test_written_numbers_lists_every_number_with_why_it_is_no_quantity(text, expected):
    got = [(text[w.start:w.end], w.reason) for w in written_numbers(text)]
    assert got == expected
    assert all(reason in REFUSALS for _, reason in got if reason is not None)


def test_written_numbers_keeps_the_quantities_of_find_numbers(seed_docx):
    from extractors.reader import read_document

    for block in read_document(seed_docx).blocks:
        found = {(n.start, n.end) for n in find_numbers(block.text) if not n.zero_phrase}
        written = {(w.start, w.end) for w in written_numbers(block.text)
                   if w.reason in (None, "ordinal")}
        assert written == found, block.text
