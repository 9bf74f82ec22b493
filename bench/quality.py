"""factfile's quality on real stories: every story under ../shared/corpora/stories, scored by the shared scorer.

    .venv/bin/python bench/quality.py                    # the table, with the change against the saved baseline
    .venv/bin/python bench/quality.py --save-baseline    # after a reviewed improvement: raise the baseline
    .venv/bin/python bench/quality.py --misses           # also list every check that fails, story by story

Each story's `corpus/` is built with default settings (in this process, so the model loads once),
its factfile.json written to a temporary folder and scored by `../shared/eval/check_factfile.py`
against the story's `gold.json`, one section at a time. The table is story x section (documents,
entities, places, contested, corroborated, timeline, warnings) in checks passed / checks, with
totals and, beside each total, the change against `bench/quality_baseline.json`.

Below the table, place names on LGL (`bench/geo.py`: 588 local-news articles with gold toponyms),
factfile beside the most-populous-match baseline, and time expressions on TempEval-3 (`bench/tempeval.py`:
TimeBank and AQUAINT), factfile beside dateparser, each with the change against the saved figures.

The baseline is what the code scored when it was last raised (a reviewed commit). The CI gate
(`tests/test_quality.py`) fails when any section total falls below it, or LGL's accuracy within 161 km
falls, or its AUC of log error or share without coordinates rises, or a TempEval-3 value F1 falls. The fictional example
corpus has its own figures in `tests/quality_baseline.json`; they show the rules work as
written, not how factfile does on text nobody here wrote.
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
STORIES = SHARED / "corpora" / "stories"
SCORER = SHARED / "eval" / "check_factfile.py"
BASELINE = Path(__file__).with_name("quality_baseline.json")
SECTIONS = ("documents", "entities", "places", "contested", "corroborated", "timeline", "warnings")


@dataclass
class StoryScore:
    """Checks passed and checks made per section for one story, and the checks that failed."""

    story: str
    passed: dict[str, int] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=dict)
    misses: list[str] = field(default_factory=list)


def stories(root: Path = STORIES) -> list[Path]:
    """The story folders (each with `corpus/` and `gold.json`), in name order."""
    return sorted(p for p in root.iterdir() if (p / "corpus").is_dir() and (p / "gold.json").is_file())


def score_factfile(factfile: Path, gold: Path, story: str) -> StoryScore:
    """Score one factfile.json with the shared scorer, section by section."""
    result = StoryScore(story)
    for section in SECTIONS:
        run = subprocess.run([sys.executable, str(SCORER), str(factfile), str(gold), "--only", section],
                             capture_output=True, text=True, check=False)
        if run.returncode not in (0, 1) or not run.stdout.strip():
            raise RuntimeError(f"the scorer failed on {story} ({section}): {run.stderr.strip()[-500:]}")
        lines = run.stdout.strip().splitlines()
        checks = [line for line in lines if line.startswith(("ok ", "MISS "))]
        result.passed[section] = sum(line.startswith("ok ") for line in checks)
        result.total[section] = len(checks)
        result.misses += [f"{section}: {line[5:]}" for line in checks if line.startswith("MISS ")]
    return result


def build_and_score(story_dir: Path, keep: Path | None = None) -> StoryScore:
    """Build a story's corpus with default settings and score it against its gold."""
    from factfile.config import Config
    from factfile.outputs.factfile_json import dumps, to_dict
    from factfile.pipeline import build

    factbase = build(story_dir / "corpus", Config())
    with tempfile.TemporaryDirectory(prefix="factfile-quality-") as tmp:
        out = Path(tmp) / "factfile.json"
        out.write_text(dumps(to_dict(factbase)), encoding="utf-8")
        if keep is not None:
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{story_dir.name}.factfile.json").write_text(out.read_text(encoding="utf-8"), encoding="utf-8")
        return score_factfile(out, story_dir / "gold.json", story_dir.name)


def totals(scores: list[StoryScore]) -> dict[str, list[int]]:
    """Per section: [passed, checks] over all stories."""
    return {s: [sum(x.passed[s] for x in scores), sum(x.total[s] for x in scores)] for s in SECTIONS}


