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

The corpus-wide stages run story by story as the `Assembly` that `assemble` returns is read: the
commands write each story's part out as it comes (`outputs.write_assembly`) and drop it, and with a
store no report's annotation is held longer than its story, so a build's memory does not grow with
the corpus. `collect` gathers the parts into a `FactBase` for callers who want it whole.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from contextlib import closing, nullcontext
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
from factfile.stages.stories import Profile, profile, split_stories
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
    return collect(build_stories(reading, corpus, cfg, progress, store, runner))


def build_stories(reading: Reading, corpus: Path, cfg: Config, progress: Progress = _no_progress,
                  store: Store | None = None, runner: Runner = _HERE) -> Assembly:
    """`build_read`, story by story (`Assembly`)."""
    if store is not None and reading.documents:
        store.replace_documents(reading.documents, reading.rejected, reading.notices, corpus.as_posix())
    return assemble(reading, corpus.as_posix(), cfg, progress, store, runner)


def add(reports: Sequence[Path], store: Store, cfg: Config, progress: Progress = _no_progress,
        out_dir: Path | None = None, runner: Runner = _HERE) -> tuple[FactBase, Reading]:
    """The fact base of the stored corpus with `reports` (files or folders) added, and what was
    read of them (`put`)."""
    added = put(reports, store, cfg, progress, out_dir, runner)
    return rebuild(store, cfg, progress, runner), added


def put(reports: Sequence[Path], store: Store, cfg: Config, progress: Progress = _no_progress,
        out_dir: Path | None = None, runner: Runner = _HERE) -> Reading:
    """Put `reports` (files or folders) into the stored corpus; return what was read of them. A report
    whose id is already stored replaces the stored one when it comes from the same source (an updated
    file); from another source it is skipped, as a build skips a second use of an id."""
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
    return Reading(tuple(sorted(added.values(), key=lambda d: d.id)), tuple(rejected), tuple(notices))


def rebuild(store: Store, cfg: Config, progress: Progress = _no_progress, runner: Runner = _HERE) -> FactBase:
    """The fact base of the corpus in `store` as a build of it makes it: each report's stored
    annotation (the model meets only those without one), the corpus-wide stages, the judgements."""
    return collect(rebuild_stories(store, cfg, progress, runner))


def rebuild_stories(store: Store, cfg: Config, progress: Progress = _no_progress,
                    runner: Runner = _HERE) -> Assembly:
    """`rebuild`, story by story (`Assembly`)."""
    everything = Reading(tuple(store.documents()), *map(tuple, store.skipped()))
    return assemble(everything, store.corpus() or "", cfg, progress, store, runner)


@dataclass(frozen=True, slots=True)
class StoryFacts:
    """What the corpus-wide stages find in one story's reports."""

    entities: tuple[Entity, ...]
    claims: tuple[Claim, ...]
    groups: tuple[Group, ...]
    timeline: tuple[TimelineEntry, ...]
    warnings: tuple[Warning, ...]
    applied: tuple[int, ...]  # the corrections among the judgements that apply here


@dataclass(frozen=True, slots=True)
class StoryPart:
    """One story with its reports (annotated, in id order) and what the corpus-wide stages found in them."""

    story: Story
    documents: tuple[Document, ...]
    facts: StoryFacts


@dataclass(frozen=True, slots=True)
class Assembly:
    """A corpus on its way to a fact base, story by story: `parts` gives each story's part in the order
    of `stories`, once, working each out (or taking it from the store) as it is asked for, so that a
    large corpus is written out without ever being held whole (`outputs.write_assembly`); close it
    when stopping early, inside the store's `with`. `collect` makes the `FactBase`."""

    corpus_path: str
    documents: int
    stories: tuple[Story, ...]
    rejected: tuple[Rejection, ...]
    notices: tuple[Notice, ...]
    judgements: tuple[Judgement, ...]  # as made; `judged` says which apply
    parts: Generator[StoryPart, None, None]


def judged(judgements: Iterable[Judgement], applied: set[int], group_ids: set[str]) -> tuple[Judgement, ...]:
    """The judgements with `applied` set: a correction when a story applied it (its number is in
    `applied`), a verdict when the corpus still has its group (among `group_ids`)."""
    return tuple(replace(j, applied=j.id in applied if j.verdict in CORRECTIONS else j.group in group_ids)
                 for j in judgements)


def collect(assembly: Assembly) -> FactBase:
    """The fact base of an assembly, every story's part held at once."""
    with closing(assembly.parts) as each:
        parts = list(each)
    documents = sorted((d for part in parts for d in part.documents), key=lambda d: d.id)
    position = {d.id: n for n, d in enumerate(documents)}
    found = [part.facts for part in parts]
    claims = sorted((c for facts in found for c in facts.claims), key=lambda c: position[c.doc])  # stable
    groups = groups_in_order(g for facts in found for g in facts.groups)
    return FactBase(
        corpus_path=assembly.corpus_path,
        documents=tuple(documents),
        entities=tuple(entities_in_order(e for facts in found for e in facts.entities)),
        claims=tuple(claims),
        groups=tuple(groups),
        timeline=tuple(timeline_in_order(t for facts in found for t in facts.timeline)),
        warnings=tuple(sorted((w for facts in found for w in facts.warnings), key=lambda w: position[w.doc])),
        rejected=assembly.rejected,
        notices=assembly.notices,
        judgements=judged(assembly.judgements, {n for facts in found for n in facts.applied}, {g.id for g in groups}),
        stories=assembly.stories,
    )


