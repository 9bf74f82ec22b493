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
from collections import defaultdict
from collections.abc import Iterable

from factfile.dates import MONTHS, WEEKDAYS
from factfile.model import Claim, Document, Value, Warning
from factfile.stages.group import SYNONYMS, compatible, counted_noun

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
    return [w for document in documents for check in _CHECKS for w in check(document)]


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


# --- dates that cannot be placed ----------------------------------------------------

_NEEDS_ANCHOR = ("the document has no publication date", "needs the day the document was written",
                 "needs the month the document was written")


def unanchored_dates(document: Document) -> list[Warning]:
    """Relative dates ("on Thursday", "in April") left off the calendar for want of a publication date."""
    seen: dict[tuple[int, int], Value] = {}
    for claim in document.claims:
        for value in claim.values:
            if value.type == "date" and value.date is None and (value.note or "").startswith(_NEEDS_ANCHOR):
                seen.setdefault((value.start, value.end), value)
    if not seen:
        return []
    values = [seen[k] for k in sorted(seen)]
    words = ", ".join(f"'{v.text}'" for v in values)
    reason = values[0].note
    return [Warning(
        document.id, "unanchored_date",
        f"{words} cannot be placed on the calendar: {reason}. They are left off the timeline; "
        "find when the report was published to place them",
        values[0].start, values[0].end,
    )]


# --- one document, two figures for one thing -----------------------------------------

# Words that report a figure changing or being revised, where two figures are a story, not a slip.
_CHANGE = re.compile(
    r"\b(?:ris(?:e|es|en|ing)|rose|fell|fall(?:s|en)?|increas\w*|decreas\w*|grew|grow\w*|climb\w*|jump\w*|drop\w*|"
    r"rais\w*|cut|cuts|doubl\w*|tripl\w*|revis\w*|up from|down from|from\s+\S+\s+to|compared|instead|initial\w*|"
    r"original\w*|previous\w*|earlier|former\w*|last year|now|bigger|smaller|higher|lower|more than doubled|"
    r"estimat\w*|budget\w*)\b", re.I)
_VALUE_THING = re.compile(r"^[\s\-–)(]*(?:[\w\-]+\s+){0,2}?(?P<noun>[a-z][a-z\-]+)")


def _thing(document: Document, claim: Claim, value: Value) -> str | None:
    """What a figure measures: the counted noun, else the noun right after it ('$8.5 million facility',
    '1,300-kilometre border'), else the nearest noun before it ('a price tag of $450 million')."""
    if value.type == "count":
        return counted_noun(value.unit)
    nouns = set(claim.nouns)
    # Only words in the same phrase: stop at punctuation on either side.
    after_text = re.split(r"[,.;:()\n]", document.text[value.end:value.end + 40])[0]
    before_text = re.split(r"[,.;:()\n]", document.text[max(claim.start, value.start - 50):value.start])[-1]
    after = re.findall(r"[a-z][a-z\-]+", after_text.lower())[:3]
    before = re.findall(r"[a-z][a-z\-]+", before_text.lower())[-8:]
    for word in after + before[::-1]:
        for candidate in (word, word.rstrip("s")):
            if candidate in nouns:
                return SYNONYMS.get(candidate, candidate)
    return None


_MAX_FIGURES = 50