def load_baseline(path: Path = BASELINE) -> dict[str, list[int]]:
    """The saved per-section totals, {} when none is saved."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["totals"]


def table(scores: list[StoryScore], baseline: dict[str, list[int]]) -> str:
    """The story x section table, totals, and the change against the baseline."""
    width = max([len(s.story) for s in scores] + [len("total")])
    head = f"{'story':<{width}}  " + "  ".join(f"{s:>12}" for s in SECTIONS) + f"  {'all':>9}"
    rows = [head, "-" * len(head)]
    for score in scores:
        cells = [f"{score.passed[s]}/{score.total[s]}" for s in SECTIONS]
        rows.append(f"{score.story:<{width}}  " + "  ".join(f"{c:>12}" for c in cells)
                    + f"  {sum(score.passed.values())}/{sum(score.total.values()):>3}")
    summed = totals(scores)
    cells = [f"{summed[s][0]}/{summed[s][1]}" for s in SECTIONS]
    rows.append("-" * len(head))
    all_passed, all_total = sum(v[0] for v in summed.values()), sum(v[1] for v in summed.values())
    rows.append(f"{'total':<{width}}  " + "  ".join(f"{c:>12}" for c in cells) + f"  {all_passed}/{all_total}")
    if baseline:
        cells = [f"{baseline[s][0]}/{baseline[s][1]}" if s in baseline else "-" for s in SECTIONS]
        base_passed = sum(v[0] for v in baseline.values())
        base_total = sum(v[1] for v in baseline.values())
        rows.append(f"{'baseline':<{width}}  " + "  ".join(f"{c:>12}" for c in cells)
                    + f"  {base_passed}/{base_total}")
        cells = [f"{summed[s][0] - baseline[s][0]:+d}" if s in baseline else "-" for s in SECTIONS]
        rows.append(f"{'change':<{width}}  " + "  ".join(f"{c:>12}" for c in cells)
                    + f"  {all_passed - base_passed:+d}")
    return "\n".join(rows)


def regressions(scores: list[StoryScore], baseline: dict[str, list[int]]) -> list[str]:
    """Sections whose total fell below the baseline."""
    summed = totals(scores)
    return [f"{s}: {summed[s][0]}/{summed[s][1]} < baseline {baseline[s][0]}/{baseline[s][1]}"
            for s in SECTIONS if s in baseline and summed[s][0] < baseline[s][0]]


def save_baseline(scores: list[StoryScore], path: Path = BASELINE, geo: dict[str, dict] | None = None,
                  time: dict | None = None) -> None:
    """Write the per-section totals (and per story, for reference), LGL's and TempEval-3's figures, as the new
    baseline."""
    data = {
        "about": "bench/quality.py totals on ../shared/corpora/stories; raising them is a reviewed commit",
        "totals": totals(scores),
        "stories": {s.story: {k: [s.passed[k], s.total[k]] for k in SECTIONS} for s in scores},
    }
    if geo is not None:
        data["geo"] = {k: round(geo["factfile"][k], 4) for k in GEO_FIGURES}
    elif saved := load_geo_baseline(path):
        data["geo"] = saved
    if time is not None:
        data["time"] = time_baseline_figures(time)
    elif saved := load_time_baseline(path):
        data["time"] = saved
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# LGL figures kept in the baseline, and whether higher is better.
GEO_FIGURES = {"acc161": True, "auc": False, "unplaced": False}


@functools.cache
def _bench(name: str):
    """A sibling bench script (`geo`, `tempeval`) as a module, loaded once."""
    spec = importlib.util.spec_from_file_location(f"{name}_bench", Path(__file__).with_name(f"{name}.py"))
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _geo_bench():
    return _bench("geo")


def _tempeval_bench():
    return _bench("tempeval")


def _saved(key: str, path: Path = BASELINE) -> dict[str, float]:
    """One benchmark's saved figures ("geo", "time") from the baseline file."""
    if not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8")).get(key, {})


def geo_figures(progress: bool = False) -> dict[str, dict] | None:
    """LGL's recognition and placement figures for factfile and the baseline, or None without LGL."""
    geo = _geo_bench()
    if not geo.LGL.is_file():
        return None
    recognition, ours, baseline, _ = geo.figures(geo.read_lgl(), progress)
    return {"recognition": recognition, "factfile": ours, "most_populous": baseline}


def load_geo_baseline(path: Path = BASELINE) -> dict[str, float]:
    return _saved("geo", path)