def assemble(reading: Reading, corpus_path: str, cfg: Config, progress: Progress = _no_progress,
             store: Store | None = None, runner: Runner = _HERE) -> Assembly:
    """The documents read, on their way to a fact base: the per-document stages now (answered from
    `store` where it can), the split into stories, and the corpus-wide stages story by story as the
    assembly's parts are asked for."""
    documents = with_corpus_dates(reading.documents)
    profiles, annotations = _annotated(documents, cfg, progress, store, runner)
    judgements = tuple(store.judgements()) if store is not None else ()
    stories = tuple(split_stories(profiles, cfg))
    return Assembly(corpus_path, len(documents), stories, tuple(sorted(reading.rejected, key=lambda r: r.source)),
                    tuple(sorted(reading.notices, key=lambda n: n.source)), judgements,
                    _story_parts(stories, annotations, cfg, judgements, progress, store, runner))


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


class _Annotations:
    """Where a build's annotated reports are: in the store under their annotation keys, or (a build
    without a store) in memory."""

    def __init__(self, keys: dict[str, str], store: Store | None, held: dict[str, Document] | None = None) -> None:
        self.keys, self._store, self._held = keys, store, held

    def documents(self, ids: Sequence[str]) -> tuple[Document, ...]:
        if self._held is not None:
            return tuple(self._held[i] for i in ids)
        found = self._store.annotated(self.keys[i] for i in ids)
        return tuple(found[self.keys[i]] for i in ids)


def _story_parts(stories: Sequence[Story], annotations: _Annotations, cfg: Config, judgements: Sequence[Judgement],
                 progress: Progress, store: Store | None, runner: Runner = _HERE) -> Generator[StoryPart, None, None]:
    """Each story's part, in order; with a store, the results of a story whose reports (their
    annotation keys) and corrections are unchanged are taken from it, and the others saved to it."""
    work = partial(_story_chunk, cfg=cfg, judgements=tuple(judgements))
    keys: list[str | None] = [None] * len(stories)
    stored: set[str] = set()
    if store is not None:
        # What a story's results depend on: its reports as annotated (each key covers the report, the
        # code, the model and the configuration) and the corrections, in the order made.
        corrections = hashlib.sha256(codec.dumps([j for j in judgements if j.verdict in CORRECTIONS]).encode()
                                     ).hexdigest()
        keys = [hashlib.sha256("\0".join((corrections, *(annotations.keys[d] for d in story.docs))).encode()
                               ).hexdigest() for story in stories]
        stored = store.story_keys(keys)
    changed = [n for n, key in enumerate(keys) if key is None or key not in stored]
    # The reports of the stories handed out and not yet back (the runner reads ahead a few chunks).
    waiting: dict[int, tuple[Document, ...]] = {}

    def handed_out() -> Iterator[tuple[Document, ...]]:
        for n in changed:
            waiting[n] = annotations.documents(stories[n].docs)
            yield waiting[n]

    found = iter(progress(runner.map(work, handed_out(), _STORIES_A_CHUNK), len(changed), "Reading the stories"))
    with store.saving_stories() if store is not None else nullcontext(None) as save:
        for n, (story, key) in enumerate(zip(stories, keys, strict=True)):
            if key is not None and key in stored:
                documents = annotations.documents(story.docs)
                facts = codec.loads(StoryFacts, store.story_record(key))
            else:
                facts = next(found)
                documents = waiting.pop(n)
                if save is not None:
                    save(key, codec.dumps(facts))
            yield StoryPart(story, documents, facts)
    if store is not None:
        store.keep_story_records(keys)


def _annotated(documents: list[Document], cfg: Config, progress: Progress, store: Store | None,
               runner: Runner = _HERE) -> tuple[list[Profile], _Annotations]:
    """`documents` through the annotate stage: what the story split reads of each, and where the
    annotated documents are. With a store, those it holds are taken from it and the others saved to
    it as they are made, and none is held in memory."""
    annotate_chunk = partial(_annotate_chunk, cfg=cfg)
    if store is None:
        annotated = list(progress(runner.map(annotate_chunk, documents, cfg.nlp_batch_size * 2), len(documents),
                                  "Finding names"))
        return [profile(d) for d in annotated], _Annotations({}, None, {d.id: d for d in annotated})
    keys = {d.id: annotation_key(d, cfg) for d in documents}
    held = store.annotation_keys(keys.values())
    profiles: dict[str, Profile] = {}
    missing = [d for d in documents if keys[d.id] not in held]
    if missing:
        with store.saving() as save:
            annotated = runner.map(annotate_chunk, missing, cfg.nlp_batch_size * 2)
            for document in progress(annotated, len(missing), "Finding names"):
                save(keys[document.id], document)
                profiles[document.id] = profile(document)
    stored = [keys[d.id] for d in documents if keys[d.id] in held]
    for i in range(0, len(stored), _READ_AT_ONCE):
        profiles.update((d.id, profile(d)) for d in store.annotated(stored[i:i + _READ_AT_ONCE]).values())
    store.keep_annotations(keys.values())
    return [profiles[d.id] for d in documents], _Annotations(keys, store)


# Stored annotations read at once: enough for few queries, few enough to hold.
_READ_AT_ONCE = 500


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
