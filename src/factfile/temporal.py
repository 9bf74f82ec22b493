"""Temporal expressions: finding them in text and placing them on the calendar.

`find_expressions` reads every expression of time in a text, with its span:

- absolute: "Nov 5, 2021", "15/07/2024", "2021-10-28", "June 2021", "in 2019", "the 1970s";
- partial, a year short: "July 4", "on March 11", "in April";
- relative to the day of writing: "on Thursday", "last week", "August this year",
  "last year", "a decade ago", "over the past five or six years", "next month";
- relative to the date just mentioned: "earlier that month", "the following year";
- vague: "recently", "in recent years", "soon" (found, never resolved).

`resolve` places one expression on the calendar against an `Anchor`: the
document's publication date or, when that is unknown, the latest date the text
itself reports as past. The rules are ours and tested, because choosing the
right Thursday is a judgement no parser makes for us:

- a weekday in a past-tense clause is the latest such day on or before the
  publication day ("said on Tuesday" in a Thursday paper → two days before);
  "last Saturday" is strictly before; a weekday in a future clause is the next
  such day; "next Monday" strictly after;
- a month or a month-and-day without a year takes the anchor's year, moved back
  a year when a past-tense clause would otherwise put it after the anchor, and
  forward when a future clause would put it before;
- "N years ago", "a decade ago" are approximate (`qualifier` "about"); "over the
  past N years", "since 2016" give where a period starts (`qualifier` "since");
  "by 2027" where it must end ("by");
- an anchor taken from the text (no publication date) only says the document was
  written that year at the earliest: expressions take its year, and those that
  need the day of writing (weekdays, "yesterday", "last week") stay unresolved.

An expression that cannot be anchored keeps `date=None` and says why in `note`;
nothing is guessed.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace

from factfile import lexicon
from factfile.dates import MONTHS, WEEKDAYS, find_dates

PAST, PRESENT, FUTURE = "past", "present", "future"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "a couple of": 2, "a few": 3, "several": 3, "forty": 40, "sixty": 60, "ninety": 90, "a hundred": 100,
}
_COUNT_WORDS = "|".join(w for w in _NUMBER_WORDS if " " not in w and w not in ("a", "an"))
# Amounts that say "some" rather than how many: TimeML writes them X ("several years" is PXY).
_UNCOUNTED = frozenset(("a few", "several", "many", "some", "few"))
_NUMBER = r"(?:\d{1,3}|" + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True)) + r")"
_AMOUNT = rf"(?P<n>{_NUMBER})(?:\s+(?:or|to|-|–)\s+(?P<n2>{_NUMBER}))?"
_UNIT = r"(?P<unit>day|week|month|year|decade)s?"
_MONTH_NAMES = "|".join(sorted((m for m in MONTHS if len(m) > 3 or m == "may"), key=len, reverse=True))
_MONTH = rf"(?P<month>{_MONTH_NAMES}|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_PREP = (r"(?:(?P<prep>in|on|since|by|until|till|from|during|before|after|through|between|as\s+of|as\s+early\s+as|"
         r"back\s+in|since\s+at\s+least|by\s+at\s+least|at\s+least\s+since|around|circa)\s+)?")
_PART = r"(?:(?P<part>early|late|mid|mid-|the\s+(?:end|beginning|start|middle|first\s+half|second\s+half)\s+of)\s*)?"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """Words that say when, with what they say in a form `resolve` can use."""

    start: int
    end: int
    text: str
    kind: str  # absolute | partial | relative | anaphoric | vague
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    # Relative expressions: a step of `unit` ("day", "week", "month", "year"), `offset`
    # steps from the anchor (-1 last, 0 this, +1 next, -5 "five years ago").
    unit: str | None = None
    offset: int | None = None
    # "last"/"next" before a weekday: strictly before or after the anchor day.
    strict: bool = False
    qualifier: str | None = None  # about | since | by | before | after | decade
    # TimeML's type for the expression: DATE, TIME (a date with a time of day), DURATION (a length
    # of time) or SET (a recurrence).
    timex_type: str = "DATE"
    # A part of a year (TimeML's "Q3", "H1", "SU") and the months it spans, for placing it like a month.
    period: str | None = None
    months: tuple[int, int] | None = None
    # The time of day after a date, as TimeML writes it: "T22:00", "TEV".
    clock: str | None = None
    # The TimeML value when the words alone give it: "P3D", "PRESENT_REF", "XXXX-WXX-2".
    value: str | None = None
    # A holiday on the nth `weekday` of `month` (Thanksgiving: the fourth Thursday of November; -1: the last).
    nth: int | None = None


@dataclass(frozen=True, slots=True)
class Anchor:
    """The date a document's relative expressions are counted from."""

    date: dt.date
    # "publication": the day of writing is known. "text": only that the document was
    # written in this year at the earliest (the latest date it reports as past). "corpus": the
    # same, from the other reports of the corpus, when the document's own text gives nothing later.
    kind: str
    words: str

    def describe(self) -> str:
        if self.kind == "publication":
            return f"publication date {self.date.isoformat()}"
        if self.kind == "corpus":
            return f"latest date the corpus's other reports give, {self.words} (no publication date)"
        return f"latest date in the text, '{self.words}' (no publication date)"


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """Where an expression falls: `date` at `precision`, or None with `note` saying why."""

    date: str | None
    precision: str | None
    qualifier: str | None
    note: str
    # The expression in TimeML's form (`1998-W07`, `1989-Q3`, `P3D`, `PRESENT_REF`), which can say more
    # than `date` (a week, a quarter) or what no calendar date says (a length of time, a recurrence).
    timex: str | None = None
    timex_type: str = "DATE"


def _qualifier(prep: str | None) -> str | None:
    prep = " ".join((prep or "").lower().split())
    if prep in ("since", "from", "since at least", "at least since", "as early as"):
        return "since"
    if prep in ("by", "until", "till", "by at least"):
        return "by"
    if prep in ("before", "after"):
        return prep
    if prep in ("around", "circa"):
        return "about"
    return None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _amount(words: str | None) -> int:
    words = " ".join((words or "").lower().split())
    return int(words) if words.isdigit() else _NUMBER_WORDS.get(words, 1)


def _capitalised(match: re.Match, group: str) -> bool:
    """Month and weekday names must be capitalised: 'may' is a verb, 'march' a noun."""
    word = match.group(group)
    return word is None or word[:1].isupper()


_TIME_WORDS = lexicon.load("time")
_SPOKEN_TENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
                "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30,
                "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
_SPOKEN_ONES = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_TENS = "(?:" + "|".join(sorted(_SPOKEN_TENS, key=len, reverse=True)) + ")"
_ONES = "(?:" + "|".join(_SPOKEN_ONES) + ")"
_ORDINAL = "|".join(sorted(_TIME_WORDS["ordinals"], key=len, reverse=True))
_SEASON = r"(?P<season>" + "|".join(_TIME_WORDS["seasons"]) + r")"
_SPAN_UNIT = r"(?P<unit>second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
_OTHER_YEAR = r"(?:1[89]|20)\d{2}"
_POSSESSIVE = r"['’]s"

