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
4. stories  — split the corpus into the stories it holds (`stages/stories.py`); stages
              5–9 run within each story
5. resolve  — merge mentions across documents into entities (`stages/resolve.py`)
6. geocode  — put places on the map from the offline gazetteer (`stages/geocode.py`)
7. group    — link claims to entities, trace origins, group claims across documents
              and mark them corroborated, contested, denied or single-source (`stages/group.py`)
8. timeline — the dated events, relative dates resolved by the claims step,
              merged across documents (`stages/timeline.py`)
9. checks   — warnings about statements inside a document that cannot all be true
              (`stages/checks.py`)

Per-document stages keep no global state, so they can run anywhere; a
document that fails a stage is recorded as rejected and the run goes on.

With a store (`store.py`), stages 1–3 run only on reports the store has not seen under this
code and configuration: `build` replaces the stored corpus with the folder's, `add` adds
reports to it, and both then split the whole stored corpus into stories and run stages 5–9
only for a story whose reports or reviewers' corrections changed (the others' results are kept
in the store too).
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TypeVar

from factfile import codec
from factfile.config import Config
from factfile.copies import document_origins
from factfile.model import (CORRECTIONS, Claim, Document, Entity, FactBase, Group, Judgement, Notice, RawDocument,
                            Rejection, Story, TimelineEntry, Warning)
from factfile.parallel import Runner
from factfile.stages.annotate import annotate
from factfile.stages.checks import check
from factfile.stages.clean import clean
from factfile.stages.geocode import geocode
from factfile.stages.claims import with_corpus_dates
from factfile.stages.group import group_claims, groups_in_order, link_claims, move_claims
from factfile.stages.load import SUPPORTED, discover, read_file
from factfile.stages.resolve import apply_judgements, entities_in_order, resolve
from factfile.stages.stories import split_stories
from factfile.stages.timeline import build_timeline, timeline_in_order
from factfile.store import Store, annotation_key

T = TypeVar("T")
# The stages run in this process unless a command hands the pipeline another runner.
_HERE = Runner()
# Wraps an iterable to show progress: (items, total, description) -> items.
Progress = Callable[[Iterable[T], int, str], Iterable[T]]


def _no_progress(items: Iterable[T], total: int, description: str) -> Iterable[T]:
    return items


def iter_documents(corpus: Path, cfg: Config, progress: Progress = _no_progress,
                   out_dir: Path | None = None, runner: Runner = _HERE) -> Iterator[Document | Rejection | Notice]:
    """Load and clean every report, streaming: a few files in memory at a time. factfile's own
    outputs are never read, nor the output folder `out_dir` when it lies inside the corpus."""
    root, files = discover(corpus, out_dir)
    seen: dict[str, str] = {}
    aside: list[Rejection | Notice] = []

    def loaded() -> Iterator[RawDocument]:
        for item in progress(files, len(files), "Reading reports"):
            if isinstance(item, Rejection):
                aside.append(item)
                continue
            for found in read_file(item, root, cfg):
                if not isinstance(found, RawDocument):
                    aside.append(found)
                elif found.id in seen:
                    aside.append(Rejection(found.source, f"its id '{found.id}' is already used by {seen[found.id]}; "
                                           "skipped. Rename one of the two (ids come from file names or the 'id' field)"))
                else:
                    seen[found.id] = found.source
                    yield found

    for cleaned in runner.map(partial(_clean_chunk, cfg=cfg), loaded(), cfg.nlp_batch_size * 2):
        yield from aside
        aside.clear()
        yield cleaned
    yield from aside


def _clean_chunk(raws: list[RawDocument], cfg: Config) -> list[Document | Rejection]:
    cleaned: list[Document | Rejection] = []
    for raw in raws:
        try:
            cleaned.append(clean(raw, cfg))
        except Exception as exc:  # noqa: BLE001 - one document's failure must not lose the corpus
            cleaned.append(Rejection(raw.source, f"the clean stage failed ({type(exc).__name__}: {exc}); skipped. "
                                                 "Please report this with the file attached"))
    return cleaned


def _annotate_chunk(documents: list[Document], cfg: Config) -> list[Document]:
    return list(annotate(documents, cfg))


def _story_chunk(stories: list[list[Document]], cfg: Config, judgements: Sequence[Judgement]) -> list[StoryFacts]:
    return [story_facts(documents, cfg, judgements) for documents in stories]


@dataclass(frozen=True, slots=True)
class Reading:
    """What reading some reports gave: the documents cleaned, in id order, the files skipped, and
    notices about files that were read."""

    documents: tuple[Document, ...]
    rejected: tuple[Rejection, ...] = ()
    notices: tuple[Notice, ...] = ()


