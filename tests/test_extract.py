"""The seed against expected.json: every expected count, none with a wrong value; the JSON
shape of contract.md; spans that point into the text."""
from __future__ import annotations

import json

import pytest

from extractors.language.numbers import find_numbers
from pipeline.extract import extract_file, format_record, record_json
from tests.conftest import SEED_DOC, SEED_EXPECTED

_KEY = ("indicator", "level", "unit", "scope", "body")


def _key(c: dict) -> tuple:
    q = {k: v for k, v in c["qualifiers"].items() if v is not None}
    return tuple(c[k] for k in _KEY) + (json.dumps(q, sort_keys=True),)


@pytest.fixture(scope="module")
def seed_record(seed_docx):
    return extract_file(seed_docx)


@pytest.fixture(scope="module")
def seed_json(seed_record):
    return record_json(seed_record)


@pytest.fixture(scope="module")
def expected():
    return json.loads(SEED_EXPECTED.read_text(encoding="utf-8"))


def test_seed_yields_every_expected_count(seed_json, expected):
    got = {(_key(c), c["value"]) for c in seed_json["counts"]}
    missing = [(_key(c), c["value"]) for c in expected["counts"]
               if (_key(c), c["value"]) not in got]
    assert len(expected["counts"]) == 55
    assert missing == []


def test_seed_has_no_count_with_a_wrong_value(seed_json, expected):
    values: dict[tuple, set[int]] = {}
    for c in expected["counts"]:
        values.setdefault(_key(c), set()).add(c["value"])
    wrong = [(_key(c), c["value"]) for c in seed_json["counts"]
             if _key(c) in values and c["value"] not in values[_key(c)]]
    assert wrong == []


def test_seed_extra_counts_are_few(seed_json, expected):
    keys = {_key(c) for c in expected["counts"]}
    extra = [c for c in seed_json["counts"] if _key(c) not in keys]
    # "02 kỳ họp chuyên đề", the breakdown of the district's two sessions, is the only one
    assert [(c["indicator"], c["value"], c["qualifiers"]) for c in extra] == [
        ("sessions", 2, {"kind": "thematic"})]


@pytest.mark.parametrize("total, parts", [
    (("resolutions", 18, "all"), [6, 12]),
    (("resolutions", 12, "commune"), [1, 1, 1, 1, 1, 1, 1, 1, 3, 1]),
    (("supervision_topics", 41, "all"), [10, 12, 16, 3]),
    (("voter_petitions", 68, "commune"), [6, 4, 12, 3, 5, 8, 12, 4, 6, 3, 5]),
    (("voter_petitions", 94, "all"), [26, 68]),
    (("voter_petitions", 26, "district"), [10, 16]),
])
def test_seed_parts_point_to_their_total(seed_record, total, parts):
    indicator, value, level = total
    totals = [c for c in seed_record.counts if (c.indicator.value, c.value, c.level.value)
              == total and any(p.total_id == c.id for p in seed_record.counts)]
    assert len(totals) == 1
    got = [p.value for p in seed_record.counts if p.total_id == totals[0].id]
    assert got == parts


def test_seed_lists_have_one_id_each(seed_record):
    lists: dict[str, list[str]] = {}
    for c in seed_record.counts:
        if c.list_id:
            lists.setdefault(c.list_id, []).append(c.unit)
    assert {k: len(v) for k, v in lists.items()} == {
        "fn1:sessions:2": 10, "fn2:resolutions": 10, "fn5:voter_petitions": 11}
    assert "Măng Ri" not in lists["fn1:sessions:2"]


def test_seed_metadata(seed_json, expected):
    for field in ("kind", "level", "unit", "province", "period", "term"):
        assert seed_json[field] == expected[field], field


def test_record_json_has_the_contract_shape(seed_json):
    count = seed_json["counts"][0]
    assert {"indicator", "value", "level", "unit", "scope", "body", "qualifiers",
            "evidence"} <= set(count)
    assert {"part", "block", "start", "end", "text"} <= set(count["evidence"])
    assert all(v is not None for c in seed_json["counts"] for v in c["qualifiers"].values())
    json.dumps(seed_json, ensure_ascii=False)


