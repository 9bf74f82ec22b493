"""How well factfile splits a mixed folder into its stories.

    .venv/bin/python bench/stories.py                  # the four dev stories and the seeds, mixed
    .venv/bin/python bench/stories.py --distractors    # ...and LGL's 588 local-news articles, each its own story

The reports of every story under ../shared/corpora/stories and the seeds (../shared/corpora/seeds, one
story) are copied into one folder, each file's name prefixed with its story, and built as one corpus.
Each report's story as factfile split them is compared with the story it came from: purity (the share
of reports in a found story that came from its commonest true story), inverse purity (the same, the
other way round), the adjusted Rand index (1 = the same split; 0 = as good as chance), and the number
of stories found. The baseline, in the same run and on the same annotated reports: reports whose
most-named name is the same are one story.

Then the same reports with each run again by another outlet (a wire copy: retitled, with a line
added at its end), split again: a copy must join its original's story and not pull the story apart.

Each dev story built alone must stay one story (a corpus of one story behaves as before the split);
the last line says whether it does.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
STORIES = SHARED / "corpora" / "stories"
SEEDS = SHARED / "corpora" / "seeds"
LGL = SHARED / "benchmarks" / "geo" / "lgl.xml"


def adjusted_rand_index(found: list[str], truth: list[str]) -> float:
    """Hubert and Arabie's adjusted Rand index of two labellings of the same items."""
    def pairs(n: int) -> float:
        return n * (n - 1) / 2

    together = sum(pairs(n) for n in Counter(zip(found, truth)).values())
    found_pairs = sum(pairs(n) for n in Counter(found).values())
    true_pairs = sum(pairs(n) for n in Counter(truth).values())
    expected = found_pairs * true_pairs / pairs(len(truth)) if len(truth) > 1 else 0.0
    best = (found_pairs + true_pairs) / 2
    return 1.0 if best == expected else (together - expected) / (best - expected)


def purity(found: list[str], truth: list[str]) -> float:
    """The share of items in a found cluster that belong to its commonest true cluster."""
    clusters: dict[str, Counter[str]] = {}
    for f, t in zip(found, truth):
        clusters.setdefault(f, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in clusters.values()) / len(found)


