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

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from factfile import lexicon
from factfile.config import Config
from factfile.copies import document_origins, shingles
from factfile.gazetteer import load_gazetteer
from factfile.model import Claim, Document, Entity, Group, Judgement, Value, make_id
from factfile.stages.annotate import demonym_country
from factfile.stages.claims import mostly_quoted
from factfile.values import UNCOUNTED_PLURALS

NUMERIC = ("money", "quantity", "count")
# Everyday news synonyms, so that "forces" and "troops", "base" and "facility" meet (lexicon/measures.toml).
SYNONYMS = lexicon.word_classes("measures", "synonyms")


def counted_noun(noun: str | None) -> str:
    """One name for what is counted: 'lorries' and 'trucks' are both 'truck'."""
    noun = (noun or "").lower()
    singular = noun[:-3] + "y" if noun.endswith("ies") else noun[:-1] if noun.endswith("s") else noun
    return SYNONYMS.get(singular, singular)


def _topic(claim: Claim) -> set[str]:
    return {SYNONYMS.get(n, n) for n in claim.nouns}


# --- linking claims to entities ----------------------------------------------------


def link_claims(documents: Sequence[Document], entities: Sequence[Entity]) -> list[Claim]:
    """Every claim with its subject, entities and entity values as entity ids."""
    by_span = {(m.doc, m.start, m.end): e.id for e in entities for m in e.mentions if m.part == "text"}
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
                replace(v, entity=by_span.get((claim.doc, v.start, v.end))) if v.type == "entity" else
                replace(v, entity=by_span.get((claim.doc, *v.holder))) if v.holder else v
                for v in claim.values
            )
            values = tuple(v for v in values if v.type != "entity" or v.entity)
            subject = by_span.get((claim.doc, *claim.subject_span)) if claim.subject_span else None
            known = [(s, e) for s, e in spans_by_doc.get(claim.doc, ()) if claim.start <= s and e <= claim.end]
            ids = tuple(dict.fromkeys(ids + tuple(by_span[(claim.doc, s, e)] for s, e in known)))
            if subject is None and known and known[0][0] - claim.start <= 1:
                subject = by_span[(claim.doc, *known[0])]  # a name the model missed, opening the clause
            mentioned = [(s, e) for s, e in claim.mention_spans] + known
            blamed = tuple(dict.fromkeys(by_span[(claim.doc, s, e)] for s, e in mentioned
                                         for bs, be in claim.blamed_spans if bs <= s and e <= be
                                         and (claim.doc, s, e) in by_span))
            linked.append(replace(claim, subject=subject, entities=ids, values=values, blamed=blamed))
    return linked


# --- origins ---------------------------------------------------------------------


def _outlet_repeats(claims: list[Claim], publishers: dict[str, str | None], cfg: Config) -> list[Claim]:
    """A sentence an outlet prints again in another of its reports (word for word, a run of
    `copy_shingle_words`) comes from one origin: the outlet repeating itself corroborates nothing.
    Two reports of one outlet that tell a fact in their own words remain two origins."""
    def outlet(claim: Claim) -> str | None:
        name = publishers.get(claim.doc)
        return name.casefold().removeprefix("the ") if name else None

    first: dict[tuple[str, int], Claim] = {}
    result = []
    for claim in sorted(claims, key=lambda c: (c.origin or c.doc, c.doc, c.start)):
        name = outlet(claim)
        runs = shingles(claim.text, cfg.copy_shingle_words) if name else set()
        earlier = next((first[(name, h)] for h in runs if (name, h) in first
                        and first[(name, h)].doc != claim.doc), None)
        if earlier is not None:
            claim = replace(claim, origin=earlier.origin)
        for h in runs:
            first.setdefault((name, h), claim)
        result.append(claim)
    order = {c.id: n for n, c in enumerate(claims)}
    return sorted(result, key=lambda c: order[c.id])


_CREDIT = re.compile(r"\b(?:first reported by|reported by|according to)\s+")


def _claim_origin(claim: Claim, doc_origin: dict[str, str], outlets: dict[str, str], agencies: set[str]) -> str:
    """Where a claim traces back to: another report it cites, a wire agency, or its document's origin."""
    source = (claim.attributed_to or "").lower()
    text = claim.text.lower()
    credits = _CREDIT.search(text) is not None  # checked once: most claims credit no one
    for outlet, doc_id in outlets.items() if credits else ():
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
    kinds = list(_numbers(claim))
    for value in claim.values:
        if value.type == "entity" and claim.modality != "denied":
            kinds.append("place")  # a denial places nothing: "no bases in Central Asia"
    return list(dict.fromkeys(kinds))


