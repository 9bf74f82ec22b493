"""Warnings about a document contradicting itself: each kind with a true positive and near misses."""

import pytest

from factfile.model import Document
from factfile.stages.checks import headlines_unsupported, weekday_mismatches


def doc(text, published=None):
    return Document("d", "d.txt", None, text, published=published)


def test_a_weekday_that_does_not_fall_on_the_date_is_flagged():
    text = "On March 8, Friday, several hundred herders rallied."
    [warning] = weekday_mismatches(doc(text, "2025-03-14"))
    assert warning.kind == "weekday_mismatch"
    assert text[warning.start:warning.end] == "March 8, Friday"
    assert "was a Saturday" in warning.message and "2025-03-14" in warning.message


def test_an_explicit_year_wins_over_the_publication_date():
    [warning] = weekday_mismatches(doc("The talks ended on Friday, 8 March 2025.", "2019-01-01"))
    assert "March 8, 2025 was a Saturday" in warning.message


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("On Friday, March 7, the herders rallied.", "2025-03-14"),  # right
        ("Saturday, 8 March 2025, was cold.", None),  # right, with its own year
        ("On March 8, Friday, herders rallied.", None),  # no year anywhere: nothing to check against
        ("It ended on March 8. Friday was quiet.", "2025-03-14"),  # a new sentence, not the date's weekday
        ("On February 30, Friday, nothing happened.", "2025-03-14"),  # not a date at all
    ],
)
def test_near_misses_give_no_warning(text, published):
    assert weekday_mismatches(doc(text, published)) == []


def cleaned(page):
    from factfile.config import Config
    from factfile.model import RawDocument
    from factfile.stages.clean import clean

    return clean(RawDocument("d", "d.txt", "txt", page, "utf-8"), Config())


BODY = ("The regional council approved the new water treatment works on the edge of town after a long debate. "
        "The two sides last met in August this year, officials said, and agreed to meet again.")


def test_a_banner_date_the_text_contradicts_is_flagged():
    from factfile.stages.checks import date_conflicts

    document = cleaned("Kettle Live Thursday, June 01, 2023\nCouncil backs water plant\n" + BODY)
    [warning] = date_conflicts(document)
    assert warning.kind == "date_conflict"
    assert document.text[warning.start:warning.end] == "August this year"
    assert "site banner" in warning.message and "2023-06-01" in warning.message


@pytest.mark.parametrize(
    "page",
    [
        "Kettle Live Thursday, September 07, 2023\nCouncil backs water plant\n" + BODY,  # after August: fits
        "Kettle Live Thursday, June 01, 2023\nCouncil backs water plant\n" + BODY.replace("last met", "will meet"),
        "Council backs water plant\n" + BODY,  # no date at all
    ],
)
def test_dates_the_text_allows_give_no_conflict(page):
    from factfile.stages.checks import date_conflicts

    assert date_conflicts(cleaned(page)) == []


# --- headline_unsupported -------------------------------------------------------------

def test_a_heading_that_turns_a_hedged_partial_statement_into_fact_is_flagged():
    text = ("Part of the financing may come from Japanese state lenders, according to two bankers.\n\n"
            "JAPANESE BANKS TO BANKROLL THE HARBOUR LINE\n\n"
            "The harbour line will cost $300 million, the port authority said.")
    [warning] = headlines_unsupported(doc(text))
    assert warning.kind == "headline_unsupported"
    assert text[warning.start:warning.end] == "JAPANESE BANKS TO BANKROLL THE HARBOUR LINE"
    assert "Part of the financing may come" in warning.message


def test_a_heading_that_drops_the_qualifier_of_a_compound_is_flagged():
    text = ("Ruritania became the first country to recognize a junta-appointed envoy last month.\n\n"
            "RURITANIA WAS THE FIRST COUNTRY TO RECOGNIZE JUNTA\n\n"
            "Officials in the capital declined to comment on the decision.")
    [warning] = headlines_unsupported(doc(text))
    assert "junta-appointed envoy" in warning.message


def test_a_heading_whose_key_word_comes_only_from_a_hedged_sentence_is_flagged():
    text = ("The company is building a new smelter near the river, photographs show.\n\n"
            "IT IS BUILDING NEW SMELTERS IN NEIGHBOURING PROVINCES\n\n"
            "Concerns are growing that the company is planning to do the same in neighbouring provinces.")
    [warning] = headlines_unsupported(doc(text))
    assert "'neighbouring'" in warning.message and "Concerns are growing" in warning.message


