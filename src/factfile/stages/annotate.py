"""Stage 3, annotate: find the names in each document (people, organisations, places).

Reads cleaned `Document`s, returns them with `mentions`, each a span of the
cleaned text with a label and the rule that found or corrected it. spaCy's
small English model proposes names; general rules fix its systematic misses:

1. tidy spans ("the", possessives, quotes, half-open parentheses) and join
   names split at a hyphen ("Nomin" + "Khad");
2. titled persons ("President X", "Transport Minister X", "Mr X");
3. organisation words ("... Movement", "Jamaat ...", "the X network");
4. geographic and facility words after a name ("X corridor", "X province", "X base");
5. acronyms defined in text ("Long Name (LN)"), "X, also known as Y" and "X, formerly Y";
6. country names labelled NORP, demonyms labelled PERSON ("Mongolian");
7. bare surnames of a person named in full in the same document;
8. places the model missed or mislabelled, found in the offline gazetteer,
   accepted only with the document's own countries as context.
"""

from __future__ import annotations

import functools
import importlib.resources

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from factfile import lexicon
from factfile.config import Config
from factfile.gazetteer import Gazetteer, load_gazetteer, name_key
from factfile.model import Document, Mention
from factfile.nlp import nlp

KEPT_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "LAW"}
# The model calls some outlets' names works of art ("The Gobi Herald"); they are kept only
# when an organisation word turns them into an organisation.
MAYBE_LABELS = {"WORK_OF_ART"}
COMPANY_SUFFIXES = ("LLC", "Ltd", "Ltd.", "Inc", "Inc.", "PLC", "plc", "Co.", "Corp", "Corp.", "GmbH", "SA", "AG", "JSC")

_TITLE = (
    r"(?:(?:Vice[- ])?President|(?:Deputy\s+)?Prime\s+Minister|(?:[A-Z][a-z]+\s+)?Minister|Secretary(?:[- ]General)?"
    r"|Mr|Mrs|Ms|Miss|Dr|Prof|Professor|Mullah|Sheikh|Imam|Chairman|Chairwoman|Chief\s+Executive|CEO|Governor"
    r"|Mayor|Senator|Ambassador|General|Gen|Colonel|Col|Captain|Commander|King|Queen|Prince|Princess|Pope|Premier"
    r"|Chancellor|Spokesman|Spokeswoman|Spokesperson|chairman|chairwoman|spokesman|spokeswoman|spokesperson"
    r"|leader|Leader|chief\s+executive|minister|president|(?:State\s+)?Council(?:l)?or)\.?"
)
# Lower-case role nouns introduce a name too, often after a comma: "opposition commander, Mahdi Arsalon".
_ROLE = r"(?:commander|analyst|scientist|director|official|envoy|founder|chief|researcher|expert|professor|economist)"
_NAME_WORD = r"(?:[A-Z]\.|[A-Z][\w’'\-]+)"
_TITLED = re.compile(r"\b(?:" + _TITLE + r"|" + _ROLE + r",?)\s+(?P<name>" + _NAME_WORD + r"(?:\s+" + _NAME_WORD + r"){0,3})")
_TITLE_WORD = re.compile(r"^" + _TITLE + r"$")
# Words that name no place even when a gazetteer lists a town so called ("August", "Minister").
_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday".split()
)

_NAMES = lexicon.load("names")
_PLACES = lexicon.load("places")
ORG_HEADS = frozenset(_NAMES["organisation_heads"])
ORG_PREFIXES = frozenset(_NAMES["organisation_prefixes"])
ORG_NEXT = frozenset(_NAMES["organisation_next"])
_NEVER_NAMES_ALONE = frozenset(_NAMES["never_names_alone"])
REGION_NEXT: dict[str, str] = _PLACES["region_next"]
PHYSICAL_NEXT: dict[str, str] = _PLACES["physical_next"]
FACILITY_NEXT = frozenset(_PLACES["facility_next"])

