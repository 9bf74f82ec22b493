"""factfile's time expressions on TempEval-3: found, and placed on the calendar, beside dateparser.

    .venv/bin/python bench/tempeval.py                # both sets, factfile and dateparser (about two minutes)
    .venv/bin/python bench/tempeval.py --limit 20     # the first 20 articles of each set
    .venv/bin/python bench/tempeval.py --errors 30    # also 30 of factfile's wrong values, to read

TempEval-3's TBAQ-cleaned sets (../shared/benchmarks/tempeval3/: TimeBank, 183 articles, and AQUAINT, 73) mark
every time expression (TIMEX3) of news text with its type (DATE, TIME, DURATION, SET) and its normalised value
(`1998-02-13`, `1998-W07`, `1989-Q3`, `P3D`), counted from the article's creation time (DCT). Each article's
text is read with its DCT as the publication date, as a one-report corpus would be.

Figures, per set and per type, as TempEval-3's scorer counts them: span precision, recall and F1, strict (the
same characters) and relaxed (overlapping); value accuracy on the relaxed matches; and value F1 = value
accuracy x relaxed F1 (the task's headline figure). A type's precision counts the expressions the system gave
that type; factfile gives each expression its type and value (`timex` in factfile.json). Published value F1 over all types on the
TempEval-3 test set: HeidelTime 77.6, SUTime 67.4.

The baseline, in the same run on the same text: dateparser's `search_dates`, counted from the DCT, its values
cut to the precision its words give (a year alone, a month and year, else a day).
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TEMPEVAL = REPO.parent / "shared" / "benchmarks" / "tempeval3"
SETS = ("timebank", "aquaint")
TYPES = ("DATE", "TIME", "DURATION", "SET")
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')


@dataclass(frozen=True)
class Timex:
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True)
class Article:
    id: str
    dct: str  # YYYY-MM-DD
    text: str
    timexes: tuple[Timex, ...]


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")


def read_tml(path: Path) -> Article:
    """One TimeML file: the plain text inside <TEXT> and its TIMEX3s with offsets into that text."""
    raw = path.read_text(encoding="utf-8")
    dct = re.search(r"<DCT>\s*<TIMEX3[^>]*value=\"(\d{4}-\d{2}-\d{2})", raw).group(1)
    body = raw[raw.index("<TEXT>") + len("<TEXT>"):raw.index("</TEXT>")]
    text, timexes, open_timex, position = [], [], None, 0
    length = 0
    for match in _TAG.finditer(body):
        piece = _unescape(body[position:match.start()])
        text.append(piece)
        length += len(piece)
        position = match.end()
        closing, name, attrs = match.groups()
        if name != "TIMEX3":
            continue
        if not closing:
            open_timex = (length, dict(_ATTR.findall(attrs)))
        elif open_timex:
            start, fields = open_timex
            timexes.append((start, length, fields.get("type", ""), fields.get("value") or None))
            open_timex = None
    text.append(_unescape(body[position:]))
    plain = "".join(text)
    return Article(path.stem, dct, plain, tuple(Timex(s, e, plain[s:e], t, v) for s, e, t, v in timexes))


def read_set(name: str, limit: int | None = None) -> list[Article]:
    return [read_tml(p) for p in sorted((TEMPEVAL / name).glob("*.tml"))[:limit]]


# --- the systems: (start, end, type, value) for every expression they mark --------------------------------


def factfile_timexes(articles: list[Article]) -> list[list[tuple[int, int, str, str | None]]]:
    """factfile's reading: every time expression of the claims stage, placed as the claims stage places it."""
    from factfile.model import Document
    from factfile.nlp import nlp
    from factfile.stages.claims import document_dates

    pipeline = nlp()
    found = []
    for article, parsed in zip(articles, pipeline.pipe(a.text for a in articles)):
        document = Document(article.id, f"{article.id}.tml", None, article.text, published=article.dct)
        found.append([(v.start, v.end, v.timex_type or "DATE", v.timex)
                      for v in document_dates(document, parsed, every=True)])
    return found


