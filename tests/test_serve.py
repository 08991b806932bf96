"""The review web page, called in-process as a WSGI application (no server is started)."""
import base64
import hashlib
import io
import json
import re
import shutil
import unicodedata
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import pytest
from click.testing import CliRunner
from markupsafe import escape

from pipeline.cli import cli
from pipeline.review import list_flags
from pipeline.review.documents import documents_view
from pipeline.review.pages import CONTEXT, flag_view, flags_view
from pipeline.run import run_batch
from pipeline.store import open_store
from pipeline.web.requests import MAX_BODY, MAX_NOTE, MAX_REVIEWER
from pipeline.web.server import ReviewApp, ReviewServer, make_review_server
from schemas.errors import PipelineError, StoreError
from schemas.flags import Flag, FlagEvidence
from schemas.record import Count, Evidence, Period, Record
from schemas.source import Block, Part

# Documents are untrusted: their text, names and the messages quoting them carry markup.
EVIL = '<script>alert("x")</script>'
NOTE_TEXT = f"Xã Đăk Sao 6 ý kiến {EVIL} & <b>xã Ngọk Yêu</b> 4 ý kiến"
LONG_TEXT = "Mở đầu. " * 120 + "Tổ chức 12 buổi tiếp công dân." + " Kết thúc." * 120
FLAG_ID = "9f3c2a71d04e8b55"
GAP_ID = "1111aaaa2222bbbb"
LONG_ID = "3333cccc4444dddd"


def esc(text: str) -> str:
    """Return `text` escaped as the templates escape it."""
    return str(escape(text))


def _write(store, path, file, text, start, end, *, part=Part.footnote, note=5, unit="Đăk Sao"):
    ev = Evidence(part=part.value, footnote=note, block=0, start=start, end=end,
                  text=text[start:end], doc_start=start, doc_end=end)
    count = Count(id="c-" + file, indicator="voter_petitions", value=6, level="commune",
                  unit=unit, evidence=ev, rule="t")
    record = Record(file=file, sha256="0" * 64, kind="district_summary", level="district",
                    unit="Tu Mơ Rông", district="Tu Mơ Rông", province="Kon Tum",
                    period=Period(year=2024, half=1), term=None, counts=[count])
    block = Block(id=0, part=part, text=text, start=0, end=len(text), note=note, label="II")
    store.write_document(1, path, size=1, mtime=1.0, source_format="docx", blocks=[block],
                         record=record)
    return FlagEvidence(document=file, value=6, count_id=count.id, evidence=ev)


@pytest.fixture(scope="module")
def template_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("serve") / "b.db"
    evil_file = f"tom-tat{EVIL}.docx"
    with open_store(path) as store:
        start = NOTE_TEXT.index("6 ý kiến")
        ev = _write(store, "/d/s.docx", evil_file, NOTE_TEXT, start, NOTE_TEXT.index(" &"))
        mid = LONG_TEXT.index("12 buổi")
        long_ev = _write(store, "/d/l.docx", "dai.docx", LONG_TEXT, mid, mid + 7,
                         part=Part.body, note=None)
        store.write_failure(1, "/d/hong.docx", file="hong.docx", sha256="1" * 64, size=1,
                            mtime=1.0, reason=f"không đọc được {EVIL}")
        store.save_flags(1, [
            Flag(id=FLAG_ID, rule="total_mismatch", severity="error",
                 indicator="voter_petitions", level="commune", unit=f"Đăk Sao{EVIL}",
                 values=[6, 8], documents=[evil_file],
                 message=f"Tổng 8 khác tổng các phần 6 {EVIL}",
                 message_en=f"Total 8 differs from the parts' sum 6 {EVIL}", evidence=[ev]),
            Flag(id=GAP_ID, rule="section_gap", severity="warning", message="Mục II nhảy sang IV",
                 message_en="Section II jumps to IV", documents=[evil_file],
                 evidence=[FlagEvidence(document=evil_file, value="IV")]),
            Flag(id=LONG_ID, rule="repeated_mismatch", severity="warning",
                 indicator="citizen_receptions", unit="Đăk Sao", values=[12, 13],
                 documents=["dai.docx"], message="Hai giá trị", message_en="Two values",
                 evidence=[long_ev])])
    return path


