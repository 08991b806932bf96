"""The review page in a real browser: Debian's headless Chromium driven by Selenium through
Debian's chromedriver (nothing is downloaded). Skipped where Chromium is not installed,
unless BAOCAO_REQUIRE_BROWSER is set (CI sets it: there they must run)."""
import os
import shutil
import threading
from pathlib import Path

import pytest

from pipeline.review import list_flags
from pipeline.run import run_batch
from pipeline.web.server import make_review_server
from tests.conftest import SAMPLES, SAMPLES_2024
from tests.test_review_page import EVIL, FORMS, _hostile_store

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
REQUIRED = bool(os.environ.get("BAOCAO_REQUIRE_BROWSER"))
if not (CHROMIUM.exists() and DRIVER.exists()):
    if REQUIRED:
        pytest.fail("BAOCAO_REQUIRE_BROWSER is set but chromium/chromedriver are missing "
                    "(apt-get install chromium chromium-driver)", pytrace=False)
    pytest.skip("no chromium here (apt-get install chromium chromium-driver)",
                allow_module_level=True)
webdriver = pytest.importorskip("selenium.webdriver") if not REQUIRED else \
    __import__("selenium.webdriver", fromlist=["webdriver"])
from selenium.common.exceptions import UnexpectedAlertPresentException  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

SHOTS = Path(os.environ.get("BAOCAO_SCREENSHOTS", "")) if os.environ.get(
    "BAOCAO_SCREENSHOTS") else None


@pytest.fixture(scope="module")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--hide-scrollbars",
                "--window-size=1200,900"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options,
                              service=webdriver.ChromeService(executable_path=str(DRIVER)))
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def _serve(db):
    server = make_review_server(db, 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("browser") / "s.db"
    here = Path.cwd()
    os.chdir(SAMPLES.parent)  # files named as `make demo` names them: samples/...
    try:
        run_batch([Path(SAMPLES.name) / p.name for p in SAMPLES_2024], path, workers=1)
    finally:
        os.chdir(here)
    return path


@pytest.fixture
def site(samples_db, tmp_path):
    db = tmp_path / "s.db"
    shutil.copyfile(samples_db, db)
    server = _serve(db)
    yield db, server.url.rstrip("/")
    server.shutdown()
    server.server_close()


def _width(browser, px):
    browser.set_window_size(px, 900)
    # the viewport, not the window, must be px wide: correct for the window's frame
    inner = browser.execute_script("return window.innerWidth")
    browser.set_window_size(px + (px - inner), 900)


def _click_and_wait(browser, element):
    """Click what leads to another page and wait until that page has replaced this one."""
    page = browser.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(browser, 30).until(EC.staleness_of(page))
    WebDriverWait(browser, 30).until(
        lambda b: b.execute_script("return document.readyState") == "complete")


def _no_sideways_scroll(browser):
    return browser.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth")


def _shot(browser, name):
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SHOTS / name))


def test_filter_open_a_flag_decide_it_and_see_it_decided(browser, site):
    db, url = site
    _width(browser, 1200)
    browser.get(url + "/")
    Select(browser.find_element(By.NAME, "rule")).select_by_value("repeated_mismatch")
    _click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.filter button"))
    assert "rule=repeated_mismatch" in browser.current_url
    rows = browser.find_elements(By.CSS_SELECTOR, "table tbody tr")
    assert len(rows) == 1
    _shot(browser, "flags.png")
    _click_and_wait(browser, rows[0].find_element(By.CSS_SELECTOR, "a.id"))
    assert "/flags/" in browser.current_url
    assert browser.find_elements(By.CSS_SELECTOR, "section.evidence mark")
    browser.find_element(By.CSS_SELECTOR, "input[name=action][value=choose]").click()
    browser.find_element(By.CSS_SELECTOR, "input[name=choice][value='5']").click()
    browser.find_element(By.NAME, "note").send_keys("Biên bản ghi 05 buổi")
    browser.find_element(By.NAME, "reviewer").send_keys("Nguyễn Thị Lan")
    _click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.decide button"))
    _shot(browser, "flag.png")
    body = browser.find_element(By.TAG_NAME, "main").text
    assert "đã xử lý" in body and "chọn số 5" in body and "Nguyễn Thị Lan" in body
    assert "(UTC+7)" in body
    [flag] = [f for f in list_flags(db, "resolved")]
    assert flag.rule.value == "repeated_mismatch"


def test_every_sample_flag_is_settled_in_the_browser(browser, site):
    db, url = site
    _width(browser, 1200)
    for (rule, indicator), form in FORMS.items():
        fid = next(f.id for f in list_flags(db, "all") if f.rule.value == rule
                   and (indicator is None or f.indicator == indicator))
        browser.get(f"{url}/flags/{fid}")
        browser.find_element(By.CSS_SELECTOR,
                             f"input[name=action][value={form['action']}]").click()
        for name, value in form.items():
            if name in ("action", "value"):
                continue
            field = [e for e in browser.find_elements(By.NAME, name)
                     if (e.get_attribute("value") or "").endswith(value)]
            field[0].click()
        if "value" in form:
            box = browser.find_element(By.NAME, "value")
            box.clear()
            box.send_keys(form["value"])
        browser.find_element(By.NAME, "note").send_keys("theo biên bản")
        browser.find_element(By.NAME, "reviewer").send_keys("Lan")
        _click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, "form.decide button"))
        assert "đã xử lý" in browser.find_element(By.TAG_NAME, "h1").text or \
            "đã bỏ qua" in browser.find_element(By.TAG_NAME, "h1").text, (rule, browser.page_source[:500])
    assert list_flags(db, "open") == []


@pytest.mark.parametrize("path", ["/?status=all", "/documents",
                                  "/documents/dak-ha-2024-h1.docx", "FLAG"])
def test_the_narrow_layout_has_no_sideways_scroll(browser, site, path):
    db, url = site
    if path == "FLAG":
        path = "/flags/" + next(f.id for f in list_flags(db, "all")
                                if f.rule.value == "reference_conflict")
    _width(browser, 400)
    browser.get(url + path)
    assert browser.execute_script("return window.innerWidth") == 400
    assert _no_sideways_scroll(browser), browser.execute_script(
        "return document.documentElement.scrollWidth")
    if path == "/?status=all":
        _shot(browser, "flags-400.png")


def test_the_document_page_marks_its_figures(browser, site):
    db, url = site
    _width(browser, 1000)
    browser.get(url + "/documents/dak-ha-2024-h1.docx")
    marks = browser.find_elements(By.CSS_SELECTOR, ".doc-block mark")
    assert len(marks) >= 10
    _shot(browser, "document.png")


def test_markup_in_a_document_is_shown_as_text_and_runs_nothing(browser, tmp_path):
    db = tmp_path / "h.db"
    _hostile_store(db)
    server = _serve(db)
    try:
        browser.get(server.url + "documents/" + "b" * 12)
        try:
            alert = browser.switch_to.alert.text
        except Exception:  # noqa: BLE001 (no alert: nothing ran)
            alert = None
        assert alert is None
        assert browser.find_elements(By.TAG_NAME, "img") == []
        assert browser.find_elements(By.CSS_SELECTOR, "main script") == []
        assert EVIL in browser.find_element(By.TAG_NAME, "main").text
        for path in ("", "documents"):
            browser.get(server.url + path + "?status=all")
            assert browser.find_elements(By.TAG_NAME, "img") == []
    except UnexpectedAlertPresentException:
        pytest.fail("a script from the document ran")
    finally:
        server.shutdown()
        server.server_close()