def dateparser_timexes(articles: list[Article]) -> list[list[tuple[int, int, str, str | None]]]:
    """The baseline: dateparser's search_dates counted from the DCT, values at the precision its words give."""
    import warnings

    from dateparser.search import search_dates

    found = []
    for article in articles:
        base = dt.datetime.fromisoformat(article.dct)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            hits = search_dates(article.text, languages=["en"],
                                settings={"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}) or []
        marks, position = [], 0
        for words, when in hits:
            start = article.text.find(words, position)
            if start < 0:
                continue
            position = start + len(words)
            if re.fullmatch(r"(?:in\s+)?\d{4}", words.strip()):
                value = f"{when.year:04d}"
            elif not re.search(r"\d{1,2}(?!\d)", re.sub(r"\d{4}", "", words)) and re.search(r"[A-Za-z]{3}", words) \
                    and re.search(r"\d{4}", words):
                value = f"{when.year:04d}-{when.month:02d}"
            else:
                value = when.date().isoformat()
            marks.append((start, position, "DATE", value))
        found.append(marks)
    return found


# --- scoring ------------------------------------------------------------------------------------------------


def score(articles: list[Article], marked: list[list[tuple[int, int, str, str | None]]],
          kind: str | None = None) -> dict[str, float]:
    """Span P/R/F1 (strict and relaxed), value accuracy and value F1, over one type or all."""
    gold_n = system_n = strict = relaxed = right = 0
    for article, marks in zip(articles, marked):
        gold = [t for t in article.timexes if kind is None or t.type == kind]
        mine = [m for m in marks if kind is None or m[2] == kind]
        gold_n += len(gold)
        system_n += len(mine)
        taken: set[int] = set()
        for start, end, _, value in sorted(mine):
            match = next((i for i, t in enumerate(gold)
                          if i not in taken and t.start < end and start < t.end), None)
            if match is None:
                continue
            taken.add(match)
            relaxed += 1
            strict += (gold[match].start, gold[match].end) == (start, end)
            right += value is not None and value == gold[match].value
    def f1(p: float, r: float) -> float:
        return 2 * p * r / (p + r) if p + r else 0.0
    sp, sr = (strict / system_n if system_n else 0.0), (strict / gold_n if gold_n else 0.0)
    rp, rr = (relaxed / system_n if system_n else 0.0), (relaxed / gold_n if gold_n else 0.0)
    accuracy = right / relaxed if relaxed else 0.0
    return {"gold": gold_n, "system": system_n, "strict_p": sp, "strict_r": sr, "strict_f1": f1(sp, sr),
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": f1(rp, rr), "value_accuracy": accuracy,
            "value_f1": accuracy * f1(rp, rr)}


def figures(limit: int | None = None, baseline: bool = True) -> dict[str, dict[str, dict[str, dict[str, float]]]]:
    """{set: {system: {type or "all": scores}}} for factfile and, if asked, dateparser."""
    result = {}
    for name in SETS:
        articles = read_set(name, limit)
        systems = {"factfile": factfile_timexes(articles)}
        if baseline:
            systems["dateparser"] = dateparser_timexes(articles)
        result[name] = {system: {kind or "all": score(articles, marked, kind) for kind in (None, *TYPES)}
                        for system, marked in systems.items()}
    return result


def table(result: dict) -> str:
    rows = [f"{'set / type':<22}{'system':<12}{'gold':>6}{'found':>7}{'strict F1':>11}{'relaxed P':>11}"
            f"{'relaxed R':>11}{'relaxed F1':>12}{'value acc':>11}{'value F1':>10}", "-" * 113]
    for name, systems in result.items():
        for kind in ("all", *TYPES):
            for system, by_kind in systems.items():
                s = by_kind[kind]
                rows.append(f"{name + ' ' + kind:<22}{system:<12}{s['gold']:>6}{s['system']:>7}{s['strict_f1']:>11.3f}"
                            f"{s['relaxed_p']:>11.3f}{s['relaxed_r']:>11.3f}{s['relaxed_f1']:>12.3f}"
                            f"{s['value_accuracy']:>11.3f}{s['value_f1']:>10.3f}")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, help="only the first N articles of each set")
    parser.add_argument("--errors", type=int, default=0, help="list N of factfile's wrong values")
    args = parser.parse_args(argv)
    if not TEMPEVAL.is_dir():
        raise SystemExit(f"bench/tempeval.py needs TempEval-3 at {TEMPEVAL} (../shared beside the checkout)")
    print(table(figures(args.limit)))
    if args.errors:
        shown = 0
        for name in SETS:
            articles = read_set(name, args.limit)
            for article, marks in zip(articles, factfile_timexes(articles)):
                for start, end, _, value in marks:
                    gold = next((t for t in article.timexes if t.start < end and start < t.end), None)
                    if gold is not None and gold.value != value and shown < args.errors:
                        print(f"{article.id} (DCT {article.dct}) {article.text[start:end]!r} -> {value}; "
                              f"gold {gold.text!r} {gold.type} {gold.value}")
                        shown += 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
