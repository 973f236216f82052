"""Decide which facts a question is about, or that no fact answers it.

Matching runs in separate steps, each visible with --explain:

1. normalise the question (bot.normalize) and find its entities (bot.entities):
   fiscal years, countries the fact base knows, countries it does not;
2. correct typos word by word against the fact base's vocabulary (rapidfuzz);
3. score targets (facts, countries of the countries table, and the
   out-of-scope examples that stand for "decline"): how well the question's
   words match each example question (IDF-weighted F1), how much of the
   question the target's words cover, and rapidfuzz's similarity to its
   closest examples;
4. apply the entities: a known country restricts the targets to what is about
   that country; a year picks the member of a series, or declines when no fact
   covers it; an unknown country declines;
5. pick an outcome: answer, clarify (two different facts score alike) or decline.

What depends only on the fact base is computed once, in `MatcherIndex.build`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

from bot.decision import DecisionModel, Signals
from bot.entities import COUNTRY_PREFIX, Entities, Gazetteer
from bot.models import Candidate, Country, Fact, FactBase
from bot.normalize import (
    CANONICAL_WORDS,
    FISCAL_YEAR_NAMED,
    MONTH_NAME,
    MONTH_NUMBERS,
    STOP_WORDS,
    Normalized,
    bare_decimals,
    content_tokens,
    normalize,
    quantities,
    same_quantity,
    stem,
)
from bot.outlets import name_pattern, outlet_names

_MAX_RANKED_EXAMPLES = 4096
TargetKind = Literal["fact", "country", "out-of-scope"]
DeclineReason = Literal[
    "empty", "no-match", "out-of-scope", "unknown-country", "year-not-covered", "low-confidence"
]


@dataclass(frozen=True, slots=True, kw_only=True)
class MatcherSettings:
    """Weights and thresholds, tuned on the fact base's own examples (not on the test questions)."""

    example_weight: float = 0.5
    """Share of the score from the best IDF-weighted F1 between the question and one example."""
    coverage_weight: float = 0.25
    """Share from how much of the question's information the target's words cover."""
    fuzzy_weight: float = 0.25
    """Share from rapidfuzz's token_sort_ratio against the target's closest examples."""
    figure_weight: float = 0.3
    """Added to the score of a target that states a figure the question quotes."""
    clarify_margin: float = 0.02
    unknown_word_weight: float = 0.35
    """Weight of a word the fact base never uses, relative to its rarest word."""
    typo_cutoff: float = 82.0
    year_window: float = 0.12
    anchor_percentile: float = 0.6
    """Topic keywords weigh at least as much as this percentile of the fact base's word weights."""
    member_margin: float = 0.08
    """With no year asked, a series member other than the default answers only if it leads by this much."""
    second_example_weight: float = 0.5
    """How much a target's second-best example adds to its best (many matching examples = central topic)."""
    """A fact this close to the best may answer instead, when only it covers the year asked."""
    shortlist: int = 12


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """Something a question can be matched to."""

    id: str
    kind: TargetKind
    title: str
    countries: frozenset[str] = frozenset()
    fact: Fact | None = None
    country: Country | None = None

    @property
    def group(self) -> str:
        """Targets of one group never compete for a "did you mean" (a series is one group)."""
        if self.fact is not None and self.fact.series:
            return f"series:{self.fact.series}"
        return self.id

    @property
    def topic(self) -> str | None:
        """The topic of the fact; OSA for a country's entry."""
        if self.fact is not None:
            return self.fact.topic
        return "osa" if self.kind == "country" else None


@dataclass(frozen=True, slots=True, kw_only=True)
class MatchResult:
    """The matcher's decision for one question."""

    outcome: Literal["answer", "clarify", "decline"]
    targets: tuple[Target, ...]
    """Answer: what to answer with. Clarify: the alternatives. Decline: the nearest targets."""
    confidence: float
    normalized: Normalized
    entities: Entities
    candidates: tuple[Candidate, ...]
    tokens: tuple[str, ...]
    """The question's tokens as scored: stemmed, typos corrected, countries canonical."""
    unknown_tokens: tuple[str, ...]
    reason: str
    decline_reason: DeclineReason | None = None
    missing_years: tuple[int, ...] = ()
    quantities: tuple[float, ...] = ()
    """Figures the question quotes ("575 million yen" -> 5.75e8)."""
    signals: Signals | None = None
    """What the answer-or-decline decision was made from."""


@dataclass(slots=True)
class _Scored:
    target: int
    example: float
    coverage: float
    fuzzy: float = 0.0
    total: float = 0.0


