"""Legacy inputs: 8-bit Vietnamese encodings (TCVN3, VNI), and the .doc files the native
reader (`extractors.reader.msdoc`) refuses, converted by LibreOffice.

TCVN3 (ABC, the `.Vn*` fonts) maps one byte to one character, so conversion keeps every
offset. VNI (the `VNI-*` fonts) writes a base letter followed by one or two mark bytes, so its
conversion is a longest-match replacement followed by NFC. In a DOCX the legacy bytes appear as
the Latin-1 characters of the same code points; that is what these tables read.
"""
from __future__ import annotations

import hashlib
import multiprocessing.util
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path

TCVN3 = "tcvn3"
VNI = "vni"

def _tcvn3_table() -> dict[int, str]:
    """Return legacy code point -> Unicode letter for TCVN3 (ABC).

    TCVN3 codes the lower-case letters with their tones and the seven upper-case base
    letters; upper-case toned letters live in `.Vn*H` fonts, which draw the lower-case codes
    as capitals."""
    letters = {
        "a": "aàáảãạ", "ă": "ăằắẳẵặ", "â": "âầấẩẫậ", "e": "eèéẻẽẹ", "ê": "êềếểễệ",
        "i": "iìíỉĩị", "o": "oòóỏõọ", "ô": "ôồốổỗộ", "ơ": "ơờớởỡợ", "u": "uùúủũụ",
        "ư": "ưừứửữự", "y": "yỳýỷỹỵ",
    }
    # Legacy code points of each letter row, in the order of `letters[...]` (base first).
    codes = {
        "a": "a\xb5\xb8\xb6\xb7\xb9", "ă": "\xa8\xbb\xbe\xbc\xbd\xc6",
        "â": "\xa9\xc7\xca\xc8\xc9\xcb", "e": "e\xcc\xd0\xce\xcf\xd1",
        "ê": "\xaa\xd2\xd5\xd3\xd4\xd6", "i": "i\xd7\xdd\xd8\xdc\xde",
        "o": "o\xdf\xe3\xe1\xe2\xe4", "ô": "\xab\xe5\xe8\xe6\xe7\xe9",
        "ơ": "\xac\xea\xed\xeb\xec\xee", "u": "u\xef\xf3\xf1\xf2\xf4",
        "ư": "\xad\xf5\xf8\xf6\xf7\xf9", "y": "y\xfa\xfd\xfb\xfc\xfe",
    }
    table: dict[int, str] = {}
    for base, uni in letters.items():
        for legacy_char, uni_char in zip(codes[base], uni):
            if legacy_char != uni_char:
                table[ord(legacy_char)] = uni_char
    table.update({0xAE: "đ", 0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư",
                  0xA7: "Đ"})
    return table


_TCVN3_TO_UNI = _tcvn3_table()
_UNI_TO_TCVN3 = {uni: chr(code) for code, uni in _TCVN3_TO_UNI.items()}

# Characters that mark TCVN3 text: legacy code points that are not themselves letters of
# Unicode Vietnamese (à, á, â, ... are both, so they prove nothing).
_UNICODE_VI_LATIN1 = set("àáâãèéêìíòóôõùúýÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝ")
_TCVN3_SIGNS = frozenset(chr(c) for c in _TCVN3_TO_UNI) - _UNICODE_VI_LATIN1
_TCVN3_LOW_BLOCK = re.compile("[" + "".join(sorted(c for c in _TCVN3_SIGNS if c <= "\xbf"))
                              .replace("-", "\\-") + "]")
# VNI: base letter + tone mark byte; â/ê/o-horn/u-horn and the marks differ in case.
_VNI_TONES_LOWER = "ùøûõï"  # sắc, huyền, hỏi, ngã, nặng
_VNI_TONES_UPPER = "ÙØÛÕÏ"
_VI_TONES = "\u0301\u0300\u0309\u0303\u0323"  # the same tones as combining marks


