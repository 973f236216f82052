"""Claims settled by what an answer lists or restricts, not by its figures.

Three kinds of claim turn on a list or a limit the answer spells out:

- membership of a closed list: "Minesweeping was one of the five export categories" (or "the five categories
  were rescue, transport, ...") is checked against the answer's "five categories: rescue, transport, vigilance
  (warning), surveillance and minesweeping";
- a universal claim against a stated limit: "Japan can now export weapons to any country" against "only to the
  17 countries that have defence-equipment agreements";
- "only" said of the same thing the answer says it of: "weapons can only go to 17 countries" against "but only to
  the 17 countries".

- a rate of change or a multiple the answer states otherwise: "+15% yoy" where the answer says "up 9.5%",
  "1.5 times FY2025's" where it says "2.2 times";
- who decided or proposed something: "decided by the Diet" where the answer names the Cabinet and the National
  Security Council, "Komeito and the LDP proposed it" where it names the LDP and the Japan Innovation Party;
- a sum the answer gives one body that the claim gives another: "the Defense Ministry got ¥1.1 trillion" against
  "¥1.1 trillion for national security, of which ¥847.2 billion is earmarked by the Defense Ministry";
- a name the answer gives only for what was replaced: "the 2014 rules were called the Three Principles on Arms
  Exports" against "adopted the Three Principles on Transfer ..., replacing the Three Principles on Arms Exports".

Each check returns None (or False) when it cannot settle the claim; the claim then goes through the general checks.
"""

from __future__ import annotations

import re

from bot.normalize import count_value, normalize, quantities, same_quantity

