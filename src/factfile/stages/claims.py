"""Stage 4, claims: split each document into checkable statements.

Reads a document with its mentions and the model's tokens; returns its
`claims` and `cites`. A claim is a clause that states something a reader
could check: an amount, a count, a distance, a date, a place, or a status
("no troops will be deployed"). Each claim keeps:

- its exact words (a span of the cleaned text) and typed values (`values.py`);
- who the text says said it (`attributed_to`): "X said", "X told AFP",
  "according to X", "a report by X claimed";
- how it is said (`modality`): denied > hedged > planned > reported > asserted.
  A denial answers someone else's assertion ("X denied ...", "asked about
  reports, X said ... does not have any"); a negative statement that is
  itself the news ("no troops will be deployed") is asserted or planned.

Entity ids are attached later, once the corpus's entities are resolved.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache

from factfile import lexicon
from factfile.gazetteer import name_key
from factfile.model import Citation, Claim, Document, Mention, Value, make_id
from factfile.temporal import (FUTURE, PAST, PRESENT, anchor_for, find_expressions, latest_reported_day, resolve,
                               weekday_beside)
from factfile.values import find_values

NAME_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP")
PLACE_LABELS = ("GPE", "LOC", "FAC")
WIRE_AGENCIES = frozenset(
    "afp reuters ap associated press xinhua tass ria novosti interfax anadolu efe dpa kyodo yonhap bernama ani pti "
    "agence france-presse bloomberg".split(" "))
OUTLET_WORDS = frozenset("times post herald press news radio tv television daily journal review observer dispatch "
                         "weekly gazette tribune newsletter newspaper media magazine wire agency".split())
FACILITY_NOUNS = frozenset("base outpost post facility station camp depot terminal port airport airfield mine "
                           "plant headquarters".split())

_ACCORDING = re.compile(r"\baccording to (?:a |an |the )?(?:(?:report|reports|documents?|statement|data) (?:by|from|seen by|of) )?"
                        r"(?P<source>[^,.;]{2,120}?)(?=[,.;]|$| who | which | that )", re.I)
_REPORT_BY = re.compile(r"\b(?:a|an|the) (?:(?:new|recent|\w+) )?(?:report|study|article|statement|communiqu[eé]) "
                        r"(?:by|from) (?P<source>[A-Z][^,.;]{1,60}?)(?= (?:claim|say|said|state|found|show|reveal|highlight)|[,.;])",
                        re.I)
_SOURCE_REPORT = re.compile(r"\b(?:a|an|the) (?P<source>[A-Z][\w/&.\-]*(?: [A-Z][\w/&.\-]*)*) (?:report|study|article)\b")
# A capitalised word of a name; a full stop belongs to it only inside ("U.S"), never at a sentence end.
_NAME_WORD = r"[A-Z](?:[\w&’'\-]|\.(?=\w))*"
_TOLD = re.compile(r"\btold (?:the )?(?P<outlet>" + _NAME_WORD + r"(?: " + _NAME_WORD + r"){0,3})")
_FIRST_REPORTED = re.compile(r"\b(?:as )?(?:first )?reported by (?:the )?(?P<outlet>" + _NAME_WORD + r"(?: " + _NAME_WORD
                             + r"){0,3})")
_DATELINE_AGENCY = re.compile(r"^[A-Z][A-Z .'\-]+(?:,[^()]{0,30})? \((?P<agency>[A-Z][A-Za-z ]{1,30})\) [-–—]")

_DENIAL_VERB = re.compile(r"\b(?:den(?:y|ied|ies|ying)|dismiss(?:ed|es)?|reject(?:ed|s)?|refut(?:e|ed|es)|"
                          r"disput(?:e|ed|es)|"
                          r"called (?:the|it|them) (?:report|claims?)?\s*[\"“]?(?:pure |a |an )?(?:invention|fabrication|lie|false|baseless))\b",
                          re.I)
_NEGATION = re.compile(r"\b(?:not(?! only)|no(?! longer)|never|n[’']t|neither|nor|none)\b", re.I)
# What makes a negative statement a denial: it answers someone else's report.
_ANSWERS_REPORT = re.compile(r"\b(?:(?:asked|questioned|pressed)\s+(?:\w+\s+){0,2}about|in\s+response\s+to|responding\s+to|"
                             r"reacting\s+to)\s+(?:the\s+|these\s+|such\s+)?(?:reports?|claims?|allegations?|rumou?rs?)\b",
                             re.I)
_UNVERIFIED = re.compile(r"\b(?:could|can|did|was|were)\s*(?:not|n[’']t)\s+(?:be\s+)?(?:independently\s+)?"
                         r"(?:verif|confirm|corroborat)\w*", re.I)
# "may" in lower case only: "in May" is a month, not a hedge.
_HEDGE = re.compile(r"\b(?:reportedly|allegedly|(?:is|are|was|were)\s+(?:\w+\s+)?(?:reported|said|believed|thought)\s+to|(?-i:may)|might|could|possibly|probably|likely|apparently|perhaps|"
                    r"is believed|are believed|is thought|are thought|appears? to|seems? to|suggests?|suggested|"
                    r"it is not clear|it’s not clear|it's not clear|unclear|unconfirmed|rumou?red)\b", re.I)
_PLAN = re.compile(r"\b(?:will|would|shall|is to|are to|plans? to|planned to|is slated to|are slated to|"
                   r"is expected to|are expected to|is due to|are due to|is set to|are set to|intends? to|to be built)\b",
                   re.I)
_VERB_TAGS = ("VBD", "VBZ", "VBP", "MD", "VB", "VBN", "VBG")


def find_claims(document: Document, parsed) -> tuple[tuple[Claim, ...], tuple[Citation, ...]]:
    """The claims and the cited sources of one document."""
    text = document.text
    mentions = sorted((m for m in document.mentions if m.label in NAME_LABELS), key=lambda m: m.start)
    claims = []
    sources = []
    previous_source = None
    dates = document_dates(document, parsed)
    quotes = _quotations(text)
    previous_terms: tuple[str, ...] = ()
    for start, end in _clauses(parsed, text):
        claim = _claim(document, parsed, start, end, mentions, dates, previous_source, previous_terms, quotes)
        source = attribution(text[start:end], _tokens(parsed, start, end))
        if source and source.lower() not in _PRONOUNS:
            sources.append(source)
            previous_source = source
        if claim is not None:
            claims.append(claim)
            previous_terms = claim.terms
    return tuple(claims), _cites(document, mentions, sources)


# The sentence recogniser runs a sentence into a following quotation; so do we not.
_SPLIT = re.compile(r"(\n+|;\s+|(?<=[a-z0-9][.!?])(?<!Mr\.)(?<!Ms\.)(?<!Dr\.)(?<!St\.)(?<!Mrs\.)(?<!Gen\.)(?<!No\.)"
                    r"\s+(?=[“\"A-Z]))")


def _clauses(parsed, text: str) -> Iterable[tuple[int, int]]:
    """Sentences, cut at paragraph breaks and semicolons and between coordinated statements,
    trimmed of whitespace."""
    for sentence in parsed.sents:
        start = sentence.start_char
        for piece in _SPLIT.split(text[sentence.start_char:sentence.end_char]):
            if piece is None:
                continue
            if piece and not _SPLIT.fullmatch(piece) and piece.strip():
                stripped = piece.strip()
                if stripped:
                    offset = start + piece.index(stripped)
                    yield from _atoms(parsed, text, offset, offset + len(stripped))
            start += len(piece)


def _atoms(parsed, text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """One clause cut where a second statement with its own subject is joined to the first ("a judge
    ruled the fee unlawful in 2019, and the council later dropped its appeal"): each is a claim of its
    own, so that each can meet the reports that say it."""
    tokens = _tokens(parsed, start, end)
    inside = {t.i for t in tokens}
    cuts = []
    for token in tokens:
        if token.lemma_.lower() in SPEECH_LEMMAS and not any(c.dep_ in _COMPLEMENTS for c in token.children):
            continue  # "..., its chairman, Jane Doe, told the Herald": who said the first part, not a second one
        if (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX") and token.head.i in inside
                and (any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children)
                     or _second_report(token))):
            edge = token.left_edge
            # Start at the conjunction (or the comma) before the second statement, which stays with neither.
            while edge.i - 1 in inside and parsed[edge.i - 1].dep_ in ("cc", "punct") and parsed[edge.i - 1].text != "“":
                edge = parsed[edge.i - 1]
            if edge.idx > start:
                cuts.append((edge.idx, token.left_edge.idx))
    if not cuts:
        yield start, end
        return
    for cut, resume in sorted(cuts):
        piece = text[start:cut].rstrip(" ,;")
        if piece:
            yield start, start + len(piece)
        start = resume
    tail = text[start:end].strip()
    if tail:
        yield start, start + len(tail)


def _second_report(verb) -> bool:
    """Whether a verb joined to a verb of saying reports a second statement of the same speaker ("the company
    denied its trucks were there and suggested a rival's tanker was"): each is a claim, and they may differ in stance."""
    reporting = SPEECH_LEMMAS | _DENIAL_LEMMAS
    # The parser may join it to the first statement's own verb ("suggested X was accompanied ... and suggested").
    head = verb.head
    return (verb.lemma_.lower() in reporting and any(c.dep_ in _COMPLEMENTS for c in verb.children)
            and (head.lemma_.lower() in reporting or head.dep_ in _COMPLEMENTS and head.head.lemma_.lower() in reporting))


def _shared_speaker(tokens) -> str | None:
    """The speaker of a statement cut from the one before it ("... and suggested a tanker was there"):
    the subject of the verb it was joined to."""
    first = next((t for t in tokens if t.pos_ in ("VERB", "AUX")), None)
    inside = {t.i for t in tokens}
    if first is None or first.dep_ != "conj" or first.head.i in inside or not _second_report(first):
        return None
    head = first.head
    while head.dep_ in _COMPLEMENTS and not any(c.dep_ == "nsubj" for c in head.children):
        head = head.head  # "They suggested [X was accompanied] ... and suggested": up to who suggested
    subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
    return "".join(t.text_with_ws for t in subject.subtree).strip() if subject is not None else None


def _tokens(parsed, start: int, end: int) -> list:
    """The model's tokens of one clause, found without walking the whole document."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    return list(span) if span is not None else [t for t in parsed if start <= t.idx < end]


def _claim(document: Document, parsed, start: int, end: int, mentions: list[Mention], dates: list[Value],
           previous_source: str | None = None, previous_terms: tuple[str, ...] = (),
           quotes: Sequence[tuple[int, int]] = ()) -> Claim | None:
    text = document.text[start:end]
    tokens = _tokens(parsed, start, end)
    if not any(t.tag_ in _VERB_TAGS for t in tokens) or len(tokens) < 4:
        return None  # a heading or a fragment states nothing checkable
    inside = [m for m in mentions if start <= m.start and m.end <= end]
    values = [
        Value(v.type, v.text, v.amount, v.unit, v.approx, v.amount_max, start=start + v.start, end=start + v.end)
        for v in find_values(text)
    ]
    values = [replace(v, holder=_age_holder(v, inside)) if v.unit == "age" else v for v in values]
    values += _dates(start, end, dates, values)
    source = _shared_speaker(tokens) or attribution(text, tokens)
    if source is None and tokens and tokens[0].sent.start_char < start and (
            opening := _ACCORDING.match(tokens[0].sent.text)):
        # "According to the Herald, A, and B": a second statement cut from the sentence keeps its source.
        source = _trim_source(opening.group("source"))
    spoken_by = source  # the words naming the source in this clause (a pronoun names no one to leave out)
    if source and source.lower() in _PRONOUNS:
        spoken_by = None
        # "He said ...": a person named earlier in the clause, else the speaker of the sentence before.
        pronoun_at = start + text.find(source)
        named = [m for m in mentions if start <= m.start < pronoun_at and m.label == "PERSON"]
        source = named[-1].text if named else previous_source or source
    content_mentions = [m for m in inside if not (spoken_by and m.text in spoken_by)]
    places = [m for m in content_mentions if m.label in PLACE_LABELS]
    facility = any(t.lemma_.lower() in FACILITY_NOUNS for t in tokens)
    if facility:
        values += [Value("entity", m.text, start=m.start, end=m.end) for m in places
                   if _located(document.text, m) and not _is_country(m.text)]
    modality = modality_of(text, source)
    if modality == "denied" and _denial_negated(tokens):
        # "the company has neither admitted nor denied fault", "did not deny": no denial is made.
        modality = "hedged" if _HEDGE.search(text) else "reported" if source else "asserted"
    status = bool(_NEGATION.search(text)) and bool(content_mentions)
    content, negated, denies, core, acts = _frame(tokens)
    if modality == "denied" and not denies and not (_NEGATION.search(text) and _ANSWERS_REPORT.search(text)):
        # "denied entry to the convoys", "the charge was dismissed": a verb of denial that denies no statement.
        modality = "hedged" if _HEDGE.search(text) else "planned" if _PLAN.search(text) else (
            "reported" if source else "asserted")
    calls_false = _calls_false(tokens)
    unknowing = _denies_knowing(text)
    if calls_false or unknowing:
        # "That report is not accurate", "the allegations were groundless", "we have no knowledge of any such
        # plan": a report is denied, whatever it said.
        modality, denies, negated = "denied", True, False
    terms = _terms(content, _attribution_spans(text, start, spoken_by))
    if denies and (_ANAPHORIC_DENIAL.search(text) or calls_false or unknowing and _SUCH.search(text)):
        # "The ministry denied that.", "we know of no such plan": it denies what the sentence before said, in that
        # sentence's words ("not aware of any warrants for him" names what it denies itself).
        terms = tuple(sorted(set(terms) | set(previous_terms)))
    # A statement without a figure is a claim too, when it says something of its own (enough content
    # words): other reports may say it in other words, agree with it or deny it.
    quoted = _quoted_words(document.text, start, end, quotes)
    # A short line someone is quoted saying ("It's gutless leadership.") is a claim too: other reports may quote it.
    # What is said, all in quotation marks, or a clause that is mostly a quotation.
    said_in_quotes = bool(quoted) and (mostly_quoted(text, quoted) or set(
        _QUOTE_WORD.findall(" ".join(t.lower_ for t in content))) <= set(quoted))
    statement = (len(terms) >= _STATEMENT_MIN_TERMS or said_in_quotes and len(terms) >= 2) \
        and not _question(text, tokens)
    if not values and not status and modality != "denied" and not statement:
        return None
    subject = _subject(tokens, content_mentions)
    predicate = _predicate(tokens, subject)
    nouns = tuple(sorted({t.lemma_.lower() for t in tokens if t.pos_ == "NOUN" and t.is_alpha and len(t.text) > 2}))
    return Claim(
        id=make_id(document.id, start, end),
        doc=document.id,
        start=start,
        end=end,
        text=text,
        predicate=predicate,
        values=tuple(values),
        modality=modality,
        attributed_to=source,
        channel=channel(tokens),
        subject_span=(subject.start, subject.end) if subject else None,
        mention_spans=tuple((m.start, m.end) for m in inside),
        nouns=nouns,
        terms=terms,
        # The stance of what is said: negative when its predicate is negated ("did not support")
        # or a verb of denial introduces it ("the company denied its trucks were dumping waste").
        negated=negated != denies,
        core=core,
        acts=acts,
        blamed_spans=_blamed(tokens, content),
        quoted=quoted,
        frames=_frames(content, {t.i for t in tokens}),
        named_happenings=_named_happenings(content, {t.i for t in tokens}),
        actor=_actor(content),
        states=_states(content),
    )


_QUOTATION = re.compile(r"“[^“”]{1,2000}”|\"[^\"\n]{1,2000}\"")
_QUOTE_WORD = re.compile(r"[a-z0-9]+")
# Fewer quoted words than this say too little to be recognised in another report's quotation.
_QUOTE_MIN_WORDS = 3


def _quotations(text: str) -> list[tuple[int, int]]:
    """The spans of the text inside quotation marks (curly or straight), a quotation that runs over several
    sentences whole."""
    return [m.span() for m in _QUOTATION.finditer(text)]


def _quoted_words(text: str, start: int, end: int, quotes: Sequence[tuple[int, int]]) -> tuple[str, ...]:
    """The clause's words inside quotation marks, when enough to recognise ('"It's a disgrace," the senator
    said' -> it s a disgrace)."""
    inside = "".join(text[max(start, a):min(end, b)] + " " for a, b in quotes if a < end and start < b)
    quoted = tuple(_QUOTE_WORD.findall(inside.lower()))
    return quoted if len(quoted) >= _QUOTE_MIN_WORDS else ()


def mostly_quoted(text: str, quoted: Sequence[str]) -> bool:
    """Whether a clause is mostly a quotation: at least half its words are quoted."""
    return bool(quoted) and 2 * len(quoted) >= len(_QUOTE_WORD.findall(text.lower()))


def _age_holder(age: Value, mentions: list[Mention]) -> tuple[int, int] | None:
    """The person an age belongs to: the name after "40-year-old", before ", 40," or "aged 40"."""
    people = [m for m in mentions if m.label == "PERSON"]
    if age.text.endswith("year-old"):
        after = [m for m in people if 0 <= m.start - age.end <= 30]
        return (after[0].start, after[0].end) if after else None
    before = [m for m in people if 0 <= age.start - m.end <= 30]  # the nearest name before it
    return (before[-1].start, before[-1].end) if before else None


@lru_cache(maxsize=1)
def _falsity() -> tuple[frozenset[str], frozenset[str], re.Pattern[str]]:
    words = lexicon.load("sources")
    unknown = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in words["unknown_phrases"]) + r")\b", re.I)
    return frozenset(words["false_words"]), frozenset(words["truth_words"]), unknown


