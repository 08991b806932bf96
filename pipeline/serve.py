"""The review web page: the flags, one flag with its evidence, the documents; decisions
are POSTed back.

A WSGI application on the standard library's wsgiref, rendered by Jinja2 with autoescape on.
Each view builds one dict that renders either through a template or as JSON (`.json` or
`?format=json`). Documents are untrusted input: every text slice is escaped by the template,
and a decision is taken only from a page of the same origin carrying its CSRF token.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import socketserver
from collections import Counter
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit
from wsgiref.simple_server import WSGIServer, make_server

from jinja2 import Environment, PackageLoader

from extractors.normalize import nfc
from pipeline.errors import InputError, PipelineError, StoreError
from pipeline.messages import fact, period
from pipeline.review import flag_detail, flag_json, list_flags, resolve_flag
from pipeline.store import open_store
from schemas.flags import Rule

HOST = "127.0.0.1"
PORT = 8765
STATUSES = ("open", "resolved", "dismissed", "gone", "all")
ACTIONS = ("correct", "dismiss", "accept")
MAX_BODY = 16 * 1024  # bytes of a decision form; a real one is well under 3 KiB
MAX_NOTE = 2000  # characters
MAX_REVIEWER = 100
MAX_VALUE = 10**9  # no count in a council report comes near this
PAGE_SIZE = 200  # flags per list page: a page a reviewer can scroll, rendered in ~0.1 s
CONTEXT = 400  # characters of block text kept on each side of a highlighted span
# The server listens on 127.0.0.1 only; a request naming another host is DNS rebinding.
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_FLAG_ID = r"([A-Za-z0-9_-]{1,64})"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")  # tab and newline are allowed in notes
_DOCUMENT_COLUMNS = ("file", "kind", "level", "unit", "district", "province", "period_year",
                     "period_half", "term", "source_format", "status", "error", "read_at")


class HttpError(Exception):
    """A request the page refuses: HTTP status and a message in Vietnamese and English."""

    def __init__(self, status: HTTPStatus, vi: str, en: str, allow: str | None = None):
        super().__init__(f"{status.value} {en}")
        self.status, self.vi, self.en, self.allow = status, vi, en, allow


# --- views: each returns the one dict its page renders or sends as JSON ------------------

def flags_view(db: Path, status: str = "open", rule: str | None = None,
               document: str | None = None, lang: str = "vi", page: int = 1) -> dict:
    """Return the flag list: the filter, how many flags per status (within the rule and
    document filters), the rules present and one page (1-based, PAGE_SIZE flags) of the
    chosen flags (the contract's JSON plus both messages). `document` is a file as flags
    name it; None: every document."""
    if status not in STATUSES:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"trạng thái không hợp lệ: {status}",
                        f"unknown status: {status}")
    if rule is not None and rule not in {r.value for r in Rule}:
        raise HttpError(HTTPStatus.BAD_REQUEST, f"quy tắc không hợp lệ: {rule}",
                        f"unknown rule: {rule}")
    every = list_flags(db, "all")
    ruled = [f for f in every if (rule is None or f.rule.value == rule)
             and (document is None or document in f.documents)]
    counts = Counter(f.status.value for f in ruled)
    chosen = [f for f in ruled if status == "all" or f.status.value == status]
    pages = max(1, -(-len(chosen) // PAGE_SIZE))
    if not 1 <= page <= pages:
        raise HttpError(HTTPStatus.NOT_FOUND, f"không có trang {page} (có {pages} trang)",
                        f"no page {page} (there are {pages})")
    shown = chosen[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return {"status": status, "rule": rule, "document": document, "lang": lang,
            "counts": {**{s: counts.get(s, 0) for s in STATUSES[:-1]}, "all": len(ruled)},
            "rules": sorted({f.rule.value for f in every}),
            "page": page, "pages": pages, "total": len(chosen),
            "flags": [_flag_dict(f, lang) for f in shown]}


def flag_view(db: Path, flag_id: str, lang: str = "vi") -> dict:
    """Return one flag (id or unique prefix), each value's evidence (`items`), the same
    grouped by the block it stands in (`blocks`, whose `segments` cut the block's text with
    every evidence span marked), and the decisions, oldest first."""
    try:
        detail = flag_detail(db, flag_id)
    except InputError as e:
        raise HttpError(HTTPStatus.NOT_FOUND, *_split(e.problem)) from e
    return {"lang": lang, "flag": _flag_dict(detail.flag, lang),
            "items": [item.model_dump(mode="json") for item in detail.items],
            "blocks": _blocks(detail.items),
            "decisions": [d.model_dump(mode="json") for d in detail.decisions]}


def documents_view(db: Path) -> dict:
    """Return every stored document (read or failed) with its open flags, in path order."""
    open_by_file = Counter(doc for f in list_flags(db, "open") for doc in set(f.documents))
    with open_store(db, create=False) as store:
        rows = store.rows("documents")
    documents = [{**{k: r.get(k) for k in _DOCUMENT_COLUMNS},
                  "open_flags": open_by_file.get(r["file"], 0)} for r in rows]
    return {"documents": documents,
            "counts": dict(Counter(d["status"] for d in documents))}


def _flag_dict(flag, lang: str) -> dict:
    return {**flag_json(flag, lang), "message_vi": flag.message, "message_en": flag.message_en}


def _split(problem: str) -> tuple[str, str]:
    """Return the Vietnamese and English halves of a "vi / en" message."""
    vi, _, en = problem.partition(" / ")
    return vi, en or vi


def _blocks(items) -> list[dict]:
    """Return the evidence grouped by block, in order of first mention: where it stands, the
    values read there and `segments`. Spans that overlap, or do not fit the text, get a
    group of their own."""
    groups: list[dict] = []
    for item in items:
        span = (item.start, item.end, item.value)
        fits = item.text is not None and item.start is not None and item.end is not None \
            and 0 <= item.start <= item.end <= len(item.text)
        key = (item.document, item.part, item.block, item.footnote, item.text)
        group = next((g for g in groups if fits and g["key"] == key and g["spans"] and all(
            item.end <= s or item.start >= e for s, e, _ in g["spans"])), None)
        if group is None:
            group = {"key": key, "spans": [], "values": [], "item": item}
            groups.append(group)
        group["values"].append(item.value)
        if fits:
            group["spans"].append(span)
    return [{"document": g["item"].document, "part": g["item"].part,
             "footnote": g["item"].footnote, "block": g["item"].block,
             "label": g["item"].label, "values": g["values"],
             "segments": _segments(g["item"].text, sorted(g["spans"], key=lambda s: s[:2]))}
            for g in groups]


def _segments(text: str | None, spans: list[tuple]) -> list[dict]:
    """Return `text` cut to CONTEXT characters around its (start, end, value) spans, as
    slices in order, each span's with mark=True and its value; [] without text."""
    if text is None:
        return []
    if not spans:
        return [{"text": text, "mark": False}]
    left = max(0, spans[0][0] - CONTEXT)
    right = min(len(text), max(e for _, e, _ in spans) + CONTEXT)
    out, pos = [{"text": "…", "mark": False}] if left else [], left
    for start, end, value in spans:
        if start > pos:
            out.append({"text": text[pos:start], "mark": False})
        out.append({"text": text[start:end], "mark": True, "value": value})
        pos = end
    if right > pos:
        out.append({"text": text[pos:right], "mark": False})
    if right < len(text):
        out.append({"text": "…", "mark": False})
    return out


# --- the application ----------------------------------------------------------------------

class ReviewApp:
    """The WSGI application of the review page over one database."""

    def __init__(self, db: Path, *, secret: bytes | None = None,
                 hosts: frozenset[str] = LOCAL_HOSTS):
        open_store(db, create=False).close()  # a missing database is an error now, not later
        self.db = Path(db)
        self.hosts = hosts
        self._secret = secret or secrets.token_bytes(32)
        self.env = Environment(loader=PackageLoader("pipeline", "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(fact=fact, period=period, statuses=STATUSES,
                                actions=ACTIONS, max_note=MAX_NOTE, max_reviewer=MAX_REVIEWER)
        self.env.filters["basename"] = lambda p: str(p).replace("\\", "/").rsplit("/", 1)[-1]
        self.headers = [
            ("Content-Security-Policy",
             f"default-src 'self'; style-src '{self._style_hash()}'; script-src 'none'; "
             "object-src 'none'; img-src 'self'; form-action 'self'; "
             "frame-ancestors 'none'; base-uri 'none'"),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"), ("Cross-Origin-Resource-Policy", "same-origin"),
            ("Cache-Control", "no-store")]

    def _style_hash(self) -> str:
        """Return the CSP source of base.html's one <style> element (its sha256), so the
        page needs no 'unsafe-inline'."""
        source = self.env.loader.get_source(self.env, "base.html")[0]
        css = re.search(r"<style>(.*?)</style>", source, re.S).group(1)
        return "sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()

    def csrf_token(self, flag_id: str) -> str:
        """Return the token a decision form on `flag_id` must carry (valid for this process)."""
        return hmac.new(self._secret, f"decide:{flag_id}".encode(), "sha256").hexdigest()

    def __call__(self, environ, start_response):
        wants_json = _wants_json(environ)
        try:
            status, headers, body = self._dispatch(environ)
        except HttpError as e:
            status, headers, body = self._error(e, environ.get("QUERY_STRING", ""), wants_json)
        except StoreError as e:  # the database went away or is locked: say so, not a traceback
            err = HttpError(HTTPStatus.SERVICE_UNAVAILABLE, *_split(str(e)))
            status, headers, body = self._error(err, "", wants_json)
        start_response(f"{status.value} {status.phrase}",
                       [*headers, *self.headers, ("Content-Length", str(len(body)))])
        return [body]

    def _dispatch(self, environ) -> tuple[HTTPStatus, list, bytes]:
        _check_host(environ, self.hosts)
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO") or "/"
        query = _query(environ.get("QUERY_STRING", ""))
        lang = query.get("lang", "vi")
        if lang not in ("vi", "en"):
            raise HttpError(HTTPStatus.BAD_REQUEST, f"ngôn ngữ không hợp lệ: {lang}",
                            f"unknown language: {lang}")
        as_json = path.endswith(".json") or query.get("format") == "json"
        switch = _switch_url(path, query)
        if m := re.fullmatch(rf"/flags/{_FLAG_ID}/decide", path):
            _allow(method, "POST")
            return self._decide(environ, m.group(1))
        if re.fullmatch(r"/(flags(\.json)?)?", path):
            _allow(method, "GET")
            view = flags_view(self.db, query.get("status", "open"), query.get("rule") or None,
                              query.get("document") or None, lang, _page_number(query))
            return self._page("flags.html", view, as_json, switch)
        if m := re.fullmatch(rf"/flags/{_FLAG_ID}(\.json)?", path):
            _allow(method, "GET")
            view = flag_view(self.db, m.group(1), lang)
            return self._page("flag.html", view, as_json, switch, form=self._form(view))
        if re.fullmatch(r"/documents(\.json)?", path):
            _allow(method, "GET")
            return self._page("documents.html", {**documents_view(self.db), "lang": lang},
                              as_json, switch)
        raise HttpError(HTTPStatus.NOT_FOUND, f"không có trang {path}", f"no page {path}")

    def _form(self, view: dict, values: dict | None = None, errors=()) -> dict:
        return {"csrf": self.csrf_token(view["flag"]["id"]), "values": values or {},
                "errors": list(errors)}

    def _page(self, template: str, view: dict, as_json: bool, switch: str, *,
              form: dict | None = None,
              status: HTTPStatus = HTTPStatus.OK) -> tuple[HTTPStatus, list, bytes]:
        """Return the response of a view: JSON, or its template rendered; `switch` is the
        same page in the other language."""
        if as_json:
            body = json.dumps(view, ensure_ascii=False, indent=1).encode()
            return status, [("Content-Type", "application/json; charset=utf-8")], body
        lang = view.get("lang", "vi")
        html = self.env.get_template(template).render(
            **view, form=form, switch=switch,
            href=lambda path, **params: _href(path, lang, **params))
        return status, [("Content-Type", "text/html; charset=utf-8")], html.encode()

    def _error(self, err: HttpError, query_string: str, wants_json: bool):
        headers = [("Allow", err.allow)] if err.allow else []
        if wants_json:
            body = json.dumps({"error": {"status": err.status.value, "vi": err.vi,
                                         "en": err.en}}, ensure_ascii=False).encode()
            return err.status, [*headers, ("Content-Type", "application/json; charset=utf-8")], \
                body
        lang = "en" if parse_qs(query_string).get("lang") == ["en"] else "vi"
        html = self.env.get_template("error.html").render(
            lang=lang, status=err.status, vi=err.vi, en=err.en,
            switch=_href("/", "vi" if lang == "en" else "en"),
            href=lambda path, **params: _href(path, lang, **params))
        return err.status, [*headers, ("Content-Type", "text/html; charset=utf-8")], html.encode()

    def _decide(self, environ, flag_id: str) -> tuple[HTTPStatus, list, bytes]:
        """Check the request's origin, token and fields, append the decision and redirect
        (303) to the flag's page; a form with bad fields comes back as 400 with the problems."""
        if not _same_origin(environ):
            raise HttpError(HTTPStatus.FORBIDDEN,
                            "quyết định chỉ được gửi từ chính trang duyệt này",
                            "decisions are accepted only from this review page (same origin)")
        form = _read_form(environ)
        if not hmac.compare_digest(form.get("csrf", "").encode(),
                                   self.csrf_token(flag_id).encode()):
            raise HttpError(HTTPStatus.FORBIDDEN,
                            "mã xác nhận của biểu mẫu không đúng hoặc đã cũ: tải lại trang",
                            "the form's token is wrong or stale: reload the page")
        lang = "en" if form.get("lang") == "en" else "vi"
        fields, errors = _validate(form)
        if errors:
            view = flag_view(self.db, flag_id, lang)
            switch = _switch_url(f"/flags/{view['flag']['id']}", {"lang": lang})
            return self._page("flag.html", view, False, switch, status=HTTPStatus.BAD_REQUEST,
                              form=self._form(view, form, errors))
        try:
            decision = resolve_flag(self.db, flag_id, **fields)
        except InputError as e:
            raise HttpError(HTTPStatus.NOT_FOUND, *_split(e.problem)) from e
        location = _href(f"/flags/{decision.target_id}", lang)
        return HTTPStatus.SEE_OTHER, [("Location", location),
                                      ("Content-Type", "text/plain; charset=utf-8")], b""


# --- request checks -------------------------------------------------------------------------

def _wants_json(environ) -> bool:
    """Return whether the request asked for JSON (errors then come as JSON too)."""
    try:
        query = parse_qs(environ.get("QUERY_STRING", ""), max_num_fields=20)
    except ValueError:
        query = {}
    return (environ.get("PATH_INFO") or "").endswith(".json") or \
        query.get("format", [""])[0] == "json"


def _allow(method: str, allowed: str) -> None:
    if method != allowed:
        raise HttpError(HTTPStatus.METHOD_NOT_ALLOWED,
                        f"phương thức {method} không được dùng ở đây (chỉ {allowed})",
                        f"method {method} not allowed here (only {allowed})", allow=allowed)


def _query(query_string: str) -> dict[str, str]:
    """Return the query's parameters (the first value of each)."""
    try:
        parsed = parse_qs(query_string, keep_blank_values=True, max_num_fields=20,
                          errors="strict")
    except ValueError as e:
        raise HttpError(HTTPStatus.BAD_REQUEST, "địa chỉ không hợp lệ",
                        f"malformed query: {e}") from e
    return {k: v[0] for k, v in parsed.items()}


def _page_number(query: dict[str, str]) -> int:
    text = query.get("page") or "1"
    if not re.fullmatch(r"[0-9]{1,6}", text):
        raise HttpError(HTTPStatus.BAD_REQUEST, f"số trang không hợp lệ: {text}",
                        f"bad page number: {text}")
    return int(text)


def _href(path: str, lang: str, **params) -> str:
    """Return a link to `path` keeping the page's language; None parameters are left out."""
    params = {k: v for k, v in params.items() if v is not None}
    if lang == "en":
        params["lang"] = "en"
    return path + ("?" + urlencode(params) if params else "")


def _switch_url(path: str, query: dict[str, str]) -> str:
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


def _check_host(environ, hosts: frozenset[str]) -> None:
    if _here(environ)[1] not in hosts:
        raise HttpError(HTTPStatus.BAD_REQUEST, "trang duyệt chỉ mở qua 127.0.0.1",
                        "the review page answers only to 127.0.0.1 / localhost")


def _same_origin(environ) -> bool:
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


def _read_form(environ) -> dict[str, str]:
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
        return _query(raw.decode("ascii"))
    except UnicodeDecodeError as e:  # a urlencoded body is ASCII; UTF-8 comes %-escaped
        raise HttpError(HTTPStatus.BAD_REQUEST, "biểu mẫu không đúng định dạng",
                        "the form body is not urlencoded ASCII") from e


def _validate(form: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
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
    note = nfc(form.get("note", "").replace("\r\n", "\n")).strip()
    reviewer = nfc(form.get("reviewer", "")).strip()
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


# --- the server -----------------------------------------------------------------------------

class ReviewServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request (a page and its form may overlap)."""

    daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"


def make_review_server(db: Path, port: int = PORT) -> ReviewServer:
    """Return a server of the review page of `db` bound to 127.0.0.1:`port` (0: any free
    port), not yet serving: call `serve_forever()`."""
    app = ReviewApp(db)
    try:
        return make_server(HOST, port, app, server_class=ReviewServer)
    except OSError as e:
        raise PipelineError(f"{HOST}:{port}: không mở được cổng / cannot listen "
                            f"({e.strerror}); try another --port") from e
