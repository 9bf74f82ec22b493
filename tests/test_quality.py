"""The quality gate on real stories and LGL: no section of bench/quality.py may fall below its saved baseline.

The stories and their gold live in ../shared/corpora/stories (never copied into the repo). Raising
bench/quality_baseline.json is a reviewed commit: `.venv/bin/python bench/quality.py --save-baseline`.
"""

import importlib.util
import os
import sys

import pytest

from conftest import REPO, SHARED

_spec = importlib.util.spec_from_file_location("quality_bench", REPO / "bench" / "quality.py")
quality = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = quality  # dataclasses look their module up there
_spec.loader.exec_module(quality)


@pytest.fixture(scope="module")
def scores():
    if not (SHARED / "corpora" / "stories").is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the shared dev stories at {SHARED / 'corpora' / 'stories'}")
        pytest.skip("the shared dev stories are not beside the checkout")
    return quality.run_all()


@pytest.mark.slow
def test_no_section_falls_below_the_saved_baseline(scores):
    baseline = quality.load_baseline()
    assert set(baseline) == set(quality.SECTIONS)
    print(quality.table(scores, baseline))
    assert quality.regressions(scores, baseline) == []


@pytest.mark.slow
def test_place_names_on_lgl_do_not_fall_below_the_saved_figures():
    figures = quality.geo_figures()
    if figures is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LGL at ../shared/benchmarks/geo/lgl.xml")
        pytest.skip("LGL is not beside the checkout")
    baseline = quality.load_geo_baseline()
    assert set(baseline) == set(quality.GEO_FIGURES)
    print(quality.geo_table(figures, baseline))
    assert quality.geo_regressions(figures, baseline) == []


@pytest.mark.slow
def test_every_story_is_scored_on_every_check_of_its_gold(scores):
    # A story whose build lost documents would score fewer checks, not fewer passes: the totals must not shrink.
    baseline = quality.load_baseline()
    for section in quality.SECTIONS:
        assert sum(s.total[section] for s in scores) == baseline[section][1], section


def test_the_table_reports_the_change_against_the_baseline():
    score = quality.StoryScore("story_a", passed=dict.fromkeys(quality.SECTIONS, 1),
                               total=dict.fromkeys(quality.SECTIONS, 2))
    baseline = {s: [0 if s == "documents" else 2, 2] for s in quality.SECTIONS}
    text = quality.table([score], baseline)
    change = text.splitlines()[-1].split()
    assert change[0] == "change" and change[1] == "+1" and change[2] == "-1"
    assert quality.regressions([score], baseline) == [
        f"{s}: 1/2 < baseline 2/2" for s in quality.SECTIONS if s != "documents"]


@pytest.mark.slow
def test_time_expressions_on_tempeval_do_not_fall_below_the_saved_figures():
    figures = quality.time_figures(baseline=False)
    if figures is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have TempEval-3 at ../shared/benchmarks/tempeval3/")
        pytest.skip("TempEval-3 is not beside the checkout")
    baseline = quality.load_time_baseline()
    assert set(baseline) == {f"{name} {kind}" for name in figures for kind in quality.TIME_FIGURES}
    print(quality.time_table(figures, baseline))
    assert quality.time_regressions(figures, baseline) == []


def test_the_tempeval_scorer_counts_spans_strictly_and_loosely_and_values_on_the_matches():
    bench = quality._tempeval_bench()
    text = "Prices rose on Friday and in May 1998, officials said last week."
    friday, may = text.index("Friday"), text.index("May 1998")
    week = text.index("last week")
    article = bench.Article("a", "1998-06-12", text, (
        bench.Timex(friday, friday + 6, "Friday", "DATE", "1998-06-12"),
        bench.Timex(may, may + 8, "May 1998", "DATE", "1998-05"),
        bench.Timex(week, week + 9, "last week", "DATE", "1998-W23")))
    marked = [[(friday - 3, friday + 6, "DATE", "1998-06-12"), (may, may + 8, "DATE", "1998-06"),
               (0, 6, "DATE", None)]]
    scores = bench.score([article], marked)
    assert (scores["gold"], scores["system"]) == (3, 3)
    assert scores["strict_p"] == 1 / 3 and scores["relaxed_p"] == 2 / 3 and scores["relaxed_r"] == 2 / 3
    assert scores["value_accuracy"] == 1 / 2 and scores["value_f1"] == 1 / 2 * 2 / 3
    # factfile's own reading of the same words gets every value right, the week as an ISO week.
    [mine] = bench.factfile_timexes([article])
    assert [(text[s:e], kind, value) for s, e, kind, value in mine] == [
        ("on Friday", "DATE", "1998-06-12"), ("in May 1998", "DATE", "1998-05"), ("last week", "DATE", "1998-W23")]
    assert bench.score([article], [mine])["value_f1"] == 1.0

