"""Outputs that are safe to rerun: factfile never reads what it wrote, replaces its own set whole
or not at all, and never touches a file it did not write. Through the real CLI where it can be."""

import fcntl
import hashlib
import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from factfile.cli import main
from factfile.errors import OutputError
from factfile.store import STORE_NAME, open_store
from factfile.outputs import files
from factfile.outputs.files import MANIFEST, owned, publish

REPORTS = {
    "harbour.txt": "Port deal signed\n\nThe city of Riga signed a $40 million deal with Baltic Cranes on 3 May 2024, "
                   "the mayor said. The work will take two years.\n",
    "crane.md": "---\ntitle: Crane maker wins Riga port contract\npublished: 2024-05-04\n---\n\n"
                "Baltic Cranes will build four cranes for the port of Riga under a $42 million deal, "
                "the company said on Friday.\n",
}


@pytest.fixture
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones too), with the SHA-256 of its bytes."""
    return {path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def leftovers(folder: Path) -> list[str]:
    """factfile's temporary files and folders anywhere under `folder`."""
    return sorted(p.name for p in folder.rglob("*") if p.name.startswith(".factfile-") and p.name != MANIFEST
                  or p.name.endswith(".tmp"))


def build_in_subprocess(corpus: Path, out: Path, max_file_bytes: int, killed: bool) -> subprocess.CompletedProcess:
    """Run `factfile build` in a fresh process whose files may not grow past `max_file_bytes`:
    the kernel refuses the write that would, so the build fails while writing its outputs. With
    `killed`, the kernel's default for that (SIGXFSZ: terminate) is restored, so the process dies
    on the spot like one killed with SIGKILL; Python otherwise ignores the signal and the write
    raises an OSError."""
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # no core file from the kill

    prelude = "import signal; signal.signal(signal.SIGXFSZ, signal.SIG_DFL); " if killed else ""
    code = prelude + "import sys; from factfile.cli import main; sys.exit(main(sys.argv[1:]))"
    env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")  # only the outputs are written
    return subprocess.run([sys.executable, "-c", code, "build", str(corpus), "-o", str(out), "-q"],
                          capture_output=True, text=True, env=env, preexec_fn=limit, timeout=600)


def test_building_twice_into_the_corpus_reads_none_of_its_outputs(corpus, monkeypatch, capsys):
    monkeypatch.chdir(corpus)
    assert main(["build", ".", "-o", ".", "-q"]) == 0
    first = (corpus / "factfile.json").read_bytes()
    assert {"factfile.json", "report.html", "brief.md", "method.md", "csv/claims.csv"} <= set(owned(corpus))
    assert main(["build", ".", "-o", "."]) == 0
    out = capsys.readouterr()
    assert "factfile: 2 documents from ." in out.out and "skipped" not in out.err
    assert (corpus / "factfile.json").read_bytes() == first
    assert json.loads(first)["corpus"]["documents"] == 2
    assert leftovers(corpus) == []


def test_an_output_folder_inside_the_corpus_is_never_read(corpus, capsys):
    out = corpus / "out"
    out.mkdir()
    (out / "my-notes.md").write_text("# What I think\n\nThe deal is worth $90 million, says my source.\n")
    for _ in range(2):
        assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
        assert json.loads((out / "factfile.json").read_text())["corpus"]["documents"] == 2
    # ...even when built into another folder later: the manifest marks the files as factfile's.
    assert main(["build", str(corpus), "-o", str(corpus.parent / "elsewhere"), "-q"]) == 0
    documents = json.loads((corpus.parent / "elsewhere" / "factfile.json").read_text())["documents"]
    assert sorted(d["id"] for d in documents) == ["crane", "harbour", "out/my-notes"]