def top_name_baseline(documents) -> list[str]:
    """Each report's story as the baseline sees it: the name it gives most (ties: the first so named)."""
    from factfile.gazetteer import name_key

    labels = []
    for document in documents:
        names = Counter(name_key(m.text) for m in (*document.title_mentions, *document.mentions)
                        if m.label in ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"))
        labels.append(names.most_common(1)[0][0] if names else document.id)
    return labels


def lgl_articles(folder: Path) -> int:
    """LGL's articles as plain-text reports in `folder`, named lgl__ARTICLE; how many."""
    import xml.etree.ElementTree as ElementTree

    if not LGL.is_file():
        sys.exit(f"bench/stories.py: LGL is not at {LGL} (../shared beside the checkout)")
    count = 0
    for article in ElementTree.parse(LGL).getroot().iter("article"):
        # LGL's text begins with the headline.
        (folder / f"lgl__{article.get('docid')}.txt").write_text(article.findtext("text") or "", encoding="utf-8")
        count += 1
    return count


@dataclass
class Measured:
    """The mixed corpus's reports, the story each came from, and each split of them into stories."""

    documents: list
    truth: list[str]
    splits: dict[str, list[str]]
    stories: list  # factfile's, as factfile.json lists them
    alone: dict[str, int]  # each dev story built alone: how many stories factfile finds in it
    distractors: int = 0
    copied: dict[str, list[str]] | None = None  # the splits of the reports with a wire copy of each
    copied_truth: list[str] | None = None

    def figures(self, name: str, copies: bool = False) -> tuple[int, float, float, float]:
        """Stories found, purity, inverse purity and adjusted Rand index of split `name` (of the
        reports with their copies when `copies`)."""
        found, truth = (self.copied[name], self.copied_truth) if copies else (self.splits[name], self.truth)
        return (len(set(found)), purity(found, truth), purity(truth, found), adjusted_rand_index(found, truth))


def measure(distractors: bool = False) -> Measured:
    """Build the mixed corpus (with LGL's articles when `distractors`) and each story alone."""
    from factfile.config import Config
    from factfile.pipeline import build
    from factfile.stages.stories import split_stories

    cfg = Config()
    story_dirs = sorted(p for p in STORIES.iterdir() if (p / "corpus").is_dir())
    with tempfile.TemporaryDirectory() as tmp:
        mixed = Path(tmp) / "mixed"
        mixed.mkdir()
        for story in story_dirs:
            for report in sorted((story / "corpus").iterdir()):
                shutil.copy(report, mixed / f"{story.name}__{report.name}")
        for report in sorted(SEEDS.iterdir()):
            shutil.copy(report, mixed / f"seeds__{report.name}")
        added = lgl_articles(mixed) if distractors else 0
        print(f"building {len(list(mixed.iterdir()))} reports ({len(story_dirs)} dev stories, the seeds"
              + (f", {added} LGL articles" if added else "") + ") ...", file=sys.stderr, flush=True)
        factbase = build(mixed, cfg)
    story_of = {doc_id: story.id for story in factbase.stories for doc_id in story.docs}
    documents = list(factbase.documents)
    # A distractor's true story is itself.
    truth = [d.id if d.id.startswith("lgl__") else d.id.split("__")[0] for d in documents]
    splits = {"factfile": [story_of[d.id] for d in documents],
              "baseline: same top name": top_name_baseline(documents)}
    copies = [replace(d, id=f"{d.id}__wire", title=f"{d.title or ''} | Wire",
                      text=f"{d.text}\n\nReporting by wire staff; editing by the desk.") for d in documents]
    copied_story = {doc_id: story.id for story in split_stories([*documents, *copies], cfg) for doc_id in story.docs}
    copied = {"factfile": [copied_story[d.id] for d in (*documents, *copies)],
              "baseline: same top name": top_name_baseline([*documents, *copies])}
    alone = {story.name: len(build(story / "corpus", cfg).stories) for story in story_dirs}
    alone["seeds"] = len(build(SEEDS, cfg).stories)
    return Measured(documents, truth, splits, list(factbase.stories), alone, added, copied, truth + truth)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--distractors", action="store_true",
                        help="add LGL's local-news articles, each a story of its own")
    args = parser.parse_args()
    sys.path.insert(0, str(REPO / "src"))
    measured = measure(args.distractors)

    print(f"\n{len(measured.documents)} reports from {len(set(measured.truth))} stories\n")
    print(f"{'':28}{'stories':>9}{'purity':>9}{'inverse':>9}{'ARI':>8}")
    for name in measured.splits:
        found, pure, inverse, ari = measured.figures(name)
        print(f"{name:28}{found:>9}{pure:>9.3f}{inverse:>9.3f}{ari:>8.3f}")
    print(f"\nthe same with each report run again by another outlet ({len(measured.copied_truth)} reports)\n")
    print(f"{'':28}{'stories':>9}{'purity':>9}{'inverse':>9}{'ARI':>8}")
    for name in measured.copied:
        found, pure, inverse, ari = measured.figures(name, copies=True)
        print(f"{name:28}{found:>9}{pure:>9.3f}{inverse:>9.3f}{ari:>8.3f}")
    print("\nfactfile's stories:")
    for story in measured.stories:
        if len(story.docs) > 1 or not story.docs[0].startswith("lgl__"):
            origin = Counter(doc_id.split("__")[0] for doc_id in story.docs)
            print(f"  {len(story.docs):>3} reports  {dict(origin)}  “{story.label[:60]}”")
    if measured.distractors:
        singles = sum(1 for s in measured.stories if len(s.docs) == 1 and s.docs[0].startswith("lgl__"))
        print(f"  and {singles} LGL articles alone ({measured.distractors - singles} in stories with others)")
    broken = {name: n for name, n in measured.alone.items() if n != 1}
    print("\neach story built alone is one story: " + ("yes" if not broken else f"NO: {broken}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