def number_conflicts(document: Document) -> list[Warning]:
    """Two figures in one document for the same thing, from the same source, that cannot both be true."""
    figures = []
    for claim in document.claims:
        if _CHANGE.search(claim.text):
            continue
        for value in claim.values:
            if value.type in ("money", "quantity", "count") and value.amount:
                thing = _thing(document, claim, value)
                if thing:
                    figures.append((value.type, value.unit, thing, claim.attributed_to, value, claim))
    # Figures meet only their own kind of figure: (type, unit, thing, source), the first
    # `_MAX_FIGURES` of each, so a table of numbers cannot make this quadratic.
    by_key: dict[tuple, list[tuple[Value, Claim]]] = defaultdict(list)
    for kind, unit, thing, source, value, claim in figures:
        by_key[(kind, unit, thing, source)].append((value, claim))
    warnings = []
    for (kind, unit, thing, source), members in by_key.items():
        members = members[:_MAX_FIGURES]
        conflict = next(((a, b) for i, (b, claim_b) in enumerate(members)
                         for a, claim_a in members[:i] if claim_a.id != claim_b.id and not compatible(a, b)), None)
        if conflict is None:
            continue
        other, value = conflict
        warnings.append(Warning(
            document.id, "number_conflict",
            f"the report gives two figures for the {thing}: '{other.text}' and later '{value.text}'"
            + (f", both from {source}" if source else "") + "; at most one can be right",
            value.start, value.end,
        ))
    return warnings


# --- headlines the body does not bear out -----------------------------------------------

_STOP = frozenset(
    "a an the to of in on for and or with as at by is are was were be been being its it this that these those from "
    "has have had will would not no into over after before about than their his her they he she we our us who what "
    "which when where while amid says say said new more most also up out how why".split())
# Headline words and the plainer words a body uses for them.
_HEADLINE_WORDS = {
    "bankroll": "financ", "fund": "financ", "bank": "lender", "back": "support", "slam": "criticiz",
    "probe": "investigat", "vow": "pledg", "row": "disput", "mull": "consider", "hike": "increas", "axe": "cut",
    "nod": "approv", "pact": "agreement", "deal": "agreement", "quit": "resign", "spy": "surveillanc",
}
_HEADLINE_HEDGE = re.compile(r"\?|\b(?:[Mm]ay|MAY|might|could|would|reportedly|allegedly|possibl\w*|likely|report|reports|"
                             r"says?|said|told|claims?|claimed|accord\w*)\b|:\s*\w+$", re.I)
# "may" is a hedge, "May" a month: the one pattern that must see case.
_BODY_HEDGE = re.compile(
    r"\b(?:(?-i:may)|might|could|reportedly|allegedly|possibl\w*|probabl\w*|likely|apparently|perhaps|suggest\w*|"
    r"(?:is|are)\s+(?:believed|thought|said)\s+to|concerns?\s+(?:are|is)\s+(?:growing|mounting)|fears?\s+that|"
    r"(?:is|are)\s+planning\s+to|considering|rumou?r\w*|unconfirmed|unclear)\b", re.I)
_PART_OF = re.compile(r"\b(?:part\s+of|some\s+of|a\s+portion\s+of|a\s+share\s+of|partly|partially|a\s+fraction\s+of)\b",
                      re.I)
_WORDS = re.compile(r"[A-Za-z]+(?:[-’'][A-Za-z]+)*")


def _stem(word: str) -> str:
    word = re.sub(r"[’']s$", "", word.lower())
    word = re.sub(r"is(e|ed|es|ing|ation)$", r"iz\1", word).replace("our", "or")
    for suffix, replacement in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith("ss"):
            word = word[: -len(suffix)] + replacement
            break
    return _HEADLINE_WORDS.get(word, word)


def _content(text: str) -> set[str]:
    parts = [p for w in _WORDS.findall(text) for p in re.split(r"[-’']", w) if p]
    return {_stem(p) for p in parts if p.lower() not in _STOP and len(p) > 2}


# Short unpunctuated lines are sub-headings in an article, but a table or a list has hundreds.
_MAX_SUBHEADINGS = 30


def _headings(document: Document) -> list[tuple[str, int | None, int | None]]:
    """The title, the standfirst and the sub-headings inside the text, with their spans (None outside it)."""
    found = [(h, None, None) for h in (document.title, document.standfirst) if h]
    offset = 0
    for line in document.text.split("\n"):
        stripped = line.strip()
        words = stripped.split()
        if 3 <= len(words) <= 15 and not stripped.endswith((".", "”", '"', ":", "?", "!")):
            start = offset + line.index(stripped)
            found.append((stripped, start, start + len(stripped)))
        offset += len(line) + 1
    return found[:2 + _MAX_SUBHEADINGS]


