"""The NLP layer: syllable Docs whose tokens point into the text, numbers as one token, rule
words matched with their diacritics (folded only for text typed without any), and the
lexicon and frames checked line by line when they load."""
from __future__ import annotations

import json

import pytest

from extractors.language.lexicon import (
    NUMBER,
    ORDINAL,
    expand,
    load_frames,
    load_lexicon,
)
from extractors.language.nlp import analyse, make_doc
from schemas.errors import RuleError


@pytest.mark.parametrize("text", [
    "Xã Đăk Sao 6 ý kiến; xã Ngọk Yêu: 02 (hai) ý kiến.",
    "giám sát,  41 chuyên đề, cụ thể:",  # two spaces: offsets still exact
    "HĐND chưa tổ chức kỳ họp thứ chín; 261đơn thư, 2.900 lượt cử tri.",
])
def test_tokens_point_into_the_text(text):
    doc, words, starts, ends, numbers, norms, keys = make_doc(text)
    assert [text[s:e] for s, e in zip(starts, ends)] == words == [t.text for t in doc]
    assert [t.norm_ for t in doc] == keys


def test_numbers_are_one_token_and_keys_keep_their_diacritics():
    doc, words, _, _, numbers, norms, keys = make_doc("Đắk Sao: 02 (hai) kỳ họp thứ 7, "
                                                      "chưa có đơn; khoá mới")
    assert words == ["Đắk", "Sao", ":", "02 (hai)", "kỳ", "họp", "thứ", "7", ",", "chưa có",
                     "đơn", ";", "khoá", "mới"]
    assert keys == ["đắk", "sao", ":", NUMBER, "kỳ", "họp", "thứ", ORDINAL, ",", NUMBER, "đơn",
                    ";", "khóa", "mới"]
    assert norms[:2] == ["dac", "sao"]  # folded keys stay for names
    assert [n.value for n in numbers if n is not None] == [2, 7, 0]


def _roles(text: str) -> list[tuple[str, str]]:
    a = analyse(text)
    return [(m.rule.label, a.words[m.start]) for m in a.matches]


def test_longest_match_wins_and_one_phrase_keeps_all_its_roles():
    assert _roles("tổ chức 02 kỳ họp chuyên đề; Thường trực HĐND huyện") == [
        ("verb:hold", "tổ"), ("head:session", "kỳ"), ("body:standing", "Thường"),
        ("level:district", "huyện")]
    assert set(_roles("giám sát 05 cuộc")) >= {("head:supervision", "giám"),
                                                ("verb:supervise", "giám")}


@pytest.mark.parametrize("text, role", [
    pytest.param("mỗi xã 01 kỳ họp", "each:each", id="mỗi-is-each"),
    pytest.param("xây dựng nông thôn mới 02 kỳ họp", None, id="mới-is-not-each"),
    pytest.param("moi xa 01 ky hop", "each:each", id="no-diacritics-folds"),
])
def test_rule_words_keep_their_accents(text, role):
    labels = [label for label, _ in _roles(text)]
    assert ("each:each" in labels) == (role is not None)


def test_a_text_without_diacritics_is_matched_on_folded_keys():
    assert ("head:session", "ky") in _roles("HDND xa da to chuc 02 ky hop")
    # "hợp" is no "họp" when the text has diacritics
    assert not [r for r in _roles("tổng hợp 02 ý kiến") if r[0].startswith("verb:meet")]


@pytest.mark.parametrize("phrase, spelled", [
    ("kỳ họp[ thứ] #ord", ["kỳ họp thứ #ord", "kỳ họp #ord"]),
    ("{giám sát|khảo sát}[ chuyên đề]",
     ["giám sát chuyên đề", "giám sát", "khảo sát chuyên đề", "khảo sát"]),
    ("[các ]Ban{ HĐND| của HĐND}", ["các Ban HĐND", "các Ban của HĐND", "Ban HĐND",
                                    "Ban của HĐND"]),
])
def test_phrases_expand_their_options(phrase, spelled):
    assert expand(phrase) == spelled


@pytest.mark.parametrize("line, problem", [
    pytest.param('{"id": "x", "role": "head", "class": "c"}', "missing 'words'", id="no-words"),
    pytest.param("not json", "not JSON", id="not-json"),
    pytest.param('{"id": "x", "role": "noun", "class": "c", "words": ["a"]}',
                 "unknown role 'noun'", id="unknown-role"),
    pytest.param('{"id": "x", "role": "body", "class": "mayor", "words": ["a"]}',
                 "unknown class 'mayor'", id="unknown-body"),
    pytest.param('{"id": "x", "role": "column", "class": "forecast", "words": ["a"]}',
                 "unknown class 'forecast'", id="unknown-column"),
    pytest.param('{"id": "x", "role": "head", "class": "c", "words": ["a"], '
                 '"qualifiers": {"colour": "red"}}', "unknown qualifier 'colour'",
                 id="unknown-qualifier"),
    pytest.param('{"id": "x", "role": "head", "class": "c", "words": ["a"], "when": 1}',
                 "unknown key 'when'", id="unknown-key"),
    pytest.param('{"id": "x", "role": "head", "class": "c", "words": ["[a"]}',
                 "unclosed", id="malformed-phrase"),
    pytest.param('{"id": "ok", "role": "head", "class": "c", "words": ["b"]}',
                 "duplicate id 'ok'", id="duplicate-id"),
])
def test_a_malformed_lexicon_line_names_its_file_and_line(tmp_path, line, problem):
    path = tmp_path / "lexicon.jsonl"
    path.write_text('{"id": "ok", "role": "head", "class": "c", "words": ["kỳ họp"]}\n'
                    + line + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"lexicon.jsonl:2: .*{problem}"):
        load_lexicon(path)


@pytest.mark.parametrize("frame, problem", [
    pytest.param({"id": "x", "indicator": "meetings", "head": "session"},
                 "unknown indicator 'meetings'", id="unknown-indicator"),
    pytest.param({"id": "x", "indicator": "sessions", "head": "gathering"},
                 "no lexicon entry has class 'gathering'", id="unknown-class"),
    pytest.param({"id": "x", "indicator": "sessions", "head": "session",
                  "qualifiers": {"kind": "weekly"}}, "qualifier 'kind' cannot be 'weekly'",
                 id="bad-qualifier-value"),
    pytest.param({"id": "x", "indicator": "sessions", "section": "session"},
                 "needs a head, a measure or a verb", id="no-core-slot"),
])
def test_a_malformed_frame_names_its_file_and_line(tmp_path, frame, problem):
    path = tmp_path / "frames.jsonl"
    path.write_text('{"id": "ok", "indicator": "sessions", "head": "session"}\n'
                    + json.dumps(frame, ensure_ascii=False) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"frames.jsonl:2: .*{problem}"):
        load_frames(path, {"head": {"session"}})
