"""factfile's place names on LGL: found, and put on the map, beside a most-populous-match baseline.

    .venv/bin/python bench/geo.py                 # the table (588 local-news articles, about a minute)
    .venv/bin/python bench/geo.py --limit 100     # the first 100 articles only
    .venv/bin/python bench/geo.py --errors 30     # also the 30 worst placed toponyms, to read

LGL (Lieberman et al. 2010; ../shared/benchmarks/geo/lgl.xml) is 588 local-news articles whose
toponyms are marked with character offsets and their GeoNames coordinates. Each article is built
alone, as a one-report corpus would be: names (annotate), merged (resolve), placed (geocode). A
place mention of factfile (GPE, LOC or FAC) that overlaps a gold toponym has found it.

Recognition: precision, recall and F1 of found toponyms. Placement, on the found toponyms that
factfile gave coordinates: accuracy within 161 km (100 miles, the field's usual test), mean and
median error in km, and the AUC of the log error (Gritta et al. 2018: the area under the sorted
log(1 + km) errors over log(20,039 km), 0 perfect, 1 all at the antipodes); and the share of found
toponyms left without coordinates. Published figures for accuracy within 161 km on LGL (Gritta et
al. 2018): CamCoder 76, Edinburgh Geoparser 76, CLAVIN 71, most-populous over full GeoNames 70.

The baseline, in the same run on the same found toponyms: the most populous place of factfile's
gazetteer with the mention's name (a country's own name gives the country), no context at all.
"""

from __future__ import annotations

import argparse
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LGL = REPO.parent / "shared" / "benchmarks" / "geo" / "lgl.xml"
NEAR_KM = 161.0
# Half the Earth's circumference: the largest possible error.
MAX_ERROR_KM = 20039.0
PLACE_LABELS = ("GPE", "LOC", "FAC")


@dataclass(frozen=True)
class Toponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass(frozen=True)
class Article:
    id: str
    title: str
    text: str
    toponyms: tuple[Toponym, ...]


@dataclass
class Found:
    """A gold toponym factfile found, with where factfile and the baseline put it (None: nowhere)."""

    article: str
    gold: Toponym
    text: str
    placed: tuple[float, float] | None
    baseline: tuple[float, float] | None


def read_lgl(path: Path = LGL) -> list[Article]:
    articles = []
    for node in ET.parse(path).getroot().iter("article"):
        toponyms = []
        for t in node.iter("toponym"):
            tag = t.find("gaztag")
            lat = tag.findtext("lat") if tag is not None else None
            lon = tag.findtext("lon") if tag is not None else None
            toponyms.append(Toponym(int(t.findtext("start")), int(t.findtext("end")), t.findtext("phrase") or "",
                                    float(lat) if lat else None, float(lon) if lon else None))
        articles.append(Article(node.get("docid"), node.findtext("title") or "", node.findtext("text") or "",
                                tuple(toponyms)))
    return articles


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    p1, p2 = math.radians(a[0]), math.radians(b[0])
    dp, dl = p2 - p1, math.radians(b[1] - a[1])
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def most_populous(name: str, gazetteer) -> tuple[float, float] | None:
    """The baseline: a country by its own name, else the most populous place of that name."""
    if (country := gazetteer.country_of_name(name)) and (place := gazetteer.country(country)):
        return place.lat, place.lon
    candidates = gazetteer.lookup(name)
    if not candidates:
        return None
    best = max(candidates, key=lambda p: (p.population, p.gazetteer_id))
    return best.lat, best.lon


def run(articles: list[Article], progress: bool = False) -> tuple[list[Found], int, int]:
    """factfile on every article alone: the gold toponyms it found, and its count of place mentions."""
    from factfile.config import Config
    from factfile.gazetteer import load_gazetteer
    from factfile.model import Document
    from factfile.stages.annotate import annotate
    from factfile.stages.geocode import geocode
    from factfile.stages.resolve import resolve

    cfg, gazetteer = Config(), load_gazetteer()
    # LGL's text begins with the headline: read once, as text (gold offsets index the text).
    documents = [Document(a.id, f"{a.id}.txt", None, a.text) for a in articles]
    found: list[Found] = []
    predicted = 0
    gold_total = sum(len(a.toponyms) for a in articles)
    for n, (article, document) in enumerate(zip(articles, annotate(documents, cfg)), 1):
        if progress and n % 50 == 0:
            print(f"  {n}/{len(articles)} articles", file=sys.stderr, flush=True)
        entities = geocode(resolve([document], cfg, gazetteer), cfg, gazetteer)
        mentions = [(m, e.geo) for e in entities if e.type in PLACE_LABELS for m in e.mentions]
        predicted += len(mentions)
        taken: set[int] = set()
        for mention, geo in sorted(mentions, key=lambda x: x[0].start):
            gold = next((i for i, t in enumerate(article.toponyms)
                         if i not in taken and t.start < mention.end and mention.start < t.end), None)
            if gold is None:
                continue
            taken.add(gold)
            found.append(Found(article.id, article.toponyms[gold], mention.text,
                               (geo.lat, geo.lon) if geo else None, most_populous(mention.text, gazetteer)))
    return found, predicted, gold_total


