import os
from pathlib import Path

import pytest

from factfile.config import Config

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
EXAMPLE = REPO / "examples" / "gobi-rail"


@pytest.fixture
def cfg() -> Config:
    return Config()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    path = SHARED / "corpora" / "seeds"
    if not path.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"CI must have the shared seeds corpus at {path}")
        pytest.skip(f"the shared seeds corpus is not at {path}")
    return path


class ProgressRecorder:
    """A progress function (what the pipeline calls to show progress) that notes what each stage said it
    would work through: how many reports met the model is how many "Finding names" went through."""

    def __init__(self):
        self.seen: list[tuple[str, int]] = []

    def __call__(self, items, total, description):
        self.seen.append((description, total))
        return items

    def annotated(self) -> int:
        return sum(total for description, total in self.seen if description == "Finding names")

    def stories_read(self) -> int:
        """How many stories the corpus-wide stages went through (not answered from the store)."""
        return sum(total for description, total in self.seen if description == "Reading the stories")


def example_with_one_held_back(folder: Path) -> tuple[Path, Path]:
    """A copy of the example corpus in `folder`/corpus without its last report, and that report (outside
    the corpus), for a build followed by `add`."""
    import shutil

    corpus = folder / "corpus"
    shutil.copytree(EXAMPLE, corpus)
    later = folder / "06_ulaanbaatar-observer.md"
    shutil.move(corpus / later.name, later)
    return corpus, later
