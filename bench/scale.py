"""How a build scales: words per second and peak memory as the corpus grows, 1 worker against 2, with
bare spaCy on the same text as the floor.

    .venv/bin/python bench/scale.py                          # 1,000 and 10,000 reports (about an hour here)
    .venv/bin/python bench/scale.py --sizes 1000 --workers 1,2   # a quicker look: 1,000 reports, 1 and 2 workers

The corpus is real news (bench/store.py's: LGL's local news, TempEval-3's articles, the dev stories,
the seeds, the example), repeated under new names when more reports are asked for than there are,
as wire copies run by other outlets. Each build is `factfile build CORPUS -o OUT --workers N -q` in a
fresh process, timed by the wall clock (workers are about the wall clock), with the peak resident
memory of the main process (the per-document work happens in the workers' processes, whose memory is
the model's, the same for every corpus size). Bare spaCy is `nlp.pipe` over the same texts with the
same components, in one process and with `n_process=2`. Printed beside them: each build's speed
against the floor, 2 workers against 1, and time(largest)/time(smallest) per report-count ratio.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "bench"))


def _texts(corpus: Path) -> list[str]:
    import json

    texts = []
    for path in sorted(corpus.iterdir()):
        if path.suffix == ".jsonl":
            texts += [json.loads(line).get("text", "") for line in path.read_text(encoding="utf-8").split("\n") if line.strip()]
        else:
            texts.append(path.read_text(encoding="utf-8", errors="replace"))
    return texts


def _build(corpus: Path, out: Path, workers: int) -> tuple[float, float]:
    """Wall seconds and the main process's peak resident memory (MB) of one build."""
    started = time.perf_counter()
    process = subprocess.Popen([str(Path(sys.executable).parent / "factfile"), "build", str(corpus), "-o", str(out),
                                "--workers", str(workers), "-q"])
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"bench/scale.py: the build of {corpus} failed")
    return wall, usage.ru_maxrss / 1024


def _bare_spacy(texts: list[str], processes: int) -> float:
    """Wall seconds of bare spaCy over `texts` (long ones cut as factfile cuts them)."""
    from factfile.config import Config
    from factfile.nlp import nlp
    from factfile.stages.annotate import pieces

    cfg = Config()
    pipeline = nlp()
    parts = [piece for text in texts for piece in pieces(text, cfg.nlp_max_chars)]
    started = time.perf_counter()
    for _ in pipeline.pipe(parts, batch_size=cfg.nlp_batch_size, n_process=processes):
        pass
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000", help="report counts, comma-separated (default 1000,10000)")
    parser.add_argument("--workers", default="1,2", help="worker counts to compare at the smallest size (default 1,2)")
    args = parser.parse_args()
    sizes = sorted(int(n) for n in args.sizes.split(","))
    worker_counts = sorted(int(n) for n in args.workers.split(","))

    from store import make_corpus

    rows = []
    floor: dict[int, float] = {}
    with tempfile.TemporaryDirectory(prefix="factfile-bench-scale-") as tmp:
        for size in sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            make_corpus(corpus, size)
            texts = _texts(corpus)
            words = sum(len(text.split()) for text in texts)
            counts = worker_counts if size == sizes[0] else [worker_counts[0]]
            for workers in counts:
                out = Path(tmp) / f"out-{size}-{workers}"
                print(f"building {size} reports with {workers} worker(s) ...", file=sys.stderr, flush=True)
                wall, peak = _build(corpus, out, workers)
                rows.append((size, workers, words, wall, peak))
                shutil.rmtree(out, ignore_errors=True)
            if size == sizes[0]:
                for processes in (1, 2):
                    print(f"bare spaCy over the same text, {processes} process(es) ...", file=sys.stderr, flush=True)
                    floor[processes] = words / _bare_spacy(texts, processes)
            shutil.rmtree(corpus, ignore_errors=True)

    print(f"\n{'':<34}{'reports':>9}{'words':>11}{'wall s':>9}{'words/s':>9}{'peak MB':>9}{'of floor':>10}")
    for processes, speed in floor.items():
        print(f"{'bare spaCy nlp.pipe, n_process=' + str(processes):<34}{sizes[0]:>9}{'':>11}{'':>9}{speed:>9.0f}"
              f"{'':>9}{'':>10}")
    for size, workers, words, wall, peak in rows:
        speed = words / wall
        print(f"{'factfile build, ' + str(workers) + ' worker(s)':<34}{size:>9}{words:>11}{wall:>9.1f}{speed:>9.0f}"
              f"{peak:>9.0f}{speed / floor[min(workers, 2)]:>10.2f}")
    first = {w: wall for size, w, _, wall, _ in rows if size == sizes[0]}
    if len(first) > 1:
        one, most = min(first), max(first)
        print(f"\n{most} workers against {one}: {first[one] / first[most]:.2f}x")
    if len(sizes) > 1:
        small = next(r for r in rows if r[0] == sizes[0] and r[1] == worker_counts[0])
        large = next(r for r in rows if r[0] == sizes[-1])
        print(f"time({sizes[-1]})/time({sizes[0]}): {large[3] / small[3]:.2f} for {sizes[-1] / sizes[0]:.0f}x the reports"
              f" and {large[2] / small[2]:.1f}x the words; per word {(large[3] / large[2]) / (small[3] / small[2]):.2f}x;"
              f" peak memory {large[4] / small[4]:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