_COUNT = r"(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)"
_ENUMERATION = re.compile(_COUNT + r"\s+(?:[\w-]+\s+){0,3}?([\w-]+):\s*([^.;:\n]+)", re.IGNORECASE)
"""'five non-offensive categories: rescue, transport, vigilance (warning), surveillance and minesweeping'."""
_ITEM_SPLIT = re.compile(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", re.IGNORECASE)
_IN_LIST_OF_N = (r"\s+(?:really\s+|also\s+)?(?:one of|among|part of|on the list of|in|included in)"
                 r"\s+(?:the\s+)?(?:original\s+|old\s+)?" + _COUNT.replace("(", "(?P<n>", 1)
                 + r"\s+(?P<noun>[\w-]+(?:\s+[\w-]+){0,3})")
"""'... one of the five export categories': the list, its count and what it counts."""
_MEMBER_OF = re.compile(r"^(?P<x>.+?)\s+(?:is|was|are|were|'s)" + _IN_LIST_OF_N, re.IGNORECASE)
_ASKED_MEMBER = re.compile(r"^(?:is|was|are|were)\s+(?P<x>.+?)" + _IN_LIST_OF_N, re.IGNORECASE)
"""'Was artillery one of the five categories?'"""
_LIST_INCLUDES = re.compile(
    r"\b(?:the\s+)?" + _COUNT.replace("(", "(?P<n>", 1) + r"\s+(?P<noun>(?:[\w-]+\s+){0,3}?[\w-]+)\s+"
    r"(?:include[sd]?|including|covered|covers?|contained|contains?)\s+(?P<x>[^?,.!;]+)", re.IGNORECASE)
_LIST_IS = re.compile(
    r"^(?:japan'?s\s+|the\s+)?(?:original\s+|old\s+)?" + _COUNT.replace("(", "(?P<n>", 1)
    + r"\s+(?P<noun>(?:[\w-]+\s+){0,3}?[\w-]+)\s+(?:were|are|was|is|being)\s+(?P<x>[^?.!;,]+,[^?.!;]+)", re.IGNORECASE)
"""'The five categories were rescue, transport, ...': the whole list claimed (with commas: not 'were picked by
lottery'), each member checked."""
_LEAD_IN = re.compile(
    r"^\W*(?:@\w+\W+)?(?:(?:quick\s+)?(?:is it true|is it correct|it'?s true|true that|i heard|i read|i think|i believe"
    r"|someone (?:said|told me)|fact[- ]check|so|and|but|also|did you know|confirm(?: that)?)\b\W*)+",
    re.IGNORECASE)
_NEGATED = re.compile(r"\b(?:not|never|no longer|isn'?t|wasn'?t|aren'?t|weren'?t|didn'?t|doesn'?t|don'?t|nor|can'?t"
                      r"|cannot|won'?t|couldn'?t)\b", re.IGNORECASE)
_GENERIC_TOKENS = frozenset(normalize(
    "japan japanese export exports exported equipment defence defense item items thing things category categories "
    "type types kind kinds permitted allowed official old original finished").tokens)
"""Words that name the list, not a member of it ("'air defence' equipment")."""
_ASKING_TOKENS = frozenset(normalize("right true correct yeah yes no innit ok").tokens)

_UNIVERSAL = re.compile(
    r"\b(?:to\s+)?(?:any|every|all)\s+(?:other\s+)?(?:country|countries|nation|nations|state|states|buyer|buyers|"
    r"customer|customers|partner|partners|one|body|weapons?|arms|kind of weapons?|types? of weapons?)\b"
    r"|\b(?:any|every|all)\s+(?:other\s+)?(?:[\w-]+\s+){0,2}?(?:equipment|weapons?|arms|items|products|kit)\b"
    r"|\b(?:anyone|anybody|anywhere|whoever|whomever)\b|\bno (?:restrictions?|limits?|conditions?|strings)\b"
    r"|\bwithout (?:any )?(?:restrictions?|limits?|conditions?)\b|\bfreely\b|\bunrestricted\b",
    re.IGNORECASE)
_ASKS_WHETHER = re.compile(r"\W*(?:@\w+\W+)?(?:has|have|had|did|does|do|is|are|was|were)\b", re.IGNORECASE)
_NOT_WEAPONS = re.compile(r"\bnon[- ]?(?:lethal|weapons?|offensive)\b", re.IGNORECASE)
_RESTRICTION = re.compile(
    r"\b(?:only|solely|exclusively|limited to|restricted to)\b(?:\s+[\w'()-]+){0,8}?\s+"
    r"(?:countries|country|nations|partners|licensor'?s?|jet|fighter|categories|category)\b",
    re.IGNORECASE)
"""A limit the answer states on where or what Japan may export."""

_NAMED = re.compile(
    r"\b(?:called|named|known as|titled|dubbed)\s+(?:the\s+)?[\"'\u2018\u201c]?([^?!.,;\"'\u2019\u201d]{6,})",
    re.IGNORECASE)
_REPLACED = re.compile(r"\b(?:replac\w*|supersed\w*|instead of|in place of|formerly|previously)\b(?:\s+the)?\s*$",
                       re.IGNORECASE)

ACTORS = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in (
    ("the Diet", r"\bdiet\b|\bparliament\b|\blower house\b|\bupper house\b"),
    ("the Cabinet", r"\bcabinet\b"),
    ("the National Security Council", r"\bnational security council\b|\bNSC\b"),
    ("the LDP", r"\bLDP\b|\bliberal democratic party\b"),
    ("Komeito", r"\bkomeito\b"),
    ("the Japan Innovation Party", r"\bjapan innovation party\b|\bishin\b|\bJIP\b"),
    ("the CDP", r"\bconstitutional democratic party\b|\bCDP\b"),
    ("the DPP", r"\bdemocratic party for the people\b|\bDPP\b"),
    ("the Foreign Ministry", r"\bforeign ministry\b|\bMOFA\b|\bministry of foreign affairs\b"),
    ("the Defense Ministry", r"\bdefen[cs]e ministry\b|\bministry of defen[cs]e\b|\bMOD\b"),
)}
"""Bodies that decide, approve or propose: a claim naming one the answer does not, beside one it does, is not so."""
DECIDING = re.compile(r"\b(?:decid\w*|approv\w*|adopt\w*|propos\w*|submit\w*|co-?submit\w*|co-?sign\w*|sign\w*"
                       r"|revis\w*|drafted|unveil\w*|put forward|backed)\b", re.IGNORECASE)
_PASSING = re.compile(r"\b(?:pass\w*|enact\w*|vot\w*)\b", re.IGNORECASE)

