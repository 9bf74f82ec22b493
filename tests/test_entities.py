"""Names across documents: the real model on the seeds and the example, and the merge rules on hand-built mentions."""

import json

import pytest

from conftest import EXAMPLE, REPO

from factfile.config import Config
from factfile.gazetteer import load_gazetteer
from factfile.model import Document, Mention
from factfile.pipeline import build
from factfile.stages.annotate import acronym_matches, demonym_country
from factfile.stages.geocode import haversine_km
from factfile.stages.resolve import resolve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def seed_entities(seeds_dir):
    factbase = build(seeds_dir, Config())
    return factbase.entities


def entity_of(entities, text):
    found = [e for e in entities if text == e.name or text in e.aliases]
    assert len(found) == 1, (text, [(e.name, e.type) for e in found])
    return found[0]


@pytest.mark.parametrize(
    "names",
    [
        ("Emomali Rahmon", "Emomali Rakhmon", "Rakhmon"),  # romanisation kh/h, and the bare surname
        ("East Turkistan Islamic Movement", "ETIM"),  # acronym defined in text
        ("Islamic State-Khorasan", "ISIS-K"),  # acronym with a hyphen
        ("Radio Free Europe", "RFE/RL"),  # acronym with a slash, by initials
        ("Jamaat Ansarullah", "Ansarullah", "Ansorullo"),  # "also known as"
        ("Gorno-Badakhshan Autonomous Province", "Gorno-Badakhshan"),  # long and short form
        ("Xinjiang Autonomous Region", "Xinjiang"),
        ("Wang Yi", "Wang"),  # a Chinese surname comes first
        ("Shanghai Cooperation Organization", "SCO"),
    ],
)
def test_variants_a_reader_would_merge_are_merged(seed_entities, names):
    entities = {entity_of(seed_entities, name).id for name in names}
    assert len(entities) == 1, names


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Badakhshan", "Gorno-Badakhshan"),  # a province of Afghanistan, and one of Tajikistan
        ("Taliban", "Tajik Taliban"),  # a nickname of another group
        ("China", "China-Pakistan Economic Corridor"),
        ("Tajikistan", "Tajik"),
        ("Vakhon", "Wakhan"),  # a Tajik village, and an Afghan corridor
    ],
)
def test_look_alikes_stay_apart(seed_entities, a, b):
    assert entity_of(seed_entities, a).id != entity_of(seed_entities, b).id


def test_model_mislabels_are_corrected(seed_entities):
    assert entity_of(seed_entities, "Tajikistan").type == "GPE"  # the model says NORP
    assert entity_of(seed_entities, "Jamaat Ansarullah").type == "ORG"  # the model says PERSON
    assert entity_of(seed_entities, "Dushanbe").type == "GPE"  # the model says ORG
    assert entity_of(seed_entities, "Tajik").type == "NORP"  # the model says PERSON
    assert entity_of(seed_entities, "Mahdi Arsalon").type == "PERSON"  # "commander, Mahdi Arsalon"


@pytest.mark.parametrize(
    ("name", "lat", "lon", "feature"),
    [
        ("Murghab", 38.17, 73.97, "city"),  # the model misses it; the gazetteer knows it as Murghob
        ("Ishkashim", 36.73, 71.61, "city"),
        ("Kulob", 37.91, 69.78, "city"),
        ("Dushanbe", 38.54, 68.78, "city"),
        ("Kabul", 34.53, 69.17, "city"),
        ("Gorno-Badakhshan", 38.35, 73.0, "admin1"),
        ("Xinjiang", 42.5, 85.5, "admin1"),
        ("Badakhshan", 36.8, 71.4, "admin1"),
        ("Tajikistan", 39.0, 71.0, "country"),
    ],
)
def test_places_are_on_the_map(seed_entities, name, lat, lon, feature):
    geo = entity_of(seed_entities, name).geo
    assert geo is not None and geo.feature == feature
    assert haversine_km(geo.lat, geo.lon, lat, lon) <= 30