@dataclass(slots=True, kw_only=True)
class MatcherIndex:
    """Everything precomputed from one fact base."""

    fact_base: FactBase
    settings: MatcherSettings
    gazetteer: Gazetteer
    targets: list[Target]
    target_by_id: dict[str, int]
    idf: dict[str, float]
    unknown_weight: float
    example_owner: npt.NDArray[np.int32]
    """Example number -> target number. A target's examples are numbered consecutively."""
    example_text: list[str]
    example_weight: npt.NDArray[np.float64]
    """Sum of an example's token weights (the F1 denominator's example side)."""
    example_postings: dict[str, npt.NDArray[np.int32]]
    target_postings: dict[str, npt.NDArray[np.int32]]
    target_examples: list[range]
    vocab_by_shape: dict[tuple[str, int], list[str]]
    """Known words by (first letter, length): where a misspelt word's correction is looked for."""
    vocab_token: dict[str, str]
    """A known word (or a spelling variant of one) -> the token it scores as."""
    figures: tuple[tuple[float, int], ...]
    """(figure, target number) for every figure a target's answer states: a quoted figure points at its fact."""
    dates: dict[str, frozenset[int]] = field(default_factory=dict)
    months: dict[str, frozenset[int]] = field(default_factory=dict)
    """ISO date ("2024-12-05") -> the targets whose answer or grants name that day: a quoted date points there."""
    counts: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    """(number, thing) pairs each target's text states ("2,000 military uniforms": 2000 uniform, 2000 militari)."""
    titles: tuple[tuple[str, frozenset[int]], ...] = ()
    """Each source's title (normalised) with the targets that cite it."""
    outlets: tuple[tuple[re.Pattern[str], frozenset[int]], ...] = ()
    """Each outlet's name as a question writes it ("Japan Times", "AP") with the targets citing that outlet."""
    known_words: frozenset[str]
    series_years: dict[str, tuple[int, ...]]
    osa_years: frozenset[int]
    anchors: tuple[frozenset[str], ...]
    """Topic keywords as token sets: a question must contain one whole (or name a known country)."""
    country_masks: dict[str, npt.NDArray[np.bool_]]
    """Per country id: which targets are about it."""
    out_of_scope_mask: npt.NDArray[np.bool_]
    typo_cache: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, fact_base: FactBase, settings: MatcherSettings | None = None) -> MatcherIndex:
        settings = settings or MatcherSettings()
        gazetteer = Gazetteer(fact_base.countries)
        targets = _targets(fact_base)
        today = dt.date(2000, 1, 1)  # examples carry no relative years
        example_tokens: list[tuple[str, ...]] = []
        example_owner: list[int] = []
        target_examples: list[list[int]] = []
        known_words: set[str] = set()
        for index, target in enumerate(targets):
            seen_examples: set[tuple[str, ...]] = set()
            mine: list[int] = []
            for text in _target_texts(target):
                normalized = normalize(text)
                if target.kind == "fact":
                    known_words.update(normalized.words)
                tokens = tuple(dict.fromkeys(content_tokens(gazetteer.scan(normalized, today=today).terms)))
                if tokens and tokens not in seen_examples:
                    seen_examples.add(tokens)
                    mine.append(len(example_tokens))
                    example_tokens.append(tokens)
                    example_owner.append(index)
            target_examples.append(mine)
        pooled = [{t for e in mine for t in example_tokens[e]} for mine in target_examples]
        frequency: dict[str, int] = {}
        for token_set in pooled:
            for token in token_set:
                frequency[token] = frequency.get(token, 0) + 1
        total = len(targets)
        idf = {t: math.log(1 + (total - df + 0.5) / (df + 0.5)) for t, df in frequency.items()}
        example_lists: dict[str, list[int]] = {}
        for number, tokens in enumerate(example_tokens):
            for token in tokens:
                example_lists.setdefault(token, []).append(number)
        target_lists: dict[str, list[int]] = {}
        for index, token_set in enumerate(pooled):
            for token in sorted(token_set):
                target_lists.setdefault(token, []).append(index)
        vocab_by_shape: dict[tuple[str, int], list[str]] = {}
        vocab_token: dict[str, str] = {}
        # A misspelling is compared with the words as people write them, so "contries" finds "countries"
        # (normalised to "country") and "defnce" finds "defence" (normalised to "defense").
        variants = [(w, w) for w in known_words] + [(k, v) for k, v in CANONICAL_WORDS.items() if v in known_words]
        for word, canonical in sorted(variants):
            if word.isalpha() and len(word) >= 4 and word not in STOP_WORDS and stem(canonical) in idf \
                    and word not in vocab_token:
                vocab_by_shape.setdefault((word[0], len(word)), []).append(word)
                vocab_token[word] = stem(canonical)
        series_years: dict[str, tuple[int, ...]] = {}
        for fact in fact_base.facts:
            if fact.series and fact.fiscal_year is not None:
                series_years[fact.series] = tuple(sorted({*series_years.get(fact.series, ()), fact.fiscal_year}))
        osa_years = {y for name, years in series_years.items() if name.startswith("osa") for y in years}
        osa_years.update(g.fiscal_year for c in fact_base.countries for g in c.received if g.fiscal_year)
        anchors = {
            frozenset(content_tokens(gazetteer.scan(normalize(keyword), today=today).terms))
            for topic in fact_base.topics
            for keyword in topic.keywords
        } - {frozenset()}
        # A topic word is never unimportant, however many facts use it: "osa" tells an OSA budget
        # question from a defence budget question. Topic words weigh at least as much as a typical rare word.
        floor = sorted(idf.values())[int(len(idf) * settings.anchor_percentile)] if idf else 0.0
        for anchor in anchors:
            for token in anchor:
                if token in idf and len(anchor) == 1:
                    idf[token] = max(idf[token], floor)
        rarest = math.log(1 + (total - 0.5) / 1.5) if total else 1.0
        return cls(
            fact_base=fact_base,
            settings=settings,
            gazetteer=gazetteer,
            targets=targets,
            target_by_id={t.id: i for i, t in enumerate(targets)},
            idf=idf,
            unknown_weight=settings.unknown_word_weight * rarest,
            example_owner=np.asarray(example_owner, dtype=np.int32),
            example_text=[" ".join(tokens) for tokens in example_tokens],
            example_weight=np.asarray([sum(idf[t] for t in tokens) for tokens in example_tokens], dtype=np.float64),
            example_postings={t: np.asarray(v, dtype=np.int32) for t, v in example_lists.items()},
            target_postings={t: np.asarray(v, dtype=np.int32) for t, v in target_lists.items()},
            target_examples=[range(mine[0], mine[-1] + 1) if mine else range(0) for mine in target_examples],
            vocab_by_shape=vocab_by_shape,
            vocab_token=vocab_token,
            figures=_figure_index(targets),
            dates=_date_index(targets),
            months=_month_index(targets),
            counts=_count_index(targets),
            titles=_title_index(fact_base, targets),
            outlets=_outlet_index(fact_base, targets),
            known_words=frozenset(known_words),
            series_years=series_years,
            osa_years=frozenset(osa_years),
            anchors=tuple(sorted(anchors, key=sorted)),
            country_masks={
                c.id: np.asarray([c.id in t.countries for t in targets], dtype=np.bool_) for c in fact_base.countries
            },
            out_of_scope_mask=np.asarray([t.kind == "out-of-scope" for t in targets], dtype=np.bool_),
        )

    @property
    def anchor_tokens(self) -> frozenset[str]:
        """Every token of a topic keyword."""
        return frozenset(t for anchor in self.anchors for t in anchor)

    def target(self, target_id: str) -> Target:
        return self.targets[self.target_by_id[target_id]]

    def correct(self, word: str) -> str | None:
        """The token of the known word an unknown word is a misspelling of, if any (cached).

        Whole words are compared, not stems: "recipe" is not "recipient", though their stems are close."""
        if word in self.typo_cache:
            return self.typo_cache[word]
        corrected: str | None = None
        if word.isalpha() and len(word) >= 4:
            pool: list[str] = []
            for length in range(len(word) - 2, len(word) + 3):
                pool.extend(self.vocab_by_shape.get((word[0], length), ()))
            found = process.extractOne(word, pool, scorer=fuzz.ratio, score_cutoff=self.settings.typo_cutoff)
            if found is not None and len(word) <= 6 and not _one_slip(word, found[0]):
                found = None  # in a short word only a missing, extra or swapped letter: "giants" is not "grants"
            if found is None:
                # two neighbours swapped score under the cutoff in a short word ("strat": 80 against "start"): the
                # one known word of the same letters a swap away
                swapped = {w for w in pool if len(w) == len(word) and _one_slip(word, w)}
                found = (swapped.pop(), 0.0, 0) if len(swapped) == 1 else None
            corrected = self.vocab_token[found[0]] if found is not None else None
        if len(self.typo_cache) < 100_000:
            self.typo_cache[word] = corrected
        return corrected

    def date_targets(self, question: str, *, at_most: int = 5) -> list[int]:
        """Targets naming a day the question quotes ("5 December 2024", "2024-12-05"), if at most `at_most` do."""
        owners: list[int] = []
        for day in quoted_dates(question):
            found = self.dates.get(day, frozenset())
            if 0 < len(found) <= at_most:
                owners.extend(t for t in found if t not in owners)
        return owners

    def month_targets(self, question: str, *, at_most: int = 3) -> list[int]:
        """Targets naming a month the question names with its year ("in December 2023"), if at most `at_most` do."""
        owners: list[int] = []
        for month in quoted_months(question):
            found = self.months.get(month, frozenset())
            if 0 < len(found) <= at_most:
                owners.extend(t for t in sorted(found) if t not in owners)
        return owners

    def count_targets(self, words: tuple[str, ...], *, at_most: int = 3) -> list[int]:
        """Targets stating a count of a thing the question quotes ("2,000 uniforms", "17 countries"), if at most
        `at_most` targets state it."""
        owners: list[int] = []
        for pair in counted_things(words):
            found = self.counts.get(pair, frozenset())
            if 0 < len(found) <= at_most:
                owners.extend(t for t in sorted(found) if t not in owners)
        return owners

    def title_targets(self, question: str, *, at_most: int = 8) -> list[int]:
        """Targets citing a source whose title the question quotes ("'Thailand, 7 other nations'"), if at most
        `at_most` targets cite it."""
        owners: list[int] = []
        for quoted in QUOTED.findall(question):
            text = normalize(quoted).text
            if len(text.split()) < 3:
                continue
            for title, cited_by in self.titles:
                if text in title and 0 < len(cited_by) <= at_most:
                    owners.extend(t for t in sorted(cited_by) if t not in owners)
        return owners

    def outlet_targets(self, question: str, *, at_most: int = 5) -> list[int]:
        """Targets citing an outlet the question names ("per the Japan Times"), if at most `at_most` targets cite
        it."""
        owners: list[int] = []
        for pattern, cited_by in self.outlets:
            if len(cited_by) <= at_most and pattern.search(question):
                owners.extend(t for t in sorted(cited_by) if t not in owners)
        return owners

    def figure_targets(self, values: tuple[float, ...], *, at_most: int = 6) -> dict[int, int]:
        """Targets stating a figure the question quotes, with how many of its figures each states.

        A figure stated by more than `at_most` targets ("2 billion") points at none of them."""
        hits: dict[int, int] = {}
        for value in values:
            owners = {t for figure, t in self.figures if same_quantity(figure, value)}
            if len(owners) > at_most:
                continue
            for owner in owners:
                hits[owner] = hits.get(owner, 0) + 1
        return hits

    def query_tokens(self, terms: tuple[str, ...]) -> tuple[list[str], list[str]]:
        """The question's content tokens with typos corrected, and those still unknown."""
        tokens: list[str] = []
        unknown: list[str] = []
        for word in dict.fromkeys(terms):
            if word in STOP_WORDS:
                continue
            token = stem(word)
            corrected = token if token in self.idf else self.correct(word)
            if corrected is None:
                unknown.append(token)
            elif corrected not in tokens:
                tokens.append(corrected)
        return tokens, unknown

    def add_figure_evidence(self, scored: list[_Scored], hits: dict[int, int],
                            allowed: npt.NDArray[np.bool_] | None) -> list[_Scored]:
        """Targets stating a quoted figure rise by `figure_weight` (and join the shortlist if they were not on it)."""
        by_target = {s.target: s for s in scored}
        for target in hits:
            if allowed is not None and not allowed[target]:
                continue
            item = by_target.get(target)
            if item is None:
                item = by_target[target] = _Scored(target, 0.0, 0.0)
            item.total += self.settings.figure_weight
        return sorted(by_target.values(), key=lambda s: (-s.total, s.target))

    def score(self, tokens: list[str], unknown: list[str], allowed: npt.NDArray[np.bool_] | None,
              *, exclude_example: int | None = None) -> list[_Scored]:
        """Targets sharing a token with the question, best first."""
        settings = self.settings
        query_weight = sum(self.idf[t] for t in tokens) + self.unknown_weight * sum(
            0.3 if not t.isalpha() else 1.0 for t in unknown
        )
        if query_weight <= 0 or not tokens:
            return []
        weights = np.asarray([self.idf[t] for t in tokens], dtype=np.float64)
        overlap = _weighted_counts([self.example_postings[t] for t in tokens], weights, len(self.example_text))
        if exclude_example is not None:
            overlap[exclude_example] = 0.0
        hits = np.flatnonzero(overlap)
        owners = self.example_owner[hits]
        if allowed is not None:
            keep = allowed[owners]
            hits, owners = hits[keep], owners[keep]
        if hits.size == 0:
            return []
        f1 = 2 * overlap[hits] / (query_weight + self.example_weight[hits])
        if f1.size > _MAX_RANKED_EXAMPLES:
            # Only the best examples can put a target on the shortlist: rank those, not every hit.
            best = np.argpartition(-f1, _MAX_RANKED_EXAMPLES)[:_MAX_RANKED_EXAMPLES]
            f1, owners = f1[best], owners[best]
        # Best and second-best example per target, without a Python loop over examples.
        order = np.lexsort((-f1, owners))
        owners, f1 = owners[order], f1[order]
        starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
        following = np.minimum(starts + 1, owners.size - 1)
        has_second = (starts + 1 < owners.size) & (owners[following] == owners[starts])
        second = np.where(has_second, f1[following], 0.0)
        extra = settings.second_example_weight
        example_score = (f1[starts] + extra * second) / (1 + extra)
        target_ids = owners[starts]
        covered = _weighted_counts([self.target_postings[t] for t in tokens], weights, len(self.targets))
        coverage = covered[target_ids] / query_weight
        ranked = np.lexsort((target_ids, -coverage, -example_score))[: settings.shortlist]
        shortlist = [_Scored(int(target_ids[i]), float(example_score[i]), float(coverage[i])) for i in ranked]
        pairs = [(self.example_text[e], i) for i, s in enumerate(shortlist) for e in self.target_examples[s.target]
                 if e != exclude_example]
        pool = [text for text, _ in pairs]
        pool_owner = [owner for _, owner in pairs]
        query = " ".join(tokens + unknown)
        for _text, similarity, position in process.extract(query, pool, scorer=fuzz.token_sort_ratio, limit=None):
            scored = shortlist[pool_owner[position]]
            scored.fuzzy = max(scored.fuzzy, similarity)
        for s in shortlist:
            s.total = (settings.example_weight * s.example + settings.coverage_weight * s.coverage
                       + settings.fuzzy_weight * s.fuzzy / 100)
        shortlist.sort(key=lambda s: (-s.total, s.target))
        return shortlist