# The body sentence must share at least this share of a heading's words to be its version of it.
_MIN_SHARED = 0.5


def headlines_unsupported(document: Document) -> list[Warning]:
    """Headings that state as fact, or in general, what the body only says may be so, or says in part."""
    headings = _headings(document)
    heading_spans = {(s, e) for _, s, e in headings if s is not None}
    sentences = []
    offset = 0
    for piece in re.split(r"(?<=[.!?”\"])\s+|\n+", document.text):
        start = document.text.find(piece, offset)
        offset = start + len(piece)
        if piece.strip() and (start, offset) not in heading_spans:
            sentences.append((piece, start, _content(piece), bool(_BODY_HEDGE.search(piece) or _PART_OF.search(piece))))
    warnings = []
    for heading, start, end in headings:
        if _HEADLINE_HEDGE.search(heading):
            continue  # a heading that hedges or attributes claims nothing of its own
        words = _content(heading)
        if len(words) < 3:
            continue
        scored = sorted(((len(words & c), -s) for _, s, c, _ in sentences), reverse=True)
        if not scored or scored[0][0] < 2 or scored[0][0] < _MIN_SHARED * len(words):
            continue  # the body words it too differently to compare; say nothing rather than guess
        best = scored[0][0]
        candidates = [(t, s, c, weak) for t, s, c, weak in sentences if len(words & c) == best]
        flat = [x for x in candidates if not x[3]]
        reason, evidence = None, None
        if not flat:
            evidence = candidates[0]
            reason = ("states as fact what the body only says in part or may be so"
                      if _BODY_HEDGE.search(evidence[0]) else "generalises what the body says of a part")
        else:
            evidence = flat[0]
            dropped = _dropped_qualifier(words, evidence[0])
            if dropped:
                reason = f"drops the body's qualifier: the body says '{dropped}'"
            else:
                hedged_only = _hedged_only(words, sentences)
                if hedged_only:
                    word, evidence = hedged_only
                    reason = f"takes '{word}' from a statement the body only hedges"
        if reason:
            text, s = evidence[0], evidence[1]
            span = (start, end) if start is not None else (s, s + len(text))
            warnings.append(Warning(
                document.id, "headline_unsupported",
                f"the heading '{heading}' {reason}; the body: '{_clip(text)}'", span[0], span[1]))
    return warnings


def _dropped_qualifier(words: set[str], sentence: str) -> str | None:
    """'junta' in the heading, only 'junta-appointed envoy' in the body."""
    for compound in re.finditer(r"\b([A-Za-z]+)-(\w+(?:ed|run|led|made|held|owned))\s+(\w+)", sentence):
        stem = _stem(compound.group(1))
        if stem not in words or _stem(compound.group(3)) in words:
            continue
        plain = [w for w in _WORDS.findall(sentence) if _stem(w) == stem]
        if not plain:  # the word only ever appears as the qualifier of something else
            return compound.group(0)
    return None


def _hedged_only(words: set[str], sentences) -> tuple[str, tuple] | None:
    """A heading word that the body uses only in hedged sentences which also share other heading words."""
    for word in sorted(words):
        holding = [x for x in sentences if word in x[2]]
        if holding and all(x[3] for x in holding):
            source = max(holding, key=lambda x: len(words & x[2]))
            if len(words & source[2]) >= 2:
                original = next((w for w in _WORDS.findall(source[0]) for p in re.split(r"[-’']", w)
                                 if _stem(p) == word), word)
                if original[:1].isupper():
                    continue  # a name in a hedged sentence is not what the hedge is about
                return original, source
    return None


def _clip(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_CHECKS = (weekday_mismatches, date_conflicts, unanchored_dates, number_conflicts, headlines_unsupported)