def read_corpus(corpus: Path, cfg: Config, progress: Progress = _no_progress, out_dir: Path | None = None,
                runner: Runner = _HERE) -> Reading:
    """Every report under `corpus` loaded and cleaned."""
    documents: list[Document] = []
    rejected: list[Rejection] = []
    notices: list[Notice] = []
    for item in iter_documents(corpus, cfg, progress, out_dir, runner):
        if isinstance(item, Document):
            documents.append(item)
        elif isinstance(item, Rejection):
            rejected.append(item)
        else:
            notices.append(item)
    return Reading(tuple(sorted(documents, key=lambda d: d.id)), tuple(rejected), tuple(notices))


def build(corpus: Path, cfg: Config, progress: Progress = _no_progress, out_dir: Path | None = None,
          store: Store | None = None, runner: Runner = _HERE) -> FactBase:
    """The fact base for the corpus at `corpus` (a folder, one file, or a JSONL file), which
    will be written into `out_dir`. With a `store`, the corpus replaces the stored one, and only
    reports the store has not annotated under this code and configuration reach the model."""
    return build_read(read_corpus(corpus, cfg, progress, out_dir, runner), corpus, cfg, progress, store, runner)


def build_read(reading: Reading, corpus: Path, cfg: Config, progress: Progress = _no_progress,
               store: Store | None = None, runner: Runner = _HERE) -> FactBase:
    """`build` of a corpus already read."""
    if store is not None and reading.documents:
        store.replace_documents(reading.documents, reading.rejected, reading.notices, corpus.as_posix())
    return assemble(reading, corpus.as_posix(), cfg, progress, store, runner)


def add(reports: Sequence[Path], store: Store, cfg: Config, progress: Progress = _no_progress,
        out_dir: Path | None = None, runner: Runner = _HERE) -> tuple[FactBase, Reading]:
    """The fact base of the stored corpus with `reports` (files or folders) added, and what was
    read of them. A report whose id is already stored replaces the stored one when it comes from the
    same source (an updated file); from another source it is skipped, as a build skips a second use
    of an id."""
    stored = {doc_id: source for doc_id, (source, _) in store.document_ids().items()}
    added: dict[str, Document] = {}
    rejected: list[Rejection] = []
    notices: list[Notice] = []
    for report in reports:
        reading = read_corpus(report, cfg, progress, out_dir, runner)
        rejected += reading.rejected
        notices += reading.notices
        for document in reading.documents:
            owner = added[document.id].source if document.id in added else stored.get(document.id)
            if owner is not None and owner != document.source:
                rejected.append(Rejection(document.source, f"its id '{document.id}' is already used by {owner}; "
                                                           "skipped. Rename one of the two (ids come from file "
                                                           "names or the 'id' field)"))
                continue
            added[document.id] = document
    with store.transaction():
        store.put_documents(list(added.values()), rejected, notices)
    factbase = rebuild(store, cfg, progress, runner)
    return factbase, Reading(tuple(sorted(added.values(), key=lambda d: d.id)), tuple(rejected), tuple(notices))


def rebuild(store: Store, cfg: Config, progress: Progress = _no_progress, runner: Runner = _HERE) -> FactBase:
    """The fact base of the corpus in `store` as a build of it makes it: each report's stored
    annotation (the model meets only those without one), the corpus-wide stages, the judgements."""
    everything = Reading(tuple(store.documents()), *map(tuple, store.skipped()))
    return assemble(everything, store.corpus() or "", cfg, progress, store, runner)


def assemble(reading: Reading, corpus_path: str, cfg: Config, progress: Progress = _no_progress,
             store: Store | None = None, runner: Runner = _HERE) -> FactBase:
    """The fact base of the documents read: the per-document stages (answered from `store` where
    it can), then the corpus-wide ones."""
    documents = with_corpus_dates(reading.documents)
    documents, annotation_keys = _annotated(documents, cfg, progress, store, runner)
    judgements = store.judgements() if store is not None else []
    stories = split_stories(documents, cfg)
    found = _stories_facts(documents, stories, cfg, judgements, progress, store, annotation_keys, runner)
    position = {d.id: n for n, d in enumerate(documents)}
    claims = sorted((c for facts in found for c in facts.claims), key=lambda c: position[c.doc])  # stable
    groups = groups_in_order(g for facts in found for g in facts.groups)
    applied = {n for facts in found for n in facts.applied}
    group_ids = {g.id for g in groups}
    return FactBase(
        corpus_path=corpus_path,
        documents=tuple(documents),
        entities=tuple(entities_in_order(e for facts in found for e in facts.entities)),
        claims=tuple(claims),
        groups=tuple(groups),
        timeline=tuple(timeline_in_order(t for facts in found for t in facts.timeline)),
        warnings=tuple(sorted((w for facts in found for w in facts.warnings), key=lambda w: position[w.doc])),
        rejected=tuple(sorted(reading.rejected, key=lambda r: r.source)),
        notices=tuple(sorted(reading.notices, key=lambda n: n.source)),
        judgements=tuple(replace(j, applied=j.id in applied if j.verdict in CORRECTIONS else j.group in group_ids)
                         for j in judgements),
        stories=tuple(stories),
    )


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the corpus-wide stages find in one story's reports."""

    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    groups: tuple[Group, ...]
    timeline: tuple[TimelineEntry, ...]
    warnings: tuple[Warning, ...]
    applied: tuple[int, ...]  # the corrections among the judgements that apply here


