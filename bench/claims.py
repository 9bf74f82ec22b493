"""The cost of claims and grouping, against the cost of named-entity recognition on the same text,
and how grouping scales with the corpus.

    .venv/bin/python bench/claims.py               # 27 copies of the example and seed reports
    .venv/bin/python bench/claims.py --copies 5    # a quicker look

Part 1 runs the real reports (copied under new names, as in bench/nlp.py):
NER time is spaCy with tok2vec, tagger, attribute_ruler and ner only; the claims
cost is what the claims need on top (the sentence recogniser and lemmatizer in
the same model pass, clause extraction, linking and grouping).
Part 2 times grouping and the timeline alone on generated claims for 1,000 and
10,000 documents. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from nlp import make_corpus  # noqa: E402  (the same copied corpus as bench/nlp.py)


def part_one(copies: int) -> None:
    from dataclasses import replace

    from factfile.config import Config
    from factfile.model import Document
    from factfile.nlp import nlp
    from factfile.pipeline import iter_documents
    from factfile.stages.annotate import find_mentions
    from factfile.stages.claims import find_claims
    from factfile.stages.geocode import geocode
    from factfile.gazetteer import load_gazetteer
    from factfile.stages.checks import check
    from factfile.stages.group import group_claims, link_claims
    from factfile.stages.resolve import resolve
    from factfile.stages.timeline import build_timeline

    cfg = Config()
    pipeline = nlp()
    gazetteer = load_gazetteer()
    with tempfile.TemporaryDirectory(prefix="factfile-bench-claims-") as tmp:
        make_corpus(Path(tmp), copies)
        documents = [d for d in iter_documents(Path(tmp), cfg) if isinstance(d, Document)]
    texts = [d.text for d in documents]
    words = sum(len(t.split()) for t in texts)

    ner_only = ["tok2vec", "tagger", "attribute_ruler", "ner"]
    with pipeline.select_pipes(enable=ner_only):
        started = time.perf_counter()
        list(pipeline.pipe(texts, batch_size=cfg.nlp_batch_size))
        ner = time.perf_counter() - started

    started = time.perf_counter()
    parsed = list(pipeline.pipe(texts, batch_size=cfg.nlp_batch_size))
    full_model = time.perf_counter() - started
    annotated, mentions_time, claims_time = [], 0.0, 0.0
    for document, doc in zip(documents, parsed):
        started = time.perf_counter()
        document = replace(document, mentions=tuple(find_mentions(document, doc, gazetteer)))
        mentions_time += time.perf_counter() - started
        started = time.perf_counter()
        claims, cites = find_claims(document, doc)
        claims_time += time.perf_counter() - started
        annotated.append(replace(document, claims=claims, cites=cites))
    entities = geocode(resolve(annotated, cfg), cfg)
    started = time.perf_counter()
    claims, groups = group_claims(link_claims(annotated, entities), annotated, entities, cfg)
    grouping = time.perf_counter() - started

    started = time.perf_counter()
    annotated = [replace(d, claims=tuple(c for c in claims if c.doc == d.id)) for d in annotated]
    timeline = build_timeline(claims, groups, cfg)
    warnings = check(annotated)
    timeline_checks = time.perf_counter() - started

    extra_model = max(full_model - ner, 0.0)
    added = extra_model + claims_time + grouping + timeline_checks
    print(f"part 1: {len(documents)} documents, {words:,} words; {len(claims)} claims in {len(groups)} groups")
    print(f"  NER (tok2vec, tagger, attribute_ruler, ner): {ner:6.1f} s  {words / ner:8,.0f} words/s")
    print(f"  claims: sentence recogniser + lemmatizer {extra_model:5.1f} s, clause extraction {claims_time:5.1f} s, "
          f"linking + grouping {grouping:5.1f} s, timeline + checks {timeline_checks:5.1f} s "
          f"({len(timeline)} events, {len(warnings)} warnings)")
    print(f"  claims, grouping, timeline and checks add {added:5.1f} s = {added / ner:.0%} of the NER time "
          "(target <= 50%; clause extraction includes placing dates)")


def synthetic(documents: int, rng: random.Random):
    """Documents with claims shaped like real ones: a few entities, a value, some nouns."""
    from factfile.model import Claim, Document, Entity, Mention, Value, make_id

    entity_ids = [f"e{i}" for i in range(max(50, documents // 5))]
    nouns = [f"n{i}" for i in range(300)] + ["base", "line", "troop", "money"]
    docs, claims = [], []
    for d in range(documents):
        doc_id = f"d{d:06d}"
        text = " ".join(rng.choice(nouns) for _ in range(300))
        docs.append(Document(doc_id, doc_id + ".txt", None, text))
        for c in range(20):
            kind = rng.random()
            if kind < 0.4:
                value = Value("money", "$8.5 million", rng.choice([8.5e6, 8.6e6, 10e6, 420e6]), "USD", start=0, end=4)
            elif kind < 0.7:
                value = Value("count", "5,000 troops", rng.choice([5000.0, 700.0, 1200.0]), "troops", start=0, end=4)
            else:
                # Dates cluster the way news does: most on a few days of the story, some in past years.
                day = rng.choice(["2025-03-11", "2025-03-12", "2025-03-13", f"2025-03-{rng.randint(1, 28):02d}"])
                date = rng.choice([day, day, day[:7], str(rng.randint(1990, 2025))])
                value = Value("date", "on Tuesday", date=date, precision={4: "year", 7: "month", 10: "day"}[len(date)],
                              start=0, end=4)
            claims.append(Claim(
                id=make_id(doc_id, c), doc=doc_id, start=0, end=10, text=text[:10], predicate="build",
                values=(value,), modality=rng.choice(["asserted", "reported", "planned", "denied", "hedged"]),
                subject=rng.choice(entity_ids), entities=tuple(rng.sample(entity_ids, 3)),
                nouns=tuple(rng.sample(nouns, 4)),
            ))
    entities = [Entity(e, e, "ORG", (), (Mention("d000000", 0, 1, "x", "ORG"),)) for e in entity_ids]
    return docs, claims, entities


def part_two() -> None:
    from factfile.config import Config
    from factfile.stages.group import group_claims
    from factfile.stages.timeline import build_timeline

    cfg = Config()
    print("part 2: grouping and the timeline on generated claims (20 per document, 30% dated)")
    previous = None
    for documents in (1_000, 10_000):
        docs, claims, entities = synthetic(documents, random.Random(7))
        started = time.perf_counter()
        claims, groups = group_claims(claims, docs, entities, cfg)
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        timeline = build_timeline(claims, groups, cfg)
        timeline_seconds = time.perf_counter() - started
        growth = f"  x{(seconds + timeline_seconds) / previous:.1f} for 10x the documents" if previous else ""
        print(f"  {documents:>6,} documents, {len(claims):>7,} claims: grouping {seconds:6.1f} s, {len(groups):,} groups; "
              f"timeline {timeline_seconds:5.1f} s, {len(timeline):,} events{growth}")
        previous = seconds + timeline_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=27, help="copies of each report in part 1 (default 27)")
    parser.add_argument("--skip-real", action="store_true", help="only run part 2")
    args = parser.parse_args()
    print(f"factfile bench/claims.py — Python {sys.version.split()[0]}")
    if not args.skip_real:
        part_one(args.copies)
    part_two()


if __name__ == "__main__":
    main()
