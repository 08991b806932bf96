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

from pipeline.review.actions import MAX_NOTE, MAX_REVIEWER, clean_text
from schemas.flags import Action

# the form's names of the actions (dismiss is recorded as reject)
ACTIONS = tuple("dismiss" if a == Action.reject else a.value for a in Action)
MAX_BODY = 16 * 1024  # bytes of a decision form; a real one is well under 3 KiB
MAX_VALUE = 10**9  # no count in a council report comes near this
# The server listens on 127.0.0.1 only; a request naming another host is DNS rebinding.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


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
    """Return a link to `path` keeping the page's language; None and empty parameters are
    left out."""
    params = {k: v for k, v in params.items() if v is not None and v != ""}
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
    """Return the keyword arguments of `pipeline.review.decide` taken from a decision form,
    and the (vi, en) problems found. Whether the action fits the flag is the store's to say."""
    errors = []
    action = form.get("action", "")
    fields: dict = {"action": action, "state": form.get("state") or None}
    if action not in ACTIONS:
        errors.append(("Chọn một quyết định.", "Choose a decision."))
    if action == "correct":
        value_text = form.get("value", "").strip()
        if re.fullmatch(r"[0-9]{1,10}", value_text) and int(value_text) < MAX_VALUE:
            fields["value"] = int(value_text)
        else:
            errors.append(("Số đúng phải là số nguyên không âm (ví dụ 7).",
                           "The correct value must be a non-negative whole number (e.g. 7)."))
        item = form.get("item", "").strip()
        if item:
            if re.fullmatch(r"[0-9]{1,6}", item):
                fields["item"] = int(item)
            else:
                errors.append(("Số thứ tự phần không hợp lệ.", "Bad part number."))
    elif form.get("value", "").strip():
        errors.append(("Chỉ ghi số đúng khi chọn “sửa số”.", "Give a value only with “correct”."))
    wanted = {"choose": ("choice",), "choose_document": ("document",),
              "not_expected": ("reason",), "assign_unit": ("unit",),
              "assign_document": ("document", "unit", "district")}.get(action, ())
    for name in wanted:
        text = unicodedata.normalize("NFC", form.get(name, "")).strip()
        if len(text) > MAX_REVIEWER * 3 or _CONTROL.search(text):
            errors.append((f"Trường {name} không hợp lệ.", f"The field {name} is not valid."))
        elif text:
            fields[name] = text
    if wanted and not any(k in fields for k in wanted):
        errors.append(("Quyết định này cần chọn thêm một lựa chọn.",
                       "This decision needs one more choice."))
    if fields.get("reason") not in (None, "merged", "not_due", "none"):
        errors.append(("Lý do không hợp lệ.", "Unknown reason."))
    note, problems = clean_text(form.get("note"), "note", limit=MAX_NOTE, newlines=True)
    reviewer, more = clean_text(form.get("reviewer"), "reviewer", limit=MAX_REVIEWER,
                                newlines=False)
    fields.update(note=note, reviewer=reviewer)
    return fields, errors + problems + more


DOCUMENT_ACTIONS = ("assign", "supersede", "restore", "undo")


def validate_document(form: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    """Return the keyword arguments of `pipeline.review.decide_document` from a document's
    decision form, and the (vi, en) problems found."""
    errors = []
    action = form.get("action", "")
    if action not in DOCUMENT_ACTIONS:
        errors.append(("Chọn một quyết định.", "Choose a decision."))
    follows = form.get("follows", "").strip()
    fields: dict = {"action": action, "check_follows": True,
                    "follows": int(follows) if re.fullmatch(r"[0-9]{1,12}", follows) else None}
    for name in ("unit", "district", "superseded_by"):
        text = unicodedata.normalize("NFC", form.get(name, "")).strip()
        if len(text) > MAX_REVIEWER * 3 or _CONTROL.search(text):
            errors.append((f"Trường {name} không hợp lệ.", f"The field {name} is not valid."))
        elif text:
            fields[name] = text
    if action == "assign" and not (fields.get("unit") or fields.get("district")):
        errors.append(("Ghi xã hoặc huyện.", "Give a commune or a district."))
    if action != "assign":
        fields.pop("unit", None)
        fields.pop("district", None)
    if action != "supersede":
        fields.pop("superseded_by", None)
    note, problems = clean_text(form.get("note"), "note", limit=MAX_NOTE, newlines=True)
    reviewer, more = clean_text(form.get("reviewer"), "reviewer", limit=MAX_REVIEWER,
                                newlines=False)
    fields.update(note=note, reviewer=reviewer)
    return fields, errors + problems + more
