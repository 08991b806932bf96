"""The reader: a .docx or .doc file to a `Document` of blocks, or an `InputError`.

The file's first bytes decide how it is read, not its name: a zip is read as DOCX part by
part; an OLE2 compound file is a Word 97-2003 .doc read natively (`msdoc`), unless it is
encrypted (a password-protected DOCX or .doc) or another Office file. What the native reader
does not read (Word 6.0/95), and RTF or HTML saved under a .doc name, are converted by
LibreOffice when it is installed. Everything else is refused with a one-line reason.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from extractors.reader import legacy, msdoc
from extractors.reader.docx import read_docx
from extractors.reader.package import DocxProblem
from schemas.errors import InputError
from schemas.source import Document

MAX_DOCX_BYTES = 2**30  # read part by part, each part bounded (extractors.reader.package)
MAX_LEGACY_BYTES = 100 * 2**20  # a .doc (or RTF, HTML) is read whole

_ZIP_MAGIC = b"PK\x03\x04"
_EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Legacy exports often saved under a .doc name: RTF, HTML, MHT, Word 2003 XML.
_PASSWORD = ("tệp có mật khẩu, hãy gỡ mật khẩu rồi đọc lại / password-protected file: remove"
             " the password and retry")
_TEXT_WORD_STARTS = (b"{\\rtf", b"<html", b"<!doctype html", b"mime-version:", b"<?xml")


def read_document(path: str | Path) -> Document:
    """Return the blocks of the Word file at `path` in reading order.

    Raises `InputError(file, problem)` for anything that is not a readable Word document."""
    path = Path(path)
    file = str(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(64)
            size = os.fstat(fh.fileno()).st_size
            if head.startswith(_ZIP_MAGIC):
                if size > MAX_DOCX_BYTES:
                    raise InputError(file, _too_large(size, MAX_DOCX_BYTES))
                # A DOCX is read part by part: its photos are hashed but never held.
                fh.seek(0)
                sha256 = hashlib.file_digest(fh, "sha256").hexdigest()
                data = None
            else:
                if size > MAX_LEGACY_BYTES:
                    raise InputError(file, _too_large(size, MAX_LEGACY_BYTES))
                data = head + fh.read()
                sha256 = hashlib.sha256(data).hexdigest()
    except OSError as e:
        raise InputError(file, f"không mở được tệp / cannot open the file ({e.strerror})") from e
    if not head:
        raise InputError(file, "tệp rỗng (0 byte) / empty file (0 bytes)")
    try:
        if data is None:
            source_format, (raw, warnings) = "docx", read_docx(file)
        else:
            source_format, (raw, warnings) = "doc", _read_legacy(file, path.suffix.lower(), data)
    except DocxProblem as e:
        raise InputError(file, str(e)) from e
    if not any(b["text"].strip() for b in raw):
        raise InputError(file, "tài liệu rỗng (không có chữ) / empty document (no text)")
    return _document(file, sha256, size, source_format, raw, warnings)


def _too_large(size: int, cap: int) -> str:
    return f"tệp quá lớn ({size} byte) / file too large ({size} bytes > {cap})"


def _read_legacy(file: str, suffix: str, data: bytes) -> tuple[list[dict], list[str]]:
    """Return the raw blocks of a file that is no zip: a .doc read natively or converted by
    LibreOffice, or refused."""
    if data.startswith(_EMPTY_ZIP_MAGIC):
        raise InputError(file, "tệp zip rỗng, không có word/document.xml / empty zip archive,"
                               " missing word/document.xml")
    if data.startswith(_OLE2_MAGIC):
        inside = legacy.inspect_ole(data)
        if inside == "other":
            raise InputError(file, "tệp Office nhưng không phải văn bản Word (Excel, PowerPoint?)"
                                   " / an Office file but no Word document (Excel, PowerPoint?)")
        if inside == "encrypted":
            raise InputError(file, _PASSWORD)
        try:
            return msdoc.read_doc(data)
        except msdoc.DocEncrypted as e:
            raise InputError(file, _PASSWORD) from e
        except msdoc.DocProblem as e:
            raise InputError(file, str(e)) from e
        except msdoc.DocUnsupported as e:
            return _converted(file, data, ".doc", e.vi, e.en)
    if suffix == ".doc" and data[:64].lstrip(b"\xef\xbb\xbf \t\r\n").lower().startswith(
            _TEXT_WORD_STARTS):
        # Web portals and old tools save RTF or HTML under a .doc name; Word opens them, and
        # LibreOffice tells the format from the content.
        return _converted(file, data, ".doc", "tệp RTF/HTML đặt tên .doc",
                          "an RTF/HTML file named .doc")
    raise InputError(file, "không phải tệp Word (.docx/.doc) / not a Word document"
                           " (no DOCX zip or .doc signature)")


def _converted(file: str, data: bytes, suffix: str, what_vi: str, what_en: str,
               ) -> tuple[list[dict], list[str]]:
    """Return the raw blocks of a file only LibreOffice reads, converted to DOCX."""
    if not legacy.soffice_available():
        raise InputError(file, f"{what_vi}: cần LibreOffice để đọc, cài gói Debian"
                               f" {legacy.SOFFICE_PACKAGE} / {what_en}: LibreOffice is needed"
                               f" to read it, apt-get install {legacy.SOFFICE_PACKAGE}")
    try:
        docx = legacy.doc_to_docx(data, suffix)
    except legacy.ConversionError as e:
        vi, _, en = str(e).partition(" / ")
        raise InputError(file, f"{what_vi}: {vi} / {what_en}: {en or vi}") from e
    raw, warnings = read_docx(docx)
    return raw, [f"đọc qua LibreOffice ({what_vi}) / read through LibreOffice ({what_en})",
                 *warnings]


def _document(file: str, sha256: str, size: int, source_format: str, raw: list[dict],
              warnings: list[str]) -> Document:
    """Return the Document of raw blocks: ids, spans in the joined text, note marks.

    The raw dicts are completed in place and validated in one call: pydantic-core checks the
    whole tree at half the cost of building each Block from Python."""
    pos = 0
    for block_id, fields in enumerate(raw):
        end = pos + len(fields["text"])
        fields["id"], fields["start"], fields["end"] = block_id, pos, end
        fields["refs"] = [{"kind": kind, "note": note, "offset": offset}
                          for kind, note, offset in fields["refs"]]
        pos = end + 1
    return Document.model_validate({
        "file": file, "sha256": sha256, "size": size, "source_format": source_format,
        "text": "\n".join(fields["text"] for fields in raw), "blocks": raw,
        "warnings": tuple(warnings)})