class Matcher:
    """Matches questions against one fact base. Built once; safe to share between tasks."""

    def __init__(self, fact_base: FactBase, settings: MatcherSettings | None = None,
                 decision: DecisionModel | None = None) -> None:
        self.index = MatcherIndex.build(fact_base, settings)
        self.decision = decision or DecisionModel.load()
        self.settings = self.index.settings
        self.fact_base = fact_base

    def match(self, question: str, *, today: dt.date | None = None, normalized: Normalized | None = None,
              exclude_example: int | None = None, claim: bool = False) -> MatchResult:
        """Decide what answers `question` (`normalized`: the question already normalised, if the caller has it;
        `exclude_example`: an example to leave out, for judging the decision on the fact base's own examples;
        `claim`: the question states something to check, whose month is checked against the fact its words
        point at rather than used to find another)."""
        index = self.index
        normalized = normalized or normalize(question)
        entities = index.gazetteer.scan(normalized, today=today or dt.date.today(), known_words=index.known_words)
        tokens, unknown = index.query_tokens(entities.terms)
        figures = quantities(normalized.words)
        result = MatchResult(outcome="decline", targets=(), confidence=0.0, normalized=normalized,
                             entities=entities, candidates=(), tokens=tuple(tokens),
                             unknown_tokens=tuple(unknown), reason="", quantities=figures)
        if not tokens and not unknown:
            return replace(result, reason="nothing to match after normalisation", decline_reason="empty")
        if entities.other_countries:
            names = ", ".join(entities.other_countries)
            return replace(result, reason=f"asks about {names}: not in the fact base",
                           decline_reason="unknown-country")
        if entities.foreign_subject:
            return replace(result, reason=f"asks about {entities.foreign_subject}'s own affairs, not Japan's",
                           decline_reason="unknown-country")
        token_set = set(tokens)
        figure_hits = index.figure_targets(figures)
        bare = bare_decimals(normalized.words) if not figure_hits else ()
        if bare:
            # "what's the 9.04 on my slide?": a bare decimal is a sum of money in millions, billions or trillions
            # that one or two targets state
            figure_hits = index.figure_targets(tuple(v * scale for v in bare for scale in (1e6, 1e9, 1e12)),
                                               at_most=2)
        dated = index.date_targets(question)  # "5 December 2024": the grant signed that day
        # a fiscal year written as such ("FY26 in USD?", "fiscal 2024") is this fact base's own subject
        anchored = any(anchor <= token_set for anchor in index.anchors) or bool(FISCAL_YEAR_NAMED.search(question))
        # "2,000 uniforms??": with no topic word, a count of a thing that few targets state points at them
        counted = index.count_targets(normalized.words) if not anchored else []
        titled = index.title_targets(question)  # "Kyodo's headline says 'Thailand, 7 other nations'"
        # "what changed in December 2023?": with no word the fact base does not know, the one month it names, if
        # few facts are about it (two months asked about are compared or listed, which a fact about both answers)
        one_month = not dated and (anchored or not unknown) and len(quoted_months(question)) == 1
        months = index.month_targets(question) if one_month else []
        for owner in (*dated, *counted, *titled):
            figure_hits[owner] = figure_hits.get(owner, 0) + 1
        if not entities.countries and not anchored and not figure_hits and not months:
            return replace(result, reason="no topic keyword, known country or quoted figure in the question",
                           decline_reason="no-match")
        allowed = self._allowed(entities)
        scored = index.score(tokens, unknown, allowed, exclude_example=exclude_example)
        if figure_hits:
            scored = index.add_figure_evidence(scored, figure_hits, allowed)
        named_month = list(months)
        if months and scored and scored[0].target not in months:
            # a target about the month leads when it holds the question's words about as well as the best does
            # ("will the April 2026 revision change OSA grants" is about grants, not the April 2026 rules)
            least = scored[0].coverage - 0.05
            months = [t for t in months if any(s.target == t and s.coverage >= least for s in scored)]
        cited = index.outlet_targets(question)  # "what increase did the Japan Times give for FY2025?"
        if cited and scored and scored[0].target not in cited:
            # a target citing the outlet named leads when it holds the question's words about as well as the best
            least = scored[0].coverage - 0.1
            first = next((s for s in scored if s.target in cited and s.coverage >= least), None)
            if first is not None:
                scored = [first, *(s for s in scored if s is not first)]
        leading = dated or months
        if leading and scored and scored[0].target not in leading:
            # a quoted day (or the one month asked about) is more specific than any word: the target naming it leads
            first = next((s for s in scored if s.target in leading), None)
            if first is not None:
                scored = [first, *(s for s in scored if s is not first)]
        result = replace(result, candidates=tuple(
            Candidate(fact_id=index.targets[s.target].id, title=index.targets[s.target].title,
                      score=round(s.total, 4), coverage=round(s.coverage, 4), fuzzy=round(s.fuzzy, 1))
            for s in scored[:6]
        ))
        if not scored:
            return replace(result, reason="no word of the question is in the fact base", decline_reason="no-match")
        best = scored[0]
        target = index.targets[best.target]
        nearest = tuple(index.targets[s.target] for s in scored[:3] if index.targets[s.target].kind != "out-of-scope")
        runner_up = next((s for s in scored[1:] if index.targets[s.target].group != target.group), None)
        signals = Signals(
            score=best.total, coverage=best.coverage, anchor=float(anchored),
            figure=float(best.target in figure_hits), country=float(bool(entities.countries)),
            year=float(bool(entities.years) and self._covers(target, entities.years)),
            margin=best.total - (runner_up.total if runner_up is not None else 0.0),
            out_of_scope=max((s.total for s in scored if index.targets[s.target].kind == "out-of-scope"),
                             default=0.0),
        )
        probability = self.decision.probability(signals)
        result = replace(result, confidence=probability, targets=nearest, signals=signals)
        if target.kind == "out-of-scope":
            return replace(result, reason=f"closest to the out-of-scope example {target.title!r}",
                           decline_reason="out-of-scope")
        # Entities that pin the question to the best target decide on their own: a partner country the
        # question names and the target is about (with a topic word, a year, a figure it states, or words
        # the target mostly covers),
        # or a figure the question quotes that only it (or one other target) states. The word signals
        # decide the rest.
        partners = {c for c in entities.countries if self.fact_base.country(c).status != "mentioned"}
        states_figure = best.target in figure_hits
        about_country = bool(partners & target.countries) and (
            anchored or best.coverage >= 0.75 or bool(entities.years)
            or best.target in index.figure_targets(figures, at_most=len(index.targets))
            or _names_what_it_got(token_set, target)
            # "what did their navy get?" about Indonesia: what a country received is what its entry holds
            or (target.kind == "country" and bool(token_set & _RECEIVING_TOKENS)))
        # Only a sum of money or a figure with decimals is that specific: "10" or "2,000" could be anything.
        specific = any(v >= 1e6 or v != int(v) for v in figures) or bool(bare)
        # "What did Sri Lanka and Papua New Guinea get?": every partner named has an entry, and it asks what they got
        several = (len(partners) >= 2 and target.kind == "country" and bool(token_set & _RECEIVING_TOKENS)
                   and all(f"country:{c}" in index.target_by_id for c in partners))
        pins = [name for name, holds in (
            ("the country", about_country), ("the countries", several),
            ("the figure", specific and states_figure and len(figure_hits) <= 3),
            ("the day", best.target in dated), ("the month", best.target in months),
            ("the count", best.target in counted),
            ("the headline", best.target in titled),
            ("the outlet", best.target in cited and (anchored or best.coverage >= 0.6))) if holds]
        pinned = bool(pins)
        if probability < self.decision.threshold and not pinned:
            return replace(result, decline_reason="low-confidence",
                           reason=f"P(answerable) {probability:.2f} is under {self.decision.threshold:.2f}")
        if pinned and probability < self.decision.threshold:
            result = replace(result, reason=f"pinned by {' and '.join(pins)} it names")
        if (best.target in dated and not partners and len(entities.years) == 1
                and all(day[5:7] in ("01", "02", "03") for day in quoted_dates(question))):
            # "what happened on 15 January 2026?": the fact naming that day answers; the day's calendar year is not
            # its fiscal year (15 January 2026 is in FY2025)
            return replace(result, outcome="answer", targets=(target,),
                           reason=_also(result, "the fact naming the day asked about"))
        if entities.years:
            return self._with_years(result, scored, entities, led=best.target in months,
                                    named_month=() if claim else named_month)
        one_country = len(partners) == 1 and runner_up is not None \
            and index.targets[runner_up.target].countries == frozenset(partners)
        if runner_up is not None and target.kind != "country" and index.targets[runner_up.target].kind == "country" \
                and (best.total - runner_up.total < self.settings.clarify_margin
                     or (one_country and best.total - runner_up.total < self.settings.year_window)):
            # About one named country, its entry in the countries table is the canonical answer (it wins
            # outright when close, and over a fact about several countries within the year window).
            target, runner_up = index.targets[runner_up.target], None
        # a country named that few facts are about (even one the sources only mention, like Italy; not the US,
        # which many facts mention in passing) tells two close facts apart
        rare = tuple(c for c in entities.countries if int(index.country_masks[c].sum()) <= 2)
        if (runner_up is not None and rare
                and _about(target, rare) != _about(index.targets[runner_up.target], rare)):
            if _about(index.targets[runner_up.target], rare):
                target = index.targets[runner_up.target]
            runner_up = None
        if (runner_up is not None and target.kind == "country" and index.targets[runner_up.target].kind == "country"
                and target.countries | index.targets[runner_up.target].countries <= partners):
            runner_up = None  # "what did Malaysia and Fiji each get": both entries answer, no "did you mean"
        second = index.targets[runner_up.target] if runner_up is not None else None
        if second is not None and {target.kind, second.kind} == {"country", "fact"}:
            entry, listing = (target, second) if target.kind == "country" else (second, target)
            if (runner_up is not None and entry.countries <= listing.countries
                    and best.total - runner_up.total < self.settings.clarify_margin):
                # "'four patrol boats' - which recipient?": the country's entry and a list naming it say the
                # same; the entry answers, no "did you mean"
                target, runner_up, second = entry, None, None
        if (second is not None and not entities.years and second.fact is not None and second.fact.series
                and target.kind == "fact" and target.fact is not None and not target.fact.series):
            runner_up = None  # no year asked: one year's figure is no rival to what the topic is ("what is OSA")
        if (runner_up is not None and index.targets[runner_up.target].kind != "out-of-scope"
                and best.total - runner_up.total < self.settings.clarify_margin):
            return replace(result, outcome="clarify", targets=(target, index.targets[runner_up.target]),
                           reason=f"top two within {self.settings.clarify_margin}")
        return self._answer(result, target, entities, scored)

    def _allowed(self, entities: Entities) -> npt.NDArray[np.bool_] | None:
        """With a known country named, only targets about it (and the decline examples) compete."""
        partners = [c for c in entities.countries if self.fact_base.country(c).status != "mentioned"]
        if not partners:
            return None  # a country the sources only mention (the US, China) often comes up in passing
        allowed = self.index.out_of_scope_mask.copy()
        for country in partners:
            allowed |= self.index.country_masks[country]
        return allowed

    def _with_years(self, result: MatchResult, scored: list[_Scored], entities: Entities, *,
                    led: bool = False, named_month: Sequence[int] = ()) -> MatchResult:
        """Answer with the best target close to the top that covers the years asked about (`led`: the best is
        the target about the month the question names, which answers if it covers the years; `named_month`: the
        targets about that month, which answer when none close to the top covers the years)."""
        best = self.index.targets[scored[0].target]
        if led and self._covers(best, entities.years):
            return self._answer(result, best, entities, scored)
        # A fact that holds no year at all ("what OSA is") cannot be what a question naming a year wants:
        # look further down for one that covers it ("FY26 OSA": the FY2026 OSA budget).
        undated = best.fact is not None and not best.fact.series and not _fact_years(best.fact)
        floor = scored[0].total - self.settings.year_window * (2 if undated else 1)
        near = [self.index.targets[item.target] for item in scored if item.total >= floor]
        if len(entities.years) == 1:
            # One fiscal year asked about: a fact about that year beats one spanning several years.
            near.sort(key=lambda t: t.fact is not None and not t.fact.series and len(_fact_years(t.fact)) > 1)
        for target in near:
            if target.kind != "out-of-scope" and self._covers(target, entities.years):
                return self._answer(result, target, entities, scored)
        if len(entities.years) >= 2:
            # "OSA line by FY, 23 thru 26": several years asked of a series that holds every one of them is a
            # question about that series, though another fact's words matched a little better
            wide = scored[0].total - 2 * self.settings.year_window
            for item in scored:
                target = self.index.targets[item.target]
                if (item.total >= wide and target.fact is not None and target.fact.series
                        and set(entities.years) <= set(self.index.series_years[target.fact.series])):
                    return self._answer(result, target, entities, scored)
        # "what did the March 2024 one allow?": the fact about March 2024, though its words matched less well
        for item in scored:
            target = self.index.targets[item.target]
            if item.target in named_month and self._covers(target, entities.years):
                return self._answer(result, target, entities, scored)
        missing = tuple(y for y in entities.years if not self._covers(best, (y,)))
        return replace(result, outcome="decline", targets=(best,), decline_reason="year-not-covered",
                       missing_years=missing or entities.years,
                       reason=f"no fact near the top covers {', '.join(f'FY{y}' for y in entities.years)}")

    def _covers(self, target: Target, years: tuple[int, ...]) -> bool:
        if target.kind == "country":
            return any(y in self.index.osa_years for y in years)
        if target.fact is None:
            return False
        if target.fact.series:
            return any(y in self.index.series_years[target.fact.series] for y in years)
        held = _fact_years(target.fact)
        # A fact about a period covers a span of years asked about by its ends ("from 2023 to 2027": the plan).
        return set(years) <= held or (len(years) > 2 and min(years) in held and max(years) in held)

    def _answer(self, result: MatchResult, target: Target, entities: Entities, scored: list[_Scored]
                ) -> MatchResult:
        """Expand the chosen target: the right members of a series, every country named."""
        if target.kind == "country":
            chosen = tuple(self.index.target(f"country:{c}") for c in entities.countries) or (target,)
            return replace(result, outcome="answer", targets=chosen, reason=_also(result, "the countries table"))
        fact = target.fact
        if fact is None or not fact.series:
            return replace(result, outcome="answer", targets=(target,), reason=_also(result, "best match"))
        members = self.fact_base.series_members(fact.series)
        if entities.years:
            by_year = {m.fiscal_year: m for m in members}
            chosen_facts = [by_year[y] for y in sorted(entities.years) if y in by_year]
            missing = tuple(y for y in entities.years if y not in by_year)
            reason = f"series {fact.series}, the years asked about"
        else:
            default = next((m.series_default for m in members if m.series_default), "latest")
            wants_all = entities.wants_all or (default == "all" and not entities.wants_latest)
            first = entities.wants_first and not entities.wants_latest and not entities.wants_all
            chosen_facts = list(members) if wants_all and not first else [members[0] if first else members[-1]]
            missing = ()
            reason = f"series {fact.series}, " + (
                "the first year" if first else "every year" if wants_all else "the latest year")
            totals = {self.index.targets[s.target].id: s.total for s in scored}
            lead = totals.get(fact.id, 0.0) - max(totals.get(f.id, 0.0) for f in chosen_facts)
            if not entities.wants_all and fact not in chosen_facts and lead > self.settings.member_margin:
                chosen_facts = [fact]
                reason = f"series {fact.series}: this member's own examples match best"
        return replace(result, outcome="answer", targets=tuple(self.index.target(f.id) for f in chosen_facts),
                       missing_years=missing, reason=_also(result, reason))

    def covered_years(self, target: Target) -> tuple[int, ...]:
        """The fiscal years the fact base holds for a target (for decline messages)."""
        if target.fact is not None and target.fact.series:
            return self.index.series_years.get(target.fact.series, ())
        if target.kind == "country":
            return tuple(sorted(self.index.osa_years))
        if target.fact is not None:
            return tuple(sorted(_fact_years(target.fact)))
        return ()