def test_unknown_places_stay_off_the_map(seed_entities):
    # Neither is in the gazetteer: no guess.
    assert entity_of(seed_entities, "Vakhon").geo is None
    assert entity_of(seed_entities, "Shaymak").geo is None


def test_every_merge_says_why(seed_entities):
    for entity in seed_entities:
        assert {m.alias for m in entity.merges} == set(entity.aliases)
        for merge in entity.merges:
            assert merge.rule and merge.evidence


def test_mentions_point_at_their_words(seeds_dir):
    factbase = build(seeds_dir, Config())
    texts = {d.id: d.text for d in factbase.documents}
    titles = {d.id: d.title or "" for d in factbase.documents}
    parts = set()
    for entity in factbase.entities:
        for mention in entity.mentions:
            where = titles if mention.part == "title" else texts
            assert where[mention.doc][mention.start:mention.end] == mention.text
            parts.add(mention.part)
    assert parts == {"text", "title"}  # the seeds' headlines name people and places too


# --- the rules on hand-built mentions (no model) ---------------------------------


def doc_with(doc_id, *mentions):
    text = " ".join(t for t, _ in mentions)
    found, position = [], 0
    for surface, label in mentions:
        start = text.index(surface, position)
        found.append(Mention(doc_id, start, start + len(surface), surface, label))
        position = start + len(surface)
    return Document(doc_id, doc_id + ".txt", None, text, mentions=tuple(found))


def names(entities):
    return sorted(sorted([e.name, *e.aliases]) for e in entities)


def test_two_people_sharing_a_surname_stay_apart_and_a_bare_surname_is_left_alone():
    docs = [
        doc_with("a", ("Tumurbaatar Khishig", "PERSON"), ("Oyunaa Khishig", "PERSON"), ("Khishig", "PERSON")),
        doc_with("b", ("Tumurbatar Hishig", "PERSON"), ("Khishig", "PERSON")),
    ]
    # In "a" the bare surname could be either person; in "b" only one Khishig is named.
    assert names(resolve(docs, Config())) == [
        ["Khishig"], ["Khishig", "Tumurbaatar Khishig", "Tumurbatar Hishig"], ["Oyunaa Khishig"]
    ]


def test_a_surname_joins_the_one_person_of_that_name_in_its_document():
    docs = [
        doc_with("a", ("Oyunaa Khishig", "PERSON"), ("Khishig", "PERSON")),
        doc_with("b", ("Tumurbaatar Khishig", "PERSON"), ("T. Khishig", "PERSON")),
    ]
    assert names(resolve(docs, Config())) == [["Khishig", "Oyunaa Khishig"], ["T. Khishig", "Tumurbaatar Khishig"]]


def test_acronym_spellings_and_initials():
    docs = [
        doc_with("a", ("Radio Free Europe", "ORG"), ("NK/GS", "ORG")),
        doc_with("b", ("RFE/RL", "ORG"), ("NKGS", "FAC"), ("NK-GS", "FAC")),
    ]
    assert names(resolve(docs, Config())) == [["NK-GS", "NK/GS", "NKGS"], ["RFE/RL", "Radio Free Europe"]]
    assert acronym_matches("ISIS-K", "Islamic State-Khorasan")
    assert acronym_matches("NKGS", "Nomin Khad–Gashuun Sukhait railway")
    assert not acronym_matches("ASH", "Mongolian Railway Authority")


