"""Stage 7, group: link claims to entities, find each document's independent origin,
and group claims from different documents that are about the same thing.

Reads the documents' claims and the resolved entities; returns the claims
(with entity ids and origins) and `Group`s with a status:

- `contested`: incompatible values for the same thing ($8.5 million / $8.6 million),
  an existing thing placed in two different towns, or a report set against a denial;
- `corroborated`: two or more independent origins state compatible values;
- `denied`: the only statements are denials;
- `single_source`: one origin says it (however many copies carry it).

Origins: documents that share near-identical sentences are copies of one origin
(a wire story run by two outlets); a claim attributed to another document's outlet
("according to the Herald") traces to that document; a claim attributed to a
wire agency traces to the agency. Comparisons are blocked by value kind and
entity, so the work grows with the number of claims, not its square.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace

from factfile.config import Config
from factfile.model import Claim, Document, Entity, Group, Value, make_id

NUMERIC = ("money", "quantity", "count")
# Everyday news synonyms, so that "forces" and "troops", "base" and "facility" meet.
SYNONYMS = {
    "force": "troop", "soldier": "troop", "personnel": "troop", "army": "troop",
    "facility": "base", "outpost": "base", "post": "base", "installation": "base", "station": "base",
    "lorry": "truck", "funding": "money", "financing": "money", "assistance": "money", "aid": "money",
    "cost": "money", "price": "money", "spur": "line", "railway": "line", "track": "line",
}


def counted_noun(noun: str | None) -> str:
    """One name for what is counted: 'lorries' and 'trucks' are both 'truck'."""
    noun = (noun or "").lower()
    singular = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1] if noun.endswith("s") else noun
    return SYNONYMS.get(singular, singular)


def _topic(claim: Claim) -> set[str]:
    return {SYNONYMS.get(n, n) for n in claim.nouns}
_WORD = re.compile(r"[a-z0-9]+")
_FUTURE = re.compile(r"\b(?:will|would|shall|plans? to|to be)\b", re.I)


# --- linking claims to entities ----------------------------------------------------


def link_claims(documents: Sequence[Document], entities: Sequence[Entity]) -> list[Claim]:
    """Every claim with its subject, entities and entity values as entity ids."""
    by_span = {(m.doc, m.start, m.end): e.id for e in entities for m in e.mentions}
    # Mentions found only when the corpus was resolved ("known name") are not in the claims' spans yet.
    spans_by_doc: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for entity in entities:
        for mention in entity.mentions:
            if mention.rule.startswith("known name"):
                spans_by_doc[mention.doc].append((mention.start, mention.end))
    for spans in spans_by_doc.values():
        spans.sort()
    linked = []
    for document in documents:
        for claim in document.claims:
            ids = tuple(dict.fromkeys(i for s in claim.mention_spans if (i := by_span.get((claim.doc, *s)))))
            values = tuple(
                replace(v, entity=by_span.get((claim.doc, v.start, v.end))) if v.type == "entity" else v
                for v in claim.values
            )
            values = tuple(v for v in values if v.type != "entity" or v.entity)
            subject = by_span.get((claim.doc, *claim.subject_span)) if claim.subject_span else None
            known = [(s, e) for s, e in spans_by_doc.get(claim.doc, ()) if claim.start <= s and e <= claim.end]
            ids = tuple(dict.fromkeys(ids + tuple(by_span[(claim.doc, s, e)] for s, e in known)))
            if subject is None and known and known[0][0] - claim.start <= 1:
                subject = by_span[(claim.doc, *known[0])]  # a name the model missed, opening the clause
            linked.append(replace(claim, subject=subject, entities=ids, values=values))
    return linked


# --- origins ---------------------------------------------------------------------


def _shingles(text: str, size: int) -> set[int]:
    words = _WORD.findall(text.lower())
    return {hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1)}


def document_origins(documents: Sequence[Document], cfg: Config) -> dict[str, str]:
    """Each document's origin: itself, or the earliest document it copies (by shared word runs)."""
    shingles = {d.id: _shingles(d.text, cfg.copy_shingle_words) for d in documents}
    postings: dict[int, list[str]] = defaultdict(list)
    for doc_id in sorted(shingles):
        for shingle in shingles[doc_id]:
            postings[shingle].append(doc_id)
    shared: Counter = Counter()
    for docs in postings.values():
        if 1 < len(docs) <= cfg.copy_max_posting:  # a run in very many documents is boilerplate
            for i, a in enumerate(docs):
                for b in docs[i + 1:]:
                    shared[(a, b)] += 1
    parent = {d.id: d.id for d in documents}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), count in sorted(shared.items()):
        smaller = min(len(shingles[a]), len(shingles[b])) or 1
        if count / smaller >= cfg.copy_min_shared:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    published = {d.id: d.published or "9999" for d in documents}
    members: dict[str, list[str]] = defaultdict(list)
    for doc_id in parent:
        members[find(doc_id)].append(doc_id)
    origin = {}
    for group in members.values():
        first = min(group, key=lambda d: (published[d], d))
        for doc_id in group:
            origin[doc_id] = first
    return origin


