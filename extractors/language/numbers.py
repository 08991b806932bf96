"""Vietnamese numbers in running text: digits, number words, zero phrases, bounds, ordinals.

`find_numbers(text)` returns every quantity with its exact span, and refuses what is never a
count: years, dates, document numbers ("08/KH-..."), ranges ("2021-2026"), percentages,
list labels ("(1)", "2.1."), "một số" (some), term numbers ("khóa 21"). Ordinals ("thứ 7",
"lần thứ ba") come back with `ordinal=True` so rules can read a session number from them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractors.language.syllables import Token, tokenize

_UNITS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5,
          "sáu": 6, "bảy": 7, "bẩy": 7, "tám": 8, "chín": 9}
_WORDS = set(_UNITS) | {"mười", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn"}
# Words that only continue a number, never start one.
_NOT_FIRST = {"mốt", "lăm", "tư", "mươi", "trăm", "linh", "lẻ", "nghìn", "ngàn"}
_FIRST_WORDS = _WORDS - _NOT_FIRST
# "năm" after these is the noun "year", not five.
_YEAR_BEFORE = {"trong", "cả", "đầu", "cuối", "giữa", "hàng", "mỗi", "nửa", "của", "các",
                "từng", "một", "năm", "sang"}
_ORDINAL_BEFORE = {"thứ"}  # "thứ 7", "lần thứ ba"; by spelling: "tiếp thu 26" is no ordinal
_ORDINAL_WORDS = {"nhất": 1, "tư": 4}  # "thứ 7", "lần thứ ba", "kỳ họp thứ chín"
# what "thu" follows when it is "thứ" typed without diacritics ("ky hop thu 9", not "tiep thu 17")
_ORDINAL_HEADS = {"hop", "lan", "phien", "trinh", "ky"}
# A number right after these names a thing, it counts nothing: "số 08", "khóa 21", "năm 2024",
# "ngày 22", "Chương trình 135", "Nghị quyết 594".
# Compared by spelling, lower case: folded, "tháng" would also be "Thắng", and "xã Bình
# Chương 12 ý kiến" names a commune, not a chapter.
# Each word maps to what the number after it is (`REFUSALS`); "trình" only after "chương" or
# "tờ", below.
_DESIGNATION_BEFORE = {"số": "numbered", "khóa": "term_number", "khoá": "term_number",
                       "lục": "appendix", "phụ": "appendix", "chương": "chapter",
                       "mục": "section_number", "điều": "article", "khoản": "clause",
                       "điểm": "point", "năm": "year", "ngày": "date", "tháng": "month",
                       "giữa": "between"}
_LOWER = {"tren", "hon"}  # "trên 60", "hơn 60" (lower bounds)
_UPPER_ONE = {"duoi", "gan"}  # "dưới 10", "gần 100"
_UPPER_TWO = {("chua", "den"), ("chua", "toi"), ("khong", "qua"), ("toi", "da")}  # "chưa đến 10"
# Zero in words: "chưa có đơn", "không có ý kiến", "chưa tổ chức kỳ họp", "chưa nhận được đơn".
_ZERO = sorted({("chua", "co"), ("khong", "co"), ("chua", "to", "chuc"), ("chua", "ban", "hanh"),
                ("chua", "nhan", "duoc"), ("khong", "nhan", "duoc"), ("chua", "tiep", "nhan"),
                ("khong", "tiep", "nhan"), ("chua", "thong", "qua"), ("chua", "tien", "hanh"),
                ("khong", "phat", "sinh"), ("chua", "phat", "sinh")},
               key=len, reverse=True)
_ZERO_FIRST = {seq[0] for seq in _ZERO}
_SOME = {"so", "vai"}  # "một số", "1 số": some, not one
_PLACE_BEFORE = {"thon", "xa", "phuong", "lang", "ban", "buon", "to", "ap", "khoi", "huyen", "tinh",
                 "tran", "pho", "xom", "doi"}
# What a number glued by a separator to the next run is: ("/", a word) "08/KH-TTHĐND"
_JOINED_BY = {("/", False): "document_number", ("-", True): "range", ("–", True): "range",
              (",", True): "decimal"}
# Why find_numbers refuses a number written in digits: each is a reading of that number.
REFUSALS = {
    "date": "ngày tháng / a date", "year": "năm / a year", "month": "tháng / a month",
    "document_number": "số văn bản / a document number",
    "document_name": "tên văn bản (Nghị quyết 594) / a document named by its number",
    "range": "khoảng (2021-2026) / a range", "decimal": "số thập phân / a decimal",
    "percent": "tỷ lệ phần trăm / a percentage", "code": "mã, ký hiệu / part of a code",
    "section_label": "số mục (2.1.) / a section label", "list_label": "số thứ tự (1) / a list label",
    "numbered": "số hiệu (số 08) / a number naming a thing",
    "term_number": "khóa (khóa 21) / a council term's number",
    "appendix": "phụ lục / an appendix number", "chapter": "chương / a chapter number",
    "section_number": "mục / a section number", "article": "điều / an article number",
    "clause": "khoản / a clause number", "point": "điểm / a point number",
    "programme": "chương trình (Chương trình 135) / a programme's number",
    "between": "giữa (giữa 2 kỳ họp) / between two things",
    "some": "một số (1 số) / some, not one", "ordinal": "số thứ tự (thứ 7) / an ordinal",
}
_ROMAN = re.compile(r"^[IVXLC]+$")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}


@dataclass(frozen=True)
class Number:
    """A quantity in a text: `text[start:end]`, half-open. `bound` is "lower"/"upper"/None.

    `first`/`last` are the indices of the tokens it covers (inclusive), `bound_start` the
    offset of a bound word before it ("trên 60"), else `start`.
    """

    start: int
    end: int
    value: int
    first: int
    last: int
    bound: str | None = None
    bound_start: int | None = None
    ordinal: bool = False
    zero_phrase: bool = False


def _roman(word: str) -> int | None:
    if not _ROMAN.match(word):
        return None
    total = 0
    for a, b in zip(word, word[1:] + " "):
        v = _ROMAN_VALUES[a]
        total += -v if b != " " and _ROMAN_VALUES[b] > v else v
    return total


def words_value(words: list[str]) -> int | None:
    """Return the value of Vietnamese number words ("hai mươi mốt" → 21), None if malformed."""
    total, cur, seen_tens = 0, 0, False
    for w in words:
        if w in _UNITS:
            if cur % 10 and not seen_tens:
                return None  # "hai ba": two separate numbers, not one
            cur += _UNITS[w]
        elif w == "mười":
            cur += 10
            seen_tens = True
        elif w == "mươi":
            if not 1 <= cur <= 9:
                return None
            cur *= 10
            seen_tens = True
        elif w == "trăm":
            total += (cur or 1) * 100
            cur, seen_tens = 0, False
        elif w in ("linh", "lẻ"):
            seen_tens = True
        elif w in ("nghìn", "ngàn"):
            total = (total + (cur or 1)) * 1000
            cur, seen_tens = 0, False
    return total + cur


def _is_digits(tok: Token) -> bool:
    return tok.text[0].isdigit()


def _digits_value(tok: Token) -> int:
    return int(tok.text.replace(".", ""))


def _at(tokens: list[Token], i: int) -> Token | None:
    return tokens[i] if 0 <= i < len(tokens) else None


def _glued(a: Token | None, b: Token | None) -> bool:
    return a is not None and b is not None and a.end == b.start


def _digit_number(text: str, tokens: list[Token], i: int) -> tuple[int, int, int] | str:
    """Return (value, last token index, end offset) of the digit number at i, or why it is
    refused: one of `REFUSALS` ("date", "document_number", "year", ...)."""
    tok = tokens[i]
    prev, nxt = _at(tokens, i - 1), _at(tokens, i + 1)
    # Part of a date, document number, range or decimal: "22/05/2024", "08/KH", "2021-2026",
    # "18-19/7", "1,5". Glued separators only, so "(hai)" and "6/6 cuộc" are handled below.
    if prev is not None and prev.text in "/-–.," and _glued(prev, tok):
        before = _at(tokens, i - 2)
        if before is not None and _glued(before, prev) and before.text[0].isalnum():
            return "joined"
    if nxt is not None and _glued(tok, nxt) and nxt.text in "/-–,":
        after = _at(tokens, i + 2)
        if nxt.text == "/" and after is not None and _is_digits(after) and _glued(nxt, after):
            third = _at(tokens, i + 3)
            if third is not None and third.text in "/-" and _glued(after, third):
                return "date"
            if prev is not None and prev.norm == "ngay":
                return "date"  # "ngày 22/1": day and month
            return _digits_value(tok), i + 2, after.end  # done over planned: "6/6 cuộc"
        if after is not None and _glued(nxt, after) and after.text[0].isalnum():
            # "08/KH-TTHĐND", "2021-2026", "1,5"
            return _JOINED_BY.get((nxt.text, _is_digits(after)), "code")
    if nxt is not None and nxt.text in ("%",):
        return "percent"
    if nxt is not None and nxt.text == "." and _glued(tok, nxt):
        after = _at(tokens, i + 2)
        if prev is None or (after is not None and _is_digits(after)) or (
                prev.text == "." and _glued(prev, tok)):
            return "section_label"  # "2." / "2.1." / "2.1.3"
    if prev is not None and _glued(prev, tok) and prev.text[0].isalpha():
        return "code"  # "UBTVQH15", "QĐ1"
    if prev is not None and prev.text == "(" and nxt is not None and nxt.text == ")":
        return "list_label"  # "(1)"
    if nxt is not None and nxt.text == ")" and (prev is None or prev.text in ";."):
        return "list_label"  # "1)"
    if prev is not None and prev.text in _DESIGNATION_BEFORE and not (
            (before := _at(tokens, i - 2)) is not None and (
                prev.norm == "so" and before.norm in ("tong", "trong")
                or prev.norm == "diem" and before.norm == "dut")):
        return _DESIGNATION_BEFORE[prev.text]  # but "tổng số 07", "dứt điểm 09" count
    if prev is not None and prev.norm == "quyet" and (before := _at(tokens, i - 2)) is not None \
            and before.norm == "nghi":
        return "document_name"  # "Nghị quyết 594" (but "giải quyết 07 kiến nghị" is a count)
    if prev is not None and prev.norm == "trinh" and (before := _at(tokens, i - 2)) is not None \
            and before.norm in ("chuong", "to"):
        return "programme" if before.norm == "chuong" else "document_name"
        # "Chương trình 135", "Tờ trình 12" (but "giải trình 03 nội dung" counts)
    if 1900 <= _digits_value(tok) <= 2100 and len(tok.text) == 4:
        return "year"
    return _digits_value(tok), i, tok.end


def _word_number(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """Return (value, last token index) of the number words starting at i, None if refused."""
    first = tokens[i].text.lower()
    if first not in _WORDS or first in _NOT_FIRST:
        return None
    prev = _at(tokens, i - 1)
    if tokens[i].text[0].isupper() and prev is not None and (
            prev.text[0].isupper() or prev.norm in _PLACE_BEFORE):
        return None  # part of a name: "thôn Ba Khen", "Làng Năm"
    if first == "một" and prev is not None and prev.text.lower() in ("cùng", "chung"):
        return None  # "trên cùng một địa bàn": the same one
    if prev is not None and prev.text.lower() == "giữa":
        return None  # "giữa hai kỳ họp": between two sessions
    j = i
    words: list[str] = []
    while j < len(tokens) and tokens[j].text.lower() in _WORDS:
        words.append(tokens[j].text.lower())
        j += 1
    nxt = _at(tokens, j)
    if words[0] == "năm" and len(words) == 1:
        if (nxt is not None and _is_digits(nxt)) or (prev is not None and
                                                      prev.text.lower() in _YEAR_BEFORE):
            return None
    if words[-1] == "năm" and len(words) > 1 and nxt is not None and _is_digits(nxt):
        words.pop()  # "... hai năm 2024"
        j -= 1
    value = words_value(words)
    if value is None:
        return None
    return value, j - 1


def _ends_name(tokens: list[Token], i: int) -> bool:
    """Return True when title-case token i follows a title-case word: "Thứ" of "phường
    Phú Thứ 07 ý kiến" ends a name, it marks no ordinal ("KỲ HỌP THỨ 7" still does)."""
    return i > 0 and tokens[i].text.istitle() and tokens[i - 1].text.istitle() \
        and tokens[i].start == tokens[i - 1].end + 1