def _same_thing(kind: str, a: Claim, b: Claim, cfg: Config, shared_topic: set[str],
                value_a: Value | None, value_b: Value | None, countries: frozenset[str],
                shared_scene: set[str]) -> bool:
    """Whether two claims from different documents are about the same thing. A country both name is
    where the story happens, not what a figure is of: "32 Freedonians killed" and "dozens of Freedonian
    soldiers killed" may be two strikes."""
    if kind.startswith(NUMERIC):
        if value_a is None or value_b is None or not value_a.amount or not value_b.amount:
            return False
        ratio = max(value_a.amount, value_b.amount) / min(value_a.amount, value_b.amount)
        if ratio > cfg.group_max_amount_ratio:
            return False
        sums = (_sum_measure(a, value_a), _sum_measure(b, value_b)) if kind.startswith("money") else (None, None)
        if None not in sums and sums[0] != sums[1]:
            return False  # a fine and a gain in the value of shares are two sums
        if _event_measure(kind):
            # A toll is specific: "48 soldiers killed" and "more than 45 troops killed" in one story are one
            # toll, whatever else the sentences name (a vague "dozens of" meets any toll, so it does not
            # count); so are tolls of one scene: "died when the ferry capsized" / "the capsizing killed".
            precise = value_a.amount_max is None and value_b.amount_max is None
            if precise and 1 / ratio >= 1 / cfg.figure_near_ratio or shared_scene:
                return True
        # Otherwise figures of one kind and size are for one thing when the claims share a name or what they
        # talk about (besides what is counted).
        about = shared_topic - {counted_noun(value_a.unit) if value_a.type == "count" else ""}
        return bool((set(a.entities) & set(b.entities)) - countries or about)
    if kind == "place":
        return bool(a.subject and a.subject == b.subject and shared_topic & {"base"} | shared_topic & set(_FACILITY_TOPICS))
    return False


_FACILITY_TOPICS = ("base", "mine", "depot", "terminal", "port", "camp", "line", "plant")