def _also(result: MatchResult, reason: str) -> str:
    """The reason for the answer chosen, after the entities that pinned the decision, if any did."""
    return f"{result.reason}; {reason}" if result.reason.startswith("pinned") else reason


def _one_slip(typed: str, known: str) -> bool:
    """One letter missing, one extra, or two neighbours swapped (no letter replaced by another)."""
    if Indel.distance(typed, known) <= 1:
        return True
    return sorted(typed) == sorted(known) and OSA.distance(typed, known) <= 1


def _weighted_counts(postings: list[npt.NDArray[np.int32]], weights: npt.NDArray[np.float64], size: int
                     ) -> npt.NDArray[np.float64]:
    """For each item, the sum of the weights of the posting lists it is in."""
    lengths = [p.size for p in postings]
    counts = np.bincount(np.concatenate(postings), weights=np.repeat(weights, lengths), minlength=size)
    return counts.astype(np.float64, copy=False)


def _fact_years(fact: Fact) -> set[int]:
    years = set(fact.years)
    if fact.fiscal_year is not None:
        years.add(fact.fiscal_year)
    years.update(f.fiscal_year for f in fact.figures if f.fiscal_year is not None)
    return years


def _figure_index(targets: list[Target]) -> tuple[tuple[float, int], ...]:
    """Every figure each target states, in its answer text or its structured figures and grants."""
    found: list[tuple[float, int]] = []
    for number, target in enumerate(targets):
        texts: list[str] = []
        values: list[float] = []
        if target.fact is not None:
            texts.append(target.fact.answer)
            values.extend(f.amount * _SCALES.get(f.unit, 1.0) for f in target.fact.figures)
        elif target.country is not None:
            texts.extend([target.country.note or "", *(g.what for g in target.country.received)])
            values.extend(g.amount * _SCALES.get(g.unit or "one", 1.0)
                          for g in target.country.received if g.amount is not None)
        for text in texts:
            values.extend(quantities(normalize(text).words))
        for value in dict.fromkeys(values):
            found.append((value, number))
    return tuple(found)


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _targets(fact_base: FactBase) -> list[Target]:
    targets = [
        Target(id=fact.id, kind="fact", title=fact.title, countries=frozenset(fact.countries), fact=fact)
        for fact in fact_base.facts
    ]
    for country in fact_base.countries:
        targets.append(Target(id=f"country:{country.id}", kind="country", title=f"{country.display_name} and OSA",
                              countries=frozenset({country.id}), country=country))
    for number, example in enumerate(fact_base.out_of_scope):
        targets.append(Target(id=f"out-of-scope:{number}", kind="out-of-scope", title=example))
    return targets


