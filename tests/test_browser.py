"""The page in a real browser: Debian's chromium driven by Playwright, app on 127.0.0.1."""

import os
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

CHROMIUM = Path(os.environ.get("CREDIBILITY_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"no browser at {CHROMIUM} (apt-get install chromium)"
)


@pytest.fixture(scope="module")
def base_url():
    from waitress import create_server

    from credibility.webapp import create_app
    from credibility.webapp.jobs.runner import Runner

    app = create_app()
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    jobs = Runner(app)  # the batch page's uploads run as background jobs
    jobs.start()
    yield f"http://127.0.0.1:{server.effective_port}"
    jobs.stop()
    server.close()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser):
    context = browser.new_context(viewport={"width": 1100, "height": 900}, accept_downloads=True)
    opened = context.new_page()
    errors: list[str] = []
    opened.on("pageerror", lambda exc: errors.append(str(exc)))
    opened.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield opened
    context.close()
    assert errors == []  # no script errors, no blocked or missing resources


def test_seed_style_page_scores_low_with_the_blurb_marked(page, base_url):
    page.goto(base_url + "/")
    page.fill("#article", (FIXTURES / "farm-page.txt").read_text(encoding="utf-8"))
    page.click("button[type=submit]")
    verdict = page.locator(".verdict")
    assert "Low credibility" in verdict.inner_text()
    assert "verdict-low" in verdict.get_attribute("class")
    blurb = page.locator(".article mark.k-blurb").first
    assert blurb.is_visible()
    assert "blurb_" in blurb.get_attribute("title")
    # The visible text of the blurb marks, without the screen-reader labels.
    marked = page.evaluate(
        """() => Array.from(document.querySelectorAll('.article mark.k-blurb'))
              .flatMap(m => Array.from(m.childNodes))
              .filter(n => n.nodeType === Node.TEXT_NODE)
              .map(n => n.textContent).join('')"""
    )
    assert marked.startswith("hi, i am Kevin Malik and i work writer")
    assert page.locator("svg.chart rect").count() >= 5
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "score-page.png"), full_page=True)


def test_keyboard_alone_can_submit(page, base_url):
    page.goto(base_url + "/")
    page.focus("#article")
    page.keyboard.type("The council said on Monday that the road budget passed, officials said.")
    page.focus("button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector(".verdict")
    assert page.locator(".verdict").count() == 1


def test_json_link_gives_the_same_result(page, base_url):
    page.goto(base_url + "/")
    page.fill("#article", (FIXTURES / "news-story.txt").read_text(encoding="utf-8"))
    page.click("button[type=submit]")
    shown = page.locator(".verdict .number").inner_text()
    page.click("text=This result as JSON")
    import json

    data = json.loads(page.locator("body").inner_text())
    assert round(data["credibility"] * 100) == int(shown)
    assert data["label"] == "credible"


def test_csv_upload_and_download(page, base_url, tmp_path):
    source = tmp_path / "articles.csv"
    source.write_text(
        (FIXTURES / "batch" / "articles.csv").read_text(encoding="utf-8"), encoding="utf-8"
    )
    page.goto(base_url + "/batch")
    page.set_input_files("#file", str(source))
    page.click("button[type=submit]")
    # The job's page: a progress bar, then (the page refreshing itself, no script) the
    # download and the per-source table.
    page.wait_for_selector("progress#job-progress")
    assert page.inner_text("h2#job-heading").startswith("articles.csv: ")
    page.wait_for_selector("#job-download", timeout=120_000)
    assert page.inner_text("h2#job-heading") == "articles.csv: done"
    total = page.get_attribute("progress#job-progress", "max")
    assert page.get_attribute("progress#job-progress", "value") == total
    assert page.locator("table.sources").count() == 1
    assert page.url.startswith(base_url + "/jobs/")
    with page.expect_download() as info:
        page.click("text=Download the scored CSV")
    saved = tmp_path / "scored.csv"
    info.value.save_as(saved)
    lines = saved.read_text(encoding="utf-8").splitlines()
    # The file has URLs, so the site's rating and its lists follow the verdict's columns.
    assert lines[0].endswith("credibility,label,top_signals,error,source_rating,source_lists")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "batch-page.png"), full_page=True)