_ACRONYM = re.compile(r"\s?\((?P<acr>[A-Z][A-Za-z0-9]*(?:[/&.\-][A-Za-z0-9]+)*)\)")
_AKA = re.compile(
    r"^(?:,\s*|\s*\(\s*|\s+(?:is|are|was|were)\s+)(?P<lead>"
    + "|".join(r"\s+".join(map(re.escape, phrase.split()))
               for phrase in sorted(_NAMES["alias_lead_ins"], key=len, reverse=True))
    + r")\s+(?:the\s+)?"
    r"[“\"‘']?(?P<a>[A-Z][^,;.”\"’()]{1,60}?)[”\"’']?(?:\s+or\s+[“\"‘']?(?P<b>[A-Z][^,;.”\"’()]{1,60}?)[”\"’']?)?"
    r"(?=[,;.)]|\s+(?:and|which|who|that|an?|the|has|is)\b)")
_LEADING = re.compile(r"^(?:the|The|THE|a|an)\s+")
_QUOTES = "“”\"‘’'«»"


@dataclass(slots=True)
class _Span:
    start: int
    end: int
    label: str
    rule: str = "ner"
    same_as: str | None = None
    head: str | None = None


def annotate(documents: Iterable[Document], cfg: Config) -> Iterator[Document]:
    """The documents with their `mentions` filled, batched through the model."""
    pipeline = nlp()
    gazetteer = load_gazetteer()
    batch: list[Document] = []
    for document in documents:
        batch.append(document)
        if len(batch) >= cfg.nlp_batch_size:
            yield from _annotate_batch(batch, pipeline, gazetteer, cfg)
            batch = []
    yield from _annotate_batch(batch, pipeline, gazetteer, cfg)


def pieces(text: str, limit: int) -> list[str]:
    """The text cut at paragraph breaks into pieces of at most about `limit` characters; joined, they are the text."""
    if len(text) <= limit:
        return [text]
    parts = re.split(r"(?<=\n\n)", text)
    result, current = [], ""
    for part in parts:
        while len(part) > limit:  # one paragraph longer than the limit: cut it at a space
            cut = part.rfind(" ", 0, limit) + 1 or limit
            if current:
                result.append(current)
                current = ""
            result.append(part[:cut])
            part = part[cut:]
        if current and len(current) + len(part) > limit:
            result.append(current)
            current = ""
        current += part
    if current:
        result.append(current)
    return result


def _parse(pipeline, batch: list[Document], cfg: Config):
    """The model's reading of each document, long ones read piece by piece and joined."""
    from spacy.tokens import Doc

    if all(len(d.text) <= cfg.nlp_max_chars for d in batch):
        yield from pipeline.pipe((d.text for d in batch), batch_size=cfg.nlp_batch_size)
        return
    for document in batch:
        parsed = list(pipeline.pipe(pieces(document.text, cfg.nlp_max_chars), batch_size=cfg.nlp_batch_size))
        yield parsed[0] if len(parsed) == 1 else Doc.from_docs(parsed, ensure_whitespace=False)


def _annotate_batch(batch: list[Document], pipeline, gazetteer: Gazetteer, cfg: Config) -> Iterator[Document]:
    from factfile.stages.claims import find_claims  # the next stage reads the same parsed text

    titled = [d for d in batch if d.title and d.title.strip()]
    headlines = dict(zip((d.id for d in titled), pipeline.pipe((d.title for d in titled),
                                                                batch_size=cfg.nlp_batch_size)))
    for document, parsed in zip(batch, _parse(pipeline, batch, cfg)):
        document = replace(document, mentions=tuple(find_mentions(document, parsed, gazetteer)))
        if document.id in headlines:
            document = replace(document, title_mentions=tuple(find_title_mentions(document, headlines[document.id])))
        claims, cites = find_claims(document, parsed)
        yield replace(document, claims=claims, cites=cites)


