"""The review web page: the flags, one flag with its evidence, the documents; decisions
are POSTed back.

A WSGI application on the standard library's wsgiref, rendered by Jinja2 with autoescape on.
Each view builds one dict that renders either through a template or as JSON (`.json` or
`?format=json`). Documents are untrusted input: every text slice is escaped by the template,
and a decision is taken only from a page of the same origin carrying its CSRF token.

What a request may carry (host, origin, query, the decision form) is checked in
serve_requests.py; this module holds the views, the application and the server.
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
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIServer, make_server

from jinja2 import Environment, PackageLoader

from pipeline.errors import InputError, PipelineError, StoreError
from pipeline.messages import fact, period
from pipeline.review import flag_detail, flag_json, list_flags, resolve_flag
from pipeline.serve_requests import MAX_BODY  # noqa: F401  (re-exported: its tests import it here)
from pipeline.serve_requests import (ACTIONS, LOCAL_HOSTS, MAX_NOTE, MAX_REVIEWER, HttpError,
                                     allow, check_host, href, json_requested, page_number,
                                     parse_query, read_form, same_origin, switch_url,
                                     validate)
from pipeline.store import open_store
from schemas.flags import Rule

HOST = "127.0.0.1"
PORT = 8765
STATUSES = ("open", "resolved", "dismissed", "gone", "all")
PAGE_SIZE = 200  # flags per list page: a page a reviewer can scroll, rendered in ~0.1 s
CONTEXT = 400  # characters of block text kept on each side of a highlighted span
_FLAG_ID = r"([A-Za-z0-9_-]{1,64})"
_DOCUMENT_COLUMNS = ("file", "kind", "level", "unit", "district", "province", "period_year",
                     "period_half", "term", "source_format", "status", "error", "read_at")


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
        wants_json = json_requested(environ)
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
        check_host(environ, self.hosts)
        method, path = environ["REQUEST_METHOD"], environ.get("PATH_INFO") or "/"
        query = parse_query(environ.get("QUERY_STRING", ""))
        lang = query.get("lang", "vi")
        if lang not in ("vi", "en"):
            raise HttpError(HTTPStatus.BAD_REQUEST, f"ngôn ngữ không hợp lệ: {lang}",
                            f"unknown language: {lang}")
        as_json = path.endswith(".json") or query.get("format") == "json"
        switch = switch_url(path, query)
        if m := re.fullmatch(rf"/flags/{_FLAG_ID}/decide", path):
            allow(method, "POST")
            return self._decide(environ, m.group(1))
        if re.fullmatch(r"/(flags(\.json)?)?", path):
            allow(method, "GET")
            view = flags_view(self.db, query.get("status", "open"), query.get("rule") or None,
                              query.get("document") or None, lang, page_number(query))
            return self._page("flags.html", view, as_json, switch)
        if m := re.fullmatch(rf"/flags/{_FLAG_ID}(\.json)?", path):
            allow(method, "GET")
            view = flag_view(self.db, m.group(1), lang)
            return self._page("flag.html", view, as_json, switch, form=self._form(view))
        if re.fullmatch(r"/documents(\.json)?", path):
            allow(method, "GET")
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
            href=lambda path, **params: href(path, lang, **params))
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
            switch=href("/", "vi" if lang == "en" else "en"),
            href=lambda path, **params: href(path, lang, **params))
        return err.status, [*headers, ("Content-Type", "text/html; charset=utf-8")], html.encode()

    def _decide(self, environ, flag_id: str) -> tuple[HTTPStatus, list, bytes]:
        """Check the request's origin, token and fields, append the decision and redirect
        (303) to the flag's page; a form with bad fields comes back as 400 with the problems."""
        if not same_origin(environ):
            raise HttpError(HTTPStatus.FORBIDDEN,
                            "quyết định chỉ được gửi từ chính trang duyệt này",
                            "decisions are accepted only from this review page (same origin)")
        form = read_form(environ)
        if not hmac.compare_digest(form.get("csrf", "").encode(),
                                   self.csrf_token(flag_id).encode()):
            raise HttpError(HTTPStatus.FORBIDDEN,
                            "mã xác nhận của biểu mẫu không đúng hoặc đã cũ: tải lại trang",
                            "the form's token is wrong or stale: reload the page")
        lang = "en" if form.get("lang") == "en" else "vi"
        fields, errors = validate(form)
        if errors:
            view = flag_view(self.db, flag_id, lang)
            switch = switch_url(f"/flags/{view['flag']['id']}", {"lang": lang})
            return self._page("flag.html", view, False, switch, status=HTTPStatus.BAD_REQUEST,
                              form=self._form(view, form, errors))
        try:
            decision = resolve_flag(self.db, flag_id, **fields)
        except InputError as e:
            raise HttpError(HTTPStatus.NOT_FOUND, *_split(e.problem)) from e
        location = href(f"/flags/{decision.target_id}", lang)
        return HTTPStatus.SEE_OTHER, [("Location", location),
                                      ("Content-Type", "text/plain; charset=utf-8")], b""


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
