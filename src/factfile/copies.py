"""Which reports copy which: a report that shares enough runs of words with another is a copy of one
origin (a wire story run by several outlets, a press release printed twice). The group stage counts
origins rather than copies; the story split reads the copies of one origin as one report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Protocol

from factfile.config import Config

_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, size: int) -> set[int]:
    """The runs of `size` words in `text`, hashed (lower-cased, punctuation aside)."""
    words = _WORD.findall(text.lower())
    return set(map(hash, zip(*(words[k:] for k in range(size)))))


class Report(Protocol):
    """What the origins test reads of a report (a `Document`, or the story split's profile of one)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def published(self) -> str | None: ...


def document_origins(documents: Sequence[Report], cfg: Config) -> dict[str, str]:
    """Each document's origin: itself, or the earliest document it copies (by shared word runs)."""
    # Word-for-word copies are put together first. That is cheap, and hundreds of copies of one text
    # would otherwise make each of its word runs look like boilerplate (a run in very many documents).
    same_text: dict[str, list[str]] = {}
    for document in sorted(documents, key=lambda d: d.id):
        same_text.setdefault(document.text.strip() or f"\0{document.id}", []).append(document.id)
    copies = {ids[0]: ids for ids in same_text.values()}
    texts = {d.id: d.text for d in documents}
    runs = {first: shingles(texts[first], cfg.copy_shingle_words) for first in copies}
    postings: dict[int, list[str]] = defaultdict(list)
    for doc_id in sorted(runs):
        for shingle in runs[doc_id]:
            postings[shingle].append(doc_id)
    shared: Counter = Counter()
    for docs in postings.values():
        if 1 < len(docs) <= cfg.copy_max_posting:  # a run in very many documents is boilerplate
            for i, a in enumerate(docs):
                for b in docs[i + 1:]:
                    shared[(a, b)] += 1
    parent = {first: first for first in copies}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for (a, b), count in sorted(shared.items()):
        smaller = min(len(runs[a]), len(runs[b])) or 1
        if count / smaller >= cfg.copy_min_shared:
            ra, rb = find(a), find(b)
            parent[max(ra, rb)] = min(ra, rb)
    published = {d.id: d.published or "9999" for d in documents}
    members: dict[str, list[str]] = defaultdict(list)
    for first in parent:
        members[find(first)] += copies[first]
    origin = {}
    for group in members.values():
        first = min(group, key=lambda d: (published[d], d))
        for doc_id in group:
            origin[doc_id] = first
    return origin
