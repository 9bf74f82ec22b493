"""Regenerate the README's pictures for the example corpus: docs/report-example.png (report.html) and
docs/serve-example.png ('factfile serve', the contested facts of the story).

    .venv/bin/python scripts/readme_screenshot.py

Needs the system's chromium and chromedriver (scripts/browser.sh installs them).
"""

import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    from factfile.cli import main as factfile
    from factfile.web import create_app, running

    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        print("needs chromium and chromedriver: run 'bash scripts/browser.sh' (as root) first", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as out:
        factfile(["build", str(REPO / "examples" / "gobi-rail"), "-o", out, "-q"])
        options = webdriver.ChromeOptions()
        options.binary_location = chromium
        for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1150"):
            options.add_argument(argument)
        driver = webdriver.Chrome(service=Service(chromedriver), options=options)
        try:
            driver.get((Path(out) / "report.html").as_uri())
            driver.save_screenshot(str(REPO / "docs" / "report-example.png"))
            with running(create_app(Path(out))) as base:
                driver.get(base + "/?status=contested")
                driver.save_screenshot(str(REPO / "docs" / "serve-example.png"))
        finally:
            driver.quit()
    print("wrote docs/report-example.png and docs/serve-example.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
