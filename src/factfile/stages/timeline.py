"""Stage 7, timeline: the dated events of the story, merged across documents.

Reads the grouped claims (each date value already placed on the calendar by the
claims stage, `temporal.py`); returns `TimelineEntry`s sorted by date.

- Every claim with a resolved date is an event at that date. Claims without
  one are background and stay off the timeline rather than being given a date.
- Two events are one when their dates agree at the precision they share
  ("2025-03" and "2025-03-11" do; "2025-03-11" and "2025-03-12" do not), they
  say the same kind of thing about the date ("since 2019" is not "in 2019"), and the claims are
  about the same thing: grouped together, or sharing what they talk about. The
  coarser the dates, the more they must share: a day is nearly an event on its
  own, a year is not.
- A merged entry takes the most precise date its documents give, and keeps
  every document and claim.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from factfile import lexicon
from factfile.config import Config
from factfile.model import Claim, Group, TimelineEntry, Value

_PRECISION_RANK = {"year": 0, "month": 1, "day": 2}
_SYNONYMS = lexicon.word_classes("measures", "synonyms")
# Everyone "said" something that day: a verb of saying is no event.
_SPEECH_VERBS = frozenset(lexicon.load("sources")["speech_verbs"])
# How many things two claims must share to be one event, by the precision their dates share.
_NEEDED = {"day": 1, "month": 1, "year": 2}
# Qualifiers that still place the event at that time ("by the end of 2027" and "in late 2027"
# can be one opening); "since 2019" starts a period and "the 1970s" spans one.
_POINT = (None, "about", "by")
# Nouns of the date itself ("this year", "earlier that month") are not what happened.
_TIME_NOUNS = frozenset("year month week day decade time date today period".split())


@dataclass(slots=True)
class _Event:
    claim: Claim
    value: Value
    keys: frozenset[str]


def build_timeline(claims: Sequence[Claim], groups: Sequence[Group], cfg: Config) -> list[TimelineEntry]:
    """The dated events in `claims`, one entry per event, sorted by date."""
    group_of: dict[str, set[str]] = {}
    for group in groups:
        for claim_id in group.claims:
            group_of.setdefault(claim_id, set()).add(group.id)
    # Entities in most documents ("the country the story is about") say nothing about sameness.
    docs = {c.doc for c in claims}
    entity_docs = Counter(e for _, e in {(c.doc, e) for c in claims for e in c.entities})
    common = {e for e, n in entity_docs.items() if len(docs) > 2 and n > len(docs) / 2}

    events = []
    for claim in claims:
        seen_dates = set()
        for value in claim.values:
            if value.type != "date" or value.date is None or value.date in seen_dates:
                continue
            seen_dates.add(value.date)
            keys = {_SYNONYMS.get(n, n) for n in claim.nouns if n not in _TIME_NOUNS}
            verb = claim.predicate.split(" ")[0]
            if verb not in _SPEECH_VERBS | {"be", "have"}:
                keys.add("verb:" + verb)
            keys |= {"entity:" + e for e in claim.entities if e not in common}
            keys |= {"group:" + g for g in group_of.get(claim.id, ())}
            events.append(_Event(claim, value, frozenset(keys)))
    # The most precise dates first, so that each cluster is seeded by its most exact date; of equally
    # precise ones, a date the words or the report's own date give before one inferred.
    events.sort(key=lambda e: (-_PRECISION_RANK[e.value.precision], e.value.inferred, e.value.date, e.claim.doc,
                               e.claim.start))
    clusters: list[list[_Event]] = []
    claims_by_doc: list[dict[str, set[str]]] = []
    # Clusters are found through what their members talk about, at the seed's date ("2025-03-11"),
    # at the month or year that contains it ("2025-03"), or from a coarser date (">2025-03": a
    # day inside that month), so an event meets only the clusters it could join.
    index: dict[tuple[str, str], list[int]] = defaultdict(list)

    indexed: list[set[str]] = []

    def register(number: int, event: _Event) -> None:
        seed = clusters[number][0].value.date
        for key in event.keys - indexed[number]:
            indexed[number].add(key)
            index[(seed, key)].append(number)
            if len(seed) > 4:
                index[(">" + seed[:-3], key)].append(number)

    for event in events:
        date = event.value.date
        coarser = {10: date[:7], 7: date[:4]}.get(len(date))
        places = [date, ">" + date] + ([coarser] if coarser else [])
        candidates = sorted({n for place in places for key in event.keys for n in index.get((place, key), ())})
        for number in candidates:
            cluster = claims_by_doc[number]
            # One report tells one event once: its other sentences at that date are other events.
            if cluster.get(event.claim.doc, {event.claim.id}) != {event.claim.id}:
                continue
            members = clusters[number][-cfg.group_max_comparisons:]
            if _fits(event, clusters[number][0]) and any(_same_event(event, member) for member in members):
                break
        else:
            number = len(clusters)
            clusters.append([])
            claims_by_doc.append({})
            indexed.append(set())
        clusters[number].append(event)
        claims_by_doc[number].setdefault(event.claim.doc, set()).add(event.claim.id)
        register(number, event)
    entries = [_entry(cluster) for cluster in clusters]
    return timeline_in_order(entries)


def timeline_order(entry: TimelineEntry) -> tuple[str, int, str, tuple[str, ...]]:
    """Where an entry stands on the timeline: by date, the coarser of one date first."""
    return entry.date, _PRECISION_RANK[entry.precision], entry.doc, entry.claims


def timeline_in_order(entries: Iterable[TimelineEntry]) -> list[TimelineEntry]:
    return sorted(entries, key=timeline_order)


def _shared_precision(a: Value, b: Value) -> str:
    return min(a.precision, b.precision, key=_PRECISION_RANK.__getitem__)


def _fits(event: _Event, seed: _Event) -> bool:
    """The event's date agrees with the cluster's most precise date at the precision they share."""
    length = {"year": 4, "month": 7, "day": 10}[_shared_precision(event.value, seed.value)]
    return event.value.date[:length] == seed.value.date[:length]


def _same_event(a: _Event, b: _Event) -> bool:
    if a.claim.id == b.claim.id:
        return True
    if not _fits(a, b):
        return False
    if abs(_PRECISION_RANK[a.value.precision] - _PRECISION_RANK[b.value.precision]) > 1:
        return False  # "this year" is too broad to be the same event as a day
    if a.value.qualifier != b.value.qualifier and not (a.value.qualifier in _POINT and b.value.qualifier in _POINT):
        return False
    shared = a.keys & b.keys
    if any(k.startswith("group:") for k in shared):
        return True
    needed = _NEEDED[_shared_precision(a.value, b.value)]
    # The things shared must include what happened, not only who: a noun or the verb.
    return len(shared) >= needed and any(not k.startswith("entity:") for k in shared)


def _entry(cluster: list[_Event]) -> TimelineEntry:
    first = cluster[0]  # the most precise date; ties go to the first document
    value = first.value
    written_in_full = value.note == "stated in full"
    claims = tuple(dict.fromkeys(e.claim.id for e in cluster))
    return TimelineEntry(
        date=value.date,
        precision=value.precision,
        text=first.claim.text,
        doc=first.claim.doc,
        claims=claims,
        resolved_from=None if written_in_full else value.text,
        docs=tuple(sorted({e.claim.doc for e in cluster})),
        qualifier=value.qualifier,
        note=None if written_in_full else value.note,
    )
