"""The data model at the centre of the pipeline.

Stages pass these frozen records to each other; `outputs/factfile_json.py`
is the one place that turns them into factfile/1. Ids are hashes of content
(`make_id`) so that a rerun on the same input gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


def make_id(*parts: object) -> str:
    """A short stable id derived from the parts' text."""
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()
    return digest[:12]


@dataclass(frozen=True, slots=True)
class DatedEvidence:
    """A date found in or around a document, with the words it was read from."""

    date: str  # ISO yyyy-mm-dd
    evidence: str
    # Where it was found: "metadata" (a field or a meta tag), "dateline" (a
    # header date line), "clutter" (page furniture such as a footer), or
    # "banner" (a site banner or clock, i.e. the day the page was visited).
    kind: str


@dataclass(frozen=True, slots=True)
class SourceMetadata:
    """What the file format itself says about a document, before cleaning."""

    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    description: str | None = None
    dates: tuple[DatedEvidence, ...] = ()
    # A date field that was present but could not be read, for a notice.
    unparsed_published: str | None = None


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One report as loaded: text still carries its page clutter."""

    id: str
    source: str  # path relative to the corpus root, "#N" appended for JSONL records
    format: str  # txt | html | md | jsonl | pdf | docx
    text: str
    encoding: str
    metadata: SourceMetadata = field(default_factory=SourceMetadata)
    # Lines the loader dropped before cleaning (Markdown images, HTML chrome).
    removed: tuple[Removal, ...] = ()


@dataclass(frozen=True, slots=True)
class Removal:
    """A piece of page clutter taken out of a document, and why."""

    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class Citation:
    """A source an article names (agency, outlet, organisation, person, document)."""

    name: str
    kind: str
    spans: tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Mention:
    """A name in a document's text: `text == document.text[start:end]`."""

    doc: str
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, LOC, FAC, NORP, EVENT, ...
    # How it was found or corrected, for auditing: "ner", "title", "acronym", "gazetteer", ...
    rule: str = "ner"
    # The text of another mention in the same document that this one is declared
    # to name ("Long Name (LN)", "X, also known as Y"), or None.
    same_as: str | None = None
    # A geographic word right after the name ("corridor", "province", "river").
    head: str | None = None
    # Where the name is: the document's "text", or its "title" (the headline; start and end then index
    # `document.title`).
    part: str = "text"


@dataclass(frozen=True, slots=True)
class Geo:
    """Where a place is, from the offline gazetteer."""

    lat: float
    lon: float
    feature: str  # city, admin1, country, or what a region is: corridor, mountains, river, ...
    gazetteer_id: str
    country: str | None
    # Why this place of those so named: the evidence weighed ("Paris, Tennessee, of 21 places so named: ...").
    why: str = ""


@dataclass(frozen=True, slots=True)
class Merge:
    """Why a surface form was merged into an entity: the rule and the evidence."""

    alias: str
    rule: str
    evidence: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One person, organisation or place across the whole corpus, with every spelling used."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...]
    mentions: tuple[Mention, ...]
    geo: Geo | None = None
    merges: tuple[Merge, ...] = ()


