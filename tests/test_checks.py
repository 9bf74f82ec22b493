"""Warnings about a document contradicting itself: each kind with a true positive and near misses."""

import pytest

from factfile.model import Document
from factfile.stages.checks import weekday_mismatches


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
