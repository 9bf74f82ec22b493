"""The pipeline: from a corpus folder to a `FactBase`.

Stages run in this order, one module each under `stages/`:

1. load     — find files, decode them, read txt/HTML/Markdown/JSONL (`stages/load.py`)
              and PDF/Word .docx (`stages/load_office.py`)
2. clean    — separate title, standfirst, byline, publisher and date; remove
              page clutter and record each removal (`stages/clean.py`); a report
              without a date is given the corpus's latest date to count years from
              (`with_corpus_dates` in `stages/claims.py`)
3. annotate — find names with spaCy and correct them by rule (`stages/annotate.py`),
              and in the same pass over the model's output, claims with typed values,
              attribution and modality, and the sources each article cites (`stages/claims.py`)
4. resolve  — merge mentions across documents into entities (`stages/resolve.py`)
5. geocode  — put places on the map from the offline gazetteer (`stages/geocode.py`)
6. group    — link claims to entities, trace origins, group claims across documents
              and mark them corroborated, contested, denied or single-source (`stages/group.py`)
7. timeline — the dated events, relative dates resolved by the claims stage,
              merged across documents (`stages/timeline.py`)
8. checks   — warnings about statements inside a document that cannot all be true
              (`stages/checks.py`)

Per-document stages keep no global state, so they can run anywhere; a
document that fails a stage is recorded as rejected and the run goes on.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from factfile.config import Config
from factfile.model import Document, FactBase, Notice, RawDocument, Rejection
from factfile.stages.annotate import annotate
from factfile.stages.checks import check
from factfile.stages.clean import clean
from factfile.stages.geocode import geocode
from factfile.stages.claims import with_corpus_dates
from factfile.stages.group import group_claims, link_claims
from factfile.stages.load import SUPPORTED, discover, read_file
from factfile.stages.resolve import resolve
from factfile.stages.timeline import build_timeline

T = TypeVar("T")
# Wraps an iterable to show progress: (items, total, description) -> items.
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def _no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items


def iter_documents(corpus: Path, cfg: Config, progress: Progress = _no_progress,
                   out_dir: Path | None = None) -> Iterator[Document | Rejection | Notice]:
    """Load and clean every report, streaming: one file in memory at a time. factfile's own
    outputs are never read, nor the output folder `out_dir` when it lies inside the corpus."""
    root, files = discover(corpus, out_dir)
    seen: dict[str, str] = {}
    for item in progress(files, len(files), "Reading reports"):
        if isinstance(item, Rejection):
            yield item
            continue
        for loaded in read_file(item, root, cfg):
            if not isinstance(loaded, RawDocument):
                yield loaded
                continue
            if loaded.id in seen:
                yield Rejection(loaded.source, f"its id '{loaded.id}' is already used by {seen[loaded.id]}; skipped. "
                                               "Rename one of the two (ids come from file names or the 'id' field)")
                continue
            seen[loaded.id] = loaded.source
            try:
                yield clean(loaded, cfg)
            except Exception as exc:  # noqa: BLE001 - one document's failure must not lose the corpus
                yield Rejection(loaded.source, f"the clean stage failed ({type(exc).__name__}: {exc}); skipped. "
                                               "Please report this with the file attached")


def build(corpus: Path, cfg: Config, progress: Progress = _no_progress, out_dir: Path | None = None) -> FactBase:
    """The fact base for the corpus at `corpus` (a folder, one file, or a JSONL file), which
    will be written into `out_dir`."""
    documents: list[Document] = []
    rejected: list[Rejection] = []
    notices: list[Notice] = []
    for item in iter_documents(corpus, cfg, progress, out_dir):
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, Rejection):
            rejected.append(item)
        else:
            notices.append(item)
    documents.sort(key=lambda d: d.id)
    documents = with_corpus_dates(documents)
    documents = list(progress(annotate(documents, cfg), len(documents), "Finding names"))
    entities = geocode(resolve(documents, cfg), cfg)
    claims, groups = group_claims(link_claims(documents, entities), documents, entities, cfg)
    return FactBase(
        corpus_path=corpus.as_posix(),
        documents=tuple(documents),
        entities=tuple(entities),
        claims=tuple(claims),
        groups=tuple(groups),
        timeline=tuple(build_timeline(claims, groups, cfg)),
        warnings=tuple(check(documents)),
        rejected=tuple(sorted(rejected, key=lambda r: r.source)),
        notices=tuple(sorted(notices, key=lambda n: n.source)),
    )


def explain_empty(corpus: Path, out_dir: Path | None, rejected: Iterable[Rejection]) -> str:
    """Why no document came out of `corpus`: where factfile looked, what it reads, what it saw
    there and skipped (and why), and what it never looks at."""
    skipped: Counter[str] = Counter()
    _, found = discover(corpus, out_dir, skipped)
    where = f"{corpus} (one file)" if corpus.is_file() else f"{corpus} (a folder, searched recursively)"
    lines = [f"no report could be read from {where}; nothing was written",
             f"factfile reads files ending in {SUPPORTED}"]
    reasons: dict[str, set[str]] = {}
    for rejection in rejected:
        reason = re.sub(r"\s*\([^)]*\)", "", rejection.reason.split(";")[0])
        reasons.setdefault(reason, set()).add(rejection.source.split("#")[0])
    if found:
        counts = ", ".join(f"{len(files)} {reason}" for reason, files in sorted(reasons.items()))
        lines.append(f"it saw {len(found)} file{'s' if len(found) != 1 else ''} there and skipped "
                     f"{'it' if len(found) == 1 else 'all'} (each named above): {counts}")
    else:
        lines.append("it found no files there")
    hidden = "file or folder" if skipped["hidden"] == 1 else "files or folders"
    unread = [f"{n} {what}" for n, what in ((skipped["hidden"], f"hidden {hidden} (names starting with '.')"),
                                            (skipped["output"], "of factfile's own outputs"),
                                            (skipped["output folder"], f"output folder ({out_dir})")) if n]
    if unread:
        lines.append("never read: " + ", ".join(unread))
    if skipped["output"] and not found:
        lines.append(f"{corpus} holds what factfile wrote, not reports: give the folder of reports")
    return "\n  ".join(lines)
