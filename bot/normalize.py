"""Turn what people type into a canonical form the matcher can compare.

One function, `normalize`, does it for questions and for the fact base's example
questions alike, so both sides of every comparison went through the same steps:
Unicode NFKC, chat markup removed, case folded, UK/US spellings and synonyms
unified, fiscal years pulled out as entities, numbers written one way, and
stop words dropped. Years are entities, not words: "FY26", "fiscal 2026" and
"2026-27" all become the fiscal year 2026 and leave the text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

MAX_QUESTION_CHARS = 2000
"""Only this much of a message is read; the rest cannot change the outcome."""

_MARKUP = re.compile(
    r"<[@#!][^<>]{0,200}>"  # Slack <@U123>, <#C1|x>, <!here>; Discord <@123>, <#123>, <@&role>
    r"|<a?:\w{1,64}:\d{1,30}>"  # Discord custom emoji
    r"|:[a-z0-9_+\-]{1,64}:"  # emoji codes :flag-jp:
    r"|@(?:everyone|here|channel)\b",
)
_SLACK_LINK = re.compile(r"<(https?://[^|<>\s]{1,500})\|([^<>]{0,200})>")
_STRUCK = re.compile(r"~~[^~\n]{1,200}~~|(?<![\w~])~[^~\s][^~\n]{0,199}~(?![\w~])")
"""Struck-through text (Discord ~~x~~, Slack ~x~): words the writer took back ("~~Indonesia~~ Sri Lanka")."""
_URL = re.compile(r"<?https?://\S{1,500}>?")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\ufeff]")
_UPPER_US = re.compile(r"\b(?:U\.?S\.?A?\.?|the us)(?=$|[\s,.?!')])")
_LOWER_US = re.compile(
    r"(?:^\s*|\b)us(?=\s+(?:defen[cs]e|military|budget|army|navy|arms|weapons|spending|forces|government|govt)\b)",
    re.IGNORECASE,
)
"""'us' written in lower case is "us" the pronoun, except right before a defence word: "us defense budget"."""
_US_DOLLARS = re.compile(r"\bus\s*(?:\$|dollars?\b|usd\b)", re.IGNORECASE)
_CURRENCY = (("¥", " yen "), ("円", " yen "), ("$", " dollar "), ("€", " euro "), ("£", " pound "))

_RANGE_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*[-/\u2013\u2014]\s*((?:19|20)?\d\d)\b")
_FISCAL_YEAR = re.compile(r"\b(?:fy|f\.y\.|fiscal(?:\s+year)?|financial\s+year|budget\s+year)\s*'?\s*(\d{4}|\d{2})\b"
                          r"(?:\s*[-/\u2013]\s*(\d{2})\b(?![-/.,]?\d))?")
"""A fiscal year, with the calendar year it ends in if written ("FY23-24", "fy2023/24": FY2023)."""
_YEAR_BEFORE_AFTER = re.compile(
    r"\b(?:the\s+)?(?:fiscal\s+)?year\s+(before|after)\s+(?:fy|fiscal(?:\s+year)?)?\s*'?(\d{4}|\d{2})\b"
)
_YEAR_PRINCIPLES = re.compile(r"\b(2014|'14)\s+(?:(?:arms|export|transfer|defen[cs]e)[- ])?principles\b")
_POST_YEAR = re.compile(r"\bpost[- ]?(?:fy|fiscal\s+(?:year\s+)?)\s*'?(\d{4}|\d{2})\b")
"""'post-FY27': the years after it, starting with the next."""
_YEAR_SPAN = re.compile(
    r"\b(?:(from|between)\s+)?(?:fy|fiscal(?:\s+year)?)?\s*'?((?:19|20)\d\d|\d\d)"
    r"\s*(->|=>|\u2192|-|\u2013|\u2014|to|thru|through|till|until|and)\s*(?:fy|fiscal(?:\s+year)?)?\s*'?((?:19|20)\d\d|\d\d)\b"
)
"""Two years joined as a span: "FY23 thru FY26", "from 2023 to 2025", "between FY2023 and FY2025"."""
_PLAIN_YEAR = re.compile(r"\b((?:19|20)(?!00\s*(?:thousand|million|billion|trillion|mn|bn|tn|m|k)\b)\d\d)s?\b(?![.,]\d)"
                         r"(?!\s*(?:units?|uniforms?|troops|people|personnel|rifles?|boats?|drones?)\b)", re.IGNORECASE)
"""A year written on its own: not "2000 million yen" or "2000 uniforms", which are figures and counts ("budget 2024
trillion yen" is FY2024's budget in trillions; "Dec 2022 ¥43tn" has been read as "dec 2022 yen 43tn" by then)."""
_APOSTROPHE_YEAR = re.compile(r"['\u2018\u2019](\d\d)\b(?![.,]\d|\s*%)(?![^'\u2018\u2019\n]{0,40}['\u2019](?!\w))")
"""'24 for 2024; not a quoted figure ("the '16.5% jump'", "the '17 countries'"), which its closing quote or its
decimals tell apart."""

_NUMBER_WITH_UNIT = re.compile(
    r"(\d[\d,]*(?:\.\d+)?)\s*(tn|trn|trillion|t|bn|bln|billion|b|mn|mln|million|m|k|thousand"
    r"|tril+[io]+n|tril+ion|bil+[io]+n|mil+[io]+n|mil+on|thousnd|thosand)\b"
)
"""A figure and its scale, the scale as abbreviated or misspelt ("9.04 trilion", "300 milion")."""
_PERCENT_ABBREVIATION = re.compile(r"(\d)\s*(?:pc|pct)\b")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}\b)")
_WORD = re.compile(r"[a-z_]+|\d+(?:\.\d+)?")

