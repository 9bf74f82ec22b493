"""Stage 4, resolve: merge mentions across the corpus into entities.

Reads every document's `mentions` and returns `Entity`s, each with a
canonical name, a type, every other spelling as an alias, and for each alias
the rule and the words that justified the merge, so a reader can audit it.

Rules, applied in this order to a union-find over mentions:
1. same name, same kind of thing (person, organisation, place, group of people);
2. declared in text: "Long Name (LN)", "X, also known as Y";
3. one acronym written differently ("NKGS", "NK/GS", "NK-GS"), or standing for
   the initials of a name used elsewhere ("RFE/RL" -> "Radio Free Europe");
4. spelling variants from different romanisations ("Khishig" / "Hishig"),
   unless the gazetteer says the two names are places far apart; beside them,
   one name written two ways: a middle initial, a familiar given name ("Bill" /
   "William"), a country's official name, an organisation's head word before
   or after its subject ("the Health Ministry" / "the Ministry of Health");
5. short and long forms that differ only by generic words ("X Autonomous
   Province" / "X", "Jamaat X" / "X", "X Holdings" / "X", "X USA" / "X"),
   unless the gazetteer knows both as different places ("Iowa" / "Iowa City");
6. a person's bare surname or initial ("Khishig", "T. Khishig") joins the one
   person of that surname named in the same document, else in the corpus;
   two people sharing a surname stay apart.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from functools import lru_cache

from factfile import lexicon
from factfile.config import Config
from factfile.copies import document_origins
from factfile.gazetteer import Gazetteer, load_gazetteer, name_key, variant_key
from factfile.model import Document, Entity, Judgement, Merge, Mention, make_id
from factfile.stages.annotate import acronym_matches, demonym_country

# Kinds of thing whose mentions may merge: a GPE in one sentence is a LOC or a FAC in another.
KIND = {"PERSON": "person", "ORG": "org", "GPE": "place", "LOC": "place", "FAC": "place", "NORP": "people"}
ORG_HEADS = frozenset(lexicon.load("names")["organisation_heads"])
PHYSICAL_NEXT: dict[str, str] = lexicon.load("places")["physical_next"]
REGION_NEXT: dict[str, str] = lexicon.load("places")["region_next"]
# Words that do not change what a name refers to.
GENERIC_WORDS = frozenset(
    {"autonomous", "the", "of", "special", "administrative", "llc", "ltd", "inc", "plc", "co", "corp", "company",
     "corporation", "holdings", "group", "jamaat", "jamaat-e", "jamaat-ul"}
    | set(REGION_NEXT) | set(PHYSICAL_NEXT)
)
_ACRONYM_FORM = re.compile(r"^[A-Z][A-Z0-9]*(?:[/&.\-][A-Z0-9]+)*$")


class _Links:
    """Union-find over mention indices that remembers why each union was made."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.reasons: list[tuple[int, int, str, str]] = []

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, rule: str, evidence: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.reasons.append((a, b, rule, evidence))


def resolve(documents: Sequence[Document], cfg: Config, gazetteer: Gazetteer | None = None,
            origins: dict[str, str] | None = None) -> list[Entity]:
    """Entities for all mentions in `documents`, with merge evidence; `origins` are the documents'
    (`copies.document_origins`), found here when not given."""
    gazetteer = gazetteer or load_gazetteer()
    mentions = [m for d in documents for m in (*d.mentions, *d.title_mentions) if m.label in KIND]
    mentions = mentions + _acronym_mentions(documents, mentions)
    mentions = _voted_labels(_plural_peoples(mentions + _known_names(documents, mentions)))
    links = _Links(len(mentions))
    by_form: dict[tuple[str, str], list[int]] = defaultdict(list)
    origin = origins if origins is not None else document_origins(documents, cfg)
    for i, mention in enumerate(mentions):
        key = name_key(mention.text)
        if mention.label == "PERSON" and " " not in key:
            # A bare surname may name different people in different reports: rule 6 decides, per document
            # (copies of one origin being one text, whoever prints them).
            key = f"{key}@{origin[mention.doc]}"
        by_form[(KIND[mention.label], key)].append(i)
    # 1. the same name
    for indices in by_form.values():
        for i in indices[1:]:
            links.union(indices[0], i, "same name", "")
    forms = {key: indices[0] for key, indices in by_form.items()}  # one representative mention per form
    _declared(mentions, links)
    _acronyms(mentions, forms, links)
    _variants(mentions, forms, links, gazetteer, cfg)
    _short_forms(mentions, forms, links, gazetteer)
    _surnames(mentions, forms, links)
    return _entities(mentions, links, gazetteer)