COUNTRY_QUESTIONS = (
    "is {name} an osa recipient",
    "did {name} receive official security assistance from japan",
    "what did {name} receive under osa",
    "osa {name}",
    "japan security aid to {name}",
    "how much osa money did {name} receive",
)
PARTNER_QUESTIONS = (
    "{name}", "what about {name}", "{name} osa equipment from japan", "what did {name} get from japan",
    "{name} osa status", "japan grant to {name}",
)


def _target_texts(target: Target) -> list[str]:
    if target.fact is not None:
        # The title is what suggestion buttons ask, so it must reach the fact too.
        return [*target.fact.questions, *target.fact.keywords, target.fact.title]
    if target.country is not None:
        # All aliases scan to the same canonical country term, so the name alone is enough.
        name = target.country.name.lower().removeprefix("the ")
        templates = COUNTRY_QUESTIONS if target.country.status == "mentioned" else COUNTRY_QUESTIONS + PARTNER_QUESTIONS
        # What it received, in the table's words: "bangladesh four patrol boats".
        grants = [f"{name} {grant.what}" for grant in target.country.received]
        return [template.format(name=name) for template in templates] + grants
    return [target.title]


__all__ = ["COUNTRY_PREFIX", "MatchResult", "Matcher", "MatcherIndex", "MatcherSettings", "Target"]