def _starts_name(tokens: list[Token], i: int) -> bool:
    """Return True when title-case token i is followed by a title-case word: a place name
    ("thị xã Ba Đồn", "quận Hai Bà Trưng"), not a number word."""
    return i + 1 < len(tokens) and tokens[i].text.istitle() \
        and tokens[i + 1].text.istitle() and tokens[i + 1].text.isalpha() \
        and tokens[i + 1].start == tokens[i].end + 1


@lru_cache(maxsize=512)
def scan(text: str) -> tuple[tuple[Token, ...], tuple[Number, ...]]:
    """Return the tokens of `text` and its numbers (`find_numbers`), kept for the texts read
    last: the counts and the readings of a document read the same paragraphs."""
    tokens = tokenize(text)
    return tuple(tokens), tuple(find_numbers(text, tokens))


def find_numbers(text: str, tokens: list[Token] | None = None) -> list[Number]:
    """Return the quantities and ordinals of `text`, in order, with exact spans."""
    if tokens is None:
        return list(scan(text)[1])
    found: list[Number] = []
    plain = text.isascii()  # typed without diacritics: "ky hop thu 9" is an ordinal too
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        # Most tokens are plain words: skip at once what cannot start a number (no digit,
        # no number word that may come first, no zero phrase, not after "thứ").
        if (not tok.text[0].isdigit() and tok.norm not in _ZERO_FIRST
                and tok.text.lower() not in _FIRST_WORDS
                and (i == 0 or tokens[i - 1].text.lower() not in _ORDINAL_BEFORE)):
            i += 1
            continue
        prev = _at(tokens, i - 1)
        nxt = _at(tokens, i + 1)
        zero = _zero_at(tokens, i)
        if zero:
            last = i + zero - 1
            found.append(Number(tok.start, tokens[last].end, 0, i, last, bound_start=tok.start,
                                zero_phrase=True))
            i = last + 1
            continue
        ordinal = prev is not None and (prev.text.lower() in _ORDINAL_BEFORE or (
            plain and prev.text.lower() == "thu" and i > 1
            and tokens[i - 2].norm in _ORDINAL_HEADS)) and not _ends_name(tokens, i - 1)
        if _is_digits(tok):
            got = _digit_number(text, tokens, i)
            if isinstance(got, str) and not ordinal:
                i += 1
                continue
            value, last, end = got if not isinstance(got, str) else (_digits_value(tok), i,
                                                                     tok.end)
        elif ordinal and _roman(tok.text) is not None:
            value, last, end = _roman(tok.text), i, tok.end
        elif ordinal and tok.text.lower() in _ORDINAL_WORDS:
            value, last, end = _ORDINAL_WORDS[tok.text.lower()], i, tok.end
        elif not ordinal and _starts_name(tokens, i):
            i += 1  # "Ba Đồn", "Hai Bà Trưng": a place, not "3 đơn"
            continue
        else:
            got_w = _word_number(tokens, i)
            if got_w is None:
                i += 1
                continue
            value, last = got_w
            end = tokens[last].end
        nxt = _at(tokens, last + 1)
        if not ordinal and nxt is not None and nxt.norm in _SOME:
            i = last + 1
            continue  # "một số", "1 số": some
        # "02 (hai)": the words restate the digits; one number spanning both.
        if (_is_digits(tok) and nxt is not None and nxt.text == "("
                and (w := _word_number(tokens, last + 2)) is not None and w[0] == value
                and (close := _at(tokens, w[1] + 1)) is not None and close.text == ")"):
            last, end = w[1] + 1, close.end
        # "hai (02)": the same the other way round.
        elif (not _is_digits(tok) and nxt is not None and nxt.text == "("
              and (d := _at(tokens, last + 2)) is not None and _is_digits(d)
              and _digits_value(d) == value
              and (close := _at(tokens, last + 3)) is not None and close.text == ")"):
            last, end = last + 3, close.end
        bound, bound_start = _bound(tokens, i)
        found.append(Number(tok.start, end, value, i, last, bound=None if ordinal else bound,
                            bound_start=bound_start if not ordinal else tok.start,
                            ordinal=ordinal))
        i = last + 1
    return found