_PERCENT = r"(\d+(?:\.\d+)?)\s*(?:%|percent|per cent)"
_RISE = re.compile(
    r"(?:\bup|\+|\brise of|\bincrease of|\brose|\bgrew|\bjump(?:ed)?|\bgrowth of|\bincreased?)\s*(?:by\s*)?"
    + _PERCENT + r"|" + _PERCENT + r"\s*(?:increase|rise|jump|growth|yoy|y/y|year[- ]on[- ]year|up)\b",
    re.IGNORECASE)
"""A rise in percent: "up 9.5%", "+15%", "26.3% increase", "15% yoy"."""
_MULTIPLE = re.compile(r"(\d+(?:\.\d+)?)\s*(?:times\b|x\b|-fold\b)", re.IGNORECASE)
_ROUGHLY = re.compile(r"\b(?:over|under|above|below|more than|less than|at least|at most|almost|nearly|about|around"
                      r"|roughly|approximately|some|close to)\s+[+]?\d", re.IGNORECASE)

_ONLY = re.compile(r"\bonly\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)?")
_ONLY_SKIP = frozenset({"to", "the", "a", "an", "be", "been", "go", "goes", "went", "is", "are", "was", "were", "can",
                        "could", "in", "of", "for", "it", "its", "that", "so", "far", "ever", "going", "with", "which",
                        "who", "have", "has", "had", "on", "at", "by"})
_ONLY_WINDOW = 8
_CLAUSE_END = re.compile(r"[,.;:?!\u2014\u2013()]")


def member_of_list(claim: str, body: str) -> str | None:
    """"yes" or "no" for a claim that something is (or was) one of the N things the answer enumerates; None when
    the claim is not of that shape, the answer lists no such N things, or the claimed member is not clearly in
    or out of the list."""
    text = _LEAD_IN.sub("", claim.strip())
    match = (_MEMBER_OF.search(text) or _ASKED_MEMBER.search(text) or _LIST_INCLUDES.search(text)
             or _LIST_IS.search(text))
    if match is None or _NEGATED.search(match.group("x")) or _NEGATED.search(text[: match.start("n")]):
        return None
    count = count_value(match.group("n"))
    noun = set(normalize(match.group("noun")).tokens)
    members = [set(normalize(part).tokens) - _GENERIC_TOKENS - _ASKING_TOKENS
               for part in _ITEM_SPLIT.split(match.group("x"))]
    members = [m for m in members if m]
    if not members or not noun:
        return None
    for listed in _ENUMERATION.finditer(body):
        if count_value(listed.group(1)) != count or not set(normalize(listed.group(2)).tokens) <= noun:
            continue
        items = [set(normalize(item).tokens) for item in _ITEM_SPLIT.split(listed.group(3)) if item.strip()]
        if len(items) != count:
            continue
        if all(any(member <= item for item in items) for member in members):
            return "yes"
        if any(not any(member & item for item in items) for member in members):
            return "no"
        return None
    return None


def universal_against_limit(claim: str, body: str) -> bool:
    """Does the claim say Japan may export to anyone or anything ("to any country", "all weapons") where the answer
    states a limit ("only to the 17 countries")? Negated claims and claims about non-weapons are left alone."""
    universal = [m.group() for m in _UNIVERSAL.finditer(claim)]
    if _ASKS_WHETHER.match(claim):  # "Has Japan exported any weapons ...?": "any" asks whether there were some
        universal = [u for u in universal if not u.lower().startswith("any ")]
    if not universal or _NEGATED.search(claim) or _NOT_WEAPONS.search(claim):
        return False
    return bool(_RESTRICTION.search(body)) and not _UNIVERSAL.search(body)


def only_said_alike(claim: str, body: str) -> bool:
    """Does the answer say "only" of what the claim says it of? Every word that follows the claim's "only" (up to
    three, leaving out "to", "the", "go" and the like) is among the words that follow an "only" of the answer."""
    # "... to the next-generation fighter jet only": an "only" that ends its clause is said of the words before it
    claimed = [_after(claim, m.end()) or _before(claim, m.start()) for m in _ONLY.finditer(claim)]
    if not claimed or not all(claimed):
        return False
    windows = [set(_prefixes(body[m.end():], _ONLY_WINDOW)) for m in _ONLY.finditer(body)]
    return all(any(set(words) <= window for window in windows) for words in claimed)