@pytest.fixture
def db(template_db, tmp_path):
    # each test gets its own copy: building the store takes longer than the test
    path = tmp_path / "b.db"
    shutil.copyfile(template_db, path)
    return path


@pytest.fixture
def app(db):
    return ReviewApp(db)


def call(app, path, method="GET", query="", form=None, body=None, **headers):
    """Return (status code, headers, body text) of one request to the app."""
    environ = {"PATH_INFO": path, "REQUEST_METHOD": method, "QUERY_STRING": query}
    if form is not None:
        body = urlencode(form).encode()
    if body is not None:
        environ.update({"wsgi.input": io.BytesIO(body), "CONTENT_LENGTH": str(len(body)),
                        "CONTENT_TYPE": "application/x-www-form-urlencoded"})
    environ.update(headers)
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, response_headers):
        seen["status"], seen["headers"] = status, dict(response_headers)

    text = b"".join(app(environ, start_response)).decode()
    assert int(seen["headers"]["Content-Length"]) == len(text.encode())
    return int(seen["status"].split()[0]), seen["headers"], text


def decide(app, flag_id=FLAG_ID, **fields):
    form = {"csrf": app.csrf_token(flag_id), "action": "correct", "value": "8",
            "note": "đã hỏi xã", "reviewer": "Lan", **fields}
    return call(app, f"/flags/{flag_id}/decide", "POST", form=form)


@pytest.mark.parametrize("path, query", [
    ("/", ""), ("/flags", "status=all"), ("/", "status=open&rule=section_gap&lang=en"),
    (f"/flags/{FLAG_ID}", ""), (f"/flags/{FLAG_ID[:6]}", "lang=en"), ("/documents", ""),
])
def test_pages_are_html_with_security_headers(app, path, query):
    status, headers, text = call(app, path, query=query)
    assert status == 200
    assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "<script" not in text


