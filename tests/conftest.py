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
