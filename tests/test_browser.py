"""report.html in a real browser: headless Chromium (Debian's chromium + chromium-driver, installed by
scripts/browser.sh) opens it from disk with the network off. Screenshots go to test-artifacts/."""

import json
import os
import shutil

import pytest
from conftest import EXAMPLE, REPO

from factfile.cli import main

ARTIFACTS = REPO / "test-artifacts"


@pytest.fixture(scope="module")
def browser():
    chromium, chromedriver = shutil.which("chromium"), shutil.which("chromedriver")
    if not (chromium and chromedriver):
        message = "the browser tests need chromium and chromium-driver (scripts/browser.sh installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=1280,900", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(chromedriver), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.emulateNetworkConditions",
                           {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1})
    ARTIFACTS.mkdir(exist_ok=True)
    yield driver
    driver.quit()


def open_page(driver, path):
    driver.get_log("performance")  # forget what earlier pages did
    driver.get_log("browser")
    driver.get(path.resolve().as_uri())


def requests_made(driver):
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


@pytest.fixture(scope="module")
def example_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q"]) == 0
    return out / "report.html", json.loads((out / "factfile.json").read_text(encoding="utf-8"))


def test_the_report_loads_nothing_and_logs_no_error(browser, example_report):
    page, _ = example_report
    open_page(browser, page)
    assert [u for u in requests_made(browser) if not u.startswith(("file:", "data:"))] == []
    assert [e for e in browser.get_log("browser") if e["level"] == "SEVERE"] == []
    browser.save_screenshot(str(ARTIFACTS / "report-desktop.png"))


def test_map_timeline_and_facts_render_one_element_per_item(browser, example_report):
    from selenium.webdriver.common.by import By

    page, data = example_report
    open_page(browser, page)
    assert len(browser.find_elements(By.CSS_SELECTOR, "ol.timeline > li")) == len(data["timeline"])
    assert len(browser.find_elements(By.CSS_SELECTOR, "section.group")) == len(data["groups"])
    assert len(browser.find_elements(By.CSS_SELECTOR, "mark.claim")) >= len(data["claims"])
    places = [e for e in data["entities"] if e["geo"]]
    markers = browser.find_elements(By.CSS_SELECTOR, "figure.map svg:not(.locator) a.marker")
    elsewhere = browser.find_elements(By.CSS_SELECTOR, "figure.map svg.locator a.marker")
    assert len(markers) + len(elsewhere) == len(places)
    assert len(markers) >= len(elsewhere)  # the map frames where most of the story happens
    assert len(browser.find_elements(By.CSS_SELECTOR, "figure.map path.land")) > 0  # outlines drawn offline
    # every marker sits inside the drawn map
    box = browser.find_element(By.CSS_SELECTOR, "figure.map svg").rect
    labels = [e.rect for e in browser.find_elements(By.CSS_SELECTOR, "figure.map a.marker text")]
    for label in labels:  # no label runs off the map
        assert box["x"] <= label["x"] and label["x"] + label["width"] <= box["x"] + box["width"] + 1
    for marker in markers:
        circle = marker.find_element(By.TAG_NAME, "circle").rect
        assert box["x"] <= circle["x"] <= box["x"] + box["width"] and box["y"] <= circle["y"] <= box["y"] + box["height"]
    labels = [e.rect for e in browser.find_elements(By.CSS_SELECTOR, "figure.map a.marker text")]
    assert labels, "no place is labelled"
    for i, a in enumerate(labels):  # labels never sit on top of each other
        for b in labels[:i]:
            assert not (a["x"] < b["x"] + b["width"] - 1 and b["x"] < a["x"] + a["width"] - 1
                        and a["y"] < b["y"] + b["height"] - 1 and b["y"] < a["y"] + a["height"] - 1), (a, b)
    assert "The reports disagree on" in browser.find_element(By.ID, "story").text