def _zero_at(tokens: list[Token], i: int) -> int:
    """Return the length in tokens of a zero phrase starting at i, else 0."""
    first = tokens[i].text.lower()
    if tokens[i].norm not in _ZERO_FIRST or not (
            first in ("chưa", "không") or tokens[i].text.isascii()):
        return 0  # "xã Kông Lơng Khơng có 05 ý kiến": a name, not "không có"
    for seq in _ZERO:
        if tuple(t.norm for t in tokens[i:i + len(seq)]) == seq:
            after = tuple(t.norm for t in tokens[i + len(seq):i + len(seq) + 2])
            if after == ("van", "ban") and i > 0 and tokens[i - 1].text.isalpha():
                return 0  # "04 kiến nghị chưa có văn bản trả lời": still pending, no zero
            return len(seq)
    return 0


def _bound(tokens: list[Token], i: int) -> tuple[str | None, int]:
    """Return the bound the words around token i set ("trên 60", "từ 60 ... trở lên" →
    lower; "không quá 10", "gần 100" → upper) and where it starts."""
    prev = _at(tokens, i - 1)
    before = _at(tokens, i - 2)
    if prev is None:
        return None, tokens[i].start
    if prev.norm in _LOWER:
        return "lower", prev.start
    if prev.norm in _UPPER_ONE:
        return "upper", prev.start
    if before is not None and (before.norm, prev.norm) in _UPPER_TWO:
        return "upper", before.start
    if prev.norm == "tu" and any(tokens[k].norm == "tro" and tokens[k + 1].norm == "len"
                                 for k in range(i + 1, min(i + 8, len(tokens) - 1))):
        return "lower", prev.start  # "từ 60 cử tri trở lên"
    return None, tokens[i].start


