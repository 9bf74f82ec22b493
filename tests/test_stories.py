"""A folder holding several stories is split into them before names are merged and claims grouped;
a folder of one story is built as before. On invented reports, and the gate on the shared dev stories."""

import importlib.util
import json
import os
import random
import sys

import pytest
from fastapi.testclient import TestClient

from conftest import EXAMPLE, REPO, SHARED, ProgressRecorder

from factfile.cli import main
from factfile.config import Config
from factfile.outputs import factfile_json
from factfile.pipeline import build
from factfile.stages.stories import split_stories
from factfile.web import create_app

# Three stories, three reports each, from different outlets; invented.
REPORTS = {
    "pier-1": ("Riverton pier deal signed",
               "The Riverton Port Authority signed a contract with Harbourline Construction on Monday to rebuild the "
               "old ferry pier. Authority chair Dana Whitfield said the pier would cost $42 million and open in 2027. "
               "Harbourline Construction will demolish the ferry pier in March."),
    "pier-2": ("Cost of Riverton ferry pier questioned",
               "Critics of the Riverton Port Authority said the ferry pier contract with Harbourline Construction "
               "could cost far more than $42 million. Dana Whitfield defended the pier contract at a meeting of the "
               "authority, saying the demolition of the old pier would begin in March."),
    "pier-3": ("Harbourline wins Riverton pier contract",
               "Harbourline Construction will rebuild the Riverton ferry pier under a $45 million contract, the "
               "Riverton Port Authority said. Dana Whitfield, who chairs the authority, said the new pier would "
               "carry twice as many ferry passengers."),
    "flood-1": ("Penwick river floods homes",
                "The Ashwater River burst its banks in Penwick on Saturday, flooding 300 homes, the Penwick Fire "
                "Service said. Fire chief Tomas Brennan said crews rescued 40 people from flooded houses near the "
                "river. Rain is expected to continue through Monday."),
    "flood-2": ("Hundreds flee Penwick flooding",
                "Residents fled flooded homes in Penwick after the Ashwater River rose two metres overnight. Tomas "
                "Brennan of the Penwick Fire Service said about 350 homes were flooded and rescuers had pulled "
                "dozens of people from the water."),
    "flood-3": ("Penwick flood clean-up begins",
                "The clean-up of flooded homes began in Penwick as the Ashwater River fell. The Penwick Fire Service "
                "said 300 homes had been flooded. Chief Tomas Brennan warned residents not to drink tap water until "
                "the river water had been tested."),
    "vote-1": ("Millbrook elects new mayor",
               "Voters in Millbrook elected Priya Castellano as mayor on Tuesday, the Millbrook Election Board said. "
               "Castellano won 54 percent of the ballots, defeating incumbent mayor Gordon Pell, who had led the "
               "town council for twelve years."),
    "vote-2": ("Castellano defeats Pell in Millbrook",
               "Priya Castellano beat Gordon Pell in the Millbrook mayoral election, winning 54 percent of the votes "
               "counted by the Millbrook Election Board. Pell conceded the election on Wednesday morning and "
               "congratulated the new mayor."),
    "vote-3": ("Turnout rises in Millbrook mayoral vote",
               "Turnout in the Millbrook mayoral election rose to 61 percent, the Millbrook Election Board said, as "
               "Priya Castellano unseated Gordon Pell. Castellano said her first act as mayor would be a review of "
               "the town council budget."),
}


def _write(folder, names):
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        title, text = REPORTS[name]
        (folder / f"{name}.txt").write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def mixed(tmp_path_factory):
    corpus = _write(tmp_path_factory.mktemp("mixed") / "corpus", REPORTS)
    return corpus, build(corpus, Config())


def test_a_mixed_folder_is_split_into_its_stories(mixed):
    _, factbase = mixed
    assert sorted(sorted(s.docs) for s in factbase.stories) == [
        ["flood-1", "flood-2", "flood-3"], ["pier-1", "pier-2", "pier-3"], ["vote-1", "vote-2", "vote-3"]]
    # Named by a headline of its own.
    assert {s.label for s in factbase.stories} <= {title for title, _ in REPORTS.values()}


def test_names_and_groups_stay_within_their_story(mixed):
    _, factbase = mixed
    story_of = {doc_id: s.id for s in factbase.stories for doc_id in s.docs}
    assert factbase.groups
    for group in factbase.groups:
        assert len({story_of[d] for d in group.docs}) == 1, group.label
    for entity in factbase.entities:
        assert len({story_of[m.doc] for m in entity.mentions}) == 1, entity.name


def test_the_split_does_not_depend_on_the_order_of_the_reports(mixed):
    _, factbase = mixed
    documents = list(factbase.documents)
    for seed in range(3):
        random.Random(seed).shuffle(documents)
        assert split_stories(documents, Config()) == list(factbase.stories)


def test_wire_copies_join_their_original_and_do_not_split_a_story(mixed):
    """A text run by many outlets (retitled) is one report to the split: ten copies of every report
    leave the stories as they were, each copy in its original's story."""
    from dataclasses import replace
    _, factbase = mixed
    copies = [replace(d, id=f"{d.id}-copy{n}", title=f"{d.title} (copy {n})")
              for d in factbase.documents for n in range(10)]
    stories = split_stories([*factbase.documents, *copies], Config())
    assert sorted(sorted(s.docs) for s in stories) == sorted(
        sorted([*s.docs, *(f"{d}-copy{n}" for d in s.docs for n in range(10))]) for s in factbase.stories)


def _built_then_added(corpus, tmp_path, later: str):
    """A build of the invented corpus without the report `later`, then `add` of it; the folder the
    build read and the output folder."""
    held_back = _write(tmp_path / "corpus", [name for name in REPORTS if name != later])
    out = tmp_path / "out"
    assert main(["build", str(held_back), "-o", str(out), "-q"]) == 0
    assert main(["add", str(corpus / f"{later}.txt"), "-o", str(out), "-q"]) == 0
    return held_back, out