def _calls_false(tokens) -> bool:
    """Whether the clause says a report or statement is false: "that report is not accurate", "the
    allegations were groundless", "the reports were pure fiction", "called the report a fabrication"."""
    false, truth, _ = _falsity()
    statements = _denied_things()
    inside = {t.i for t in tokens}
    for token in tokens:
        lemma = token.lemma_.lower()
        if token.dep_ not in ("acomp", "attr", "oprd") or token.head.i not in inside:
            continue
        verb = token.head
        if verb.dep_ == "relcl":
            continue  # "statements that were factually inaccurate" describes them; it denies no report
        said_of = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass", "dobj") and c.i in inside
                   and c.tag_ != "WDT"]
        if not any(c.lemma_.lower() in statements for c in said_of):
            continue
        negated = any(c.dep_ == "neg" for c in verb.children) or any(c.dep_ == "neg" for c in token.children)
        if (lemma in false and not negated) or (lemma in truth and negated):
            return True
    return False


def _said_to_be_false(tokens, inside: set[int]):
    """The clause a statement noun called false introduces ("a false narrative that X", "the baseless claim that
    X"), or None."""
    false = _falsity()[0]
    return next((clause for noun in tokens if noun.lemma_.lower() in _denied_things()
                 and any(a.dep_ == "amod" and a.lemma_.lower() in false for a in noun.children)
                 for clause in noun.children if clause.dep_ in ("acl", "ccomp", "relcl") and clause.i in inside
                 and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children)), None)