def _acronym_mentions(documents: Sequence[Document], mentions: list[Mention]) -> list[Mention]:
    """Uses of an acronym defined in one report found in the others, however punctuated ('NK/GS', 'NK-GS')."""
    defined = {}
    for mention in mentions:
        if mention.rule == "acronym definition" and mention.same_as and (letters := _acronym_letters(mention.text)):
            defined.setdefault(letters, mention)
    if not defined:
        return []
    taken = defaultdict(list)
    for mention in mentions:
        if mention.part == "text":
            taken[mention.doc].append((mention.start, mention.end))
    found = []
    for document in documents:
        for match in re.finditer(r"(?<![\w/\-])[A-Z][A-Z0-9]*(?:[/&\-][A-Z0-9]+)*(?![\w/\-])", document.text):
            letters = re.sub(r"[^A-Z0-9]", "", match.group(0))
            if letters in defined and not any(s < match.end() and match.start() < e for s, e in taken[document.id]):
                found.append(Mention(document.id, match.start(), match.end(), match.group(0), defined[letters].label,
                                     "acronym"))
    return found


def _known_names(documents: Sequence[Document], mentions: list[Mention]) -> list[Mention]:
    """Names the model found elsewhere in the corpus but missed here ('Gobi Rail' at the start of a sentence).

    Only names of two or more words are looked for: a single word ("Gobi") is too often part of
    something else.
    """
    names: dict[str, str] = {}
    for mention in mentions:
        if " " in mention.text and mention.label in ("PERSON", "ORG", "FAC", "GPE", "LOC"):
            names.setdefault(mention.text, mention.label)
    if not names:
        return []
    taken = defaultdict(list)
    for mention in mentions:
        if mention.part == "text":
            taken[mention.doc].append((mention.start, mention.end))
    found = []
    finder = _NameFinder(names)
    for document in documents:
        spans = taken[document.id]
        for start, end in finder.find(document.text):
            if not any(s < end and start < e for s, e in spans):
                text = document.text[start:end]
                found.append(Mention(document.id, start, end, text, names[text], "known name"))
    return found


class _NameFinder:
    """Finds any of many names in a text as whole words, leftmost first and the longest at a place, as a
    regular expression of their alternatives would, without one: with thousands of names (a large
    corpus) such an expression is slow to match."""

    _BOUNDARY = re.compile(r"[\w\-]")
    _PREFIX = 3  # every name has a space, so at least three characters

    def __init__(self, names) -> None:
        self._by_prefix: dict[str, list[str]] = defaultdict(list)
        for name in sorted(names, key=len, reverse=True):
            self._by_prefix[name[:self._PREFIX]].append(name)
        firsts = "".join(sorted({name[0] for name in names}))
        self._starts = re.compile(r"(?<![\w\-])[" + re.escape(firsts) + "]")

    def find(self, text: str) -> Iterator[tuple[int, int]]:
        after = 0
        for candidate in self._starts.finditer(text):
            start = candidate.start()
            if start < after:
                continue
            for name in self._by_prefix.get(text[start:start + self._PREFIX], ()):
                end = start + len(name)
                if text.startswith(name, start) and not self._BOUNDARY.match(text, end):
                    yield start, end
                    after = end
                    break


def _plural_peoples(mentions: list[Mention]) -> list[Mention]:
    """A name used both as 'X' and as 'Xs' ('Uyghur', 'Uyghurs') is a people, not an organisation or a person."""
    keys = {name_key(m.text) for m in mentions}
    # A possessive is no plural: "Penwick’s" is one man's.
    plurals = {name_key(m.text) for m in mentions if not re.search(r"[’']s$", m.text)}
    peoples = {k for k in keys if k + "s" in plurals and " " not in k}
    return [
        replace(m, label="NORP", rule=m.rule + "+plural")
        if m.label != "NORP" and (name_key(m.text) in peoples or name_key(m.text).removesuffix("s") in peoples) else m
        for m in mentions
    ]


