"""Writing factfile's outputs: whole files, as one set, and only files factfile owns.

Every output folder factfile writes holds `.factfile-manifest.json`: the files factfile wrote
there, with the SHA-256 of each. That is how factfile knows its own files:

- a build never reads them as reports, even when the output folder lies inside the corpus
  (`owned`, asked by the load stage);
- a build replaces them, and removes those an earlier build wrote and this one no longer writes
  (unless someone edited them since), but never replaces or removes any other file: a user's
  notes in the output folder survive, and a build that would overwrite a file factfile did not
  write stops before changing anything.

`publish` writes a set of files in four steps (`publish_with` the same, the files written one by
one as the build makes them, so that a large corpus's outputs are never all in memory):

1. write every file into a hidden staging folder inside the output folder (the same
   filesystem, so that moving a file is a rename);
2. rename the staging folder to mark the set complete: this is the commit point;
3. move each file into place, remove stale files, and replace the manifest last;
4. remove the emptied folder.

Stopped before step 2 (an error, a full disk, a kill), the previous outputs are untouched,
and the next `publish` into the folder removes the staging folder. Stopped during step 3,
which is a few renames, the next `publish` finishes the moves before anything else. Output
folders written before factfile kept a manifest are recognised by their factfile/1
`factfile.json`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from factfile.errors import OutputError

MANIFEST = ".factfile-manifest.json"
_STAGING = ".factfile-staging-"
_COMMITTED = ".factfile-committed-"
# What factfile wrote before it kept a manifest; owned when beside a factfile/1 factfile.json.
_LEGACY = ("factfile.json", "report.html", "brief.md", "method.md",
           *(f"csv/{table}.csv" for table in ("documents", "entities", "claims", "groups", "timeline", "warnings")))
_FACTFILE_1 = re.compile(rb'\s*\{\s*"schema"\s*:\s*"factfile/1"')
_ABOUT = ("Files factfile wrote into this folder, with their SHA-256. factfile never reads them as reports, "
          "replaces them on the next build, and removes those it no longer writes unless they were edited; "
          "it leaves every other file here alone.")


# --- which files are factfile's --------------------------------------------


def owned(folder: Path) -> dict[str, str | None]:
    """The files factfile wrote into `folder`, as relative POSIX paths, each with its SHA-256
    (None when recognised from an output folder older than manifests); empty for other folders."""
    try:
        data = json.loads((folder / MANIFEST).read_bytes())
        return {rel: digest for rel, digest in data["files"].items() if _safe(rel) and isinstance(digest, str)}
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # an unreadable manifest: fall back on what any factfile output folder looks like
    try:
        with open(folder / "factfile.json", "rb") as handle:
            head = handle.read(256)
    except OSError:
        return {}
    if not _FACTFILE_1.match(head):
        return {}
    return {rel: None for rel in _LEGACY if os.path.lexists(folder / rel)}


def _safe(rel: object) -> bool:
    """A manifest entry names a plain file below its folder, never anything outside it."""
    if not isinstance(rel, str) or not rel or "\\" in rel or "\0" in rel:
        return False
    path = PurePosixPath(rel)
    return not path.is_absolute() and all(part not in ("", ".", "..") and not part.startswith(".")
                                          for part in path.parts)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- writing a set ---------------------------------------------------------


def publish(out_dir: Path, files: dict[str, bytes], keep: Iterable[str] = ()) -> None:
    """Write `files` (relative POSIX path -> content) into `out_dir` as one set, replacing the
    set an earlier build wrote there; files of that set named in `keep` stay as they are."""
    for rel in files:
        if not _safe(rel):
            raise ValueError(f"not a plain relative path: {rel!r}")

    def write(staging: Staging) -> None:
        for rel, data in files.items():
            staging.write(rel, data)
    publish_with(out_dir, write, keep)


class Staging:
    """The hidden folder a set is written into before it is published: `write` puts a whole file
    there, `open` one to write piece by piece; each file's SHA-256 is kept for the manifest.
    `scratch` is a folder for working files, removed before the set is published."""

    def __init__(self, folder: Path, out_dir: Path) -> None:
        self.folder, self._out_dir = folder, out_dir
        self.digests: dict[str, str] = {}
        self.scratch = folder / ".scratch"

    def write(self, rel: str, data: bytes) -> None:
        with self.open(rel) as handle:
            handle.write(data)

    @contextmanager
    def open(self, rel: str) -> Iterator[_Hashed]:
        if not _safe(rel) or rel in self.digests:
            raise ValueError(f"not a plain relative path, or written twice: {rel!r}")
        path = self.folder / rel
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with open(path, "xb") as handle:  # created as readable as any file the user makes
                hashed = _Hashed(handle)
                yield hashed
        except OSError as exc:
            raise OutputError(f"cannot write into {self._out_dir}: {exc.strerror or exc}; nothing there was "
                              "changed. Choose another folder with -o") from exc
        self.digests[rel] = hashed.digest.hexdigest()


class _Hashed:
    """A file being written, and the SHA-256 of what was written to it."""

    def __init__(self, handle) -> None:
        self._handle, self.digest = handle, hashlib.sha256()

    def write(self, data: bytes) -> None:
        self._handle.write(data)
        self.digest.update(data)


def publish_with(out_dir: Path, write: Callable[[Staging], None], keep: Iterable[str] = ()) -> None:
    """`publish` the set `write` writes into the `Staging` it is given. Should `write` fail, nothing
    in `out_dir` changes."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"cannot create {out_dir}: {exc.strerror or exc}; choose another folder with -o") from exc
    with _locked(out_dir):
        try:
            _recover(out_dir)
        except OSError as exc:
            raise OutputError(f"cannot finish or clear an interrupted build in {out_dir}: {exc.strerror or exc}; "
                              "remove the folders named .factfile-* there and run again") from exc
        previous = owned(out_dir)
        staging = _stage(out_dir, write, previous, keep)
        committed = out_dir / (_COMMITTED + staging.name[len(_STAGING):])
        try:
            os.rename(staging, committed)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise OutputError(f"cannot write into {out_dir}: {exc.strerror or exc}; nothing there was changed. "
                              "Choose another folder with -o") from exc
        try:
            _finish(out_dir, committed)
        except OSError as exc:
            raise OutputError(f"cannot move the new outputs into {out_dir}: {exc.strerror or exc}. They are "
                              f"complete in {committed.name} there; fix the cause and run again to finish") from exc


