import pytest

from extractors.places import fold, nfc
from schemas.flags import Decision, Flag
from schemas.record import Count, Evidence, Qualifiers, Record
from schemas.source import Block, Document, Part


def _evidence():
    return Evidence(part="footnote", footnote=5, block=41, start=0, end=10, text="Xã Đăk Sao",
                    doc_start=900, doc_end=910)


@pytest.mark.parametrize("model", [
    _evidence(),
    Count(id="c1", indicator="voter_petitions", value=6, level="commune", unit="Đăk Sao",
          evidence=_evidence(), rule="list.item"),
    Count(id="c2", indicator="sessions", value=1, level="commune", unit="Đăk Sao",
          qualifiers=Qualifiers(kind="regular", planned=True), evidence=_evidence(),
          rule="plan"),
    Document(file="a.docx", sha256="0" * 64, size=3, source_format="docx", text="Xã",
             blocks=(Block(id=0, part=Part.body, text="Xã", start=0, end=2),)),
    Decision(target_id="f1", action="correct", value=7, reviewer="Lan", note="theo báo cáo xã",
             created="2026-11-26T20:00:00Z"),
    Flag(id="f1", rule="section_gap", severity="warning", message="Thiếu mục III",
         message_en="Section III is missing"),
])
def test_models_round_trip_through_json(model):
    again = type(model).model_validate(model.model_dump(mode="json"))
    assert again == model


@pytest.mark.parametrize("qualifiers, written", [
    (Qualifiers(), {}),  # a count of the period: "qualifiers": {} as before plans existed
    (Qualifiers(kind="regular"), {"kind": "regular"}),
    (Qualifiers(kind="regular", planned=True), {"kind": "regular", "planned": True}),
])
def test_record_json_writes_planned_only_for_a_planned_count(qualifiers, written):
    from pipeline.extract import record_json

    count = Count(id="c", indicator="sessions", value=1, level="commune", unit="Đăk Sao",
                  qualifiers=qualifiers, evidence=_evidence(), rule="r")
    record = Record(file="a", sha256="x", kind="commune_report", level="commune",
                    unit="Đăk Sao", district=None, province=None, period={}, term=None,
                    counts=[count])
    assert record_json(record)["counts"][0]["qualifiers"] == written
    # a record written before plans existed still reads
    old = count.model_dump(mode="json")
    old["qualifiers"].pop("planned")
    assert Count.model_validate(old).qualifiers.planned is None


def test_record_rejects_unknown_fields():
    with pytest.raises(ValueError):
        Record.model_validate({"file": "a", "sha256": "x", "kind": "other", "level": None,
                               "unit": None, "district": None, "province": None,
                               "period": {}, "term": None, "surprise": 1})


@pytest.mark.parametrize("a, b", [
    ("Đăk Sao", "Đắk Sao"), ("Đăk Sao", "Dak Sao"), ("Ngọk Yêu", "Ngọc Yêu"),
    ("khoá", "khóa"), ("hoà", "hòa"), ("ĐĂK TỜ KAN", "Đăk Tờ Kan"),
    ("Te\u0302 Xa\u0306ng", "Tê Xăng"),
])
def test_fold_makes_spelling_variants_equal(a, b):
    assert fold(a) == fold(b)


def test_fold_keeps_distinct_names_apart():
    assert fold("Đăk Hà") != fold("Đăk Na")


def test_nfc_composes_decomposed_text():
    assert nfc("Te\u0302") == "Tê"


def test_evidence_slices_the_block_text():
    from extractors.facts.evidence import fact_id, make_evidence

    text = "Xã Đăk Sao 6 ý kiến; xã Ngọk Yêu 4 ý kiến"
    doc = Document(file="a.docx", sha256="0" * 64, size=1, source_format="docx",
                   text="Tiêu đề\n" + text,
                   blocks=(Block(id=0, part=Part.body, text="Tiêu đề", start=0, end=7),
                           Block(id=1, part=Part.footnote, text=text, start=8, end=8 + len(text),
                                 note=5)))
    ev = make_evidence(doc, 1, 0, 19)
    assert ev.text == "Xã Đăk Sao 6 ý kiến"
    assert doc.text[ev.doc_start:ev.doc_end] == ev.text
    assert ev.footnote == 5 and ev.part == "footnote"
    assert fact_id(doc.sha256, "counts", "r1", ev) == fact_id(doc.sha256, "counts", "r1", ev)
    assert fact_id(doc.sha256, "counts", "r1", ev) != fact_id(doc.sha256, "counts", "r2", ev)
    with pytest.raises(ValueError):
        make_evidence(doc, 1, 5, 999)