def auc(errors: list[float]) -> float:
    """Area under the sorted log errors, scaled to [0, 1] (Gritta et al. 2018)."""
    if len(errors) < 2:
        return 0.0
    logs = sorted(math.log(e + 1) for e in errors)
    area = sum((a + b) / 2 for a, b in zip(logs, logs[1:]))  # the trapezium rule, unit steps
    return area / (math.log(MAX_ERROR_KM) * (len(logs) - 1))


def placement(found: list[Found], which: str) -> dict[str, float]:
    """Placement figures of factfile ('placed') or the baseline ('baseline') on the gold toponyms it found."""
    judged = [f for f in found if f.gold.lat is not None]
    errors = [haversine_km(getattr(f, which), (f.gold.lat, f.gold.lon)) for f in judged if getattr(f, which)]
    unplaced = sum(1 for f in judged if getattr(f, which) is None)
    if not errors:
        return {"placed": 0, "acc161": 0.0, "mean_km": 0.0, "median_km": 0.0, "auc": 1.0, "unplaced": 1.0}
    return {
        "placed": len(errors),
        "acc161": sum(e <= NEAR_KM for e in errors) / len(errors),
        "mean_km": statistics.fmean(errors),
        "median_km": statistics.median(errors),
        "auc": auc(errors),
        "unplaced": unplaced / len(judged),
    }


def figures(articles: list[Article], progress: bool = False) -> tuple[dict, dict, dict, list[Found]]:
    found, predicted, gold = run(articles, progress)
    precision = len(found) / predicted if predicted else 0.0
    recall = len(found) / gold if gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    recognition = {"gold": gold, "predicted": predicted, "found": len(found),
                   "precision": precision, "recall": recall, "f1": f1}
    return recognition, placement(found, "placed"), placement(found, "baseline"), found


def table(recognition: dict, ours: dict, baseline: dict) -> str:
    rows = [
        f"LGL: {recognition['gold']} gold toponyms; factfile marks {recognition['predicted']} place mentions, "
        f"{recognition['found']} of them gold",
        f"recognition   precision {recognition['precision']:.3f}   recall {recognition['recall']:.3f}   "
        f"F1 {recognition['f1']:.3f}",
        "",
        f"{'on the toponyms factfile found':<34}{'factfile':>12}{'most populous':>16}",
        "-" * 62,
    ]
    for key, label, form in (("acc161", "accuracy within 161 km", "{:.1%}"), ("auc", "AUC of log error", "{:.3f}"),
                             ("mean_km", "mean error (km)", "{:,.0f}"), ("median_km", "median error (km)", "{:,.0f}"),
                             ("unplaced", "without coordinates", "{:.1%}"), ("placed", "placed", "{:,}")):
        rows.append(f"{label:<34}{form.format(ours[key]):>12}{form.format(baseline[key]):>16}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="only the first N articles")
    parser.add_argument("--errors", type=int, default=0, help="list the N worst placed toponyms")
    args = parser.parse_args(argv)
    if not LGL.is_file():
        raise SystemExit(f"bench/geo.py needs LGL at {LGL} (../shared beside the checkout)")
    articles = read_lgl()[: args.limit]
    recognition, ours, baseline, found = figures(articles, progress=sys.stderr.isatty())
    print(table(recognition, ours, baseline))
    if args.errors:
        placed = [(haversine_km(f.placed, (f.gold.lat, f.gold.lon)), f) for f in found
                  if f.placed and f.gold.lat is not None]
        print(f"\nworst {args.errors}:")
        for km, f in sorted(placed, key=lambda x: -x[0])[: args.errors]:
            print(f"  {km:8,.0f} km  {f.article}  {f.text!r} (gold {f.gold.phrase!r} {f.gold.lat:.2f},{f.gold.lon:.2f};"
                  f" placed {f.placed[0]:.2f},{f.placed[1]:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