def find_title_mentions(document: Document, parsed) -> list[Mention]:
    """The names in a document's headline, guarded against its capitals.

    Every name the document's text uses is found in its headline as written, with the text's label (the
    text reads it with more context). Beyond those, a headline in title case ("Mayor Vows To Fight Riverton
    Cuts") capitalises every word, so the model's spans there take in verbs and common words: none is kept.
    In a headline in sentence case, a name of two or more words is kept as the model reads it unless a verb
    is in it; a lone word only when the text names it too ("Railway deal signed" names no "Railway").
    """
    title = document.title or ""
    small = frozenset(_NAMES["headline_small_words"])
    words = [w for w in re.findall(r"[A-Za-z][\w'’-]*", title) if w.lower() not in small]
    title_case = len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.8 * len(words)
    in_text: dict[str, str] = {}
    for mention in document.mentions:
        in_text.setdefault(mention.text, mention.label)
    spans: list[_Span] = []
    if in_text:
        pattern = re.compile(r"(?<![\w\-])(?:" + "|".join(re.escape(n) for n in sorted(in_text, key=len, reverse=True))
                             + r")(?![\w\-])")
        spans = [_Span(m.start(), m.end(), in_text[m.group(0)]) for m in pattern.finditer(title)]
    if not title_case:
        for ent in parsed.ents:
            span = _tidy(_Span(ent.start_char, ent.end_char, ent.label_), title)
            if (span is None or span.label not in KEPT_LABELS or " " not in title[span.start:span.end].strip()
                    or any(s.start < span.end and span.start < s.end for s in spans)):
                continue
            if any(t.pos_ in ("VERB", "AUX") for t in parsed.char_span(span.start, span.end, alignment_mode="expand")):
                continue
            spans.append(span)
    return [Mention(document.id, s.start, s.end, title[s.start:s.end], s.label, "headline", part="title")
            for s in sorted(spans, key=lambda s: s.start)]


def find_mentions(document: Document, parsed, gazetteer: Gazetteer) -> list[Mention]:
    """Every name in one document: the model's entities, corrected and completed by the rules above."""
    text = document.text
    spans = [_Span(e.start_char, e.end_char, e.label_) for e in parsed.ents if e.label_ in KEPT_LABELS | MAYBE_LABELS]
    spans = [s for s in (_tidy(s, text) for s in spans) if s is not None]
    spans = _join_hyphenated(spans, text)
    _titled_persons(spans, text)
    for span in spans:
        _organisation_words(span, text)
        _place_words(span, text, gazetteer)
    spans = [s for s in spans if s.label in KEPT_LABELS and not _part_of_title(s, text)]
    _split_possessives(spans, text, gazetteer)
    _slash_acronyms(spans, text)
    _acronyms_and_aliases(spans, text, gazetteer)
    _demonyms_and_countries(spans, text, gazetteer)
    _person_short_forms(spans, text, gazetteer)
    _places_by_use(spans, text, gazetteer)
    countries = _document_countries(spans, text, gazetteer)
    _gazetteer_places(spans, parsed, text, gazetteer, countries)
    _acronym_repeats(spans, text)
    spans = _without_overlaps(spans)
    return [
        Mention(document.id, s.start, s.end, text[s.start:s.end], s.label, s.rule, s.same_as, s.head)
        for s in spans
    ]


# --- 1. tidy and join ---------------------------------------------------------