@pytest.mark.parametrize(
    ("mentions", "expected"),
    [
        # A familiar form joins the one formal name of that family it can stand for...
        ([("William Penwick", "PERSON"), ("Bill Penwick", "PERSON")], [["Bill Penwick", "William Penwick"]]),
        # ... and stays alone beside two ("Bill" is also a familiar form of Robert).
        ([("William Penwick", "PERSON"), ("Robert Penwick", "PERSON"), ("Bill Penwick", "PERSON")],
         [["Bill Penwick"], ["Robert Penwick"], ["William Penwick"]]),
        # Head word before or after, and small prepositions.
        ([("the Ministry of Health", "ORG"), ("the Health Ministry", "ORG")],
         [["the Health Ministry", "the Ministry of Health"]]),
        ([("Committee on Riverton Affairs", "ORG"), ("Committee for Riverton Affairs", "ORG")],
         [["Committee for Riverton Affairs", "Committee on Riverton Affairs"]]),
        # Initials of a hyphenated name.
        ([("Millbrook-Penwick", "ORG"), ("MP", "ORG")], [["MP", "Millbrook-Penwick"]]),
        # A country's code as a trailing designator; a country's full name is no designator.
        ([("Penwick USA", "ORG"), ("Penwick", "ORG")], [["Penwick", "Penwick USA"]]),
        ([("Air France", "ORG"), ("Air India", "ORG")], [["Air France"], ["Air India"]]),
        # A strip of land named after its town.
        ([("Gaza Strip", "GPE"), ("Gaza", "GPE")], [["Gaza", "Gaza Strip"]]),
    ],
)
def test_names_written_two_ways_are_merged(mentions, expected):
    docs = [doc_with(f"d{k}", mention) for k, mention in enumerate(mentions)]
    assert names(resolve(docs, Config())) == expected


def test_a_country_by_its_official_name_is_one_place():
    # "Federation" is an organisation's head word, but not in a country's name.
    docs = [doc_with("a", ("Russia", "GPE")), doc_with("b", ("the Russian Federation", "GPE"))]
    [country] = resolve(docs, Config())
    assert country.type == "GPE" and country.merges[0].rule == "one country"


def test_an_organisation_and_the_place_it_is_named_after_stay_apart():
    docs = [doc_with("a", ("Gobi Rail", "ORG"), ("Gobi", "LOC"), ("Gobi Herald", "ORG"), ("Ulaanbaatar", "GPE"),
                     ("Ulaanbaatar Observer", "ORG"))]
    assert len(resolve(docs, Config())) == 5


def test_demonyms_point_to_their_country():
    gazetteer = load_gazetteer()
    assert demonym_country("Tajik", gazetteer) == "TJ"
    assert demonym_country("Mongolian", gazetteer) == "MN"
    assert demonym_country("Afghans", gazetteer) == "AF"
    assert demonym_country("Tajikistan", gazetteer) is None
    assert demonym_country("Taliban", gazetteer) is None


# --- quality on the example corpus, against its gold file -------------------------

BASELINE = REPO / "tests" / "quality_baseline.json"


def test_example_merge_and_geocode_quality_does_not_fall_below_the_baseline():
    from factfile.evaluate import entity_scores, geo_scores
    from factfile.outputs.factfile_json import to_dict

    gold = json.loads((REPO / "examples" / "gobi-rail.gold.json").read_text())
    data = to_dict(build(EXAMPLE, Config()))
    scores = {**entity_scores(data, gold), **geo_scores(data, gold)}
    figures = {k: round(scores[k], 3) for k in ("merge_precision", "merge_recall", "geo_precision", "geo_recall")}
    print("example corpus quality:", figures)
    baseline = json.loads(BASELINE.read_text())["gobi-rail"]
    for key, floor in baseline.items():
        assert figures[key] >= floor - 1e-9, (key, figures[key], floor)
    assert scores["keep_apart_violations"] == []


def test_a_town_named_like_others_is_the_one_in_the_documents_country_and_region():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name, label, doc="a"):
        return Entity(name, name, label, (), (Mention(doc, 0, len(name), name, label),))

    # "Panj": a Tajik town, and other places elsewhere; the document names Tajikistan.
    located = geocode([entity("Tajikistan", "GPE"), entity("Panj", "GPE")], Config())
    assert located[1].geo is not None and located[1].geo.country == "TJ"
    # With no country in the documents, the biggest of the namesakes.
    alone = geocode([entity("Panj", "GPE", doc="b")], Config())
    biggest = max(load_gazetteer().lookup("Panj"), key=lambda p: p.population)
    assert alone[0].geo is not None and alone[0].geo.gazetteer_id == biggest.gazetteer_id


