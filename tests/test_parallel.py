"""The per-document stages in worker processes and on a real Dask distributed cluster: the same fact
base, byte for byte, as in one process."""

import json

import pytest

from conftest import EXAMPLE

from factfile.cli import main


@pytest.fixture(scope="module")
def alone(tmp_path_factory):
    out = tmp_path_factory.mktemp("one-process")
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q"]) == 0
    return (out / "factfile.json").read_bytes()


def test_two_worker_processes_give_the_same_fact_base(alone, tmp_path):
    out = tmp_path / "out"
    assert main(["build", str(EXAMPLE), "-o", str(out), "-q", "--workers", "2"]) == 0
    assert (out / "factfile.json").read_bytes() == alone


def test_a_dask_cluster_of_two_worker_processes_gives_the_same_fact_base(alone, tmp_path):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      host="127.0.0.1") as cluster:
        out = tmp_path / "out"
        assert main(["build", str(EXAMPLE), "-o", str(out), "-q", "--scheduler", cluster.scheduler_address]) == 0
        assert (out / "factfile.json").read_bytes() == alone
        # Adding to it on the cluster reads only the new report there.
        later = tmp_path / "later.txt"
        later.write_text("Herders block the rail spur\n\nHerders blocked the Gobi rail spur on Monday, a spokesman "
                         "for the herders' association said.\n", encoding="utf-8")
        assert main(["add", str(later), "-o", str(out), "-q", "--scheduler", cluster.scheduler_address]) == 0
    assert "later" in {d["id"] for d in json.loads((out / "factfile.json").read_text(encoding="utf-8"))["documents"]}


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-q", "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "tcp://127.0.0.1:9" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_workers_must_be_at_least_one(tmp_path, capsys):
    assert main(["build", str(EXAMPLE), "-o", str(tmp_path / "out"), "-q", "--workers", "0"]) == 2
    assert "--workers" in capsys.readouterr().err


def test_a_folder_of_several_stories_is_written_the_same_by_two_workers(tmp_path):
    from test_stories import REPORTS, _write

    corpus = _write(tmp_path / "corpus", REPORTS)
    written = {}
    for workers in ("1", "2"):
        out = tmp_path / f"out-{workers}"
        assert main(["build", str(corpus), "-o", str(out), "-q", "--workers", workers]) == 0
        written[workers] = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
                            if p.is_file() and p.suffix in (".json", ".html", ".md", ".csv", ".jsonl", ".geojson")}
    assert any(name.startswith("stories/") for name in written["1"])  # a page per story, rendered by the workers
    assert written["2"] == written["1"]