def _voted_labels(mentions: list[Mention]) -> list[Mention]:
    """One label per name across the corpus: the model labels the same name differently from sentence to
    sentence, so each name takes the label most of its mentions have, a rule's correction counting double."""
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        votes[name_key(mention.text)][mention.label] += 1 if mention.rule == "ner" else 2
    voted = []
    for mention in mentions:
        counts = votes[name_key(mention.text)]
        label = max(counts, key=lambda l: (counts[l], l))
        # A group of people ("Chinese") and a place stay what they are: the words differ in meaning, not in noise.
        if (mention.label == "NORP") == (label == "NORP") and label != mention.label:
            mention = replace(mention, label=label, rule=mention.rule + "+vote")
        voted.append(mention)
    return voted


def _declared(mentions: list[Mention], links: _Links) -> None:
    by_doc_text = {(m.doc, m.text): i for i, m in enumerate(mentions)}
    for i, mention in enumerate(mentions):
        if mention.same_as and (target := by_doc_text.get((mention.doc, mention.same_as))) is not None:
            if mention.rule.startswith("declared: "):  # "also known as", "formerly", ...
                lead = mention.rule.removeprefix("declared: ").split("+")[0]
                evidence = f"{mention.same_as}, {lead} {mention.text} ({mention.doc})"
                links.union(target, i, "also known as", evidence)
            else:
                links.union(target, i, "acronym defined in text", f"{mention.same_as} ({mention.text}) ({mention.doc})")


def _acronym_letters(text: str) -> str | None:
    return re.sub(r"[^A-Z0-9]", "", text) if _ACRONYM_FORM.match(text) and sum(c.isupper() for c in text) >= 2 else None


def _acronyms(mentions: list[Mention], forms: dict[tuple[str, str], int], links: _Links) -> None:
    by_letters: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (kind, _), i in sorted(forms.items()):
        if letters := _acronym_letters(mentions[i].text):
            # The model's label for a bare acronym is little better than a guess: organisations and
            # facilities share one pool, people and peoples do not.
            by_letters[("named" if kind in ("org", "place") else kind, letters)].append(i)
    for (kind, letters), indices in sorted(by_letters.items()):
        for i in indices[1:]:
            links.union(indices[0], i, "same acronym", f"{mentions[indices[0]].text} = {mentions[i].text}")
    # A hyphenated name is several names for its initials ("HP" for "Hewlett-Packard").
    long_forms = [(kind, i) for (kind, _), i in sorted(forms.items())
                  if len(re.split(r"[\s\-–]+", mentions[i].text.strip())) >= 2 and not _acronym_letters(mentions[i].text)]
    # Each long form under the initials of its words, with and without small words: an acronym is compared
    # only with the names whose initials it could be.
    by_initials: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for kind, i in long_forms:
        for initials in _initials(mentions[i].text):
            by_initials[initials].append((kind, i))

    def same_pool(kind: str, pool: str) -> bool:
        return kind == pool or pool == "named" and kind in ("org", "place")

    for (pool, letters), indices in sorted(by_letters.items()):
        acronym = mentions[indices[0]].text
        if any(links.find(indices[0]) == links.find(i) for k, i in long_forms if same_pool(k, pool)):
            continue  # already defined in text
        parts = [acronym] + (re.split(r"[/]", acronym) if "/" in acronym else [])
        for part in parts:
            matches = sorted({links.find(i) for k, i in by_initials.get(re.sub(r"[^A-Z]", "", part), ())
                              if same_pool(k, pool) and _initials_equal(part, mentions[i].text)})
            if len(matches) == 1:
                target = next(i for k, i in long_forms if same_pool(k, pool) and links.find(i) == matches[0])
                links.union(target, indices[0], "initials",
                            f"{acronym} = initials of {mentions[target].text}" + (f" ({part})" if part != acronym else ""))
                break


