"""A build writes its outputs story by story, never holding the fact base whole; what it writes is
what the whole fact base gives, byte for byte, with the reviewers' judgements and corrections."""

import json

import pytest

from conftest import EXAMPLE
from test_stories import REPORTS, _write

from factfile.cli import main
from factfile.outputs import factfile_json, write_all
from factfile.outputs.files import MANIFEST
from factfile.pipeline import rebuild
from factfile.store import STORE_NAME, open_store


def _files(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*"))
            if path.is_file() and path.name not in (STORE_NAME, MANIFEST)}


def _judge(out):
    """A verdict on a group, a claim moved out of its group, a person merged into another: as a reviewer
    makes them in the app."""
    data = json.loads((out / "factfile.json").read_text(encoding="utf-8"))
    judged, moved = [g for g in data["groups"] if len(g["claims"]) > 1][-2:]
    story = set(judged["docs"])
    people = [e for e in data["entities"] if e["type"] == "PERSON" and {m["doc"] for m in e["mentions"]} <= story]
    with open_store(out / STORE_NAME) as store:
        store.judge("wrong", "Ana", "not the same contract", group=judged["id"])
        store.judge("move", "Ana", claim=moved["claims"][0], group=moved["id"], group_claims=moved["claims"])
        if len(people) > 1:
            store.judge("merge", "Ana", entity=people[0]["id"], into=people[1]["id"], words=people[0]["name"])


@pytest.mark.parametrize("several", [True, False], ids=["three stories", "one story"])
def test_a_build_written_story_by_story_is_the_whole_fact_base_written_at_once(several, tmp_path):
    corpus = _write(tmp_path / "corpus", REPORTS) if several else EXAMPLE
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    _judge(out)
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    with open_store(out / STORE_NAME) as store:
        whole = factfile_json.to_dict(rebuild(store, store.config()))
    write_all(whole, tmp_path / "whole")
    written, expected = _files(out), _files(tmp_path / "whole")
    assert sorted(written) == sorted(expected)
    assert any(name.startswith("stories/") for name in written) == several
    for name in expected:
        assert written[name] == expected[name], name
    data = json.loads(written["factfile.json"])
    assert [j["verdict"] for j in data["judgements"]][:2] == ["wrong", "move"]
    assert all(j["applied"] for j in data["judgements"])
    assert b"not the same contract" in written["brief.md"] and b"Moved " in written["csv/judgements.csv"]