_UNIT_WORDS = {
    "tn": "trillion", "trn": "trillion", "t": "trillion", "trillion": "trillion",
    "bn": "billion", "bln": "billion", "b": "billion", "billion": "billion",
    "mn": "million", "mln": "million", "m": "million", "million": "million",
    "k": "thousand", "thousand": "thousand",
}
_MISSPELT_SCALE = {"t": "trillion", "b": "billion", "m": "million"}
"""A scale word not in `_UNIT_WORDS` ("trilion", "bilion", "milion", "thousnd") by its first letter."""
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}

MONTH_NUMBERS: dict[str, int] = {name: number for number, names in enumerate(
    (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
     ("july", "jul"), ("august", "aug"), ("september", "sept", "sep"), ("october", "oct"),
     ("november", "nov"), ("december", "dec")), start=1) for name in names}
"""Month names and their abbreviations (lower case) -> the month's number, for reading dates in text."""
MONTH_NAME = "(" + "|".join(sorted(MONTH_NUMBERS, key=len, reverse=True)) + r")\.?"
"""A month's name or abbreviation as a regular expression group ("December", "Dec.", "sept")."""
_MONTH_AND_YEAR = re.compile(rf"\b{MONTH_NAME},?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?(?:19|20)\d\d\b", re.IGNORECASE)
"""A month and its year ("December 2025", "Dec 5, 2025"): a date, not a fiscal year, where one is named."""
_SOURCE_DATE = re.compile(_MONTH_AND_YEAR.pattern + r"(?=\s+(?:article|report|piece|story|news|interview|statement"
                          r"|press release|editorial|column|op-ed|post|blog|briefing|paper)s?\b)", re.IGNORECASE)
"""A month and year naming when a source was written ("the December 2025 article"), not a fiscal year."""

