"""Claims about what something is, or where it stands, that the answer's own wording contradicts.

"OSA is just rebranded development aid" is answered by a fact that contrasts OSA with development aid; "Japan is
still only considering changes to its export rules" by one that opens with the date the rules were revised. Neither
claim names a figure, year or country for the claim check to compare, so these two readings settle them: the
answer says the opposite in so many words.
"""

from __future__ import annotations

import re

from bot.normalize import normalize

_IDENTITY = re.compile(
    r"\b(?:is|are|was|were|'s|as)\s+(?:just|basically|simply|merely|essentially|really|only|nothing but"
    r"|the same (?:thing )?as|same (?:as|like)|another (?:name|form|kind|word) (?:for|of)"
    r"|a (?:new|different) (?:name|label) for)\s+"
    r"(?P<other>[^?.!,;]{3,80})", re.IGNORECASE)
"""A claim that one thing is another: "OSA is basically ODA", "OSA is just another form of defence sales"."""
_REBRANDED = re.compile(r"\b(?:rebranded|renamed|relabel+ed|repackaged)\s+(?P<other>[^?.!,;]{3,80})", re.IGNORECASE)
_CONTRAST = re.compile(
    r"\b(?:contrasts?\s+\w+\s+with|unlike|distinct from|different from|differs? from|separate from|rather than"
    r"|as opposed to|instead of)\s+(?P<other>[^.;:]{3,120})", re.IGNORECASE)
"""An answer setting something apart from another: "contrasts OSA with traditional development aid"."""


def identity_against_contrast(claim: str, body: str) -> bool:
    """Does the claim say one thing is (just, basically, the same as, a rebranded) another, where the answer sets
    the first apart from that other ("contrasts OSA with traditional development aid")?"""
    claimed = [_meaning(m.group("other")) for pattern in (_IDENTITY, _REBRANDED) for m in pattern.finditer(claim)]
    # "OSA is not just development aid" agrees with the contrast; a leading "isn't" only asks ("Isn't OSA just ...?")
    if not claimed or _NEGATED.search(_TAG.sub(" ", _LEADING_NEGATIVE.sub("", claim))):
        return False
    contrasted = [_meaning(m.group("other")) for m in _CONTRAST.finditer(body)]
    return any(other and (other <= those or len(other & those) >= 2) for other in claimed for those in contrasted)


_NEGATED = re.compile(r"\b(?:not|never|no|isnt|arent|wasnt|werent|doesnt|dont|didnt)\b|\w+n't\b", re.IGNORECASE)
_TAG = re.compile(r"\b(?:isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|didn'?t|don'?t)\s+(?:it|that|this|they|he|she)\b"
                  r"|,?\s+no\W*$", re.IGNORECASE)
"""A question tag ("..., isn't it?"): it asks, it does not negate."""
_LEADING_NEGATIVE = re.compile(r"^\W*(?:@\w+\W+)?(?:isn'?t|aren'?t|wasn'?t|weren'?t)\b", re.IGNORECASE)


def _meaning(text: str) -> set[str]:
    """The content tokens of a phrase's head, up to a word that qualifies it ("development aid for roads" -> the
    tokens of "development aid", which reads "oda", as "ODA" does)."""
    head = _QUALIFIER.split(text, maxsplit=1)[0]
    return set(normalize(head).tokens)


_QUALIFIER = re.compile(r"\s+(?:for|with|that|which|who|in|to|on|by|from|under|but|and|or)\b", re.IGNORECASE)


_PENDING = re.compile(
    r"\b(?:still|only|just)\b[^.?!]{0,30}\b(?:consider\w*|propos\w*|discuss\w*|debat\w*|mull\w*)\b"
    r"|\bbeing (?:considered|discussed|debated|proposed)\b|\bunder (?:consideration|discussion|review)\b"
    r"|\bnothing\b[^.?!]{0,25}\b(?:decided|changed|approved|adopted)\b"
    r"|\b(?:not|hasn'?t|haven'?t|isn'?t|aren'?t)\s+(?:yet\s+|actually\s+|really\s+)?(?:been\s+)?"
    r"(?:decided|changed|revised|adopted|approved)\b", re.IGNORECASE)
"""A claim that a change is only being considered, not decided."""
_DECIDED = re.compile(
    r"\b(?:revised|adopted|decided|approved|enacted|lifted|scrapped|removed)\b", re.IGNORECASE)
_DATED = re.compile(r"\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November"
                    r"|December) \d{4}\b")


def pending_against_decided(claim: str, opening: str) -> bool:
    """Does the claim say a change is still only being considered, where the answer opens with the day it was
    decided ("Latest: on 21 April 2026 ... revised the export guidelines")?"""
    return bool(_PENDING.search(claim) and _DECIDED.search(opening) and _DATED.search(opening))


_EVENT_IN_YEAR = re.compile(
    r"\b(?P<verb>reached|hit|achieved|attained|met)\b[^.?!]{0,60}?\b(?:in|during)\s+(?:the\s+)?"
    r"(?:fiscal\s+(?:year\s+)?|fy\s?)(?P<year>\d{4}|\d{2})\b", re.IGNORECASE)
"""A claim that something was done in a fiscal year: "Japan reached the 2% goal in FY2027"."""
_INTENDED = re.compile(r"\b(?:to|would|will|should|could|might|supposed|meant|plan\w*|aim\w*|target\w*|expect\w*"
                       r"|intend\w*|hop\w*|want\w*)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
_REACHED = re.compile(r"\b(?:reach|hit|achiev|attain|met)\w*", re.IGNORECASE)
"""The answer saying it was done, in any of these words ("hit" in the claim, "reached" in the answer)."""


def event_year_differs(claim: str, opening: str, fiscal_years_named: set[int]) -> str | None:
    """The fiscal year a claim says something was done in ("reached the 2% goal in FY2027"), where the answer opens
    by saying it was done in another ("reached its goal ... in FY2025"); None otherwise. Not for what was planned
    or aimed at ("aimed to reach 2% by FY2027")."""
    for match in _EVENT_IN_YEAR.finditer(claim):
        if _INTENDED.search(claim[:match.start()]) or re.search(r"\b(?:not|never|n't)\b", claim[:match.start()], re.I):
            continue
        digits = match.group("year")
        year = int(digits) + 2000 if len(digits) == 2 else int(digits)
        if _REACHED.search(opening) and fiscal_years_named and year not in fiscal_years_named:
            return f"FY{year} (the answer: {', '.join(f'FY{y}' for y in sorted(fiscal_years_named))})"
    return None