def _initials_equal(acronym: str, name: str) -> bool:
    """Whether the acronym's capitals are the initials of the name's words, its small words left out or kept
    ("DOW" for "Department of Water", "DW" too)."""
    letters = re.sub(r"[^A-Z]", "", acronym)
    return len(letters) >= 2 and letters in _initials(name) and acronym_matches(acronym, name)


def _initials(name: str) -> set[str]:
    """The initials of a name's words, capitalised: of every word, and of all but the small words."""
    words = [w for w in re.split(r"[\s\-–]+", name) if w]
    content = [w for w in words if w.lower() not in {"of", "the", "and", "for"}]
    return {"".join(w[0].upper() for w in ws) for ws in (words, content)}


def _variants(mentions, forms, links: _Links, gazetteer: Gazetteer, cfg: Config) -> None:
    by_variant: dict[tuple[str, str], list[int]] = defaultdict(list)
    for (kind, key), i in sorted(forms.items()):
        if kind == "person" and " " not in mentions[i].text:
            continue  # bare surnames are placed by rule 6, document by document
        if len(key.replace(" ", "")) >= 4:
            by_variant[(kind, variant_key(mentions[i].text))].append(i)
    heads: dict[int, set[str]] = defaultdict(set)
    for i, mention in enumerate(mentions):
        if mention.head:
            heads[links.find(i)].add(_head_class(mention.head))
    for (kind, _), indices in sorted(by_variant.items()):
        for i in indices[1:]:
            first = indices[0]
            if kind == "place" and (_far_apart(mentions[first].text, mentions[i].text, gazetteer, cfg)
                                    or len(heads[links.find(first)] | heads[links.find(i)]) > 1):
                continue  # a village and a corridor, or two towns far apart, are two places
            links.union(first, i, "spelling variant", f"{mentions[first].text} ~ {mentions[i].text}")
    _people_written_two_ways(mentions, forms, links)
    _nicknames(mentions, forms, links)
    _country_or_people(mentions, forms, links, gazetteer)
    _one_country(mentions, forms, links, gazetteer)
    _organisations_written_two_ways(mentions, forms, links)
    # "Riverton News" and "RivertonNews": one name written with and without its space (the model's label for a
    # run-together name is little better than a guess, so organisations and people share one pool).
    by_letters: dict[str, list[int]] = defaultdict(list)
    for (kind, key), i in sorted(forms.items()):
        letters = key.split("@")[0].replace(" ", "")  # a one-word person's form carries its document
        if kind in ("org", "person") and len(letters) >= 6:
            by_letters[letters].append(i)
    for indices in by_letters.values():
        if len({" " in name_key(mentions[i].text) for i in indices}) == 2:
            for i in indices[1:]:
                links.union(indices[0], i, "spacing", f"{mentions[indices[0]].text} / {mentions[i].text}")
    by_singular: dict[str, list[int]] = defaultdict(list)
    for (kind, key), i in sorted(forms.items()):
        if kind == "people":
            by_singular[variant_key(key.removesuffix("s"))].append(i)
    for indices in by_singular.values():
        for i in indices[1:]:
            links.union(indices[0], i, "plural", f"{mentions[indices[0]].text} / {mentions[i].text}")


def _person_core(text: str) -> tuple[str, str, tuple[str, ...]] | None:
    """A person's given and family name without a particle of the family name ("al-Haddad": Haddad), and the
    middle names or initials between them ("Harold P. Penwick": P.); None for fewer than two words."""
    words = text.split()
    if len(words) < 2:
        return None
    last = words[-1]
    for particle in _family_particles():
        if last.lower().startswith(particle) and len(last) > len(particle) + 1:
            last = last[len(particle):]
    return variant_key(words[0]), variant_key(last), tuple(variant_key(w) for w in words[1:-1])


@lru_cache(maxsize=1)
def _family_particles() -> tuple[str, ...]:
    return tuple(lexicon.load("names")["family_particles"])