def rate_differs(claim: str, body: str) -> bool:
    """Does the claim give a rise in percent ("+15% yoy", "up 15%") or a multiple ("1.5 times") where the answer
    states rises or multiples, none of them that one? A claim with a bound ("over 10%") is left to the bounds."""
    if _ROUGHLY.search(claim):
        return False
    for pattern in (_RISE, _MULTIPLE):
        claimed = _rates(pattern, claim)
        stated = _rates(pattern, body)
        if claimed and stated and not any(abs(c - s) < 0.05 for c in claimed for s in stated):
            return True
    return False


def _rates(pattern: re.Pattern[str], text: str) -> set[float]:
    return {float(next(g for g in m.groups() if g)) for m in pattern.finditer(text)}


def actor_differs(claim: str, body: str) -> bool:
    """Does the claim say a body decided, approved or proposed something ("decided by the Diet") that the answer
    does not name, where the answer names who did? Passing a budget is left alone: no source says who passed it."""
    if not DECIDING.search(claim) or _PASSING.search(claim) or _NEGATED.search(claim):
        return False
    claimed = {name for name, pattern in ACTORS.items() if pattern.search(claim)}
    said = {name for name, pattern in ACTORS.items() if pattern.search(body)}
    return bool(claimed - said) and bool(said)


def figure_of_another_actor(claim: str, body: str, value: float) -> bool:
    """Does the claim give a body ("the Defense Ministry got ¥1.1 trillion") a sum the answer says of something
    else, while the answer gives that body another sum of the same size ("¥1.1 trillion for national security, of
    which ¥847.2 billion ... by the Defense Ministry")?"""
    if value < 1e6 or _NEGATED.search(claim):
        return False
    claimed = {name for name, pattern in ACTORS.items() if pattern.search(claim)}
    if not claimed:
        return False
    clauses = [(c, quantities(normalize(c).words)) for c in _FIGURE_CLAUSE.split(body)]
    with_value = [c for c, figures in clauses if any(same_quantity(value, f) for f in figures)]
    with_other = [c for c, figures in clauses
                  if any(value / 10 <= f <= value * 10 and not same_quantity(value, f) for f in figures)]
    return bool(with_value) and all(
        not any(ACTORS[name].search(c) for c in with_value) and any(ACTORS[name].search(c) for c in with_other)
        for name in claimed)


_FIGURE_CLAUSE = re.compile(r",\s+|;\s+|(?<=[.!?])\s+")


def named_as_replaced(claim: str, body: str) -> bool:
    """Does the claim give something a name ("were called X") that the answer uses only for what was replaced?"""
    named = _NAMED.search(claim)
    if named is None or _NEGATED.search(claim):
        return False
    name = re.escape(named.group(1).strip().lower())
    places = [m.start() for m in re.finditer(rf"\b{name}\b", body.lower())]
    return bool(places) and all(_REPLACED.search(body[max(0, at - 40):at]) for at in places)


def _after(text: str, start: int) -> list[str]:
    """Up to three words that follow `start`, before the next punctuation mark, leaving out 'to', 'the' and such."""
    clause = _CLAUSE_END.split(text[start:])[0]
    return [w for w in _prefixes(clause, 6) if w not in _ONLY_SKIP][:3]


def _before(text: str, end: int) -> list[str]:
    """Up to three words before `end`, after the last punctuation mark, leaving out 'to', 'the' and such."""
    clause = _CLAUSE_END.split(text[:end])[-1]
    return [w for w in _prefixes(clause, 99) if w not in _ONLY_SKIP][-3:]


def _prefixes(text: str, limit: int) -> list[str]:
    """The first `limit` words of `text`, cut to five letters (so "exported" meets "exports")."""
    return [w[:5] for w in _WORD.findall(text.lower())[:limit]]
