"""The store: records kept whole, a rebuild that reads only what changed, `add` equal to a build of
everything, and a store that is not ours (or is newer) refused with a message."""

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import EXAMPLE, ProgressRecorder, example_with_one_held_back

from factfile import codec
from factfile.cli import main
from factfile.config import Config
from factfile.errors import OutputError
from factfile.model import Claim, Document, Mention, Value
from factfile.pipeline import add, build
from factfile.store import SCHEMA_VERSION, STORE_NAME, open_store

# JSON has no NaN or infinity; the model never holds them.
st.register_type_strategy(float, st.floats(allow_nan=False, allow_infinity=False))


@settings(max_examples=60, deadline=None)
@given(st.from_type(Value), st.from_type(Mention), st.from_type(Claim))
def test_records_come_back_equal_and_write_the_same_text(value, mention, claim):
    for record in (value, mention, claim):
        text = codec.dumps(record)
        back = codec.loads(type(record), text)
        assert back == record and codec.dumps(back) == text
        assert type(back.start) is type(record.start)


@settings(max_examples=25, deadline=None)
@given(st.from_type(Document))
def test_documents_come_back_equal(document):
    assert codec.loads(Document, codec.dumps(document)) == document


def test_a_field_missing_from_older_stored_data_takes_its_default():
    stored = json.loads(codec.dumps(Value(type="count", text="three people", amount=3)))
    del stored["inferred"], stored["holder"]
    assert codec.decode(Value, stored) == Value(type="count", text="three people", amount=3)



@pytest.fixture(scope="module")
def example_store(tmp_path_factory):
    """The example corpus built once with a store; yields the output folder (copy it before changing it)."""
    out = tmp_path_factory.mktemp("built")
    with open_store(out / STORE_NAME) as store:
        factbase = build(EXAMPLE, Config(), out_dir=out, store=store)
    return out, factbase