# Each pattern with the function that reads its match, longest forms first. A group named `core` is the
# expression's span when the words around it only help find it ("in the summer": "the summer").
_PATTERNS: list[tuple[re.Pattern, str]] = [
    # August this year / March of last year / April next year
    (re.compile(rf"\b{_PREP}{_PART}{_MONTH}\s+(?:of\s+)?(?P<rel>this|last|next|the\s+previous|the\s+following)\s+year\b",
                re.I), "month_of_relative_year"),
    # this August / last April
    (re.compile(rf"\b{_PREP}(?P<rel>this|last|next|this\s+past|this\s+coming)\s+{_MONTH}(?!\s+\d)\b", re.I),
     "relative_month"),
    # the third quarter of 1989 / third-quarter / the 1988 second quarter / this year's first quarter / fiscal 1990
    (re.compile(rf"\b(?:(?P<owner>this|last|next)\s+year{_POSSESSIVE}\s+|the\s+)?(?:(?P<year1>{_OTHER_YEAR})\s+)?"
                rf"(?:fiscal[\s-]+(?:year\s+)?)?(?P<ord>{_ORDINAL})[\s-]+(?:fiscal\s+)?(?P<noun>quarter|half)\b(?![-‐]?s\b)"
                rf"(?:\s+of\s+(?:the\s+)?(?:fiscal\s+)?(?:(?:year\s+)?(?P<year2>{_OTHER_YEAR})\b|(?P<rel>this|last|next)\s+year\b))?",
                re.I), "part_of_year"),
    (re.compile(rf"\bfiscal(?:\s+year)?\s+(?P<year>{_OTHER_YEAR})\b", re.I), "fiscal_year"),
    # the year ended Sept. 30 / the quarter ending June 30 / the fiscal year ended Jan. 31: a length of time
    (re.compile(r"\b(?P<core>the\s+(?:fiscal\s+)?(?P<unit>year|quarter|month|week))\s+(?:ended|ending|that\s+ended)\b",
                re.I), "period_ended"),
    (re.compile(r"\bthe\s+(?:(?P<rel>current|previous|past|next|coming)\s+)?fiscal\s+year\b", re.I), "this_fiscal_year"),
    # the summer of 1994 / this summer / last fall / this past spring
    (re.compile(rf"\b(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?{_SEASON}\s+of\s+(?P<year>{_OTHER_YEAR})\b", re.I), "season"),
    (re.compile(rf"\b(?P<rel>this|last|next|this\s+past|this\s+coming|(?:early|late)\s+(?:this|last|next))\s+{_SEASON}\b",
                re.I), "season"),
    # the year ("for the year, sales rose"; "the year ended Sept. 30" is a length of time)
    (re.compile(r"\bthe\s+(?:full\s+)?year\b(?![-‐'’])(?!\s+(?:ago|earlier|before|after|later|of|in|when|that|\d|"
                r"(?:1[89]|20)\d\d|two|nineteen)\b)(?P<ended>\s+(?:ended|ending|to)\b)?", re.I), "the_year"),
    # the quarter / the latest quarter / the year-ago period / last year's quarter / year-earlier
    (re.compile(rf"\b(?:the\s+(?:(?P<which>latest|most\s+recent|current|same|year-ago|year-earlier|year-before|"
                rf"previous|prior|preceding|comparable|fiscal)\s+)?(?P<noun>quarter|period)|(?P<owner>last|this)\s+year"
                rf"{_POSSESSIVE}\s+(?P<noun2>quarter|period))\b(?![-‐])", re.I), "period_again"),
    (re.compile(r"\byear-(?:earlier|ago)\b", re.I), "year_ago"),
    # June 2021 / mid-May 2025 / the end of March 2025
    (re.compile(rf"\b{_PREP}{_PART}{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I), "month_year"),
    # October 23, Friday / March 11 / Friday, October 23 / 4 July / July 4th
    (re.compile(rf"\b{_PREP}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:1[89]|20)\d{{2}})(?:,?\s+(?P<weekday2>"
                + "|".join(WEEKDAYS) + r")\b)?(?!\d|:\d)", re.I), "month_day"),
    (re.compile(rf"\b{_PREP}(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*(?:1[89]|20)\d{{2}})",
                re.I), "month_day"),
    # Thanksgiving / last Christmas / on New Year's Eve
    (re.compile(r"\b(?:(?P<rel>last|next|this)\s+)?(?P<holiday>" + "|".join(
        sorted((re.escape(h).replace("'", "['’]").replace("\\ ", r"\s+") for h in _TIME_WORDS["holidays"]),
               key=len, reverse=True)) + r")\b", re.I), "holiday"),
    # nineteen ninety-six / January nineteen ninety-seven / the year two thousand (years as they are said)
    (re.compile(rf"\b(?:(?P<prep>in|by|since|until|before|after|from|of)\s+|the\s+year\s+)?(?:{_MONTH}\s+)?"
                rf"(?P<spoken>(?:eighteen|nineteen|twenty)\s+{_TENS}(?:[-\s]{_ONES})?|two\s+thousand(?:\s+and)?"
                rf"(?:[-\s]{_ONES})?)\b", re.I), "spoken_year"),
    # the 20th century / the eleventh century
    (re.compile(r"\b(?P<core>(?:the\s+)?(?P<n>\d{1,2})(?:st|nd|rd|th)[\s-]+century)\b", re.I), "century"),
    # by year-end / since year end
    (re.compile(r"\b(?P<prep>by|until|since|before|after|around|at)?\s*(?P<core>(?:the\s+)?year[-\s]end)\b", re.I),
     "year_end"),
    # every Tuesday / each July (before the weekday and month they name)
    (re.compile(rf"\b(?:every|each)\s+{_WEEKDAY}\b", re.I), "every_weekday"),
    (re.compile(rf"\b(?:every|each)\s+{_MONTH}\b", re.I), "every_month"),
    # in April / since March / in early May (a bare month needs a word before it: "May" is also a verb)
    (re.compile(rf"\b(?P<prep>in|since|by|until|till|from|during|before|after|through|early|late|mid-?)\s+"
                rf"(?:(?P<part>early|late|mid-?)\s*)?{_MONTH}\b(?!\s*\d)", re.I), "month"),
    # the October slaying / the March accession / its May report: a month that names a thing
    (re.compile(rf"\b(?:the|its|their|his|her|last|this|next)\s+(?P<core>{_MONTH})\s+(?=[a-z])", re.I), "month_named"),
    # late-November / mid-March
    (re.compile(rf"\b(?P<part>early|late|mid)-{_MONTH}\b(?!\s*\d)", re.I), "month_part"),
    # in the 1970s / the early 1990s
    (re.compile(rf"\b{_PREP}the\s+(?:(?:early|late|mid)[\s-]+)?(?P<decade>(?:1[89]|20)\d0)[’']?s\b", re.I), "decade"),
    # in late 2027 / by the end of 2027 / since 2016 / in 2019
    (re.compile(rf"\b{_PREP}{_PART}{_YEAR}\b(?![.,]?\d)(?!\s*(?:%|per\s*cent|km|kilomet|mile|metre|meter|"
                r"people|troops|soldiers|tonnes|tons|dollars|yuan|euros))", re.I), "year"),
    # in the summer / over the winter ("fall" and "spring" alone are too often something else)
    (re.compile(r"\b(?:in|during|over|through|throughout|until|by|since)\s+(?P<core>(?:the\s+)?(?:(?:early|late|mid)[\s-]+)?"
                r"(?P<season>summer|winter|autumn))\b(?!\s+of\b)", re.I), "season"),
    # over the past five or six years / in the last two decades / for the past decade / the past two months
    (re.compile(rf"\b(?:(?P<prep>over|in|during|for|within)\s+)?(?P<core>the\s+(?:past|last|previous)\s+(?:{_AMOUNT}\s+)?"
                rf"{_UNIT})\b", re.I), "past_period"),
    # for the past few weeks / over the next few days / the next couple of years / the weeks ahead: some length of time
    (re.compile(r"\b(?:(?:over|in|during|for|within)\s+)?(?P<core>the\s+(?:past|last|previous|next|coming)\s+"
                r"(?:(?P<n>few|several|couple\s+of)\s+)(?P<unit>day|week|month|year|decade)s)\b", re.I), "some_duration"),
    (re.compile(r"\b(?P<core>the\s+(?P<unit>day|week|month|year)s\s+ahead)\b", re.I), "some_duration"),
    # earlier this month / later this year / this week / last month / next year
    (re.compile(rf"(?<!\bthe\s)\b{_PREP}(?:(?P<side>earlier|later)\s+)?(?P<rel>this|last|next|the\s+past|the\s+coming)\s+"
                r"(?P<unit>week|month|year)\b(?!s)", re.I), "relative_unit"),
    # over the weekend / last weekend / this weekend
    (re.compile(r"\b(?:(?P<rel>this|last|next|this\s+past|this\s+coming|the\s+past|the)\s+)weekend\b(?!s)", re.I),
     "weekend"),
    # a decade ago / five years ago / two weeks ago
    (re.compile(rf"\b(?:(?P<about>about|around|almost|nearly|roughly|some|more\s+than|over)\s+)?{_AMOUNT}\s+{_UNIT}"
                r"\s+ago\b", re.I), "ago"),
    # earlier that month / later that year / the following week / that same day / two days later
    (re.compile(r"\b(?:(?P<side>earlier|later)\s+)?(?:that|the\s+same)\s+(?:same\s+)?(?P<unit>day|week|month|year)\b",
                re.I), "that_unit"),
    (re.compile(r"\bthe\s+(?P<rel>following|next|previous|preceding)\s+(?P<unit>day|week|month|year)\b", re.I),
     "following_unit"),
    (re.compile(rf"\b{_AMOUNT}\s+{_UNIT}\s+(?P<rel>later|earlier|before|after)(?!\s+(?:the|a|an|his|her|its|their)\b)",
                re.I), "units_later"),
    # every day / each year / daily / on Tuesdays
    (re.compile(r"\b(?:every|each|per)\s+(?P<unit>hour|day|night|week|month|quarter|year)\b(?!-)", re.I), "every_unit"),
    (re.compile(r"\b(?P<word>" + "|".join(_TIME_WORDS["frequencies"]) + r")\b", re.I), "frequency"),
    # last Saturday / on Thursday / next Monday / Tuesday night
    (re.compile(rf"\b(?:(?P<prep>on|by|until|since|from|before|after)\s+)?(?:(?P<rel>last|next|this|this\s+past|"
                rf"this\s+coming|coming)\s+)?{_WEEKDAY}\b", re.I), "weekday"),
    (re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight|this\s+morning|this\s+afternoon|this\s+evening|"
                r"last\s+night)\b", re.I), "day_word"),
    (re.compile(r"\b(?:(?:more|most|very|only|until)\s+)?(?:recently|lately|nowadays|these\s+days|in\s+recent\s+"
                r"(?:days|weeks|months|years|decades)|(?<!\bthe\s)recent\s+(?:days|weeks|months|years|decades)|"
                r"in\s+the\s+(?:coming|next|past|last)\s+(?:few\s+)?(?:days|weeks|"
                r"months|years|decades)|in\s+the\s+near\s+future|(?<!\bas\s)soon\b(?!\s+(?:after|as|afterwards|thereafter)\b))\b",
                re.I), "vague"),
    # now / currently / in the past / the future
    (re.compile(r"\b(?P<word>now|currently|current|recent|at\s+present|right\s+now|the\s+(?:present|past|future))\b"
                r"(?![-‐])(?!\s+(?:tense|participle|perfect)\b)", re.I), "reference"),
    # three days / a two-week trip / more than four hours / the first nine months / 50,000 a year
    (re.compile(rf"\b(?:(?P<approx>about|around|almost|nearly|roughly|some|more\s+than|less\s+than|fewer\s+than|"
                rf"at\s+least|at\s+most|up\s+to|over|under|no\s+more\s+than|just)\s+)?(?:the\s+(?:(?:first|last|past|next|"
                rf"previous|following|final|same)\s+)?)?{_AMOUNT}[\s-]+(?:(?:more|additional|straight|consecutive)\s+)?"
                rf"{_SPAN_UNIT}(?:-long)?\b(?![-‐]old)(?!\s+(?:ago|later|earlier|from\s+now|old)\b)", re.I), "duration"),
    # for years / within weeks / for several months
    (re.compile(r"\b(?:for|within|in|over|after|took|takes|take)\s+(?P<core>(?:(?P<n>several|many|a\s+few)\s+)?"
                r"(?P<unit>minute|hour|day|week|month|year|decade|centurie)s)\b(?!\s+(?:ago|later|earlier)\b)", re.I),
     "some_duration"),
]


def find_expressions(text: str) -> list[TimeExpression]:
    """Every expression of time in `text`, in order, without overlaps."""
    found: list[TimeExpression] = []

    def free(start: int, end: int) -> bool:
        return not any(f.start < end and start < f.end for f in found)

    for full in find_dates(text):
        start = full.start
        prep = re.search(r"\b(on|since|by|until|from|before|after)\s+$", text[max(0, start - 7):start], re.I)
        if prep:
            start -= len(prep.group(0))
        iso = full.iso
        found.append(TimeExpression(start, full.end, text[start:full.end], "absolute", int(iso[:4]), int(iso[5:7]),
                                    int(iso[8:10]), qualifier=_qualifier(prep.group(1) if prep else None)))
    for pattern, reader in _PATTERNS:
        for match in pattern.finditer(text):
            if not free(match.start(), match.end()):
                continue
            if not all(_capitalised(match, g) for g in ("month", "weekday") if g in pattern.groupindex):
                continue
            try:
                expression = _READERS[reader](match)
            except (KeyError, ValueError):
                # Case-insensitive matching lets 'ſ' pass for 's' and 'İ' for 'i'; no month is spelt so.
                continue
            if expression is not None:
                found.append(expression)
    return _with_times_of_day(text, sorted(found, key=lambda f: f.start))


_CLOCK = re.compile(r"\b(?:(?:about|around|approximately)\s+)?(?:(?P<h>1[0-2]|0?[1-9])(?:[:.](?P<m>[0-5]\d))?\s*"
                    r"(?P<ampm>[ap])\.?\s?m\b\.?(?:\s+(?:[ECMP][SD]T|GMT|UTC)\b)?|(?P<word>noon|midnight)\b)", re.I)
_PART_AFTER = re.compile(r"\s+(?P<part>morning|afternoon|evening|night)\b", re.I)
_PART_BEFORE = re.compile(r"\b(?:(?:early|late|mid)[\s-]*)?(?P<part>morning|afternoon|evening|night)\s+$", re.I)
# What may stand between a time and its day: "10 p.m. Wednesday", "5 p.m. EST, Nov. 9", "Friday at noon".
_GAP_AFTER_CLOCK = re.compile(r"^[\s,]*(?:\([^()]{0,20}\)[\s,]*)?(?:on\s+)?$")
_DEADLINE_BEFORE = re.compile(r"\b(?:until|till|by)\s+$", re.I)
_PREP_BEFORE = re.compile(r"\b(?:at|by|until|till|before|after|from|since|past|around|about)\s+$", re.I)
_GAP_BEFORE_CLOCK = re.compile(r"^[\s,]*(?:at|by|from|until|before|after)?\s*$")


def _clock(match: re.Match) -> str:
    word = (match.group("word") or "").lower()
    if word:
        return "T12:00" if word == "noon" else "T24:00"
    hour = int(match.group("h")) % 12 + (12 if match.group("ampm").lower() == "p" else 0)
    return f"T{hour:02d}:{match.group('m') or '00'}"


def _has_day(e: TimeExpression) -> bool:
    return e.clock is None and (e.day is not None or (e.kind == "relative" and e.unit in ("weekday", "day")))


def _overlaps_another(found: list[TimeExpression], index: int, start: int, end: int) -> bool:
    return any(i != index and e.start < end and start < e.end for i, e in enumerate(found))


def _with_times_of_day(text: str, found: list[TimeExpression]) -> list[TimeExpression]:
    """Times of day joined to the day they fall on ("10 p.m. Wednesday", "Thursday evening",
    "mid-afternoon yesterday") as TimeML's TIME; a clock time alone falls on the anchor day."""
    timed = list(found)
    for index, e in enumerate(timed):
        if not _has_day(e):
            continue
        after = _PART_AFTER.match(text, e.end)
        before = _PART_BEFORE.search(text[max(0, e.start - 20):e.start])
        if after or before:
            start = e.start - len(before.group(0)) if before and not after else e.start
            end = after.end() if after else e.end
            if _overlaps_another(timed, index, start, end):
                continue
            part = _PARTS_OF_DAY[(after or before).group("part").lower()]
            timed[index] = replace(e, start=start, end=end, text=text[start:end], clock="T" + part, timex_type="TIME")
    for match in _CLOCK.finditer(text):
        if any(e.start < match.end() and match.start() < e.end for e in timed):
            continue
        day = next((i for i, e in enumerate(timed) if _has_day(e) and (
            e.start >= match.end() and _GAP_AFTER_CLOCK.match(text[match.end():e.start])
            or e.end <= match.start() and _GAP_BEFORE_CLOCK.match(text[e.end:match.start()]))), None)
        deadline = _DEADLINE_BEFORE.search(text[max(0, match.start() - 12):match.start()])
        if day is None:
            # "noon" and "midnight" alone are a time only after a word of time ("at noon", not "High Noon").
            if match.group("word") and not _PREP_BEFORE.search(text[max(0, match.start() - 12):match.start()]):
                continue
            timed.append(TimeExpression(match.start(), match.end(), match.group(0), "relative", unit="day", offset=0,
                                        timex_type="TIME", clock=_clock(match), qualifier="by" if deadline else None))
            continue
        e = timed[day]
        start, end = min(e.start, match.start()), max(e.end, match.end())
        if _overlaps_another(timed, day, start, end):
            continue
        # "until 9 a.m. Tuesday" is a deadline, as "until Tuesday" is.
        timed[day] = replace(e, start=start, end=end, text=text[start:end], clock=_clock(match), timex_type="TIME",
                             qualifier="by" if deadline and match.start() < e.start else e.qualifier)
    return sorted(timed, key=lambda f: f.start)


def _base(match: re.Match, kind: str, **fields) -> TimeExpression:
    core = "core" in match.re.groupindex and match.group("core") is not None
    start, end = match.span("core") if core else match.span()
    return TimeExpression(start, end, match.string[start:end], kind, **fields)


def _group(match: re.Match, name: str) -> str | None:
    return match.group(name) if name in match.re.groupindex else None


def _read_month_of_relative_year(match: re.Match) -> TimeExpression:
    rel = " ".join(match.group("rel").lower().split())
    offset = {"this": 0, "last": -1, "next": 1, "the previous": -1, "the following": 1}[rel]
    kind = "anaphoric" if rel.startswith("the ") else "relative"
    return _base(match, kind, month=_month_number(match.group("month")), unit="year", offset=offset,
                 qualifier=_qualifier(match.group("prep")))


def _read_relative_month(match: re.Match) -> TimeExpression:
    rel = " ".join(match.group("rel").lower().split())
    direction = {"this": 0, "last": -1, "this past": -1, "next": 1, "this coming": 1}[rel]
    # "last April": the latest April before the anchor month; resolved by tense below.
    return _base(match, "partial", month=_month_number(match.group("month")), offset=direction, unit="month_name",
                 qualifier=_qualifier(match.group("prep")))


def _read_month_year(match: re.Match) -> TimeExpression:
    return _base(match, "absolute", year=int(match.group("year")), month=_month_number(match.group("month")),
                 qualifier=_qualifier(match.group("prep")))


def _read_month_day(match: re.Match) -> TimeExpression | None:
    day = int(match.group("day"))
    month = _month_number(match.group("month"))
    if not 1 <= day <= 31 or day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
        return None
    weekday = _group(match, "weekday") or _group(match, "weekday2")
    return _base(match, "partial", month=month, day=day,
                 weekday=WEEKDAYS.index(weekday.lower()) if weekday else None,
                 qualifier=_qualifier(match.group("prep")))


def _read_month(match: re.Match) -> TimeExpression:
    prep = match.group("prep")
    return _base(match, "partial", month=_month_number(match.group("month")),
                 qualifier=None if prep.lower().startswith(("early", "late", "mid")) else _qualifier(prep))


def _read_month_named(match: re.Match) -> TimeExpression | None:
    if match.group("month").lower() == "may":
        return None  # "the May government": a name as often as a month
    before = match.string[match.start():match.start("core")].strip().lower()
    offset = {"last": -1, "next": 1}.get(before)
    return _base(match, "partial", month=_month_number(match.group("month")), offset=offset,
                 unit="month_name" if offset else None)


def _read_month_part(match: re.Match) -> TimeExpression:
    return _base(match, "partial", month=_month_number(match.group("month")))


def _read_decade(match: re.Match) -> TimeExpression:
    return _base(match, "absolute", year=int(match.group("decade")), qualifier="decade")


# Words before a bare year that make it a year that names something ("the 1996 election", "its 1988 budget"),
# or that only a year follows ("the first nine months of 1997", "bonds due 1993", "in both 1990 and 1991").
_YEAR_DETERMINERS = frozenset("the a an his her its their our this that whose of for into due both".split())
# A year listed after another ("between 1985 and 1987", "in 1994, 1995 and 1997").
_AFTER_A_YEAR = re.compile(r"\b(?:1[89]|20)\d{2},?\s+(?:(?:and|or|to|through)\s+)?$")


def _read_year(match: re.Match) -> TimeExpression | None:
    # A bare number is a year only with a word that makes it one ("in 2019", "late 2027", "the 1996 election",
    # "between 1985 and 1987").
    before = match.string[max(0, match.start() - 40):match.start()]
    words = before.split()
    named = bool(words) and (words[-1].lower() in _YEAR_DETERMINERS or words[-1].endswith(("'s", "’s")))
    if not (match.group("prep") or match.group("part") or named or _AFTER_A_YEAR.search(before)):
        return None
    return _base(match, "absolute", year=int(match.group("year")), qualifier=_qualifier(match.group("prep")))


def _read_relative_unit(match: re.Match) -> TimeExpression:
    rel = " ".join(match.group("rel").lower().split())
    offset = {"this": 0, "last": -1, "the past": -1, "next": 1, "the coming": 1}[rel]
    return _base(match, "relative", unit=match.group("unit").lower(), offset=offset,
                 qualifier=_qualifier(match.group("prep")))


def _length(match: re.Match) -> tuple[str, int]:
    """'five or six years' -> ('year', 6): the larger number, decades in years."""
    unit = match.group("unit").lower()
    amount = _said_amount(match)
    return ("year", amount * 10) if unit == "decade" else (unit, amount)


def _said_amount(match: re.Match) -> int:
    """The number the words give ('five or six' -> 6), 1 where they give none ('the past decade')."""
    second = _group(match, "n2")
    return max(_amount(match.group("n")), _amount(second) if second else 0)


def _read_ago(match: re.Match) -> TimeExpression:
    unit, amount = _length(match)
    approx = "about" if match.group("about") or match.group("n").lower() in ("a", "an", "several", "a few") else None
    return _base(match, "relative", unit=unit, offset=-amount, qualifier=approx)


def _read_past_period(match: re.Match) -> TimeExpression:
    unit, amount = _length(match)
    # "over the past five years" starts a period on the calendar and is a length of time.
    return _base(match, "relative", unit=unit, offset=-amount, qualifier="since", timex_type="DURATION",
                 value=_duration_value(match.group("unit"), str(_said_amount(match))))


def _read_that_unit(match: re.Match) -> TimeExpression:
    return _base(match, "anaphoric", unit=match.group("unit").lower(), offset=0)


def _read_following_unit(match: re.Match) -> TimeExpression:
    rel = match.group("rel").lower()
    return _base(match, "anaphoric", unit=match.group("unit").lower(),
                 offset=1 if rel in ("following", "next") else -1)


def _read_units_later(match: re.Match) -> TimeExpression:
    unit, amount = _length(match)
    sign = 1 if match.group("rel").lower() in ("later", "after") else -1
    return _base(match, "anaphoric", unit=unit, offset=sign * amount)


def _read_weekday(match: re.Match) -> TimeExpression:
    rel = " ".join((match.group("rel") or "").lower().split())
    offset = {"last": -1, "this past": -1, "next": 1, "this coming": 1, "coming": 1}.get(rel)
    return _base(match, "relative", weekday=WEEKDAYS.index(match.group("weekday").lower()), unit="weekday",
                 offset=offset, strict=offset is not None, qualifier=_qualifier(match.group("prep")))


def _read_day_word(match: re.Match) -> TimeExpression:
    word = " ".join(match.group("word").lower().split())
    offset = {"yesterday": -1, "last night": -1, "tomorrow": 1}.get(word, 0)
    part = _PARTS_OF_DAY.get(word.split()[-1])
    if part and word.startswith(("this", "last")):  # "this morning" is a time of today
        return _base(match, "relative", unit="day", offset=offset, timex_type="TIME", clock="T" + part)
    return _base(match, "relative", unit="day", offset=offset)


_REFERENCES = {" ".join(w.split()): ref for ref, words in _TIME_WORDS["references"].items() for w in words}
_PARTS_OF_DAY = _TIME_WORDS["parts_of_day"]


def _read_vague(match: re.Match) -> TimeExpression:
    words = " ".join(match.group(0).lower().split())
    # "in recent years", "in the coming weeks": some length of time, TimeML's PXY and PXW.
    unit = re.search(r"\b(day|week|month|year|decade)s$", words)
    if unit:
        return _base(match, "vague", timex_type="DURATION", value=_duration_value(unit.group(1), "X"))
    return _base(match, "vague", value=_REFERENCES.get(words) or _REFERENCES.get(words.split()[-1]))


def _read_reference(match: re.Match) -> TimeExpression:
    return _base(match, "reference", value=_REFERENCES[" ".join(match.group("word").lower().split())])


def _duration_value(unit: str, amount: str) -> str:
    """TimeML's value for a length of time: ("day", "3") -> P3D, ("hour", "5") -> PT5H, ("year", "X") -> PXY."""
    unit = unit.lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    if unit == "decade" and amount.isdigit():  # "two decades": P20Y, as a decade is ten years
        return f"P{int(amount) * 10}Y"
    if unit in _TIME_WORDS["clock_units"]:
        return f"PT{amount}{_TIME_WORDS['clock_units'][unit]}"
    return f"P{amount}{_TIME_WORDS['duration_units'][unit]}"


def _read_duration(match: re.Match) -> TimeExpression | None:
    words = " ".join(match.group("n").lower().split())
    if words in ("a", "an") and match.group("unit").lower() == "second":
        return None  # "a second term": an ordinal
    # A range ("two to three weeks") is marked by its first number, as TimeML's annotators do.
    amount = "X" if words in _UNCOUNTED else str(_amount(words))
    before = match.string[max(0, match.start() - 30):match.start()]
    if words in ("a", "an") and re.search(r"(?:\d|\b(?:times|twice|once|million|billion|thousand|percent|cents?|"
                                          + _COUNT_WORDS + r"))[\w$%,.]*\s+(?:[a-z]+\s+){0,3}$", before, re.I):
        # "$5 a year", "twice a day": how often, not how long.
        return _base(match, "set", timex_type="SET", value=_duration_value(match.group("unit"), "1"))
    return _base(match, "duration", timex_type="DURATION", value=_duration_value(match.group("unit"), amount))


def _read_period_ended(match: re.Match) -> TimeExpression:
    return _base(match, "duration", timex_type="DURATION", value=_duration_value(match.group("unit"), "1"))


def _read_some_duration(match: re.Match) -> TimeExpression:
    amount = "2" if (_group(match, "n") or "").lower().startswith("couple") else "X"
    return _base(match, "duration", timex_type="DURATION", value=_duration_value(match.group("unit"), amount))


def _read_every_unit(match: re.Match) -> TimeExpression:
    unit = match.group("unit").lower()
    return _base(match, "set", timex_type="SET", value=_duration_value("day" if unit == "night" else unit, "1"))


def _read_frequency(match: re.Match) -> TimeExpression:
    return _base(match, "set", timex_type="SET", value=_TIME_WORDS["frequencies"][match.group("word").lower()])


def _read_holiday(match: re.Match) -> TimeExpression | None:
    if not match.group("holiday")[:1].isupper():
        return None  # "christmas" in lower case is rarely the day
    key = " ".join(match.group("holiday").lower().replace("’", "'").split())
    rule = _TIME_WORDS["holidays"][key].split("-")
    rel = (match.group("rel") or "").lower()
    offset = {"last": -1, "next": 1, "this": 0}.get(rel)
    if len(rule) == 2:
        return _base(match, "partial", month=int(rule[0]), day=int(rule[1]), offset=offset,
                     unit="month_name" if offset else None)
    nth = -1 if rule[1] == "last" else int(rule[1])
    # The nth weekday of a month: the day is counted once the year is placed.
    return _base(match, "partial", month=int(rule[0]), weekday=WEEKDAYS.index(rule[2]), nth=nth,
                 offset=offset, unit="month_name" if offset else None)


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> int:
    """The day of the month of its nth `weekday` (nth -1: the last)."""
    days = [d for d in range(1, 32) if _valid_day(year, month, d) and dt.date(year, month, d).weekday() == weekday]
    return days[nth - 1] if nth > 0 else days[-1]


def _valid_day(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _read_spoken_year(match: re.Match) -> TimeExpression | None:
    words = re.split(r"[-\s]+", match.group("spoken").lower())
    if words[:2] == ["two", "thousand"]:
        rest = [w for w in words[2:] if w != "and"]
        if not (match.group("prep") or match.group(0).lower().startswith("the") or _group(match, "month")):
            return None  # "two thousand" alone is a count
        year = 2000 + (_SPOKEN_ONES[rest[0]] if rest else 0)
    else:
        year = _SPOKEN_TENS[words[0]] * 100 + _SPOKEN_TENS[words[1]] + (_SPOKEN_ONES[words[2]] if len(words) > 2 else 0)
    month = _group(match, "month")
    return _base(match, "absolute", year=year, month=_month_number(month) if month else None,
                 qualifier=_qualifier(match.group("prep")))


def _read_century(match: re.Match) -> TimeExpression | None:
    number = int(match.group("n"))
    if not 1 <= number <= 21:
        return None
    return _base(match, "century", value=f"{number - 1:02d}")


def _read_year_end(match: re.Match) -> TimeExpression:
    # The end of the year of writing; "since year-end" looks back to the last one.
    prep = (match.group("prep") or "").lower()
    return _base(match, "relative", unit="year", offset=-1 if prep == "since" else 0, month=12, day=31,
                 qualifier=_qualifier(prep))


def _read_every_weekday(match: re.Match) -> TimeExpression:
    day = WEEKDAYS.index(match.group("weekday").lower()) + 1
    return _base(match, "set", timex_type="SET", value=f"XXXX-WXX-{day}")


def _read_every_month(match: re.Match) -> TimeExpression:
    return _base(match, "set", timex_type="SET", value=f"XXXX-{_month_number(match.group('month')):02d}")


def _read_part_of_year(match: re.Match) -> TimeExpression | None:
    noun = match.group("noun").lower()
    number = _TIME_WORDS["ordinals"][match.group("ord").lower()]
    if noun == "half":
        number = 2 if number in (0, 2) else 1 if number == 1 else None
        # "the first half" alone is of a game, a century, a speech: only a year's half is read.
        if number is None or not (match.group("year1") or match.group("year2") or match.group("rel") or
                                  match.group("owner") or re.search(r"\w-half", match.group(0))):
            return None
        period, months = f"H{number}", (6 * number - 5, 6 * number)
    else:
        number = number or 4
        period, months = f"Q{number}", (3 * number - 2, 3 * number)
    year = match.group("year1") or match.group("year2")
    if year:
        return _base(match, "absolute", year=int(year), period=period, months=months)
    rel = (match.group("owner") or match.group("rel") or "").lower()
    if rel:
        return _base(match, "relative", unit="year", offset={"this": 0, "last": -1, "next": 1}[rel], period=period,
                     months=months)
    return _base(match, "partial", period=period, months=months)


def _read_fiscal_year(match: re.Match) -> TimeExpression:
    return _base(match, "absolute", year=int(match.group("year")))


def _read_this_fiscal_year(match: re.Match) -> TimeExpression:
    rel = (match.group("rel") or "current").lower()
    return _base(match, "relative", unit="year",
                 offset={"current": 0, "previous": -1, "past": -1, "next": 1, "coming": 1}[rel])


def _read_season(match: re.Match) -> TimeExpression:
    period = _TIME_WORDS["seasons"][match.group("season").lower()]
    months = tuple(_TIME_WORDS["season_months"][period])
    year = _group(match, "year")
    if year:
        return _base(match, "absolute", year=int(year), period=period, months=months)
    rel = " ".join((_group(match, "rel") or "").lower().split()[-2:])
    offset = {"this": 0, "last": -1, "this past": -1, "next": 1, "this coming": 1}.get(rel.removeprefix("early ")
                                                                                         .removeprefix("late "))
    return _base(match, "partial", period=period, months=months, offset=offset, unit="season" if rel else None)


def _read_period_again(match: re.Match) -> TimeExpression | None:
    which = " ".join((match.group("which") or "").lower().split())
    noun = (match.group("noun") or match.group("noun2")).lower()
    if noun == "period" and not which and not match.group("owner"):
        return None  # "the period" alone is any period
    if which in ("year-ago", "year-earlier", "year-before") or (match.group("owner") or "").lower() == "last":
        step = -4  # in quarters
    elif which in ("previous", "prior", "preceding"):
        step = -1
    else:
        step = 1 if which == "current" else 0
    # "The latest quarter" and "the current quarter" are counted from the day of writing, whatever quarter
    # the text named before.
    return _base(match, "anaphoric", unit="quarter" if noun == "quarter" else "period", offset=step,
                 strict=which in ("latest", "most recent", "current"))


def _read_the_year(match: re.Match) -> TimeExpression:
    if match.group("ended"):
        start, end = match.start(), match.start("ended")
        return TimeExpression(start, end, match.string[start:end], "duration", timex_type="DURATION", value="P1Y")
    return _base(match, "relative", unit="year", offset=0)


def _read_year_ago(match: re.Match) -> TimeExpression:
    return _base(match, "anaphoric", unit="year", offset=-1)


def _read_weekend(match: re.Match) -> TimeExpression:
    rel = " ".join((match.group("rel") or "").lower().split())
    offset = {"last": -1, "this past": -1, "the past": -1, "next": 1, "this coming": 1}.get(rel)
    return _base(match, "relative", unit="weekend", offset=offset)


_READERS = {
    "month_of_relative_year": _read_month_of_relative_year,
    "relative_month": _read_relative_month,
    "month_year": _read_month_year,
    "month_day": _read_month_day,
    "month": _read_month,
    "decade": _read_decade,
    "month_named": _read_month_named,
    "month_part": _read_month_part,
    "year": _read_year,
    "relative_unit": _read_relative_unit,
    "ago": _read_ago,
    "past_period": _read_past_period,
    "that_unit": _read_that_unit,
    "following_unit": _read_following_unit,
    "units_later": _read_units_later,
    "weekday": _read_weekday,
    "day_word": _read_day_word,
    "vague": _read_vague,
    "reference": _read_reference,
    "duration": _read_duration,
    "some_duration": _read_some_duration,
    "every_unit": _read_every_unit,
    "frequency": _read_frequency,
    "every_weekday": _read_every_weekday,
    "holiday": _read_holiday,
    "spoken_year": _read_spoken_year,
    "century": _read_century,
    "year_end": _read_year_end,
    "every_month": _read_every_month,
    "part_of_year": _read_part_of_year,
    "fiscal_year": _read_fiscal_year,
    "this_fiscal_year": _read_this_fiscal_year,
    "season": _read_season,
    "period_again": _read_period_again,
    "year_ago": _read_year_ago,
    "the_year": _read_the_year,
    "period_ended": _read_period_ended,
    "weekend": _read_weekend,
}


# --- anchors ------------------------------------------------------------------

_FUTURE_WORDS = re.compile(
    r"\b(?:will|would|shall|(?:plans?|planned|scheduled|expected|due|aims?|set)\s+to|until|by)\b", re.I)


def anchor_for(published: str | None, text: str, corpus_date: tuple[str, str] | None = None) -> Anchor | None:
    """What the document's relative dates count from: its publication day, else the
    latest date (at month precision or finer) that a sentence without future words reports,
    or `corpus_date` (the latest date the corpus's other reports give) when that is later."""
    if published:
        return Anchor(dt.date.fromisoformat(published), "publication", published)
    own = _text_anchor(text)
    if corpus_date and (own is None or dt.date.fromisoformat(corpus_date[0]) > own.date):
        return Anchor(dt.date.fromisoformat(corpus_date[0]), "corpus", corpus_date[1])
    return own


def latest_reported_day(text: str) -> Anchor | None:
    """The latest day (not month) that a sentence without future words reports: a dateline, a timestamp,
    a day of the story; a month or a year alone is more often background ("joined in December 2011")."""
    return _text_anchor(text, days_only=True)


def _text_anchor(text: str, days_only: bool = False) -> Anchor | None:
    latest: tuple[dt.date, str] | None = None
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        # A date placed on the calendar by itself gives its year in figures: a sentence without a digit
        # has none (and skipping it spares the expression finder most of a long text).
        if not any(ch.isdigit() for ch in sentence) or _FUTURE_WORDS.search(sentence):
            continue
        for expression in find_expressions(sentence):
            if expression.kind != "absolute" or expression.month is None or expression.qualifier == "by" \
                    or days_only and expression.day is None:
                continue
            date = dt.date(expression.year, expression.month, expression.day or 1)
            if latest is None or date > latest[0]:
                latest = (date, expression.text.strip())
    return Anchor(latest[0], "text", latest[1]) if latest else None


# --- resolution ---------------------------------------------------------------

def _unresolved(note: str, qualifier: str | None = None) -> ResolvedDate:
    return ResolvedDate(None, None, qualifier, note)


def _month_shift(year: int, month: int, steps: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + steps
    return index // 12, index % 12 + 1


def _iso(year: int, month: int | None = None, day: int | None = None) -> tuple[str, str]:
    if month is None:
        return f"{year:04d}", "year"
    if day is None:
        return f"{year:04d}-{month:02d}", "month"
    return f"{year:04d}-{month:02d}-{day:02d}", "day"


_PERIOD = re.compile(r"^(\d{4})(-(?:Q\d|H\d|SP|SU|FA|WI))$")
# Quarters and halves: what a report compares with "a year earlier" ("up from $10 million a year ago").
_ACCOUNTING_PERIOD = re.compile(r"^(\d{4})(-(?:Q\d|H\d))$")
_NOT_PLACED = {
    "PRESENT_REF": "the time of writing, not a date on the calendar",
    "PAST_REF": "some time before the writing, not a date on the calendar",
    "FUTURE_REF": "some time after the writing, not a date on the calendar",
}


def resolve(expression: TimeExpression, anchor: Anchor | None, tense: str = PAST,
            previous: ResolvedDate | None = None, previous_period: ResolvedDate | None = None) -> ResolvedDate:
    """Where `expression` falls, counted from `anchor` (or from `previous`, the date the
    text mentioned just before, for "that month" and "the following year"; or from
    `previous_period`, the last quarter or half the text named, for "the latest quarter"),
    with its value in TimeML's form."""
    e = expression
    placed = _place(e, anchor, tense, previous, previous_period)
    if placed.timex is not None or e.value is not None:
        return replace(placed, timex=placed.timex or e.value, timex_type=e.timex_type)
    timex = placed.date
    if timex is not None:
        if e.qualifier == "decade":
            timex = timex[:3]
        elif e.period:
            timex = f"{timex[:4]}-{e.period}"
        elif e.clock and placed.precision == "day":
            timex += e.clock
    return replace(placed, timex=timex, timex_type=e.timex_type if timex or e.timex_type != "TIME" else "DATE")


def _place(e: TimeExpression, anchor: Anchor | None, tense: str, previous: ResolvedDate | None,
           previous_period: ResolvedDate | None) -> ResolvedDate:
    if e.kind == "absolute":
        date, precision = _iso(e.year, e.month, e.day)
        return ResolvedDate(date, precision, e.qualifier, "stated in full")
    if e.kind in ("duration", "set"):
        return _unresolved("a length of time, not a date" if e.kind == "duration" else "a recurrence, not one date")
    if e.kind == "century":
        return _unresolved("a century: too long a time for the timeline")
    if e.kind in ("vague", "reference"):
        return _unresolved(_NOT_PLACED.get(e.value or "", "too vague to place on a calendar"))
    if e.kind == "anaphoric" and e.unit in ("quarter", "period"):
        return _resolve_period_again(e, anchor, previous_period)
    if e.kind == "anaphoric":
        return _resolve_anaphoric(e, previous, previous_period)
    if anchor is None:
        return _unresolved("the document has no publication date and states no date to count from", e.qualifier)
    counted = f"counted from the {anchor.describe()}"
    a = anchor.date
    if anchor.kind == "corpus" and e.kind != "partial":
        # The corpus's date says only the year the report was likely written in: "this month", "last
        # year" need the report's own.
        return _unresolved(f"needs the month the document was written; it has only the {anchor.describe()}",
                           e.qualifier)
    if e.unit in ("weekday", "day", "week") and anchor.kind != "publication":
        return _unresolved(f"needs the day the document was written; it has only the {anchor.describe()}",
                           e.qualifier)
    if e.kind != "partial" and (e.qualifier == "by" or (e.offset is not None and e.offset > 0 and e.unit != "month_name")):
        tense = FUTURE

    if e.kind == "partial" and e.months is not None:
        return _resolve_period(e, anchor, tense)
    if e.kind == "partial":
        year = a.year
        if anchor.kind == "publication":
            stated = (e.month, e.day or 0)
            now = (a.month, a.day if e.day is not None else 0)
            if e.unit == "month_name" and e.offset:  # "last April", "next April"
                tense = PAST if e.offset < 0 else FUTURE
            elif e.qualifier == "by" or tense == PRESENT or tense == PAST and _close_day(a, e.month, e.day):
                # A deadline ("by Jan. 14", "until March"), a statement in the present ("the vote is in May") or
                # a day close to the writing in a past clause: the nearest occurrence of the month or day, before
                # or after the day of writing. News gives the year for a day outside the current year, and a past
                # clause about a day just ahead is a deadline or a schedule ("extended to Nov. 20", "payable
                # Dec. 7").
                year = _nearest_year(a, e.month, e.day)
                tense = None
            if tense == PAST and stated > now or e.offset == -1 and stated == now:
                year -= 1
            elif tense == FUTURE and stated < now or e.offset == 1 and stated == now:
                year += 1
        day = e.day if e.nth is None else _nth_weekday(year, e.month, e.weekday, e.nth)
        if day is not None and not _valid_day(year, e.month, day):
            return _unresolved(f"{e.month}/{day} is not a date in {year}")
        date, precision = _iso(year, e.month, day)
        return ResolvedDate(date, precision, e.qualifier, f"year {counted}")

    # relative
    if e.unit == "weekday":
        forward = (e.offset or 0) > 0 or (e.offset is None and tense == FUTURE)
        step = dt.timedelta(days=1 if forward else -1)
        day = a + step if e.strict else a
        while day.weekday() != e.weekday:
            day += step
        date, precision = _iso(day.year, day.month, day.day)
        return ResolvedDate(date, precision, e.qualifier, counted)
    if e.unit == "day":
        day = a + dt.timedelta(days=e.offset or 0)
        date, precision = _iso(day.year, day.month, day.day)
        return ResolvedDate(date, precision, e.qualifier, counted)
    if e.unit == "week":
        # On a Sunday "last week" is the one ending that day, as weeks that start on a Sunday count it.
        sunday_past = e.offset == -1 and a.weekday() == 6
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=0 if sunday_past else e.offset or 0)
        if e.offset and e.offset < -1:  # "three weeks ago": a day, roughly
            day = a + dt.timedelta(weeks=e.offset)
            date, precision = _iso(day.year, day.month, day.day)
            return ResolvedDate(date, precision, e.qualifier or "about", counted)
        return _week(monday, monday + dt.timedelta(days=6), e.qualifier, f"the week of {{}}, {counted}")
    if e.unit == "weekend":
        forward = (e.offset or 0) > 0 or (e.offset is None and tense == FUTURE)
        # The weekend just past (or under way) on a Monday or a Sunday; the coming one for "next weekend".
        saturday = a - dt.timedelta(days=(a.weekday() - 5) % 7)
        if forward and saturday < a - dt.timedelta(days=1) or e.offset == 1 and saturday <= a:
            saturday += dt.timedelta(weeks=1)
        found = _week(saturday, saturday + dt.timedelta(days=1), e.qualifier, f"the weekend of {{}}, {counted}")
        return replace(found, timex=found.timex + "-WE") if found.timex else found
    if e.unit == "month":
        year, month = _month_shift(a.year, a.month, e.offset or 0)
        date, precision = _iso(year, month)
        return ResolvedDate(date, precision, e.qualifier, counted)
    if e.unit == "year":
        year = a.year + (e.offset or 0)
        if previous is not None and e.offset == -1 and e.qualifier == "about" and \
                _ACCOUNTING_PERIOD.match(previous.timex or ""):
            # "up from $10 million a year ago" after "the third quarter": that quarter a year before.
            return _a_year_before(_compared_period(previous, previous_period))
        if e.month is not None:
            date, precision = _iso(year, e.month, e.day)
        else:
            date, precision = _iso(year)
        return ResolvedDate(date, precision, e.qualifier, counted)
    return _unresolved("no rule places this expression")


def _week(first: dt.date, last: dt.date, qualifier: str | None, note: str) -> ResolvedDate:
    """A week (or a weekend) from `first` to `last`: on the calendar the month or year that holds it,
    in TimeML the ISO week ("1998-W08")."""
    year, week, _ = first.isocalendar()
    note = note.format(f"{first.isoformat()} to {last.isoformat()}")
    if (first.year, first.month) == (last.year, last.month):
        date, precision = _iso(first.year, first.month)
    elif first.year == last.year:
        date, precision = _iso(first.year)
    else:
        date, precision = None, None
    return ResolvedDate(date, precision, qualifier, note, timex=f"{year:04d}-W{week:02d}")


def _resolve_period(e: TimeExpression, anchor: Anchor, tense: str) -> ResolvedDate:
    """A quarter, a half or a season without its year: this year's, unless the words or the tense say
    another. "Last summer" is the latest summer over before the anchor month, "next spring" the first
    to come; in a past clause a period that would start after the anchor month is last year's, in a
    future clause one that would end before it is next year's."""
    a = anchor.date
    first, last = e.months
    year = a.year
    if anchor.kind == "publication":
        if e.offset == -1:
            year -= last >= a.month
        elif e.offset == 1:
            year += first <= a.month
        elif e.offset is None and first > a.month and (tense == PAST or tense != FUTURE and e.period[0] in "QH"):
            # A quarter or half not yet begun is last year's unless the clause looks ahead: reports are of
            # periods over ("its third-quarter loss" in March).
            year -= 1
        elif e.offset is None and tense == FUTURE and last < a.month and not e.period.startswith(("Q", "H")):
            # A quarter or half is reported once over ("expects to report third-quarter net income"): only a
            # season in a future clause is next year's.
            year += 1
    return ResolvedDate(f"{year:04d}", "year", e.qualifier, f"year counted from the {anchor.describe()}",
                        timex=f"{year:04d}-{e.period}")


def _resolve_period_again(e: TimeExpression, anchor: Anchor | None, previous_period: ResolvedDate | None
                          ) -> ResolvedDate:
    """'The quarter', 'the latest quarter', 'the year-ago period': the quarter or half the text named last,
    moved by `offset` quarters; with none named, a quarter is the last one over before the anchor (the
    current one for 'the current quarter')."""
    match = _ACCOUNTING_PERIOD.match(previous_period.timex) if previous_period and previous_period.timex else None
    if match and (e.unit == "period" or match.group(2).startswith("-Q") and not e.strict):
        year, period = int(match.group(1)), match.group(2)
        note = f"the period named before ({previous_period.timex})"
    elif e.unit == "quarter" and anchor is not None and anchor.kind == "publication":
        year, number = anchor.date.year, (anchor.date.month - 1) // 3
        if number == 0:
            year, number = year - 1, 4
        period = f"-Q{number}"
        note = f"counted from the last complete quarter at the {anchor.describe()}"
    else:
        return _unresolved("refers to a period the text has not placed")
    if period.startswith("-Q") and e.offset:
        index = year * 4 + int(period[2]) - 1 + e.offset
        year, period = index // 4, f"-Q{index % 4 + 1}"
    return ResolvedDate(f"{year:04d}", "year", e.qualifier, note, timex=f"{year:04d}{period}")


def _compared_period(previous: ResolvedDate, previous_period: ResolvedDate | None) -> ResolvedDate:
    """What "a year earlier" compares with: the quarter or half the text named, else the date just before."""
    if previous_period is not None and _ACCOUNTING_PERIOD.match(previous_period.timex or ""):
        return previous_period
    return previous


def _a_year_before(previous: ResolvedDate) -> ResolvedDate:
    match = _PERIOD.match(previous.timex or "")
    if match is None:
        return _unresolved(f"counted from {previous.timex}, which is not a period")
    year = int(match.group(1)) - 1
    return ResolvedDate(f"{year:04d}", "year", None, f"counted from {previous.timex}, the period mentioned before",
                        timex=f"{year:04d}{match.group(2)}")


_SIDE = re.compile(r"\b(?:(?P<after>after|following|later\s+than)|(?P<before>before|ahead\s+of|prior\s+to))\b", re.I)


def weekday_beside(expression: TimeExpression, between: str, day: ResolvedDate) -> ResolvedDate | None:
    """A weekday the day of writing cannot place, counted from a placed day its sentence names after it,
    on the side the words between them say: "charged Thursday, less than a week after the Sept. 16
    shooting" is the first Thursday after 16 September."""
    side = _SIDE.search(between)
    if expression.unit != "weekday" or expression.weekday is None or side is None or day.precision != "day":
        return None
    step = dt.timedelta(days=1 if side.group("after") else -1)
    placed = dt.date.fromisoformat(day.date) + step
    while placed.weekday() != expression.weekday:
        placed += step
    note = f"the {WEEKDAYS[expression.weekday].capitalize()} {'after' if side.group('after') else 'before'} {day.date}, " \
           "the day its sentence names"
    return ResolvedDate(placed.isoformat(), "day", expression.qualifier, note, timex=placed.isoformat())


# How close to the day of writing a day must fall for its nearest occurrence to win over the tense.
_CLOSE_DAYS = 61


def _close_day(anchor: dt.date, month: int, day: int | None) -> bool:
    """Whether a month-and-day falls within two months either side of the anchor day."""
    if day is None:
        return False
    year = _nearest_year(anchor, month, day)
    return _valid_day(year, month, day) and abs((dt.date(year, month, day) - anchor).days) <= _CLOSE_DAYS


def _nearest_year(anchor: dt.date, month: int, day: int | None) -> int:
    """The year in which a month (its middle) or a month and day falls nearest the anchor day."""
    def distance(year: int) -> int:
        try:
            return abs((dt.date(year, month, day or 15) - anchor).days)
        except ValueError:  # 29 February outside a leap year
            return 10 ** 6
    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: (distance(y), y))


def _resolve_anaphoric(e: TimeExpression, previous: ResolvedDate | None,
                       previous_period: ResolvedDate | None = None) -> ResolvedDate:
    if previous is None or previous.date is None:
        return _unresolved("refers to a date the text has not placed")
    parts = [int(p) for p in previous.date.split("-")]
    needed = {"year": 1, "month": 2, "week": 3, "day": 3}[e.unit]
    if e.month is not None:  # "March of the following year"
        year = parts[0] + (e.offset or 0)
        date, precision = _iso(year, e.month)
        return ResolvedDate(date, precision, e.qualifier, f"counted from {previous.date}, the date mentioned before")
    if len(parts) < needed:
        return _unresolved(f"the date mentioned before ({previous.date}) is not precise enough")
    note = f"counted from {previous.date}, the date mentioned before"
    offset = e.offset or 0
    if e.unit == "year" and offset and _ACCOUNTING_PERIOD.match(previous.timex or ""):
        # "A year earlier" than a quarter: that quarter a year before; after "a year ago" it is still the quarter
        # the report is about (`previous_period`) that is compared, not the year before that.
        if offset != -1:
            return _unresolved(note)
        return replace(_a_year_before(_compared_period(previous, previous_period)), qualifier=e.qualifier)
    if e.unit == "year":
        date, precision = _iso(parts[0] + offset)
    elif e.unit == "month":
        date, precision = _iso(*_month_shift(parts[0], parts[1], offset))
    else:
        day = dt.date(*parts) + (dt.timedelta(weeks=offset) if e.unit == "week" else dt.timedelta(days=offset))
        if e.unit == "week":
            monday = day - dt.timedelta(days=day.weekday())
            return replace(_week(monday, monday + dt.timedelta(days=6), e.qualifier, note + ": the week of {}"),
                           date=_iso(day.year, day.month)[0], precision="month")
        else:
            date, precision = _iso(day.year, day.month, day.day)
    return ResolvedDate(date, precision, e.qualifier, note)
