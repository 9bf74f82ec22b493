"""Every tunable threshold in one frozen `Config`.

Values come from the packaged defaults below, then an optional user TOML
file (`--config`), then CLI flags; stages receive the result as an argument
and read no globals.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path

from factfile.errors import UsageError


@dataclass(frozen=True, slots=True)
class Config:
    # Files above this are refused before they are read, so one stray dump
    # cannot exhaust memory; a JSONL file is checked record by record instead.
    max_document_mb: float = 50.0
    # A body paragraph is a line of at least this many words ending like a
    # sentence; shorter lines at the top are header material (title, byline).
    body_min_words: int = 12
    # Headlines are short; a header line longer than this is not a title.
    title_max_words: int = 30
    # A date found only in page clutter (a footer, a sidebar) is accepted as
    # the publication date when it is at most this many years after the
    # latest year the text mentions: further away, it is more likely the
    # day the page was saved.
    clutter_date_max_gap_years: int = 5
    # Share of lines that must look hard-wrapped before a plain-text file's
    # lines are re-joined into paragraphs.
    hard_wrap_min_share: float = 0.6
    # Documents handed to spaCy's nlp.pipe at once.
    nlp_batch_size: int = 16
    # Longer texts reach the model in pieces cut at paragraph breaks (spaCy refuses texts over
    # a million characters, and memory grows with the length of one text).
    nlp_max_chars: int = 20_000
    # Two places whose names match but lie further apart than this are different places.
    same_place_max_km: float = 50.0
    # Of places sharing a name, one within this distance of a town or county the same report names (as first
    # placed) is preferred: a report is mostly about one area.
    geocode_anchor_km: float = 150.0
    # ... and one within this distance of such a place is in the report's own country, not only a named one.
    geocode_local_km: float = 500.0
    # Weights of the evidence for one of several same-named places, in tenfold-population units (a place ten
    # times bigger scores 1 more): the report's own country (above), a country the report names or whose
    # region or people it names, the country in another report of the corpus, its region named, a town or
    # county of the report near it (also the most a namesake of another name nearby adds, see
    # geocode._places_together), a head word asking for a region, a national capital.
    geocode_weight_local_country: float = 2.0
    geocode_weight_named_country: float = 1.0
    geocode_weight_corpus_country: float = 0.5
    geocode_weight_region: float = 2.5
    geocode_weight_near: float = 2.0
    geocode_weight_head: float = 3.0
    geocode_weight_capital: float = 1.0
    # ... and a place called so by its own name, not only by one of its alternate names.
    geocode_weight_own_name: float = 1.0
    # A name's namesakes more than this many tenfold smaller than its biggest are no evidence for the places
    # near them (see geocode._places_together).
    geocode_together_span: float = 2.0
    # Two place names at least this alike (difflib ratio) are one name spelt two ways: a spelling variant
    # places only so close a name, and neither vouches for the other.
    geocode_variant_similarity: float = 0.8
    # Two documents sharing at least this share of the smaller one's runs of
    # `copy_shingle_words` words are copies of one origin (a wire story run twice).
    copy_shingle_words: int = 6
    copy_min_shared: float = 0.3
    # A word run found in more documents than this is boilerplate, not copying.
    copy_max_posting: int = 50
    # Two figures of one kind (USD, km, troops) are for the same thing only within this factor of each other...
    group_max_amount_ratio: float = 3.0
    # ...and an entity named in more claims than this does not by itself make claims comparable.
    group_max_block: int = 400
    # Each claim is compared with at most this many earlier claims of its block.
    group_max_comparisons: int = 30
    # A figure joins a group when it is about the same thing as at least this share of its members.
    group_min_agreement: float = 0.6
    # A group holds at most this many claims: more is a theme running through the story, not one fact.
    group_max_members: int = 60
    # Two stories join while their reports are at least this alike on average (the lesser of the cosines of
    # the names they give and the words they use, tf-idf weighted; see stages/stories.py). On the four dev
    # stories and the seeds mixed, with or without LGL's local news among them, any value from 0.06 to 0.15
    # recovers the five stories and keeps each story, built alone, in one piece; higher values split
    # fewer unrelated reports into shared stories.
    story_min_similarity: float = 0.12
    # Only names given by at most this many reports make two reports candidates for one story (names most
    # of an archive gives say little, and pairing every report that gives them is quadratic).
    story_candidate_max_reports: int = 200
    # Two figures of one measure that cannot both be true dispute each other only when their sentences
    # are at least this alike (tf-idf cosine, as for statements): otherwise they tell of two events...
    figure_contest_min_similarity: float = 0.2
    # ...unless they are within this factor of each other.
    figure_near_ratio: float = 1.25
    # Statements from different reports that say the same thing (every pair of a group's members, not
    # just a chain of them): they share the frame of what is said, a predicate and one of its arguments
    # ("dropped its appeal" / "the appeal was dropped"), and the tf-idf cosine of their content words
    # and names is at least this...
    statement_min_similarity: float = 0.3
    # ...sharing at least this many content words...
    statement_min_shared_words: int = 2
    # ...or, sharing no predicate, they are worded alike: at least this similar, this many words shared.
    statement_wording_min_similarity: float = 0.55
    statement_wording_min_shared_words: int = 4
    # When one states it negatively and the other not, they must be at least this similar.
    statement_contradiction_min_similarity: float = 0.45
    # Words in more claims than this (or this share of them, up to the cap) do not propose pairs on their
    # own. The cap keeps a large corpus from comparing every claim with every claim holding a common word
    # (27 copies of each report made 2 million candidate pairs); rarer shared words still propose them.
    statement_max_posting: int = 30
    statement_max_posting_share: float = 0.2
    statement_max_posting_cap: int = 200
    # A denial answers the most similar report of another document down to this similarity
    # (it states the opposite, so fewer words meet).
    denial_min_similarity: float = 0.2

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * 1024 * 1024)


def load_config(path: Path | None = None, **overrides: object) -> Config:
    """Defaults, then the TOML file at `path` (if any), then `overrides` that are not None."""
    values: dict[str, object] = {}
    if path is not None:
        try:
            with open(path, "rb") as handle:
                values.update(tomllib.load(handle))
        except OSError as exc:
            raise UsageError(f"cannot read config file {path}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise UsageError(f"config file {path} is not valid TOML: {exc}") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name: f for f in dataclasses.fields(Config)}
    unknown = sorted(set(values) - set(known))
    if unknown:
        raise UsageError(
            f"unknown setting(s) {', '.join(unknown)}; known settings: {', '.join(sorted(known))}"
        )
    defaults = Config()
    for name, value in values.items():
        expected = type(getattr(defaults, name))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            values[name] = float(value)
        elif not isinstance(value, expected) or isinstance(value, bool) != (expected is bool):
            raise UsageError(f"setting {name} must be a {expected.__name__}, not {value!r}")
    return Config(**values)  # type: ignore[arg-type]
