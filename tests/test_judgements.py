"""Reviewers' corrections: a claim moved out of its group or into another, entities merged, a
spelling split off; recorded in the store, applied by every build and `add` in the order made, shown
in every view, and marked as no longer applying when what they name is gone."""

import json
import shutil
import sqlite3

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLE, example_with_one_held_back

from factfile.cli import main
from factfile.store import SCHEMA_VERSION, STORE_NAME, open_store
from factfile.web import create_app


def _data(out):
    return json.loads((out / "factfile.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def held_back(tmp_path_factory):
    """A build of the example without its last report, and that report, to add later."""
    folder = tmp_path_factory.mktemp("judged")
    corpus, later = example_with_one_held_back(folder)
    out = folder / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    return corpus, later, out


@pytest.fixture
def desk(held_back, tmp_path):
    """A copy of that build with the app over it."""
    corpus, later, out = held_back
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return corpus, later, copy, TestClient(create_app(copy))


def _judge(client, **fields):
    answer = client.post("/api/judgements", json={"who": "Ana", **fields})
    assert answer.status_code == 201, answer.text
    return answer.json()


def test_a_claim_moved_out_of_its_group_stays_out_through_a_rebuild_and_an_add(desk):
    corpus, later, out, client = desk
    data = _data(out)
    group = max(data["groups"], key=lambda g: len(g["claims"]))
    claim = group["claims"][-1]
    rest = [c for c in group["claims"] if c != claim]
    made = _judge(client, verdict="move", group=group["id"], claim=claim, note="a different sum")
    for step in ("at once", "rebuild", "add"):
        if step == "rebuild":
            assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
        elif step == "add":
            assert main(["add", str(later), "-o", str(out), "-q"]) == 0
        data = _data(out)
        holding = [g for g in data["groups"] if claim in g["claims"]]
        assert holding and all(not set(rest) & set(g["claims"]) for g in holding), step
        assert not any(g["id"] == group["id"] for g in data["groups"]), step  # its members changed: a new id
        assert [(j["id"], j["verdict"], j["applied"]) for j in data["judgements"]] == [(made["id"], "move", True)]
        assert main(["validate", str(out / "factfile.json")]) == 0
    # Every view says what was done, by whom.
    assert "Reviewers' corrections" in (out / "report.html").read_text(encoding="utf-8")
    brief = (out / "brief.md").read_text(encoding="utf-8")
    assert "## Reviewers' corrections" in brief and "Moved “" in brief and "by Ana" in brief
    rows = (out / "csv" / "judgements.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 2 and f",move,{group['id']}," in rows[1] and claim in rows[1]


def test_a_claim_moved_into_another_group_is_weighed_with_it(desk):
    _, _, out, client = desk
    data = _data(out)
    target = next(g for g in data["groups"] if g["status"] == "corroborated")
    source = next(g for g in data["groups"] if g["id"] != target["id"] and set(g["claims"]) - set(target["claims"]))
    claim = next(c for c in source["claims"] if c not in target["claims"])
    _judge(client, verdict="move", group=source["id"], claim=claim, into=target["id"])
    joined = [g for g in _data(out)["groups"] if set(target["claims"]) | {claim} == set(g["claims"])]
    assert len(joined) == 1 and joined[0]["status"] in ("corroborated", "contested")
    # The app's page of the group it joined lists the claim's row.
    page = client.get(f"/groups/{joined[0]['id']}").text
    assert f"#claim-{claim}" in page


def test_merged_entities_are_one_and_a_split_spelling_is_its_own(desk):
    corpus, _, out, client = desk
    data = _data(out)
    city = next(e for e in data["entities"] if e["type"] == "GPE" and len({m["text"] for m in e["mentions"]}) >= 2)
    spelling = next(a for a in city["aliases"])
    _judge(client, verdict="split", entity=city["id"], words=spelling)
    orgs = sorted((e for e in _data(out)["entities"] if e["type"] == "ORG"), key=lambda e: -len(e["mentions"]))[:2]
    _judge(client, verdict="merge", entity=orgs[1]["id"], into=orgs[0]["id"], note="one company")
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    data = _data(out)
    split_off = [e for e in data["entities"] if e["name"] == spelling]
    assert len(split_off) == 1 and {m["text"] for m in split_off[0]["mentions"]} == {spelling}
    rest = next(e for e in data["entities"] if e["name"] == city["name"])
    assert spelling not in rest["aliases"] and len(rest["mentions"]) == len(city["mentions"]) - len(
        split_off[0]["mentions"])
    merged = [e for e in data["entities"] if {orgs[0]["name"], orgs[1]["name"]} <= {e["name"], *e["aliases"]}]
    assert len(merged) == 1
    assert len(merged[0]["mentions"]) == len(orgs[0]["mentions"]) + len(orgs[1]["mentions"])
    assert any(m["rule"] == "reviewer" and "one company" in m["evidence"] for m in merged[0]["merges"])
    # Claims that named either now name the one.
    named = {c["id"] for c in data["claims"] if merged[0]["id"] in c["entities"]}
    assert named and not any(orgs[1]["id"] in c["entities"] for c in data["claims"] if orgs[1]["id"] != merged[0]["id"])
    assert [j["applied"] for j in data["judgements"]] == [True, True]
    assert "now an entity of its own" in client.get("/entities").text


def test_a_correction_naming_what_is_gone_is_kept_and_marked(desk):
    corpus, _, out, _ = desk
    with open_store(out / STORE_NAME) as store:
        store.judge("move", "Ana", group="0123456789ab", claim="0123456789ab")
        store.judge("merge", "Ana", entity="0123456789ab", into="ba9876543210", words="Penwick Holdings")
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    data = _data(out)
    assert [j["applied"] for j in data["judgements"]] == [False, False]
    assert "no longer applies" in (out / "brief.md").read_text(encoding="utf-8")
    assert "(no longer applies)" in (out / "report.html").read_text(encoding="utf-8")


def test_a_correction_must_name_what_it_changes(desk):
    _, _, out, client = desk
    data = _data(out)
    group = data["groups"][0]
    other = next(g for g in data["groups"] if group["claims"][0] not in g["claims"])
    cases = [
        ({"verdict": "move", "group": group["id"]}, 404),  # which claim?
        ({"verdict": "move", "group": other["id"], "claim": group["claims"][0]}, 422),  # not in that group
        ({"verdict": "move", "claim": group["claims"][0], "into": "0123456789ab"}, 404),
        ({"verdict": "merge", "entity": data["entities"][0]["id"], "into": data["entities"][0]["id"]}, 422),
        ({"verdict": "split", "entity": data["entities"][0]["id"], "words": "Farport"}, 422),
    ]
    for fields, status in cases:
        assert client.post("/api/judgements", json={"who": "Ana", **fields}).status_code == status, fields
    assert client.get("/api/judgements").json() == []
    assert _data(out).get("judgements") is None


def test_the_entities_page_merges_and_splits_from_its_forms(desk):
    _, _, out, client = desk
    page = client.get("/entities").text
    assert 'action="/entities/corrections"' in page
    entity = next(e for e in _data(out)["entities"] if e["aliases"])
    answer = client.post("/entities/corrections", follow_redirects=False,
                         data={"verdict": "split", "entity": f"{entity['id']}\x1f{entity['aliases'][0]}", "who": "Ana"})
    assert answer.status_code == 303 and answer.headers["location"] == "/entities#corrections"
    assert [j["words"] for j in client.get("/api/judgements").json()] == [entity["aliases"][0]]
    assert "Split the spelling" in client.get("/entities").text


def test_a_store_from_before_corrections_keeps_its_verdicts(tmp_path):
    from factfile import store as store_module

    path = tmp_path / STORE_NAME
    with sqlite3.connect(path) as db:  # a version 3 store, with a verdict on a group
        for step in store_module._MIGRATIONS[:3]:
            db.executescript(step)
        db.execute("INSERT INTO judgements (target, verdict, note, who, made) VALUES "
                   "('0123456789ab', 'wrong', 'two sums', 'Ana', '2026-11-30T10:00:00+00:00')")
        db.execute(f"PRAGMA application_id = {store_module._APPLICATION_ID}")
        db.execute("PRAGMA user_version = 3")
    with open_store(path) as store:
        [judgement] = store.judgements()
    assert (judgement.group, judgement.verdict, judgement.note, judgement.claim, judgement.into) == (
        "0123456789ab", "wrong", "two sums", "", "")
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_the_example_is_untouched_by_corrections_it_does_not_have(tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q"]) == 0
    assert "judgements" not in _data(out) and "Reviewers' corrections" not in (out / "brief.md").read_text()
