"""Real Word footnotes for a python-docx document, through its package layer: a footnotes
part related to the document part, the two separator notes Word expects, the footnote
styles, and a reference mark run where a note belongs. python-docx has no footnote API; its
`XmlPart`, `relate_to` and oxml elements do the packaging, this module only says what goes
into them."""
from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt

_EMPTY = (f'<w:footnotes {nsdecls("w")}>'
          '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" '
          'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
          '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing '
          'w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/>'
          '</w:r></w:p></w:footnote></w:footnotes>')


class Footnotes:
    """The footnotes of one document: `add(paragraph, text)` puts a reference mark at the end
    of `paragraph` and the note's text at the bottom of the page; notes number from 1 in the
    order they are added."""

    def __init__(self, document, size: float = 11):
        self.document = document
        part = document.part
        self.part = XmlPart(PackURI("/word/footnotes.xml"), CONTENT_TYPE.WML_FOOTNOTES,
                            parse_xml(_EMPTY), part.package)
        part.relate_to(self.part, RELATIONSHIP_TYPE.FOOTNOTES)
        self.next_id = 1
        styles = document.styles
        if "Footnote Text" not in [s.name for s in styles]:
            text = styles.add_style("Footnote Text", WD_STYLE_TYPE.PARAGRAPH)
            text.base_style = styles["Normal"]
            text.font.size = Pt(size)
            text.paragraph_format.space_after = Pt(0)
            text.paragraph_format.first_line_indent = Pt(0)
            mark = styles.add_style("Footnote Reference", WD_STYLE_TYPE.CHARACTER)
            mark.font.superscript = True

    def add(self, paragraph, text: str) -> int:
        """Append a footnote reference to `paragraph` with `text` as the note; return its id."""
        note_id = self.next_id
        self.next_id += 1
        run = paragraph.add_run()
        run.style = self.document.styles["Footnote Reference"]
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(note_id))
        run._r.append(ref)
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(note_id))
        p = OxmlElement("w:p")
        p_pr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), self.document.styles["Footnote Text"].style_id)
        p_pr.append(style)
        p.append(p_pr)
        p.append(_run(mark=True, style=self.document.styles["Footnote Reference"].style_id))
        p.append(_run(text=" " + text))
        note.append(p)
        self.part.element.append(note)
        return note_id


def _run(*, text: str | None = None, mark: bool = False, style: str | None = None):
    r = OxmlElement("w:r")
    if style:
        r_pr = OxmlElement("w:rPr")
        r_style = OxmlElement("w:rStyle")
        r_style.set(qn("w:val"), style)
        r_pr.append(r_style)
        r.append(r_pr)
    if mark:
        r.append(OxmlElement("w:footnoteRef"))
    if text is not None:
        t = OxmlElement("w:t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        r.append(t)
    return r