def _claim_origin(claim: Claim, doc_origin: dict[str, str], outlets: dict[str, str], agencies: set[str]) -> str:
    """Where a claim traces back to: another report it cites, a wire agency, or its document's origin."""
    source = (claim.attributed_to or "").lower()
    text = claim.text.lower()
    for outlet, doc_id in outlets.items():
        # "..., as first reported by The Gobi Herald": the sentence credits another report of the corpus.
        if doc_id != claim.doc and re.search(r"\b(?:first reported by|reported by|according to)\s+(?:the\s+)?"
                                             + re.escape(outlet) + r"\b", text):
            return doc_origin[doc_id]
    for outlet, doc_id in outlets.items():
        if doc_id != claim.doc and source and (source == outlet or source in outlet.split() and len(source) > 3
                                               or outlet.endswith(" " + source)):
            return doc_origin[doc_id]
    for agency in agencies:
        if source == agency:
            return "agency:" + agency
    return doc_origin[claim.doc]


# --- grouping ----------------------------------------------------------------------


def _kinds(claim: Claim) -> list[str]:
    kinds = []
    for value in claim.values:
        if value.type == "money":
            kinds.append(f"money:{value.unit}")
        elif value.type == "quantity":
            kinds.append(f"quantity:{value.unit}")
        elif value.type == "count":
            kinds.append(f"count:{counted_noun(value.unit)}")
        elif value.type == "entity" and claim.modality != "denied":
            kinds.append("place")  # a denial places nothing: "no bases in Central Asia"
    if claim.entities:
        kinds.append("status")
    return list(dict.fromkeys(kinds))


def _same_thing(kind: str, a: Claim, b: Claim, cfg: Config, common_topics: frozenset[str],
                shared_topic: set[str], value_a: Value | None, value_b: Value | None) -> bool:
    """Whether two claims from different documents are about the same thing."""
    if kind.startswith(NUMERIC):
        if value_a is None or value_b is None or not value_a.amount or not value_b.amount:
            return False
        ratio = max(value_a.amount, value_b.amount) / min(value_a.amount, value_b.amount)
        # Figures of one kind and size, in claims naming a common entity, are figures for one thing.
        # Figures of one kind and size are for one thing when the claims share a name or what they talk about.
        about = shared_topic - {counted_noun(value_a.unit) if value_a.type == "count" else ""}
        return ratio <= cfg.group_max_amount_ratio and (bool(set(a.entities) & set(b.entities)) or bool(about))
    if kind == "place":
        return bool(a.subject and a.subject == b.subject and shared_topic & {"base"} | shared_topic & set(_FACILITY_TOPICS))
    if kind == "status" and "denied" in (a.modality, b.modality) and a.modality != b.modality:
        # A denial answers reports about the same subject and the same kind of thing. It does not
        # answer a plan: "X does not have a base" leaves "X will build a base" standing.
        denial, other = (a, b) if a.modality == "denied" else (b, a)
        if other.modality == "planned" and not _FUTURE.search(denial.text):
            return False
        salient = shared_topic - common_topics
        return bool(salient) and other.subject is not None and other.subject in {denial.subject, *denial.entities}
    return False


_FACILITY_TOPICS = ("base", "mine", "depot", "terminal", "port", "camp", "line", "plant")