def _tidy(span: _Span, text: str) -> _Span | None:
    start, end = span.start, span.end
    piece = text[start:end]
    if match := _LEADING.match(piece):
        start += match.end()
    if prefix := re.match(r"(?:anti|pro|ex|non|post|pre)-(?=[A-Z])", text[start:end]):
        start += prefix.end()
    piece = text[start:end]
    if "(" in piece and ")" not in piece:
        end = start + piece.index("(")
    while end > start and text[end - 1] in " .,;:-–—" + _QUOTES:
        end -= 1
    while start < end and text[start] in _QUOTES:
        start += 1
    for suffix in ("’s", "'s"):
        if text[start:end].endswith(suffix):
            end -= len(suffix)
    # A name is a whole hyphenated word: "Trans" in "Trans-Mongolian" is not a name of its own.
    # ("Beijing-based" and "anti-Western" are words built on a name: the name stays as it is.)
    while end < len(text) - 1 and text[end] in "-–" and text[end + 1].isupper():
        end += 1
        while end < len(text) and (text[end].isalnum() or text[end] in "’'"):
            end += 1
    while start > 1 and text[start - 1] in "-–" and text[start - 2].isalpha():
        word_start = start - 1
        while word_start > 0 and text[word_start - 1].isalnum():
            word_start -= 1
        if not text[word_start].isupper():
            break
        start = word_start
    head = None
    words = text[start:end].split()
    if len(words) > 1 and words[-1].islower() and words[-1] in {**REGION_NEXT, **PHYSICAL_NEXT}:
        head = {**REGION_NEXT, **PHYSICAL_NEXT}[words[-1]]
        end = start + text[start:end].rindex(words[-1])
        while end > start and text[end - 1] == " ":
            end -= 1
    piece = text[start:end]
    if (len(piece) < 2 or not any(c.isupper() for c in piece) or piece.isdigit()
            or piece.lower() in _NEVER_NAMES_ALONE):
        return None
    return replace(span, start=start, end=end, head=head or span.head)


def _join_hyphenated(spans: list[_Span], text: str) -> list[_Span]:
    """'Nomin' + '-' + 'Khad Mine' is one name the tokenizer split."""
    spans = sorted(spans, key=lambda s: s.start)
    joined: list[_Span] = []
    for span in spans:
        if joined and text[joined[-1].end:span.start] in ("-", "–"):
            previous = joined[-1]
            joined[-1] = replace(previous, end=span.end, label=span.label if previous.label == "NORP" else previous.label,
                                 rule="ner+hyphen")
        else:
            joined.append(span)
    return joined


def _overlapping(spans: list[_Span], start: int, end: int) -> list[_Span]:
    return [s for s in spans if s.start < end and start < s.end]


# --- 2-4. titles, organisation and place words ---------------------------------


def _part_of_title(span: _Span, text: str) -> bool:
    """'Mongolian Transport' in 'Mongolian Transport Minister X', or a title alone ('Councilor'): not a name."""
    if span.label != "PERSON" and span.label != "GPE":
        return False
    piece = text[span.start:span.end]
    if _TITLE_WORD.match(piece):
        return True
    following = re.match(r"\s+(\w+(?:\s+\w+)?)", text[span.end:span.end + 40])
    return bool(following and re.match(_TITLE + r"(?:\s|$)", following.group(1)) and
                not following.group(1).startswith(("leader", "president", "minister", "chairman")))


def _owner(start: int, end: int, text: str, gazetteer: Gazetteer) -> tuple[int, int] | None:
    """Where a place's possessive ends and the owned name starts ('Mongolia’s |Ministry of Transport');
    None when the possessive is part of the name ("People’s Armed Police")."""
    match = re.search(r"[’']s\s+(?=[A-Z])", text[start:end])
    if not match or not gazetteer.has_name(name_key(text[start:start + match.start()])):
        return None
    return start + match.start(), start + match.end()


def _split_possessives(spans: list[_Span], text: str, gazetteer: Gazetteer) -> None:
    """'Mongolia’s Ministry of Transport' names two things: a country and its ministry."""
    for span in list(spans):
        split = _owner(span.start, span.end, text, gazetteer)
        if split is None:
            continue
        owner_end, owned_start = split
        spans.remove(span)
        owner = _Span(span.start, owner_end, "GPE", "ner+possessive")
        owned = _Span(owned_start, span.end, span.label, "ner+possessive", head=span.head)
        spans.extend([owner, owned])


def _slash_acronyms(spans: list[_Span], text: str) -> None:
    """'RFE/RL': capitals joined by a slash are an organisation's acronym, whatever the model made of them."""
    for match in re.finditer(r"(?<![\w/])[A-Z]{2,}(?:/[A-Z]{2,})+(?![\w/])", text):
        for hit in _overlapping(spans, *match.span()):
            spans.remove(hit)
        spans.append(_Span(match.start(), match.end(), "ORG", "acronym form"))