@pytest.mark.parametrize(
    ("names", "placed", "feature", "country"),
    [
        # A region and towns of its name: the bigger, a region counting its towns' people.
        (["Kansas"], "Kansas", "admin1", "US"),
        (["Virginia", "Richmond"], "Virginia", "admin1", "US"),
        # A region named after its town is the town unless a head word says region.
        (["Beijing"], "Beijing", "city", "CN"),
        # The agencies' state abbreviations, with or without the stop, and the towns they place.
        (["Ill."], "Ill.", "admin1", "US"),
        (["W.Va"], "W.Va", "admin1", "US"),
        (["Africa"], "Africa", "continent", None),
        (["America"], "America", "country", "US"),
        # A name the gazetteer does not know is placed by the place it contains, with the same evidence.
        (["North Texas", "Travis County"], "North Texas", "admin1", "US"),
        (["Mongolian"], "Mongolian", "country", "MN"),
        # Regions whose towns GeoNames files under another first level (Britain's, Ireland's lists are finer)
        # count their towns too, by name or, written in another language, by the county around their point...
        (["England"], "England", "admin1", "GB"),
        (["Clare"], "Clare", "admin1", "IE"),
        # ... and a region named after the town at its heart is meant by the town's name.
        (["Cork"], "Cork", "city", "IE"),
    ],
)
def test_places_a_reader_knows(names, placed, feature, country):
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    entities = [Entity(n, n, "GPE", (), (Mention("a", 0, len(n), n, "GPE"),)) for n in names]
    geo = next(e.geo for e in geocode(entities, Config()) if e.name == placed)
    assert geo is not None and (geo.feature, geo.country) == (feature, country)


def test_a_state_abbreviation_places_the_town_beside_it():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name):
        return Entity(name, name, "GPE", (), (Mention("a", 0, len(name), name, "GPE"),))

    # "Paris, Tenn.": the Paris of Tennessee, not of France or Texas, and the place says why.
    paris = geocode([entity("Paris"), entity("Tenn.")], Config())[0].geo
    assert paris is not None and paris.country == "US" and haversine_km(paris.lat, paris.lon, 36.30, -88.33) < 50
    assert paris.why.startswith("Paris, Tennessee, of ") and "Tennessee named" in paris.why


def test_a_name_is_placed_among_the_places_named_around_it():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name, label="GPE", aliases=()):
        return Entity(name, name, label, tuple(aliases), (Mention("a", 0, len(name), name, label),))

    # A country's name alone is the country; beside a town that has no namesake and lies next to a town of
    # that name, it is the town.
    assert geocode([entity("Peru")], Config())[0].geo.feature == "country"
    peru = geocode([entity("Peru"), entity("Kokomo")], Config())[0].geo
    assert (peru.feature, peru.country) == ("city", "US") and "Kokomo" in peru.why
    # A county an organisation is named after counts too: of the many Springfields, the one in Sangamon County.
    alone = geocode([entity("Springfield")], Config())[0].geo
    beside = geocode([entity("Springfield"), entity("Sangamon County Board", "ORG")], Config())[0].geo
    assert haversine_km(beside.lat, beside.lon, 39.80, -89.64) < 30 < haversine_km(alone.lat, alone.lon, 39.80, -89.64)
    assert "near places the report may mean by Sangamon County Board" in beside.why