def group_claims(claims: Sequence[Claim], documents: Sequence[Document], entities: Sequence[Entity],
                 cfg: Config, origins: dict[str, str] | None = None) -> tuple[list[Claim], list[Group]]:
    """Claims with their origins, and the groups they form across documents; `origins` are the
    documents' (`copies.document_origins`), found here when not given."""
    doc_origin = origins if origins is not None else document_origins(documents, cfg)
    outlets = {d.publisher.lower().removeprefix("the "): d.id for d in documents if d.publisher}
    agencies = {c.name.lower() for d in documents for c in d.cites if c.kind == "agency"}
    claims = [replace(c, origin=_claim_origin(c, doc_origin, outlets, agencies)) for c in claims]
    claims = _outlet_repeats(claims, {d.id: d.publisher for d in documents}, cfg)
    # A claim a copy repeats (the same words at the same place of the same text, read the same way)
    # is grouped once: the copy then joins its original's groups as a source of its own, with its own
    # origin, without being compared again. A wire story run by hundreds of outlets costs what it
    # costs once, and its copies do not crowd out the reports written apart.
    first_of: dict[Claim, int] = {}
    distinct: list[int] = []
    repeats: dict[int, list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        seen = first_of.setdefault(replace(claim, id="", doc="", origin=None), i)
        if seen == i:
            distinct.append(i)
        else:
            repeats[seen].append(i)
    grouped, groups = _grouped([claims[i] for i in distinct], entities, cfg)
    if not repeats:
        return grouped, groups
    final = list(claims)
    for i, claim in zip(distinct, grouped, strict=True):
        final[i] = claim
    for i, copies in repeats.items():
        for j in copies:
            final[j] = replace(final[i], id=claims[j].id, doc=claims[j].doc, origin=claims[j].origin)
    by_id = {c.id: c for c in final}
    repeated = {claims[i].id: [claims[j].id for j in copies] for i, copies in repeats.items()}
    names = {e.id: e.name for e in entities}
    return final, groups_in_order(
        _group([by_id[c] for member in g.claims for c in (member, *repeated.get(member, ()))], names, g.kind)
        for g in groups)


def _grouped(claims: list[Claim], entities: Sequence[Entity], cfg: Config) -> tuple[list[Claim], list[Group]]:
    """`group_claims` of claims with their origins, none repeating another."""
    topics = [_topic(c) for c in claims]
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        for kind in _kinds(claim):
            for entity in claim.entities:
                blocks[(kind, entity)].append(i)
            if kind.startswith(NUMERIC):
                for noun in topics[i]:  # figures may also meet through what they talk about
                    blocks[(kind, "noun:" + noun)].append(i)
            if _event_measure(kind):
                blocks[(kind, "measure")].append(i)  # tolls of one story meet whatever else they name
    numbers = [_numbers(c) for c in claims]
    # How alike two claims are in words, for figures and, below, for statements.
    wording = Wording(claims, range(len(claims)))
    # Places below the country: figures said of two different ones are figures of two things.
    towns = frozenset(e.id for e in entities if e.type in ("GPE", "LOC", "FAC") and (e.geo is None or
                                                                                    e.geo.feature != "country"))
    countries = frozenset(e.id for e in entities if e.type == "NORP" or (e.geo is not None and e.geo.feature == "country"))
    scenes = {i: _scene(c) for i, c in enumerate(claims) if any(_event_measure(k) for k in numbers[i])}
    # Pairs of claims about the same thing, per kind of value: a claim giving a sum and a place may
    # join a group about the sum and another about the place, without tying the two together.
    pairs: dict[str, dict[tuple[int, int], float]] = defaultdict(dict)
    for (kind, entity), members in sorted(blocks.items()):
        members = list(dict.fromkeys(members))
        if len(members) > cfg.group_max_block:
            continue  # an entity in every claim says nothing about sameness
        # Each claim is compared with at most `group_max_comparisons` earlier members of its block,
        # so the work grows with the claims, not their square.
        for n, i in enumerate(members):
            for j in members[max(0, n - cfg.group_max_comparisons):n]:
                key = (min(i, j), max(i, j))
                if key in pairs[kind]:
                    continue
                value_i, value_j = numbers[i].get(kind), numbers[j].get(kind)
                if claims[i].doc == claims[j].doc:
                    # One report's figures of a measure are of one thing when they can both be true; when
                    # they cannot, or one is vague ("hundreds of kilometres" beside "a 240 km line"), the
                    # report is telling of two things (two floods, two distances).
                    if (kind.startswith(NUMERIC) and value_i and value_j and compatible(value_i, value_j)
                            and value_i.amount_max is None and value_j.amount_max is None):
                        pairs[kind][key] = _closeness(value_i, value_j)
                    continue
                shared_scene = scenes.get(i, set()) & scenes.get(j, set())
                if not _same_thing(kind, claims[i], claims[j], cfg, topics[i] & topics[j], value_i, value_j,
                                   countries, shared_scene):
                    continue
                if kind.startswith(NUMERIC):
                    if _placed_apart(claims[i], claims[j], towns):
                        continue
                    # Figures of one measure that cannot both be true, and are far apart, dispute each other
                    # only when their sentences tell alike: tolls of two floods in one season differ without
                    # contradiction, while "$4.2 million" and "$4.3 million" for one bridge are a dispute.
                    near = (value_i.amount_max is None and value_j.amount_max is None  # not "dozens of"
                            and _closeness(value_i, value_j) >= 1 / cfg.figure_near_ratio)
                    if (not near and not compatible(value_i, value_j)
                            and wording.similarity(i, j) < cfg.figure_contest_min_similarity
                            and not (_event_measure(kind) and shared_scene)):
                        continue
                pairs[kind][key] = _closeness(value_i, value_j)
    names = {e.id: e.name for e in entities}
    groups: dict[tuple[int, ...], Group] = {}
    for kind in sorted(pairs):
        # Two reports may name the thing differently ("the project", "the line"): a figure joins a group
        # when it is about the same thing as most of its members, never through one of them alone.
        for members in agreeing_groups(pairs[kind], claims, cfg.group_min_agreement, cfg.group_max_members):
            groups[tuple(members)] = _group([claims[i] for i in members], names, kind)
    # Statements: the same thing said in other words, agreed with or denied. Claims with a figure
    # take part too ("the flood, which killed 9 people including the mayor" tells who died as
    # well as how many), but two claims whose figures of one kind differ say different things.
    pairs = statement_pairs(claims, wording, cfg)
    agreeing = _agreeing(pairs, claims, cfg)
    # Statements holding the same party responsible say one thing, or deny it, in whatever words; statements
    # giving one thing opposite states ("the open gate" / "the gate was closed") dispute it.
    for key in blame_pairs(claims, entities, cfg) | opposite_state_pairs(claims, cfg) | quote_pairs(claims, cfg):
        agreeing[key] = max(agreeing.get(key, 0.0), wording.similarity(*key), cfg.statement_min_similarity)
    similar = {key: score for key, score in agreeing.items() if _figures_agree(numbers[key[0]], numbers[key[1]])}
    # A denial states the opposite, so fewer of its words meet the report's: a looser test.
    # Or it names what the report says, by the same predicate and argument ("disputed that the truce had ended" /
    # "declared an end to the truce"), however many other words each has.
    denial_links = {key: score for key, (score, words, _) in pairs.items()
                    if words >= _DENIAL_MIN_SHARED_WORDS and (score >= cfg.denial_min_similarity
                                                               or _names_what_is_denied(claims[key[0]], claims[key[1]])
                                                               or _names_what_is_denied(claims[key[1]], claims[key[0]]))}
    statements = _join_disputes(agreeing_groups(similar, claims, max_members=cfg.group_max_members), claims)
    group_of = {i: n for n, members in enumerate(statements) for i in members}
    # A denial answers the report most like it (a report, not a plan or another denial), and stands
    # against the group that report belongs to; denials answering one lone report stand together
    # against it. Alone, a denial is a group only when nothing else is about it.
    answering: dict[int, list[int]] = defaultdict(list)
    # Claims with another on their topic (as alike as a denial and its report): a lone denial among them
    # answers something the corpus says in a way not recognised, so it is no "denied" fact of its own.
    topical = {x for key, score in denial_links.items() for x in key}
    best_report: dict[int, tuple[float, int]] = {}
    for (a, b), score in denial_links.items():
        for denial, report in ((a, b), (b, a)):
            if (claims[denial].modality == "denied" and claims[report].doc != claims[denial].doc
                    and claims[report].modality in ("asserted", "reported", "hedged")
                    and not claims[report].negated):  # a denial answers what was said, not what was not
                best_report[denial] = max(best_report.get(denial, (score, report)), (score, report))
    for i in range(len(claims)):
        if i in group_of or claims[i].modality != "denied":
            continue
        answered = best_report.get(i)
        if answered and answered[1] in group_of and _answers_group(i, statements[group_of[answered[1]]],
                                                                      denial_links, cfg.group_min_agreement):
            statements[group_of[answered[1]]].append(i)
        elif answered:
            answering[answered[1]].append(i)
        elif i not in topical:
            answering[-1 - i].append(i)  # a denial with nothing else on its topic stands alone
    for members in statements:
        members = sorted(members)
        if tuple(members) in groups:
            continue  # the same claims already stand together over their figure
        claims_in = _with_denials_marked([claims[i] for i in members])
        for i, claim in zip(members, claims_in):
            claims[i] = claim
        groups[tuple(members)] = _group(claims_in, names, "status")
    for report, denials in sorted(answering.items()):
        members = sorted(denials + ([report] if report >= 0 else []))
        groups[tuple(members)] = _group([claims[j] for j in members], names, "status")
    return claims, groups_in_order(groups.values())


_STATUS_ORDER = {"contested": 0, "corroborated": 1, "denied": 2, "single_source": 3}


def group_order(group: Group) -> tuple[int, int, str, str]:
    """Where a group stands among the others: by status, then the most independent origins first."""
    return _STATUS_ORDER[group.status], -group.independent_sources, group.label, group.id


def groups_in_order(groups: Iterable[Group]) -> list[Group]:
    return sorted(groups, key=group_order)


def _judged_group(group_id: str, members: Sequence[str], candidates: Sequence[Group]) -> Group | None:
    """The group among `candidates` a judgement named: the one with its id, else (a report has joined
    or left it since, so its id changed) the one holding most of the claims it held then."""
    found = next((g for g in candidates if g.id == group_id), None)
    if found is not None or not members:
        return found
    shared = [(len(set(members) & set(g.claims)), g) for g in candidates]
    best = max(shared, key=lambda pair: pair[0], default=(0, None))
    return best[1] if best[0] * 2 > len(members) else None


def move_claims(claims: Sequence[Claim], groups: Sequence[Group], entities: Sequence[Entity],
                judgements: Iterable[Judgement]) -> tuple[list[Group], set[int]]:
    """The groups with reviewers' moves applied in the order made, and the ids of the judgements
    applied. A move takes its claim out of the group it names (when that group is found and holds
    the claim) and into the group it names (when found); a claim moved into no group stands alone,
    as a group of its own kind. Each group changed is weighed again (status, sources, summary) and,
    since its members changed, has a new id. Judgements of other kinds are left to other stages."""
    by_claim = {c.id: c for c in claims}
    names = {e.id: e.name for e in entities}
    by_id = {g.id: g for g in groups}
    applied: set[int] = set()
    for judgement in judgements:
        if judgement.verdict != "move" or judgement.claim not in by_claim:
            continue
        holding = [g for g in by_id.values() if judgement.claim in g.claims]
        leaving = _judged_group(judgement.group, judgement.group_claims, holding) if judgement.group else None
        joining = _judged_group(judgement.into, judgement.into_claims,
                                [g for g in by_id.values() if judgement.claim not in g.claims]) if judgement.into else None
        if (judgement.group and leaving is None) or (judgement.into and joining is None):
            continue
        moved = by_claim[judgement.claim]
        changed: list[Group] = []
        if leaving is not None:
            del by_id[leaving.id]
            rest = [by_claim[c] for c in leaving.claims if c != moved.id]
            if rest:
                changed.append(_group(rest, names, leaving.kind))
        if joining is not None:
            del by_id[joining.id]
            changed.append(_group([by_claim[c] for c in joining.claims] + [moved], names, joining.kind))
        else:
            changed.append(_group([moved], names, leaving.kind if leaving is not None else "status"))
        by_id.update((g.id, g) for g in changed)
        applied.add(judgement.id)
    return groups_in_order(by_id.values()), applied


# --- statements: the same thing said in other words ----------------------------------


_STEM = 7


def _features(claim: Claim) -> set[str]:
    # Names are among the terms as the text writes them (the speaker's and the channel's left out).
    # A long word's first letters stand for its family too: "responsible" and "responsibility",
    # "investigate" and "investigation" meet.
    return set(claim.terms) | {"~" + t[:_STEM] for t in claim.terms if len(t) > _STEM and t.isalpha()}


# Pairs sharing fewer content words than this are never compared: the loosest test, a denial's.
_DENIAL_MIN_SHARED_WORDS = 2


class Wording:
    """The claims' content words and names, each weighted by how rare it is among them (tf-idf)."""

    def __init__(self, claims: Sequence[Claim], pool: Sequence[int]):
        self.features = {i: _features(claims[i]) for i in pool}
        self.df = Counter(f for i in pool for f in self.features[i])
        total = len(pool)
        self.weight = {f: math.log((1 + total) / (1 + n)) + 1 for f, n in self.df.items()}
        self.norm = {i: math.sqrt(sum(self.weight[f] ** 2 for f in self.features[i])) or 1.0 for i in pool}

    def similarity(self, a: int, b: int) -> float:
        """The cosine of two claims' weighted words."""
        shared = self.features[a] & self.features[b]
        return sum(self.weight[f] ** 2 for f in shared) / (self.norm[a] * self.norm[b])


def statement_pairs(claims: Sequence[Claim], wording: Wording,
                    cfg: Config) -> dict[tuple[int, int], tuple[float, int, bool]]:
    """For pairs of claims that share a word not common to most claims: the cosine of their weighted
    words, the number of words they share, and whether they share a frame (a predicate of one is in the
    other's core, and another core word beside it). Computed once; statements and denials each keep the
    pairs their own test admits. Pairs from one document are kept too: a group must hold together inside
    a document as well."""
    features, total = wording.features, len(wording.features)
    postings: dict[str, list[int]] = defaultdict(list)
    for i in sorted(features):
        for f in features[i]:
            if wording.df[f] <= max(cfg.statement_max_posting,
                                    min(cfg.statement_max_posting_share * total, cfg.statement_max_posting_cap)):
                postings[f].append(i)
    candidates = {(a, b) for members in postings.values() for n, a in enumerate(members) for b in members[n + 1:]}
    pairs = {}
    for a, b in candidates:
        shared = features[a] & features[b]
        if len(shared) < _DENIAL_MIN_SHARED_WORDS:
            continue
        words = _distinct_words(shared)
        if words < _DENIAL_MIN_SHARED_WORDS:
            continue
        score = wording.similarity(a, b)
        # A frame matters only to pairs alike enough to agree through one.
        frame = score >= cfg.statement_min_similarity and _same_frame(claims[a], claims[b])
        pairs[(min(a, b), max(a, b))] = (score, words, frame)
    return pairs


def _distinct_words(shared: set[str]) -> int:
    """How many words two claims share, a word and its family ('~respons') counted once."""
    full = {f for f in shared if f[0] != "~"}
    return len(full) + len(shared - full - {"~" + w[:_STEM] for w in full})


def _other_actors(a: Claim, b: Claim) -> bool:
    """Whether two statements have different nouns doing what they say ('the photo was shared widely' / 'her speech
    was shared widely'), neither of which the other statement names."""
    return bool(a.actor and b.actor and a.actor != b.actor and a.actor not in b.core and b.actor not in a.core)


def _same_frame(a: Claim, b: Claim) -> bool:
    """Whether two statements say the same kind of thing of the same thing: a predicate of one among the
    other's core words, and one more core word in common ('the city dropped its appeal' / 'the appeal was
    dropped by the administration'; not 'the council dropped its appeal' / 'the council won its case').
    Two different subjects doing it are two statements: 'the photo was shared widely' and 'her speech was shared
    widely' do not share a frame."""
    common = set(a.core) & set(b.core)
    if len(common) >= 2 and bool(common & (set(a.acts) | set(b.acts))) and not _other_actors(a, b):
        return True
    # Or one predicate with one argument in common, in any of their clauses ("cocaine was found in his van" /
    # "the cocaine that was found in his van").
    light = _light_verbs()
    return any(fa[0] == fb[0] and fa[0] not in light and set(fa[1:]) & set(fb[1:])
               for fa in a.frames for fb in b.frames)


def _names_what_is_denied(denial: Claim, report: Claim) -> bool:
    """Whether a denial's predicate and one of its arguments are among the report's, as a verb or as a noun
    naming the happening ("the truce had ended" / "declared an end to the truce")."""
    if denial.modality != "denied":
        return False
    light = _light_verbs()
    return any(fd[0] == fr[0] and fd[0] not in light and set(fd[1:]) & set(fr[1:])
               for fd in denial.frames for fr in report.frames + report.named_happenings)


@lru_cache(maxsize=1)
def _light_verbs() -> frozenset[str]:
    return frozenset(lexicon.load("sources")["light_verbs"])


def _party(entity: Entity) -> str:
    """Who a name stands for when blame is laid: a country and its people are one party ('Freedonia',
    'the Freedonians', 'Freedonian gunboats')."""
    if entity.geo is not None and entity.geo.feature == "country" and entity.geo.country:
        return "country:" + entity.geo.country
    if entity.type == "NORP" and (country := demonym_country(entity.name, load_gazetteer())):
        return "country:" + country
    return entity.id


def blame_pairs(claims: Sequence[Claim], entities: Sequence[Entity], cfg: Config) -> set[tuple[int, int]]:
    """Pairs of claims from different documents (or one document's claims that may then join them) that
    hold the same party responsible, asserting or denying it. Each claim is compared with at most
    `group_max_comparisons` earlier claims blaming that party."""
    party = {e.id: _party(e) for e in entities}
    postings: dict[str, list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        for key in dict.fromkeys(party[e] for e in claim.blamed if e in party):
            postings[key].append(i)
    found = set()
    for members in postings.values():
        for n, i in enumerate(members):
            for j in members[max(0, n - cfg.group_max_comparisons):n]:
                found.add((min(i, j), max(i, j)))
    return found


def quote_pairs(claims: Sequence[Claim], cfg: Config) -> set[tuple[int, int]]:
    """Pairs of claims from different documents quoting the same words: one claim is mostly a quotation,
    and its quoted words stand, in order, in the other's ('"It's a disgrace."' / '"It's a disgrace," the
    senator said of the plan'). Candidates share a run of three quoted words; a run in more than
    `statement_max_posting_cap` claims proposes none."""
    runs: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for i, claim in enumerate(claims):
        for run in dict.fromkeys(tuple(claim.quoted[k:k + 3]) for k in range(len(claim.quoted) - 2)):
            runs[run].append(i)
    found = set()
    for members in runs.values():
        if len(members) > cfg.statement_max_posting_cap:
            continue
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                if claims[i].doc == claims[j].doc:
                    continue
                if any(mostly_quoted(a.text, a.quoted) and _contains(b.quoted, a.quoted)
                       for a, b in ((claims[i], claims[j]), (claims[j], claims[i]))):
                    found.add((i, j))
    return found


def _contains(words: Sequence[str], run: Sequence[str]) -> bool:
    return any(tuple(words[k:k + len(run)]) == tuple(run) for k in range(len(words) - len(run) + 1))


@lru_cache(maxsize=1)
def _opposites() -> frozenset[tuple[str, str]]:
    pairs = lexicon.load("sources")["opposite_states"]
    return frozenset((a, b) for a, b in pairs) | frozenset((b, a) for a, b in pairs)


def _opposite(a: str, b: str) -> bool:
    """Whether two states cannot both hold of one thing ('open' / 'close', 'lock' / 'not lock'); a state to
    come ('will open') is set only against another state to come."""
    def parts(state: str) -> tuple[bool, bool, str]:
        negated, state = state.startswith("not "), state.removeprefix("not ")
        return negated, state.startswith("will "), state.removeprefix("will ")

    (negated_a, future_a, base_a), (negated_b, future_b, base_b) = parts(a), parts(b)
    if future_a != future_b:
        return False
    if base_a == base_b:
        return negated_a != negated_b
    return negated_a == negated_b and (base_a, base_b) in _opposites()


def opposite_state_pairs(claims: Sequence[Claim], cfg: Config) -> set[tuple[int, int]]:
    """Pairs of claims from different documents giving the same noun opposite states, and sharing another
    content word or name besides it (the same gate: "the open gate of the mill" / "the mill's gate was
    locked"). Each claim is compared with at most `group_max_comparisons` earlier claims giving that noun a
    state."""
    by_noun: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, claim in enumerate(claims):
        for noun, state in claim.states:
            by_noun[noun].append((i, state))
    found = set()
    for noun, members in by_noun.items():
        opposite, same = set(), set()
        for n, (i, state_i) in enumerate(members):
            for j, state_j in members[max(0, n - cfg.group_max_comparisons):n]:
                if claims[i].doc == claims[j].doc or not (set(claims[i].terms) & set(claims[j].terms)) - {noun}:
                    continue
                if _opposite(state_i, state_j):
                    opposite.add((min(i, j), max(i, j)))
                elif state_i == state_j:
                    same.add((min(i, j), max(i, j)))
        # Where reports dispute a thing's state, those giving it the same state stand together ("his hands were
        # up" / "with his hands in the air"), so that the dispute is one group with all of them.
        found |= opposite
        if opposite:
            disputed = {state for pair in opposite for i in pair for noun_i, state in claims[i].states if noun_i == noun}
            found |= {(i, j) for i, j in same if any(s in disputed for n_, s in claims[i].states if n_ == noun)}
    return found


def _join_disputes(statements: list[list[int]], claims: Sequence[Claim]) -> list[list[int]]:
    """Groups whose claims all give a thing one of the states another group disputes ("his hands were up")
    join that dispute: reports saying the same side of it are part of the dispute, not a fact of their own."""
    disputed: dict[int, dict[str, set[str]]] = {}
    for n, members in enumerate(statements):
        for x, a in enumerate(members):
            for b in members[x + 1:]:
                for noun, state_a, state_b in _opposed(claims[a], claims[b]):
                    disputed.setdefault(n, {}).setdefault(noun, set()).update((state_a, state_b))
    joined = {n: list(members) for n, members in enumerate(statements)}
    for n, nouns in sorted(disputed.items()):
        for m, members in enumerate(statements):
            if m == n or m in disputed or m not in joined:
                continue
            if any(all(any(noun_c == noun and state in states for noun_c, state in claims[c].states) for c in members)
                   for noun, states in nouns.items()):
                joined[n] += joined.pop(m)
    return [sorted(members) for members in joined.values()]


def _opposed(a: Claim, b: Claim) -> Iterator[tuple[str, str, str]]:
    """The things two claims of different documents give opposite states: (noun, a's state, b's state)."""
    if a.doc == b.doc:
        return
    for noun_a, state_a in a.states:
        for noun_b, state_b in b.states:
            if noun_a == noun_b and _opposite(state_a, state_b):
                yield noun_a, state_a, state_b


def _opposite_states(claims: list[Claim]) -> str | None:
    """Why two of the claims cannot both be true because of the states they give one thing, or None."""
    for n, a in enumerate(claims):
        for b in claims[n + 1:]:
            for noun, state_a, state_b in _opposed(a, b):
                return f"the {noun}: {state_a} ({a.doc}) vs {state_b} ({b.doc})"
    return None


def _figures_agree(a: dict[str, Value], b: dict[str, Value]) -> bool:
    """Whether two claims' figures of the same kind can both be true (claims with none agree)."""
    return all(compatible(a[kind], b[kind]) for kind in a.keys() & b.keys())


def _agreeing(pairs: dict[tuple[int, int], tuple[float, int, bool]], claims: Sequence[Claim],
              cfg: Config) -> dict[tuple[int, int], float]:
    """The pairs of statements that say the same thing (or its opposite), with their similarity."""
    similar = {}
    for (a, b), (score, words, frame) in pairs.items():
        if frame:
            agree = score >= cfg.statement_min_similarity and words >= cfg.statement_min_shared_words
        else:
            # The same words around different predicates say different things, unless nearly all alike.
            agree = (score >= cfg.statement_wording_min_similarity
                     and words >= cfg.statement_wording_min_shared_words and not _other_actors(claims[a], claims[b]))
        if claims[a].negated != claims[b].negated:
            # One says it, the other says it is not so: the same words must then be nearly all their words.
            agree = agree and score >= cfg.statement_contradiction_min_similarity
        if agree:
            similar[(a, b)] = score
    return similar


def agreeing_groups(similar: dict[tuple[int, int], float], claims: Sequence[Claim],
                    min_share: float = 1.0, max_members: int = 60) -> list[list[int]]:
    """Groups in which each claim is linked to every other, or to at least `min_share` of them: a claim
    never joins through one middle member. Pairs are taken most similar first; a group spans two documents
    and holds at most `max_members` claims (more is a theme, not one fact)."""
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in similar:
        neighbours[a].add(b)
        neighbours[b].add(a)
    group_of: dict[int, int] = {}
    members: dict[int, set[int]] = {}
    refused: set[tuple] = set()
    for (a, b), _ in sorted(similar.items(), key=lambda item: (-item[1], item[0])):
        if claims[a].doc == claims[b].doc and a not in group_of and b not in group_of:
            continue  # a group starts from two reports
        ga, gb = group_of.get(a, a), group_of.get(b, b)
        if ga == gb:
            continue
        left, right = members.get(ga, {a}), members.get(gb, {b})
        attempt = tuple(sorted(((ga, len(left)), (gb, len(right)))))
        if len(left) + len(right) > max_members or attempt in refused:
            continue  # two groups already found apart stay apart until one of them grows
        if len(left) > len(right):
            left, right = right, left
        # Links between the two groups, counted from the smaller one's neighbours: the work follows
        # the links a claim has, not the size of the groups.
        linked = sum(len(neighbours[x] & right) for x in left)
        if linked < min_share * len(left) * len(right):
            refused.add(attempt)
            continue
        joined = left | right
        root = min(joined)
        for x in joined:
            group_of[x] = root
        for old_root in (ga, gb):
            members.pop(old_root, None)
        members[root] = joined
    return [sorted(m) for m in members.values() if len({claims[i].doc for i in m}) >= 2]


def _answers_group(denial: int, members: list[int], links: dict[tuple[int, int], float], min_share: float) -> bool:
    """Whether a denial is about what a group says, not only about one of its claims: it is linked to at
    least `min_share` of the members ("That is a lie" answering the half of "he had his hands up and was
    surrounded" that the rest of the group does not say stands with that claim alone)."""
    linked = sum(1 for m in members if (min(denial, m), max(denial, m)) in links)
    return linked >= min_share * len(members)


def _with_denials_marked(claims: list[Claim]) -> list[Claim]:
    """In a group whose statements agree on what they are about, a negative statement set against
    positive ones denies them ("the plant did not leak" against "the plant leaked solvent")."""
    stated = [c for c in claims if c.modality in ("asserted", "reported") and not c.negated]
    if not stated:
        return claims
    return [replace(c, modality="denied") if c.negated and c.modality in ("asserted", "reported") else c
            for c in claims]


# --- status ------------------------------------------------------------------------


_OPEN = 1e-9


def interval(value: Value) -> tuple[float, float]:
    """The amounts the words admit: '8.5 million' is 8.45 up to 8.55 million, 'about 1,300' 1,250 to 1,350."""
    amount = value.amount or 0.0
    unit = _rounding_unit(value)
    if value.amount_max is not None:
        return amount, value.amount_max
    if value.approx == "about":
        return amount - unit / 2, amount + unit / 2
    # "more than $5 million" and "less than $5 million" cannot both be true: open ends exclude the amount.
    if value.approx == "more_than":
        return amount * (1 + _OPEN), amount * 1.5 + unit
    if value.approx == "at_least":
        return amount, amount * 1.5 + unit
    if value.approx == "less_than":
        return amount * 0.5, amount * (1 - _OPEN)
    if value.approx == "at_most":
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


def _placed_apart(a: Claim, b: Claim, towns: frozenset[str]) -> bool:
    """Whether two claims each name a town or region, and none in common: "some 75,000 people in the
    north valley" and "some 78,000 people in Riverton" count different people."""
    places_a, places_b = set(a.entities) & towns, set(b.entities) & towns
    return bool(places_a) and bool(places_b) and not places_a & places_b


def _closeness(a: Value | None, b: Value | None) -> float:
    """How near two figures are (1.0 the same), for taking the nearest pairs first."""
    if a is None or b is None or not a.amount or not b.amount:
        return 0.5
    return min(a.amount, b.amount) / max(a.amount, b.amount)


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
    label = _label(claims, names, kind)
    return Group(
        id=make_id(kind, *(c.id for c in claims)),
        label=label,
        claims=tuple(c.id for c in claims),
        docs=docs,
        status=status,
        independent_sources=independent,
        summary=_summary(status, claims, independent, conflict),
        origins=origins,
        kind=kind,
    )


_EXISTING = re.compile(r"\b(?:existing|older|already|currently|former|previous|preexisting|since|at present|"
                       r"has been|have been|had been|over the past|for years)\b", re.I)


def _existing(claim: Claim) -> bool:
    """Whether a claim says its thing exists already ("existing depot", "has already been running"):
    a new base and an old one, or two plans, may stand in different towns without contradiction."""
    return bool(_EXISTING.search(claim.text))


def _kind_words(kind: str) -> str:
    what, _, unit = kind.partition(":")
    return {"money": f"amount ({unit})", "quantity": f"measure ({unit})", "count": f"number of {_plural(unit)}",
            "place": "where", "status": "what is said"}.get(what, what)


def _plural(noun: str) -> str:
    """'truck' -> 'trucks', 'deaths' and 'people' as they are."""
    if noun.endswith("s") or noun in UNCOUNTED_PLURALS:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou" else noun + "s"


_LABEL_CHARS = 90


def _label(claims: list[Claim], names: dict[str, str], kind: str) -> str:
    """What a reader needs to tell the group apart: what is measured and about whom ("Number of deaths —
    Red Cross", "Amount (USD) — Altan Steppe Holdings"), or, for statements, the shortest of them in its own words."""
    blamed = Counter(e for c in claims for e in dict.fromkeys(c.blamed))
    if kind == "status" and blamed and blamed.most_common(1)[0][1] * 2 >= len(claims):
        # Statements laying blame on one party, and its denials: say who is held responsible.
        return f"Who is responsible (blamed: {names.get(blamed.most_common(1)[0][0], '')})"
    if kind == "status":
        shortest = min(claims, key=lambda c: (len(c.text), c.doc, c.start)).text
        return shortest if len(shortest) <= _LABEL_CHARS else shortest[:_LABEL_CHARS].rsplit(" ", 1)[0] + " …"
    if kind.startswith("quantity:age:"):
        return f"Age — {names.get(kind.split(':', 2)[2], '')}"
    if kind.startswith("count:"):
        # A count is named after its scene, the noun most of its claims name besides what is counted
        # ("Number of deaths — ferry", "Number of trucks — convoy").
        # Without one such noun (none, or two as common), the count is named alone: its subject is no surer.
        scenes = Counter(n for c in claims for n in set(c.nouns) & _scene(c))
        counts = sorted(scenes.values(), reverse=True) + [0, 0]
        words = _kind_words(kind)[:1].upper() + _kind_words(kind)[1:]
        if counts[0] >= 2 and counts[0] * 2 >= len(claims) and counts[0] > counts[1]:
            return f"{words} — {scenes.most_common(1)[0][0]}"
        return words
    # Named after what most of its claims are about, not after whichever came first.
    subjects = Counter(c.subject for c in claims if c.subject)
    subject = names.get(subjects.most_common(1)[0][0], "") if subjects else ""
    words = _kind_words(kind)
    if kind.startswith("money"):
        sums = Counter(_sum_measure(c, v) for c in claims if (v := _numbers(c).get(kind)) is not None)
        what, count = sums.most_common(1)[0] if sums else (None, 0)
        if what and count * 2 > sum(sums.values()):
            words = f"{what} ({kind.partition(':')[2]})"  # "Fine (USD)"
    words = words[:1].upper() + words[1:]
    return f"{words} — {subject}" if subject else words


def _numbers(claim: Claim) -> dict[str, Value]:
    found: dict[str, Value] = {}
    for value in claim.values:
        if value.type in NUMERIC:
            if value.type == "count" and _participants(value):
                continue  # "the two countries", "both sides": who takes part, not a figure
            if value.unit == "age":
                if value.entity:  # an age is of one person: only that person's ages compare
                    found.setdefault(f"quantity:age:{value.entity}", value)
                continue
            unit = (_measure(claim, value) or counted_noun(value.unit)) if value.type == "count" else value.unit
            found.setdefault(f"{value.type}:{unit}", value)
    return found


@lru_cache(maxsize=1)
def _sums_window() -> int:
    return lexicon.load("measures")["sums_window"]


def _word_patterns(table: dict[str, list[str]]) -> dict[str, re.Pattern[str]]:
    return {name: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.I)
            for name, words in table.items()}


@lru_cache(maxsize=1)
def _measure_words() -> tuple[int, dict[str, re.Pattern[str]], frozenset[str], int, dict[str, re.Pattern[str]]]:
    measures = lexicon.load("measures")
    participants = measures["participants"]
    return (measures["window"], _word_patterns(measures["events"]), frozenset(participants["nouns"]),
            participants["max_count"], _word_patterns(measures["sums"]))


def _sum_measure(claim: Claim, value: Value) -> str | None:
    """What a sum of money is, from the nearest word saying so ('fined $4.2 million': a fine)."""
    return _nearest(claim, value, _measure_words()[4], _sums_window())


def _measure(claim: Claim, value: Value) -> str | None:
    """What a count measures, read from the nearest event word ('12 people had been killed': deaths;
    'killed 9 villagers and injured 40': 9 deaths, 40 injuries)."""
    events = _measure_words()[1]
    for name, pattern in events.items():
        if pattern.fullmatch(value.unit or ""):
            return name  # "more than 20 dead", "62 wounded": the count names its measure itself
    return _nearest(claim, value, events)


def _nearest(claim: Claim, value: Value, words: dict[str, re.Pattern[str]], window: int | None = None) -> str | None:
    """The name of the word list with a word nearest the value, within `window` characters (the lexicon's
    window for counts)."""
    window = window or _measure_words()[0]
    start, end = value.start - claim.start, value.end - claim.start
    before, after = claim.text[max(0, start - window):start], claim.text[end:end + window]
    found = []
    for name, pattern in words.items():
        for m in pattern.finditer(before):
            found.append((len(before) - m.end(), name))
        for m in pattern.finditer(after):
            found.append((m.start(), name))
    return min(found)[1] if found else None


def _scene(claim: Claim) -> set[str]:
    """The content words of a claim giving a toll, without those naming the victims or what happened to them
    ("12 people died when the ferry capsized": ferry, capsize)."""
    victims = {counted_noun(v.unit) for v in claim.values if v.type == "count"}
    events = _measure_words()[1].values()
    return {t for t in claim.terms if t.isalpha() and counted_noun(t) not in victims
            and not any(p.fullmatch(t) for p in events)}


def _event_measure(kind: str) -> bool:
    """Whether a kind of figure counts what happened to people (deaths, injuries, arrests), not things."""
    what, _, measure = kind.partition(":")
    return what == "count" and measure in _measure_words()[1]


def _participants(value: Value) -> bool:
    _, _, nouns, max_count, _ = _measure_words()
    return value.unit.lower() in nouns and (value.amount or 0) <= max_count


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
    if kind == "status":
        return _opposite_states(claims)
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
        if conflict and conflict.startswith("the "):
            return f"Sources disagree on {conflict}."
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