_DATES = (
    re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)? {MONTH_NAME},? (\d{{4}})\b", re.IGNORECASE),  # 5 December 2024
    re.compile(rf"\b{MONTH_NAME} (\d{{1,2}})(?:st|nd|rd|th)?,? (\d{{4}})\b", re.IGNORECASE),  # December 5, 2024
    re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b"),  # 2024-12-05
)


def quoted_dates(text: str) -> list[str]:
    """The days a text names, as ISO dates: "5 December 2024", "Dec 5, 2024" and "2024-12-05" -> "2024-12-05"."""
    days: list[str] = []
    for number, pattern in enumerate(_DATES):
        for match in pattern.finditer(text):
            if number == 0:
                day, month, year = match.group(1), match.group(2), match.group(3)
            elif number == 1:
                month, day, year = match.group(1), match.group(2), match.group(3)
            else:
                year, month, day = match.group(1), match.group(2), match.group(3)
            month_number = int(month) if month.isdigit() else MONTH_NUMBERS[month.lower()]
            if 1 <= month_number <= 12 and 1 <= int(day) <= 31:
                iso = f"{year}-{month_number:02d}-{int(day):02d}"
                if iso not in days:
                    days.append(iso)
    return days


_MONTH_YEAR = re.compile(rf"\b{MONTH_NAME},? (?:\d{{1,2}}(?:st|nd|rd|th)?,? )?(\d{{4}})\b", re.IGNORECASE)