def story_facts(documents: Sequence[Document], cfg: Config, judgements: Sequence[Judgement]) -> StoryFacts:
    """The corpus-wide stages over one story's annotated reports (in corpus order): names merged into
    entities and placed, claims linked to them and grouped, the timeline; reviewers' corrections applied."""
    origins = document_origins(documents, cfg)
    entities, merged = apply_judgements(resolve(documents, cfg, origins=origins), judgements)
    entities = geocode(entities, cfg)
    claims, groups = group_claims(link_claims(documents, entities), documents, entities, cfg, origins)
    groups, moved = move_claims(claims, groups, entities, judgements)
    return StoryFacts(tuple(entities), tuple(claims), tuple(groups), tuple(build_timeline(claims, groups, cfg)),
                      tuple(check(documents)), tuple(sorted(merged | moved)))


# Stories handed to a worker at once: most stories of an archive are a report or two.
_STORIES_A_CHUNK = 8


def _stories_facts(documents: Sequence[Document], stories: Sequence[Story], cfg: Config,
                   judgements: Sequence[Judgement], progress: Progress, store: Store | None,
                   annotation_keys: Sequence[str], runner: Runner = _HERE) -> list[StoryFacts]:
    """Each story's corpus-wide results; with a store, those of a story whose reports (their
    `annotation_keys`, in the order of `documents`) and corrections are unchanged are taken from it,
    and the others saved to it."""
    by_id = {d.id: d for d in documents}
    work = partial(_story_chunk, cfg=cfg, judgements=tuple(judgements))
    if store is None:
        found = runner.map(work, ([by_id[doc_id] for doc_id in story.docs] for story in stories), _STORIES_A_CHUNK)
        return list(progress(found, len(stories), "Reading the stories"))
    # What a story's results depend on: its reports as annotated (each key covers the report, the code,
    # the model and the configuration) and the corrections, in the order made.
    corrections = hashlib.sha256(codec.dumps([j for j in judgements if j.verdict in CORRECTIONS]).encode()).hexdigest()
    key_of = dict(zip((d.id for d in documents), annotation_keys, strict=True))
    keys = [hashlib.sha256("\0".join((corrections, *(key_of[d] for d in story.docs))).encode()).hexdigest()
            for story in stories]
    stored = store.story_records(keys)
    new = {}
    changed = [(story, key) for story, key in zip(stories, keys, strict=True) if key not in stored]
    found = runner.map(work, ([by_id[doc_id] for doc_id in story.docs] for story, _ in changed), _STORIES_A_CHUNK)
    for (_, key), facts in zip(changed, progress(found, len(changed), "Reading the stories"), strict=True):
        new[key] = codec.dumps(facts)
    store.keep_story_records(new, keys)
    return [codec.loads(StoryFacts, stored.get(key) or new[key]) for key in keys]


def _annotated(documents: list[Document], cfg: Config, progress: Progress, store: Store | None,
               runner: Runner = _HERE) -> tuple[list[Document], list[str]]:
    """`documents` through the annotate stage, with each one's annotation key (none without a store);
    with a store, those it holds are taken from it and the others saved to it as they are made."""
    if store is None:
        annotated = runner.map(partial(_annotate_chunk, cfg=cfg), documents, cfg.nlp_batch_size * 2)
        return list(progress(annotated, len(documents), "Finding names")), []
    keys = [annotation_key(d, cfg) for d in documents]
    found = store.annotated(keys)
    missing = [(d, key) for d, key in zip(documents, keys) if key not in found]
    if missing:
        with store.saving() as save:
            annotated = runner.map(partial(_annotate_chunk, cfg=cfg), [d for d, _ in missing], cfg.nlp_batch_size * 2)
            for (_, key), document in zip(missing, progress(annotated, len(missing), "Finding names"), strict=True):
                found[key] = document
                save(key, document)
    store.keep_annotations(keys)
    return [found[key] for key in keys], keys


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
