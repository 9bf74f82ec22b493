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
