"""Writing output files whole or not at all."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from factfile.errors import OutputError


def write_text(target: Path, text: str, encoding: str = "utf-8") -> Path:
    """Write `text` to `target` (folders created): beside it first, then renamed, so a crash
    never leaves half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding=encoding, dir=target.parent, delete=False, suffix=".tmp",
                                         newline="") as handle:
            handle.write(text)
        # A temporary file is private (0600); the output should be as readable as any file the user makes.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}; choose another folder with -o") from exc
    return target