def test_a_report_is_local_to_the_country_of_most_of_its_towns():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name):
        return Entity(name, name, "GPE", (), (Mention("a", 0, len(name), name, "GPE"),))

    # A report on Syria that names New York City is not local to New York: a namesake of "Berlin" in New
    # York gains nothing for lying in the report's own country; Syria's towns do. Nor is "Lebanon" a town
    # near New York there.
    located = {e.name: e.geo for e in geocode([entity(n) for n in ("Aleppo", "Damascus", "Homs", "New York City",
                                                                      "Berlin", "Lebanon")], Config())}
    assert "in the report's own country" in located["Damascus"].why
    assert located["Berlin"].country == "DE" and located["Lebanon"].country == "LB"


def test_only_a_namesake_by_its_own_name_vouches_for_places_near_it():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name):
        return Entity(name, name, "GPE", (), (Mention("a", 0, len(name), name, "GPE"),))

    # "Hope" is also what a town of another name is called, near one of the Springfields: no evidence for it.
    springfield = geocode([entity("Springfield"), entity("Hope")], Config())[0].geo
    assert "Hope" not in springfield.why


def test_a_name_misspelt_beside_itself_is_no_witness_for_where_it_is():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name):
        return Entity(name, name, "GPE", (), (Mention("a", 0, len(name), name, "GPE"),))

    # "Williamston" is the report's slip for "Williamstown": the two do not pull each other to where towns of
    # both names lie together; Massachusetts, named, decides.
    town = geocode([entity("Williamstown"), entity("Williamston"), entity("Massachusetts")], Config())[0].geo
    assert haversine_km(town.lat, town.lon, 42.71, -73.20) < 20
    assert "Williamston" not in town.why


def test_a_town_whose_short_form_is_a_state_abbreviation_is_the_town():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    town = Entity("Sioux City", "Sioux City", "GPE", ("S.C.",),
                  (Mention("a", 0, 10, "Sioux City", "GPE"), Mention("a", 20, 24, "S.C.", "GPE")))
    geo = geocode([town], Config())[0].geo
    assert (geo.feature, geo.country) == ("city", "US") and haversine_km(geo.lat, geo.lon, 42.50, -96.40) < 20


def test_a_region_and_the_city_named_after_it_stay_apart():
    # "City" is a generic word, but the gazetteer knows both names and no place by both.
    docs = [doc_with("a", ("Iowa", "GPE"), ("IOWA CITY", "GPE"), ("Iowa City", "GPE"))]
    assert names(resolve(docs, Config())) == [["IOWA CITY", "Iowa City"], ["Iowa"]]
    # "New York City" is also called "New York".
    docs = [doc_with("a", ("New York", "GPE"), ("New York City", "GPE"))]
    assert names(resolve(docs, Config())) == [["New York", "New York City"]]


def test_headlines_are_read_for_names_guarded_against_their_capitals():
    from factfile.stages.annotate import annotate

    docs = [Document("a", "a.txt", "Mayor Harold Penwick Vows To Fight Millbrook Mill Closure",
                     "Harold Penwick, the mayor, said on Monday that the town would fight the closure."),
            Document("b", "b.txt", "Penwick Holdings buys the paper mill in Millbrook",
                     "The company said the sale would close in May."),
            Document("c", "c.txt", "Railway deal signed as herders ask who gains", "The deal was signed on Monday.")]
    found = {d.id: [(m.text, m.label, m.part, d.title[m.start:m.end]) for m in d.title_mentions]
             for d in annotate(docs, Config())}
    # Title case: only the names the text confirms, as the text labels them.
    assert found["a"] == [("Harold Penwick", "PERSON", "title", "Harold Penwick")]
    # Sentence case: a name of two words as the model reads it; a lone word the text does not name is left.
    assert found["b"] == [("Penwick Holdings", "ORG", "title", "Penwick Holdings")]
    assert found["c"] == []


