"""The team page in a real browser: headless Chromium draws the charts, with no console error.

Needs Debian's `chromium` and `chromium-driver` and the `selenium` package (the test
extra); `.ci/run` installs the browser. Under CI (`CI=true`) it runs or fails, never
skips. `python -m tests.system.test_team_html_browser` redraws the README's pictures
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.team.teams import write_team
from tests.team.test_team import five, ok, twelve, twenty_five

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


def write_page(folder: Path, page: Path, people: int = 20, lang: str = "en") -> None:
    """The lead's page for a team of `people` (the worked teams of tests/team), via the CLI."""
    team = {3: five()[:3], 5: five(), 8: twelve()[:8], 12: twelve(), 20: twenty_five()[:20]}
    write_team(folder, team.get(people) or twenty_five()[:people])
    ok("config", "language", lang)
    ok("team", str(folder), "--html", str(page), "--title", "Team Noord", "--min-group", "5")


def screenshot(driver: Any, page: Path, picture: Path, width: int = 1280) -> dict[str, Any]:
    """Open the page, save a full-height picture; the SVG sizes and the console's errors."""
    driver.set_window_size(width, 900)
    driver.get(page.as_uri())
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(int(height) + 160, 5000))
    sizes = driver.execute_script(
        "return Array.from(document.querySelectorAll('svg')).map(svg => {"
        " const box = svg.getBoundingClientRect();"
        " return {id: svg.id, width: box.width, height: box.height,"
        " drawn: svg.querySelectorAll('rect').length}; })"
    )
    scroll = driver.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert driver.save_screenshot(str(picture))
    errors = [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]
    return {"svgs": sizes, "errors": errors, "scroll": scroll}


@pytest.mark.parametrize("lang", ["en", "nl"])
@pytest.mark.parametrize("people", [3, 5, 8, 20])
def test_the_page_draws_its_charts_in_chromium(tmp_path: Path, people: int, lang: str) -> None:
    driver = browser()
    page = tmp_path / "team.html"
    write_page(tmp_path / "shared", page, people, lang)
    try:
        for width in (1280, 390):
            seen = screenshot(driver, page, tmp_path / f"team-{width}.png", width)
            assert seen["errors"] == [] and seen["scroll"] <= 0, seen
            body = driver.find_element("tag name", "body").text
            if people >= 5:
                assert ("Te vieren" in body) == (lang == "nl")
                assert ("To celebrate" in body) == (lang == "en")
                weeks = next(svg for svg in seen["svgs"] if svg["id"] == "chart-weeks")
                assert weeks["width"] > 300 and weeks["drawn"] > 0, weeks
            else:
                assert seen["svgs"] == []
    finally:
        driver.quit()


if __name__ == "__main__":  # redraw the README's pictures: docs/team-5.png, team-20(-nl).png
    work = Path(os.environ.get("TMPDIR", "/tmp")) / f"cxhabits-team-{dt.date.today()}"
    os.environ["CXHABITS_HOME"] = str(work / "home")
    chrome = browser()
    try:
        for people, lang, name in (
            (5, "en", "team-5"),
            (20, "en", "team-20"),
            (20, "nl", "team-20-nl"),
        ):
            write_page(work / name, work / f"{name}.html", people, lang)
            print(screenshot(chrome, work / f"{name}.html", Path("docs") / f"{name}.png", 1280))
            screenshot(chrome, work / f"{name}.html", work / f"{name}-390.png", 390)
    finally:
        chrome.quit()