def test_the_style_element_is_allowed_by_its_hash_in_the_policy(app):
    _, headers, text = call(app, "/")
    css = re.search(r"<style>(.*?)</style>", text, re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"style-src 'sha256-{digest}'" in headers["Content-Security-Policy"]


@pytest.mark.parametrize("html_path, json_path, query", [
    ("/", "/flags.json", "status=all"),
    ("/flags", "/flags", "status=open&format=json"),
    (f"/flags/{FLAG_ID}", f"/flags/{FLAG_ID}.json", ""),
    (f"/flags/{FLAG_ID}", f"/flags/{FLAG_ID}", "format=json&lang=en"),
    ("/documents", "/documents.json", ""),
])
def test_json_twin_is_the_view_dict(app, db, html_path, json_path, query):
    status, headers, text = call(app, json_path, query=query)
    assert (status, headers["Content-Type"]) == (200, "application/json; charset=utf-8")
    lang = "en" if "lang=en" in query else "vi"
    if json_path.startswith("/flags/"):
        expected = flag_view(db, FLAG_ID, lang)
    elif json_path.startswith("/documents"):
        expected = {**documents_view(db), "lang": lang}
    else:
        expected = flags_view(db, "all" if "all" in query else "open", lang=lang)
    assert json.loads(text) == json.loads(json.dumps(expected))


def test_flag_list_json_keeps_the_contract_fields(app):
    flags = json.loads(call(app, "/flags.json")[2])["flags"]
    assert {f["id"] for f in flags} == {FLAG_ID, GAP_ID, LONG_ID}
    for f in flags:
        assert {"id", "rule", "severity", "indicator", "level", "unit", "values", "documents",
                "message", "status"} <= set(f)


@pytest.mark.parametrize("status", ["open", "resolved", "dismissed", "gone", "all"])
def test_status_filter_lists_the_same_flags_as_the_store(app, db, status):
    decide(app, GAP_ID, action="dismiss", value="")
    listed = [f["id"] for f in json.loads(call(app, "/flags.json", query=f"status={status}")[2])
              ["flags"]]
    assert listed == [f.id for f in list_flags(db, status)]


@pytest.mark.parametrize("query, ids", [
    ("status=all&rule=section_gap", [GAP_ID]),
    ("rule=repeated_mismatch", [LONG_ID]),
    ("rule=", [FLAG_ID, GAP_ID, LONG_ID]),
    ("document=dai.docx", [LONG_ID]),
])
def test_rule_and_document_filters(app, query, ids):
    flags = json.loads(call(app, "/flags.json", query=query)[2])["flags"]
    assert sorted(f["id"] for f in flags) == sorted(ids)


@pytest.mark.parametrize("query, words", [
    ("status=closed", "trạng thái không hợp lệ"),
    ("rule=nonsense", "quy tắc không hợp lệ"),
    ("lang=fr", "ngôn ngữ không hợp lệ"),
])
def test_bad_filters_are_400_with_a_vietnamese_message(app, query, words):
    status, _, text = call(app, "/", query=query)
    assert status == 400
    assert words in text


def test_document_text_and_names_are_escaped_everywhere(app):
    for path, query in (("/", ""), (f"/flags/{FLAG_ID}", ""), ("/documents", ""),
                        ("/", "status=all&lang=en")):
        text = call(app, path, query=query)[2]
        assert "<script" not in text and "<b>" not in text
        assert esc(EVIL) in text


def test_documents_list_read_and_failed_files(app, db):
    view = documents_view(db)
    # in path order: /d/hong.docx, /d/l.docx, /d/s.docx
    assert [(d["file"], d["status"], d["open_flags"]) for d in view["documents"]] == [
        ("hong.docx", "failed", 0), ("dai.docx", "ok", 1), (f"tom-tat{EVIL}.docx", "ok", 2)]
    assert view["counts"] == {"ok": 2, "failed": 1}
    text = call(app, "/documents")[2]
    assert esc(f"không đọc được {EVIL}") in text
    ids = {d["file"]: d["id"] for d in view["documents"]}
    assert f'href="/?document={ids["dai.docx"]}"' in text


def test_evidence_span_is_marked_and_every_slice_escaped(app):
    text = call(app, f"/flags/{FLAG_ID}")[2]
    [block] = re.findall(r'<p class="block">(.*?)</p>', text, re.S)
    start, end = NOTE_TEXT.index("6 ý kiến"), NOTE_TEXT.index(" &")
    expected = (esc(NOTE_TEXT[:start]) + '<mark title="6">' + esc(NOTE_TEXT[start:end])
                + "</mark>" + esc(NOTE_TEXT[end:]))
    assert block == expected
    assert "chú thích 5" in text and "mục II" in text


def test_a_value_without_evidence_says_so(app, db):
    [block] = flag_view(db, GAP_ID)["blocks"]
    assert (block["values"], block["segments"]) == (["IV"], [])
    assert "(không có vị trí trong văn bản)" in call(app, f"/flags/{GAP_ID}")[2]


@pytest.mark.parametrize("query, shown", [
    ("", ["chưa xử lý", "tổng khác tổng các phần", "lỗi", "ý kiến, kiến nghị của cử tri"]),
    ("lang=en", ["open", "total mismatch", "error", "voter petitions"]),
])
def test_codes_are_shown_by_name(app, query, shown):
    text = call(app, "/", query=query)[2]
    for words in shown:
        assert f">{words}<" in text or f">{words} <" in text


def test_values_in_one_block_are_marked_in_one_copy_of_it(tmp_path):
    path = tmp_path / "g.db"
    spans = [(NOTE_TEXT.index("6 ý"), 6), (NOTE_TEXT.index("4 ý"), 4),
             (NOTE_TEXT.index("Sao 6"), 6)]  # the last overlaps the first
    with open_store(path) as store:
        evidence = [_write(store, "/d/s.docx", "s.docx", NOTE_TEXT, start, start + 5)
                    for start, _ in spans]
        store.save_flags(1, [Flag(id=FLAG_ID, rule="total_mismatch", severity="error",
                                  message="m", message_en="m", evidence=[
                                      ev.model_copy(update={"value": v})
                                      for ev, (_, v) in zip(evidence, spans)])])
    first, second = flag_view(path, FLAG_ID)["blocks"]
    assert first["values"] == [6, 4] and second["values"] == [6]
    assert [(s["text"], s["value"]) for s in first["segments"] if s["mark"]] == [
        ("6 ý k", 6), ("4 ý k", 4)]
    assert "".join(s["text"] for s in first["segments"]) == NOTE_TEXT
    assert [s["text"] for s in second["segments"] if s["mark"]] == ["Sao 6"]


def test_a_long_block_is_cut_around_its_evidence(app, db):
    [block] = flag_view(db, LONG_ID)["blocks"]
    first, before, mark, after, last = block["segments"]
    assert mark == {"text": "12 buổi", "mark": True, "value": 6}
    assert first == last == {"text": "…", "mark": False}
    assert len(before["text"]) == len(after["text"]) == CONTEXT
    assert LONG_TEXT.index("12 buổi") > CONTEXT  # the test cuts something


def test_seed_flags_highlight_exactly_their_evidence(tmp_path, seed_docx):
    db = tmp_path / "seed.db"
    run_batch([seed_docx], db, workers=1)
    app = ReviewApp(db)
    flags = json.loads(call(app, "/flags.json", query="status=all")[2])["flags"]
    assert flags, "the seed raises flags (Măng Ri is missing, sections skip III)"
    evidence = {f.id: f.model_dump(mode="json")["evidence"] for f in list_flags(db, "all")}
    flags = [{**f, "evidence": evidence[f["id"]]} for f in flags]
    marked = 0
    for f in flags:
        status, _, text = call(app, f"/flags/{f['id']}")
        assert status == 200
        view = json.loads(call(app, f"/flags/{f['id']}.json")[2])
        marks = [s for b in view["blocks"] for s in b["segments"] if s["mark"]]
        assert sorted(s["text"] for s in marks) == sorted(
            e["evidence"]["text"] for e in f["evidence"] if e["evidence"])
        for s in marks:
            title = "" if s["value"] is None else f' title="{s["value"]}"'
            assert f"<mark{title}>{esc(s['text'])}</mark>" in text
        marked += len(marks)
    assert marked > 0


def test_a_decision_redirects_to_the_flag_and_is_listed(app, db):
    status, headers, _ = decide(app, action="correct", value="8",
                                note=f"Đã hỏi xã {EVIL}", reviewer="Nguyễn Thị Lan")
    assert (status, headers["Location"]) == (303, f"/flags/{FLAG_ID}")
    assert [f.id for f in list_flags(db, "resolved")] == [FLAG_ID]
    text = call(app, f"/flags/{FLAG_ID}")[2]
    assert "Nguyễn Thị Lan" in text and esc(f"Đã hỏi xã {EVIL}") in text
    [d] = flag_view(db, FLAG_ID)["decisions"]
    assert (d["action"], d["value"], d["reviewer"]) == ("correct", 8, "Nguyễn Thị Lan")


@pytest.mark.parametrize("fields, action, status", [
    ({"action": "dismiss", "value": ""}, "reject", "dismissed"),
    ({"action": "accept", "value": "", "lang": "en"}, "accept", "resolved"),
    ({"action": "correct", "value": " 0 "}, "correct", "resolved"),
])
def test_each_action_is_recorded(app, db, fields, action, status):
    code, headers, _ = decide(app, **fields)
    assert code == 303
    assert headers["Location"].endswith("?lang=en") == (fields.get("lang") == "en")
    assert flag_view(db, FLAG_ID)["decisions"][-1]["action"] == action
    assert [f.id for f in list_flags(db, status)] == [FLAG_ID]


def test_names_are_stored_in_nfc(app, db):
    decide(app, reviewer=unicodedata.normalize("NFD", "Trần Văn Đức"))
    assert flag_view(db, FLAG_ID)["decisions"][0]["reviewer"] == "Trần Văn Đức"


@pytest.mark.parametrize("fields, words", [
    ({"value": "-1"}, "không âm"),
    ({"value": "abc"}, "không âm"),
    ({"value": "1.5"}, "không âm"),
    ({"value": ""}, "không âm"),
    ({"value": "99999999999"}, "không âm"),
    ({"action": "dismiss", "value": "3"}, "Chỉ ghi số đúng"),
    ({"action": "delete"}, "Chọn một quyết định"),
    ({"note": "   "}, "Ghi chú không được để trống"),
    ({"reviewer": ""}, "Tên người duyệt không được để trống"),
    ({"note": "x" * (MAX_NOTE + 1)}, f"Ghi chú dài quá {MAX_NOTE}"),
    ({"reviewer": "L" * (MAX_REVIEWER + 1)}, f"Tên người duyệt dài quá {MAX_REVIEWER}"),
    ({"reviewer": "Lan\nAn"}, "ký tự điều khiển"),
    ({"note": "a\x00b"}, "ký tự điều khiển"),
])
def test_bad_fields_are_400_and_nothing_is_recorded(app, db, fields, words):
    status, _, text = decide(app, **fields)
    assert status == 400
    assert words in text
    assert flag_view(db, FLAG_ID)["decisions"] == []
    assert 'name="csrf"' in text  # the form comes back, ready to fix


@pytest.mark.parametrize("headers", [
    {"HTTP_ORIGIN": "http://evil.example"},
    {"HTTP_ORIGIN": "http://127.0.0.1:8766"},
    {"HTTP_ORIGIN": "https://127.0.0.1"},
    {"HTTP_ORIGIN": "null"},
    {"HTTP_REFERER": "http://evil.example/page"},
    {"HTTP_ORIGIN": "http://127.0.0.1", "HTTP_REFERER": "http://localhost:80/"},
])
def test_cross_origin_posts_are_refused(app, db, headers):
    form = {"csrf": app.csrf_token(FLAG_ID), "action": "accept", "note": "n", "reviewer": "r"}
    status, _, text = call(app, f"/flags/{FLAG_ID}/decide", "POST", form=form, **headers)
    assert status == 403
    assert "chỉ được gửi từ chính trang duyệt này" in text
    assert flag_view(db, FLAG_ID)["decisions"] == []


@pytest.mark.parametrize("headers", [
    {},
    {"HTTP_ORIGIN": "http://127.0.0.1"},
    {"HTTP_ORIGIN": "http://127.0.0.1:80", "HTTP_REFERER": f"http://127.0.0.1/flags/{FLAG_ID}"},
])
def test_same_origin_posts_are_taken(app, headers):
    form = {"csrf": app.csrf_token(FLAG_ID), "action": "accept", "note": "n", "reviewer": "r"}
    assert call(app, f"/flags/{FLAG_ID}/decide", "POST", form=form, **headers)[0] == 303


@pytest.mark.parametrize("token", ["", "0" * 64, "Đ", "other-flag", "other-process"])
def test_a_wrong_csrf_token_is_refused(app, db, token):
    if token == "other-flag":
        token = app.csrf_token(GAP_ID)
    elif token == "other-process":
        token = ReviewApp(db).csrf_token(FLAG_ID)
    status, _, text = decide(app, csrf=token)
    assert status == 403
    assert "tải lại trang" in text
    assert flag_view(db, FLAG_ID)["decisions"] == []


def test_the_form_carries_this_process_token(app):
    text = call(app, f"/flags/{FLAG_ID}")[2]
    assert f'name="csrf" value="{app.csrf_token(FLAG_ID)}"' in text


@pytest.mark.parametrize("body, content_type, status", [
    (b"x" * (MAX_BODY + 1), "application/x-www-form-urlencoded", 413),
    (b'{"action": "accept"}', "application/json", 400),
    ("note=Đ".encode(), "application/x-www-form-urlencoded", 400),
    (b"note=%FF", "application/x-www-form-urlencoded", 400),
])
def test_odd_bodies_are_refused(app, db, body, content_type, status):
    code, _, _ = call(app, f"/flags/{FLAG_ID}/decide", "POST", body=body,
                      CONTENT_TYPE=content_type)
    assert code == status
    assert flag_view(db, FLAG_ID)["decisions"] == []


@pytest.mark.parametrize("method, path, allow", [
    ("PUT", "/", "GET"), ("DELETE", f"/flags/{FLAG_ID}", "GET"), ("HEAD", "/documents", "GET"),
    ("POST", "/", "GET"), ("GET", f"/flags/{FLAG_ID}/decide", "POST"),
])
def test_other_methods_are_405(app, method, path, allow):
    status, headers, _ = call(app, path, method)
    assert (status, headers["Allow"]) == (405, allow)


@pytest.mark.parametrize("path", ["/nope", "/flags/", "/flags/ffff0000", "/flags/9f",
                                  "/flags/a%2Fb", "/static/../../etc/passwd"])
def test_unknown_pages_and_flags_are_404(app, path):
    status, headers, text = call(app, path)
    assert status == 404
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_a_json_404_is_json(app):
    status, headers, text = call(app, "/flags/ffff0000.json")
    assert (status, headers["Content-Type"]) == (404, "application/json; charset=utf-8")
    assert json.loads(text)["error"]["vi"].startswith("không tìm thấy cờ")


@pytest.mark.parametrize("host", ["evil.example", "evil.example:80", "127.0.0.2"])
def test_requests_for_another_host_are_refused(app, host):
    # a page on another name resolving to 127.0.0.1 (DNS rebinding) must not read or post
    assert call(app, "/", HTTP_HOST=host)[0] == 400
    assert decide_with_host(app, host) == 400


def decide_with_host(app, host):
    form = {"csrf": app.csrf_token(FLAG_ID), "action": "accept", "note": "n", "reviewer": "r"}
    return call(app, f"/flags/{FLAG_ID}/decide", "POST", form=form, HTTP_HOST=host,
                HTTP_ORIGIN=f"http://{host}")[0]


def test_english_page_puts_english_first(app):
    text = call(app, "/", query="lang=en")[2]
    assert "Flags to review <small lang=\"vi\">Cờ cần xem xét</small>" in text
    assert 'href="/flags/9f3c2a71d04e8b55?lang=en"' in text


def test_a_missing_database_is_a_store_error(tmp_path):
    with pytest.raises(StoreError):
        ReviewApp(tmp_path / "none.db")


def test_serve_command_on_a_missing_database_exits_1(tmp_path):
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path / 'none.db'}: không có cơ sở dữ liệu")