def test_a_title_checked_against_the_body_points_at_the_body_sentence():
    text = "Part of the cost may be paid by the city council, two officials said."
    [warning] = headlines_unsupported(Document("d", "d.txt", "City council to pay the cost", text))
    assert text[warning.start:warning.end] == text


@pytest.mark.parametrize(
    ("title", "text"),
    [
        # the body says it flatly
        ("Harbour Co builds a new pier", "Harbour Co is building a new pier at the port, the company said."),
        # the body words it too differently to compare: no guess
        ("Storm clouds over the harbour", "Dock workers went on strike on Monday over pay."),
        # the heading hedges itself
        ("Lenders may fund the harbour line", "Part of the funding may come from lenders, bankers said."),
        # "May" is a month, not a hedge
        ("Harbour line construction begins in May", "Construction of the harbour line begins in May, the port said."),
        # the hyphenated word is also used on its own
        ("Junta recognised by Ruritania",
         "Ruritania recognised the junta on Monday. It also accepted a junta-appointed envoy."),
    ],
)
def test_headline_near_misses_give_no_warning(title, text):
    assert headlines_unsupported(Document("d", "d.txt", title, text)) == []


# --- number_conflict and unanchored_date, through the whole pipeline ---------------------

_CORPUS = {
    # two prices for one pier, no source for either: one of them is wrong
    "conflict.txt": "Pier at Harbour Point\n\nThe new pier at Harbour Point will cost $40 million.\n\n"
                    "Work on the $55 million pier starts in 2026 and should take two years.\n",
    # the price went up: a story, not a slip
    "revised.txt": "Pier price rises\n\nThe new pier was first estimated to cost $40 million.\n\n"
                   "The pier will now cost $55 million, up from the earlier estimate.\n",
    # two prices for two things
    "two_things.txt": "Two projects at Harbour Point\n\nThe new pier at Harbour Point will cost $40 million.\n\n"
                      "The breakwater beside it will cost $55 million.\n",
    # the same price, rounded differently
    "rounded.txt": "Pier at Harbour Point\n\nThe new pier at Harbour Point will cost $40 million.\n\n"
                   "Work on the $40.2 million pier starts in 2026.\n",
    # two figures from two sources: the report sets out a dispute
    "dispute.txt": "Pier at Harbour Point\n\nThe new pier will cost $40 million, the port authority said.\n\n"
                   "The pier will cost $55 million, according to the opposition party.\n",
    # no publication date: "on Thursday" cannot be placed
    "undated.txt": "Dock strike at Harbour Point\n\nDock workers at Harbour Point walked out on Thursday over pay.\n",
    # the same words with a publication date are placed
    "dated.txt": "Dock strike at Harbour Point\n\nPublished: 13 March 2025\n\n"
                 "Dock workers at Harbour Point walked out on Thursday over pay.\n",
}


@pytest.fixture(scope="module")
def harbour(tmp_path_factory):
    from factfile.config import Config
    from factfile.pipeline import build

    folder = tmp_path_factory.mktemp("harbour")
    for name, text in _CORPUS.items():
        (folder / name).write_text(text, encoding="utf-8")
    factbase = build(folder, Config())
    return factbase, {(w.doc, w.kind): w for w in factbase.warnings}


def test_two_figures_for_one_thing_in_one_report_are_flagged(harbour):
    factbase, warnings = harbour
    warning = warnings[("conflict", "number_conflict")]
    text = next(d.text for d in factbase.documents if d.id == "conflict")
    assert text[warning.start:warning.end] == "$55 million"
    assert "'$40 million'" in warning.message and "pier" in warning.message


@pytest.mark.parametrize("doc_id", ["revised", "two_things", "rounded", "dispute"])
def test_number_near_misses_give_no_warning(harbour, doc_id):
    _, warnings = harbour
    assert (doc_id, "number_conflict") not in warnings


def test_a_relative_date_without_a_publication_date_is_reported_not_guessed(harbour):
    factbase, warnings = harbour
    warning = warnings[("undated", "unanchored_date")]
    assert "'on Thursday'" in warning.message and "no publication date" in warning.message
    assert not [t for t in factbase.timeline if t.doc == "undated"]


def test_the_same_relative_date_with_a_publication_date_is_placed(harbour):
    factbase, warnings = harbour
    assert ("dated", "unanchored_date") not in warnings
    [entry] = [t for t in factbase.timeline if t.doc == "dated"]
    assert (entry.date, entry.precision, entry.resolved_from) == ("2025-03-13", "day", "on Thursday")