def _titled_persons(spans: list[_Span], text: str) -> None:
    for match in _TITLED.finditer(text):
        start, end = match.span("name")
        # A title inside the name ("Minister Mullah Abdul") is peeled off too.
        while (inner := re.match(_TITLE + r"\s+", text[start:end])) and start + inner.end() < end:
            start += inner.end()
        if possessive := re.search(r"[’']s(?!\w)", text[start:end]):
            end = start + possessive.start()  # "President X's government": the name ends at the possessive
        words = text[start:end].split()
        if any(w.lower() in ORG_HEADS for w in words):
            continue  # "President Trump Organization" is an organisation
        hits = _overlapping(spans, start, end)
        if hits:
            for hit in hits:
                if hit.label in ("GPE", "NORP") and hit.end <= start:
                    continue
                hit.start, hit.end, hit.label, hit.rule = min(hit.start, start), max(hit.end, end), "PERSON", "title"
                hit.start = max(hit.start, start)
        else:
            spans.append(_Span(start, end, "PERSON", "title"))


def _next_word(text: str, end: int) -> tuple[str, int]:
    match = re.match(r"\s+([A-Za-z][\w\-]*)", text[end:])
    return (match.group(1), end + match.end()) if match else ("", end)


def _organisation_words(span: _Span, text: str) -> None:
    following = text[span.end:span.end + 8]
    for suffix in COMPANY_SUFFIXES:
        if re.match(r",?\s" + re.escape(suffix) + r"(?!\w)", following):
            span.end += following.index(suffix) + len(suffix)
            span.label = "ORG"
            break
    words = re.findall(r"[\w\-]+", text[span.start:span.end].lower())
    if not words:
        return
    if span.label != "ORG" and (words[-1] in ORG_HEADS or words[0] in ORG_PREFIXES):
        span.label, span.rule = "ORG", span.rule + "+org word"
        return
    word, end = _next_word(text, span.end)
    if word in ORG_NEXT and span.label in ("PERSON", "GPE", "NORP"):  # lower-case only: "Haqqani network"
        span.end, span.label, span.rule = end, "ORG", span.rule + "+org word"


def _place_words(span: _Span, text: str, gazetteer: Gazetteer) -> None:
    word, end = _next_word(text, span.end)
    lower = word.lower()
    if lower in PHYSICAL_NEXT and span.label in ("PERSON", "GPE", "LOC", "ORG", "NORP", "FAC"):
        span.label, span.head, span.rule = "LOC", PHYSICAL_NEXT[lower], span.rule + "+place word"
        if word[0].isupper():
            span.end = end  # "Wakhan Corridor" is the name; "Wakhan corridor" names Wakhan
    elif lower in REGION_NEXT and span.label in ("PERSON", "ORG", "NORP", "LOC", "FAC", "GPE"):
        if span.label != "GPE":
            span.label, span.rule = "GPE", span.rule + "+place word"
        span.head = REGION_NEXT[lower]
        if word[0].isupper():
            span.end = end
    elif span.label in ("ORG", "PERSON"):
        following = text[span.end:span.end + 40].lower().split()[:2]
        if any(w.strip(".,;") in FACILITY_NEXT for w in following) and not gazetteer.has_name(
            name_key(text[span.start:span.end])
        ):
            span.label, span.rule = "FAC", span.rule + "+facility word"


# --- 5. acronyms and declared aliases ------------------------------------------


def _initials(name: str) -> str:
    words = re.split(r"[\s\-–/]+", name)
    return "".join(w[0].upper() for w in words if w and w.lower() not in {"of", "the", "and", "for", "de", "du", "la"})


def _is_subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(c in letters for c in short)


def acronym_matches(acronym: str, name: str) -> bool:
    """True when `acronym` can stand for `name` ('ISIS-K' / 'Islamic State-Khorasan', 'NKGS' / 'Nomin Khad–Gashuun Sukhait railway')."""
    letters = re.sub(r"[^A-Z]", "", acronym.upper())
    initials = _initials(name)
    if len(letters) < 2 or not initials or letters[0] != initials[0]:
        return False
    return _is_subsequence(initials, letters) or _is_subsequence(letters, initials) and len(letters) >= len(initials) - 1