def test_long_lists_come_in_pages(app, db, monkeypatch):
    monkeypatch.setattr("pipeline.review.pages.PAGE_SIZE", 2)
    pages = [json.loads(call(app, "/flags.json", query=f"page={n}")[2]) for n in (1, 2)]
    assert [(v["page"], v["pages"], v["total"], len(v["flags"])) for v in pages] == [
        (1, 2, 3, 2), (2, 2, 3, 1)]
    assert [f["id"] for v in pages for f in v["flags"]] == [f.id for f in list_flags(db, "open")]
    assert 'href="/?status=open&amp;page=2"' in call(app, "/")[2]
    assert call(app, "/", query="page=3")[0] == 404
    assert call(app, "/", query="page=-1")[0] == 400


def test_the_server_listens_on_loopback_only(db):
    server = make_review_server(db, 0)  # bound, never serving
    try:
        assert server.server_address[0] == "127.0.0.1"
        assert server.url == f"http://127.0.0.1:{server.server_port}/"
        with pytest.raises(PipelineError, match="cannot listen"):
            make_review_server(db, server.server_port)
    finally:
        server.server_close()


def test_serve_command_prints_the_url_and_stops_on_ctrl_c(db, monkeypatch):
    def interrupted(server):
        raise KeyboardInterrupt

    monkeypatch.setattr(ReviewServer, "serve_forever", interrupted)
    result = CliRunner().invoke(cli, ["serve", "--db", str(db), "--port", "0"])
    assert result.exit_code == 0
    assert re.fullmatch(r"Trang duyệt / review page: http://127\.0\.0\.1:\d+/  "
                        r"\(Ctrl-C: dừng / stop\)\n", result.output)


def test_a_database_gone_while_serving_is_503(app, db):
    db.unlink()
    status, _, text = call(app, "/")
    assert status == 503
    assert "không có cơ sở dữ liệu" in text