def group_claims(claims: Sequence[Claim], documents: Sequence[Document], entities: Sequence[Entity],
                 cfg: Config) -> tuple[list[Claim], list[Group]]:
    """Claims with their origins, and the groups they form across documents."""
    doc_origin = document_origins(documents, cfg)
    outlets = {d.publisher.lower().removeprefix("the "): d.id for d in documents if d.publisher}
    agencies = {c.name.lower() for d in documents for c in d.cites if c.kind == "agency"}
    claims = [replace(c, origin=_claim_origin(c, doc_origin, outlets, agencies)) for c in claims]
    topics = [_topic(c) for c in claims]
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        for kind in _kinds(claim):
            for entity in claim.entities:
                blocks[(kind, entity)].append(i)
            if kind.startswith(NUMERIC):
                for noun in topics[i]:  # figures may also meet through what they talk about
                    blocks[(kind, "noun:" + noun)].append(i)
    numbers = [_numbers(c) for c in claims]
    # Nouns in a large share of all claims ("line" in a story about a railway) say nothing about sameness.
    counts = Counter(t for topic in topics for t in topic)
    common = frozenset(t for t, n in counts.items() if n > cfg.group_common_topic_share * len(claims))
    # One union-find per kind of value: a claim giving a sum and a place may join a group about
    # the sum and another about the place, without chaining the two together.
    parents: dict[str, dict[int, int]] = defaultdict(dict)

    def find(kind: str, x: int) -> int:
        parent = parents[kind]
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent.setdefault(parent[x], parent[x])
            x = parent[x]
        return x

    for (kind, entity), members in sorted(blocks.items()):
        members = list(dict.fromkeys(members))
        if len(members) > cfg.group_max_block:
            continue  # an entity in every claim says nothing about sameness
        # Each claim is compared with the members of the block's groups so far, at most
        # `group_max_comparisons` of them, so the work grows with the claims, not their square.
        seen: list[int] = []
        for i in members:
            a = claims[i]
            for j in seen[-cfg.group_max_comparisons:]:
                b = claims[j]
                if a.doc != b.doc and find(kind, i) != find(kind, j) and _same_thing(
                        kind, a, b, cfg, common, topics[i] & topics[j], numbers[i].get(kind), numbers[j].get(kind)):
                    root_i, root_j = find(kind, i), find(kind, j)
                    parents[kind][max(root_i, root_j)] = min(root_i, root_j)
            seen.append(i)
    names = {e.id: e.name for e in entities}
    groups: dict[tuple[int, ...], Group] = {}
    grouped: set[int] = set()
    for kind in sorted({k for c in claims for k in _kinds(c)}):
        components: dict[int, list[int]] = defaultdict(list)
        for i, claim in enumerate(claims):
            if kind in _kinds(claim):
                components[find(kind, i)].append(i)
        for members in components.values():
            if kind == "status" and len({claims[i].doc for i in members}) < 2:
                continue  # a bare statement is grouped only when another report answers it
            key = tuple(sorted(members))
            if key not in groups:
                groups[key] = _group([claims[i] for i in members], names, kind)
                grouped.update(members)
    for i, claim in enumerate(claims):
        if i not in grouped and claim.modality == "denied":
            groups[(i,)] = _group([claim], names, "status")
    order = {"contested": 0, "corroborated": 1, "denied": 2, "single_source": 3}
    result = sorted(groups.values(), key=lambda g: (order[g.status], -g.independent_sources, g.label, g.id))
    return claims, result


# --- status ------------------------------------------------------------------------


def interval(value: Value) -> tuple[float, float]:
    """The amounts the words admit: '8.5 million' is 8.45 up to 8.55 million, 'about 1,300' 1,250 to 1,350."""
    amount = value.amount or 0.0
    unit = _rounding_unit(value)
    if value.amount_max is not None:
        return amount, value.amount_max
    if value.approx == "about":
        return amount - unit / 2, amount + unit / 2
    if value.approx in ("more_than", "at_least"):
        return amount, amount * 1.5 + unit
    if value.approx in ("less_than", "at_most"):
        return amount * 0.5, amount
    return amount - unit / 2, amount + unit / 2 - 1e-9


def _rounding_unit(value: Value) -> float:
    """The size of the last significant digit as written ('8.5 million' -> 100,000; '1,300' -> 100)."""
    digits = re.search(r"\d[\d,]*(?:\.(\d+))?", value.text)
    if not value.amount:
        return 1.0
    if not digits:
        return value.amount  # "several hundred": as vague as the number itself
    written = float(digits.group(0).replace(",", ""))
    scale = value.amount / written if written else 1.0
    if digits.group(1):
        return scale * 10 ** -len(digits.group(1))
    integer = digits.group(0).replace(",", "")
    # "1,300" and "about 300" are rounded to the hundred; a plain "420" (million) is exact to the unit.
    rounded = len(integer) >= 4 or value.approx != "exact"
    trailing = len(integer) - len(integer.rstrip("0")) if rounded else 0
    return scale * 10 ** trailing


def compatible(a: Value, b: Value) -> bool:
    """Whether two amounts can both be true, given the rounding and hedges their words admit."""
    low_a, high_a = interval(a)
    low_b, high_b = interval(b)
    return low_a <= high_b and low_b <= high_a