def test_a_name_the_text_gives_as_another_name_or_a_former_one_is_merged():
    from factfile.stages.annotate import annotate

    docs = [Document("a", "a.txt", None, "The Millbrook Trust, formerly the Riverton Fund, said on Monday it would "
                     "sell the mill. Penwick Bank (previously known as Freedonia Savings) declined to comment. "
                     "Harold Penwick, formerly Treasury Secretary, said nothing."),
            Document("b", "b.txt", None, "The Riverton Fund bought the mill in 2019. Freedonia Savings lent it the "
                     "money.")]
    entities = resolve(list(annotate(docs, Config())), Config())
    merged = {e.name: (sorted(e.aliases), [m.evidence for m in e.merges]) for e in entities if e.merges}
    assert merged == {
        "Riverton Fund": (["Millbrook Trust"], ["Millbrook Trust, formerly Riverton Fund (a)"]),
        "Freedonia Savings": (["Penwick Bank"], ["Penwick Bank, previously known as Freedonia Savings (a)"]),
    }  # a person's former post is not another name of the person


def test_a_long_document_is_read_in_pieces_with_the_same_result(tmp_path):
    from dataclasses import replace as copy_with

    from factfile.stages.annotate import annotate, pieces

    paragraph = ("Transport Minister Tumurbaatar Khishig visited Dalanzadgad in Mongolia on Tuesday. "
                 "He said Altan Steppe Holdings would pay $420 million for the line.")
    text = "\n\n".join([paragraph] * 12)
    assert "".join(pieces(text, 300)) == text and max(map(len, pieces(text, 300))) <= 300
    document = Document("long", "long.txt", None, text)
    whole = next(annotate([document], Config()))
    cut = next(annotate([copy_with(document)], Config(nlp_max_chars=300)))
    assert [(m.start, m.end, m.label) for m in cut.mentions] == [(m.start, m.end, m.label) for m in whole.mentions]
    assert [(c.start, c.end, c.modality) for c in cut.claims] == [(c.start, c.end, c.modality) for c in whole.claims]
    assert len(whole.claims) == 24  # two sentences a paragraph, each with a value
    for mention in cut.mentions:
        assert text[mention.start:mention.end] == mention.text


def _spans_of(text, labelled):
    from factfile.stages.annotate import _Span
    return [_Span(text.index(piece), text.index(piece) + len(piece), label) for piece, label in labelled]


def test_a_name_opening_with_a_given_name_whose_surname_stands_alone_is_a_person():
    from factfile.gazetteer import load_gazetteer
    from factfile.stages.annotate import _person_short_forms

    text = "The Riverton Gazette's Harold Penwick asked the mayor about the dam. Penwick pressed her twice."
    spans = _spans_of(text, [("Riverton Gazette's Harold Penwick", "ORG"), ("Penwick pressed", "ORG")])
    spans[1].end = spans[1].start + len("Penwick")
    _person_short_forms(spans, text, load_gazetteer())
    found = {text[s.start:s.end]: s.label for s in spans}
    assert found == {"Riverton Gazette": "ORG", "Harold Penwick": "PERSON", "Penwick": "PERSON"}


def test_an_organisation_opening_with_a_given_name_stays_one_without_its_last_word_alone():
    from factfile.gazetteer import load_gazetteer
    from factfile.stages.annotate import _person_short_forms

    text = "Shares of Morgan Stanley rose on Tuesday."
    spans = _spans_of(text, [("Morgan Stanley", "ORG")])
    _person_short_forms(spans, text, load_gazetteer())
    assert spans[0].label == "ORG"


def test_a_possessive_is_no_plural():
    from factfile.stages.resolve import _plural_peoples

    mentions = [Mention("a", 0, 7, "Penwick", "PERSON"), Mention("a", 20, 29, "Penwick’s", "PERSON"),
                Mention("a", 40, 46, "Uyghur", "NORP"), Mention("a", 50, 57, "Uyghurs", "ORG")]
    labels = [m.label for m in _plural_peoples(mentions)]
    assert labels == ["PERSON", "PERSON", "NORP", "NORP"]