@dataclass(frozen=True, slots=True)
class Value:
    """A typed value a claim states: money, quantity, count, date or entity."""

    type: str  # money | quantity | count | date | duration | entity
    text: str  # the exact words, inside the claim's text
    amount: float | None = None
    unit: str | None = None  # currency code (money), base unit (quantity), counted noun (count)
    approx: str = "exact"  # exact | about | more_than | less_than | at_least | at_most
    amount_max: float | None = None  # the top of a range ("8,000 to 10,000")
    date: str | None = None
    precision: str | None = None
    entity: str | None = None  # entity id, once entities are resolved
    # Dates: "about", "since", "by", "before", "after" or "decade" when the words say more
    # than a point in time, and how the date was resolved (or why it could not be).
    qualifier: str | None = None
    note: str | None = None
    # Dates and durations in TimeML's form: the value ("1998-W07", "1989-Q3", "P3D", "1998-02-12TEV"),
    # which can be finer than `date`, and its type (DATE, TIME, DURATION or SET).
    timex: str | None = None
    timex_type: str | None = None
    # A date counted from something less sure than the report's own date or the words alone: the latest
    # date its text or the corpus gives, or a day its sentence names. A timeline entry prefers others.
    inferred: bool = False
    start: int = 0  # offsets into the document, for linking
    end: int = 0
    # Whose figure it is, where the words tie it to a name (a person's age): that name's span.
    holder: tuple[int, int] | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A checkable statement in one document, with its values, source and modality."""

    id: str
    doc: str
    start: int
    end: int
    text: str
    predicate: str
    values: tuple[Value, ...]
    modality: str  # asserted | reported | denied | hedged | planned
    attributed_to: str | None = None
    # The outlet or agency the speaker said it to ("told AFP", "in an interview with the Herald").
    channel: str | None = None
    subject: str | None = None  # entity id
    entities: tuple[str, ...] = ()
    # Mention spans (start, end) in the document, for linking to entity ids after resolution.
    subject_span: tuple[int, int] | None = None
    mention_spans: tuple[tuple[int, int], ...] = ()
    # Lemmas of the clause's nouns, for grouping claims about the same thing.
    nouns: tuple[str, ...] = ()
    origin: str | None = None
    # The clause's content words (lemmas of nouns, names, verbs, adjectives; numbers as written),
    # for finding the statements of other reports that say the same thing in other words.
    terms: tuple[str, ...] = ()
    # Whether the clause states its content negatively ("was not shot with his hands up").
    negated: bool = False
    # The predicate of what is said and its arguments' head words, as lemmas ("drop", "appeal", "city").
    core: tuple[str, ...] = ()
    # The predicates among them ("drop"): two statements agree on what happens, not only on who.
    acts: tuple[str, ...] = ()
    # Who does what the statement says, when a noun names them as the subject of its predicate ("photo"
    # in "the photo was shared widely"): "her speech was shared widely" says something else.
    actor: str = ""
    # What the statement says a thing is like, as (noun, state) lemma pairs: ("gate", "open") for "the
    # open gate", ("gate", "close") for "the gate was closed"; "not " before a negated state.
    states: tuple[tuple[str, str], ...] = ()
    # Every predicate of the content with its arguments' head words, as lemmas, predicate first
    # ("cocaine was found in his van", "the cocaine that was found": (find, cocaine)): a statement's subordinate
    # clauses state things too.
    frames: tuple[tuple[str, ...], ...] = ()
    # Happenings the statement names by a noun, as frames ("declared an end to the truce": (end, truce)): a
    # denial of "the truce had ended" answers it. Said of the happening or not; only denials are matched to them.
    named_happenings: tuple[tuple[str, ...], ...] = ()
    # The claim's words inside quotation marks, lowercased, three or more ("it s a disgrace"): the same words
    # quoted by another report are the same thing said.
    quoted: tuple[str, ...] = ()
    # Whom the statement holds responsible for what happened ("X was behind the attack", "blamed X"):
    # character spans of those words in the document, and, once entities are resolved, their entity ids.
    blamed_spans: tuple[tuple[int, int], ...] = ()
    blamed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Group:
    """Claims from different documents about the same thing, and how they stand."""

    id: str
    label: str
    claims: tuple[str, ...]
    docs: tuple[str, ...]
    status: str  # corroborated | contested | single_source | denied
    independent_sources: int
    summary: str
    origins: tuple[tuple[str, str], ...] = ()  # (doc id, origin label)
    # What the members share: a kind of figure ("money:USD", "count:deaths", "place") or "status" for
    # statements. Part of the id; not written to factfile.json.
    kind: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event, with every document and claim that places it."""

    date: str  # YYYY, YYYY-MM or YYYY-MM-DD, matching `precision`
    precision: str  # year | month | day
    text: str  # the claim that says what happened
    doc: str  # the document whose words give the date
    claims: tuple[str, ...]
    resolved_from: str | None  # the words a relative or partial date came from; None when written in full
    docs: tuple[str, ...] = ()
    qualifier: str | None = None  # about | since | by | before | after | decade
    note: str | None = None  # what a relative date was counted from