def _denies_knowing(text: str) -> bool:
    """'We have no knowledge of any such plan', 'not aware of': knowing of what a report says is denied."""
    return bool(_falsity()[2].search(text))


def _denial_negated(tokens) -> bool:
    """Whether every verb of denial in the clause is itself negated ("has not denied", "has neither
    admitted nor denied", "not admitted to or denied")."""
    denials = [t for t in tokens if t.lemma_.lower() in _DENIAL_LEMMAS and t.pos_ == "VERB"]

    def negated(verb) -> bool:
        return any(c.dep_ == "neg" or c.lower_ in ("neither", "nor") for c in verb.children)

    return bool(denials) and all(negated(t) or (t.dep_ == "conj" and negated(t.head)) for t in denials)


def _question(text: str, tokens) -> bool:
    """A question asks rather than states, even cut from its question mark ("And have you fired ...")."""
    if text.rstrip("”\"'’ ").endswith("?") or (tokens and tokens[0].sent.text.rstrip("”\"'’ ").endswith("?")):
        return True
    words = [t for t in tokens if t.is_alpha][:3]
    if words and words[0].lower_ in ("and", "but", "so"):
        words = words[1:]
    return len(words) >= 2 and words[0].tag_ in ("MD", "VBP", "VBZ", "VBD") and words[0].pos_ == "AUX" \
        and words[1].pos_ in ("PRON", "PROPN")


# Fewer content words than this and a clause says too little to be matched with another's words.
_STATEMENT_MIN_TERMS = 4
_TERM_POS = ("NOUN", "PROPN", "VERB", "ADJ")


_COMPLEMENTS = ("ccomp", "xcomp", "parataxis")


def _frame(tokens) -> tuple[list, bool, bool, tuple[str, ...], tuple[str, ...]]:
    """What the clause states, from the dependency parse: the tokens of its content (the complement of
    a verb of saying or denying, else the whole clause), whether the content's predicate is negated,
    whether a verb of denial introduces it, and its core: the predicate's lemma and the lemmas of its
    arguments (who does it, to what), and the predicates among them."""
    if not tokens:
        return [], False, False, (), ()
    inside = {t.i for t in tokens}
    roots = [t for t in tokens if t.head.i == t.i or t.head.i not in inside]
    root = next((t for t in roots if t.pos_ in ("VERB", "AUX")), roots[0])
    head, denies = root, False
    also: list = []  # "suggested X, claiming Y": Y is said too
    # "told AFP that 'we can assure that China does not have ...'": down through every verb of saying.
    while (lemma := head.lemma_.lower()) in SPEECH_LEMMAS or lemma in _DENIAL_LEMMAS or lemma == "be":
        complement = next((c for c in head.children if c.dep_ in _COMPLEMENTS and c.i in inside), None)
        if complement is None and lemma in _DENIAL_LEMMAS:
            # "disputed the notion that the dam had failed", "rejected claims that ...": what the noun says.
            complement = next((g for c in head.children if c.dep_ == "dobj" and c.lemma_.lower() in _denied_things()
                               for g in c.children if g.dep_ in ("acl", "ccomp") and g.i in inside
                               and any(m.dep_ == "mark" and m.lower_ == "that" for m in g.children)), None)
        if complement is None or lemma == "be" and not any(c.dep_ == "mark" and c.lower_ == "that"
                                                          for c in complement.children):
            break  # "the fact is that X", "the bottom line is that X" say X; other copulas are the statement
        also += [t for c in head.children if c.dep_ == "advcl" and c.lemma_.lower() in SPEECH_LEMMAS
                 for t in c.subtree if t.i in inside]
        # "The mayor again wrongly claimed that she opposed the dam": the report says what is said is false.
        disputed = any(c.dep_ == "advmod" and c.lower_ in _disputing_adverbs() for c in head.children)
        head, denies = complement, denies or lemma in _DENIAL_LEMMAS or disputed
    if head is root and (falsely := _said_to_be_false(tokens, inside)) is not None:
        head, denies = falsely, True  # "pushed a false narrative that X": X is said, and said to be false
    content = sorted({*(t for t in head.subtree if t.i in inside), *also}, key=lambda t: t.i) \
        if head is not root else list(tokens)
    negated = any(c.dep_ == "neg" for c in head.children) or any(
        c.lower_ in ("no", "never") and c.dep_ in ("det", "neg", "advmod")
        for arg in head.children if arg.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "advmod", "neg")
        for c in [arg, *arg.children])
    if head.lemma_.lower() in _negative_verbs() and any(c.dep_ == "xcomp" for c in head.children):
        negated = not negated  # "the mayor refused to sign the permit": she did not sign it
    if head.lemma_.lower() in _DENIAL_LEMMAS and head is root and any(
            c.dep_ == "dobj" and c.lemma_.lower() in _denied_things() for c in head.children):
        denies = True  # "the council has denied responsibility", "denied the report", "denied it"
    core, acts = _core(head, inside)
    return content, negated, denies, core, acts


