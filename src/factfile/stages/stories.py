"""Split a corpus into stories: the reports about one thing, which the corpus-wide stages then read
together (names merged, claims grouped, a timeline) and apart from the rest.

A report is described twice: by the names it gives (people, organisations, places, groups, events)
and by the words it uses (not function words), each weighted by how rarely the corpus's reports give
it (tf-idf, with the idf kept positive so that a name every report of a one-story corpus gives still
ties them). Two reports are as alike as the lesser of the two cosines: they must name the same
people and places *and* tell of the same things, since local news from one town shares the town's
names and reports of one kind (budgets, crashes) share their words. Stories are grown by average
linkage: the two stories whose reports are most alike on average join, until no two are alike on
average by `cfg.story_min_similarity`. Average linkage, not single: one name two stories share (a
president, a country) does not chain them.

The split depends only on the set of reports, not their order, so a build and a build followed by
`add` give the same stories; `add` places a new report in the story it is most like, or starts one.

Names, not the model's vectors: the English model factfile loads (en_core_web_sm) has no word
vectors, and what a story is about is mostly who and where.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from factfile.config import Config
from factfile.copies import document_origins
from factfile.gazetteer import name_key
from factfile.model import Document, Story, make_id

# Kinds of name that say what a report is about (dates, sums and counts do not).
_TOPICAL = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT"})


@dataclass(frozen=True, slots=True)
class Profile:
    """What the split reads of an annotated report: its words and the names it gives, without the
    rest of its annotation, so that a large corpus is split without holding every annotation."""

    id: str
    title: str | None
    text: str
    published: str | None
    names: dict[str, int]  # name key -> times given


def profile(document: Document) -> Profile:
    names: Counter[str] = Counter()
    for mention in (*document.title_mentions, *document.mentions):
        if mention.label in _TOPICAL and (key := name_key(mention.text)):
            names[key] += 1
    return Profile(document.id, document.title, document.text, document.published, dict(names))


def _names(report: Profile) -> Counter[str]:
    return Counter(report.names)


_WORD = re.compile(r"[^\W\d_]{4,}")


@cache
def _function_words() -> frozenset[str]:
    from spacy.lang.en.stop_words import STOP_WORDS  # spaCy's English stop words: data, not the model

    return frozenset(STOP_WORDS)


def _words(document: Profile) -> Counter[str]:
    stop = _function_words()
    return Counter(w for w in _WORD.findall(f"{document.title or ''}\n{document.text}".lower()) if w not in stop)


def _weights(documents: Sequence[Profile], features: Callable[[Profile], Counter[str]]) -> list[dict[str, float]]:
    """Each report's `features` as a unit vector of tf-idf weights; a feature no other report has is
    left out (it ties the report to nothing)."""
    names = [features(d) for d in documents]
    reports_giving = Counter(name for counted in names for name in counted)
    total = len(documents)
    vectors = []
    for counted in names:
        vector = {name: (1 + math.log(n)) * math.log(1 + total / reports_giving[name])
                  for name, n in counted.items() if reports_giving[name] > 1}
        norm = math.sqrt(sum(w * w for w in vector.values())) or 1.0
        vectors.append({name: w / norm for name, w in vector.items()})
    return vectors


def _cosines(vectors: list[dict[str, float]], partners: dict[int, list[int]]) -> dict[tuple[int, int], float]:
    """The cosine of each report `a` with each of its `partners[a]` (unit vectors: the dot product),
    one array operation per report."""
    import numpy

    vocabulary: dict[str, int] = {}
    index, value = [], []
    for vector in vectors:
        keys = sorted(vector)
        index.append(numpy.array([vocabulary.setdefault(k, len(vocabulary)) for k in keys], dtype=numpy.int64))
        value.append(numpy.array([vector[k] for k in keys], dtype=numpy.float64))
    dense = numpy.zeros(len(vocabulary) + 1)
    found: dict[tuple[int, int], float] = {}
    for a, others in sorted(partners.items()):
        others = [b for b in others if len(index[b])]
        if not len(index[a]) or not others:
            continue
        dense[index[a]] = value[a]
        lengths = numpy.array([len(index[b]) for b in others])
        products = dense[numpy.concatenate([index[b] for b in others])] * numpy.concatenate([value[b] for b in others])
        sums = numpy.add.reduceat(products, numpy.concatenate(([0], numpy.cumsum(lengths)[:-1])))
        found.update(((a, b), float(score)) for b, score in zip(others, sums))
        dense[index[a]] = 0.0
    return found


def similarities(documents: Sequence[Profile], cfg: Config) -> dict[tuple[int, int], float]:
    """How alike each pair of reports is (the lesser of the cosines of their names' and their
    words' weights), for the pairs that share a name given by at most
    `cfg.story_candidate_max_reports` reports; other pairs share only names most reports give, and
    count as unlike (this keeps the work near-linear in a large archive)."""
    vectors = _weights(documents, _names)
    giving: dict[str, list[int]] = defaultdict(list)
    for i, vector in enumerate(vectors):
        for name in vector:
            giving[name].append(i)
    pairs: set[tuple[int, int]] = set()
    for reports in giving.values():
        if len(reports) <= cfg.story_candidate_max_reports:
            pairs.update((a, b) for n, a in enumerate(reports) for b in reports[n + 1:])
    partners: dict[int, list[int]] = defaultdict(list)
    for a, b in sorted(pairs):
        partners[a].append(b)
    by_names = _cosines(vectors, partners)
    by_words = _cosines(_weights(documents, _words), partners)
    found = {}
    for pair in sorted(pairs):
        score = min(by_names.get(pair, 0.0), by_words.get(pair, 0.0))
        if score > 0:
            found[pair] = score
    return found


def split_stories(reports: Sequence[Document | Profile], cfg: Config) -> list[Story]:
    """The stories of `reports` (annotated documents, or their profiles), largest first; every report
    in exactly one."""
    documents = [r if isinstance(r, Profile) else profile(r) for r in reports]
    order = sorted(range(len(documents)), key=lambda i: documents[i].id)
    # Copies of one origin (a wire story several outlets ran, retitled, trimmed or signed off
    # differently) are one report to the split, and each copy joins its original's story. Counted
    # apart, a copy would lend every word of its text a second report giving it, and the copies would
    # pull apart from the reports written independently: one copy of each report split every dev story.
    origin = document_origins(documents, cfg)
    copies: dict[str, list[Profile]] = {}
    for i in order:
        copies.setdefault(origin[documents[i].id], []).append(documents[i])
    ordered = sorted((group[0] for group in copies.values()), key=lambda d: d.id)  # each group in id order
    copies = {group[0].id: group for group in copies.values()}
    similar = similarities(ordered, cfg)
    # Average linkage over the similarity graph: `links[a][b]` is the sum of the similarities between
    # the reports of clusters a and b (pairs not in the graph count 0); clusters are named by their
    # smallest member, so ties break the same way whatever the input order.
    members: dict[int, list[int]] = {i: [i] for i in range(len(ordered))}
    links: dict[int, dict[int, float]] = defaultdict(dict)
    for (a, b), score in similar.items():
        links[a][b] = links[b][a] = score
    heap = [(-score, a, b) for (a, b), score in similar.items() if score >= cfg.story_min_similarity]
    heapq.heapify(heap)
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue
        average = links[a].get(b, 0.0) / (len(members[a]) * len(members[b]))
        if abs(average + negative) > 1e-12:  # stale: one side has grown since
            continue
        keep, gone = min(a, b), max(a, b)
        members[keep] += members.pop(gone)
        for other, total in links.pop(gone).items():
            links[other].pop(gone, None)
            if other == keep:
                continue
            links[keep][other] = links[other][keep] = links[keep].get(other, 0.0) + total
        links[keep].pop(gone, None)
        for other, total in links[keep].items():
            average = total / (len(members[keep]) * len(members[other]))
            if average >= cfg.story_min_similarity:
                heapq.heappush(heap, (-average, min(keep, other), max(keep, other)))
    stories = []
    for cluster in members.values():
        docs = tuple(sorted(copy.id for i in cluster for copy in copies[ordered[i].id]))
        stories.append(Story(id=make_id("story", *docs), label=_label([ordered[i] for i in cluster], cluster, similar),
                             docs=docs))
    return sorted(stories, key=lambda s: (-len(s.docs), s.docs))


def _label(documents: list[Profile], cluster: list[int], similar: dict[tuple[int, int], float]) -> str:
    """The headline of the story's most typical report (the one most like the others), else its opening words."""
    def centrality(n: int) -> float:
        return sum(similar.get((min(cluster[n], j), max(cluster[n], j)), 0.0) for j in cluster if j != cluster[n])

    best = max(range(len(documents)), key=lambda n: (centrality(n), -n))
    document = documents[best]
    if document.title:
        return document.title
    opening = document.text.strip().split("\n", 1)[0]
    return opening if len(opening) <= _LABEL_CHARS else opening[:_LABEL_CHARS].rsplit(" ", 1)[0] + " …"


_LABEL_CHARS = 90
