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
from dataclasses import dataclass

from factfile.dates import MONTHS, WEEKDAYS, find_dates

PAST, PRESENT, FUTURE = "past", "present", "future"

_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50,
    "a couple of": 2, "a few": 3, "several": 3,
}
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


@dataclass(frozen=True, slots=True)
class Anchor:
    """The date a document's relative expressions are counted from."""

    date: dt.date
    # "publication": the day of writing is known. "text": only that the document was
    # written in this year at the earliest (the latest date it reports as past).
    kind: str
    words: str

    def describe(self) -> str:
        if self.kind == "publication":
            return f"publication date {self.date.isoformat()}"
        return f"latest date in the text, '{self.words}' (no publication date)"


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """Where an expression falls: `date` at `precision`, or None with `note` saying why."""

    date: str | None
    precision: str | None
    qualifier: str | None
    note: str


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


# Each pattern with the function that reads its match, longest forms first.
_PATTERNS: list[tuple[re.Pattern, str]] = [
    # August this year / March of last year / April next year
    (re.compile(rf"\b{_PREP}{_PART}{_MONTH}\s+(?:of\s+)?(?P<rel>this|last|next|the\s+previous|the\s+following)\s+year\b",
                re.I), "month_of_relative_year"),
    # this August / last April
    (re.compile(rf"\b{_PREP}(?P<rel>this|last|next|this\s+past|this\s+coming)\s+{_MONTH}(?!\s+\d)\b", re.I),
     "relative_month"),
    # June 2021 / mid-May 2025 / the end of March 2025
    (re.compile(rf"\b{_PREP}{_PART}{_MONTH},?\s+(?:of\s+)?{_YEAR}\b", re.I), "month_year"),
    # October 23, Friday / March 11 / Friday, October 23 / 4 July / July 4th
    (re.compile(rf"\b{_PREP}(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!\s*,?\s*(?:1[89]|20)\d{{2}})(?:,?\s+(?P<weekday2>"
                + "|".join(WEEKDAYS) + r")\b)?(?![\d:])", re.I), "month_day"),
    (re.compile(rf"\b{_PREP}(?:{_WEEKDAY},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MONTH}\b(?!\s*,?\s*(?:1[89]|20)\d{{2}})",
                re.I), "month_day"),
    # in April / since March / in early May (a bare month needs a word before it: "May" is also a verb)
    (re.compile(rf"\b(?P<prep>in|since|by|until|till|from|during|before|after|through|early|late|mid-?)\s+"
                rf"(?:(?P<part>early|late|mid-?)\s*)?{_MONTH}\b(?!\s*\d)", re.I), "month"),
    # in the 1970s / the early 1990s
    (re.compile(rf"\b{_PREP}the\s+(?:(?:early|late|mid)[\s-]+)?(?P<decade>(?:1[89]|20)\d0)[’']?s\b", re.I), "decade"),
    # in late 2027 / by the end of 2027 / since 2016 / in 2019
    (re.compile(rf"\b{_PREP}{_PART}{_YEAR}\b(?![.,]?\d)(?!\s*(?:%|per\s*cent|km|kilomet|mile|metre|meter|"
                r"people|troops|soldiers|tonnes|tons|dollars|yuan|euros))", re.I), "year"),
    # over the past five or six years / in the last two decades / for the past decade
    (re.compile(rf"\b(?P<prep>over|in|during|for|within)\s+the\s+(?:past|last|previous)\s+(?:{_AMOUNT}\s+)?{_UNIT}\b",
                re.I), "past_period"),
    # earlier this month / later this year / this week / last month / next year
    (re.compile(rf"(?<!\bthe\s)\b{_PREP}(?:(?P<side>earlier|later)\s+)?(?P<rel>this|last|next|the\s+past|the\s+coming)\s+"
                r"(?P<unit>week|month|year)\b(?!s)", re.I), "relative_unit"),
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
    # last Saturday / on Thursday / next Monday / Tuesday night
    (re.compile(rf"\b(?:(?P<prep>on|by|until|since|from|before|after)\s+)?(?:(?P<rel>last|next|this|this\s+past|"
                rf"this\s+coming|coming)\s+)?{_WEEKDAY}\b", re.I), "weekday"),
    (re.compile(r"\b(?P<word>today|yesterday|tomorrow|tonight|this\s+morning|this\s+afternoon|this\s+evening|"
                r"last\s+night)\b", re.I), "day_word"),
    (re.compile(r"\b(?:(?:more|most|very|only|until|as)\s+)?(?:recently|lately|nowadays|these\s+days|in\s+recent\s+"
                r"(?:days|weeks|months|years|decades)|in\s+the\s+(?:coming|next|past|last)\s+(?:few\s+)?(?:days|weeks|"
                r"months|years|decades)|in\s+the\s+near\s+future|soon)\b", re.I), "vague"),
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
    return sorted(found, key=lambda f: f.start)


def _base(match: re.Match, kind: str, **fields) -> TimeExpression:
    return TimeExpression(match.start(), match.end(), match.group(0), kind, **fields)


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


def _read_decade(match: re.Match) -> TimeExpression:
    return _base(match, "absolute", year=int(match.group("decade")), qualifier="decade")


# Words before a bare year that make it a year that names something ("the 1996 election", "its 1988 budget").
_YEAR_DETERMINERS = frozenset("the a an his her its their our this that whose".split())
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
    second = _group(match, "n2")
    amount = max(_amount(match.group("n")), _amount(second) if second else 0)
    return ("year", amount * 10) if unit == "decade" else (unit, amount)


def _read_ago(match: re.Match) -> TimeExpression:
    unit, amount = _length(match)
    approx = "about" if match.group("about") or match.group("n").lower() in ("a", "an", "several", "a few") else None
    return _base(match, "relative", unit=unit, offset=-amount, qualifier=approx)


def _read_past_period(match: re.Match) -> TimeExpression:
    unit, amount = _length(match)
    return _base(match, "relative", unit=unit, offset=-amount, qualifier="since")


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
    return _base(match, "relative", unit="day", offset=offset)


def _read_vague(match: re.Match) -> TimeExpression:
    return _base(match, "vague")


_READERS = {
    "month_of_relative_year": _read_month_of_relative_year,
    "relative_month": _read_relative_month,
    "month_year": _read_month_year,
    "month_day": _read_month_day,
    "month": _read_month,
    "decade": _read_decade,
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
}


# --- anchors ------------------------------------------------------------------

_FUTURE_WORDS = re.compile(
    r"\b(?:will|would|shall|(?:plans?|planned|scheduled|expected|due|aims?|set)\s+to|until|by)\b", re.I)


def anchor_for(published: str | None, text: str) -> Anchor | None:
    """What the document's relative dates count from: its publication day, else the
    latest date (at month precision or finer) that a sentence without future words reports."""
    if published:
        return Anchor(dt.date.fromisoformat(published), "publication", published)
    latest: tuple[dt.date, str] | None = None
    for sentence in re.split(r"(?<=[.!?])\s+|\n+", text):
        if _FUTURE_WORDS.search(sentence):
            continue
        for expression in find_expressions(sentence):
            if expression.kind != "absolute" or expression.month is None or expression.qualifier == "by":
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


def resolve(expression: TimeExpression, anchor: Anchor | None, tense: str = PAST,
            previous: ResolvedDate | None = None) -> ResolvedDate:
    """Where `expression` falls, counted from `anchor` (or from `previous`, the date the
    text mentioned just before, for "that month" and "the following year")."""
    e = expression
    if e.kind == "absolute":
        date, precision = _iso(e.year, e.month, e.day)
        return ResolvedDate(date, precision, e.qualifier, "stated in full")
    if e.kind == "vague":
        return _unresolved("too vague to place on a calendar")
    if e.kind == "anaphoric":
        return _resolve_anaphoric(e, previous)
    if anchor is None:
        return _unresolved("the document has no publication date and states no date to count from", e.qualifier)
    counted = f"counted from the {anchor.describe()}"
    a = anchor.date
    if e.unit in ("weekday", "day", "week") and anchor.kind != "publication":
        return _unresolved(f"needs the day the document was written; it has only the {anchor.describe()}",
                           e.qualifier)
    if e.kind != "partial" and (e.qualifier == "by" or (e.offset is not None and e.offset > 0 and e.unit != "month_name")):
        tense = FUTURE

    if e.kind == "partial":
        year = a.year
        if anchor.kind == "publication":
            stated = (e.month, e.day or 0)
            now = (a.month, a.day if e.day is not None else 0)
            if e.unit == "month_name" and e.offset:  # "last April", "next April"
                tense = PAST if e.offset < 0 else FUTURE
            elif e.qualifier == "by" or tense == PRESENT:
                # A deadline ("by Jan. 14", "until March") or a statement in the present ("the vote is in May"):
                # the nearest occurrence of the month or day, before or after the day of writing.
                year = _nearest_year(a, e.month, e.day)
                tense = None
            if tense == PAST and stated > now or e.offset == -1 and stated == now:
                year -= 1
            elif tense == FUTURE and stated < now or e.offset == 1 and stated == now:
                year += 1
        if e.day is not None:
            try:
                dt.date(year, e.month, e.day)
            except ValueError:
                return _unresolved(f"{e.month}/{e.day} is not a date in {year}")
        date, precision = _iso(year, e.month, e.day)
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
        monday = a - dt.timedelta(days=a.weekday()) + dt.timedelta(weeks=e.offset or 0)
        if e.offset and e.offset < -1:  # "three weeks ago": a day, roughly
            day = a + dt.timedelta(weeks=e.offset)
            date, precision = _iso(day.year, day.month, day.day)
            return ResolvedDate(date, precision, e.qualifier or "about", counted)
        sunday = monday + dt.timedelta(days=6)
        # A week is not a precision factfile/1 has: give the month (or year) that holds it.
        if (monday.year, monday.month) == (sunday.year, sunday.month):
            date, precision = _iso(monday.year, monday.month)
        else:
            date, precision = _iso(monday.year) if monday.year == sunday.year else (None, None)
        note = f"the week of {monday.isoformat()} to {sunday.isoformat()}, {counted}"
        return ResolvedDate(date, precision, e.qualifier, note) if date else _unresolved(note)
    if e.unit == "month":
        year, month = _month_shift(a.year, a.month, e.offset or 0)
        date, precision = _iso(year, month)
        return ResolvedDate(date, precision, e.qualifier, counted)
    if e.unit == "year":
        year = a.year + (e.offset or 0)
        if e.month is not None:
            date, precision = _iso(year, e.month)
        else:
            date, precision = _iso(year)
        return ResolvedDate(date, precision, e.qualifier, counted)
    return _unresolved("no rule places this expression")


def _nearest_year(anchor: dt.date, month: int, day: int | None) -> int:
    """The year in which a month (its middle) or a month and day falls nearest the anchor day."""
    def distance(year: int) -> int:
        try:
            return abs((dt.date(year, month, day or 15) - anchor).days)
        except ValueError:  # 29 February outside a leap year
            return 10 ** 6
    return min((anchor.year - 1, anchor.year, anchor.year + 1), key=lambda y: (distance(y), y))


def _resolve_anaphoric(e: TimeExpression, previous: ResolvedDate | None) -> ResolvedDate:
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
    if e.unit == "year":
        date, precision = _iso(parts[0] + offset)
    elif e.unit == "month":
        date, precision = _iso(*_month_shift(parts[0], parts[1], offset))
    else:
        day = dt.date(*parts) + (dt.timedelta(weeks=offset) if e.unit == "week" else dt.timedelta(days=offset))
        if e.unit == "week":
            date, precision = _iso(day.year, day.month)
        else:
            date, precision = _iso(day.year, day.month, day.day)
    return ResolvedDate(date, precision, e.qualifier, note)