# Words people write several ways, mapped to one spelling (applied after tokenising).
CANONICAL_WORDS: dict[str, str] = {
    # UK -> US spelling, so "defence" and "defense" are the same word
    "defence": "defense", "defences": "defense", "programme": "program", "programmes": "program",
    "licence": "license", "licenced": "licensed", "organisation": "organization",
    "modernise": "modernize", "modernising": "modernizing", "modernisation": "modernization",
    "authorise": "authorize", "authorised": "authorized", "criticised": "criticized",
    "criticise": "criticize", "favour": "favor", "labour": "labor", "offence": "offense",
    "offences": "offense", "offensive": "offense", "defensive": "defense", "centre": "center", "metre": "meter",
    "centres": "centers", "metres": "meters", "aluminium": "aluminum", "licences": "licenses",
    "enrol": "enroll", "analyse": "analyze", "catalogue": "catalog", "cheque": "check",
    "recognise": "recognize", "prioritise": "prioritize", "utilise": "utilize",
    "finalised": "finalized", "liberalise": "liberalize", "liberalised": "liberalized",
    # one word for one idea
    "military": "defense", "militray": "defense", "millitary": "defense", "mil": "defense",
    "def": "defense", "defense's": "defense",
    "tokyo": "japan", "japanese": "japan", "nippon": "japan", "jp": "japan", "jpn": "japan",
    "japans": "japan", "nihon": "japan",
    "govt": "japan", "gov": "japan", "government": "japan", "govts": "japan",
    "jsdf": "sdf", "jgsdf": "sdf", "jmsdf": "sdf", "jasdf": "sdf",
    "spend": "spending", "spends": "spending", "spent": "spending", "expenditure": "spending",
    "expenditures": "spending", "outlay": "spending", "outlays": "spending",
    "weapon": "arms", "weapons": "arms", "weaponry": "arms", "armaments": "arms", "arm": "arms",
    "sell": "sale", "sells": "sale", "selling": "sale", "sales": "sale", "sold": "sale",
    "transfer": "export", "transfers": "export", "transferred": "export",
    "exports": "export", "exporting": "export", "exported": "export",
    "yen": "yen", "jpy": "yen", "dollars": "dollar", "usd": "dollar", "bucks": "dollar",
    "uav": "drone", "uavs": "drone", "drones": "drone", "unmanned": "drone",
    "pm": "prime_minister", "premier": "prime_minister", "leaders": "prime_minister",
    "recipient": "recipient", "recipients": "recipient", "receive": "recipient", "received": "recipient",
    "receiving": "recipient", "receives": "recipient", "beneficiary": "recipient",
    "beneficiaries": "recipient",
    "nations": "country", "nation": "country", "countries": "country",
    "osa's": "osa",
    "scheme": "program", "schemes": "program", "initiative": "program", "programs": "program",
    "framework": "program",
    # concept words: several ways of asking the same thing
    "react": "react", "reacted": "react", "reaction": "react", "reactions": "react", "respond": "react",
    "responded": "react", "response": "react", "responses": "react",
    "launch": "launch", "launched": "launch", "started": "launch", "start": "launch", "began": "launch",
    "begin": "launch", "begun": "launch", "created": "launch", "create": "launch", "introduced": "launch",
    "introduce": "launch", "established": "launch", "establish": "launch", "founded": "launch",
    "inception": "launch", "inaugurated": "launch",
    "why": "reason", "reasons": "reason", "rationale": "reason", "justification": "reason",
    "justify": "reason", "justified": "reason", "motivation": "reason", "motive": "reason",
    "purpose": "purpose", "aim": "purpose", "aims": "purpose", "objective": "purpose",
    "objectives": "purpose", "intent": "purpose", "intended": "purpose",
    "increase": "increase", "increases": "increase", "increased": "increase", "increasing": "increase",
    "rise": "increase", "rises": "increase", "rising": "increase", "rose": "increase", "grow": "increase",
    "growth": "increase", "grew": "increase", "grown": "increase", "growing": "increase", "hike": "increase",
    "boost": "increase", "boosted": "increase", "jump": "increase", "jumped": "increase",
    "big": "size", "bigger": "size", "biggest": "size", "large": "size", "larger": "size", "huge": "size",
    "size": "size", "amount": "size", "figure": "size", "figures": "size", "worth": "size",
    "money": "funding", "funds": "funding", "fund": "funding", "funded": "funding",
    "allocation": "budget", "allocated": "budget", "allocate": "budget", "budgeted": "budget",
    "earmarked": "budget", "appropriation": "budget", "budgets": "budget", "pot": "budget", "envelope": "budget",
    "gear": "equipment", "hardware": "equipment", "kit": "equipment", "items": "equipment",
    "stuff": "equipment", "supplies": "equipment",
    "people": "public", "citizens": "public", "voters": "public", "population": "public",
    "polls": "survey", "poll": "survey", "surveys": "survey", "opinion": "survey", "polling": "survey",
    "leader": "prime_minister", "premier's": "prime_minister",
    "rules": "rule", "regulations": "rule", "regulation": "rule", "restrictions": "rule",
    "restriction": "rule", "guidelines": "rule", "guideline": "rule", "policy": "rule", "policies": "rule",
    "limits": "rule", "limit": "rule", "principles": "principle",
    "timeline": "history", "evolution": "history", "chronology": "history", "gen": "generation",
    # numbers written as words read as digits ("five categories" = "5 categories")
    "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7", "eight": "8", "nine": "9",
    "ten": "10", "eleven": "11", "twelve": "12", "fourteen": "14", "seventeen": "17",
    # chat shorthand
    "mod": "defense", "modj": "defense", "yoy": "increase", "incl": "including", "amt": "size", "tgt": "target",
    "topline": "budget", "supp": "supplementary", "suppl": "supplementary", "ph": "philippines",
    "phl": "philippines", "govt's": "japan", "consecutive": "consecutive", "straight": "consecutive",
    "row": "consecutive", "yr": "year", "yrs": "year", "nxt": "next",
    "describe": "explain", "define": "explain", "definition": "explain", "meaning": "explain",
    # misspellings of topic words that replace a letter (the typo corrector only trusts a missing, extra or
    # swapped letter in a short word: "giants" must not read "grants")
    "budjet": "budget", "budjets": "budget", "buget": "budget", "bugdet": "budget", "weapns": "arms",
    "wepons": "arms", "weopons": "arms",
}

