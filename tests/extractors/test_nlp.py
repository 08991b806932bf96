"""The NLP layer: syllable Docs whose tokens point into the text, numbers as one token, and
rules from JSONL compiled to spaCy matchers."""
from __future__ import annotations

import json

import pytest

from extractors.language.nlp import (
    NUMBER,
    ORDINAL,
    RuleMatcher,
    analyse,
    load_rules,
    make_doc,
)
from schemas.errors import RuleError


@pytest.mark.parametrize("text", [
    "Xã Đăk Sao 6 ý kiến; xã Ngọk Yêu: 02 (hai) ý kiến.",
    "giám sát,  41 chuyên đề, cụ thể:",  # two spaces: offsets still exact
    "HĐND chưa tổ chức kỳ họp thứ chín; 261đơn thư, 2.900 lượt cử tri.",
])
def test_tokens_point_into_the_text(text):
    doc, words, starts, ends, numbers, norms = make_doc(text)
    assert [text[s:e] for s, e in zip(starts, ends)] == words == [t.text for t in doc]
    assert [t.norm_ for t in doc] == norms


def test_numbers_are_one_token_and_keys_are_folded():
    doc, words, _, _, numbers, norms = make_doc("Đắk Sao: 02 (hai) kỳ họp thứ 7, chưa có đơn")
    assert words == ["Đắk", "Sao", ":", "02 (hai)", "kỳ", "họp", "thứ", "7", ",", "chưa có",
                     "đơn"]
    assert norms == ["dac", "sao", ":", NUMBER, "ky", "hop", "thu", ORDINAL, ",", NUMBER, "don"]
    assert [n.value for n in numbers if n is not None] == [2, 7, 0]


def test_longest_match_wins():
    a = analyse("tổ chức 02 kỳ họp chuyên đề; Thường trực HĐND huyện")
    assert [(m.rule.label, a.words[m.start]) for m in a.matches] == [
        ("sessions", "kỳ"), ("body:standing", "Thường"), ("level:district", "huyện")]


def test_patterns_beyond_key_sequences_go_to_the_token_matcher(tmp_path):
    from extractors.language.nlp import _vocab  # the shared vocabulary of every Doc

    rules_file = tmp_path / "r.jsonl"
    rules_file.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in [
        {"id": "a", "label": "sessions", "pattern": [{"NORM": "ky"}, {"NORM": "hop"}]},
        {"id": "b", "label": "questions", "pattern": [{"NORM": "chat"}, {"NORM": "van"},
                                                      {"IS_PUNCT": True, "OP": "*"}]},
    ]), encoding="utf-8")
    matcher = RuleMatcher(load_rules(rules_file), "r.jsonl")
    assert matcher.has_tokens
    doc = make_doc("kỳ họp, chất vấn.")[0]
    found = {(_vocab().strings[i], s, e) for i, s, e in matcher(doc)}
    assert ("a", 0, 2) in found and ("b", 3, 5) in found


@pytest.mark.parametrize("line, problem", [
    ('{"id": "x", "label": "sessions"}', "pattern"),
    ("not json", "bad rule"),
])
def test_a_malformed_rule_names_its_line(tmp_path, line, problem):
    rules_file = tmp_path / "bad.jsonl"
    rules_file.write_text('{"id": "ok", "label": "sessions", "pattern": [{"NORM": "ky"}]}\n'
                          + line + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"bad.jsonl:2: .*{problem}"):
        load_rules(rules_file)


def test_a_pattern_spacy_refuses_is_a_rule_error(tmp_path):
    rules_file = tmp_path / "bad.jsonl"
    rules_file.write_text('{"id": "x", "label": "sessions", "pattern": [{"NOPE": 1}]}\n',
                          encoding="utf-8")
    with pytest.raises(RuleError, match="rule x"):
        RuleMatcher(load_rules(rules_file), "bad.jsonl")
