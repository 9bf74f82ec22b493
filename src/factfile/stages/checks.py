"""Stage 8, checks: warnings about statements inside one document that cannot all be true.

Reads cleaned documents; returns `Warning`s, each naming the document, the kind
of problem, a message a reader can act on, and the span of the words concerned.

- `weekday_mismatch`: a stated weekday that does not fall on the stated date
  ("On March 8, Friday" when March 8 of that year was a Saturday). A date without
  a year takes the year of the document's publication date; with neither, no
  warning is given rather than a guess.
- `date_conflict`: a date shown with the page (metadata, a header or banner date, a
  footer date) that the text contradicts: the text reports a later year as past,
  or says "in August this year" under a June date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from factfile.dates import MONTHS, WEEKDAYS
from factfile.model import Document, Warning

_MONTH = r"(?P<month>" + "|".join(sorted((m for m in MONTHS if len(m) > 2), key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d{2}))?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
# A weekday written right next to a date, before or after it.
_DATED_WEEKDAY = [
    re.compile(r"\b" + _MONTH + r"\s+" + _DAY + _YEAR + r",?\s+" + _WEEKDAY + r"\b", re.I),
    re.compile(r"\b" + _WEEKDAY + r",?\s+" + _MONTH + r"\s+" + _DAY + _YEAR + r"\b", re.I),
    re.compile(r"\b" + _WEEKDAY + r",?\s+(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?" + _MONTH + _YEAR + r"\b", re.I),
]


def check(documents: Iterable[Document]) -> list[Warning]:
    """Every warning for every document, in document order."""
    return [w for document in documents for w in weekday_mismatches(document) + date_conflicts(document)]


_KIND_WORDS = {"metadata": "the page's metadata", "dateline": "the header", "url": "the URL",
               "clutter": "the page clutter", "banner": "a site banner"}


def date_conflicts(document: Document) -> list[Warning]:
    """Dates shown with the page that the text itself contradicts."""
    from factfile.stages.clean import conflicting_words

    warnings, seen = [], set()
    for candidate in document.date_candidates:
        found = conflicting_words(candidate.date, document.text)
        if found is None or candidate.date in seen:
            continue
        seen.add(candidate.date)
        reason, words = found
        start = document.text.find(words)
        warnings.append(Warning(
            document.id, "date_conflict",
            f"'{candidate.evidence}' in {_KIND_WORDS.get(candidate.kind, candidate.kind)} dates the page "
            f"{candidate.date}, but {reason}",
            start if start >= 0 else None, start + len(words) if start >= 0 else None,
        ))
    return warnings


def weekday_mismatches(document: Document) -> list[Warning]:
    """Weekdays written next to a date they do not fall on."""
    warnings, seen = [], set()
    for pattern in _DATED_WEEKDAY:
        for match in pattern.finditer(document.text):
            if match.span() in seen:
                continue
            seen.add(match.span())
            year = match.group("year") or (document.published or "")[:4]
            if not year:
                continue  # no year stated and no publication date: nothing to check against
            try:
                date = dt.date(int(year), MONTHS[match.group("month").lower().rstrip(".")], int(match.group("day")))
            except ValueError:
                continue
            stated = match.group("weekday").lower()
            actual = WEEKDAYS[date.weekday()]
            if stated != actual:
                where = "" if match.group("year") else f" (the year of the publication date, {document.published})"
                warnings.append(Warning(
                    document.id, "weekday_mismatch",
                    f"'{match.group(0)}': {date:%B} {date.day}, {date.year}{where} was a {actual.capitalize()}, "
                    f"not a {stated.capitalize()}; one of the two is wrong",
                    match.start(), match.end(),
                ))
    return sorted(warnings, key=lambda w: w.start or 0)
