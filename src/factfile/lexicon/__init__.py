"""What factfile knows about English news pages and prose, kept as data.

One TOML file per subject; each list says in a comment why its entries are there.
`load(name)` reads a file once per process. Stages take what they need from here
rather than from each other's constants.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> dict[str, Any]:
    """The lexicon file `name`.toml, parsed."""
    return tomllib.loads(resources.files(__package__).joinpath(f"{name}.toml").read_text(encoding="utf-8"))


@cache
def word_classes(name: str, table: str) -> dict[str, str]:
    """A table of `name`.toml whose keys name classes of words, as a map from each word to its class."""
    return {word: key for key, words in load(name)[table].items() for word in words}
