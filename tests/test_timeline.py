"""The timeline: dated events from every report, relative dates resolved, merged across documents."""

import json

import pytest
from conftest import EXAMPLE, REPO

from factfile.config import Config
from factfile.model import Claim, Group, Value
from factfile.pipeline import build
from factfile.stages.timeline import build_timeline


@pytest.fixture(scope="module")
def example():
    return build(EXAMPLE, Config())


@pytest.fixture(scope="module")
def seeds(seeds_dir):
    return build(seeds_dir, Config())


def entry_at(factbase, date, words):
    found = [t for t in factbase.timeline if t.date == date and words in t.text]
    assert found, (date, words, [(t.date, t.text[:60]) for t in factbase.timeline])
    return found[0]


# --- the example corpus, against its truth table (examples/gobi-rail.truth.md, section 6) ---

def test_example_dates_do_not_fall_below_the_baseline(example):
    from factfile.evaluate import date_scores
    from factfile.outputs.factfile_json import to_dict

    gold = json.loads((REPO / "examples" / "gobi-rail.gold.json").read_text())
    scores = date_scores(to_dict(example), gold)
    baseline = json.loads((REPO / "tests" / "quality_baseline.json").read_text())["gobi-rail-dates"]
    print("example dates:", {k: scores[k] for k in baseline}, scores["dates_wrong"])
    assert scores["dates_guessed"] == 0, scores["dates_wrong"]  # never place what cannot be placed
    for key, floor in baseline.items():
        assert scores[key] >= floor - 1e-9, (key, scores[key], floor)


def test_the_signing_is_one_event_told_five_ways(example):
    signing = entry_at(example, "2025-03-11", "concession")
    # "on Tuesday" from three publication dates, "March 11" in a dateline, "last week" from a Monday
    assert set(signing.docs) >= {"02_gobi-herald", "03_mongolia-business-review", "04_khuree-times",
                                 "06_ulaanbaatar-observer", "fmd-20250314-gobi-rail"}
    assert signing.precision == "day"


def test_a_wrong_weekday_does_not_move_the_explicit_date(example):
    rally = entry_at(example, "2025-03-08", "herders")
    assert set(rally.docs) == {"02_gobi-herald", "fmd-20250314-gobi-rail"}  # "Last Saturday" and "March 8, Friday"


def test_relative_dates_keep_their_words_and_what_they_were_counted_from(example):
    denial = entry_at(example, "2025-03-12", "denied")
    assert denial.resolved_from == "on Wednesday" and "2025-03-13" in denial.note
    decade = entry_at(example, "2015", "depot")
    assert decade.qualifier == "about" and decade.resolved_from == "a decade ago"
    assert entry_at(example, "1970", "geologists").qualifier == "decade"


def test_a_report_without_a_publication_date_adds_nothing_it_cannot_place(example):
    undated = [t for t in example.timeline if t.doc == "01_steppe-daily"]
    assert [(t.date, t.resolved_from) for t in undated] == [("2019", None)]  # "since 2019" is written in full


def test_the_timeline_is_sorted_and_every_entry_points_to_its_claims(example):
    claims = {c.id: c for c in example.claims}
    dates = [t.date for t in example.timeline]
    assert dates == sorted(dates)
    for entry in example.timeline:
        assert len(entry.date) == {"year": 4, "month": 7, "day": 10}[entry.precision]
        assert entry.doc in entry.docs
        assert {claims[c].doc for c in entry.claims} == set(entry.docs)
        assert any(entry.date in (v.date or "") or (v.date or "").startswith(entry.date)
                   for c in entry.claims for v in claims[c].values if v.type == "date")


# --- the seeds, as a careful analyst reads them ---

def test_seed_events_placed_only_by_relative_dates(seeds):
    assert entry_at(seeds, "2021-10-27", "confirmed").resolved_from == "on Wednesday"  # paper of Thu 2021-10-28
    # no publication date: the latest date the text reports ("June 2021") gives the year
    assert entry_at(seeds, "2021-10-28", "parliament").resolved_from == "on October 28"
    assert entry_at(seeds, "2021-07", "Arsalon").resolved_from == "in July"
    assert entry_at(seeds, "2015", "Shaymak").qualifier == "since"  # "over the past five or six years"
    assert entry_at(seeds, "2024-07-04", "state visit").resolved_from == "on July 4"