def test_a_rebuild_removes_what_it_no_longer_writes_and_keeps_the_users_files(corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    (out / "notes.md").write_text("mine\n")
    (out / "csv" / "my-sums.csv").write_text("a,b\n")
    # An earlier version of factfile wrote two files this one does not; the user edited the second since.
    for name, text in (("csv/sources.csv", "id\n"), ("summary.txt", "old summary\n")):
        (out / name).write_text(text)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["files"]["csv/sources.csv"] = hashlib.sha256(b"id\n").hexdigest()
    manifest["files"]["summary.txt"] = hashlib.sha256(b"the summary as factfile wrote it\n").hexdigest()
    (out / MANIFEST).write_text(json.dumps(manifest))

    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    assert not (out / "csv" / "sources.csv").exists()
    assert (out / "summary.txt").read_text() == "old summary\n"
    assert (out / "notes.md").read_text() == "mine\n" and (out / "csv" / "my-sums.csv").read_text() == "a,b\n"
    assert set(owned(out)) == {"factfile.json", "report.html", "brief.md", "method.md", "places.geojson",
                                "entities.ftm.jsonl"} | {
        f"csv/{t}.csv" for t in ("documents", "entities", "claims", "groups", "timeline", "warnings", "judgements")}


def test_a_file_in_the_way_stops_the_build_before_anything_is_written(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "brief.md").write_text("my own brief\n")
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 1
    assert "brief.md is in the way and factfile did not write it; nothing was written" in capsys.readouterr().err
    assert sorted(p.name for p in out.iterdir()) == ["brief.md"]
    assert (out / "brief.md").read_text() == "my own brief\n"


def test_a_file_where_a_folder_of_outputs_goes_is_in_the_way(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "csv").write_text("my table\n")
    with pytest.raises(OutputError, match=r"out/csv is in the way and factfile did not write it"):
        publish(out, {"csv/a.csv": b"a\n", "csv/b.csv": b"b\n"})
    assert sorted(p.name for p in out.iterdir()) == ["csv"]


def test_outputs_from_before_the_manifest_are_recognised(corpus, tmp_path):
    # What an older factfile left inside the corpus: its outputs and no manifest.
    assert main(["build", str(corpus), "-o", str(tmp_path / "new"), "-q"]) == 0
    old = corpus / "old-out"
    old.mkdir()
    for name in ("factfile.json", "report.html", "brief.md", "method.md"):
        (old / name).write_bytes((tmp_path / "new" / name).read_bytes())
    assert set(owned(old)) == {"factfile.json", "report.html", "brief.md", "method.md"}
    assert main(["build", str(corpus), "-o", str(tmp_path / "again"), "-q"]) == 0
    assert json.loads((tmp_path / "again" / "factfile.json").read_text())["corpus"]["documents"] == 2
    assert main(["build", str(corpus), "-o", str(old), "-q"]) == 0  # adopted, then replaced
    assert (old / MANIFEST).exists()


def test_report_rewrites_the_views_and_keeps_the_factfile(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    built = snapshot(out)
    (out / "notes.md").write_text("mine\n")
    assert main(["report", str(out / "factfile.json")]) == 0
    assert {k: v for k, v in snapshot(out).items() if k != "notes.md"} == built
    assert (out / "notes.md").read_text() == "mine\n" and "factfile.json" in owned(out)
    views = tmp_path / "views"
    views.mkdir()
    (views / "report.html").write_text("<p>mine</p>")
    assert main(["report", str(out / "factfile.json"), "-o", str(views)]) == 1
    assert "report.html is in the way" in capsys.readouterr().err
    (views / "report.html").unlink()
    assert main(["report", str(out / "factfile.json"), "-o", str(views)]) == 0
    assert "factfile.json" not in owned(views) and (views / "brief.md").read_bytes() == (out / "brief.md").read_bytes()


@pytest.mark.parametrize("killed", [False, True], ids=["write-fails", "killed"])
def test_an_interrupted_build_leaves_the_previous_outputs_whole(corpus, tmp_path, killed):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    before = snapshot(out)
    # The next build reads one more report, so every output changes; it may not write a file as
    # large as its largest output, so it is stopped after writing some, in the middle of the set.
    (corpus / "later.txt").write_text("Riga port\n\nThe mayor of Riga said on 5 May 2024 that the deal was worth "
                                      "$41 million and that Baltic Cranes would start in June.\n")
    # The store reads the new report first (as a build into another folder with the same store would):
    # the build under test then has only its outputs to write.
    assert main(["build", str(corpus), "-o", str(tmp_path / "warm"), "--store", str(out / STORE_NAME), "-q"]) == 0
    before = snapshot(out)
    largest = max((out / rel).stat().st_size for rel in owned(out))
    result = build_in_subprocess(corpus, out, largest - 1, killed)

    if killed:
        assert result.returncode == -signal.SIGXFSZ, result.stderr
    else:
        assert result.returncode == 1, result.stderr
        assert "nothing there was changed" in result.stderr
    staged = [p for p in out.iterdir() if p.name.startswith(".factfile-") and p.name != MANIFEST]

    assert {k: v for k, v in snapshot(out).items() if not k.startswith(".factfile-staging-")} == before
    if killed:
        # Nothing runs after a kill: the half-written set stays in a hidden folder that no build
        # reads, and the next build into the folder removes it.
        assert len(staged) == 1 and staged[0].name.startswith(".factfile-staging-")
    else:
        assert staged == [] and leftovers(out) == []
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    assert leftovers(out) == [] and json.loads((out / "factfile.json").read_text())["corpus"]["documents"] == 3


@pytest.mark.parametrize("killed", [False, True], ids=["write-fails", "killed"])
def test_a_build_stopped_while_writing_its_store_changes_no_output_and_the_store_stays_whole(corpus, tmp_path,
                                                                                             killed):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    documents = {d["id"] for d in json.loads((out / "factfile.json").read_text())["documents"]}
    before = snapshot(out)
    (corpus / "later.txt").write_text("Riga port\n\nThe mayor of Riga said on 5 May 2024 that the deal was worth "
                                      "$41 million and that Baltic Cranes would start in June.\n")
    # The store is the largest file: it cannot grow, and the build stops at its first write there.
    result = build_in_subprocess(corpus, out, (out / STORE_NAME).stat().st_size, killed)
    if killed:
        assert result.returncode == -signal.SIGXFSZ, result.stderr
    else:
        assert result.returncode == 1, result.stderr
        assert "the outputs there were not changed" in result.stderr

    def outputs(files: dict[str, str]) -> dict[str, str]:
        return {k: v for k, v in files.items() if not k.startswith(STORE_NAME)}
    assert outputs(snapshot(out)) == outputs(before)
    # Each change to the store is whole or absent (after a kill, SQLite rolls back the unfinished one here).
    with open_store(out / STORE_NAME) as store:
        assert documents <= {d.id for d in store.documents()}
    with sqlite3.connect(out / STORE_NAME) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    assert json.loads((out / "factfile.json").read_text())["corpus"]["documents"] == len(documents) + 1


def test_a_set_committed_before_a_kill_is_finished_by_the_next_build(tmp_path):
    out = tmp_path / "out"
    publish(out, {"a.txt": b"old a\n", "gone.txt": b"old only\n", "sub/b.txt": b"old b\n"})
    # Killed in step 3: the new set committed, one of its files moved into place.
    new = {"a.txt": b"new a\n", "sub/b.txt": b"new b\n"}
    committed = out / ".factfile-committed-x"
    staging = files._stage(out, lambda staged: [staged.write(rel, data) for rel, data in new.items()], owned(out), ())
    staging.rename(committed)
    os.replace(committed / "a.txt", out / "a.txt")

    files._recover(out)  # what the next build does first
    assert {rel: (out / rel).read_bytes() for rel in owned(out)} == new
    assert not (out / "gone.txt").exists() and leftovers(out) == []
    publish(out, {"c.txt": b"c\n"})
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST, "c.txt"]


def test_two_builds_never_write_into_one_folder_at_once(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(OutputError, match="another factfile is writing into"):
            publish(out, {"a.txt": b"a\n"})
    finally:
        os.close(fd)
    assert list(out.iterdir()) == []


def test_a_manifest_cannot_name_files_outside_its_folder(tmp_path):
    (tmp_path / "victim.txt").write_text("keep me\n")
    out = tmp_path / "out"
    out.mkdir()
    digest = hashlib.sha256(b"keep me\n").hexdigest()
    (out / MANIFEST).write_text(json.dumps({"files": {"../victim.txt": digest, "/etc/passwd": digest,
                                                      ".hidden": digest, "ok.txt": digest}}))
    assert owned(out) == {"ok.txt": digest}
    publish(out, {"new.txt": b"n\n"})
    assert (tmp_path / "victim.txt").read_text() == "keep me\n"


def test_an_empty_corpus_says_what_was_looked_for_and_where(tmp_path, capsys):
    corpus = tmp_path / "reports"
    corpus.mkdir()
    (corpus / "scan.odt").write_bytes(b"PK\x03\x04 not a report")
    (corpus / "blank.txt").write_text("  \n")
    (corpus / ".DS_Store").write_bytes(b"\x00\x01")
    assert main(["build", str(corpus), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"no report could be read from {corpus} (a folder, searched recursively); nothing was written" in err
    assert "factfile reads files ending in" in err and ".html" in err and ".jsonl" in err and ".txt" in err
    assert "it saw 2 files there and skipped all (each named above): 1 empty file, 1 unsupported file type '.odt'" in err
    assert "never read: 1 hidden file or folder (names starting with '.')" in err
    assert not (tmp_path / "out").exists()


def test_building_an_output_folder_says_so(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(corpus), "-o", str(out), "-q"]) == 0
    previous = snapshot(out)
    assert main(["build", str(out), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "it found no files there" in err and "never read: 14 of factfile's own outputs" in err
    assert f"{out} holds what factfile wrote, not reports: give the folder of reports" in err
    assert snapshot(out) == previous  # an empty build replaces nothing
