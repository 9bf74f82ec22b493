"""What the store saves: a full build of a corpus of real reports against `factfile add` of one more.

    .venv/bin/python bench/store.py                 # 1,000 reports (about 10 minutes on 2 cores)
    .venv/bin/python bench/store.py --reports 200   # a quicker look

The corpus is real news, varied as an analyst's archive is: the LGL geoparsing set's local news
(588 articles), TempEval-3's TimeBank and AQUAINT (256 articles, each with its date), the dev
stories, the seeds and the bundled example; when more reports are asked for than there are, they
all come again in turn under new names (copies run by other outlets), so a large corpus is the small
one's mix several times over. Everything is read from ../shared at run time; nothing of it is kept
in the repository.

Printed side by side, in the same run: the full build (every report through the model, then the
corpus-wide stages), a rebuild of the unchanged corpus from the store, and `add` of one report that
is not in the corpus; each with CPU seconds and their share of the full build. Then the time the
web app ('factfile serve') takes to answer its main pages and API calls over that store (median of
five requests each, after one to read factfile.json), beside the time to read factfile.json itself.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "bench"))


def real_reports() -> list[tuple[str, str, dict]]:
    """(file name, content, JSONL record or {}) for every real report in ../shared and the example."""
    import tempeval

    reports: list[tuple[str, str, dict]] = []
    for node in ET.parse(SHARED / "benchmarks" / "geo" / "lgl.xml").getroot().iter("article"):
        published = (node.findtext("dltime") or "")[:10]
        reports.append((f"lgl-{node.get('docid')}", "", {
            "id": f"lgl-{node.get('docid')}", "title": node.findtext("title") or "",
            "text": node.findtext("text") or "", "url": node.findtext("url") or "",
            "publisher": node.findtext("domain") or "", "published": published}))
    for name in tempeval.SETS:
        for article in tempeval.read_set(name):
            reports.append((f"{name}-{article.id}", "", {"id": f"{name}-{article.id}", "text": article.text,
                                                         "published": article.dct}))
    folders = sorted((SHARED / "corpora" / "stories").glob("*/corpus")) + [SHARED / "corpora" / "seeds",
                                                                           REPO / "examples" / "gobi-rail"]
    for folder in folders:
        for path in sorted(folder.iterdir()):
            if path.is_file():
                reports.append((f"{folder.parent.name if folder.name == 'corpus' else folder.name}-{path.name}",
                                path.read_text(encoding="utf-8", errors="replace"), {}))
    return reports


def make_corpus(folder: Path, count: int) -> Path:
    """A corpus of `count` reports in `folder`; returns one more real report, outside it, to add."""
    reports = real_reports()
    spare = next(r for r in reports if not r[2])  # a whole article file, kept out of the corpus
    reports.remove(spare)
    # A JSONL file names its records' ids itself: a copy of it would repeat them.
    copyable = [r for r in reports if r[2] or not r[0].endswith(".jsonl")]
    chosen = reports[:count]
    copy = 0
    while len(chosen) < count:  # the reports again, in turn, as other outlets running the same copy
        name, content, record = copyable[copy % len(copyable)]
        run = copy // len(copyable)
        chosen.append((f"copy{run}-{name}", content, {**record, "id": f"copy{run}-{record['id']}"} if record else {}))
        copy += 1
    records = [record for _, _, record in chosen if record]
    folder.mkdir(parents=True, exist_ok=True)
    if records:
        with open(folder / "archive.jsonl", "w", encoding="utf-8") as handle:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    for name, content, record in chosen:
        if not record:
            (folder / name).write_text(content, encoding="utf-8")
    extra = folder.parent / spare[0]
    extra.write_text(spare[1], encoding="utf-8")
    return extra


def _timed(function, *args):
    import resource

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    started, wall = cpu(), time.perf_counter()
    result = function(*args)
    return result, cpu() - started, time.perf_counter() - wall


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=1000, help="reports in the corpus (default 1000)")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="work in DIR and keep it (corpus/, the report added, out/ with the store), to look into")
    args = parser.parse_args(argv)
    if not (SHARED / "benchmarks").is_dir():
        print(f"bench/store.py needs the shared benchmarks at {SHARED / 'benchmarks'}", file=sys.stderr)
        return 2

    from factfile.config import Config
    from factfile.nlp import nlp
    from factfile.outputs import write_assembly
    from factfile.parallel import collect_rarely
    from factfile.pipeline import build_stories, put, read_corpus, rebuild_stories
    from factfile.store import STORE_NAME, open_store

    cfg = Config()
    nlp()  # loaded once, outside every timing: each command would load it once too
    collect_rarely()  # as each command does
    work = args.keep or Path(tempfile.mkdtemp(prefix="factfile-bench-store-"))
    if args.keep and args.keep.exists():
        parser.error(f"{args.keep} exists: give a folder that does not")
    try:
        corpus = work / "corpus"
        extra = make_corpus(corpus, args.reports)
        out = work / "out"

        # As `factfile build` and `factfile add` do it: the outputs written story by story.
        def full() -> int:
            with open_store(out / STORE_NAME) as store:
                assembly = build_stories(read_corpus(corpus, cfg, out_dir=out), corpus, cfg, store=store)
                write_assembly(assembly, out)
            return assembly.documents

        def one_more() -> int:
            with open_store(out / STORE_NAME) as store:
                put([extra], store, cfg, out_dir=out)
                assembly = rebuild_stories(store, cfg)
                write_assembly(assembly, out)
            return assembly.documents

        rows = []
        documents, cpu, wall = _timed(full)
        rows.append(("full build", documents, cpu, wall))
        documents, cpu, wall = _timed(full)
        rows.append(("rebuild, nothing changed", documents, cpu, wall))
        documents, cpu, wall = _timed(one_more)
        rows.append(("add one report", documents, cpu, wall))
        store_mb = (out / STORE_NAME).stat().st_size / 1e6
        queries = _query_times(out)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    base = rows[0][2]
    print(f"{'':<26} {'reports':>8} {'CPU s':>8} {'wall s':>8} {'of full build':>14}")
    for label, documents, cpu, wall in rows:
        print(f"{label:<26} {documents:>8} {cpu:>8.1f} {wall:>8.1f} {cpu / base:>13.1%}")
    print(f"store: {store_mb:.0f} MB")
    print()
    print(f"{'web app request':<44} {'ms':>8}")
    for label, ms in queries:
        print(f"{label:<44} {ms:>8.1f}")
    return 0


def _query_times(out: Path) -> list[tuple[str, float]]:
    """Milliseconds to answer each main page and API call over the build in `out`."""
    import statistics
    import warnings

    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient` is deprecated")
    from fastapi.testclient import TestClient

    from factfile.web import create_app

    data = json.loads((out / "factfile.json").read_text(encoding="utf-8"))
    started = time.perf_counter()
    client = TestClient(create_app(out))
    client.get("/api/documents")  # reads factfile.json once
    times = [("reading factfile.json (once per build)", (time.perf_counter() - started) * 1000)]
    group = data["groups"][0]["id"] if data["groups"] else "none"
    document = data["documents"][0]["id"]
    for label, path in (("facts page, all groups", "/"), ("facts page, contested", "/?status=contested"),
                        ("API facts, contested", "/api/facts?status=contested"),
                        ("group page", f"/groups/{group}"), ("report page", f"/documents/{document}"),
                        ("search page, one word", "/search?q=police"), ("API search, two words", "/api/search?q=police+said")):
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
        times.append((label, statistics.median(samples)))
    return times


if __name__ == "__main__":
    sys.exit(main())