def _copy(example_store, tmp_path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(example_store[0], out)
    return out


def test_a_rebuild_of_an_unchanged_corpus_reads_nothing_again_and_gives_the_same_fact_base(example_store, tmp_path):
    out = _copy(example_store, tmp_path)
    progress = ProgressRecorder()
    with open_store(out / STORE_NAME) as store:
        again = build(EXAMPLE, Config(), progress, out_dir=out, store=store)
    assert progress.annotated() == 0
    assert again == example_store[1]


def test_a_changed_report_and_a_changed_setting_are_read_again(example_store, tmp_path):
    out = _copy(example_store, tmp_path)
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    herald = corpus / "02_gobi-herald.html"
    # A body paragraph: a change to page clutter (the cookie banner) changes no cleaned report.
    herald.write_text(herald.read_text(encoding="utf-8").replace("<p>Transport Minister",
                                                                 "<p>Talks resume on Monday. Transport Minister"),
                      encoding="utf-8")
    progress = ProgressRecorder()
    with open_store(out / STORE_NAME) as store:
        build(corpus, Config(), progress, out_dir=out, store=store)
        assert progress.annotated() == 1
        progress = ProgressRecorder()
        build(corpus, Config(nlp_batch_size=4), progress, out_dir=out, store=store)
        assert progress.annotated() == 6


def test_adding_a_report_equals_building_the_whole_corpus(example_store, tmp_path):
    corpus, later = example_with_one_held_back(tmp_path)
    out = tmp_path / "out"
    with open_store(out / STORE_NAME) as store:
        build(corpus, Config(), out_dir=out, store=store)
        progress = ProgressRecorder()
        factbase, added = add([later], store, Config(), progress, out_dir=out)
    assert [d.id for d in added.documents] == ["06_ulaanbaatar-observer"] and not added.rejected
    # The new report, and the undated one whose year now comes from the new report's date, meet the model.
    assert progress.annotated() == 2
    whole = example_store[1]
    assert factbase.documents == whole.documents
    assert (factbase.groups, factbase.timeline, factbase.warnings) == (whole.groups, whole.timeline, whole.warnings)


def test_adding_a_report_under_a_stored_id_replaces_it_only_from_the_same_source(example_store, tmp_path):
    out = _copy(example_store, tmp_path)
    updated = tmp_path / "update" / "02_gobi-herald.html"
    updated.parent.mkdir()
    updated.write_text((EXAMPLE / updated.name).read_text(encoding="utf-8").replace("<p>Transport Minister",
                                                                                   "<p>Updated. Transport Minister"),
                       encoding="utf-8")
    other = tmp_path / "elsewhere" / "02_gobi-herald.txt"
    other.parent.mkdir()
    other.write_text("A different report\n\nIt happens to have the same file name as another report.\n",
                     encoding="utf-8")
    with open_store(out / STORE_NAME) as store:
        factbase, added = add([updated], store, Config(), out_dir=out)
        assert [d.id for d in added.documents] == ["02_gobi-herald"]
        assert "Updated." in next(d.text for d in factbase.documents if d.id == "02_gobi-herald")
        _, added = add([other], store, Config(), out_dir=out)
    assert not added.documents
    assert "already used by 02_gobi-herald.html" in added.rejected[0].reason


def test_the_cli_adds_to_an_earlier_build_and_says_what_it_added(example_store, tmp_path, capsys):
    out = _copy(example_store, tmp_path)
    report = tmp_path / "followup.txt"
    report.write_text("Herders block the rail spur\n\nHerders blocked the Gobi rail spur on Monday, "
                      "a spokesman for the herders' association said, and 40 families joined them.\n",
                      encoding="utf-8")
    assert main(["add", str(report), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "added 1 report: followup" in printed and "7 documents" in printed
    data = json.loads((out / "factfile.json").read_text(encoding="utf-8"))
    assert "followup" in {d["id"] for d in data["documents"]}


def test_the_cli_says_to_build_first_when_there_is_nothing_to_add_to(tmp_path, capsys):
    assert main(["add", str(EXAMPLE / "01_steppe-daily.txt"), "-o", str(tmp_path / "nowhere")]) == 2
    assert "Run 'factfile build CORPUS -o" in capsys.readouterr().err


def test_a_store_factfile_did_not_write_is_refused_untouched(tmp_path):
    foreign = tmp_path / STORE_NAME
    with sqlite3.connect(foreign) as db:
        db.execute("CREATE TABLE notes (text TEXT)")
    before = foreign.read_bytes()
    with pytest.raises(OutputError, match="did not write"):
        open_store(foreign)
    junk = tmp_path / "junk" / STORE_NAME
    junk.parent.mkdir()
    junk.write_bytes(b"not a database at all, just some bytes" * 100)
    with pytest.raises(OutputError, match="not a factfile store"):
        open_store(junk)
    assert foreign.read_bytes() == before


def test_a_store_from_a_newer_factfile_is_refused(tmp_path):
    path = tmp_path / STORE_NAME
    open_store(path).close()
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(OutputError, match="newer factfile"):
        open_store(path)


def test_an_interrupted_build_resumes_with_the_reports_it_had_read(tmp_path):
    out = tmp_path / "out"

    def stop_after_three(items, total, description):
        for n, item in enumerate(items):
            if description == "Finding names" and n == 3:
                raise KeyboardInterrupt
            yield item

    with open_store(out / STORE_NAME) as store:
        with pytest.raises(KeyboardInterrupt):
            build(EXAMPLE, Config(), stop_after_three, out_dir=out, store=store)
        progress = ProgressRecorder()
        build(EXAMPLE, Config(), progress, out_dir=out, store=store)
    assert progress.annotated() == 3


def test_a_store_from_before_search_is_brought_up_to_date_with_its_reports_searchable(tmp_path):
    from factfile import store as store_module

    path = tmp_path / STORE_NAME
    report = Document(id="pier", source="pier.txt", title="Pier deal signed",
                      text="The Riverton pier will cost $40 million, the port authority said.", publisher="Riverton Post")
    with sqlite3.connect(path) as db:  # a version 1 store, as the first factfile with a store wrote it
        db.executescript(store_module._MIGRATIONS[0])
        db.execute("INSERT INTO documents VALUES (?, ?, ?, ?)",
                   (report.id, store_module.content_hash(report), report.source, codec.dumps(report)))
        db.execute(f"PRAGMA application_id = {store_module._APPLICATION_ID}")
        db.execute("PRAGMA user_version = 1")
    with open_store(path) as store:
        assert [d.id for d in store.documents()] == ["pier"]
        found = store.search("riverton pier")
    assert [r["id"] for r in found] == ["pier"] and "\x02pier\x03" in found[0]["snippet"].lower()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