@dataclass(frozen=True)
class Written:
    """A number as written in a text, quantity or not: `text[start:end]`, half-open.

    `reason` is None for a quantity `find_numbers` returns, else what the number is instead
    (a key of `REFUSALS`: "ordinal", "date", "year", "document_number", ...)."""

    start: int
    end: int
    reason: str | None = None


# A run of characters glued to a refused number that belongs to it: digits, letters and
# separators ("22/05/2024", "08/KH-TTHĐND", "UBTVQH15", "2.1."); brackets of "(1)"
_GLUE = frozenset("/-–.,:")


def written_numbers(text: str, tokens: list[Token] | None = None) -> list[Written]:
    """Return every number written in `text`, in order: the quantities and ordinals of
    `find_numbers` (zero phrases left out: no number is written) and every digit run it
    refuses, with the reason. A refused number spans what is glued to it ("22/05/2024" is
    one, "(1)" one, "95%" one); number words it refuses (a name's "Ba", "năm" the year,
    "một số") are not numbers and are left out."""
    if tokens is None:
        tokens, numbers = scan(text)
    else:
        numbers = find_numbers(text, tokens)
    found = [n for n in numbers if not n.zero_phrase]
    taken = {k for n in found for k in range(n.first, n.last + 1)}
    out = [Written(n.start, n.end, "ordinal" if n.ordinal else None) for n in found]
    i = 0
    while i < len(tokens):
        if i in taken or not _is_digits(tokens[i]):
            i += 1
            continue
        got = _digit_number(text, tokens, i)
        reason = got if isinstance(got, str) else "some"  # refused later: "1 số"
        first, last = _glued_run(tokens, i, taken)
        if reason == "joined":  # glued to a word before it: "NQ/TW-15"
            reason = "code"
        if reason == "percent" and last + 1 < len(tokens) and tokens[last + 1].text == "%":
            last += 1  # "95 %"
        if reason == "list_label":
            first, last = _brackets(tokens, first, last)
        out.append(Written(tokens[first].start, tokens[last].end, reason))
        taken.update(range(first, last + 1))
        i = last + 1
    return sorted(out, key=lambda w: w.start)