_ARGUMENTS = ("nsubj", "nsubjpass", "dobj", "attr", "acomp", "oprd", "dative")


def _core(head, inside: set[int]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The predicate and its arguments' head words, as lemmas ('the council dropped its appeal' and 'the appeal
    was dropped by the administration' share (drop, appeal)), and the predicates alone."""
    words: set[str] = set()
    acts: set[str] = set()
    # The predicate, and those joined to it ("ruled ... and later dropped its appeal").
    predicates = [head] + [c for c in head.children if c.dep_ in ("xcomp", "conj") and c.pos_ in ("VERB", "ADJ")
                           and c.i in inside]
    for predicate in predicates:
        if predicate.pos_ in ("VERB", "AUX", "ADJ", "NOUN"):
            words.add(predicate.lemma_.lower())
            acts.add(predicate.lemma_.lower())
        for child in predicate.children:
            if child.i not in inside:
                continue
            if child.dep_ in _ARGUMENTS:
                words.add(child.lemma_.lower())
            elif child.dep_ == "agent":  # "dropped by the administration"
                words.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
    def kept(found: set[str]) -> tuple[str, ...]:
        return tuple(sorted(w for w in found if w.isalpha() and w not in _EMPTY_CORE))

    return kept(words), kept(acts)


def _states(content) -> tuple[tuple[str, str], ...]:
    """What the content says things are like: an adjective on a noun ("the open gate", also on the noun a
    possessive belongs to: "the open farm's side gate"), or a noun's predicate ("the gate was closed",
    "was rolled up"), negated ones marked ("not close")."""
    found = set()
    indices = {t.i for t in content}
    for token in content:
        if token.pos_ not in ("NOUN", "PROPN"):
            continue
        nouns = [token]
        while nouns[-1].dep_ in ("poss", "compound") and nouns[-1].head.i in indices and len(nouns) < 4:
            nouns.append(nouns[-1].head)
        for child in token.children:
            if child.dep_ == "amod" and child.i in indices:
                found.update((n.lemma_.lower(), child.lemma_.lower()) for n in nouns)
        if (after := _state_after(token, indices)) is not None:
            found.add((token.lemma_.lower(), after))
        elif token.dep_ in ("nsubj", "nsubjpass") and token.head.i in indices:
            predicate = token.head
            state = predicate.lemma_.lower()
            if predicate.pos_ == "AUX":  # "the gate was open": the adjective after the copula
                complement = next((c for c in predicate.children if c.dep_ in ("acomp", "attr") and c.pos_ == "ADJ"),
                                  None)
                if complement is None:
                    continue
                state = complement.lemma_.lower()
            elif predicate.pos_ != "VERB" or predicate.tag_ != "VBN":
                continue  # "the gate was closed", not "the guard closed the gate"
            particle = next((c.lower_ for c in predicate.children if c.dep_ == "prt"), None)
            state = f"{state} {particle}" if particle else state
            if any(c.dep_ == "aux" and c.lemma_.lower() in ("will", "would", "shall") for c in predicate.children):
                state = "will " + state  # a state to come is no contradiction of one that was
            if any(c.dep_ == "neg" for c in predicate.children) or any(
                    c.lower_ in ("no", "neither") and c.dep_ in ("det", "neg") for c in token.children):
                state = "not " + state  # "the gate was not locked", "no troops will be stationed"
            found.add((token.lemma_.lower(), state))
    return tuple(sorted({(noun, _same_state(state)) for noun, state in found}))


@lru_cache(maxsize=1)
def _state_words() -> tuple[dict[tuple[str, ...], str], int]:
    """Every state word or phrase of the lexicon, as lemmas, with the state it is read as; the longest phrase."""
    words = lexicon.load("sources")
    phrases = {tuple(s.split()): s for pair in words["opposite_states"] for s in pair}
    phrases |= {tuple(s.split()): same[0] for same in words["same_states"] for s in same}
    return phrases, max(len(p) for p in phrases)


def _same_state(state: str) -> str:
    """A state as the first of its words in `same_states` ("not raise" is "not up"), keeping "not " and "will "."""
    prefix = ""
    for mark in ("not ", "will "):
        if state.startswith(mark):
            prefix, state = prefix + mark, state.removeprefix(mark)
    return prefix + _state_words()[0].get(tuple(state.split()), state)


def _state_after(noun, indices: set[int]) -> str | None:
    """A state the clause gives the noun right after it, without a verb of its own: "had his hands up", "with
    his hands in the air", "his hands were not raised" ("not up"), "was not shot with his hands up" (the verb
    the noun depends on is negated: "not up"). None when the words after the noun are no state."""
    doc, negated, future = noun.doc, False, False
    i = noun.i + 1
    while i in indices and i - noun.i <= 4 and (doc[i].pos_ in ("AUX", "PART") or doc[i].lower_ in ("clearly", "still")):
        negated = negated or doc[i].dep_ == "neg"
        future = future or doc[i].lemma_.lower() in ("will", "would", "shall")
        i += 1
    phrases, longest = _state_words()
    for size in range(longest, 0, -1):
        words = [doc[k] for k in range(i, i + size) if k in indices]
        if len(words) < size or tuple(w.lemma_.lower() for w in words) not in phrases:
            continue
        state = words[0]
        if state.pos_ == "VERB" and (any(c.dep_ == "dobj" for c in state.children)
                                     or state.tag_ != "VBN" and not any(c.dep_ == "auxpass" for c in state.children)):
            return None  # "the council raised taxes": the noun does it
        # The verb the noun hangs from ("not have his hands raised", "not shot with his hands up").
        governor = noun.head.head if noun.head.pos_ == "ADP" else noun.head
        if governor.i == state.i:
            governor = governor.head
        negated = negated or any(c.dep_ == "neg" for c in governor.children if governor.i in indices)
        return ("not " if negated else "") + ("will " if future else "") + phrases[tuple(w.lemma_.lower() for w in words)]
    return None


def _actor(content) -> str:
    """The lemma of the noun that is the active subject of the content's main predicate, or ''."""
    indices = {t.i for t in content}
    heads = [t for t in content if t.head.i == t.i or t.head.i not in indices]
    if not heads:
        return ""
    subject = next((c for c in heads[0].children if c.dep_ == "nsubj" and c.i in indices), None)
    return subject.lemma_.lower() if subject is not None and subject.pos_ in ("NOUN", "PROPN") else ""


def _frames(content, inside: set[int]) -> tuple[tuple[str, ...], ...]:
    """Each verb of the content with the head words of its subject and object (the agent of a passive;
    for a relative clause, the noun it describes when its pronoun is the subject or object)."""
    frames = set()
    indices = {t.i for t in content}
    for verb in content:
        if verb.pos_ != "VERB" or verb.lemma_.lower() in _EMPTY_CORE or verb.lemma_.lower() in SPEECH_LEMMAS:
            continue
        if (verb.tag_ in ("VB", "VBG") and verb.head.i != verb.i and verb.head.i in indices
                and verb.head.lemma_.lower() not in ("able", "unable")):
            continue  # "an attempt to commit a crime", "while resisting": said of no fact ("was able to see" is)
        words = set()
        for child in verb.children:
            if child.i not in inside:
                continue
            if child.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "oprd"):
                if child.pos_ == "PRON" and verb.dep_ in ("relcl", "acl") and verb.head.pos_ in ("NOUN", "PROPN"):
                    words.add(_lemma(verb.head))  # "the cocaine that was found": cocaine was found
                else:
                    words.add(_lemma(child))
            elif child.dep_ == "agent":
                words.update(_lemma(g) for g in child.children if g.dep_ == "pobj")
        words = {w for w in words if w.isalpha() and w not in _EMPTY_CORE}
        if words:
            frames.add((verb.lemma_.lower(), *sorted(words)))
    return tuple(sorted(frames))


