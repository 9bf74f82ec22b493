"""The example corpus's factfile, byte for byte against a copy reviewed by eye.

After an intended change: FACTFILE_UPDATE_GOLDEN=1 bash scripts/test.sh tests/test_golden.py,
then read the diff of tests/golden/ before committing it.
"""

import os

from conftest import EXAMPLE, REPO

from factfile.config import Config
from factfile.outputs.factfile_json import dumps, problems, to_dict
from factfile.pipeline import build

GOLDEN = REPO / "tests" / "golden" / "gobi-rail.factfile.json"


def example_factfile() -> str:
    # The path as the README's command gives it, so the file does not depend on the checkout's location.
    cwd = os.getcwd()
    os.chdir(REPO)
    try:
        return dumps(to_dict(build(EXAMPLE.relative_to(REPO), Config())))
    finally:
        os.chdir(cwd)


def test_example_corpus_matches_the_reviewed_golden_file():
    produced = example_factfile()
    if os.environ.get("FACTFILE_UPDATE_GOLDEN"):
        GOLDEN.write_text(produced, encoding="utf-8")
    assert produced == GOLDEN.read_text(encoding="utf-8")


def test_output_is_byte_identical_across_runs():
    assert example_factfile() == example_factfile()


def test_example_output_is_valid_factfile_1():
    import json

    assert problems(json.loads(example_factfile())) == []