def test_every_evidence_is_the_text_it_points_to(seed_docx, seed_record):
    from extractors.reader import read_document

    doc = read_document(seed_docx)
    for c in seed_record.counts:
        ev = c.evidence
        assert doc.blocks[ev.block].text[ev.start:ev.end] == ev.text
        assert doc.text[ev.doc_start:ev.doc_end] == ev.text
        assert c.value in [n.value for n in find_numbers(ev.text)]


def test_count_ids_are_unique_and_stable(seed_docx, seed_record):
    again = extract_file(seed_docx)
    assert [c.id for c in again.counts] == [c.id for c in seed_record.counts]
    assert len({c.id for c in seed_record.counts}) == len(seed_record.counts)


def test_the_doc_twin_gives_the_same_counts(seed_json):
    twin = record_json(extract_file(SEED_DOC))
    def facts(record: dict) -> list[str]:
        return sorted(json.dumps([_key(c), c["value"]], ensure_ascii=False)
                      for c in record["counts"])

    assert facts(twin) == facts(seed_json)


def test_format_record_lists_every_count(seed_record):
    text = format_record(seed_record)
    assert "district_summary" in text
    assert "Xã Đăk Sao 6 ý kiến" in text
    assert f"counts: {len(seed_record.counts)}" in text


def test_registry_names_importable_functions():
    from extractors import REGISTRY, load

    assert all(callable(load(name)) for name in REGISTRY)
    with pytest.raises(KeyError):
        load("nothing")


def test_extract_command_prints_json_and_table(seed_docx, seed_json, unread_docx):
    from click.testing import CliRunner

    from pipeline.cli import cli

    out = CliRunner().invoke(cli, ["extract", str(seed_docx), "--json"])
    assert out.exit_code == 0
    record = json.loads(out.output)
    assert record["counts"] == seed_json["counts"]
    assert record["unread"] == [] and record["readings"]["activity"]["count"] > 40
    table = CliRunner().invoke(cli, ["extract", str(seed_docx)])
    assert table.exit_code == 0
    assert "voter_petitions" in table.output and "fn5:voter_petitions" in table.output
    assert "Số chưa đọc được / unread numbers: 0" in table.output
    unread = CliRunner().invoke(cli, ["extract", str(unread_docx)])
    assert unread.exit_code == 0
    rows = unread.output.split("Số chưa đọc được / unread numbers: 1\n")[1].splitlines()
    assert rows[1].split()[1] == "17" and "«hồ sơ" in rows[1]


def test_every_unread_number_points_to_its_text(unread_docx):
    from extractors.reader import read_document

    doc = read_document(unread_docx)
    record = extract_file(unread_docx)
    assert sorted((c.indicator, c.value) for c in record.counts) == [
        ("citizen_receptions", 5), ("sessions", 2)]
    assert [u.text for u in record.unread] == ["17"]
    for u in record.unread:
        ev = u.evidence
        assert doc.blocks[ev.block].text[ev.start:ev.end] == ev.text == u.text
        assert doc.text[ev.doc_start:ev.doc_end] == u.text


def test_extract_of_a_broken_file_is_an_input_error(tmp_path):
    from click.testing import CliRunner

    from pipeline.cli import cli

    bad = tmp_path / "hỏng.docx"
    bad.write_bytes(b"not a zip")
    out = CliRunner().invoke(cli, ["extract", str(bad), "--json"])
    assert out.exit_code == 1
    assert out.output.startswith("Error: ") and "hỏng.docx" in out.output


def test_warm_up_goes_through_every_stage():
    # the forkserver warms workers with these lines: they must reach metadata, the count
    # rules, references and units, or workers would still load those lazily
    from pipeline.extract import warm

    record = warm()
    assert record.level is not None and record.number and record.date
    assert {c.indicator.value for c in record.counts} >= {"sessions", "citizen_receptions"}
    assert record.references and record.units
