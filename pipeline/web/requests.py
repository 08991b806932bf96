"""What the review page takes from a request: the checks of its host, origin, query and
decision form, the links that keep the page's language, and `HttpError`, the refusal they
raise.

Pure functions of the WSGI environ or of the parsed form: no database, no templates.
"""
from __future__ import annotations

import re
import unicodedata
from http import HTTPStatus
from urllib.parse import parse_qs, urlencode, urlsplit

ACTIONS = ("correct", "dismiss", "accept")
MAX_BODY = 16 * 1024  # bytes of a decision form; a real one is well under 3 KiB
MAX_NOTE = 2000  # characters
MAX_REVIEWER = 100
MAX_VALUE = 10**9  # no count in a council report comes near this
# The server listens on 127.0.0.1 only; a request naming another host is DNS rebinding.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are allowed in notes


class HttpError(Exception):
    """A request the page refuses: HTTP status and a message in Vietnamese and English."""

    def __init__(self, status: HTTPStatus, vi: str, en: str, allow: str | None = None):
        super().__init__(f"{status.value} {en}")
        self.status, self.vi, self.en, self.allow = status, vi, en, allow


# --- request checks -------------------------------------------------------------------------

def json_requested(environ) -> bool:
    """Return whether the request asked for JSON (errors then come as JSON too)."""
    try:
        query = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=20)
    except ValueError:
        query = {}
    return (environ.get("PATH_INFO") or "").endswith(".json") or \
        query.get("format", [""])[0] == "json"


def allow(method: str, allowed: str) -> None:
    if method != allowed:
        raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED,
                        f"phương thức {method} không được dùng ở đây (chỉ {allowed})",
                        f"method {method} not allowed here (only {allowed})", allow=allowed)


def parse_query(query_string: str) -> dict[str, str]:
    """Return the query's parameters (the first value of each)."""
    try:
        parsed = parse_qs(query_string, keep_blank_values=True, max_num_fields=20,
                          errors="strict")
    except ValueError as e:
        raise HttpError(HTTPStatus.BAD_REQUEST, "địa chỉ không hợp lệ",
                        f"malformed query: {e}") from e
    return {k: v[0] for k, v in parsed.items()}


def page_number(query: dict[str, str]) -> int:
    text = query.get("page") or "1"
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise HttpError(HTTPStatus.BAD_REQUEST, f"số trang không hợp lệ: {text}",
                        f"bad page number: {text}")
    return int(text)


def href(path: str, lang: str, **params) -> str:
    """Return a link to `path` keeping the page's language; None parameters are left out."""
    params = {k: v for k, v in params.items() if v is not None}
    if lang == "en":
        params["lang"] = "en"
    return path + ("?" + urlencode(params) if params else "")


def switch_url(path: str, query: dict[str, str]) -> str:
    """Return the page of a (routed, so safe) `path` in the other language."""
    params = {k: v for k, v in query.items() if k != "lang"}
    if query.get("lang") != "en":
        params["lang"] = "en"
    return path + ("?" + urlencode(params) if params else "")


def _host_port(scheme: str, netloc: str) -> tuple[str | None, int | None]:
    parts = urlsplit(f"//{netloc}")
    return parts.hostname, parts.port or {"http": 80, "https": 443}.get(scheme)


def _here(environ) -> tuple[str, str | None, int | None]:
    """Return the (scheme, host, port) the request was sent to, from its Host header."""
    scheme = environ.get("wsgi.url_scheme", "http")
    netloc = environ.get("HTTP_HOST") or f"{environ['SERVER_NAME']}:{environ['SERVER_PORT']}"
    try:
        return (scheme, *_host_port(scheme, netloc))
    except ValueError as e:
        raise HttpError(HTTPStatus.BAD_REQUEST, "tiêu đề Host không hợp lệ",
                        "malformed Host header") from e


def check_host(environ, hosts: frozenset[str]) -> None:
    if _here(environ)[1] not in hosts:
        raise HttpError(HTTPStatus.BAD_REQUEST, "trang duyệt chỉ mở qua 127.0.0.1",
                        "the review page answers only to 127.0.0.1 / localhost")


def same_origin(environ) -> bool:
    """Return False when an Origin or Referer header names another scheme, host or port
    than the one the request came to (a missing header is no evidence either way)."""
    here = _here(environ)
    for header in ("HTTP_ORIGIN", "HTTP_REFERER"):
        value = environ.get(header)
        if not value:
            continue
        parts = urlsplit(value)
        try:
            there = (parts.scheme, *_host_port(parts.scheme, parts.netloc))
        except ValueError:
            return False
        if not parts.netloc or there != here:
            return False
    return True


def read_form(environ) -> dict[str, str]:
    """Return the POSTed form fields (first value each); refuse other bodies."""
    kind = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if kind != "application/x-www-form-urlencoded":
        raise HttpError(HTTPStatus.BAD_REQUEST, "biểu mẫu không đúng định dạng",
                        "expected an application/x-www-form-urlencoded form")
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = -1
    if not 0 <= length <= MAX_BODY:
        raise HttpError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE if length > MAX_BODY
                        else HTTPStatus.BAD_REQUEST,
                        "nội dung gửi quá dài hoặc không hợp lệ",
                        f"form body missing or longer than {MAX_BODY} bytes")
    raw = environ["wsgi.input"].read(length)
    try:
        return parse_query(raw.decode("ascii"))
    except UnicodeDecodeError as e:  # a urlencoded body is ASCII; UTF-8 comes %-escaped
        raise HttpError(HTTPStatus.BAD_REQUEST, "biểu mẫu không đúng định dạng",
                        "the form body is not urlencoded ASCII") from e


def validate(form: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """Return the keyword arguments of `resolve_flag` and the (vi, en) problems found."""
    errors = []
    action = form.get("action", "")
    value_text = form.get("value", "").strip()
    value = None
    if action not in ACTIONS:
        errors.append(("Chọn một quyết định: sửa số, bỏ qua hoặc chấp nhận.",
                       "Choose a decision: correct, dismiss or accept."))
    elif action == "correct":
        if re.fullmatch(r"[0-9]{1,10}", value_text) and int(value_text) < MAX_VALUE:
            value = int(value_text)
        else:
            errors.append(("Số đúng phải là số nguyên không âm (ví dụ 7).",
                           "The correct value must be a non-negative whole number (e.g. 7)."))
    elif value_text:
        errors.append(("Chỉ ghi số đúng khi chọn “sửa số”.",
                       "Give a value only with “correct”."))
    note = unicodedata.normalize("NFC", form.get("note", "").replace("\r\n", "\n")).strip()
    reviewer = unicodedata.normalize("NFC", form.get("reviewer", "")).strip()
    for text, limit, vi, en, newlines in ((note, MAX_NOTE, "Ghi chú", "The note", True),
                                          (reviewer, MAX_REVIEWER, "Tên người duyệt",
                                           "The reviewer's name", False)):
        if not text:
            errors.append((f"{vi} không được để trống.", f"{en} is required."))
        elif len(text) > limit:
            errors.append((f"{vi} dài quá {limit} ký tự.", f"{en} is over {limit} characters."))
        elif _CONTROL.search(text) or (not newlines and re.search(r"[\t\n]", text)):
            errors.append((f"{vi} có ký tự điều khiển.", f"{en} contains control characters."))
    fields = {"value": value, "dismiss": action == "dismiss", "note": note, "reviewer": reviewer}
    return fields, errors
