"""The pages in a real browser: Debian's headless Chromium driven by Selenium with the system
chromedriver (Selenium Manager is never used, nothing is downloaded). Screenshots go to
tests/.artifacts/ (ignored by git). Skipped with the reason when Chromium is not installed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
ARTIFACTS = Path(__file__).resolve().parent / ".artifacts"

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - selenium is in the dev extra
    webdriver = None

pytestmark = pytest.mark.skipif(
    webdriver is None or not CHROMIUM or not DRIVER,
    reason="needs Debian's chromium and chromium-driver (installed by .ci/packages.sh) and selenium",
)


@pytest.fixture(scope="module")
def browser():
    os.environ["SE_OFFLINE"] = "true"  # belt and braces: Selenium Manager must not reach out
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--disable-extensions", "--no-first-run", "--lang=en"):
        options.add_argument(arg)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)
    driver.set_page_load_timeout(60)
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def _shot(driver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _wait(driver, css: str, timeout: float = 20):
    return WebDriverWait(driver, timeout).until(EC.presence_of_element_located((By.CSS_SELECTOR, css)))


def _csp_violations(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]]


def test_search_document_speaker_story(browser, web_server):
    browser.get(web_server.base + "/")
    box = browser.find_element(By.NAME, "q")
    box.send_keys("Ryabkov")
    box.submit()
    WebDriverWait(browser, 20).until(EC.url_contains("q=Ryabkov"))
    _wait(browser, ".hit")
    marks = browser.find_elements(By.CSS_SELECTOR, ".hit mark")
    assert marks and all(m.text.lower() == "ryabkov" for m in marks)
    _shot(browser, "1-search")
    hits = browser.find_elements(By.CSS_SELECTOR, ".hit h3 a")
    english = next(a for a in hits if a.text.endswith("– Ryabkov"))  # RT's own page, with its markers
    english.click()
    _wait(browser, "div.text")
    statements = browser.find_elements(By.CSS_SELECTOR, "div.text span.st")
    assert statements, "no highlighted statement in the text"
    colours = {s.value_of_css_property("background-color") for s in statements}
    speakers = {s.get_attribute("title").split(":")[0] for s in statements}
    assert len(colours) == len(speakers) >= 2  # one colour per speaker
    assert browser.find_elements(By.CSS_SELECTOR, "div.text span.cue")
    assert browser.find_elements(By.CSS_SELECTOR, "div.text span.who")
    assert browser.find_elements(By.CSS_SELECTOR, "div.text span.bp")  # RT's share line, removed
    assert browser.find_elements(By.CSS_SELECTOR, "div.text span.ev")
    _shot(browser, "2-document")
    browser.find_element(By.CSS_SELECTOR, "table.statements a.jump").click()
    assert browser.current_url.endswith("#st-0")
    assert browser.execute_script("return window.scrollY") > 0  # the row jumped to its place in the text
    story_href = browser.find_element(By.CSS_SELECTOR, "a.story-link").get_attribute("href")
    browser.find_element(By.CSS_SELECTOR, "a.speaker").click()
    _wait(browser, "h1")
    assert "Ryabkov" in browser.find_element(By.TAG_NAME, "h1").text
    variants = browser.find_element(By.CSS_SELECTOR, ".variants").text
    assert "Sergej Rjabkow" in variants and "Sergey Ryabkov" in variants  # one person, two spellings
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart.months rect.bar")
    _shot(browser, "3-speaker")
    browser.get(story_href)
    svg = _wait(browser, "svg.chart.timeline")
    assert svg.size["width"] > 300 and svg.size["height"] > 60
    points = browser.find_elements(By.CSS_SELECTOR, "svg.timeline a.tl-point")
    assert len(points) == 4
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.timeline .pt.orig")) == 1
    assert "original" in svg.text
    _shot(browser, "4-story")
    assert _csp_violations(browser) == []


def test_hostile_document_runs_nothing(browser, web_server):
    browser.get(web_server.base + "/doc/hostile/script")
    _wait(browser, "div.text")
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.execute_script("return document.scripts.length") == 0
    assert browser.find_elements(By.CSS_SELECTOR, "span.unsafe-url")
    assert not browser.find_elements(By.CSS_SELECTOR, "a[href^='javascript']")
    assert browser.find_elements(By.CSS_SELECTOR, "span.bidi")  # the RLO is shown, not applied
    # the 6,000-character word wraps: nothing is wider than the window
    assert browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1")
    _shot(browser, "5-hostile")


def test_right_to_left_document(browser, web_server):
    browser.get(web_server.base + "/doc/rtl-1")
    text = _wait(browser, "div.text")
    assert text.get_attribute("dir") == "auto"
    assert browser.execute_script("return getComputedStyle(arguments[0]).direction", text) == "rtl"
    _shot(browser, "6-rtl")


def test_dashboard_and_docs_offline(browser, web_server):
    browser.get(web_server.base + "/dashboard")
    _wait(browser, "svg.chart")
    assert browser.find_elements(By.CSS_SELECTOR, "svg.chart.bars a")
    _shot(browser, "7-dashboard")
    browser.get_log("browser")
    browser.get(web_server.base + "/docs")
    _wait(browser, ".swagger-ui .opblock", timeout=60)  # drawn once the schema is loaded and read
    WebDriverWait(browser, 30).until(
        EC.text_to_be_present_in_element((By.CSS_SELECTOR, ".swagger-ui .info"), "quelle"))
    assert len(browser.find_elements(By.CSS_SELECTOR, ".opblock")) >= 10
    _shot(browser, "8-docs")
    assert _csp_violations(browser) == []