def test_one_person_with_and_without_a_middle_initial_or_a_particle():
    docs = [doc_with("a", ("Harold P. Penwick", "PERSON"), ("Karim al-Haddad", "PERSON")),
            doc_with("b", ("Harold Penwick", "PERSON"), ("Karim Haddad", "PERSON"))]
    assert names(resolve(docs, Config())) == [["Harold P. Penwick", "Harold Penwick"],
                                              ["Karim Haddad", "Karim al-Haddad"]]


def test_two_middle_initials_are_two_people():
    docs = [doc_with("a", ("Harold P. Penwick", "PERSON")), doc_with("b", ("Harold J. K. Penwick", "PERSON"))]
    assert len(resolve(docs, Config())) == 2


def test_a_name_written_with_and_without_its_space_and_an_acronym_keeping_its_small_words():
    docs = [doc_with("a", ("Riverton News", "ORG"), ("Department of Water", "ORG")),
            doc_with("b", ("RivertonNews", "PERSON"), ("DOW", "ORG"))]
    assert names(resolve(docs, Config())) == [["DOW", "Department of Water"], ["Riverton News", "RivertonNews"]]


def test_a_titled_name_ends_at_its_possessive():
    from factfile.stages.annotate import _titled_persons

    text = "It hit President Harold Penwick's Riverton-backed council."
    spans = []
    _titled_persons(spans, text)
    assert [text[s.start:s.end] for s in spans] == ["Harold Penwick"]


def test_a_lake_or_mountain_is_not_the_town_it_shares_a_name_with():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    lake = Entity("Lake Riverton", "Lake Riverton", "LOC", (), (Mention("a", 0, 13, "Lake Riverton", "LOC"),))
    assert geocode([lake], Config())[0].geo is None


def test_one_organisation_named_with_a_country_or_its_people():
    docs = [doc_with("a", ("International Mongolia Support Group", "ORG")),
            doc_with("b", ("International Mongolian Support Group", "ORG"), ("International China Support Group", "ORG"))]
    assert names(resolve(docs, Config())) == [["International China Support Group"],
                                              ["International Mongolia Support Group",
                                               "International Mongolian Support Group"]]


def test_an_organisation_named_after_a_region_says_where_the_report_is():
    from factfile.model import Entity
    from factfile.stages.geocode import geocode

    def entity(name, label):
        return Entity(name, name, label, (), (Mention("a", 0, len(name), name, label),))

    # Manhattan beside "Kansas State University" is the Kansas town, not New York's borough.
    manhattan = geocode([entity("Manhattan", "GPE"), entity("Kansas State University", "ORG")], Config())[0].geo
    assert manhattan is not None and haversine_km(manhattan.lat, manhattan.lon, 39.18, -96.57) < 30
    assert "Kansas named" in manhattan.why


def test_a_name_used_as_a_place_is_one():
    from factfile.stages.annotate import _places_by_use

    text = "The Riverton Police said Riverton officers met the mayor. In his hometown of Millbrook, he spoke."
    spans = _spans_of(text, [("Riverton Police", "ORG"), ("Riverton officers", "PERSON"), ("Millbrook", "PERSON")])
    spans[1].end = spans[1].start + len("Riverton")
    _places_by_use(spans, text, load_gazetteer())
    assert [(text[s.start:s.end], s.label) for s in spans] == [
        ("Riverton Police", "ORG"), ("Riverton", "GPE"), ("Millbrook", "GPE")]


def test_a_pronoun_or_number_word_the_model_calls_a_name_is_dropped():
    """The model tags "Whoever" or "Four" opening a sentence as a person now and then (a dev story has
    both); alone, such a word is no name. A name that is also a word ("Will", "May") stays."""
    from factfile.stages.annotate import _Span, _tidy

    for text in ("Whoever signed the Penwick contract knew the price.", "Four Riverton workers were charged."):
        word = text.split()[0]
        assert _tidy(_Span(0, len(word), "PERSON"), text) is None
    for text in ("Will Castellano said the vote was fair.", "May said the Ashford talks would go on."):
        word = text.split()[0]
        assert _tidy(_Span(0, len(word), "PERSON"), text) is not None
