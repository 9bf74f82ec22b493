"""Throughput and peak memory of load + clean on a generated corpus.

    .venv/bin/python bench/ingest.py            # 10,000 documents (~25 MB) and a 2,500-document run
    .venv/bin/python bench/ingest.py --docs 500 # a quick look

Generates reports in the three main formats (plain text with page clutter,
HTML pages with chrome and scripts, JSONL records), then runs the streaming
load+clean path in a fresh process per size so peak memory is comparable.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "council port railway minister officials agreed funding contract border province terminal workers "
    "said report according statement company authority government project million tonnes kilometres "
    "announced plans construction local residents opposition agency published data security talks "
    "the a of and to in on for with by from that was were has have will would could"
).split()
NAMES = ["Ann Lee", "Bat Erdene", "Maria Ortiz", "Kwame Mensah", "Li Wei", "Olga Petrova"]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(12, 28))]
    if rng.random() < 0.3:
        words.insert(rng.randint(0, len(words)), f"${rng.randint(1, 900)} million")
    return " ".join(words).capitalize() + "."


def paragraphs(rng: random.Random, n: int) -> list[str]:
    return [" ".join(sentence(rng) for _ in range(rng.randint(2, 5))) for _ in range(n)]


def txt_report(rng: random.Random, i: int) -> str:
    lines = [f"Daily Wire Live Monday, {rng.randint(1, 28)} July 2025 10:42", f"Report number {i} on the port deal",
             "A short standfirst sentence that sums up the whole story for readers.", "3 min read",
             f"By {rng.choice(NAMES)}"]
    body = paragraphs(rng, rng.randint(6, 12))
    body.insert(2, "Cranes at the new terminal. Photo: Agency / Staff")
    lines += body + ["1,204 people read this", f"{rng.randint(1, 28):02d}/03/2025", "COMMENTS", "Leave a comment",
                     "Related Articles", "Another headline", "A teaser sentence for another story."]
    return "\n".join(lines)


def html_report(rng: random.Random, i: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs(rng, rng.randint(6, 12)))
    return (f"<!doctype html><html><head><title>Report {i} | Wire</title>"
            f"<meta property='og:site_name' content='Wire'><meta name='author' content='{rng.choice(NAMES)}'>"
            f"<meta property='article:published_time' content='2025-03-{rng.randint(1, 28):02d}T08:00:00Z'>"
            "<script>var tracking = {id: 1};</script></head><body><nav><a href='/'>Home</a><a href='/w'>World</a></nav>"
            f"<article><h1>Report {i} on the port deal</h1>{body}<figure><figcaption>Cranes. Photo: Agency</figcaption>"
            "</figure></article><aside>Most read</aside><footer>© Wire</footer></body></html>")


def generate(folder: Path, count: int) -> int:
    rng = random.Random(1234)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    jsonl = open(folder / "feed.jsonl", "w", encoding="utf-8")
    for i in range(count):
        kind = i % 10
        if kind < 7:
            data = txt_report(rng, i)
            (folder / f"r{i:06d}.txt").write_text(data, encoding="utf-8")
        elif kind < 9:
            data = html_report(rng, i)
            (folder / f"r{i:06d}.html").write_text(data, encoding="utf-8")
        else:
            data = json.dumps({"id": f"j{i}", "title": f"Report {i}", "text": "\n\n".join(paragraphs(rng, 8)),
                               "published": "2025-03-11", "publisher": "Wire"})
            jsonl.write(data + "\n")
        total += len(data.encode("utf-8"))
    jsonl.close()
    return total


def measure(folder: Path) -> None:
    """Child process: stream load+clean and print one JSON line of figures."""
    from factfile.config import Config
    from factfile.model import Document
    from factfile.pipeline import iter_documents

    start = time.perf_counter()
    documents = characters = 0
    for item in iter_documents(folder, Config()):
        if isinstance(item, Document):
            documents += 1
            characters += len(item.text)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"documents": documents, "seconds": seconds, "peak_mb": peak_mb, "characters": characters}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=10_000, help="documents in the large corpus (default 10,000)")
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args.measure)
        return
    sizes = sorted({max(args.docs // 4, 1), args.docs})
    print(f"factfile bench/ingest.py: load + clean, streaming, {sys.version.split()[0]}")
    print(f"{'documents':>10} {'MB':>7} {'seconds':>8} {'docs/s':>8} {'MB/s':>6} {'peak RSS MB':>12}")
    with tempfile.TemporaryDirectory(prefix="factfile-bench-") as tmp:
        for size in sizes:
            folder = Path(tmp) / str(size)
            nbytes = generate(folder, size)
            out = subprocess.run([sys.executable, __file__, "--measure", str(folder)],
                                 check=True, capture_output=True, text=True).stdout
            figures = json.loads(out.strip().splitlines()[-1])
            mb = nbytes / 1024 / 1024
            print(f"{figures['documents']:>10,} {mb:>7.1f} {figures['seconds']:>8.1f} "
                  f"{figures['documents'] / figures['seconds']:>8.0f} {mb / figures['seconds']:>6.2f} "
                  f"{figures['peak_mb']:>12.0f}")
    print("NLP model ratio: n/a (load + clean uses no NLP model)")


if __name__ == "__main__":
    main()