def _named_happenings(content, inside: set[int]) -> tuple[tuple[str, ...], ...]:
    """Happenings the content names by a noun, with what they happen to after "to" or "of", as frames are
    ("declared an end to the truce": (end, truce), what "the truce had ended" says). What the clause says of
    the happening is not read ("dropped its appeal of the ruling" names an appeal that no longer stands)."""
    found = set()
    for noun in content:
        if noun.pos_ != "NOUN" or noun.dep_ not in ("dobj", "nsubj", "nsubjpass", "attr"):
            continue
        words = {_lemma(g) for prep in noun.children if prep.dep_ == "prep" and prep.lower_ in ("to", "of")
                 for g in prep.children if g.dep_ == "pobj" and g.i in inside and g.pos_ in ("NOUN", "PROPN")}
        words = {w for w in words if w.isalpha() and w not in _EMPTY_CORE}
        if words:
            found.add((noun.lemma_.lower(), *sorted(words)))
    return tuple(sorted(found))


def _lemma(token) -> str:
    """A word's lemma, a hyphenated word written as one ("cease-fire" is the "ceasefire" of another report)."""
    return _hyphen_joined(token) or token.lemma_.lower()


def _hyphen_joined(token) -> str | None:
    """For the last part of a word of two hyphenated parts, the word written as one ("by-pass": "bypass"), with
    the last part's lemma; None for any other token, and for longer chains ("mother-in-law")."""
    doc, k = token.doc, token.i
    if not (k >= 2 and token.is_alpha and doc[k - 1].text == "-" and not doc[k - 1].whitespace_
            and doc[k - 2].is_alpha and not doc[k - 2].whitespace_):
        return None
    if k >= 3 and doc[k - 3].text == "-" or k + 1 < len(doc) and doc[k + 1].text == "-":
        return None
    return doc[k - 2].lower_ + token.lemma_.lower()


# Words that say nothing of what a statement is about: auxiliaries and pronouns.
_EMPTY_CORE = frozenset("be have do -pron- i you he she it we they me him her us them this that who what "
                        "which there one".split())


_DENIAL_LEMMAS = frozenset(lexicon.load("sources")["denial_verbs"])
_SUCH = re.compile(r"\b(?:such|(?:of|about|on)\s+(?:it|that|this|them))\b", re.I)
_ANAPHORIC_DENIAL = re.compile(r"\b(?:den(?:y|ied|ies)|dismiss(?:ed|es)?|reject(?:ed|s)?|refut(?:e|ed|es))\s+"
                               r"(?:it|that|this|them|these|those|the\s+(?:report|reports|claim|claims|allegations?|"
                               r"accusations?|charges?|story))\b", re.I)


@lru_cache(maxsize=1)
def _responsibility() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    words = lexicon.load("sources")["responsibility"]
    return frozenset(words["words"]), frozenset(words["blaming_verbs"]), frozenset(words["acting_verbs"])