def _glued_run(tokens: list[Token], i: int, taken: set[int]) -> tuple[int, int]:
    """Return the first and last token of the run glued to digit token i (no space between)
    that reads as one written thing: digits, letters and separators, ending in a digit or a
    letter, and not reaching into another number."""
    first = i
    while (first - 1 not in taken and first > 0 and _glued(tokens[first - 1], tokens[first])
           and _joins(tokens[first - 1]) and not (first - 1 == 0 and tokens[0].text in _GLUE)):
        first -= 1
    while tokens[first].text in _GLUE:
        first += 1
    last = i
    while (last + 1 not in taken and last + 1 < len(tokens)
           and _glued(tokens[last], tokens[last + 1]) and _joins(tokens[last + 1])):
        last += 1
    while tokens[last].text in _GLUE or tokens[last].text == "%":
        last -= 1
    if last + 1 < len(tokens) and tokens[last + 1].text == "%" and _glued(tokens[last],
                                                                         tokens[last + 1]):
        last += 1
    return first, last


def _joins(tok: Token) -> bool:
    return tok.text[0].isalnum() or tok.text in _GLUE


def _brackets(tokens: list[Token], first: int, last: int) -> tuple[int, int]:
    """Widen a list label to its brackets: "(1)", "1)"."""
    if first > 0 and tokens[first - 1].text == "(" and _glued(tokens[first - 1], tokens[first]):
        first -= 1
    if last + 1 < len(tokens) and tokens[last + 1].text == ")" and _glued(tokens[last],
                                                                          tokens[last + 1]):
        last += 1
    return first, last