def quoted_months(text: str) -> list[str]:
    """The months a text names with their year, as "2023-12": "December 2023", "5 December 2023", "Dec. 5, 2023"."""
    months: list[str] = []
    for day in quoted_dates(text):
        if day[:7] not in months:
            months.append(day[:7])
    for match in _MONTH_YEAR.finditer(text):
        month = f"{match.group(2)}-{MONTH_NUMBERS[match.group(1).lower()]:02d}"
        if month not in months:
            months.append(month)
    return months


def _month_index(targets: list[Target]) -> dict[str, frozenset[int]]:
    """Every month (with its year) each target is about: named in a fact's title or keywords ("December 2023
    change on licence-built arms"), or the month a country's grant was signed. (Not every month an answer's text
    mentions in passing: most name several.)"""
    found: dict[str, set[int]] = {}
    for number, target in enumerate(targets):
        texts: list[str] = []
        if target.fact is not None:
            texts.extend([target.fact.title, *target.fact.keywords])
        elif target.country is not None:
            texts.extend(g.date for g in target.country.received if g.date and len(g.date) == 10)
        for text in texts:
            for month in quoted_months(text):
                found.setdefault(month, set()).add(number)
    return {month: frozenset(owners) for month, owners in found.items()}


def _date_index(targets: list[Target]) -> dict[str, frozenset[int]]:
    """Every day each target's answer text or grants name."""
    found: dict[str, set[int]] = {}
    for number, target in enumerate(targets):
        texts: list[str] = []
        days: list[str] = []
        if target.fact is not None:
            texts.append(target.fact.answer)
        elif target.country is not None:
            texts.extend([target.country.note or "", *(g.what for g in target.country.received)])
            days.extend(g.date for g in target.country.received if g.date and len(g.date) == 10)
        for text in texts:
            days.extend(quoted_dates(text))
        for day in days:
            found.setdefault(day, set()).add(number)
    return {day: frozenset(owners) for day, owners in found.items()}