def test_clicking_a_contested_row_scrolls_to_its_evidence_and_back(browser, example_report):
    from selenium.webdriver.common.by import By

    page, data = example_report
    open_page(browser, page)
    contested = next(g for g in data["groups"] if g["status"] == "contested")
    link = browser.find_element(By.CSS_SELECTOR, f"#group-{contested['id']} tbody tr a")
    claim_id = link.get_attribute("href").split("#", 1)[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    assert browser.execute_script("return location.hash") == f"#{claim_id}"
    top = browser.execute_script(
        "return document.getElementById(arguments[0]).getBoundingClientRect().top", claim_id)
    assert 0 <= top < browser.execute_script("return window.innerHeight")
    browser.save_screenshot(str(ARTIFACTS / "report-evidence.png"))
    back = browser.find_element(By.CSS_SELECTOR, f'a.back[href="#group-{contested["id"]}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", back)
    back.click()
    assert browser.execute_script("return location.hash") == f"#group-{contested['id']}"


def test_the_report_reads_at_phone_width_with_tables_as_cards(browser, example_report):
    from selenium.webdriver.common.by import By

    page, data = example_report
    browser.set_window_size(390, 844)
    try:
        open_page(browser, page)
        overflow = browser.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 1
        # Nothing scrolls sideways inside the page either: every table fits its box.
        wide = browser.execute_script("return [...document.querySelectorAll('.table-wrap')]"
                                      ".filter(w => w.scrollWidth > w.clientWidth + 1).length")
        assert wide == 0
        # Each row of a fact table is a card: its cells one under another, each led by its column's name.
        row = browser.find_element(By.CSS_SELECTOR, "section.group tbody tr")
        cells = row.find_elements(By.TAG_NAME, "td")
        assert [c.rect["y"] for c in cells] == sorted(c.rect["y"] for c in cells)
        assert len({round(c.rect["x"]) for c in cells}) == 1
        label = browser.execute_script("return getComputedStyle(arguments[0], '::before').content", cells[0])
        assert label == '"Outlet"'
        assert cells[0].text == browser.find_element(By.CSS_SELECTOR, "section.group tbody td").text
        browser.save_screenshot(str(ARTIFACTS / "report-phone.png"))
    finally:
        browser.set_window_size(1280, 900)


HOSTILE_PAGE = """<!DOCTYPE html><html><head><title>Harbour pier deal</title></head><body><article>
<h1>Harbour pier deal signed</h1>
<p>The new pier at Harbour Point will cost $40 million, the port authority said on Monday.
<script>window.__pwned = 1; alert(1)</script></p>
<p>The breakwater <img src="x" onerror="window.__pwned = 2"> will cost $9 million, officials said.
<a href="javascript:window.__pwned = 3">read more</a> &lt;script&gt;window.__pwned = 4&lt;/script&gt; and
&lt;img src=x onerror="window.__pwned = 5"&gt; as text, plus &lt;style&gt;body{display:none}&lt;/style&gt;.</p>
<p>Dock workers said the $40 million pier would open next year.</p>
</article></body></html>"""


def test_a_hostile_article_cannot_run_anything_in_the_report(browser, tmp_path):
    from selenium.webdriver.common.by import By

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "hostile.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    main(["build", str(tmp_path / "corpus"), "-o", str(tmp_path / "out"), "-q"])
    open_page(browser, tmp_path / "out" / "report.html")
    assert browser.execute_script("return window.__pwned === undefined")
    assert browser.find_element(By.TAG_NAME, "body").is_displayed()
    assert [u for u in requests_made(browser) if not u.startswith(("file:", "data:"))] == []
    # The article's own text carries markup written as text; the page shows it as text.
    text = json.loads((tmp_path / "out" / "factfile.json").read_text(encoding="utf-8"))["documents"][0]["text"]
    assert "<script>window.__pwned = 4</script>" in text
    assert "<script>window.__pwned = 4</script>" in browser.find_element(By.ID, "doc-hostile").text
    browser.save_screenshot(str(ARTIFACTS / "report-hostile.png"))


def test_the_report_prints_to_pdf(browser, example_report):
    import base64

    page, data = example_report
    open_page(browser, page)
    printed = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True, "paperWidth": 8.27,
                                                          "paperHeight": 11.69})
    pdf = base64.b64decode(printed["data"])
    (ARTIFACTS / "report.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    # Sections start on new pages and nothing is cut to a sliver: a few pages per document, not hundreds.
    assert len(data["documents"]) < pages < 15 * len(data["documents"])
    # Printing must not change the page on screen (print styles live in @media print).
    assert browser.execute_script("return getComputedStyle(document.querySelector('nav')).position") == "sticky"


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`factfile serve` on a build of the example plus a hostile report, on a free local port."""
    from factfile.web import create_app, running

    corpus = tmp_path_factory.mktemp("served-corpus")
    shutil.copytree(EXAMPLE, corpus, dirs_exist_ok=True)
    (corpus / "hostile.html").write_text(HOSTILE_PAGE, encoding="utf-8")
    out = tmp_path_factory.mktemp("served-out")
    main(["build", str(corpus), "-o", str(out), "-q"])
    with running(create_app(out)) as base:
        yield base, json.loads((out / "factfile.json").read_text(encoding="utf-8")), corpus, out


@pytest.fixture
def online_to_this_machine(browser):
    """The browser may reach the app on 127.0.0.1; every name still resolves nowhere (--host-resolver-rules),
    so a request to anywhere else fails and is caught by `requests_made`."""
    conditions = {"latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": False, **conditions})
    yield browser
    browser.execute_cdp_cmd("Network.emulateNetworkConditions", {"offline": True, **conditions})


def test_the_app_goes_from_a_fact_to_its_evidence_and_back_and_searches(online_to_this_machine, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = online_to_this_machine
    base, data, _, _ = served
    browser.get_log("performance")
    browser.get(base + "/?status=contested")
    groups = browser.find_elements(By.CSS_SELECTOR, "section.group")
    assert groups and all("contested" in g.get_attribute("class") for g in groups)
    link = groups[0].find_element(By.CSS_SELECTOR, "tbody tr a")
    claim_id = link.get_attribute("href").split("#claim-", 1)[1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    WebDriverWait(browser, 10).until(lambda b: "/documents/" in b.current_url)
    assert "/documents/" in browser.current_url and browser.execute_script("return location.hash") == f"#claim-{claim_id}"
    top = browser.execute_script("return document.getElementById(arguments[0]).getBoundingClientRect().top",
                                 f"claim-{claim_id}")
    assert 0 <= top < browser.execute_script("return window.innerHeight")
    browser.save_screenshot(str(ARTIFACTS / "app-evidence.png"))
    group_id = next(g["id"] for g in data["groups"] if claim_id in g["claims"])
    back = browser.find_element(By.CSS_SELECTOR, f'a.back[href="/groups/{group_id}"]')
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", back)
    back.click()
    WebDriverWait(browser, 10).until(lambda b: "/groups/" in b.current_url)
    assert browser.current_url.endswith(f"/groups/{group_id}")
    # Search from the form, narrowed to one outlet.
    browser.get(base + "/search")
    browser.find_element(By.NAME, "q").send_keys("herders")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    WebDriverWait(browser, 10).until(lambda b: "q=herders" in b.current_url
                                     and b.find_elements(By.CSS_SELECTOR, "ol.results li"))
    results = browser.find_elements(By.CSS_SELECTOR, "ol.results li")
    assert results and all(r.find_element(By.TAG_NAME, "mark").text.lower() == "herders" for r in results)
    browser.save_screenshot(str(ARTIFACTS / "app-search.png"))
    local = ("http://127.0.0.1", "data:")
    assert [u for u in requests_made(browser) if not u.startswith(local)] == []


def test_a_hostile_article_is_inert_in_the_app(online_to_this_machine, served):
    from selenium.webdriver.common.by import By

    browser = online_to_this_machine
    base, _, _, _ = served
    for path in ("/documents/hostile", "/search?q=pier", "/"):
        browser.get(base + path)
        assert browser.execute_script("return window.__pwned === undefined"), path
        assert browser.find_element(By.TAG_NAME, "body").is_displayed()
    browser.get(base + "/documents/hostile")
    assert "<script>window.__pwned = 4</script>" in browser.find_element(By.ID, "doc-hostile").text


def test_a_reviewer_judgement_made_in_the_app_survives_a_rebuild(online_to_this_machine, served):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    browser = online_to_this_machine
    base, data, corpus, out = served
    group = next(g for g in data["groups"] if g["status"] == "corroborated")
    browser.get(f"{base}/groups/{group['id']}")
    Select(browser.find_element(By.NAME, "verdict")).select_by_value("right")
    browser.find_element(By.NAME, "note").send_keys("checked against the filing")
    browser.find_element(By.NAME, "who").send_keys("Ana")
    browser.find_element(By.CSS_SELECTOR, "form button").click()
    WebDriverWait(browser, 10).until(lambda b: b.find_elements(By.CSS_SELECTOR, "p.judgement.right"))
    assert main(["build", str(corpus), "-o", str(out), "-q"]) in (0, 1)  # the hostile page's note: exit 1 is fine
    browser.get(f"{base}/groups/{group['id']}")
    shown = browser.find_element(By.CSS_SELECTOR, "p.judgement.right").text
    assert "Judged right by Ana" in shown and "checked against the filing" in shown
    browser.save_screenshot(str(ARTIFACTS / "app-judgement.png"))
    # The hostile report is a story of its own: each story has its page, listed by report.html.
    story = next(s["id"] for s in data["stories"] if set(group["docs"]) <= set(s["docs"]))
    browser.get((out / "report.html").as_uri())
    browser.find_element(By.CSS_SELECTOR, f'a[href="stories/{story}.html"]').click()
    assert "checked against the filing" in browser.find_element(By.ID, f"group-{group['id']}").text