def _blamed(tokens, content) -> tuple[tuple[int, int], ...]:
    """The words naming whom the statement holds responsible for what happened, as character spans:
    the subject of "was behind / was responsible / denied responsibility", the object of "blamed / accused /
    held ... responsible", the subject or agent of "bombed / struck / carried out". A pronoun ("Freedonia denies
    it was responsible") stands for the speaker."""
    inside = {t.i for t in tokens}
    words, blaming, acting = _responsibility()
    agents = []
    for token in content:
        lemma = token.lemma_.lower()
        if lemma in blaming and token.pos_ == "VERB":
            if lemma == "hold" and not any(c.lemma_.lower() in words for c in token.children):
                continue  # "held a meeting": only "held X responsible" blames
            agents += [c for c in token.children if c.dep_ == "dobj"]
        elif lemma in acting and token.pos_ == "VERB":
            if lemma == "carry" and not any(c.dep_ == "prt" and c.lower_ == "out" for c in token.children):
                continue
            agents += [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            # "gunboats shelled the ferry" lays blame; "the army shelled rebel positions near X" is a
            # campaign against a named enemy, not the event in dispute.
            targets = [c for c in token.children if c.dep_ == "dobj"]
            if not any(t.pos_ == "PROPN" or t.ent_type_ for target in targets
                       for t in (target, *(c for c in target.children if c.dep_ in ("compound", "amod")))):
                agents += [c for c in token.children if c.dep_ == "nsubj"]
        elif lemma in words and token.head.lemma_.lower() not in blaming:
            if token.dep_ == "pobj" and token.head.lower_ == "as":
                # "officials named Acme as the culprit": the object of the naming verb
                agents += [c for c in token.head.head.children if c.dep_ in ("dobj", "oprd")]
                continue
            verb = token.head if token.dep_ != "pobj" else token.head.head
            while verb.dep_ in ("attr", "acomp", "prep", "dobj") and verb.head.i != verb.i:
                verb = verb.head
            agents += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    spans = []
    for agent in agents:
        if agent.i not in inside:
            continue
        if agent.pos_ == "PRON":
            # "Freedonia denies it was responsible": the speaker, the subject of the verb of saying above.
            verb = agent.head
            while verb.head.i != verb.i and verb.lemma_.lower() not in SPEECH_LEMMAS | _DENIAL_LEMMAS:
                verb = verb.head
            agent = next((c for c in verb.children if c.dep_ == "nsubj" and c.pos_ != "PRON" and c.i in inside), None)
            if agent is None:
                continue
        words_of = [t for t in agent.subtree if t.i in inside]
        # "Acme tankers, not Zenith ones": the party named is the first one.
        cut = next((n for n, t in enumerate(words_of) if t.lower_ == "not" and n), len(words_of))
        words_of = words_of[:cut]
        while len(words_of) > 1 and words_of[-1].is_punct:
            words_of.pop()
        spans.append((words_of[0].idx, words_of[-1].idx + len(words_of[-1].text)))
    return tuple(dict.fromkeys(spans))


@lru_cache(maxsize=1)
def _denied_things() -> frozenset[str]:
    return frozenset(lexicon.load("sources")["denied_objects"])


@lru_cache(maxsize=1)
def _negative_verbs() -> frozenset[str]:
    return frozenset(lexicon.load("sources")["negative_verbs"])


@lru_cache(maxsize=1)
def _disputing_adverbs() -> frozenset[str]:
    return frozenset(lexicon.load("sources")["disputing_adverbs"])


def _attribution_spans(text: str, offset: int, spoken_by: str | None) -> list[tuple[int, int]]:
    """Where the clause names who said it and through whom ("the ministry's spokeswoman told AFP",
    "according to two officials"): words about the saying, not about what was said."""
    spans = []
    if spoken_by and (at := text.find(spoken_by)) >= 0:
        spans.append((offset + at, offset + at + len(spoken_by)))
    for pattern in (_TOLD, _ACCORDING, _REPORT_BY):
        spans += [(offset + m.start(), offset + m.end()) for m in pattern.finditer(text)]
    return spans


def _terms(tokens, skip: list[tuple[int, int]] = ()) -> tuple[str, ...]:
    """The clause's content words, as lemmas (numbers as written), without speech verbs and
    without the words naming the speaker and the channel."""
    terms = set()
    for token in tokens:
        if any(a <= token.idx < b for a, b in skip):
            continue
        if token.pos_ == "NUM" and any(c.isdigit() for c in token.text):
            terms.add(token.text.replace(",", ""))
        elif (token.pos_ in _TERM_POS and not token.is_stop and token.is_alpha and len(token.text) > 2
              and token.lemma_.lower() not in SPEECH_LEMMAS):
            terms.add(token.lemma_.lower())
            if token.tag_ == "NNS" and token.lower_.endswith("s") and not token.lower_.endswith("ss"):
                # The lemmatizer reads some plurals as other words ("bases" -> "basis"); the plain singular too.
                terms.add(token.lower_[:-1])
        if joined := _hyphen_joined(token):
            terms.add(joined)  # "by-pass" is the "bypass" of another report
    return tuple(sorted(terms))


_LOCATIVE = re.compile(r"\b(?:in|at|near|outside|inside|close to|located in|based in)\s+(?:the\s+)?"
                       r"(?:[A-Z][\w\-]*(?:’s|'s)\s+)?(?:[a-z]+\s+){0,2}$")


def _located(text: str, mention: Mention) -> bool:
    """The place is where something is ('a depot in Sainshand', 'in Mongolia’s Omnogovi province')."""
    return bool(_LOCATIVE.search(text[max(0, mention.start - 40):mention.start]))


def _is_country(name: str) -> bool:
    from factfile.gazetteer import load_gazetteer

    return load_gazetteer().country_of_name(name) is not None


def _subject(tokens, mentions: list[Mention]) -> Mention | None:
    """The name nearest before the clause's main verb ('Until a workshop is finished, Gobi Rail will service ...',
    'according to a report by X Press, the consortium would spend ...'), else the first name in it."""
    by_start = {t.idx: i for i, t in enumerate(tokens)}

    def in_prepositional_phrase(mention: Mention) -> bool:
        i = by_start.get(mention.start, 0) - 1
        while i >= 0 and (tokens[i].pos_ in ("DET", "ADJ", "NUM") or tokens[i].tag_ == "PRP$"):
            i -= 1
        return i >= 0 and tokens[i].pos_ == "ADP"

    candidates = [m for m in mentions if m.label in ("PERSON", "ORG", "GPE", "NORP", "FAC", "LOC")
                  and not in_prepositional_phrase(m)]
    for token in tokens:
        if token.pos_ != "VERB" or token.lemma_.lower() in SPEECH_LEMMAS | {"accord"}:
            continue
        before = [m for m in candidates if m.end <= token.idx]
        if before:
            return before[-1]
    return candidates[0] if candidates else None


def with_corpus_dates(documents: Sequence[Document]) -> list[Document]:
    """The documents, each report without a publication date given `corpus_date`: the latest day the
    other reports give (a publication date, or the latest day a text reports as past, never a month or a
    year alone, which are more often background), when all those days fall in one year. A folder of
    reports on one story written within a year was written in that story's time: an undated report that
    names "Sept. 30" means the story's Sept. 30, not a year its own background dates suggest. Only the
    year is taken from it (see `temporal.resolve`)."""
    own = [anchor_for(d.published, "") if d.published else latest_reported_day(d.text) for d in documents]
    ranked = sorted((a.date, i) for i, a in enumerate(own) if a is not None)
    dated = []
    for i, document in enumerate(documents):
        # The earliest and the latest of the other reports' days (the two ends of `ranked` without i).
        ends = [j for _, j in (*ranked[:2], *ranked[-2:]) if j != i] if not document.published else []
        earliest, latest = (ends[0], ends[-1]) if ends else (None, None)
        # Reports written over several years (a story followed for years) say nothing of an undated one's year.
        if latest is None or own[earliest].date.year != own[latest].date.year:
            dated.append(document)
            continue
        anchor = own[latest]
        where = (f"the publication date of {documents[latest].id}" if anchor.kind == "publication"
                 else f"'{anchor.words}' in {documents[latest].id}")
        dated.append(replace(document, corpus_date=(anchor.date.isoformat(), f"{anchor.date.isoformat()}, {where}")))
    return dated


def document_dates(document: Document, parsed, every: bool = False) -> list[Value]:
    """Every expression of time in the document, placed on the calendar in reading order
    (so "earlier that month" can count from the date before it, "the quarter" from the quarter
    named before it). Dates and times are `date` values, lengths of time `duration` values;
    recurrences ("every Tuesday") and words for the time of writing ("now", "in the past") say
    nothing a claim can be checked on, and are kept only when `every` is asked for."""
    anchor = anchor_for(document.published, document.text, document.corpus_date)
    placed, previous, previous_period = [], None, None
    for expression in find_expressions(document.text):
        resolved = resolve(expression, anchor, _tense(parsed, expression.start, expression.end), previous,
                           previous_period)
        if resolved.date is not None:
            previous = resolved
        if expression.period is not None and resolved.timex is not None:
            previous_period = resolved
        placed.append((expression, resolved))
    placed = _weekdays_beside_days(document.text, parsed, placed)
    found = []
    for expression, resolved in placed:
        if not every and expression.kind in ("set", "reference"):
            continue
        if expression.kind == "set" and _describes_a_noun(parsed, expression.start, expression.end):
            continue  # "a quarterly dividend", "the Party daily": a kind of thing, not when something happens
        kind = "duration" if resolved.timex_type == "DURATION" and resolved.date is None else "date"
        inferred = expression.kind != "absolute" and (anchor is None or anchor.kind != "publication")
        found.append(Value(kind, expression.text, date=resolved.date, precision=resolved.precision,
                           qualifier=resolved.qualifier, note=resolved.note, timex=resolved.timex,
                           timex_type=resolved.timex_type, inferred=inferred, start=expression.start,
                           end=expression.end))
    return found


def _weekdays_beside_days(text: str, parsed, placed: list) -> list:
    """Weekdays the anchor could not place, counted from the next placed day of their sentence when the
    words between say on which side ("Thursday, less than a week after the Sept. 16 shooting")."""
    result = list(placed)
    for index, (expression, resolved) in enumerate(placed):
        if resolved.date is not None or expression.unit != "weekday":
            continue
        span = parsed.char_span(expression.start, expression.end, alignment_mode="expand")
        if span is None:
            continue
        sentence_end = span[0].sent.end_char
        later = next(((e, r) for e, r in placed[index + 1:] if e.start < sentence_end and r.precision == "day"), None)
        if later is not None:
            counted = weekday_beside(expression, text[expression.end:later[0].start], later[1])
            if counted is not None:
                result[index] = (expression, counted)
    return result


def _describes_a_noun(parsed, start: int, end: int) -> bool:
    span = parsed.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) == 1 and (span[0].tag_ == "JJ" or span[0].pos_ == "NOUN")


_MAYBE_MODALS = frozenset("could might may can".split())
_SCHEDULING_LEMMAS = frozenset("schedule reschedule".split())
_AS_SOON_AS = re.compile(r"\bas\s+(?:soon|early)\s+as\s+$", re.I)
_FUTURE_LEMMAS = frozenset("plan expect schedule due set aim intend hope going".split())
_CHAIN_TAGS = ("MD", "VB", "VBZ", "VBP", "VBD", "VBN", "VBG", "TO", "RB")