def _people_written_two_ways(mentions, forms, links: _Links) -> None:
    """One person with and without a middle initial or name ("Harold P. Penwick" / "Harold Penwick"), or with
    and without a particle ("Karim al-Haddad" / "Karim Haddad"). A name without the middle part joins only when one
    middle part is written in the corpus: "George W. Bush" and "George H. W. Bush" leave "George Bush" alone."""
    by_core: dict[tuple[str, str], dict[tuple[str, ...], list[int]]] = defaultdict(lambda: defaultdict(list))
    for (kind, _), i in sorted(forms.items()):
        if kind == "person" and (core := _person_core(mentions[i].text)):
            by_core[core[:2]][core[2]].append(i)
    for (given, family), middles in sorted(by_core.items()):
        written = [m for m in middles if m]
        if len(written) > 1:
            continue
        members = [i for indices in middles.values() for i in indices]
        for i in members[1:]:
            links.union(members[0], i, "middle name or particle",
                        f"{mentions[members[0]].text} / {mentions[i].text}: the same given and family name")


def _nicknames(mentions, forms, links: _Links) -> None:
    """One person by a given name and its familiar form ("William Penwick" / "Bill Penwick"; the `nicknames`
    package's hand-curated English list): the familiar form joins only the one formal name of that family name
    it can stand for, so "Bill" beside both a William and a Robert of one family is left alone."""
    by_family: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for (kind, _), i in sorted(forms.items()):
        if kind == "person" and (core := _person_core(mentions[i].text)):
            by_family[core[1]][mentions[i].text.split()[0].lower().strip(".")].append(i)
    for family, by_given in sorted(by_family.items()):
        if len(by_given) < 2:
            continue
        for familiar, indices in sorted(by_given.items()):
            formal = [g for g in by_given if g != familiar and len(g) > len(familiar)
                      and familiar in _familiar_forms(g)]
            if len(formal) == 1:
                target = by_given[formal[0]][0]
                for i in indices:
                    links.union(target, i, "familiar name",
                                f"{mentions[target].text} / {mentions[i].text}: {familiar.title()} is a familiar form "
                                f"of {formal[0].title()}")


@lru_cache(maxsize=4096)
def _familiar_forms(given: str) -> frozenset[str]:
    return frozenset(_nick_namer().nicknames_of(given))


@lru_cache(maxsize=1)
def _nick_namer():
    from nicknames import NickNamer

    return NickNamer()


def _one_country(mentions, forms, links: _Links, gazetteer: Gazetteer) -> None:
    """A country by its common and its official name ("Freedonia" / "the Republic of Freedonia")."""
    by_country: dict[str, list[int]] = defaultdict(list)
    for (kind, _), i in sorted(forms.items()):
        text = re.sub(r"^the\s+", "", mentions[i].text, flags=re.IGNORECASE)
        if kind == "place" and (country := gazetteer.country_of_name(text)):
            by_country[country].append(i)
    for country, indices in sorted(by_country.items()):
        for i in indices[1:]:
            links.union(indices[0], i, "one country",
                        f"{mentions[indices[0]].text} / {mentions[i].text}: two names of one country ({country})")


def _organisations_written_two_ways(mentions, forms, links: _Links) -> None:
    """One organisation with its head word before or after its subject ("the Health Ministry" / "the Ministry of
    Health"), or with a different small preposition ("Committee on X" / "Committee for X")."""
    either_side = frozenset(lexicon.load("names")["heads_written_either_side"])
    prepositions = frozenset(lexicon.load("names")["interchangeable_prepositions"])
    by_shape: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for (kind, _), i in sorted(forms.items()):
        words = [w for w in name_key(mentions[i].text).split() if w != "the"]
        if kind != "org" or len(words) < 2:
            continue
        if len(words) >= 3 and words[0] in either_side and words[1] == "of":
            words = words[2:] + words[:1]  # "ministry of health" -> "health ministry"
        shape = tuple("*" if w in prepositions else w for w in words)
        by_shape[shape].append(i)
    for members in by_shape.values():
        for i in members[1:]:
            links.union(members[0], i, "word order",
                        f"{mentions[members[0]].text} / {mentions[i].text}: the same words in another order or with "
                        "another preposition")


