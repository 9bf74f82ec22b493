"""Typed values: money, quantities, counts, ranges and hedges, and when two amounts agree."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factfile.model import Value
from factfile.stages.group import compatible
from factfile.values import find_values


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("spend around $8.6 million to build", ("money", 8_600_000, "USD", "about", None)),
        ("the US$8.5 million facility", ("money", 8_500_000, "USD", "exact", None)),
        ("8.5 million dollars in aid", ("money", 8_500_000, "USD", "exact", None)),
        ("a €3bn deal", ("money", 3_000_000_000, "EUR", "exact", None)),
        ("US$10m in loans", ("money", 10_000_000, "USD", "exact", None)),
        ("a $420 mln line", ("money", 420_000_000, "USD", "exact", None)),
        ("its more than 1,300-kilometre (810-mile) border", ("quantity", 1300, "km", "more_than", None)),
        ("just seven miles from the border", ("quantity", 11.265408, "km", "exact", None)),
        ("mountains as high as 3,000 metres", ("quantity", 3000, "m", "exact", None)),
        ("8,000 to 10,000 tonnes a day", ("quantity", 8000, "t", "exact", 10000)),
        ("about 5,000 troops", ("count", 5000, "troops", "about", None)),
        ("over 700 armoured vehicles", ("count", 700, "vehicles", "more_than", None)),
        ("an estimated 8,000 to 10,000 foreign fighters", ("count", 8000, "fighters", "about", 10000)),
        ("several hundred herders rallied", ("count", 300, "herders", "about", None)),
        ("made up of 12 buildings", ("count", 12, "buildings", "exact", None)),
    ],
)
def test_values_are_typed_and_normalised(text, expected):
    values = find_values(text)
    assert len(values) == 1, values
    value = values[0]
    assert (value.type, value.amount, value.unit, value.approx, value.amount_max) == pytest.approx(expected)
    assert text[value.start:value.end] == value.text


@pytest.mark.parametrize("text", ["points to intent", "in 2019 officials", "over the past five or six years",
                                  "a country of 9.5 million", "3 min read"])
def test_no_value_where_there_is_none(text):
    assert find_values(text) == []


def value(text):
    found = find_values(text)[0]
    return Value(found.type, found.text, found.amount, found.unit, found.approx, found.amount_max)


@pytest.mark.parametrize(
    ("a", "b", "agree"),
    [
        ("$8.5 million", "$8.6 million", False),  # the words admit no rounding that joins them
        ("$8.5 million", "US$8.5 million", True),
        ("around $8.6 million", "$8.5 million", False),
        ("$420 million", "$450 million", False),
        ("$10 million", "$8.5 million", False),
        ("about 1,300 km", "more than 1,300-kilometre", True),
        ("1,200 workers", "more than 1,000 workers", True),
        ("about 300 herders", "several hundred herders", True),
        ("about 240 km", "240-kilometre", True),
        ("8,000 to 10,000 tonnes", "9,000 tonnes", True),
        ("about 5,000 troops", "700 troops", False),
    ],
)
def test_when_two_amounts_agree(a, b, agree):
    assert compatible(value(a), value(b)) is agree
    assert compatible(value(b), value(a)) is agree


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(list("0123456789,. -$€£abcdefkmtlionsuwerpUS()") + [
    " million", " km", " troops", " about", " more than", " to ", "US$", " tonnes", " miles", "-kilometre"]),
    max_size=40).map("".join))
def test_no_text_crashes_the_value_finder(text):
    for found in find_values(text):
        assert text[found.start:found.end] == found.text
        assert found.amount >= 0
        assert found.amount_max is None or found.amount_max >= 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a storm that left more than 20 dead and its roads closed", [("more than 20 dead", 20, "dead")]),
        ("62 wounded in the blast", [("62 wounded", 62, "wounded")]),
        ("a 2,000-strong force", [("2,000-strong force", 2000, "force")]),
        ("including a new one earlier this week, killing 9 villagers", [("9 villagers", 9, "villagers")]),
        ("the bridge and its approaches", []),
        ("These Aug. 30 permits were valid", []),
        ("while 5,300 low-level and mid-tier workers were let go", [("5,300 low-level and mid-tier workers", 5300,
                                                                     "workers")]),
        ("the 40-year-old Jane Doe was hurt", [("40-year-old", 40, "age")]),
        ("Jane Doe, 40, was hurt", [("40", 40, "age")]),
        ("On Sept. 16, 12 residents left", [("12 residents", 12, "residents")]),
        ("on May 5 residents left", []),
    ],
)
def test_counts_of_people_by_what_happened_to_them(text, expected):
    assert [(v.text, v.amount, v.unit) for v in find_values(text)] == expected