_LONG_NAME = re.compile(r"((?:[A-Z][\w’'&.\-–]*|of|and|for|the|de|du|la|al|&)(?:\s+(?:[A-Z][\w’'&.\-–]*|of|and|for|the|de|du|la|al|&|[a-z]+(?=\s*$)))*)\s*$")


def _acronyms_and_aliases(spans: list[_Span], text: str, gazetteer: Gazetteer) -> None:
    for match in _ACRONYM.finditer(text):
        acronym = match.group("acr")
        if sum(c.isupper() for c in acronym) < 2:
            continue
        before = text[max(0, match.start() - 120):match.start()]
        long_span = next((s for s in spans if s.end == match.start() or text[s.end:match.start()].strip() == ""
                          and 0 <= match.start() - s.end <= 1), None)
        if long_span is None:
            found = _LONG_NAME.search(before)
            if not found:
                continue
            name = re.sub(r"^(?:(?:of|and|for|the|de|du|la|al|&)\s+)+", "", found.group(1), flags=re.I).strip()
            if not name or not name[0].isupper():
                continue
            start = match.start() - len(before) + found.end(1) - len(name)
            if split := _owner(start, start + len(name), text, gazetteer):
                spans.append(_Span(start, split[0], "GPE", "possessive"))
                name, start = text[split[1]:start + len(name)], split[1]
            for hit in _overlapping(spans, start, start + len(name)):
                spans.remove(hit)
            long_span = _Span(start, start + len(name), _label_from_words(name), "acronym definition")
            spans.append(long_span)
        name = text[long_span.start:long_span.end]
        if not acronym_matches(acronym, name):
            continue
        start, end = match.span("acr")
        for hit in _overlapping(spans, start, end):
            spans.remove(hit)
        spans.append(_Span(start, end, long_span.label, "acronym definition", same_as=name))
    for span in list(spans):
        match = _AKA.match(text[span.end:span.end + 160])
        if not match or span.label == "PERSON" and "known as" not in " ".join(match.group("lead").split()):
            continue  # "Harold Penwick, formerly Riverton's mayor": a person's past post, not another name
        for group in ("a", "b"):
            if match.group(group):
                start, end = span.end + match.start(group), span.end + match.end(group)
                for hit in _overlapping(spans, start, end):
                    spans.remove(hit)
                lead = " ".join(match.group("lead").split())
                spans.append(_Span(start, end, span.label, f"declared: {lead}", same_as=text[span.start:span.end]))


def _label_from_words(name: str) -> str:
    words = name.lower().split()
    if any(w in ORG_HEADS for w in words) or words[0] in ORG_PREFIXES:
        return "ORG"
    if words[-1] in PHYSICAL_NEXT or words[-1] in REGION_NEXT:
        return "LOC"
    if words[-1] in FACILITY_NEXT:
        return "FAC"
    return "ORG"


def _acronym_repeats(spans: list[_Span], text: str) -> None:
    """Other uses of an acronym defined in this document."""
    defined = {text[s.start:s.end]: s for s in spans if s.rule == "acronym definition" and s.same_as}
    for acronym, definition in defined.items():
        for match in re.finditer(r"(?<![\w/\-])" + re.escape(acronym) + r"(?![\w/\-])", text):
            if not _overlapping(spans, *match.span()):
                spans.append(_Span(match.start(), match.end(), definition.label, "acronym", same_as=definition.same_as))


# --- 6-7. countries, demonyms, short forms -------------------------------------


