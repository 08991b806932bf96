"""The review web page: the flags, one flag with its evidence, the documents, one document
with everything read in it; decisions on flags and documents are POSTed back.

A WSGI application on the standard library's wsgiref, rendered by Jinja2 with autoescape on.
Each view builds one dict that renders either through a template or as JSON (`.json` or
`?format=json`). Documents are untrusted input: every text slice is escaped by the template,
and a decision is taken only from a page of the same origin carrying its CSRF token.

What a request may carry (host, origin, query, the decision form) is checked in
requests.py; this module holds the application and the server. Every answer carries the
security headers, errors included; a store locked by another writer for long is 503 with
Retry-After, a decision made on an older state of its flag or document 409 with the state
now, and nothing the page meets becomes a bare 500.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import secrets
import socketserver
import sys
import traceback
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, quote
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from jinja2 import Environment, PackageLoader

from pipeline.review import decide, decide_document
from pipeline.review.documents import document_view, documents_view
from pipeline.review.overview import overview_view
from pipeline.review.pages import (
    FILTERS,
    STATUSES,
    check_store,
    fact,
    flag_view,
    flags_view,
    period,
    split_message,
)
from pipeline.web.requests import (
    LOCAL_HOSTS,
    MAX_NOTE,
    MAX_REVIEWER,
    HttpError,
    allow,
    check_host,
    href,
    json_requested,
    page_number,
    parse_query,
    read_form,
    same_origin,
    switch_url,
    validate,
    validate_document,
)
from schemas.errors import DecisionError, InputError, PipelineError, QueryError, StoreError

HOST = "127.0.0.1"
PORT = 8765
_FLAG_ID = r"([A-Za-z0-9_-]{1,64})"
_DOCUMENT = r"([^/]{1,255}?)"  # a short id or a file name


# --- the application ----------------------------------------------------------------------

class ReviewApp:
    """The WSGI application of the review page over one database."""

    def __init__(self, db: Path, *, secret: bytes | None = None,
                 hosts: frozenset[str] = LOCAL_HOSTS):
        check_store(db)  # a missing database is an error now, not later
        self.db = Path(db)
        self.hosts = hosts
        self._secret = secret or secrets.token_bytes(32)
        self.env = Environment(loader=PackageLoader("pipeline.web", "templates"), autoescape=True,
                               trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(fact=fact, period=period, statuses=STATUSES,
                                max_note=MAX_NOTE, max_reviewer=MAX_REVIEWER)
        self.env.filters["basename"] = lambda p: str(p).replace("\\", "/").rsplit("/", 1)[-1]
        self.env.filters["path"] = lambda p: quote(str(p), safe="")
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

    def csrf_token(self, target: str) -> str:
        """Return the token a decision form on `target` (a flag id, or "document:" and a
        document's content hash) must carry (valid for this process)."""
        return hmac.new(self._secret, f"decide:{target}".encode(), "sha256").hexdigest()

    def __call__(self, environ, start_response):
        wants_json = json_requested(environ)
        query = environ.get("QUERY_STRING", "")
        try:
            status, headers, body = self._dispatch(environ)
        except HttpError as e:
            status, headers, body = self._error(e, query, wants_json)
        except QueryError as e:
            err = HttpError(HTTPStatus.NOT_FOUND if e.not_found else HTTPStatus.BAD_REQUEST,
                            e.vi, e.en)
            status, headers, body = self._error(err, query, wants_json)
        except StoreError as e:  # the database went away or is locked: say so, not a traceback
            err = HttpError(HTTPStatus.SERVICE_UNAVAILABLE, *split_message(str(e)))
            status, headers, body = self._error(err, query, wants_json)
            headers.append(("Retry-After", "5"))
        except Exception:  # noqa: BLE001 (a bug: said once, with the headers, and logged)
            traceback.print_exc(file=sys.stderr)
            err = HttpError(HTTPStatus.INTERNAL_SERVER_ERROR, "lỗi của chương trình",
                            "an error in baocao itself (logged on the server)")
            status, headers, body = self._error(err, query, wants_json)
        start_response(f"{status.value} {status.phrase}",
                       [*headers, *self.headers, ("Content-Length", str(len(body)))])
        return [body]

    def _dispatch(self, environ) -> tuple[HTTPStatus, list, bytes]:
        check_host(environ, self.hosts)
        method = environ["REQUEST_METHOD"]
        # PEP 3333: the path arrives as latin-1 of its bytes; names are UTF-8
        path = (environ.get("PATH_INFO") or "/").encode("latin-1", "replace").decode(
            "utf-8", "replace")
        query = parse_query(environ.get("QUERY_STRING", ""))
        lang = query.get("lang", "vi")
        if lang not in ("vi", "en"):
            raise HttpError(HTTPStatus.BAD_REQUEST, f"ngôn ngữ không hợp lệ: {lang}",
                            f"unknown language: {lang}")
        as_json = path.endswith(".json") or query.get("format") == "json"
        switch = switch_url(quote(path), query)
        filters = {k: query.get(k) for k in FILTERS if k not in ("status", "document", "rule")}
        if m := re.fullmatch(rf"/flags/{_FLAG_ID}/decide", path):
            allow(method, "POST")
            return self._decide(environ, m.group(1))
        if m := re.fullmatch(rf"/documents/{_DOCUMENT}/decide", path):
            allow(method, "POST")
            return self._decide_document(environ, m.group(1))
        if re.fullmatch(r"/(flags(\.json)?)?", path):
            allow(method, "GET")
            view = flags_view(self.db, query.get("status") or "open", query.get("rule") or None,
                              query.get("document") or None, lang, page_number(query),
                              **filters)
            return self._page("flags.html", view, as_json, switch)
        if m := re.fullmatch(rf"/flags/{_FLAG_ID}(\.json)?", path):
            allow(method, "GET")
            view = flag_view(self.db, m.group(1), lang, page_number(query))
            return self._page("flag.html", view, as_json, switch, form=self._form(view))
        if re.fullmatch(r"/overview(\.json)?", path):
            allow(method, "GET")
            view = overview_view(self.db, query.get("district") or None,
                                 query.get("indicator") or "voter_petitions", lang)
            return self._page("overview.html", view, as_json, switch)
        if re.fullmatch(r"/documents(\.json)?", path):
            allow(method, "GET")
            view = documents_view(self.db, lang, status=query.get("status"),
                                  document=query.get("document"), rule=query.get("rule"),
                                  **filters)
            return self._page("documents.html", view, as_json, switch)
        if m := re.fullmatch(rf"/documents/{_DOCUMENT}(\.json)?", path):
            allow(method, "GET")
            view = document_view(self.db, m.group(1), lang, page_number(query))
            return self._page("document.html", view, as_json, switch,
                              form=self._document_form(view))
        raise HttpError(HTTPStatus.NOT_FOUND, f"không có trang {path}", f"no page {path}")

    def _document_form(self, view: dict, values: dict | None = None, errors=()) -> dict:
        sha = view["document"]["sha256"] or ""
        return {"csrf": self.csrf_token(f"document:{sha}"), "values": values or {},
                "errors": list(errors)}

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

    def _checked_form(self, environ, target: str) -> dict[str, str]:
        """Return the POSTed form after checking its origin and its token for `target`."""
        if not same_origin(environ):
            raise HttpError(HTTPStatus.FORBIDDEN,
                            "quyết định chỉ được gửi từ chính trang duyệt này",
                            "decisions are accepted only from this review page (same origin)")
        form = read_form(environ)
        if not hmac.compare_digest(form.get("csrf", "").encode(),
                                   self.csrf_token(target).encode()):
            raise HttpError(HTTPStatus.FORBIDDEN,
                            "mã xác nhận của biểu mẫu không đúng hoặc đã cũ: tải lại trang",
                            "the form's token is wrong or stale: reload the page")
        return form

    def _decide(self, environ, flag_id: str) -> tuple[HTTPStatus, list, bytes]:
        """Check the request's origin, token and fields, append the decision and redirect
        (303) to the flag's page. Bad fields, or an action that does not fit the flag, come
        back as 400 with the form and the problems; a decision made on an older state of the
        flag as 409 with the flag as it is now."""
        form = self._checked_form(environ, flag_id)
        lang = "en" if form.get("lang") == "en" else "vi"
        fields, errors = validate(form)
        status = HTTPStatus.BAD_REQUEST
        if not errors:
            action = "reject" if fields["action"] == "dismiss" else fields.pop("action")
            fields.pop("action", None)
            try:
                decision = decide(self.db, flag_id, action, **fields)
            except InputError as e:
                if "không tìm thấy cờ" in e.problem:
                    raise HttpError(HTTPStatus.NOT_FOUND, *split_message(e.problem)) from e
                errors = [split_message(e.problem)]
            except DecisionError as e:
                errors = [(e.vi, e.en)]
                if e.stale:
                    status = HTTPStatus.CONFLICT
                    errors.append(split_message(e.current or ""))
            else:
                location = href(f"/flags/{decision.target_id}", lang)
                return HTTPStatus.SEE_OTHER, [("Location", location),
                                              ("Content-Type", "text/plain; charset=utf-8")], b""
        view = flag_view(self.db, flag_id, lang)
        switch = switch_url(f"/flags/{view['flag']['id']}", {"lang": lang})
        values = {k: v for k, v in form.items() if k not in ("csrf", "state")}
        return self._page("flag.html", view, False, switch, status=status,
                          form=self._form(view, values, errors))

    def _decide_document(self, environ, ref: str) -> tuple[HTTPStatus, list, bytes]:
        """The same for a decision on a document: 303 to its page, 400 or 409 with the form."""
        view = document_view(self.db, ref)
        sha = view["document"]["sha256"] or ""
        form = self._checked_form(environ, f"document:{sha}")
        lang = "en" if form.get("lang") == "en" else "vi"
        fields, errors = validate_document(form)
        status = HTTPStatus.BAD_REQUEST
        if not errors:
            try:
                decide_document(self.db, view["document"]["id"], **fields)
            except InputError as e:
                errors = [split_message(e.problem)]
            except DecisionError as e:
                errors = [(e.vi, e.en)]
                if e.stale:
                    status = HTTPStatus.CONFLICT
            else:
                location = href(f"/documents/{view['document']['id']}", lang)
                return HTTPStatus.SEE_OTHER, [("Location", location),
                                              ("Content-Type", "text/plain; charset=utf-8")], b""
        view = document_view(self.db, ref, lang)
        switch = switch_url(f"/documents/{view['document']['id']}", {"lang": lang})
        values = {k: v for k, v in form.items() if k not in ("csrf", "follows")}
        return self._page("document.html", view, False, switch, status=status,
                          form=self._document_form(view, values, errors))


# --- the server -----------------------------------------------------------------------------

class ReviewServer(socketserver.ThreadingMixIn, WSGIServer):
    """wsgiref's server, one thread per request (a page and its form may overlap)."""

    daemon_threads = True
    request_queue_size = 64  # reviewers' requests arriving together wait, not refused

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.server_port}/"


class _QuietHandler(WSGIRequestHandler):
    """wsgiref's handler without a log line per request on stderr."""

    def log_message(self, format, *args):  # noqa: A002 (the standard library's name)
        pass


def make_review_server(db: Path, port: int = PORT) -> ReviewServer:
    """Return a server of the review page of `db` bound to 127.0.0.1:`port` (0: any free
    port), not yet serving: call `serve_forever()`."""
    app = ReviewApp(db)
    try:
        return make_server(HOST, port, app, server_class=ReviewServer,
                           handler_class=_QuietHandler)
    except OSError as e:
        raise PipelineError(f"{HOST}:{port}: không mở được cổng / cannot listen "
                            f"({e.strerror}); try another --port") from e