def _vni_pairs():
    """Yield (VNI sequence, Unicode letter, canonical) for every letter VNI can write.

    `canonical` marks the spelling keyboards produce (marks in the case of the letter)."""
    nfc = lambda s: unicodedata.normalize("NFC", s)  # noqa: E731
    for upper in (False, True):
        case = str.upper if upper else str.lower
        for marks_upper in (False, True):
            canonical = marks_upper == upper
            tones = _VNI_TONES_UPPER if marks_upper else _VNI_TONES_LOWER
            circ = "ÂÁÀÅÃÄ" if marks_upper else "âáàåãä"  # circumflex, then with each tone
            breve = "ÊÉÈÚÜË" if marks_upper else "êéèúüë"  # breve, then with each tone
            for leg, uni in (("a", "a"), ("e", "e"), ("o", "o"), ("u", "u"), ("y", "y"),
                             ("ô", "ơ"), ("ö", "ư")):
                for t, comb in zip(tones, _VI_TONES):
                    yield case(leg) + t, nfc(case(uni) + comb), canonical
            for leg in "aeo":
                hat = nfc(case(leg) + "\u0302")
                yield case(leg) + circ[0], hat, canonical
                for t, comb in zip(circ[1:], _VI_TONES):
                    yield case(leg) + t, nfc(hat + comb), canonical
            a_breve = nfc(case("a") + "\u0306")
            yield case("a") + breve[0], a_breve, canonical
            for t, comb in zip(breve[1:], _VI_TONES):
                yield case("a") + t, nfc(a_breve + comb), canonical
        # Single bytes: ơ, ư, the toned i's, ỵ and đ.
        yield case("ô"), case("ơ"), True
        yield case("ö"), case("ư"), True
        for leg, comb in zip("ÍÌÆÓÒ" if upper else "íìæóò", _VI_TONES):
            yield leg, nfc(case("i") + comb), True
        yield case("î"), case("ỵ"), True
        yield case("ñ"), case("đ"), True


_VNI_TO_UNI = {leg: uni for leg, uni, _ in _vni_pairs()}
_UNI_TO_VNI = {uni: leg for leg, uni, canonical in _vni_pairs() if canonical}
# Likewise for VNI: its mark and letter bytes that are no letters of Unicode Vietnamese.
_VNI_SIGNS = frozenset("".join(_VNI_TO_UNI)) - _UNICODE_VI_LATIN1 - frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_VNI_PATTERN = re.compile("|".join(re.escape(k) for k in sorted(_VNI_TO_UNI, key=len,
                                                                 reverse=True)))


@lru_cache(maxsize=256)
def font_encoding(font: str | None) -> tuple[str | None, bool]:
    """Return (encoding, upper) for a font name: ("tcvn3", True) for ".VnTimeH", (None, False)
    for a Unicode font. `upper` means the font draws lower-case slots as capitals."""
    if not font:
        return None, False
    name = font.strip()
    low = name.lower()
    if low.startswith(".vn"):
        # .VnTimeH, .VnArialH, .VnCentury SchoolbookH: the final H marks the capitals font.
        return TCVN3, name.replace(" ", "").endswith("H")
    if low.startswith("vni") and (len(low) == 3 or low[3] in "- _"):
        return VNI, False
    return None, False


def tcvn3_to_unicode(text: str, upper: bool = False) -> str:
    """Return TCVN3 `text` as Unicode; same length, so offsets are kept."""
    out = text.translate(_TCVN3_TO_UNI)
    return out.upper() if upper else out