_NOT_THINGS = frozenset({"th", "st", "nd", "rd", "thousand", "million", "billion", "trillion", "percent", "yen",
                         "dollar", "dollars", "usd", "times", "year", "years", "fy", "of", "and", "or", "to", "the",
                         "a", "in", "for", "on", "by", *MONTH_NUMBERS})


_MEASURES = frozenset({"meter", "meters", "metre", "metres", "m", "foot", "feet", "ft", "ton", "tons", "tonne",
                       "tonnes", "kilometer", "kilometers", "km"})
"""Units of a measure said between a count and what it counts."""
_COUNTRY_KINDS = frozenset({"countri", "nation", "recipi", "partner", "state"})


def counted_kind(token: str) -> str:
    """What a count counts, with the words for a country taken as one ("recipients", "countries", "nations")."""
    return "countri" if token in _COUNTRY_KINDS else token


def counted_things(words: tuple[str, ...], *, past_measures: bool = False) -> list[tuple[str, str]]:
    """(number, thing) pairs of normalised words: a whole number and each of the two words after it that names
    what is counted ("2000 defense uniforms" -> ("2000", "defens"), ("2000", "uniform")). Sums of money,
    percentages and dates are figures, not counts."""
    pairs: list[tuple[str, str]] = []
    for position, word in enumerate(words):
        if not word.isdigit() or (position + 1 < len(words) and words[position + 1] in _NOT_THINGS):
            continue
        start = position + 1
        if past_measures and words[start:start + 1] and words[start].isdigit() and words[start + 1:start + 2] \
                and words[start + 1] in _MEASURES:
            start += 2  # "four 18-metre patrol boats": the boats are counted, not the metres
        for following in words[start:start + 2]:
            if following in _NOT_THINGS or not following.isalpha():
                break
            if following not in STOP_WORDS:
                pairs.append((word, stem(following)))
    return pairs


QUOTED = re.compile(r"(?<![A-Za-z])['\u2018\"\u201c]([^'\u2019\"\u201d]{8,120})['\u2019\"\u201d](?![A-Za-z])")
"""A quoted phrase: 'Thailand, 7 other nations' (not the apostrophe of "Kyodo's")."""


def _cited_sources(target: Target) -> list[str]:
    """The ids of the sources a target cites (a fact's sources; a country's, with its grants')."""
    if target.fact is not None:
        return list(target.fact.sources)
    if target.country is not None:
        return [*target.country.sources, *(g.source for g in target.country.received if g.source)]
    return []


def _title_index(fact_base: FactBase, targets: list[Target]) -> tuple[tuple[str, frozenset[int]], ...]:
    """Every source's normalised title with the targets citing it (a fact's sources, a grant's source)."""
    cited: dict[str, set[int]] = {}
    for number, target in enumerate(targets):
        for source_id in _cited_sources(target):
            cited.setdefault(source_id, set()).add(number)
    return tuple((normalize(fact_base.source(s).title).text, frozenset(owners)) for s, owners in sorted(cited.items()))


def _outlet_index(fact_base: FactBase, targets: list[Target]) -> tuple[tuple[re.Pattern[str], frozenset[int]], ...]:
    """Every outlet name with the targets citing a source that outlet published."""
    cited: dict[str, set[int]] = {}
    for number, target in enumerate(targets):
        for name in outlet_names(fact_base.source(s) for s in _cited_sources(target)):
            cited.setdefault(name, set()).add(number)
    patterns = ((name_pattern(name), owners) for name, owners in sorted(cited.items()))
    return tuple((pattern, frozenset(owners)) for pattern, owners in patterns if pattern is not None)


def _count_index(targets: list[Target]) -> dict[tuple[str, str], frozenset[int]]:
    """Every (number, thing) pair each target's answer text or grants state."""
    found: dict[tuple[str, str], set[int]] = {}
    for number, target in enumerate(targets):
        texts: list[str] = []
        if target.fact is not None:
            texts.append(target.fact.answer)
        elif target.country is not None:
            texts.extend([target.country.note or "", *(g.what for g in target.country.received)])
        for text in texts:
            for pair in counted_things(normalize(text).words):
                found.setdefault(pair, set()).add(number)
    return {pair: frozenset(owners) for pair, owners in found.items()}


def _about(target: Target, countries: tuple[str, ...]) -> bool:
    """Is a target about one of the countries a question names?"""
    return bool(target.countries & set(countries))


_RECEIVING_TOKENS = frozenset(normalize("get gets got getting receive received receiving given gave give provided "
                                        "supplied sent").tokens)
"""What a question asks when it asks what countries received."""


def _names_what_it_got(tokens: set[str], target: Target) -> bool:
    """Does a question about a country's entry name something its grants are of ("PNG heavy machinery")?"""
    if target.country is None:
        return False
    return any(tokens & set(normalize(g.what).tokens) - {"equip", "relat", "japan", "osa"}
               for g in target.country.received)
