"""The team page in a real browser: headless Chromium draws the charts, with no console error.

Needs Debian's `chromium` and `chromium-driver` and the `selenium` package (the test
extra); `.ci/run` installs the browser. Under CI (`CI=true`) it runs or fails, never
skips. `python -m tests.test_team_html_browser docs/team-report.png` redraws the
README's picture.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from cxhabits.cli.commands.team import library_titles
from cxhabits.team import folder as shared_folder
from cxhabits.team.figures import NotAShareFile, Skipped, read_document, summarize
from cxhabits.ui.team_view import html_page
from tests.team.test_team import TODAY, the_team

pytestmark = pytest.mark.browser
CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def browser() -> Any:
    """A headless Chromium driven by Selenium, or a skip (outside CI) that says what is missing."""
    missing = [p for p in (CHROMIUM, DRIVER) if not Path(p).exists() and not shutil.which(p)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("the selenium package")
    if missing:
        message = "needs " + ", ".join(missing) + " (apt-get install chromium chromium-driver)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=DRIVER), options=options)


def write_page(folder: Path, page: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for stem, content in the_team().items():
        suffix = ".json" if "conflicted" in stem else ".cxhabits-share.json"
        text = content if isinstance(content, str) else json.dumps(content)
        (folder / f"{stem}{suffix}").write_text(text, encoding="utf-8")
    docs, skipped = [], []
    for path in shared_folder.share_files(folder):
        try:
            docs.append(read_document(path.name, shared_folder.read_raw(path)))
        except (shared_folder.Unreadable, NotAShareFile) as exc:
            skipped.append(Skipped(path.name, str(exc)))
    titles = library_titles(folder, "en")
    page.write_text(html_page(summarize(docs, skipped, TODAY, 3), titles, "en"), encoding="utf-8")


def screenshot(driver: Any, page: Path, picture: Path) -> dict[str, Any]:
    """Open the page, save a full-height picture; the SVG sizes and the console's errors."""
    driver.set_window_size(820, 900)
    driver.get(page.as_uri())
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(820, min(int(height) + 160, 4000))
    sizes = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg')).map(svg => {"
        " const box = svg.getBoundingClientRect();"
        " return {id: svg.id, width: box.width, height: box.height,"
        " drawn: svg.querySelectorAll('rect').length}; })"
    )
    assert driver.save_screenshot(str(picture))
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    return {"svgs": sizes, "errors": errors}


def test_the_page_draws_its_charts_in_chromium(tmp_path: Path) -> None:
    driver = browser()
    try:
        page, picture = tmp_path / "team.html", tmp_path / "team.png"
        write_page(tmp_path / "shared", page)
        seen = screenshot(driver, page, picture)
        # The hostile name is text on the page, not a script that ran.
        assert "<script>alert(1)</script>" in driver.find_element("tag name", "body").text
    finally:
        driver.quit()
    assert seen["errors"] == []
    assert {svg["id"] for svg in seen["svgs"]} == {
        "chart-weeks",
        "chart-medians",
        "chart-principles",
    }
    for svg in seen["svgs"]:
        assert svg["width"] > 100 and svg["height"] > 10 and svg["drawn"] > 0, svg
    assert picture.stat().st_size > 10_000


if __name__ == "__main__":  # redraw the README's picture
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/team-report.png")
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"cxhabits-team-{dt.date.today()}"
    write_page(work / "shared", work / "team.html")
    chrome = browser()
    try:
        print(screenshot(chrome, work / "team.html", out.absolute()))
    finally:
        chrome.quit()
