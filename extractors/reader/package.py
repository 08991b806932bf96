"""A DOCX package read safely: every part bounded before and while it is decompressed.

The zip is read here, not by python-docx, which cannot bound decompression. XML is parsed
with lxml refusing DTDs, entities and the network; Strict OOXML is mapped to the usual
namespaces.
"""
from __future__ import annotations

import io
import posixpath
import struct
import zipfile
import zlib
from urllib.parse import unquote

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"

MAX_PART_BYTES = 50 * 2**20  # one decompressed XML part
MAX_PACKAGE_BYTES = 200 * 2**20  # all parts read, decompressed
BOMB_RATIO = 200  # decompressed / compressed, above BOMB_MIN_BYTES
BOMB_MIN_BYTES = 2**20

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          load_dtd=False, remove_comments=True, remove_pis=True)
_STRICT_NAMESPACES = (
    (b"http://purl.oclc.org/ooxml/wordprocessingml/main",
     b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"),
    (b"http://purl.oclc.org/ooxml/officeDocument/relationships",
     b"http://schemas.openxmlformats.org/officeDocument/2006/relationships"),
    (b"http://purl.oclc.org/ooxml/officeDocument/math",
     b"http://schemas.openxmlformats.org/officeDocument/2006/math"),
)


# What zipfile raises on damaged archives: bad headers, impossible offsets (ValueError),
# undecodable names (UnicodeDecodeError), encrypted entries, unknown versions or compression
# methods (RuntimeError and its subclass for what zipfile does not implement).
_ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, RuntimeError,
               struct.error, OverflowError)


def _names_legacy_font(low: bytes) -> bool:
    """Return True when lower-cased XML `low` holds a legacy font name opening a quoted
    value: w:ascii=".VnTime", w:hAnsi='VNI-Times' ('".vn', "'.vn", '"vni', "'vni").

    One search for "vn", checking around each hit (rare in XML), costs half of searching
    the four quoted starts; a regex here cost a millisecond a part."""
    at = low.find(b"vn")
    while at >= 0:
        if at >= 1 and low[at - 1] in b"\"'" and low[at + 2:at + 3] == b"i":
            return True
        if at >= 2 and low[at - 1] == 0x2E and low[at - 2] in b"\"'":  # 0x2E: "."
            return True
        at = low.find(b"vn", at + 2)
    return False


class DocxProblem(Exception):
    """The package cannot be read; the message is one line for users, Vietnamese first."""


class Package:
    """A DOCX zip whose parts are size-checked before and while they are decompressed."""

    def __init__(self, source: bytes | str):
        """Open `source`: the package's bytes, or the path of a file read part by part."""
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes)
                                       else source)
            # Part names are case-insensitive in OPC: some tools write "Word/Document.xml".
            self.infos = {i.filename.lstrip("/").lower(): i for i in self.zip.infolist()}
        except _ZIP_ERRORS as e:
            raise DocxProblem(f"tệp zip hỏng hoặc bị cắt cụt / corrupt or truncated zip ({e})") from e
        self.read_total = 0
        self.legacy_fonts = False  # some part read so far names a legacy font

    def close(self) -> None:
        self.zip.close()

    def has(self, name: str) -> bool:
        return name.lower() in self.infos

    def read(self, name: str) -> bytes:
        """Return the decompressed bytes of part `name`, refusing oversized parts and bombs."""
        info = self.infos[name.lower()]
        if info.file_size > MAX_PART_BYTES:
            raise DocxProblem(f"phần {name} quá lớn ({info.file_size} byte) / part {name} is"
                              f" too large ({info.file_size} bytes > {MAX_PART_BYTES})")
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > BOMB_MIN_BYTES and ratio > BOMB_RATIO:
            raise DocxProblem(f"phần {name} là bom nén (tỉ lệ {ratio}:1) / part {name} is a"
                              f" zip bomb (ratio {ratio}:1, over {BOMB_RATIO}:1)")
        chunks, size = [], 0
        try:
            with self.zip.open(info) as fh:
                # Declared sizes can lie: count what really comes out and stop over the cap.
                while chunk := fh.read(1 << 20):
                    size += len(chunk)
                    self.read_total += len(chunk)
                    if size > MAX_PART_BYTES or self.read_total > MAX_PACKAGE_BYTES:
                        raise DocxProblem(f"phần {name} vượt giới hạn khi giải nén / part {name}"
                                          " exceeds the size limit when decompressed")
                    chunks.append(chunk)
        except _ZIP_ERRORS as e:
            if type(e) is RuntimeError and "encrypted" in str(e):
                raise DocxProblem(f"phần {name} được mã hóa / part {name} is encrypted") from e
            raise DocxProblem(f"tệp zip hỏng ({name}) / corrupt zip entry {name} ({e})") from e
        return b"".join(chunks)

    def xml(self, name: str) -> etree._Element:
        """Return the parsed root of XML part `name`; DTDs and entities are refused."""
        data = self.read(name)
        if not self.legacy_fonts and not name.endswith(".rels"):
            self.legacy_fonts = _names_legacy_font(data.lower())
        if b"purl.oclc.org/ooxml/" in data:
            # Strict OOXML: the same vocabulary under other namespace names.
            for strict, transitional in _STRICT_NAMESPACES:
                data = data.replace(strict, transitional)
        try:
            root = etree.fromstring(data, _PARSER)
        except etree.XMLSyntaxError as e:
            raise DocxProblem(f"XML hỏng trong {name} / malformed XML in {name}"
                              f" ({str(e).splitlines()[0]})") from e
        if root.getroottree().docinfo.doctype:
            raise DocxProblem(f"{name} chứa khai báo DTD / {name} declares a DTD (refused)")
        return root

    def rels(self, part: str) -> dict[str, tuple[str, str]]:
        """Return rId -> (type suffix, part name) for the relationships of `part`."""
        folder, base = posixpath.split(part)
        rels_name = posixpath.join(folder, "_rels", base + ".rels")
        if not self.has(rels_name):
            return {}
        out = {}
        for rel in self.xml(rels_name).iter(_PKG_REL):
            if rel.get("TargetMode") == "External":
                continue
            target = unquote(rel.get("Target", ""))
            name = (target.lstrip("/") if target.startswith("/")
                    else posixpath.normpath(posixpath.join(folder, target)))
            out[rel.get("Id", "")] = (rel.get("Type", "").rsplit("/", 1)[-1], name)
        return out

    def main_part(self) -> str:
        """Return the name of the main document part (from _rels/.rels, else the usual one)."""
        for kind, name in self.rels("").values():
            if kind == "officeDocument" and self.has(name):
                return name
        if self.has("word/document.xml"):
            return "word/document.xml"
        raise DocxProblem("thiếu word/document.xml (không phải tài liệu Word)"
                          " / missing word/document.xml (not a Word document)")