def _group(claims: list[Claim], names: dict[str, str], kind: str) -> Group:
    claims = sorted(claims, key=lambda c: (c.doc, c.start))
    docs = tuple(dict.fromkeys(c.doc for c in claims))
    origins = tuple(sorted({(c.doc, c.origin or c.doc) for c in claims}))
    independent = len({o for _, o in origins})
    conflict = _conflict(claims, kind)
    denied = [c for c in claims if c.modality == "denied"]
    if conflict or (denied and len(denied) < len(claims)):
        status = "contested"
    elif denied:
        status = "denied"
    elif independent >= 2:
        status = "corroborated"
    else:
        status = "single_source"
    # Named after what most of its claims are about, not after whichever came first.
    subjects = Counter(c.subject for c in claims if c.subject)
    common = subjects.most_common(1)[0][0] if subjects else None
    first = next((c for c in claims if c.subject == common), claims[0])
    subject = names.get(first.subject or "", "")
    label = (f"{subject}: {first.predicate}" if subject else first.predicate) + f" — {_kind_words(kind)}"
    return Group(
        id=make_id(kind, *(c.id for c in claims)),
        label=label,
        claims=tuple(c.id for c in claims),
        docs=docs,
        status=status,
        independent_sources=independent,
        summary=_summary(status, claims, independent, conflict),
        origins=origins,
    )


_EXISTING = re.compile(r"\b(?:existing|older|already|currently|former|previous|preexisting|since|at present|"
                       r"has been|have been|had been|over the past|for years)\b", re.I)


def _existing(claim: Claim) -> bool:
    """Whether a claim says its thing exists already ("existing depot", "has already been running"):
    a new base and an old one, or two plans, may stand in different towns without contradiction."""
    return bool(_EXISTING.search(claim.text))


def _kind_words(kind: str) -> str:
    what, _, unit = kind.partition(":")
    return {"money": f"amount ({unit})", "quantity": f"measure ({unit})", "count": f"number of {unit}",
            "place": "where", "status": "reported and denied"}.get(what, what)


def _numbers(claim: Claim) -> dict[str, Value]:
    found: dict[str, Value] = {}
    for value in claim.values:
        if value.type in NUMERIC:
            unit = counted_noun(value.unit) if value.type == "count" else value.unit
            found.setdefault(f"{value.type}:{unit}", value)
    return found


def _conflict(claims: list[Claim], kind: str) -> str | None:
    """Why the claims cannot all be true, or None."""
    if kind.startswith(NUMERIC):
        valued = [(c, v) for c in claims if (v := _numbers(c).get(kind)) is not None]
        if len({c.doc for c, _ in valued}) < 2:
            return None
        # Intervals that all overlap pairwise share a point: the highest low is below the lowest high.
        spans = [(interval(v), c, v) for c, v in valued]
        high_low = max(spans, key=lambda x: x[0][0])
        low_high = min(spans, key=lambda x: x[0][1])
        if high_low[0][0] > low_high[0][1]:
            return f"{low_high[2].text} ({low_high[1].doc}) vs {high_low[2].text} ({high_low[1].doc})"
        return None
    if kind == "place":
        placed = [(c, {v.entity for v in c.values if v.type == "entity"}) for c in claims
                  if c.modality in ("asserted", "reported", "planned")]
        placed = [(c, p) for c, p in placed if p][:50]
        for i, (a, places_a) in enumerate(placed):
            for b, places_b in placed[i + 1:]:
                # Only things said to exist already can be in one place at a time: plans may differ.
                if a.doc != b.doc and not places_a & places_b and _existing(a) and _existing(b):
                    return "placed in different places"
    return None


def _summary(status: str, claims: list[Claim], independent: int, conflict: str | None) -> str:
    def who(claim: Claim) -> str:
        return claim.doc + (f", citing {claim.attributed_to}" if claim.attributed_to else "")

    if status == "contested":
        if conflict and conflict != "placed in different places":
            kind = next(k for k in _numbers(claims[0]) | {k: v for c in claims for k, v in _numbers(c).items()}
                        if any(k in _numbers(c) for c in claims))
            values = [f"{_numbers(c)[kind].text} ({who(c)})" for c in claims if kind in _numbers(c)]
            return "Sources disagree: " + "; ".join(dict.fromkeys(values)) + "."
        denials = [c for c in claims if c.modality == "denied"]
        if denials and conflict is None:
            return (f"Reported by {len(claims) - len(denials)} statement(s) and denied by "
                    f"{', '.join(sorted({c.attributed_to or c.doc for c in denials}))}.")
        return "Sources place it differently: " + "; ".join(
            f"{', '.join(v.text for v in c.values if v.type == 'entity')} ({c.doc})" for c in claims
            if any(v.type == "entity" for v in c.values)) + "."
    if status == "corroborated":
        return f"{independent} independent sources agree ({', '.join(dict.fromkeys(c.doc for c in claims))})."
    if status == "denied":
        return "Only denials: " + "; ".join(sorted({who(c) for c in claims})) + "."
    copies = len({c.doc for c in claims})
    return f"Only one origin says this ({who(claims[0])})" + (f", carried by {copies} documents." if copies > 1 else ".")