def test_a_report_added_later_joins_its_story_as_if_built_together(mixed, tmp_path):
    corpus, factbase = mixed
    _, out = _built_then_added(corpus, tmp_path, "vote-3")
    data = json.loads((out / "factfile.json").read_text(encoding="utf-8"))
    whole = factfile_json.to_dict(build(corpus, Config()))
    assert data["stories"] == whole["stories"]
    assert ["vote-1", "vote-2", "vote-3"] in [s["docs"] for s in data["stories"]]
    assert data["groups"] == whole["groups"] and data["entities"] == whole["entities"]


def test_only_the_story_a_new_report_joins_is_read_again(tmp_path):
    from factfile.pipeline import add
    from factfile.store import STORE_NAME, open_store

    corpus = _write(tmp_path / "corpus", [name for name in REPORTS if name != "flood-3"])
    _write(tmp_path / "later", ["flood-3"])
    out = tmp_path / "out"
    with open_store(out / STORE_NAME) as store:
        first = ProgressRecorder()
        build(corpus, Config(), first, out_dir=out, store=store)
        assert first.stories_read() == 3
        again = ProgressRecorder()
        rebuilt = build(corpus, Config(), again, out_dir=out, store=store)
        assert again.stories_read() == 0  # nothing changed: every story's results come from the store
        assert factfile_json.to_dict(rebuilt) == factfile_json.to_dict(build(corpus, Config()))
        later = ProgressRecorder()
        factbase, _ = add([tmp_path / "later" / "flood-3.txt"], store, Config(), later, out_dir=out)
    assert later.annotated() == 1 and later.stories_read() == 1
    _write(corpus, ["flood-3"])
    assert factfile_json.to_dict(factbase) == factfile_json.to_dict(build(corpus, Config()))


def test_every_view_lists_the_stories_with_their_headline_facts(mixed, tmp_path):
    corpus, factbase = mixed
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    assert main(["validate", str(out / "factfile.json")]) == 0
    report = (out / "report.html").read_text(encoding="utf-8")
    brief = (out / "brief.md").read_text(encoding="utf-8")
    assert 'id="stories"' in report and "## The stories" in brief
    for story in factbase.stories:
        assert f'id="story-{story.id}"' in report and story.label in brief
    client = TestClient(create_app(out))
    told = client.get("/api/stories").json()
    assert [s["id"] for s in told] == [s.id for s in factbase.stories]
    flood = next(s for s in told if "flood-1" in s["docs"])
    kept = client.get("/api/facts", params={"story": flood["id"]}).json()
    assert kept and all(set(g["docs"]) <= set(flood["docs"]) for g in kept)
    assert "3 stories" in client.get("/").text


def test_each_story_has_its_own_page_and_an_unchanged_one_is_kept_as_written(mixed, tmp_path):
    corpus, factbase = mixed
    held_back, out = _built_then_added(corpus, tmp_path, "pier-3")
    fresh = tmp_path / "fresh"
    _write(held_back, ["pier-3"])  # the whole corpus, where the first build read it
    assert main(["build", str(held_back), "-o", str(fresh), "-q"]) == 0
    index = (out / "report.html").read_text(encoding="utf-8")
    for story in factbase.stories:
        page = out / "stories" / f"{story.id}.html"
        # The pages kept from before the add are what a build from scratch writes.
        assert page.read_bytes() == (fresh / "stories" / f"{story.id}.html").read_bytes()
        text = page.read_text(encoding="utf-8")
        assert f'href="stories/{story.id}.html"' in index and 'href="../method.md"' in text
        assert all('id="doc-' in text and doc_id in text for doc_id in story.docs)
    assert (out / "report.html").read_bytes() == (fresh / "report.html").read_bytes()
    # A page changed on disk is written again, not kept.
    page = out / "stories" / f"{factbase.stories[0].id}.html"
    page.write_text(page.read_text(encoding="utf-8").replace("</main>", "<p>edited</p></main>"), encoding="utf-8")
    assert main(["build", str(held_back), "-o", str(out), "-q"]) == 0
    assert page.read_bytes() == (fresh / "stories" / page.name).read_bytes()


def test_the_summary_names_the_stories(mixed, tmp_path, capsys):
    corpus, factbase = mixed
    assert main(["build", str(corpus), "-o", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out
    assert "3 stories, largest first:" in printed
    assert all(story.label in printed for story in factbase.stories)


def test_a_folder_of_one_story_is_one_story_and_written_as_before(tmp_path):
    factbase = build(EXAMPLE, Config())
    assert len(factbase.stories) == 1 and set(factbase.stories[0].docs) == {d.id for d in factbase.documents}
    assert "stories" not in factfile_json.to_dict(factbase)


@pytest.mark.slow
def test_the_mixed_dev_stories_are_told_apart():
    """The gate of bench/stories.py: the four dev stories and the seeds, mixed, split into their stories
    (adjusted Rand index at least 0.9), as they are and with a wire copy of each report, and each
    built alone stays one story."""
    if not (SHARED / "corpora" / "stories").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the shared dev stories at {SHARED / 'corpora' / 'stories'}")
        pytest.skip("the shared dev stories are not beside the checkout")
    spec = importlib.util.spec_from_file_location("stories_bench", REPO / "bench" / "stories.py")
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    measured = bench.measure()
    assert measured.figures("factfile")[3] >= 0.9
    assert measured.figures("factfile")[3] > measured.figures("baseline: same top name")[3]
    assert measured.figures("factfile", copies=True)[3] >= 0.9
    assert set(measured.alone.values()) == {1}