def _country_or_people(mentions, forms, links: _Links, gazetteer: Gazetteer) -> None:
    """One organisation named with a country or its people ("the Freedonia Support Group" / "the Freedonian
    Support Group"): names of three or more words differing only in that word."""
    by_shape: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for (kind, _), i in sorted(forms.items()):
        words = mentions[i].text.split()
        if kind != "org" or len(words) < 3:
            continue
        for k, word in enumerate(words):
            country = gazetteer.country_of_name(word) or demonym_country(word, gazetteer)
            if country:
                shape = (country, *(w.lower() for w in words[:k]), "*", *(w.lower() for w in words[k + 1:]))
                by_shape[shape].append(i)
    for members in by_shape.values():
        for i in members[1:]:
            links.union(members[0], i, "country or its people",
                        f"{mentions[members[0]].text} / {mentions[i].text}: the same name with the country or its people")


def _head_class(head: str) -> str:
    return "physical" if head in PHYSICAL_NEXT.values() else "settlement" if head in ("city", "village") else "area"


def _far_apart(a: str, b: str, gazetteer: Gazetteer, cfg: Config) -> bool:
    from factfile.stages.geocode import haversine_km

    places_a, places_b = gazetteer.lookup(a), gazetteer.lookup(b)
    if not places_a or not places_b:
        return False
    return min(haversine_km(p.lat, p.lon, q.lat, q.lon) for p in places_a[:5] for q in places_b[:5]) > cfg.same_place_max_km


def _two_known_places(a: str, b: str, gazetteer: Gazetteer) -> bool:
    """Whether the gazetteer knows both names, and no place by both."""
    places_a, places_b = gazetteer.lookup(a), gazetteer.lookup(b)
    return bool(places_a and places_b) and not {p.gazetteer_id for p in places_a} & {p.gazetteer_id for p in places_b}


def _core_words(text: str) -> tuple[str, ...]:
    # A leading people-word is not generic: the "Pakistani Taliban" are not the Taliban.
    return tuple(w for w in name_key(text).split() if w not in GENERIC_WORDS)


def _short_forms(mentions, forms, links: _Links, gazetteer: Gazetteer) -> None:
    by_core: dict[tuple[str, tuple[str, ...]], list[int]] = defaultdict(list)
    for (kind, _), i in sorted(forms.items()):
        # The model often reads a two-word company name ("Altan Steppe") as a person: a person-labelled
        # name may join an organisation whose long form only adds generic words such as "Holdings".
        group = "org" if kind in ("org", "person") else kind
        if kind != "people" and (core := _core_words(mentions[i].text)):
            words = mentions[i].text.split()
            if (kind == "org" and len(core) >= 2 and re.fullmatch(r"[A-Z]{2,3}", words[-1])
                    and gazetteer.country_of_name(words[-1])):
                core = core[:-1]  # a country's code as a trailing designator: "Penwick USA" is Penwick's arm
            by_core[(group, core)].append(i)
    for (group, core), indices in sorted(by_core.items()):
        kinds = {KIND[mentions[i].label] for i in indices}
        if kinds == {"person"}:
            continue  # people's names are matched by rules 4 and 6
        if kinds == {"org", "person"} and not any(_core_words(mentions[i].text) != tuple(name_key(mentions[i].text).split())
                                                   for i in indices):
            continue  # no generic word tells which is which
        for i in indices[1:]:
            if group == "place" and _two_known_places(mentions[indices[0]].text, mentions[i].text, gazetteer):
                continue  # "Iowa" and "Iowa City" are two places; "New York City" is also "New York"
            links.union(indices[0], i, "short form",
                        f"{mentions[indices[0]].text} / {mentions[i].text} differ only by generic words")
    _organisation_short_names(mentions, links)


