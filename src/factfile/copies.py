"""Which reports copy which: a report that shares enough runs of words with another is a copy of one
origin (a wire story run by several outlets, a press release printed twice). The group stage counts
origins rather than copies; the story split reads the copies of one origin as one report.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from factfile.config import Config
from factfile.model import Document

_WORD = re.compile(r"[a-z0-9]+")


def shingles(text: str, size: int) -> set[int]:
    """The runs of `size` words in `text`, hashed (lower-cased, punctuation aside)."""
    words = _WORD.findall(text.lower())
    return {hash(" ".join(words[i:i + size])) for i in range(len(words) - size + 1)}


def document_origins(documents: Sequence[Document], cfg: Config) -> dict[str, str]:
    """Each document's origin: itself, or the earliest document it copies (by shared word runs)."""
    runs = {d.id: shingles(d.text, cfg.copy_shingle_words) for d in documents}
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
    parent = {d.id: d.id for d in documents}

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
    for doc_id in parent:
        members[find(doc_id)].append(doc_id)
    origin = {}
    for group in members.values():
        first = min(group, key=lambda d: (published[d], d))
        for doc_id in group:
            origin[doc_id] = first
    return origin
