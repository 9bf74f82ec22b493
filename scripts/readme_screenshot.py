"""Regenerate docs/report-example.png, the README's picture of report.html for the example corpus.

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
            target = REPO / "docs" / "report-example.png"
            driver.save_screenshot(str(target))
        finally:
            driver.quit()
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
