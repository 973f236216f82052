"""The news outlets a fact base's sources are published by, as people name them in a question.

"Jiji Press via nippon.com" is "Jiji Press", "Jiji" and "nippon.com"; "Associated Press (via KEYT)" is also "AP";
"Ministry of Foreign Affairs of Japan" is also "MOFA" and "the Foreign Ministry". The claim check uses these names
to confirm "Kyodo reported ..." against the answer's sources; the matcher uses them to find the facts a question
says an outlet reported ("what did the Japan Times give for FY2025?").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.models import Source

_OUTLET_KINDS = frozenset({"Press", "News", "Shimbun", "Asia"})
_OUTLET_SPLIT = re.compile(r"\s*(?:[;()/,]|\bvia\b|\bciting\b|\breposted by\b)\s*", re.IGNORECASE)
_ALSO_CALLED = {"Associated Press": ("AP",), "Ministry of Foreign Affairs of Japan": ("MOFA", "Foreign Ministry")}


def outlet_names(sources: Iterable[Source]) -> list[str]:
    """The outlets `sources` are published by, each under every name people use for it, without duplicates."""
    names: list[str] = []
    for source in sources:
        for part in _OUTLET_SPLIT.split(source.publisher):
            part = re.sub(r"^the\s+", "", part.strip(), flags=re.IGNORECASE)
            words = part.split()
            if len(part) < 2 or not all(w[0].isupper() or w in ("of", "and") for w in words):
                continue  # "Japanese media", "tbh.center": no outlet's name
            names.append(part)
            if part in _ALSO_CALLED:
                names.extend(_ALSO_CALLED[part])
            elif len(words) == 2 and words[1] in _OUTLET_KINDS:
                names.append(words[0])  # "Jiji", "Kyodo", "Yomiuri", "Asahi", "Nikkei"
    return list(dict.fromkeys(names))


_COMMON_WORDS = frozenset({"Star", "Post", "News", "Today", "Times", "Press", "Asia", "Manila"})
"""Outlet names that are also everyday words or places ("The Star", "Manila Shimbun"'s "Manila"): never read alone
as the outlet in a question."""


def name_pattern(name: str) -> re.Pattern[str] | None:
    """How a question names an outlet: any case, except a short abbreviation ("AP", not "ap"); None for a name that
    is also an everyday word or a place."""
    if name in _COMMON_WORDS:
        return None
    flags = 0 if len(name) <= 4 and name.isupper() else re.IGNORECASE
    return re.compile(rf"(?<![\w.]){re.escape(name)}(?![\w])", flags)