def geo_table(figures: dict[str, dict], baseline: dict[str, float]) -> str:
    rows = [_geo_bench().table(figures["recognition"], figures["factfile"], figures["most_populous"])]
    if baseline:
        rows.append("change against the saved figures: " + ", ".join(
            f"{k} {round(figures['factfile'][k] - baseline[k], 3) + 0.0:+.3f}" for k in GEO_FIGURES if k in baseline))
    return "\n".join(rows)


def geo_regressions(figures: dict[str, dict] | None, baseline: dict[str, float]) -> list[str]:
    if figures is None:
        return []
    found = []
    for key, higher_is_better in GEO_FIGURES.items():
        if key not in baseline:
            continue
        now, then = round(figures["factfile"][key], 4), round(baseline[key], 4)
        if (now < then) if higher_is_better else (now > then):
            found.append(f"LGL {key}: {now} against baseline {then}")
    return found


# TempEval-3 figures kept in the baseline (higher is better): value F1 over all types and over DATE, per set.
TIME_FIGURES = ("all", "DATE")


def time_figures(baseline: bool = True) -> dict | None:
    """TempEval-3 figures per set, system and type (dateparser too if `baseline`), or None without the data."""
    bench = _tempeval_bench()
    if not bench.TEMPEVAL.is_dir():
        return None
    return bench.figures(baseline=baseline)


def time_baseline_figures(figures: dict) -> dict[str, float]:
    return {f"{name} {kind}": round(figures[name]["factfile"][kind]["value_f1"], 4)
            for name in figures for kind in TIME_FIGURES}


def load_time_baseline(path: Path = BASELINE) -> dict[str, float]:
    return _saved("time", path)


def time_table(figures: dict, baseline: dict[str, float]) -> str:
    rows = [_tempeval_bench().table(figures)]
    if baseline:
        now = time_baseline_figures(figures)
        rows.append("change in value F1 against the saved figures: " + ", ".join(
            f"{k} {round(now[k] - baseline[k], 3) + 0.0:+.3f}" for k in now if k in baseline))
    return "\n".join(rows)


def time_regressions(figures: dict | None, baseline: dict[str, float]) -> list[str]:
    if figures is None:
        return []
    now = time_baseline_figures(figures)
    return [f"TempEval-3 value F1 {k}: {now[k]} against baseline {baseline[k]}"
            for k in now if k in baseline and now[k] < round(baseline[k], 4)]


def run_all(keep: Path | None = None, progress: bool = False) -> list[StoryScore]:
    """Build and score every story."""
    if not STORIES.is_dir() or not SCORER.is_file():
        raise SystemExit(f"bench/quality.py needs the shared stories at {STORIES} and the scorer at {SCORER}")
    scores = []
    for story_dir in stories():
        if progress:
            print(f"building {story_dir.name} ...", file=sys.stderr, flush=True)
        scores.append(build_and_score(story_dir, keep))
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--save-baseline", action="store_true", help="write the totals to bench/quality_baseline.json")
    parser.add_argument("--misses", action="store_true", help="list the failing checks of every story")
    parser.add_argument("--keep", type=Path, help="also write each story's factfile.json into this folder")
    args = parser.parse_args(argv)
    progress = sys.stderr.isatty() or bool(os.environ.get("CI"))
    scores = run_all(args.keep, progress=progress)
    baseline = load_baseline()
    print(table(scores, baseline))
    if progress:
        print("placing LGL's toponyms ...", file=sys.stderr, flush=True)
    geo = geo_figures(progress)
    if geo is not None:
        print("\n" + geo_table(geo, load_geo_baseline()))
    if progress:
        print("reading TempEval-3's time expressions ...", file=sys.stderr, flush=True)
    time = time_figures()
    if time is not None:
        print("\n" + time_table(time, load_time_baseline()))
    if args.misses:
        for score in scores:
            print(f"\n{score.story}: {len(score.misses)} misses")
            for miss in score.misses:
                print("  " + miss)
    if args.save_baseline:
        save_baseline(scores, geo=geo, time=time)
        print(f"\nbaseline written to {BASELINE.relative_to(REPO)}")
        return 0
    fallen = (regressions(scores, baseline) + geo_regressions(geo, load_geo_baseline())
              + time_regressions(time, load_time_baseline()))
    for line in fallen:
        print("below baseline: " + line, file=sys.stderr)
    return 1 if fallen else 0


if __name__ == "__main__":
    sys.exit(main())
