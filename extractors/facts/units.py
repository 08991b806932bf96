"""Administrative units named in a document, each with the span it was named in."""
from __future__ import annotations

from extractors.facts.evidence import make_evidence
from extractors.places import Gazetteer, gazetteer
from schemas.record import Level, UnitMention
from schemas.source import Document


def extract_units(doc: Document, district: str | None, province: str | None, *,
                  bare: str = "district", gaz: Gazetteer | None = None) -> list[UnitMention]:
    """Return every unit mention of `doc`, block by block, once per place it is named.

    Units are those `Gazetteer.find` knows for the document's `district` and `province`
    (its communes, the province's districts, provinces, and other districts named with
    their kind word). `bare` is the level of a bare name that is both a commune and a
    district ("Tu Mơ Rông"): "district" for a district's report, "commune" for a commune's.
    """
    gaz = gaz or gazetteer()
    out = []
    for block in doc.blocks:
        for m in gaz.find(block.text, district=district, province=province, bare=bare):
            u = m.unit
            out.append(UnitMention(
                name=u.name, level=Level(u.level), code=u.code,
                district=u.district, province=u.province, successor=u.successor,
                evidence=make_evidence(doc, block.id, m.start, m.end),
            ))
    return out