def _organisation_short_names(mentions: list[Mention], links: _Links) -> None:
    """'the Herald' after 'The Gobi Herald' in the same document: the last word of one organisation's name."""
    by_doc: dict[str, list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        if mention.label == "ORG":
            by_doc[mention.doc].append(i)
    lasts: dict[str, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for doc, indices in by_doc.items():
        for i in indices:
            words = mentions[i].text.split()
            if len(words) >= 2 and words[-1][:1].isupper():
                lasts[doc][words[-1]].add(i)
    corpus: dict[str, set[int]] = defaultdict(set)
    for per_doc in lasts.values():
        for word, roots in per_doc.items():
            corpus[word] |= roots
    for doc, indices in sorted(by_doc.items()):
        for i in indices:
            word = mentions[i].text
            if " " in word or word.lower() in GENERIC_WORDS or _acronym_letters(word):
                continue
            in_document = bool(lasts[doc].get(word))
            named = lasts[doc].get(word) or corpus.get(word, set())
            if len({links.find(k) for k in named}) == 1:
                target = min(named)
                where = f"the only organisation so named in {doc}" if in_document else "the only one so named in the corpus"
                links.union(target, i, "short name", f"{word}: {mentions[target].text}, {where}")


def _surnames(mentions: list[Mention], forms, links: _Links) -> None:
    people = [i for (kind, _), i in sorted(forms.items()) if kind == "person"]
    # Full names by the variant key of their last and first words (a Chinese-style name puts the surname
    # first), per document and over the corpus, in mention order.
    in_document: dict[tuple[str, str], list[int]] = defaultdict(list)
    in_corpus: dict[str, list[int]] = defaultdict(list)
    for i, mention in enumerate(mentions):
        words = mention.text.split()
        if mention.label == "PERSON" and len(words) >= 2 and not re.fullmatch(r"[A-Z]\.", words[0]):
            for key in dict.fromkeys((variant_key(words[-1]), variant_key(words[0]))):
                in_document[mention.doc, key].append(i)
                in_corpus[key].append(i)
    members: dict[int, list[int]] = defaultdict(list)
    for k in range(len(mentions)):
        members[links.find(k)].append(k)
    for i in people:
        words = mentions[i].text.split()
        initial = words[0][0] if len(words) == 2 and re.fullmatch(r"[A-Z]\.", words[0]) else None
        if len(words) != 1 and initial is None:
            continue
        surname = variant_key(words[-1])
        for j in members[links.find(i)]:
            candidates = _people_named(mentions, in_document.get((mentions[j].doc, surname), []), initial, links)
            if len(candidates) > 1:
                break  # two people of that name in the document: leave it apart
            if len(candidates) == 1:
                target = candidates[0]
                links.union(target, i, "surname", f"{mentions[i].text} in {mentions[j].doc} names {mentions[target].text}")
                break
        else:
            candidates = _people_named(mentions, in_corpus.get(surname, []), initial, links)
            if len(candidates) == 1:
                links.union(candidates[0], i, "surname",
                            f"{mentions[i].text}: {mentions[candidates[0]].text} is the only person so named in the corpus")


def _people_named(mentions, indices, initial: str | None, links: _Links) -> list[int]:
    """One representative mention per distinct person among `indices` (full names with the surname
    sought) whose given name starts with `initial`, if one is asked for."""
    found: dict[int, int] = {}
    for k in indices:
        if initial is None or mentions[k].text.split()[0][0] == initial:
            found.setdefault(links.find(k), k)
    return sorted(found.values())


def _entities(mentions: list[Mention], links: _Links, gazetteer: Gazetteer) -> list[Entity]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(mentions)):
        groups[links.find(i)].append(i)
    reasons: dict[int, list[tuple[int, int, str, str]]] = defaultdict(list)
    for a, b, rule, evidence in links.reasons:
        if rule != "same name":
            reasons[links.find(a)].append((a, b, rule, evidence))
    entities = []
    for root, members in groups.items():
        group = [mentions[i] for i in members]
        # A bare acronym's label is the model's guess; the spelled-out names say what the thing is.
        spelled = [m for m in group if not _acronym_letters(m.text)] or group
        labels = Counter(m.label for m in spelled)
        label = max(labels, key=lambda l: (labels[l], l != "NORP", l))
        if label != "PERSON" and any(name_key(m.text).split()[-1:] and name_key(m.text).split()[-1] in ORG_HEADS
                                     and not gazetteer.country_of_name(re.sub(r"^the\s+", "", m.text, flags=re.I))
                                     for m in group if " " in m.text):
            # "People’s Armed Police" is an organisation however its acronym was labelled; "the Russian
            # Federation" is a country.
            label = "ORG"
        merges = []
        seen = {_name(label, group)}
        for a, b, rule, evidence in reasons[root]:
            for alias in (mentions[a].text, mentions[b].text):
                if alias not in seen:
                    seen.add(alias)
                    merges.append(Merge(alias, rule, evidence))
        entities.append(_entity(label, group, merges))
    return entities_in_order(entities)


def entity_order(entity: Entity) -> tuple[str, str, str]:
    """Where an entity stands among the others: by type, then name."""
    return entity.type, entity.name.casefold(), entity.id


def entities_in_order(entities: Iterable[Entity]) -> list[Entity]:
    return sorted(entities, key=entity_order)


def _name(label: str, mentions: Sequence[Mention]) -> str:
    """What to call an entity of type `label` named by `mentions`."""
    texts = Counter(m.text for m in mentions)
    # The fullest ordinary spelling: "Altan Steppe Holdings" over "Altan Steppe" and "ASH", then the commonest.
    if label in ("PERSON", "ORG", "FAC"):
        return max(texts, key=lambda t: (not _acronym_letters(t), min(len(t.split()), 3), texts[t], len(t), t))
    # A place is called what the reports call it most ("Ulaanbaatar", not "Ulan Bator").
    return max(texts, key=lambda t: (not _acronym_letters(t), texts[t], len(t), t))


def _entity(label: str, mentions: Sequence[Mention], merges: Iterable[Merge]) -> Entity:
    """The entity of type `label` that `mentions` name, merged for the reasons `merges` give."""
    name = _name(label, mentions)
    # Per document, the headline's names first; the id from the first name in a text, as before headlines
    # were read.
    ordered = tuple(sorted(mentions, key=lambda m: (m.doc, m.part != "title", m.start)))
    first = next((m for m in ordered if m.part == "text"), ordered[0])
    texts = {m.text for m in mentions}
    return Entity(
        id=make_id(label, name, first.doc, first.start),
        name=name,
        type=label,
        aliases=tuple(sorted(texts - {name}, key=str.casefold)),
        mentions=ordered,
        merges=tuple(sorted(_first_per_alias(m for m in merges if m.alias in texts and m.alias != name),
                            key=lambda m: m.alias.casefold())),
    )


def _first_per_alias(merges: Iterable[Merge]) -> list[Merge]:
    first: dict[str, Merge] = {}
    for merge in merges:
        first.setdefault(merge.alias, merge)
    return list(first.values())


def apply_judgements(entities: Sequence[Entity], judgements: Iterable[Judgement]) -> tuple[list[Entity], set[int]]:
    """The entities with reviewers' merges and splits applied in the order made, and the ids of the
    judgements applied: a merge whose two entities are found, a split whose entity has the spelling
    and another besides. Judgements of other kinds are left to other stages."""
    by_id = {e.id: e for e in entities}
    applied: set[int] = set()
    for judgement in judgements:
        if judgement.verdict == "merge":
            merged, kept = by_id.get(judgement.entity), by_id.get(judgement.into)
            if merged is None or kept is None or merged.id == kept.id:
                continue
            # The side whose spelling names the whole keeps its reasons; the other side's spellings are
            # there because the reviewer said so.
            mentions = kept.mentions + merged.mentions
            named, other = (kept, merged) if _name(kept.type, mentions) in {m.text for m in kept.mentions} \
                else (merged, kept)
            why = f"merged by {judgement.who}, {judgement.made}" + (f": {judgement.note}" if judgement.note else "")
            reviewed = [Merge(text, "reviewer", why) for text in sorted({m.text for m in other.mentions})]
            joined = _entity(kept.type, mentions, (*named.merges, *reviewed))
            del by_id[merged.id], by_id[kept.id]
            by_id[joined.id] = joined
        elif judgement.verdict == "split":
            entity = by_id.get(judgement.entity)
            if entity is None:
                continue
            leaving = [m for m in entity.mentions if m.text == judgement.words]
            staying = [m for m in entity.mentions if m.text != judgement.words]
            if not leaving or not staying:
                continue
            del by_id[entity.id]
            for part in (_entity(entity.type, staying, entity.merges), _entity(entity.type, leaving, ())):
                by_id[part.id] = part
        else:
            continue
        applied.add(judgement.id)
    return entities_in_order(by_id.values()), applied