def demonym_country(word: str, gazetteer: Gazetteer) -> str | None:
    """The country a people-word refers to ('Uzbek' -> UZ, 'Mongolian' -> MN), or None."""
    w = word.strip().rstrip("s") if word.endswith(("ks", "ns", "is")) else word.strip()
    if " " in w or len(w) < 4 or gazetteer.country_of_name(w):
        return None
    stems = [w + "istan", w + "stan", w + "ia", w + "a"]
    for suffix, replacement in (("ian", "ia"), ("ian", "a"), ("ian", ""), ("an", "a"), ("n", ""), ("i", ""),
                                ("ese", "a"), ("ese", ""), ("ish", ""), ("ian", "y"), ("ean", "ea")):
        if w.endswith(suffix):
            stems.append(w[: -len(suffix)] + replacement)
    for stem in stems:
        if country := gazetteer.country_of_name(stem):
            return country
    return None


def _demonyms_and_countries(spans: list[_Span], text: str, gazetteer: Gazetteer) -> None:
    for span in spans:
        piece = text[span.start:span.end]
        if gazetteer.country_of_name(piece):
            if span.label != "GPE":
                span.label, span.rule = "GPE", span.rule + "+country"
        elif span.label in ("PERSON", "ORG", "NORP", "GPE") and demonym_country(piece, gazetteer):
            if span.label != "NORP":
                span.label, span.rule = "NORP", span.rule + "+demonym"


def _outlet_persons(spans: list[_Span], text: str) -> None:
    """'The Gazette's Harold Penwick', 'Riverton News’ Harold Penwick': an outlet and its person, two names."""
    given = _given_names()
    for span in list(spans):
        match = re.match(r"(.+?(?:[’']s|s[’']))\s+([A-Z][a-z]+\s+[A-Z]\S+)$", text[span.start:span.end])
        if span.label == "ORG" and match and match.group(2).split()[0].upper() in given:
            owned = span.start + match.start(2)
            spans.remove(span)
            spans.extend([_Span(span.start, span.start + match.end(1) - (2 if match.group(1).endswith("s") else 1),
                                "ORG", span.rule + "+possessive"),
                          _Span(owned, span.end, "ORG", span.rule + "+possessive")])


def _person_short_forms(spans: list[_Span], text: str, gazetteer: Gazetteer) -> None:
    # The model reads some people as organisations ("Harold Penwick" as ORG): a name of two or three words that
    # opens with a given name, and whose last word the document also uses alone, is a person's.
    _outlet_persons(spans, text)
    alone = {text[s.start:s.end] for s in spans if " " not in text[s.start:s.end].strip()}
    given = _given_names()
    for span in spans:
        words = text[span.start:span.end].split()
        if (span.label == "ORG" and 2 <= len(words) <= 3 and words[0].upper() in given and words[-1] in alone
                and all(w[:1].isupper() for w in words) and not {w.lower() for w in words} & ORG_HEADS):
            span.label, span.rule = "PERSON", span.rule + "+given name"
    names = [text[s.start:s.end].split() for s in spans if s.label == "PERSON"]
    parts = {part for words in names if len(words) >= 2 for part in (words[0], words[-1]) if len(part) > 2}
    for span in spans:
        piece = text[span.start:span.end]
        # A place keeps its label ("Washington" beside "George Washington") when it is one.
        if piece in parts and (span.label not in ("PERSON", "GPE")
                               or span.label == "GPE" and not gazetteer.has_name(name_key(piece))):
            span.label, span.rule = "PERSON", span.rule + "+short form"


# "his hometown of X", "the city of X": what follows is a place (words in lexicon/places.toml).
_PLACE_CUE = re.compile(r"\b(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s") for w in
                                             _PLACES["place_words_before_of"]) + r")\s+of\s+$", re.I)


def _places_by_use(spans: list[_Span], text: str, gazetteer: Gazetteer) -> None:
    """A name the model calls a person or an organisation is a place where the document uses it as one: after
    "his hometown of", or as the place an organisation belongs to ("the Riverton Police", then "Riverton
    officers"). Only names the gazetteer knows."""
    owners = set()
    for span in spans:
        words = text[span.start:span.end].split()
        if span.label == "ORG" and len(words) >= 2 and words[-1].lower() in ORG_HEADS:
            owners.add(" ".join(words[:-1]))
    for span in spans:
        piece = text[span.start:span.end]
        if span.label not in ("PERSON", "ORG") or not gazetteer.has_name(name_key(piece)):
            continue
        if piece in owners or _PLACE_CUE.search(text[max(0, span.start - 40):span.start]):
            span.label, span.rule = "GPE", span.rule + "+used as a place"


