"""Typed values in text: money, physical quantities, counts of things, ranges and approximations.

`find_values(text)` returns every value with its character span, so a claim can
quote the exact words ("about $8.6 million", "1,300-kilometre (810-mile)",
"8,000 to 10,000 foreign fighters"). Amounts are normalised (scale applied,
units converted to a base unit) so that values from different reports compare.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factfile.dates import MONTHS

CURRENCY_SYMBOLS = {"us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP", "gbp": "GBP",
                    "¥": "CNY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "dollars": "USD", "dollar": "USD",
                    "euros": "EUR", "euro": "EUR", "pounds": "GBP", "rubles": "RUB", "roubles": "RUB", "rub": "RUB",
                    "tugriks": "MNT", "tugrik": "MNT", "mnt": "MNT", "somoni": "TJS", "rupees": "INR", "inr": "INR"}
SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9,
          "b": 1e9, "trillion": 1e12, "tn": 1e12}
# unit word -> (base unit, factor to base)
UNITS = {
    "kilometre": ("km", 1.0), "kilometres": ("km", 1.0), "kilometer": ("km", 1.0), "kilometers": ("km", 1.0),
    "km": ("km", 1.0), "mile": ("km", 1.609344), "miles": ("km", 1.609344), "mi": ("km", 1.609344),
    "metre": ("m", 1.0), "metres": ("m", 1.0), "meter": ("m", 1.0), "meters": ("m", 1.0), "m": ("m", 1.0),
    "feet": ("m", 0.3048), "foot": ("m", 0.3048), "ft": ("m", 0.3048),
    "tonne": ("t", 1.0), "tonnes": ("t", 1.0), "ton": ("t", 1.0), "tons": ("t", 1.0), "t": ("t", 1.0),
    "kilogram": ("kg", 1.0), "kilograms": ("kg", 1.0), "kg": ("kg", 1.0),
    "hectare": ("ha", 1.0), "hectares": ("ha", 1.0), "ha": ("ha", 1.0), "acre": ("ha", 0.404686),
    "acres": ("ha", 0.404686), "square kilometres": ("km2", 1.0), "square kilometers": ("km2", 1.0),
    "km2": ("km2", 1.0), "sq km": ("km2", 1.0), "square miles": ("km2", 2.589988),
    "percent": ("%", 1.0), "per cent": ("%", 1.0), "%": ("%", 1.0),
}
WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
                "fifty": 50, "hundred": 100, "a dozen": 12, "dozens of": 24, "a hundred": 100, "hundreds of": 200,
                "a thousand": 1000, "thousands of": 2000, "several hundred": 300, "a few hundred": 300,
                "several thousand": 3000, "a few thousand": 3000}
APPROX = {"about": "about", "around": "about", "some": "about", "roughly": "about", "approximately": "about",
          "nearly": "about", "almost": "about", "an estimated": "about", "estimated": "about", "close to": "about",
          "more than": "more_than", "over": "more_than", "above": "more_than", "upwards of": "more_than",
          "at least": "at_least", "up to": "at_most", "as many as": "at_most", "as much as": "at_most",
          "at most": "at_most", "less than": "less_than", "fewer than": "less_than", "under": "less_than",
          "below": "less_than", "just over": "more_than", "just under": "less_than"}
VAGUE_TOPS = {"dozens of": 99.0, "hundreds of": 999.0, "thousands of": 9999.0}
# Nouns that count people or things though they do not end in -s.
UNCOUNTED_PLURALS = frozenset("people police personnel staff sheep cattle livestock children men women "
                              "militia infantry equipment".split())

_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_APPROX = r"\b(?P<approx>" + "|".join(sorted((re.escape(a) for a in APPROX), key=len, reverse=True)) + r")\s+"
_SCALE = r"(?:\s*|-)(?P<scale>" + "|".join(sorted(SCALES, key=len, reverse=True)) + r")\b"
_CURRENCY_PREFIX = r"(?P<cur>US\$|\$|€|£|¥|USD\s?|EUR\s?|GBP\s?|CNY\s?|RMB\s?)"
_CURRENCY_WORD = r"(?P<curword>dollars?|euros?|pounds|yuan|rubles|roubles|tugriks?|somoni|rupees)\b"
_UNIT = r"(?P<unit>" + "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True)) + r")\b"
_RANGE = r"(?:\s*(?:-|–|to|and)\s*(?P<max>" + _NUMBER + r"))?"

_MONEY_SYMBOL = re.compile(
    r"(?:" + _APPROX + r")?" + _CURRENCY_PREFIX + r"(?P<num>" + _NUMBER + r")" + _RANGE + r"(?:" + _SCALE + r")?", re.I)
_MONEY_WORD = re.compile(
    r"(?:" + _APPROX + r")?(?<![\w.,])(?P<num>" + _NUMBER + r")" + r"(?:" + _SCALE + r")?\s+" + _CURRENCY_WORD, re.I)
_WORD_NUMBER = "|".join(sorted((re.escape(w) for w in WORD_NUMBERS), key=len, reverse=True))
# Durations are the timeline's business, not counts of things.
TIME_NOUNS = frozenset("years months weeks days hours minutes seconds decades centuries seasons times".split())
_QUANTITY = re.compile(
    r"(?:" + _APPROX + r")?(?<![\w.,])(?P<num>" + _NUMBER + r"|" + _WORD_NUMBER + r")" + _RANGE + r"(?:\s*|-)" + _UNIT + r"(?!-\w*\d)", re.I)
# Words ending in -s that are no counted noun, and words that cannot stand between a number and its noun:
# "left more than 20 dead and its roads closed", "a new one earlier this week".
FUNCTION_WORDS = frozenset("its this is was has his us as yes thus does whereas perhaps always sometimes less "
                           "unless across besides towards afterwards hers ours yours theirs whose "
                           "and or but nor of the a an to in at on with by for from that which who whom were are "
                           "had have be been being than then so if into onto over under".split())
# People counted by what happened to them: "62 wounded", "more than 20 dead", "12 missing".
ADJECTIVAL_COUNTS = frozenset("dead wounded injured killed missing hurt displaced homeless evacuated arrested "
                              "detained unaccounted".split())
_COUNT_HEAD = (r"(?:" + _APPROX + r")?(?:between\s+)?(?<![\w.,])(?P<num>" + _NUMBER + r"|" + _WORD_NUMBER + r")"
               + _RANGE + r"(?:" + _SCALE + r")?")
_COUNT = re.compile(
    _COUNT_HEAD + r"\s+(?P<adj>(?:[a-z][\w\-]*\s+){0,3}?)(?P<noun>[a-z][a-z\-]*s|"
    + "|".join(UNCOUNTED_PLURALS) + r")\b", re.I)
_ADJECTIVAL_COUNT = re.compile(
    _COUNT_HEAD + r"\s+(?P<noun>" + "|".join(sorted(ADJECTIVAL_COUNTS)) + r")\b", re.I)
# A person's age: "40-year-old Jane Doe", "aged 40", "Jane Doe, 40, ...". Whose it is, the claims stage reads.
_AGE = re.compile(r"\b(?P<num>\d{1,3})-year-old\b|\baged\s+(?P<aged>\d{1,3})\b"
                  r"|(?<=[a-z]),\s(?P<apposed>\d{1,3})(?=,)")
MAX_AGE = 115
# "Aug. 30 permits", "Sept. 16 flood": the number is a day of the month.
_AFTER_MONTH = re.compile(r"\b(?:" + "|".join(m.capitalize() for m in sorted(MONTHS, key=len, reverse=True))
                          + r")\.?\s*$")
# "a 2,000-strong force": the size of what follows.
_STRONG_COUNT = re.compile(_COUNT_HEAD + r"-strong\s+(?P<noun>[a-z][a-z\-]*)\b", re.I)


@dataclass(frozen=True, slots=True)
class FoundValue:
    """A value and where it is: `text == source[start:end]`."""

    type: str  # money | quantity | count
    start: int
    end: int
    text: str
    amount: float
    unit: str  # currency code, base unit, or the counted noun
    approx: str = "exact"
    amount_max: float | None = None


def _number(text: str) -> float:
    key = text.lower()
    if key in WORD_NUMBERS:
        return float(WORD_NUMBERS[key])
    return float(text.replace(",", ""))


def _clean_amount(value: float) -> float:
    return float(round(value, 6))


def find_values(text: str) -> list[FoundValue]:
    """Money, quantities and counts in `text`, in order, without overlaps."""
    found: list[FoundValue] = []

    def free(start: int, end: int) -> bool:
        return not any(f.start < end and start < f.end for f in found)

    for pattern in (_MONEY_SYMBOL, _MONEY_WORD):
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if not free(*match.span()):
                continue
            scale = SCALES.get((groups.get("scale") or "").lower(), 1.0)
            code = CURRENCY_SYMBOLS[(groups.get("cur") or groups.get("curword")).strip().lower()]
            found.append(FoundValue(
                "money", match.start(), match.end(), match.group(0), _clean_amount(_number(groups["num"]) * scale),
                code, APPROX.get((groups["approx"] or "").lower(), "exact"),
                _clean_amount(_number(groups["max"]) * scale) if groups.get("max") else None,
            ))
    for match in _QUANTITY.finditer(text):
        if not free(*match.span()):
            continue
        unit, factor = UNITS[match.group("unit").lower()]
        if match.group("unit") == "m" and not re.search(r"\d\s*m\b", match.group(0)):
            continue
        found.append(FoundValue(
            "quantity", match.start(), match.end(), match.group(0), _clean_amount(_number(match.group("num")) * factor),
            unit, APPROX.get((match.group("approx") or "").lower(), "exact"),
            _clean_amount(_number(match.group("max")) * factor) if match.group("max") else None,
        ))
    for match in _AGE.finditer(text):
        group = next(g for g in ("num", "aged", "apposed") if match.group(g))
        number, (start, end) = match.group(group), match.span(group)
        if group == "num":
            end = match.end()  # "40-year-old" whole
        if match.group("apposed") and not re.search(r"\b[A-Z][a-z]+$", text[max(0, start - 40):start - 2]):
            continue  # "Jane Doe, 40,": the age follows a name
        if int(number) > MAX_AGE or _AFTER_MONTH.search(text[max(0, start - 12):start]) or not free(start, end):
            continue
        found.append(FoundValue("quantity", start, end, text[start:end], float(number), "age"))
    counts = sorted([*_COUNT.finditer(text), *_ADJECTIVAL_COUNT.finditer(text), *_STRONG_COUNT.finditer(text)], key=lambda m: (m.start(), -m.end()))
    for match in counts:
        if not free(*match.span()):
            continue
        number = match.group("num")
        noun = match.group("noun").lower()
        adjectives = match.groupdict().get("adj") or ""
        described = adjectives.lower().split()
        # "1,200 low-level and mid-tier workers": words joined by "and" describe the noun too.
        if noun in TIME_NOUNS or noun in FUNCTION_WORDS or (set(described[:1] + described[-1:]) | set(
                w for w in described[1:-1] if w not in ("and", "or"))) & FUNCTION_WORDS:
            continue
        if _AFTER_MONTH.search(text[max(0, match.start() - 12):match.start()]):
            continue
        if re.fullmatch(r"(?:1[89]|20)\d{2}", number) and not match.group("approx"):
            continue  # "in 2019 workers ..." is a year, not a count
        scale = SCALES.get((match.group("scale") or "").lower(), 1.0)
        approx = APPROX.get((match.group("approx") or "").lower(), "exact")
        if number.lower().startswith(("dozens", "hundreds", "thousands", "several", "a few")):
            approx = "about"
        top = _clean_amount(_number(match.group("max")) * scale) if match.group("max") else None
        if top is None and number.lower() in VAGUE_TOPS:
            top = VAGUE_TOPS[number.lower()]  # "hundreds of" is anything from 200 to 999
        found.append(FoundValue(
            "count", match.start(), match.end(), match.group(0), _clean_amount(_number(number) * scale),
            match.group("noun").lower(), approx, top,
        ))
    found.sort(key=lambda f: f.start)
    # "1,300-kilometre (810-mile)": the bracketed figure converts the first; it is not a second value.
    return [f for i, f in enumerate(found) if not (
        i and f.type == found[i - 1].type == "quantity" and f.unit == found[i - 1].unit
        and re.fullmatch(r"\s*\(\s*", text[found[i - 1].end:f.start]))]