def test_seed_exercises_in_august_are_one_event_and_earlier_that_month_another(seeds):
    # Told by both; the entry's words are those of the report with a date of its own (004).
    exercises = entry_at(seeds, "2021-08", "anti-terrorism exercises")
    assert set(exercises.docs) == {"003_ba4f672ab29fddc4", "004_0b51290e1d7436e5"}
    trilateral = entry_at(seeds, "2021-08", "trilateral")
    assert trilateral.resolved_from == "Earlier that month" and trilateral is not exercises


def test_seed_dates_that_cannot_be_placed_stay_off(seeds):
    assert not [t for t in seeds.timeline if t.doc == "002_ad715258bb5c9a60" and t.resolved_from]
    assert not [t for t in seeds.timeline if "recently" in (t.resolved_from or "")]


# --- merging rules, on hand-built claims ---

def claim(doc, date, precision, nouns, qualifier=None, entities=(), text="x"):
    value = Value("date", "on a day", date=date, precision=precision, qualifier=qualifier, note="counted from")
    # Every claim here is something someone said: a shared speech verb is not a shared event.
    return Claim(f"{doc}-{date}-{'-'.join(nouns)}", doc, 0, 1, text, "say " + nouns[0], (value,), "asserted",
                 entities=tuple(entities), nouns=tuple(nouns))


@pytest.mark.parametrize(
    ("a", "b", "merged"),
    [
        (claim("a", "2025-03-11", "day", ["concession"]), claim("b", "2025-03-11", "day", ["concession"]), True),
        (claim("a", "2025-03-11", "day", ["concession"]), claim("b", "2025-03-11", "day", ["strike"]), False),
        (claim("a", "2025-03-11", "day", ["concession"]), claim("b", "2025-03-12", "day", ["concession"]), False),
        # a week resolved to its month joins the day inside it
        (claim("a", "2025-03-11", "day", ["concession"]), claim("b", "2025-03", "month", ["concession"]), True),
        # "this year" is too broad to be one event with a day
        (claim("a", "2025-03-11", "day", ["concession", "line"]), claim("b", "2025", "year", ["concession", "line"]),
         False),
        # "since 2019" starts a period; "in 2019" is a point
        (claim("a", "2019", "year", ["coal", "line"]), claim("b", "2019", "year", ["coal", "line"], "since"), False),
        # one report's two sentences at one date are two events
        (claim("a", "2021-08", "month", ["exercise"]), claim("a", "2021-08", "month", ["exercise", "drill"]), False),
    ],
)
def test_events_merge_only_when_date_kind_and_topic_agree(a, b, merged):
    entries = build_timeline([a, b], [], Config())
    assert len(entries) == (1 if merged else 2)


def test_claims_grouped_together_are_one_event_even_without_shared_words():
    a = claim("a", "2027", "year", ["opening"])
    b = claim("b", "2027", "year", ["production"], "by")
    group = Group("g", "label", (a.id, b.id), ("a", "b"), "corroborated", 2, "summary")
    [entry] = build_timeline([a, b], [group], Config())
    assert entry.docs == ("a", "b") and entry.qualifier is None


def test_an_undated_report_counts_its_years_from_the_days_the_other_reports_give(tmp_path):
    (tmp_path / "a-herald.txt").write_text(
        "Riverton council closes the old bridge\n\n"
        "The Riverton council voted to close the old bridge on September 19, 2016, after an inspection "
        "found cracks in two of its piers.\n", encoding="utf-8")
    (tmp_path / "b-gazette.txt").write_text(
        "Bridge closure challenged\n\n"
        "A group of shop owners sued the Riverton council over the closure of the old bridge. "
        "The council's engineer was questioned Thursday, two days after the Sept. 20 hearing. "
        "The next hearing is scheduled for Sept. 30. The engineer joined the council in December 2011.\n",
        encoding="utf-8")
    factbase = build(tmp_path, Config())
    gazette = next(d for d in factbase.documents if d.id.startswith("b-"))
    assert gazette.published is None
    assert gazette.corpus_date[0] == "2016-09-19"
    dates = {v.text: v for c in factbase.claims if c.doc == gazette.id for v in c.values if v.type == "date"}
    # The year comes from the other report's day, not from the gazette's own background month.
    assert dates["Sept. 30"].date == "2016-09-30" and dates["Sept. 30"].inferred
    assert dates["Sept. 20"].date == "2016-09-20"
    # A weekday the day of writing cannot place is counted from the day its sentence names after it.
    assert dates["Thursday"].date == "2016-09-22"
    assert "after 2016-09-20" in dates["Thursday"].note
    # The gazette states no day in full, so the herald has nothing to borrow.
    herald = next(d for d in factbase.documents if d.id.startswith("a-"))
    assert herald.corpus_date is None