@functools.lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """English-language given names, upper case: the US Census's lists of first names, from the `names` package."""
    folder = importlib.resources.files("names")
    return frozenset(line.split()[0] for part in ("dist.male.first", "dist.female.first")
                     for line in folder.joinpath(part).read_text(encoding="ascii").splitlines() if line.strip())


# --- 8. places from the gazetteer ---------------------------------------------


def _document_countries(spans: list[_Span], text: str, gazetteer: Gazetteer) -> set[str]:
    countries: set[str] = set()
    for span in spans:
        piece = text[span.start:span.end]
        if span.label == "GPE" and (country := gazetteer.country_of_name(piece)):
            countries.add(country)
        elif span.label == "NORP" and (country := demonym_country(piece, gazetteer)):
            countries.add(country)
        elif span.label in ("GPE", "LOC"):
            countries.update(p.country for p in gazetteer.lookup(piece) if p.feature == "admin1" and p.country)
    return countries


def _could_be_place(piece: str, gazetteer: Gazetteer) -> bool:
    """Months, titles and demonyms are never places, whatever towns are so called."""
    return (piece.lower() not in _NOT_PLACES and not _TITLE_WORD.match(piece)
            and demonym_country(piece, gazetteer) is None)


def _plausible_place(key: str, gazetteer: Gazetteer, countries: set[str]) -> bool:
    return any(p.feature in ("continent", "country", "admin1") or p.country in countries for p in gazetteer.lookup(key))


def _gazetteer_places(spans: list[_Span], parsed, text: str, gazetteer: Gazetteer, countries: set[str]) -> None:
    person_words = {w for s in spans if s.label == "PERSON" for w in text[s.start:s.end].split()}
    for span in spans:
        piece = text[span.start:span.end]
        if (span.label in ("ORG", "PERSON", "FAC", "NORP") and piece not in person_words
                and _could_be_place(piece, gazetteer) and gazetteer.has_name(name_key(piece))):
            words = piece.lower().split()
            if not (set(words) & ORG_HEADS or words[0] in ORG_PREFIXES) and _plausible_place(piece, gazetteer, countries):
                span.label, span.rule = "GPE", span.rule + "+gazetteer"
    tokens = list(parsed)
    # A capitalised word the same document also writes in lower case is a common word ("Line", "Police").
    lower_words = {t.text for t in tokens if t.text.islower()}
    index = 0
    while index < len(tokens):
        token = tokens[index]
        shouted = token.text.isupper() and sum(t.text.isupper() for t in tokens[max(0, index - 2):index + 3]) >= 3
        if (not (token.pos_ == "PROPN" and token.text[:1].isupper()) or token.is_stop or shouted
                or token.text.lower() in lower_words):
            index += 1
            continue
        best = None
        for stop in range(min(len(tokens), index + 5), index, -1):
            last = tokens[stop - 1]
            start, end = token.idx, last.idx + len(last.text)
            piece = text[start:end]
            if not last.text[:1].isupper() or "\n" in piece:
                continue
            key = name_key(piece)
            if (len(key.replace(" ", "")) >= 4 and gazetteer.has_name(key) and _could_be_place(piece, gazetteer)
                    and _plausible_place(piece, gazetteer, countries)):
                best = (start, end, stop)
                break
        if best is None or _overlapping(spans, best[0], best[1]) or text[best[0]:best[1]] in person_words:
            index += 1
            continue
        span = _Span(best[0], best[1], "GPE", "gazetteer")
        _place_words(span, text, gazetteer)
        spans.append(span)
        index = best[2]


def _without_overlaps(spans: list[_Span]) -> list[_Span]:
    kept: list[_Span] = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if not _overlapping(kept, span.start, span.end):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)