def _tense(parsed, start: int, end: int) -> str:
    """Past, present or future: the tense of the verb the time expression goes with,
    the nearest verb group before it in its sentence, else the first one after it.

    Present, which places a month or a day at its nearest occurrence, also where no verb's tense
    is the date's: a date that names a thing ("the Jan. 14 deadline", "the Aug. 7 blasts"), a plan
    ("the summit set for April", "was planned for early March"), an infinitive ("decided to admit
    them in March"): the verb's tense is that of the deciding or the saying, not of the event."""
    span = parsed.char_span(start, end, alignment_mode="expand")
    if span is None:
        return PAST
    head = span.root.head
    if head.i >= span.end and head.pos_ in ("NOUN", "PROPN") and span.root.dep_ in ("compound", "nmod", "nummod", "amod") \
            and any(t.lower_ in ("the", "a", "an") or t.tag_ in ("PRP$", "POS") for t in parsed[max(0, span.start - 2):span.start]):
        return PRESENT
    sentence = span[0].sent
    before = [t for t in sentence if t.i < span.start and t.tag_ in _VERB_TAGS]
    if before:
        verb = before[-1]
    else:
        after = [t for t in sentence if t.i >= span.end and t.tag_ in ("VBD", "VBZ", "VBP", "MD")]
        if not after:
            return PAST
        verb = after[0]
        while verb.i + 1 < sentence.end and parsed[verb.i + 1].tag_ in _CHAIN_TAGS:
            verb = parsed[verb.i + 1]
    chain = [verb]
    while chain[0].i > sentence.start and parsed[chain[0].i - 1].tag_ in _CHAIN_TAGS:
        chain.insert(0, parsed[chain[0].i - 1])
    words = {t.lower_ for t in chain}
    lemmas = {t.lemma_.lower() for t in chain}
    if words & {"will", "shall", "'ll", "wo", "would"} or any(
            t.lemma_.lower() in _FUTURE_LEMMAS and t.nbor(1).tag_ == "TO" for t in chain if t.i + 1 < len(parsed)):
        return FUTURE
    if words & _MAYBE_MODALS and "have" not in lemmas or lemmas & _SCHEDULING_LEMMAS \
            or _AS_SOON_AS.search(parsed.text[max(0, start - 16):start]):
        # "could come as early as Tuesday", "has scheduled a news conference Thursday"
        return FUTURE
    if verb.tag_ == "VB" and verb.i > sentence.start and parsed[verb.i - 1].tag_ == "TO":
        if verb.i - 2 >= sentence.start and parsed[verb.i - 2].lemma_.lower() == "be":
            return FUTURE  # "is to resume trading Tuesday"
        return PRESENT  # "decided to admit them in March"
    if any(t.tag_ == "VBN" and t.lemma_.lower() in _FUTURE_LEMMAS and t.i + 1 < len(parsed) and t.nbor(1).lower_ == "for"
           for t in chain):
        return PRESENT  # "a summit set for April", "was planned for early March"
    if any(t.tag_ == "VBD" for t in chain):
        return PAST
    if any(t.tag_ == "VBN" for t in chain):
        # "is expected", "are scheduled": a passive in the present; "has risen": the past.
        present_be = any(t.lemma_.lower() == "be" and t.tag_ in ("VBZ", "VBP") for t in chain)
        if not present_be:
            return PAST
        return FUTURE if any(t.lemma_.lower() in _FUTURE_LEMMAS for t in chain) else PRESENT
    return PRESENT


def _dates(start: int, end: int, dates: list[Value], values: list[Value]) -> list[Value]:
    """The document's dates inside one clause that no other value already covers."""
    taken = [(v.start, v.end) for v in values]
    first = bisect.bisect_left(dates, start, key=lambda d: d.start)
    return [d for d in dates[first:] if d.end <= end
            and not any(s < d.end and d.start < e for s, e in taken)]


SPEECH_LEMMAS = frozenset(lexicon.load("sources")["speech_verbs"])
_NOUN_PHRASE_POS = ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PART")
_PRONOUNS = frozenset("he she they it we i".split())


def attribution(text: str, tokens=()) -> str | None:
    """Who the clause says said it, in the text's own words, or None."""
    for pattern in (_ACCORDING, _REPORT_BY):
        if match := pattern.search(text):
            return _trim_source(match.group("source"))
    inside = {t.i for t in tokens}
    # The clause's own verb of saying first: "..., as the mayor suggested, the engineer argued" is the engineer's.
    order = sorted(range(len(tokens)), key=lambda n: (tokens[n].head.i in inside and tokens[n].head.i != tokens[n].i, n))
    for index in order:
        token = tokens[index]
        if token.lemma_.lower() not in SPEECH_LEMMAS or token.pos_ not in ("VERB", "AUX"):
            continue
        if any(c.dep_ == "mark" and c.lower_ == "as" for c in token.children):
            continue  # "as the mayor suggested": whose words the statement recalls, not who says it
        if any(t.lemma_.lower() == "be" for t in tokens[max(0, index - 2):index]):
            continue  # "is (also) reported to": a passive with no one named
        if index and tokens[index - 1].lower_ in _PRONOUNS:
            return tokens[index - 1].text
        speaker = (_subject_phrase(token, tokens) or _noun_phrase_before(tokens, index)
                   or _noun_phrase_after(tokens, index))
        if speaker:
            return speaker
    if match := _SOURCE_REPORT.search(text):
        return _trim_source(match.group("source")) + " report"
    return None


def channel(tokens) -> str | None:
    """The outlet or agency a statement was given to, by name: "told AFP", "told the Evening Star",
    "in an interview with the Herald", "speaking to Reuters" ("told reporters" names none)."""
    inside = {t.i for t in tokens}
    for token in tokens:
        lemma = token.lemma_.lower()
        if lemma == "tell" and token.pos_ == "VERB":
            heard = [c for c in token.children if c.dep_ in ("dobj", "dative") and c.i in inside]
        elif lemma in ("speak", "talk", "interview"):
            heard = [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("to", "with")
                     for g in c.children if g.dep_ == "pobj" and g.i in inside]
        else:
            continue
        for name in heard:
            if name.pos_ == "PROPN":
                words = [t for t in name.subtree if t.i in inside and t.pos_ in ("PROPN", "DET") and t.i <= name.i]
                return _trim_source("".join(t.text_with_ws for t in words))
    return None


def _subject_phrase(verb, tokens) -> str | None:
    """The subject of a verb of saying as the parse gives it, up to a comma or a clause describing it
    ("People familiar with the talks said", "An official, speaking on condition of anonymity, said",
    "Jane Doe, a spokeswoman for the ministry, told")."""
    inside = {t.i for t in tokens}
    # The nearest before the verb: a quotation cut from its sentence may leave a stray subject at the start.
    subject = max((c for c in verb.children if c.dep_ == "nsubj" and c.i in inside and c.i < verb.i),
                  key=lambda c: c.i, default=None)
    if subject is None or subject.pos_ == "PRON":
        return None
    name = next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN" and c.i in inside), None)
    if name is not None and subject.pos_ == "NOUN":
        subject = name  # "its chairman, Jane Doe, told": the name
    words = []
    for token in subject.subtree:
        if token.i not in inside or token.text in (",", "(", "—", "–") or token.dep_ in ("relcl", "appos", "acl") \
                and token.i > subject.i:
            break
        words.append(token)
    while words and words[0].pos_ in ("DET", "CCONJ", "PART"):
        words = words[1:]
    if not words or all(w.pos_ in ("DET", "NUM", "ADJ") for w in words):
        return None
    return "".join(w.text_with_ws for w in words).strip()


def _noun_phrase_before(tokens, index: int) -> str | None:
    i = index - 1
    while i >= 0 and ((tokens[i].pos_ in ("AUX", "ADV", "PART") and tokens[i].tag_ != "POS")
                      or tokens[i].lower_ in ("both", "all", "each", "also")):
        i -= 1  # "have both denied", "has not said"
    # "the spokesman, who did not give his name, told": a relative clause between speaker and verb is skipped.
    if i >= 0 and tokens[i].text == ",":
        comma = next((k for k in range(i - 1, -1, -1) if tokens[k].text == ","), None)
        if comma is not None and comma + 1 < i and tokens[comma + 1].lower_ in ("who", "which", "whose", "whom"):
            i = comma - 1
    # "Jane Doe, the president of the Water Board, said": the name before an appositive speaks.
    if i >= 0 and tokens[i].text == ",":
        comma = next((k for k in range(i - 1, -1, -1) if tokens[k].text == ","), None)
        if (comma is not None and comma + 1 < i and tokens[comma + 1].pos_ in ("DET", "PROPN", "NOUN", "ADJ")
                and comma > 0 and tokens[comma - 1].pos_ == "PROPN"):
            i = comma - 1
    # "the ministry on Wednesday denied": a time phrase between speaker and verb is skipped.
    if i >= 0 and tokens[i].ent_type_ in ("DATE", "TIME"):
        while i >= 0 and tokens[i].ent_type_ in ("DATE", "TIME"):
            i -= 1
        if i >= 0 and tokens[i].pos_ == "ADP":
            i -= 1
    end = i
    while i >= 0 and (tokens[i].pos_ in _NOUN_PHRASE_POS or tokens[i].tag_ == "POS"
                      or (tokens[i].pos_ == "CCONJ" and i > 0 and tokens[i - 1].pos_ == "PROPN")
                      or tokens[i].text in ("-", "–")):
        i -= 1
    words = tokens[i + 1:end + 1]
    while words and words[0].pos_ in ("DET", "CCONJ", "PART"):
        words = words[1:]
    if not words or all(w.pos_ in ("DET", "NUM", "ADJ") for w in words):
        return None
    return "".join(w.text_with_ws for w in words).strip()