PHRASES: tuple[tuple[str, re.Pattern[str], str], ...] = tuple(
    (trigger, re.compile(pattern), replacement)
    for trigger, pattern, replacement in (
        # (a word the phrase starts with, so most texts skip the regex; pattern; replacement)
        ("official", r"\bofficial security assistance\b", "osa"),
        ("security", r"\bsecurity assistance\b", "osa"),
        ("self", r"\bself[- ]defen[cs]e forces?\b", "sdf"),
        ("prime", r"\bprime minister\b", "prime_minister"),
        ("free", r"\bfree and open indo[- ]?pacific\b", "foip"),
        ("development", r"\bdevelopment (?:aid|assistance)\b", "oda"),
        ("official", r"\bofficial development assistance\b", "oda"),
        ("national", r"\bnational security council\b", "nsc"),
        ("gross", r"\bgross domestic product\b", "gdp"),
        ("%", r"%", " percent "),
        ("per", r"\bper ?cent\b", "percent"),
        ("the", r"\bthe government\b", "japan"),
        ("how", r"\bhow much\b", "how_much"),
        ("how", r"\bhow many\b", "how_many"),
        ("ever", r"\b(?:biggest|largest|highest|greatest) ((?:\w+ ){0,3})ever\b", r"record \1"),
        ("all", r"\ball[- ]time high\b", "record"),
        # the football league, not a prime minister
        ("premier", r"\bpremier league\b", "football league"),
        # "the article puts the FY2026 budget at $85 billion": states it as, not puts money into
        ("put", r"\bput(?:s|ting)?\b(?=[^.?!]{0,60}?\bat\s+(?:(?:about|around|roughly|some|just)\s+)?"
                r"(?:[¥$€£]|us\$|dollars?\s|\d))", " "),
        # "back in 2022", "back then": when, not what ("bringing back", "back to the US" stay)
        # (the year is already taken out as an entity: "back in 2022" reads "back in  ")
        ("back", r"\bback(?=\s+(?:then|when)\b|\s+in\s*(?:$|[,.;:?!)]|the day\b|(?:jan|feb|mar|apr|may|jun|jul|aug"
                 r"|sep|oct|nov|dec)[a-z]*\b))", " "),
        # "how has OSA funding grown since it launched": every year since, not the launch
        ("since", r"\bsince (?:it |its |the (?:programme|program|scheme|plan) |osa |then )?(?:was )?(?:launch(?:ed)?"
                  r"|began|begun|started|start|inception|creation|created|introduc(?:ed|tion)|beginning)\b", "trend"),
        ("south", r"\bsouth china sea\b", "south_china_sea"),
        ("east", r"\beast china sea\b", "east_china_sea"),
        ("taiwan", r"\btaiwan strait\b", "taiwan_strait"),
    )
)
"""Multi-word phrases that stand for one idea, replaced before tokenising."""