def unicode_to_tcvn3(text: str) -> str:
    """Return Unicode `text` written in TCVN3 (for building test documents).

    Upper-case toned letters have no TCVN3 code: they come out lower-case, which is what a
    `.Vn*H` font shows as capitals."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _UNI_TO_TCVN3.get(ch)
        if code is None and ch.isupper() and ch.lower() in _UNI_TO_TCVN3:
            code = _UNI_TO_TCVN3[ch.lower()]
        out.append(code if code is not None else ch)
    return "".join(out)


def vni_to_unicode(text: str) -> str:
    """Return VNI `text` as NFC Unicode (may be shorter than the input)."""
    return unicodedata.normalize("NFC", _VNI_PATTERN.sub(lambda m: _VNI_TO_UNI[m.group()], text))


def unicode_to_vni(text: str) -> str:
    """Return Unicode `text` written in VNI (for building test documents)."""
    return "".join(_UNI_TO_VNI.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


def convert(text: str, encoding: str, upper: bool = False) -> str:
    """Return legacy `text` in Unicode for `encoding` ("tcvn3" or "vni")."""
    if encoding == TCVN3:
        return tcvn3_to_unicode(text, upper)
    if encoding == VNI:
        out = vni_to_unicode(text)
        return out.upper() if upper else out
    raise ValueError(f"unknown legacy encoding {encoding!r}")


_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
# Vowel groups of Vietnamese syllables (tones removed), longest first in the pattern.
_NUCLEI = ("iêu yêu oai oay oao oeo uây uôi ươi ươu uya uyê uyu ai ao au ay âu ây eo êu ia iê"
           " iu oa oă oe oi ôi ơi oo ua uâ uê ui uô uơ uy ưa ưi ưu ươ yê a ă â e ê i o ô ơ u"
           " ư y").split()
_SYLLABLE = re.compile(
    r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
    rf"(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?:ng|nh|ch|[cmnptk])?")
_EDGE_PUNCT = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’…–—"


# Letters of Unicode Vietnamese above U+00FF (ă, đ, ơ, ư and every ạ, ả, ấ, ...).
_VI_BEYOND_LATIN1 = re.compile("[\u0100-\u01b0\u1ea0-\u1ef9]")


def is_unicode_vietnamese(text: str) -> bool:
    """Return True when `text` holds a Vietnamese letter above U+00FF, which no legacy
    encoding can: it is Unicode, whatever its font says."""
    return _VI_BEYOND_LATIN1.search(text) is not None


def _is_syllable(word: str) -> bool:
    """Return True when `word` is one well-formed Vietnamese syllable (one tone at most)."""
    decomposed = unicodedata.normalize("NFD", word.lower())
    if sum(ch in _TONES for ch in decomposed) > 1:
        return False
    bare = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _fit(text: str, encoding: str, signs: frozenset[str]) -> int:
    """Return how many words of `text` become Vietnamese syllables converted from
    `encoding`, or -1 when the encoding does not fit.

    It fits when a word holds a sign of the encoding and three in four of the words the
    conversion changes become well-formed syllables; capitals that are no syllable
    (acronyms such as HĐND) are left out of the count."""
    signed = changed = valid = 0
    for word in text.split():
        word = word.strip(_EDGE_PUNCT)
        converted = convert(word, encoding)
        if converted == word:
            continue
        signed += any(ch in signs for ch in word)
        if _is_syllable(converted):
            valid += 1
        elif converted.isupper():
            continue
        changed += 1
    return valid if signed > 0 and valid * 4 >= changed * 3 else -1


def guess_encoding(text: str) -> str | None:
    """Return "tcvn3" or "vni" when `text`, drawn in no legacy font, is legacy by its
    characters; None for Unicode (or undecidable) text.

    Unicode Vietnamese holds letters above U+00FF (ơ, ư, ạ, ...), legacy text never does.
    Words holding legacy letters must mostly turn into real Vietnamese syllables once
    converted: German "Müller" or "Word®" do not, "NhiÖm" (TCVN3 nhiệm), "L\u00adu" (TCVN3
    lưu) and "tröïc" (VNI trực) do. TCVN3 keeps its commonest letters (à, á, ă, â, đ, ư, ...)
    in U+00A1-U+00BF, where VNI has none: with one of them, only TCVN3 is tried; otherwise
    the encoding giving more real syllables wins."""
    if text.isascii() or _VI_BEYOND_LATIN1.search(text):
        return None
    if _TCVN3_LOW_BLOCK.search(text):
        candidates = ((TCVN3, _TCVN3_SIGNS),)
    else:
        candidates = ((VNI, _VNI_SIGNS), (TCVN3, _TCVN3_SIGNS))
    best, best_valid = None, -1
    for encoding, signs in candidates:  # the more real syllables wins; ties go to the first
        valid = _fit(text, encoding, signs)
        if valid > best_valid:
            best, best_valid = encoding, valid
    return best


# ------------------------------------------------------------- OLE2 files: what is inside

_END = 0xFFFFFFFA  # sector numbers from here up are markers (end of chain, free, ...)
_ENCRYPTED_NAME = "EncryptedPackage".encode("utf-16-le")
_OTHER_OFFICE_STREAMS = {"Workbook", "Book", "PowerPoint Document", "VisioDocument"}


def _u32(data: bytes, at: int) -> int:
    return int.from_bytes(data[at:at + 4], "little")


def _ole_directory(data: bytes) -> tuple[int, dict[str, tuple[int, int]]]:
    """Return (sector size, stream name -> (first sector, size)) of an OLE2 compound file.

    Reads the header, the FAT and the directory chain, every step bounded by the file's
    length; returns (512, {}) when the structure cannot be followed."""
    shift = int.from_bytes(data[0x1E:0x20], "little")
    if len(data) < 1024 or not 9 <= shift <= 12:
        return 512, {}
    size = 1 << shift
    max_sectors = len(data) // size
    fat_sectors = [_u32(data, 0x4C + 4 * i) for i in range(109)]
    sector, hops = _u32(data, 0x44), 0
    while sector < _END and hops < max_sectors:  # DIFAT chain for FATs beyond 109 sectors
        base = (sector + 1) * size
        fat_sectors += [_u32(data, base + 4 * i) for i in range(size // 4 - 1)]
        sector, hops = _u32(data, base + size - 4), hops + 1
    fat = []
    for sector in fat_sectors[:_u32(data, 0x2C)]:
        if sector < _END:
            base = (sector + 1) * size
            fat += [_u32(data, base + 4 * i) for i in range(size // 4)]
    streams: dict[str, tuple[int, int]] = {}
    sector, hops = _u32(data, 0x30), 0
    while sector < _END and sector < len(fat) and hops < max_sectors:
        base = (sector + 1) * size
        for entry in range(base, min(base + size, len(data)) - 127, 128):
            name_len = int.from_bytes(data[entry + 64:entry + 66], "little")
            if data[entry + 66] in (1, 2, 5) and 2 <= name_len <= 64:
                name = data[entry:entry + name_len - 2].decode("utf-16-le", "replace")
                streams[name] = (_u32(data, entry + 0x74), _u32(data, entry + 0x78))
        sector, hops = fat[sector], hops + 1
    return size, streams


def inspect_ole(data: bytes) -> str:
    """Return what an OLE2 file holds: "encrypted" (a password-protected DOCX or .doc),
    "word" (a .doc), "other" (no Word document: Excel, PowerPoint, ...) or "unknown"."""
    size, streams = _ole_directory(data)
    if "EncryptedPackage" in streams or (not streams and _ENCRYPTED_NAME in data):
        return "encrypted"
    if "WordDocument" not in streams:
        # Name the file another Office document only on positive proof: a damaged .doc is
        # better tried by LibreOffice.
        return "other" if _OTHER_OFFICE_STREAMS & streams.keys() else "unknown"
    start, length = streams["WordDocument"]
    fib = data[(start + 1) * size:(start + 1) * size + 12]
    # The FIB opens the stream: magic 0xA5EC, then flags whose bit 0x0100 is fEncrypted.
    if length >= 4096 and fib[:2] == b"\xec\xa5" and int.from_bytes(fib[10:12], "little") & 0x100:
        return "encrypted"
    return "word"


# ---------------------------------------------------------------- .doc through LibreOffice

SOFFICE_PACKAGE = "libreoffice-writer-nogui"
CONVERT_TIMEOUT = 180  # seconds; a first start with a fresh profile takes a few
_profile_lock = threading.Lock()
# One conversion at a time per process: a second soffice on the same profile would hand its
# job to the first and return before the file is written.
_convert_lock = threading.Lock()
_profile: tuple[int, str] | None = None  # (owning process id, directory)
_CONVERTED_KEPT = 16
_converted: dict[tuple[bytes, str], bytes] = {}  # (sha256 of the input, suffix) -> DOCX


class ConversionError(Exception):
    """LibreOffice is missing or could not convert the file; the message is for users."""


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _profile_dir() -> str:
    """Return this process's private LibreOffice profile directory (created once).

    A private profile lets several baocao processes convert at the same time: LibreOffice
    refuses a second instance on one profile. A forked worker makes its own rather than
    share its parent's, and removes it when it ends (multiprocessing's finalizers run in
    workers too, where atexit handlers do not)."""
    global _profile
    with _profile_lock:
        if _profile is None or _profile[0] != os.getpid():
            folder = tempfile.mkdtemp(prefix="baocao-lo-")
            multiprocessing.util.Finalize(None, shutil.rmtree, args=(folder, True),
                                          exitpriority=0)
            _profile = (os.getpid(), folder)
        return _profile[1]


def doc_to_docx(data: bytes, suffix: str = ".doc") -> bytes:
    """Return the DOCX bytes LibreOffice makes of a legacy Word file's `data`.

    A conversion takes a second or more, so this process remembers its last few results
    (keyed by the content): the same .doc read again is not converted again."""
    key = (hashlib.sha256(data).digest(), suffix)
    with _convert_lock:
        if key in _converted:
            return _converted[key]
    docx = _convert(data, suffix)
    with _convert_lock:
        _converted[key] = docx
        while len(_converted) > _CONVERTED_KEPT:
            del _converted[next(iter(_converted))]
    return docx


def forget_conversions() -> None:
    """Empty this process's memory of conversions (for timing LibreOffice itself)."""
    with _convert_lock:
        _converted.clear()