def refuse_if_in_the_way(out_dir: Path, names: Iterable[str]) -> None:
    """Stop before a build writes anything (its store included) if a file factfile did not write
    stands where one of its outputs, `names`, goes."""
    if out_dir.is_dir():
        _refuse_foreign_files(out_dir, dict.fromkeys(names, b""), owned(out_dir))


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold `folder` against a second factfile writing into it at the same time."""
    try:
        import fcntl
    except ImportError:  # not on POSIX: no lock, and two builds into one folder are the user's to avoid
        yield
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(f"another factfile is writing into {folder}; wait for it to finish, "
                              "or choose another folder with -o") from None
        yield
    finally:
        os.close(fd)


def _refuse_foreign_files(out_dir: Path, files: dict[str, bytes], previous: dict[str, str | None]) -> None:
    """Stop before anything is written if the set would replace a file factfile did not write."""
    foreign: list[Path] = []
    for rel in sorted(files):
        target = out_dir / rel
        for parent in reversed(target.relative_to(out_dir).parents[:-1]):
            folder = out_dir / parent
            if os.path.lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
                foreign.append(folder)
        if os.path.lexists(target) and (rel not in previous or target.is_symlink() or not target.is_file()):
            foreign.append(target)
    foreign = list(dict.fromkeys(foreign))  # a folder in the way is named once
    if foreign:
        others = f" (and {len(foreign) - 1} more)" if len(foreign) > 1 else ""
        raise OutputError(f"{foreign[0]}{others} is in the way and factfile did not write it; nothing was written. "
                          "Move it away, or choose another folder with -o")


def _stage(out_dir: Path, write: Callable[[Staging], None], previous: dict[str, str | None],
           keep: Iterable[str]) -> Path:
    """A hidden folder inside `out_dir` holding every file `write` writes and the manifest, complete."""
    try:
        folder = Path(tempfile.mkdtemp(prefix=_STAGING, dir=out_dir))
    except OSError as exc:
        raise OutputError(f"cannot write into {out_dir}: {exc.strerror or exc}; choose another folder with -o") from exc
    try:
        staging = Staging(folder, out_dir)
        write(staging)
        shutil.rmtree(staging.scratch, ignore_errors=True)
        files = staging.digests
        _refuse_foreign_files(out_dir, files, previous)
        manifest = {rel: previous[rel] for rel in keep if rel in previous and rel not in files}
        manifest.update(files)
        record = {"about": _ABOUT, "files": dict(sorted(manifest.items()))}
        (folder / MANIFEST).write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        # Existing subfolders must take a rename too (their permissions can differ from out_dir's).
        for subfolder in sorted({(out_dir / rel).parent for rel in files} - {out_dir}):
            if subfolder.is_dir():
                tempfile.TemporaryFile(dir=subfolder).close()
    except BaseException as exc:
        shutil.rmtree(folder, ignore_errors=True)
        if isinstance(exc, OSError):
            raise OutputError(f"cannot write into {out_dir}: {exc.strerror or exc}; nothing there was changed. "
                              "Choose another folder with -o") from exc
        raise
    return folder


def _finish(out_dir: Path, committed: Path) -> None:
    """Move a complete set into place, remove what it no longer holds, then the folder it came in.
    Safe to repeat after an interruption at any point."""
    try:
        record = json.loads((committed / MANIFEST).read_bytes())
    except FileNotFoundError:
        record = None  # the manifest was the last thing moved: only the emptied folder is left
    if record is not None:
        new = {rel: digest for rel, digest in record["files"].items() if _safe(rel)}
        for rel in new:
            source = committed / rel
            if os.path.lexists(source):
                target = out_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(source, target)
        for rel, digest in owned(out_dir).items():
            if rel not in new:
                _remove_stale(out_dir, rel, digest)
        os.replace(committed / MANIFEST, out_dir / MANIFEST)
    shutil.rmtree(committed)


def _remove_stale(out_dir: Path, rel: str, digest: str | None) -> None:
    """Remove a file an earlier build wrote, unless it was edited since (then it is the user's)."""
    path = out_dir / rel
    try:
        if digest is None or path.is_symlink() or not path.is_file() or _sha256(path.read_bytes()) != digest:
            return
        path.unlink()
    except FileNotFoundError:
        return
    for parent in path.relative_to(out_dir).parents[:-1]:
        try:
            (out_dir / parent).rmdir()  # only when factfile's files were all it held
        except OSError:
            break


def _recover(out_dir: Path) -> None:
    """Finish a set an interrupted build had committed; remove any it had not."""
    for entry in sorted(os.scandir(out_dir), key=lambda e: e.name):
        if not entry.is_dir(follow_symlinks=False):
            continue
        if entry.name.startswith(_COMMITTED):
            _finish(out_dir, Path(entry.path))
        elif entry.name.startswith(_STAGING):
            shutil.rmtree(entry.path)