STOP_WORDS = frozenset(
    """a about above after again against all am an and any are aren't as at be because been before
    being below between both but by can can't cannot could couldn't did didn't do does doesn't doing
    don't down during each few for from further had hadn't has hasn't have haven't having he he'd he'll
    he's her here here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't
    it it's its itself let's me more most mustn't my myself no nor not of off on once only or other ought
    our ours ourselves out over own same shan't she she'd she'll she's should shouldn't so some such than
    that that's the their theirs them themselves then there there's these they they'd they'll they're
    they've this those through to too under until up very was wasn't we we'd we'll we're we've were
    weren't what what's when's where where's which while who's whom why's with won't would
    wouldn't you you'd you'll you're you've your yours yourself yourselves
    hi hey hello hiya yo ok okay pls please plz thanks thank thx ty bot bots quick question q tell know
    want wanted like just really actually exactly roughly approximately approx anyone someone guys
    folks team wondering wonder curious mean say said let give show explain us much many also still
    called
    whats hows wheres whos im ive id dont doesnt didnt isnt arent wasnt cant wont s t d ll re ve m
    one ones thing things kind sort lot bit way will shall might may must need
    currently right now today ever far yet aren isn doesn didn wasn couldn wouldn shouldn hasn haven
    hadn won don weren mustn shan
    sentence sentences boss bosses editor editors piece copy class presentation slide slides deck memo
    colleague colleagues member members client clients manager briefing summary summarise summarize tldr
    eli5 simple simply short briefly basically brief oneliner article articles single least co via sanity
    whch wich wch whats wht wat wot abt w u ur r rn tbh imo fyi btw idk lol
    says according mentions mentioned describes described cites cited quoted stated noted reportedly""".split()  # noqa: SIM905
)
"""Words that carry no meaning for matching; removed from both sides. The last lines are the words people
frame a question with ("in one sentence for my boss", "for my class presentation", "per the article", "what
does the article say", "according to the report"): they say who the answer is for or where it was read, never
which fact answers it."""