def _noun_phrase_after(tokens, index: int) -> str | None:
    """The inverted '..., said Sarnai Ganbold, an analyst'."""
    if index == 0 or tokens[index - 1].text not in (",", "“", "”", '"'):
        return None
    words = []
    for token in tokens[index + 1:]:
        if token.pos_ in _NOUN_PHRASE_POS or token.tag_ == "POS":
            words.append(token)
        else:
            break
    while words and words[0].pos_ == "DET":
        words = words[1:]
    return "".join(w.text_with_ws for w in words).strip() or None


def _trim_source(source: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", source.strip(" ,.;:\"“”"), flags=re.I)


def modality_of(text: str, source: str | None) -> str:
    """How the clause states its content: denied, hedged, planned, reported or asserted."""
    negated = bool(_NEGATION.search(text))
    if _UNVERIFIED.search(text):
        return "hedged"  # "could not independently corroborate the report"
    if _DENIAL_VERB.search(text) or (negated and _ANSWERS_REPORT.search(text)):
        return "denied"
    if _HEDGE.search(text):
        return "hedged"
    if _PLAN.search(text):
        return "planned"
    if source:
        return "reported"
    return "asserted"


def _predicate(tokens, subject: Mention | None) -> str:
    """A short verb phrase: the main verb's lemma and the noun it acts on ('build base')."""
    after = [t for t in tokens if subject is None or t.idx >= subject.end]
    verbs = [t for t in after if t.pos_ == "VERB" and t.lemma_.lower() not in ("say", "tell", "claim", "report", "accord")]
    if not verbs:
        verbs = [t for t in tokens if t.pos_ == "VERB"]
    if not verbs:
        return "be"
    verb = verbs[0]
    following = [t for t in after if t.i > verb.i and t.pos_ == "NOUN"][:1]
    return verb.lemma_.lower() + (" " + following[0].lemma_.lower() if following and following[0].i - verb.i <= 4 else "")


def _cites(document: Document, mentions: list[Mention], sources: list[str]) -> tuple[Citation, ...]:
    """The agencies, outlets, organisations, documents and people the article names as its sources."""
    text = document.text
    names: dict[str, str] = {}
    for pattern, group in ((_TOLD, "outlet"), (_FIRST_REPORTED, "outlet"), (_DATELINE_AGENCY, "agency")):
        for match in pattern.finditer(text):
            names.setdefault(_known_name(match.group(group), mentions), "")
    for pattern in _citation_patterns():
        for match in pattern.finditer(text):
            names.setdefault(re.sub(r"^(?:The|A|An)\s+", "", match.group("name")), "")
    for source in sources:
        if source:
            known = _known_name(source.removesuffix(" report"), mentions)
            # Only named sources: "a parliamentary spokesman" is a source, but not one a reader can look
            # up, and "Dushanbe officials" are cited as officials, not as the city.
            if any(m.text == known and m.label in ("PERSON", "ORG") for m in mentions):
                names.setdefault(known, "document" if source.endswith(" report") else "")
            elif (found := _trailing_name(source.removesuffix(" report"))) and (found[1] or not any(
                    m.text == found[0] and m.label not in ("PERSON", "ORG") for m in mentions)):
                # "the regional news site Rivpost": a name the model missed still ends the source's words
                # ("one Hong Kong fund manager" names a place, not a source).
                name = found[0]
                names.setdefault(_known_name(name, mentions), "document" if source.endswith(" report") else "")
    # "according to the Post" after "The Washington Post reported": one outlet, cited under its full name.
    full_names = set(names) | {m.text for m in mentions if m.label == "ORG"}
    short_forms: dict[str, list[str]] = {}
    for name in list(names):
        longer = sorted(n for n in full_names if " " not in name and n.endswith(" " + name) and n[:1].isupper())
        if name and len(longer) == 1:  # two Khishigs named in full: a bare "Khishig" could be either
            short_forms.setdefault(longer[0], []).append(name)
            names.setdefault(longer[0], names.pop(name))
    cites = []
    own = {name_key(document.publisher or ""), *(name_key(w) for w in (document.publisher or "").split())}
    for name, hint in sorted(names.items()):
        if not name or name_key(name) in own or _initials_of(document.publisher) == name:
            continue  # the outlet naming itself ("told Steppe Daily", "seen by FMD") cites no one
        spans = []
        for written in [name, *short_forms.get(name, [])]:
            found = [(m.start, m.end) for m in mentions if m.text == written]
            spans += found or [m.span() for m in re.finditer(r"\b" + re.escape(written) + r"\b", text)]
        # A short form's spans inside the full name's are the same words.
        spans = sorted({a for a in spans if not any(b != a and b[0] <= a[0] and a[1] <= b[1] for b in spans)})
        if spans:
            cites.append(Citation(name, hint or _source_kind(name, mentions), tuple(spans)))
    return tuple(cites)


_NAME_RUN = r"(?:" + _NAME_WORD + r"(?:\s+(?:(?:of|for|the|and|on|de)\s+)*" + _NAME_WORD + r"){0,6})"
_TRAILING_NAME = re.compile(r"(?:^|\s)(?P<name>" + _NAME_RUN + r")$")


def _trailing_name(words: str) -> tuple[str, bool] | None:
    """The proper name that ends `words` when it reads as a name of its own: several words, an acronym
    or a name with a capital inside ('Media Research Center', 'AP', 'PolitiFact'), or a lone word that
    the words before it describe ('the news site Rivpost': then True, the description vouches for it)."""
    match = _TRAILING_NAME.search(words.strip(" ,.;:\"“”"))
    if not match:
        return None
    name = re.sub(r"^(?:The|A|An)\s+", "", match.group("name")).removesuffix("’s").removesuffix("'s")
    if len(name.split()) >= 2 or re.search(r"[a-z][A-Z]|^[A-Z]{2,}$", name):
        return name, False
    # A lone word named by what it is ("the news site Rivpost"), not placed by a preposition ("officials in Kabul").
    before = words.strip()[: -len(match.group("name"))].split()
    if before and before[-1].isalpha() and before[-1].islower() and before[-1] not in _PLACING_WORDS:
        return name, True
    return None


_PLACING_WORDS = frozenset("in at from of to near for with by on into across inside outside around the a an "
                           "and or".split())


@lru_cache(maxsize=1)
def _citation_patterns() -> tuple[re.Pattern[str], ...]:
    """How an article names where it took something from, beyond 'said' and 'according to' (lexicon/sources.toml)."""
    return tuple(re.compile(p.replace("NAME", _NAME_RUN)) for p in lexicon.load("sources")["citation_patterns"])


def _initials_of(name: str | None) -> str:
    return "".join(w[0] for w in (name or "").split() if w[:1].isupper() and w.lower() != "the")


def _known_name(words: str, mentions: list[Mention]) -> str:
    """The longest mention text the words begin or end with ('AFP by telephone' -> 'AFP', 'June 2021 United Nations' -> 'United Nations')."""
    words = words.strip()
    best = ""
    for mention in mentions:
        if (words.startswith(mention.text) or words.endswith(mention.text)) and len(mention.text) > len(best):
            best = mention.text
    # The model may cut a long name short ("Tulsa County District" of "... District Attorney's Office").
    if best and words.startswith(best) and (run := re.match(_NAME_RUN, words)) and len(run.group(0)) > len(best):
        return run.group(0)
    return best or words


def _source_kind(name: str, mentions: list[Mention]) -> str:
    lower = name.lower()
    if lower in WIRE_AGENCIES:
        return "agency"
    if set(lower.split()) & OUTLET_WORDS:
        return "outlet"
    labels = {m.label for m in mentions if m.text == name}
    if "PERSON" in labels:
        return "person"
    return "organisation"
