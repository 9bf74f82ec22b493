"""Temporal expressions: what is found, where it lands on the calendar, and what is never guessed."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factfile.dates import WEEKDAYS, find_dates
from factfile.temporal import FUTURE, PAST, PRESENT, anchor_for, find_expressions, resolve

PUBLISHED = "2025-03-13"  # a Thursday
REPORT = "A June 2021 report said the Gobi spur was behind schedule."  # a text anchor, no publication date


def place(text, published=PUBLISHED, tense=PAST, context=""):
    """Resolve the one expression in `text` against the anchor of the whole (context + text)."""
    expressions = find_expressions(text)
    assert len(expressions) == 1, expressions
    return resolve(expressions[0], anchor_for(published, f"{context} {text}".strip()), tense)


def place_all(text, published=PUBLISHED, tense=PAST):
    """Resolve every expression in reading order, each one seeing the date placed before it."""
    anchor, previous, dates = anchor_for(published, text), None, []
    for expression in find_expressions(text):
        previous = resolve(expression, anchor, tense, previous)
        dates.append(previous.date)
    return dates


@pytest.mark.parametrize("text, tense, date, precision, qualifier", [
    ("The first train left on Nov 5, 2021 at dawn.", PAST, "2021-11-05", "day", None),
    ("The port contract was signed 15/07/2024.", PAST, "2024-07-15", "day", None),
    ("A survey dated 2021-10-28 found cracks in the dam.", PAST, "2021-10-28", "day", None),
    ("The dam was approved in June 2021.", PAST, "2021-06", "month", None),
    ("Dredging of the harbour began in 2019.", PAST, "2019", "year", None),
    ("The old harbour was built in the 1970s.", PAST, "1970", "year", "decade"),
    ("The line must be finished by the end of 2027.", FUTURE, "2027", "year", "by"),
    ("Herders have complained since at least 2015.", PAST, "2015", "year", "since"),
    ("The second berth opens in late 2027.", FUTURE, "2027", "year", None),
])
def test_absolute_dates_are_read_as_stated(text, tense, date, precision, qualifier):
    """A stated year needs no anchor: the publication date must not change it."""
    placed = place(text, tense=tense)
    assert (placed.date, placed.precision, placed.qualifier) == (date, precision, qualifier)


@pytest.mark.parametrize("text, tense, date", [
    ("The board met on March 11.", PAST, "2025-03-11"),
    ("The board met on June 20.", PAST, "2024-06-20"),  # months after the paper's day: last year's
    ("The board meets on March 20.", FUTURE, "2025-03-20"),
    ("Cranes arrived in April.", PAST, "2024-04"),
    ("Cranes arrive in April.", FUTURE, "2025-04"),
    ("Cranes arrived in March.", PAST, "2025-03"),  # the paper's own month is not in the future
    ("The tender closes in May this year.", FUTURE, "2025-05"),
    ("The bridge failed in August last year.", PAST, "2024-08"),
])
def test_partial_dates_take_the_year_that_fits_the_tense(text, tense, date):
    assert place(text, tense=tense).date == date


@pytest.mark.parametrize("text, tense, date", [
    # A deadline, or a statement in the present: the nearest occurrence, before or after the paper's day.
    ("Bids are due by March 11.", FUTURE, "2025-03-11"),   # two days before: not next year's
    ("The offer runs until January.", PAST, "2025-01"),
    ("The vote is in April.", PRESENT, "2025-04"),
    ("The vote is in December.", PRESENT, "2024-12"),      # three months back, not nine ahead
    # A day close to the paper's day in a past clause is its nearest occurrence: news gives the year of a day
    # outside the current year, and a past clause about a day just ahead is a deadline or a schedule.
    ("The offer was extended to March 20.", PAST, "2025-03-20"),
    ("Shares were payable Jan. 2.", PAST, "2025-01-02"),
    # Farther off, tense decides where it speaks of the event itself.
    ("The board met on June 20.", PAST, "2024-06-20"),
    ("The board will meet on January 20.", FUTURE, "2026-01-20"),
])
def test_deadlines_and_the_present_take_the_nearest_year(text, tense, date):
    assert place(text, tense=tense).date == date


def test_a_passive_in_the_present_is_no_past():
    from factfile.model import Document
    from factfile.nlp import nlp
    from factfile.stages.claims import document_dates

    text = "The vote is expected in May. Sales fell in May. The ruling is set for April 2."
    document = Document("a", "a.txt", None, text, published=PUBLISHED)
    assert [v.date for v in document_dates(document, nlp()(text))] == ["2025-05", "2024-05", "2025-04-02"]


@pytest.mark.parametrize("text, years", [
    # A bare year that names something, or one listed after another, is a year...
    ("The 1996 flood closed the mill.", ["1996"]),
    ("Penwick Holdings restated its 2019 results.", ["2019"]),
    ("Output fell between 2015 and 2018.", ["2015", "2018"]),
    ("Floods struck in 2011, 2013 and 2016.", ["2011", "2013", "2016"]),
    # ... a bare number is not.
    ("Police counted 2000 protesters.", []),
    ("The mill employs 1950 workers.", []),
])
def test_a_bare_year_is_read_only_where_words_make_it_one(text, years):
    assert [e.year and str(e.year) for e in find_expressions(text)] == years


def test_month_day_with_weekday_records_the_weekday():
    """The weekday is kept on the expression; the date still comes from month and day."""
    [expression] = find_expressions("On March 8, Friday, the dam gates were opened.")
    assert expression.weekday == WEEKDAYS.index("friday")
    assert place("On March 8, Friday, the dam gates were opened.").date == "2025-03-08"


@pytest.mark.parametrize("text, tense, date, precision, qualifier", [
    ("The minister spoke on Tuesday.", PAST, "2025-03-11", "day", None),
    ("The minister spoke on Thursday.", PAST, "2025-03-13", "day", None),  # the paper's own day
    ("The minister spoke last Thursday.", PAST, "2025-03-06", "day", None),  # "last" is strictly before
    ("The ferry sank last Saturday.", PAST, "2025-03-08", "day", None),
    ("The minister will speak on Monday.", FUTURE, "2025-03-17", "day", None),
    ("The minister speaks next Monday.", PAST, "2025-03-17", "day", None),  # "next" wins over the tense
    ("The sluice gates jammed yesterday.", PAST, "2025-03-12", "day", None),
    ("Coal exports fell last year.", PAST, "2024", "year", None),
    ("Freight rates rise next month.", FUTURE, "2025-04", "month", None),
    ("A crane collapsed earlier this month.", PAST, "2025-03", "month", None),
    ("Trains were delayed last week.", PAST, "2025-03", "month", None),
    ("The dam was planned a decade ago.", PAST, "2015", "year", "about"),
    ("The port was sold five years ago.", PAST, "2020", "year", None),
    ("Traffic doubled over the past five or six years.", PAST, "2019", "year", "since"),  # the larger number
])
def test_relative_expressions_count_from_the_publication_day(text, tense, date, precision, qualifier):
    placed = place(text, tense=tense)
    assert (placed.date, placed.precision, placed.qualifier) == (date, precision, qualifier)


def test_last_week_names_the_week_it_means():
    """A week is given as its month, so the note must keep the exact week."""
    assert "2025-03-03 to 2025-03-09" in place("Trains were delayed last week.").note


@pytest.mark.parametrize("text, dates", [
    ("The reservoir was drained in August. Earlier that month, engineers found a leak.", ["2024-08", "2024-08"]),
    ("The dam opened in 2019. The following year it flooded.", ["2019", "2020"]),
    ("That month, the pumps failed.", [None]),  # nothing before it to refer to
])
def test_anaphoric_expressions_count_from_the_date_before(text, dates):
    assert place_all(text) == dates


@pytest.mark.parametrize("text", ["Freight has risen recently.", "Herders have left in recent years.",
                                  "The line will open soon."])
def test_vague_expressions_are_found_but_never_placed(text):
    placed = place(text)
    assert placed.date is None and placed.note


@pytest.mark.parametrize("text", ["The minister spoke on Tuesday.", "Coal exports fell last year.",
                                  "The dam was planned a decade ago.", "Cranes arrived in April.",
                                  "Freight rates rise next month.", "The sluice gates jammed yesterday."])
def test_nothing_to_count_from_leaves_relative_dates_unplaced(text):
    """No publication date and no stated date: guessing the year would invent a fact."""
    placed = place(text, published=None)
    assert placed.date is None and "no publication date" in placed.note


@pytest.mark.parametrize("text", ["The minister spoke on Tuesday.", "The sluice gates jammed yesterday.",
                                  "Trains were delayed last week."])
def test_a_text_anchor_cannot_place_days(text):
    """A date reported in the text gives a year at the earliest, never the day of writing."""
    placed = place(text, published=None, context=REPORT)
    assert placed.date is None and "day the document was written" in placed.note


@pytest.mark.parametrize("text, date", [("Cranes arrived in July.", "2021-07"),
                                        ("The bridge failed in August this year.", "2021-08")])
def test_a_text_anchor_gives_partial_dates_its_year(text, date):
    assert place(text, published=None, context=REPORT).date == date


def test_publication_date_wins_over_dates_in_the_text():
    anchor = anchor_for(PUBLISHED, "A June 2021 report said so.")
    assert (anchor.date, anchor.kind) == (dt.date(2025, 3, 13), "publication")


@pytest.mark.parametrize("text, date", [
    ("A June 2021 report said the spur was late. In March 2020 work began.", dt.date(2021, 6, 1)),
    ("Work began on 4 May 2022. The line will open in June 2027.", dt.date(2022, 5, 4)),  # future sentence skipped
    ("The line will open in June 2027.", None),
    ("Work on the spur began in 2018.", None),  # a year alone does not say when the text was written
])
def test_text_anchor_is_the_latest_past_date_at_month_or_day(text, date):
    anchor = anchor_for(None, text)
    assert (anchor.date, anchor.kind) == (date, "text") if date else anchor is None


@pytest.mark.parametrize("text", ["May be so.", "They may march on the capital.", "2016 troops were sent to the dam.",
                                  "The army sent in 2016 troops.", "The port cost $2019 million."])
def test_words_and_numbers_that_are_not_time(text):
    assert find_expressions(text) == []


def test_a_month_after_a_preposition_is_time():
    """The control for the test above: 'May' is a month once a preposition says so."""
    assert [e.text for e in find_expressions("In May the port flooded.")] == ["In May"]


# --- edge cases that once went wrong ---------------------------------------------

@pytest.mark.parametrize("text, found", [("In 2019, people fled the valley.", "In 2019"),
                                         ("The dam was finished in 2020. People moved back.", "in 2020")])
def test_year_before_punctuation_and_a_count_noun_is_found(text, found):
    assert [e.text for e in find_expressions(text)] == [found]


@pytest.mark.parametrize("text, dates", [
    ("The port closed in August 2019 and the next month it reopened.", ["2019-08", "2019-09"]),
    ("The port closed in 2019 and the next year it reopened.", ["2019", "2020"]),
])
def test_the_next_month_counts_from_the_date_before(text, dates):
    assert place_all(text) == dates


@pytest.mark.parametrize("text, found", [("Over the past year the port grew.", "the past year"),
                                         ("In the last year the port grew.", "the last year")])
def test_over_the_past_year_is_a_period_since(text, found):
    """'over the past two years' gives a 'since'; one year must too. It is also a length of time, and the
    span is the expression without its preposition, as TimeML marks it."""
    [expression] = find_expressions(text)
    placed = place(text)
    assert (expression.text, placed.qualifier, placed.timex_type, placed.timex) == (found, "since", "DURATION", "P1Y")


@pytest.mark.parametrize("text", ["Cranes arrived in Auguſt.", "The minister spoke on Tueſday.",
                                  "Exports fell laſt year."])
def test_unusual_letters_do_not_crash(text):
    """Case-insensitive matching lets 'ſ' pass for 's'; the readers must not then fail on it."""
    find_expressions(text)
    find_dates(text.replace("in ", "") + " 5, 2021")


# --- properties ----------------------------------------------------------------

TIME_WORDS = ["in", "on", "May", "March", "Tuesday", "last", "next", "week", "2019", "15/07/2024", "the", "1970s",
              "following", "year", "ago", "five", "over", "past", "earlier", "that", "month", ",", ".", "since"]


@settings(max_examples=200, deadline=None)
@given(st.one_of(st.text(), st.lists(st.sampled_from(TIME_WORDS), max_size=30).map(" ".join)))
def test_find_expressions_gives_ordered_disjoint_spans(text):
    expressions = find_expressions(text)
    for e in expressions:
        assert text[e.start:e.end] == e.text
    for before, after in zip(expressions, expressions[1:]):
        assert before.end <= after.start


DAYS = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@settings(max_examples=200, deadline=None)
@given(DAYS, st.sampled_from(WEEKDAYS), st.sampled_from([PAST, FUTURE]))
def test_a_weekday_is_within_six_days_on_the_side_of_the_tense(day, weekday, tense):
    text = f"The council {'met' if tense == PAST else 'will meet'} on {weekday.capitalize()}."
    placed = dt.date.fromisoformat(place(text, published=day.isoformat(), tense=tense).date)
    assert placed.weekday() == WEEKDAYS.index(weekday)
    assert 0 <= ((day - placed) if tense == PAST else (placed - day)).days <= 6


MONTH_NAMES = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December"]


@settings(max_examples=200, deadline=None)
@given(DAYS, st.sampled_from(MONTH_NAMES))
def test_a_past_month_is_within_the_year_before_the_anchor(day, month):
    year, number = map(int, place(f"Cranes arrived in {month}.", published=day.isoformat()).date.split("-"))
    assert number == MONTH_NAMES.index(month) + 1
    assert 0 <= (day.year * 12 + day.month) - (year * 12 + number) < 12


def timeml(text, published=PUBLISHED, tense=PAST):
    """(words, TimeML type, TimeML value) of every expression, each placed after the one before it."""
    anchor, previous, period, found = anchor_for(published, text), None, None, []
    for expression in find_expressions(text):
        placed = resolve(expression, anchor, tense, previous, period)
        previous = placed if placed.date else previous
        period = placed if expression.period else period
        found.append((expression.text, placed.timex_type, placed.timex))
    return found


@pytest.mark.parametrize("text, expected", [
    # Weeks are ISO weeks; on a Thursday "last week" is the week before this one.
    ("Penwick Mills said last week that it would close.", [("last week", "DATE", "2025-W10")]),
    ("The mill closed over the weekend.", [("the weekend", "DATE", "2025-W10-WE")]),
    # Quarters and halves: this year's when over, last year's when still to come in a past clause.
    ("Penwick Mills reported a third-quarter loss.", [("third-quarter", "DATE", "2024-Q3")]),
    ("Penwick Mills reported a first-quarter loss.", [("first-quarter", "DATE", "2025-Q1")]),
    ("Sales fell in the second half of 2024.", [("the second half of 2024", "DATE", "2024-H2")]),
    ("In fiscal 2023 the mill earned $4 million.", [("fiscal 2023", "DATE", "2023")]),
    # A comparison with a year before, after a quarter, is that quarter a year before.
    ("Penwick Mills posted a fourth-quarter profit of $2 million, up from $1 million a year earlier.",
     [("fourth-quarter", "DATE", "2024-Q4"), ("a year earlier", "DATE", "2023-Q4")]),
    ("In the quarter, sales rose 4%.", [("the quarter", "DATE", "2024-Q4")]),
    # Seasons.
    ("The mill flooded last fall.", [("last fall", "DATE", "2024-FA")]),
    ("The mill will reopen this summer.", [("this summer", "DATE", "2025-SU")]),
    # Lengths of time and recurrences.
    ("The strike lasted three days.", [("three days", "DURATION", "P3D")]),
    ("Workers signed a two-year contract.", [("two-year", "DURATION", "P2Y")]),
    ("The talks took more than four hours.", [("more than four hours", "DURATION", "PT4H")]),
    ("Prices rose over the past five years.", [("the past five years", "DURATION", "P5Y")]),
    ("Riverton has grown in recent years.", [("in recent years", "DURATION", "PXY")]),
    ("The mill ships 50,000 tonnes a year.", [("a year", "SET", "P1Y")]),
    ("The port handles 9,000 tonnes of cargo a day.", [("a day", "SET", "P1D")]),
    ("The market opens every Tuesday.", [("every Tuesday", "SET", "XXXX-WXX-2")]),
    ("The airline flies four times a week, up from three flights a week.", [("a week", "SET", "P1W"),
                                                                            ("a week", "SET", "P1W")]),
    ("Mr. Penwick, 52 years old, will retire.", []),
    ("The ferry sails daily.", [("daily", "SET", "P1D")]),
    # Times of day, on the day they fall.
    ("The fire started at 10 p.m. Wednesday.", [("10 p.m. Wednesday", "TIME", "2025-03-12T22:00")]),
    ("The fire started Wednesday evening.", [("Wednesday evening", "TIME", "2025-03-12TEV")]),
    ("The council met this morning.", [("this morning", "TIME", "2025-03-13TMO")]),
    ("Prices fell for almost two decades.", [("almost two decades", "DURATION", "P20Y")]),
    ("Shipments resume within two to three weeks.", [("two to three weeks", "DURATION", "P2W")]),
    ("Sales fell for the past few weeks.", [("the past few weeks", "DURATION", "PXW")]),
    ("Sales will grow over the next couple of years.", [("the next couple of years", "DURATION", "P2Y")]),
    ("Funds must sell bonds in the weeks ahead.", [("the weeks ahead", "DURATION", "PXW")]),
    ("Sales rose 4% in the quarter ended Jan. 31.", [("the quarter", "DURATION", "P1Q"), ("Jan. 31", "DATE", "2025-01-31")]),
    # Years as they are said in a broadcast, centuries, the end of the year.
    ("Keating was convicted in nineteen ninety-one.", [("in nineteen ninety-one", "DATE", "1991")]),
    ("Unemployment was to halve by the year two thousand.", [("the year two thousand", "DATE", "2000")]),
    ("Two thousand people marched.", []),
    ("The temple dates from the 11th century.", [("the 11th century", "DATE", "10")]),
    ("The sale should close by year-end.", [("year-end", "DATE", "2025-12-31")]),
    # A month that names a thing, and a part of a month written with a hyphen.
    ("Police reopened the October shooting.", [("October", "DATE", "2024-10")]),
    ("The talks were set for late-November.", [("late-November", "DATE", "2024-11")]),
    ("Voters backed the May government.", []),
    # Holidays, placed like the day they fall on.
    ("The ferry sank on Thanksgiving Day.", [("Thanksgiving Day", "DATE", "2024-11-28")]),
    ("The market reopens after Christmas.", [("Christmas", "DATE", "2024-12-25")]),
    # Words for the time of writing, before it and after it.
    ("The mill is now closed.", [("now", "DATE", "PRESENT_REF")]),
    ("The mill recently closed.", [("recently", "DATE", "PAST_REF")]),
])
def test_every_kind_of_time_expression_has_its_timeml_value(text, expected):
    assert timeml(text) == expected


@pytest.mark.parametrize("text", ["The film High Noon won.", "A 40-year-old man died.", "The first half ended 1-1.",
                                  "The fall of the dam flooded the valley."])
def test_words_that_only_look_like_time_are_not_read(text):
    assert find_expressions(text) == []


@pytest.mark.parametrize("text", ["It starts this morning Friday.", "At 10 a.m. (Friday) Thursday they met.",
                                  "Thursday evening Friday"])
def test_a_time_of_day_joins_its_day_only_where_no_other_expression_stands(text):
    expressions = find_expressions(text)
    for before, after in zip(expressions, expressions[1:]):
        assert before.end <= after.start


def test_a_comparison_after_a_comparison_still_counts_from_the_quarter_named():
    text = ("Penwick Mills posted a third-quarter loss, against a profit a year ago. Year-earlier sales were "
            "restated.")
    assert [value for _, _, value in timeml(text)] == ["2024-Q3", "2023-Q3", "2023-Q3"]


ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}


@settings(max_examples=200, deadline=None)
@given(DAYS, st.sampled_from(sorted(ORDINALS)))
def test_a_quarter_reported_in_the_past_has_begun_and_is_within_the_last_year(day, ordinal):
    anchor = anchor_for(day.isoformat(), "")
    [expression] = find_expressions(f"Penwick Mills reported a {ordinal}-quarter loss.")
    placed = resolve(expression, anchor, PAST)
    year, quarter = int(placed.timex[:4]), int(placed.timex[-1])
    assert quarter == ORDINALS[ordinal]
    begins = dt.date(year, 3 * quarter - 2, 1)
    assert begins <= day and (day - begins).days < 366


@settings(max_examples=200, deadline=None)
@given(DAYS)
def test_last_week_is_the_iso_week_before_or_on_a_sunday_the_week_ending_that_day(day):
    placed = place("Prices fell last week.", published=day.isoformat())
    expected = day - dt.timedelta(days=0 if day.weekday() == 6 else 7)
    year, week, _ = expected.isocalendar()
    assert placed.timex == f"{year:04d}-W{week:02d}"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=2, max_value=99), st.sampled_from(["day", "week", "month", "year", "hour", "minute"]))
def test_a_counted_length_of_time_has_its_iso_duration(amount, unit):
    placed = place(f"The strike lasted {amount} {unit}s.")
    letter = {"day": "D", "week": "W", "month": "M", "year": "Y", "hour": "TH", "minute": "TM"}[unit]
    assert (placed.timex_type, placed.timex) == ("DURATION", f"P{letter[:-1]}{amount}{letter[-1]}")