_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball (Porter 2) stem of one word, cached: questions reuse few words."""
    if not word.isalpha() or len(word) <= 3:
        return word
    return str(_STEMMER.stemWord(word))


@dataclass(frozen=True, slots=True)
class Normalized:
    """A question after normalisation."""

    text: str
    """Readable canonical text (years and markup removed), for --explain and fuzzy scoring."""
    words: tuple[str, ...]
    """All words of `text`, unstemmed, stop words kept (for country and cue detection)."""
    tokens: tuple[str, ...]
    """Content tokens: stemmed, stop words dropped. What the matcher scores."""
    years: tuple[int, ...]
    """Fiscal or calendar years mentioned, in order of first mention."""


def strip_markup(text: str) -> str:
    """Remove chat-platform markup (mentions, channel links, emoji codes, struck-through words), keeping link
    labels."""
    if "~" in text:
        text = _STRUCK.sub(" ", text)
    if "<" in text:
        text = _SLACK_LINK.sub(lambda m: f" {m.group(2)} ", text)
    if "<" in text or ":" in text or "@" in text:
        text = _MARKUP.sub(" ", text)
    if "http" in text:
        text = _URL.sub(" ", text)
    return text


def _two_digit_year(digits: str) -> int:
    """'26' -> 2026, '98' -> 1998, '2026' -> 2026."""
    value = int(digits)
    if len(digits) != 2:
        return value
    return value + (1900 if value >= 50 else 2000)


def _spell_out_span(match: re.Match[str]) -> str:
    """A span of fiscal years written out year by year, so each is taken as a year: "fy2023 fy2024 fy2025"."""
    opener, connector = match.group(1), match.group(3)
    first, last = _two_digit_year(match.group(2)), _two_digit_year(match.group(4))
    is_span = connector not in ("-", "\u2013", "\u2014", "and") or (connector == "and" and opener == "between")
    if connector in ("-", "\u2013", "\u2014"):
        # "FY23-FY26" and "2023-2027" are spans; "2026-27" is one fiscal year (left to _RANGE_YEAR).
        is_span = last > first + 1
    if not is_span or not 0 < last - first <= 10 or not 1990 <= first <= 2100:
        return match.group(0)
    return " " + " ".join(f"fy{year}" for year in range(first, last + 1)) + " "


def _expand_number(match: re.Match[str]) -> str:
    number = _THOUSANDS.sub("", match.group(1)).replace(",", "")
    written = match.group(2)
    unit = _UNIT_WORDS.get(written) or ("thousand" if written.startswith("th") else _MISSPELT_SCALE[written[0]])
    try:
        value = float(number) * _SCALE[unit]
    except ValueError:
        return match.group(0)
    for name in ("trillion", "billion", "million", "thousand"):
        if value >= _SCALE[name]:
            return f" {value / _SCALE[name]:g} {name} "
    return f" {value:g} "


_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December")
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(0?[1-9]|1[0-2])-(0?[1-9]|[12]\d|3[01])\b")
_SLASHED_DATE = re.compile(r"\b(\d{1,2})([/.])(\d{1,2})\2((?:19|20)\d\d|\d\d)\b")
_DAY_FIRST = re.compile(r"\(?\b(?:dd?|day)[/.-](?:mm?|month)(?:[/.-](?:yyyy|yy|year))?\b\)?", re.IGNORECASE)
_MONTH_FIRST = re.compile(r"\(?\b(?:mm?|month)[/.-](?:dd?|day)(?:[/.-](?:yyyy|yy|year))?\b\)?", re.IGNORECASE)


def spell_out_dates(text: str) -> str:
    """Dates written in digits, spelt out as the sources write them: "2023-04-05" and "05/04/2023 (dd/mm/yyyy)" are
    "5 April 2023". A date whose day and month could be either way round ("05/04/2023") is spelt out only when the
    text says which comes first ("dd/mm", "day/month"), or when one of them is over 12; otherwise it stays as it
    was, unread."""
    if not any(ch.isdigit() for ch in text) or ("/" not in text and "-" not in text and "." not in text):
        return text
    text = _ISO_DATE.sub(lambda m: _spelt(int(m.group(3)), int(m.group(2)), int(m.group(1))), text)
    day_first = bool(_DAY_FIRST.search(text))
    month_first = bool(_MONTH_FIRST.search(text))

    def spell(match: re.Match[str]) -> str:
        first, second = int(match.group(1)), int(match.group(3))
        year = int(match.group(4)) if len(match.group(4)) == 4 else 2000 + int(match.group(4))
        if first > 12 >= second or (day_first and not month_first and second <= 12):
            day, month = first, second
        elif second > 12 >= first or (month_first and not day_first and first <= 12):
            day, month = second, first
        else:
            return match.group()
        return _spelt(day, month, year) if 1 <= day <= 31 and 1 <= month <= 12 else match.group()

    text = _SLASHED_DATE.sub(spell, text)
    if day_first != month_first:  # the note saying which comes first has done its job
        text = (_DAY_FIRST if day_first else _MONTH_FIRST).sub(" ", text)
    return text


def _spelt(day: int, month: int, year: int) -> str:
    return f"{day} {_MONTH_NAMES[month - 1]} {year}"


@lru_cache(maxsize=4096)
def normalize(raw: str) -> Normalized:
    """Canonicalise one question or example question.

    Cached (the result is immutable): a message is read once however many parts of a turn look at it (the
    conversation layer, the service, the claim check, the compound splitter)."""
    text = unicodedata.normalize("NFKC", raw[:MAX_QUESTION_CHARS])
    if not text.isascii() or not text.isprintable():
        text = _CONTROL.sub(" ", text)
    text = strip_markup(text)
    if "us" in text.lower() or "US" in text or "u.s" in text.lower():  # "U.S. defense budget" too
        text = _US_DOLLARS.sub(" usd ", text)
        text = _UPPER_US.sub(" usa ", text)
        text = _LOWER_US.sub(" usa ", text)
    for symbol, word in _CURRENCY:
        if symbol in text:
            text = text.replace(symbol, word)
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    if "principles" in text:  # "the 2014 principles": the Three Principles adopted that year, named by its year
        text = _YEAR_PRINCIPLES.sub(r"\1 three principles", text)
    years: list[int] = []

    def take(year: int) -> str:
        if year not in years:
            years.append(year)
        return " "

    def take_range(match: re.Match[str]) -> str:
        first = int(match.group(1))
        second = int(match.group(2))
        if len(match.group(2)) == 2:
            second += first // 100 * 100
        if second < first and len(match.group(2)) == 2 and 1 <= int(match.group(2)) <= 12:
            take(first)  # "2023-04" is a month of 2023 (April), not a span back to 2004
            return f" {_MONTH_NAMES[int(match.group(2)) - 1].lower()} "
        if second == first + 1:
            return take(first)
        take(first)
        return take(second)

    def _fiscal_year_taken(match: re.Match[str]) -> str:
        year = _two_digit_year(match.group(1))
        ending = match.group(2)
        if ending is not None and int(ending) != (year + 1) % 100:
            return take(year) + ending + " "  # "FY23-25" is no one year's name: the 25 stays as it was
        return take(year)

    if any(ch.isdigit() for ch in text):
        text = _YEAR_SPAN.sub(_spell_out_span, text)
        text = _YEAR_BEFORE_AFTER.sub(
            lambda m: take(_two_digit_year(m.group(2)) + (-1 if m.group(1) == "before" else 1)), text
        )
        text = _POST_YEAR.sub(lambda m: take(_two_digit_year(m.group(1)) + 1), text)
        text = _FISCAL_YEAR.sub(_fiscal_year_taken, text)
        if years:  # "fiscal 2026, per the December 2025 article": beside a fiscal year, a month's year is a date
            text = _MONTH_AND_YEAR.sub(r"\1 ", text)
        text = _SOURCE_DATE.sub(" ", text)  # "the December 2025 article": when a source was written, not a topic
        text = _RANGE_YEAR.sub(take_range, text)
        text = _PLAIN_YEAR.sub(lambda m: take(int(m.group(1))), text)
        text = _APOSTROPHE_YEAR.sub(lambda m: take(_two_digit_year(m.group(1))), text)
        text = _NUMBER_WITH_UNIT.sub(_expand_number, text)
        text = _PERCENT_ABBREVIATION.sub(r"\1 percent", text)
        text = _THOUSANDS.sub("", text)
    text = text.replace("'s ", " ").replace("s' ", "s ")
    for trigger, pattern, replacement in PHRASES:
        if trigger in text:
            text = pattern.sub(replacement, text)
    words = tuple(CANONICAL_WORDS.get(w, w) for w in _WORD.findall(text))
    return Normalized(text=" ".join(words), words=words, tokens=content_tokens(words), years=tuple(years))


def content_tokens(words: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """Stemmed words without stop words: what the matcher scores."""
    return tuple(stem(w) for w in words if w not in STOP_WORDS)


_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_RATE_WORDS = frozenset({"percent", "times", "x", "fold"})
"""A small number before one of these is a figure of its own: "26.3 percent", "2.2 times", "2.2x"."""


def quantities(words: tuple[str, ...]) -> tuple[float, ...]:
    """The figures a normalised text states: "9.04 trillion" -> 9.04e12, "26.3 percent" -> 26.3, "2000" -> 2000.

    Small bare numbers ("two", "8", "4") say too little to point at one fact, so only numbers of at least 10,
    or with a scale word, "percent" or a multiple ("2.2 times"), count. Years are not figures: normalisation has
    taken them out."""
    found: list[float] = []
    for position, word in enumerate(words):
        if not word[:1].isdigit():
            continue
        try:
            value = float(word)
        except ValueError:
            continue
        following = words[position + 1] if position + 1 < len(words) else ""
        if following in _SCALE_WORDS:
            value *= _SCALE_WORDS[following]
        elif following not in _RATE_WORDS and value < 10:
            continue
        if value not in found:
            found.append(value)
    return tuple(found)


NUMBER_WORDS = {word: value for value, word in enumerate((
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen",
    "fourteen", "fifteen"), start=1)}
"""Small numbers as words, for the claim checks that read them from a message as typed."""


def count_value(word: str) -> int:
    """'10' or 'ten' -> 10."""
    return int(word) if word.isdigit() else NUMBER_WORDS[word.lower()]


FISCAL_YEAR_NAMED = re.compile(
    r"\b(?:FY\s?'?|fiscal(?: year)?\s+)(\d{4}|\d{2})\b"
    r"(?:\s*(?:to|-|\u2013|thru|through)\s*(?:FY\s?'?|fiscal(?: year)?\s+)?(\d{4}|\d{2})\b)?", re.IGNORECASE)
"""A fiscal year, or a span of them, written as such in a message as typed ("FY26", "fiscal 2023-2027")."""


def bare_decimals(words: tuple[str, ...]) -> tuple[float, ...]:
    """Numbers with a decimal point and no unit ("the 9.04 on my slide"), which `quantities` leaves out."""
    found = []
    for position, word in enumerate(words):
        following = words[position + 1] if position + 1 < len(words) else ""
        if "." in word and word[:1].isdigit() and following not in _SCALE_WORDS and following not in _RATE_WORDS:
            try:
                found.append(float(word))
            except ValueError:
                continue
    return tuple(found)


def same_quantity(a: float, b: float) -> bool:
    """Two figures are the same when they differ by under 1% (¥9tn is the ¥9.04 trillion; ¥8.6tn is not ¥8.7tn)."""
    return abs(a - b) <= 0.01 * max(abs(a), abs(b))
