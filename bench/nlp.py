"""Words per second of the full `build` against bare spaCy on the same text.

    .venv/bin/python bench/nlp.py              # 300 documents (~190,000 words)
    .venv/bin/python bench/nlp.py --copies 10  # a quicker look

The corpus is the example corpus plus the shared seeds (when ../shared is
there), copied --copies times under new names so that every step (loading,
cleaning, names, merging, geocoding) sees a realistic story-sized corpus.
Bare spaCy runs `nlp.pipe` over the same cleaned texts with the same
components. Model and gazetteer loading are timed separately, once.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCES = [REPO / "examples" / "gobi-rail", REPO.parent / "shared" / "corpora" / "seeds"]


def make_corpus(folder: Path, copies: int) -> None:
    for source in SOURCES:
        if not source.is_dir():
            continue
        for path in sorted(source.iterdir()):
            for copy in range(copies):
                target = folder / source.name / f"{path.stem}-{copy:03d}{path.suffix}"
                target.parent.mkdir(parents=True, exist_ok=True)
                if path.suffix == ".jsonl":
                    # JSONL records carry their own ids: give each copy new ones.
                    target.write_text(path.read_text(encoding="utf-8").replace('"id": "', f'"id": "c{copy}-'),
                                      encoding="utf-8")
                else:
                    shutil.copyfile(path, target)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=27, help="copies of each report (default 27)")
    args = parser.parse_args()

    from factfile.config import Config
    from factfile.gazetteer import load_gazetteer
    from factfile.nlp import nlp
    from factfile.pipeline import build, iter_documents

    cfg = Config()
    started = time.perf_counter()
    pipeline = nlp()
    model_seconds = time.perf_counter() - started
    started = time.perf_counter()
    load_gazetteer()
    gazetteer_seconds = time.perf_counter() - started

    with tempfile.TemporaryDirectory(prefix="factfile-bench-nlp-") as tmp:
        corpus = Path(tmp)
        make_corpus(corpus, args.copies)
        texts = [d.text for d in iter_documents(corpus, cfg) if hasattr(d, "text") and hasattr(d, "mentions")]
        words = sum(len(t.split()) for t in texts)

        started = time.perf_counter()
        for _ in pipeline.pipe(texts, batch_size=cfg.nlp_batch_size):
            pass
        bare = time.perf_counter() - started

        started = time.perf_counter()
        factbase = build(corpus, cfg)
        full = time.perf_counter() - started

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"factfile bench/nlp.py — Python {sys.version.split()[0]}, components: {', '.join(pipeline.pipe_names)}")
    print(f"corpus: {len(texts)} documents, {words:,} words; {len(factbase.entities)} entities found")
    print(f"model load {model_seconds:.1f} s, gazetteer load {gazetteer_seconds:.1f} s (once per process, not below)")
    print(f"bare nlp.pipe : {bare:7.1f} s  {words / bare:8,.0f} words/s")
    print(f"factfile build: {full:7.1f} s  {words / full:8,.0f} words/s  (load, clean, names, merge, geocode, claims, groups)")
    print(f"ratio build / bare: {bare / full:.2f}  (target >= 0.60)")
    print(f"peak RSS: {peak:,.0f} MB")


if __name__ == "__main__":
    main()
