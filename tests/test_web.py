"""`factfile serve`: the pages and the JSON API over a real build, filters, search, the token off
localhost, and article text kept inert."""

import json
import re
import shutil

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLE

from factfile.cli import main
from factfile.web import create_app, is_local


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("served")
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q"]) == 0
    return out, json.loads((out / "factfile.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def client(built):
    return TestClient(create_app(built[0]))


def test_the_facts_page_shows_every_group_and_the_api_gives_the_same(client, built):
    _, data = built
    page = client.get("/")
    assert page.status_code == 200
    for group in data["groups"]:
        assert f'id="group-{group["id"]}"' in page.text
    api = client.get("/api/facts").json()
    assert {g["id"] for g in api} == {g["id"] for g in data["groups"]}
    assert all(len(g["rows"]) == len(g["claims"]) for g in api)


def test_the_facts_page_pages_through_every_group_once_keeping_the_filter(built):
    out, data = built
    paged = TestClient(create_app(out, groups_a_page=3))
    contested = [g["id"] for g in data["groups"] if g["status"] == "contested"]
    assert len(data["groups"]) > 6 and len(contested) > 3  # the example has pages to turn
    seen, href = [], "/"
    while href:
        page = paged.get(href)
        assert page.status_code == 200
        seen += re.findall(r'<section class="group [^"]*" id="group-([^"]+)"', page.text)
        following = re.search(r'<a href="([^"]+)" rel="next">', page.text)
        href = following and following.group(1).replace("&amp;", "&")
    assert seen == [g["id"] for g in paged.get("/api/facts").json()]
    first = paged.get("/", params={"status": "contested"})
    assert f"{len(contested)} fact groups, 1–3 shown" in first.text
    assert 'href="/?status=contested&amp;page=2" rel="next"' in first.text
    last = paged.get("/", params={"status": "contested", "page": 999})  # past the end: the last page
    assert last.status_code == 200 and 'rel="next"' not in last.text and 'rel="prev"' in last.text
    assert paged.get("/", params={"page": 0}).status_code == 422
    everything = paged.get("/api/facts", params={"status": "contested"}).json()
    assert paged.get("/api/facts", params={"status": "contested", "offset": 1, "limit": 2}).json() == everything[1:3]
    assert paged.get("/api/facts", params={"limit": 0}).status_code == 422


def test_filters_keep_only_what_they_ask_for(client, built):
    _, data = built
    contested = client.get("/api/facts", params={"status": "contested"}).json()
    assert contested and {g["status"] for g in contested} == {"contested"}
    assert len(contested) == sum(g["status"] == "contested" for g in data["groups"])
    herald = client.get("/api/facts", params={"outlet": "The Gobi Herald"}).json()
    assert herald and all(any(r["outlet"] == "The Gobi Herald" for r in g["rows"]) for g in herald)
    assert len(herald) < len(data["groups"])
    entity = max(data["entities"], key=lambda e: len(e["mentions"]))
    naming = client.get("/api/facts", params={"entity": entity["id"]}).json()
    claims = {c["id"]: c for c in data["claims"]}
    assert naming and all(any(entity["id"] in claims[r["claim"]]["entities"] for r in g["rows"]) for g in naming)
    # Published on the 17th: only groups with a row from that day's report.
    late = client.get("/api/facts", params={"since": "2025-03-17"}).json()
    published = {d["id"]: d["published"] for d in data["documents"]}
    assert late and all(any((published[r["doc"]] or "") >= "2025-03-17" for r in g["rows"]) for g in late)
    assert client.get("/api/facts", params={"status": "made-up"}).status_code == 422
    page = client.get("/", params={"status": "contested"})
    assert page.text.count('<section class="group ') == len(contested)


def test_from_a_fact_to_its_evidence_and_back(client, built):
    _, data = built
    group = next(g for g in data["groups"] if g["status"] == "contested")
    page = client.get(f"/groups/{group['id']}")
    assert page.status_code == 200
    claim = next(c for c in data["claims"] if c["id"] == group["claims"][0])
    evidence = f"/documents/{claim['doc']}#claim-{claim['id']}"
    assert f'href="{evidence}"' in page.text
    document = client.get(evidence.split("#")[0])
    assert document.status_code == 200
    assert f'id="claim-{claim["id"]}"' in document.text
    assert f'href="/groups/{group["id"]}"' in document.text  # the way back
    assert client.get("/documents/no-such-report").status_code == 404
    assert client.get("/groups/nothing").status_code == 404


def test_search_finds_reports_by_their_words_and_filters_by_outlet(client, built):
    _, data = built
    found = client.get("/api/search", params={"q": "herders"}).json()
    holding = {d["id"] for d in data["documents"] if "herders" in d["text"].lower()}
    assert {r["id"] for r in found} == holding
    one = client.get("/api/search", params={"q": "herders", "outlet": "The Ulaanbaatar Observer"}).json()
    assert [r["id"] for r in one] == ["06_ulaanbaatar-observer"]
    phrase = client.get("/api/search", params={"q": '"copper rail spur"'}).json()
    assert phrase and all("copper rail spur" in (next(d for d in data["documents"] if d["id"] == r["id"])["title"]
                                                 + next(d for d in data["documents"] if d["id"] == r["id"])["text"]).lower()
                          for r in phrase)
    page = client.get("/search", params={"q": "herders"})
    assert page.status_code == 200 and "<mark>herders</mark>" in page.text.lower()
    # Search syntax a user types by mistake is words, never an error.
    for query in ['"unclosed', "AND OR NOT", "NEAR(a b)", "*", "col:umn", "a^b -c"]:
        assert client.get("/api/search", params={"q": query}).status_code == 200, query


def test_every_page_is_sent_with_a_policy_that_forbids_scripts_and_outside_requests(client):
    for path in ("/", "/search?q=rail", "/api/facts"):
        policy = client.get(path).headers["content-security-policy"]
        assert "default-src 'none'" in policy and "script-src" not in policy


def test_the_api_is_described_by_openapi(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/facts", "/api/groups/{group_id}", "/api/search", "/api/documents"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 404  # the interactive docs would load scripts from a CDN


def test_off_localhost_every_request_needs_the_token(built):
    client = TestClient(create_app(built[0], token="s3cret-t0ken"))
    assert client.get("/").status_code == 401
    assert client.get("/api/facts").status_code == 401
    assert client.get("/api/facts", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.get("/api/facts", headers={"Authorization": "Bearer s3cret-t0ken"}).status_code == 200
    landing = client.get("/token", params={"token": "s3cret-t0ken"}, follow_redirects=False)
    assert landing.status_code == 303 and "factfile_token" in landing.headers["set-cookie"]
    assert client.get("/").status_code == 200  # the cookie the landing set
    assert is_local("127.0.0.1") and is_local("::1") and is_local("localhost") and not is_local("0.0.0.0")


def test_a_hostile_article_is_shown_as_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "hostile.txt").write_text(
        "Pier deal <script>alert(1)</script>\n\nThe pier will cost $40 million, the port authority said on "
        "Monday. <img src=x onerror=alert(2)> Dock workers said the $40 million pier would open next year.\n",
        encoding="utf-8")
    out = tmp_path / "out"
    main(["build", str(corpus), "-o", str(out), "-q"])
    client = TestClient(create_app(out))
    for path in ("/documents/hostile", "/search?q=pier", "/"):
        text = client.get(path).text
        assert "<script>alert" not in text and "<img src=x" not in text, path
    # Shown as the words it is (the highlighting may cut it into pieces).
    assert "&lt;img src=x onerror=alert(2)&gt;" in re.sub(r"<[^>]+>", "", client.get("/documents/hostile").text)


def test_the_app_shows_the_latest_build(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    client = TestClient(create_app(out))
    before = len(client.get("/api/documents").json())
    report = tmp_path / "later.txt"
    report.write_text("Herders block the rail spur\n\nHerders blocked the Gobi rail spur on Monday, a spokesman "
                      "for the herders' association said.\n", encoding="utf-8")
    assert main(["add", str(report), "-o", str(out), "-q"]) == 0
    assert len(client.get("/api/documents").json()) == before + 1
    assert "later" in {r["id"] for r in client.get("/api/search", params={"q": "spokesman"}).json()}


def test_a_reviewer_judgement_is_recorded_shown_and_survives_a_rebuild(built, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    client = TestClient(create_app(out))
    group = next(g for g in built[1]["groups"] if g["status"] == "contested")
    answer = client.post(f"/groups/{group['id']}/judgements", follow_redirects=False,
                         data={"verdict": "wrong", "note": "the $450 million is a different figure", "who": "Ana"})
    assert answer.status_code == 303 and answer.headers["location"] == f"/groups/{group['id']}#judgements"
    page = client.get(f"/groups/{group['id']}").text
    assert "Judged wrong</b> by Ana" in page and "the $450 million is a different figure" in page
    api = client.get("/api/judgements").json()
    assert [(j["group"], j["verdict"], j["who"]) for j in api] == [(group["id"], "wrong", "Ana")]
    assert client.get(f"/api/groups/{group['id']}").json()["judgements"] == api
    # The next build writes it into factfile.json and report.html, and keeps it in the store.
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q"]) == 0
    data = json.loads((out / "factfile.json").read_text(encoding="utf-8"))
    assert data["judgements"] == api
    assert main(["validate", str(out / "factfile.json")]) == 0
    assert "Judged wrong</b> by Ana" in (out / "report.html").read_text(encoding="utf-8")
    assert "**Judged wrong** by Ana" in (out / "brief.md").read_text(encoding="utf-8")
    rows = (out / "csv" / "judgements.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows[0] == "id,verdict,group,group_label,claim,entity,into,words,what,applied,note,who,made"
    assert f",{group['id']}," in rows[1]
    assert client.get("/api/judgements").json() == api


def test_a_judgement_must_say_who_and_what_and_come_from_this_app(client, built):
    group = built[1]["groups"][0]["id"]
    assert client.post("/api/judgements", json={"group": group, "verdict": "right", "who": ""}).status_code == 422
    assert client.post("/api/judgements", json={"group": group, "verdict": "maybe", "who": "Ana"}).status_code == 422
    assert client.post("/api/judgements", json={"group": "no-such-group", "verdict": "right",
                                                "who": "Ana"}).status_code == 404
    # A page of another site cannot make the reader's browser record one.
    forged = client.post(f"/groups/{group}/judgements", data={"verdict": "wrong", "who": "x"},
                         headers={"Origin": "http://elsewhere.example"})
    assert forged.status_code == 403
    assert all(j["who"] != "x" for j in client.get("/api/judgements").json())


def test_a_judgement_of_a_group_that_changed_is_still_shown(built, tmp_path):
    from factfile.store import STORE_NAME, open_store

    out = tmp_path / "out"
    shutil.copytree(built[0], out)
    with open_store(out / STORE_NAME) as store:
        store.judge("note", "Ana", "check the second source", group="0123456789ab")
    page = TestClient(create_app(out)).get("/").text
    assert "Judgements of groups no longer found" in page and "check the second source" in page


@pytest.mark.parametrize("section", ["timeline", "places", "entities", "warnings"])
def test_the_timeline_places_entities_and_warnings_pages_link_to_the_words(client, built, section):
    _, data = built
    page = client.get(f"/{section}")
    assert page.status_code == 200
    links = re.findall(r'href="(/documents/[^"#]+)#((?:claim|mention|warning)-[^"]+)"', page.text)
    assert links, section
    for path, target in links[:5]:  # each link lands on a report holding its anchor
        assert f'id="{target}"' in client.get(path).text, (path, target)
    if section == "places":
        assert len(re.findall(r'class="marker"', page.text)) == sum(1 for e in data["entities"] if e["geo"])


def test_serving_a_folder_without_a_build_says_what_to_do(tmp_path, capsys):
    assert main(["serve", str(tmp_path)]) == 2
    assert f"{tmp_path} holds no factfile.json; build one first: factfile build CORPUS -o {tmp_path}" in \
        capsys.readouterr().err