@dataclass(frozen=True, slots=True)
class Warning:
    """Something in a document that cannot all be true, with the words it is about."""

    doc: str
    kind: str  # weekday_mismatch, ...
    message: str
    start: int | None
    end: int | None


@dataclass(frozen=True, slots=True)
class Document:
    """A cleaned report: body text with title, byline, dates and clutter separated."""

    id: str
    source: str
    title: str | None
    text: str
    standfirst: str | None = None
    published: str | None = None
    published_evidence: str | None = None
    published_reason: str | None = None
    author: str | None = None
    publisher: str | None = None
    url: str | None = None
    language: str = "en"
    encoding: str = "utf-8"
    removed: tuple[Removal, ...] = ()
    cites: tuple[Citation, ...] = ()
    mentions: tuple[Mention, ...] = ()
    # Names in the headline (`part` "title"); kept apart from `mentions`, whose offsets index the text.
    title_mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()
    # Every date found in or around the document, chosen or not, for the consistency checks.
    date_candidates: tuple[DatedEvidence, ...] = ()
    # For a report without a publication date: the latest date the corpus's other reports give (their
    # publication dates, or the latest date their texts report), with where it comes from. The report's
    # relative dates take their year from it when the report's own text gives no later date.
    corpus_date: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Reports about one thing, read together by the corpus-wide stages and apart from the rest."""

    id: str
    label: str  # the headline of its most typical report
    docs: tuple[str, ...]


# A reader's verdicts on a group, and the corrections a build applies.
GROUP_VERDICTS = ("right", "wrong", "note")
CORRECTIONS = ("move", "merge", "split")


@dataclass(frozen=True, slots=True)
class Judgement:
    """A reader's judgement, with who gave it and when: a verdict on a fact group (right, wrong, a
    note), or a correction the build then applies (a claim moved out of a group or into another, two
    entities merged, a spelling split off an entity). Kept in the store, so it survives rebuilds and
    `add`, and applied in the order made, each to what the ones before it left. When the corpus has
    changed so that what it names is gone (a group whose members changed has a new id), it is kept
    and shown as no longer applying."""

    id: int
    group: str  # right | wrong | note: the group judged; move: the group the claim leaves ("" for none)
    verdict: str  # right | wrong | note | move | merge | split
    note: str
    who: str
    made: str  # when, ISO 8601 in UTC
    claim: str = ""  # move: the claim moved
    entity: str = ""  # merge: the entity merged into another; split: the entity a spelling leaves
    into: str = ""  # move: the group the claim joins ("" to stand alone); merge: the entity it joins
    words: str = ""  # split: the spelling split off; merge: the merged entity's name when judged
    # move: the members of `group` and of `into` when judged, so that the move still finds them once
    # a new report has joined one of them (and changed its id).
    group_claims: tuple[str, ...] = ()
    into_claims: tuple[str, ...] = ()
    applied: bool = True  # whether this build found what it names (set by the build, not stored)


@dataclass(frozen=True, slots=True)
class Rejection:
    """A file or record that could not be used, with a message saying what to do."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class Notice:
    """Something a user should know about an input that was still used."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class FactBase:
    """Everything factfile reconstructs from one corpus."""

    corpus_path: str
    documents: tuple[Document, ...]
    rejected: tuple[Rejection, ...] = ()
    notices: tuple[Notice, ...] = ()
    entities: tuple[Entity, ...] = ()
    claims: tuple[Claim, ...] = ()
    groups: tuple[Group, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    warnings: tuple[Warning, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    # The stories the corpus holds, largest first; one, holding every report, for a corpus of one story.
    stories: tuple[Story, ...] = ()