def _convert(data: bytes, suffix: str) -> bytes:
    soffice = _soffice()
    if soffice is None:
        raise ConversionError(
            "cần LibreOffice để đọc tệp .doc: cài gói Debian " + SOFFICE_PACKAGE
            + f" / LibreOffice is needed to read .doc files: apt-get install {SOFFICE_PACKAGE}")
    with tempfile.TemporaryDirectory(prefix="baocao-doc-") as work:
        # A fixed plain name: LibreOffice names its output after the input, and odd
        # characters in user file names must not matter.
        src = Path(work) / f"input{suffix}"
        src.write_bytes(data)
        outdir = Path(work) / "out"
        cmd = [soffice, f"-env:UserInstallation={Path(_profile_dir()).as_uri()}", "--headless",
               "--norestore", "--nologo", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(outdir), str(src)]
        with _convert_lock:
            _run(cmd)
        produced = outdir / "input.docx"
        if not produced.exists():
            raise ConversionError("LibreOffice không chuyển được tệp (hỏng hoặc có mật khẩu?)"
                                  " / LibreOffice could not convert the file (corrupt or"
                                  " password-protected?)")
        return produced.read_bytes()


def _run(cmd: list[str]) -> None:
    """Run LibreOffice in its own process group, killing the whole group on timeout."""
    env = dict(os.environ, HOME=_profile_dir())  # keep LibreOffice away from the user's home
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            stdin=subprocess.DEVNULL, start_new_session=True, env=env)
    try:
        proc.wait(timeout=CONVERT_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        raise ConversionError(f"LibreOffice quá {CONVERT_TIMEOUT} giây khi chuyển tệp"
                              f" / LibreOffice took over {CONVERT_TIMEOUT} s to convert") from None


def soffice_available() -> bool:
    """Return True when LibreOffice's soffice is on PATH."""
    return _soffice() is not None
