"""Finding and parsing calendar dates written in the common news formats.

Only full dates (day precision) are found here: they are what mastheads,
datelines, banners and metadata carry. Relative and partial dates belong to
the timeline stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?P<weekday>" + "|".join(WEEKDAYS) + r"|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.?,?\s+)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"

_PATTERNS = [
    # 2021-10-28, 2021-10-28T08:00:00Z
    re.compile(r"(?<![\d-])(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
               r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\d-])"),
    # Thursday, June 01, 2023 / Nov 5, 2021 / March 8 2025
    re.compile(r"\b" + _WEEKDAY + _MONTH + r"\s+" + _DAY + r",?\s+" + _YEAR + r"\b", re.I),
    # Thursday 1 June 2023 / 5 Nov. 2021 / 14 July, 2025
    re.compile(r"\b" + _WEEKDAY + _DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b", re.I),
    # 15/07/2024, 15.07.2024 (the order of day and month is resolved below)
    re.compile(r"(?<![\d/.])(?P<first>\d{1,2})[/.](?P<second>\d{1,2})[/.](?P<year>\d{4})(?![\d/]|\.\d)"),
    # 9/22/16, as US pages stamp their articles: slashes only, since 1.2.16 is more often a version than a date.
    re.compile(r"(?<![\d/.])(?P<first>\d{1,2})/(?P<second>\d{1,2})/(?P<year>\d{2})(?![\d/]|\.\d)"),
]


@dataclass(frozen=True, slots=True)
class FoundDate:
    start: int
    end: int
    iso: str
    text: str
    weekday: str | None = None
    # True when a numeric date could be read day-first or month-first.
    ambiguous: bool = False


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every full calendar date in `text`, in order, without overlaps."""
    found: list[FoundDate] = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if any(f.start < match.end() and match.start() < f.end for f in found):
                continue
            parts = match.groupdict()
            ambiguous = False
            if "first" in parts:
                first, second = int(parts["first"]), int(parts["second"])
                if first > 12 >= second:
                    day, month = first, second
                elif second > 12 >= first:
                    day, month = second, first
                else:
                    # Most of the world writes day first; the caller is told.
                    day, month, ambiguous = first, second, first != second
            else:
                raw_month = parts["month"]
                # .get: case-insensitive matching lets 'ſ' pass for 's', which no month name has.
                month = int(raw_month) if raw_month.isdigit() else MONTHS.get(raw_month.lower().rstrip("."))
                if month is None:
                    continue
                day = int(parts["day"])
            year = int(parts["year"])
            if len(parts["year"]) == 2:
                # A two-digit year is this century's unless that would put it decades ahead.
                year += 2000 if year <= 69 else 1900
            iso = _valid(year, month, day)
            if iso is None:
                continue
            weekday = parts.get("weekday")
            found.append(
                FoundDate(match.start(), match.end(), iso, match.group(0),
                          weekday.lower() if weekday else None, ambiguous)
            )
    return sorted(found, key=lambda f: f.start)


def parse_date(value: str) -> str | None:
    """The ISO date written in `value` (the first one), or None."""
    dates = find_dates(value)
    return dates[0].iso if dates else None


DATE_LABEL = re.compile(
    r"^(?:(?:first\s+)?published|posted|updated|last\s+updated|date|dated|on)\s*(?:on|at)?\s*:?\s*", re.I)
TIME_OF_DAY = re.compile(r"\b(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*\(?[A-Z]{2,5}\)?)?", re.I)


def date_only(line: str) -> str | None:
    """The ISO date if `line` is nothing but a date (with a label or a time), else None."""
    if len(line) > 80 or not any(c.isdigit() for c in line):
        return None
    dates = find_dates(line)
    if len(dates) != 1:
        return None
    found = dates[0]
    rest = line[: found.start] + " " + line[found.end:]
    rest = TIME_OF_DAY.sub(" ", DATE_LABEL.sub("", rest.strip()))
    return found.iso if not re.sub(r"[\s|,.:;–—\-()·•]+", "", rest) else None
