"""Say first what the sources lack: a question can ask for a detail the best answer does not hold.

"Which company builds Indonesia's patrol boats?" reaches Indonesia's OSA entry, which names
no company. Answering with the entry as if it answered would mislead; declining would hide
what is known. So the answer opens with what is missing ("My sources don't name the
companies ...") and then gives what is known. A few details no fact holds at all (who is
defence minister, the coast guard's budget) are declined with that sentence alone.

The details, the words that ask for them and the sentences that say they are missing are
data, in `bot/data/details.yaml`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import yaml
from rapidfuzz.distance import OSA

from bot.matcher import counted_kind
from bot.normalize import normalize


@dataclass(frozen=True, slots=True, kw_only=True)
class Detail:
    """One kind of detail a question can ask for."""

    id: str
    asks: tuple[re.Pattern[str], ...]
    missing: str
    held_if: re.Pattern[str] | None = None
    topics: frozenset[str] = frozenset()
    decline: bool = False

    def asked(self, question: str) -> bool:
        return any(p.search(question) for p in self.asks)

    def held(self, text: str) -> bool:
        return self.held_if is not None and bool(self.held_if.search(text))


@dataclass(frozen=True, slots=True, kw_only=True)
class Missing:
    """A detail asked for that the answer does not hold."""

    detail: Detail
    sentence: str


@lru_cache(maxsize=1)
def load_details() -> tuple[Detail, ...]:
    """The details table shipped with the package (read once)."""
    text = resources.files("bot").joinpath("data/details.yaml").read_text(encoding="utf-8")
    details = []
    for item in yaml.safe_load(text)["details"]:
        held_if = item.get("held_if")
        details.append(Detail(
            id=item["id"], missing=item["missing"], decline=bool(item.get("decline", False)),
            asks=tuple(re.compile(p) for p in item["asks"]),
            held_if=re.compile(held_if) if held_if else None,
            topics=frozenset(item.get("topics", ())),
        ))
    return tuple(details)


def _readings(question: str) -> tuple[str, ...]:
    """The question as typed (lower case), as normalised ("budjet" read as "budget") and with its asking words'
    typos read as meant ("how mcuh", "wen did"): the fact base's vocabulary, which normalising corrects towards,
    holds no "much" or "when"."""
    typed = question.casefold()
    return typed, normalize(question).text, _asking_typos_read(typed)


_HOW_WORDS = ("much", "many")
_WHEN_TYPOS = frozenset({"wen", "whn", "wehn", "hwen", "whne", "wheen"})


def _asking_typos_read(text: str) -> str:
    """`text` with "how mch" read as "how much" (one letter off) and "wen" as "when"."""
    def after_how(match: re.Match[str]) -> str:
        word = match.group(1)
        near = [w for w in _HOW_WORDS if OSA.distance(word, w) == 1]
        return f"how {near[0]}" if len(near) == 1 else match.group()

    text = re.sub(r"\bhow ([a-z]{2,5})\b", after_how, text)
    return re.sub(r"\b[a-z]{3,5}\b", lambda m: "when" if m.group() in _WHEN_TYPOS else m.group(), text)


def missing_details(question: str, *, topic: str | None, text: str, subject: str) -> list[Missing]:
    """The details `question` asks for that an answer on `topic` with `text` does not hold."""
    readings = _readings(question)
    found = []
    for detail in load_details():
        if detail.topics and topic not in detail.topics:
            continue
        if any(detail.asked(r) for r in readings) and not detail.held(text):
            found.append(Missing(detail=detail, sentence=detail.missing.format(subject=subject)))
    count = uncounted(readings[-1], text)
    if count is not None:
        found.append(count)
    return found


_HOW_MANY = re.compile(r"\bhow many ([a-z0-9' -]+)")
_PHRASE_ENDS = frozenset("""is are was were did does do has have had got get gets getting can could will would
    exactly total in all of for from under went go going there to by with on at so far altogether""".split())  # noqa: SIM905
_COUNT_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve dozen".split())  # noqa: SIM905
COUNT = Detail(id="count", asks=(_HOW_MANY,), missing="My sources don't give the number of {thing}.")
"""'How many patrol boats is Fiji getting?': held when the answer gives a number with the thing counted."""


_DESIGNATION = re.compile(r"\b[A-Za-z]{1,5}-\d+(?:/[A-Za-z]{1,5}-\d+)*\b")
"""A model's designation ("PAC-2/PAC-3", "C-90"): its number is part of a name, not a count."""


def uncounted(question: str, text: str) -> Missing | None:
    """A count the question asks for ("how many RHIBs") that the answer does not give: no number within three
    words before the thing counted (the last word of what follows "how many": "patrol boats" -> boats)."""
    asked = _HOW_MANY.search(question.casefold())
    if asked is None:
        return None
    phrase: list[str] = []
    for word in asked.group(1).split()[:4]:
        if word in _PHRASE_ENDS:
            break
        phrase.append(word)
    thing = normalize(phrase[-1]).tokens if phrase else ()
    if not thing or thing[0] in {"time", "way"}:  # "how many times in a row": the count is an ordinal
        return None
    kind = counted_kind(thing[0])
    words = normalize(_DESIGNATION.sub(" ", text)).words  # "PAC-3 missiles" counts no missiles
    for position, word in enumerate(words):
        if any(counted_kind(t) == kind for t in normalize(word).tokens[:1]):
            before = words[max(0, position - 3):position]
            if any(w.isdigit() or w in _COUNT_WORDS for w in before):
                return None
    return Missing(detail=COUNT, sentence=COUNT.missing.format(thing=phrase[-1]))


def declined_detail(question: str) -> Missing | None:
    """A detail no answer holds and nothing else answers (who is defence minister), if the question asks one."""
    readings = _readings(question)
    for detail in load_details():
        if detail.decline and any(detail.asked(r) for r in readings):
            return Missing(detail=detail, sentence=detail.missing)
    return None
