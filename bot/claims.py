"""Checking claims ("X, right?", "I heard ...", "The FY2024 budget was ¥8tn."): Yes, No or no verdict.

`is_claim` tells whether a message states something and asks whether it is so. `ClaimChecker.verdict` opens
the answer composed for such a message with "Yes —" when every figure, year, country and word of the claim is
found in it, with "No —" when the answer contradicts a figure, year, count, country, leader, date or partner of
the claim, and otherwise leaves it without a verdict, saying why (for --explain). A wrong "Yes" is the worst
outcome, so anything unsettled stays unsettled.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Iterable
from dataclasses import replace

from bot.comparisons import Comparison, comparison_in, countries_named, settle_countries, settle_years
from bot.comparisons import fiscal_years as comparison_years
from bot.derived import Deriver
from bot.entities import COUNTRY_PREFIX, OTHER_PREFIX
from bot.matcher import QUOTED, Matcher, MatchResult, Target, counted_kind, counted_things, quoted_months
from bot.models import Answer, FactBase, Source
from bot.normalize import (
    FISCAL_YEAR_NAMED,
    MONTH_NUMBERS,
    count_value,
    normalize,
    quantities,
    same_quantity,
    stem,
    strip_markup,
)
from bot.outlets import outlet_names
from bot.quantified import (
    ACTORS,
    DECIDING,
    actor_differs,
    figure_of_another_actor,
    member_of_list,
    named_as_replaced,
    only_said_alike,
    rate_differs,
    universal_against_limit,
)
from bot.stances import event_year_differs, identity_against_contrast, pending_against_decided


class ClaimChecker:
    """Settles claims about one fact base against the answers composed for them. Immutable; share it freely."""

    def __init__(self, fact_base: FactBase, matcher: Matcher, deriver: Deriver, clock: Callable[[], dt.date]) -> None:
        self.fact_base = fact_base
        self.matcher = matcher
        self.deriver = deriver
        self._clock = clock
        postings = matcher.index.target_postings
        common = 0.1 * len(matcher.index.targets)
        # what grants are of ("radar", "patrol boats", "uniforms"), not words most facts use ("equipment", "worth")
        # (not the notes about a grant: "(announced 11 January 2025; no official amount in the sources)",
        # ", accepted by Commission I of Indonesia's parliament")
        self.grant_words = frozenset(t for c in fact_base.countries for g in c.received
                                      for t in normalize(_grant_things(g.what)).tokens
                                      if t.isalpha() and len(t) > 1 and len(postings.get(t, ())) < common
                                      and t not in _CLAIM_TOKENS and t not in _RECEIVING_STEMS
                                      and t[:3] not in MONTH_STEMS)
        # the people the facts name as prime minister ("PM Sanae Takaichi", "Prime Minister Kishida")
        self._outlets = {s.id: outlet_names((s,)) for s in fact_base.sources}
        """The names each source's outlet goes by ("Jiji Press", "Jiji", "nippon.com")."""
        self._leaders = frozenset(m.group(1) for f in fact_base.facts for m in _LEADER.finditer(f.answer))
        self.recipient_years = frozenset(g.fiscal_year for c in fact_base.countries for g in c.received
                                          if g.fiscal_year is not None)
        """The fiscal years whose OSA recipients the sources name."""

    def partners_differ(self, claim: str, body: str) -> str:
        """The countries a claim says something is done "with" that the answer, saying the same thing is done with
        others ("developing with the UK and Italy"), does not name; "" when there are none or it is not so."""
        if not _WITH.search(claim):
            return ""  # most claims: no gazetteer scan of the answer
        claimed, said = self._with_slots(claim), self._with_slots(body)
        for context, partners in claimed:
            for said_context, said_partners in said:
                extra = partners - said_partners
                if context & said_context and extra:
                    gazetteer = self.matcher.index.gazetteer
                    return " and ".join(sorted(gazetteer.display.get(p, p.removeprefix(OTHER_PREFIX)) for p in extra))
        return ""

    def _with_slots(self, text: str) -> list[tuple[set[str], set[str]]]:
        """Each "with <countries>" of a text: the tokens of the three words before it, and the countries."""
        terms = self.matcher.index.gazetteer.scan(normalize(text), today=self._clock()).terms
        slots: list[tuple[set[str], set[str]]] = []
        for position, term in enumerate(terms):
            if term != "with":
                continue
            partners: set[str] = set()
            for following in terms[position + 1:position + 8]:
                if following.startswith((COUNTRY_PREFIX, OTHER_PREFIX)):
                    partners.add(following)
                elif following not in ("the", "and", "both"):
                    break
            context = {t for w in terms[max(0, position - 3):position] for t in normalize(w).tokens}
            if partners and context:
                slots.append((context, partners))
        return slots


    def verdict(self, answer: Answer, result: MatchResult) -> tuple[Answer, str]:
        """Open the answer to a claim ("X, right?") with Yes or No when the sources settle it.

        "Yes" only when the answer is one fact (or one computation), the claim names a figure, year or
        country, and every number, year, country and word of the claim is found in it: no word the sources
        never use ("rifles"), no quantifier or comparison ("entire", "less than"). "No" when a figure no
        source states, a year, a small number ("six patrol boats" against four) or a receiving country is
        contradicted, or when a country's entry lacks the equipment a claim says it received. Anything
        else: the answer without a verdict. The second value says why, for --explain."""
        if not answer.answered:
            return answer, "not answered"
        if _SUM.search(answer.question):
            return answer, "a sum, which no fact states"  # "FY2023 to FY2025 put together"
        comparison = comparison_in(answer.question)
        if comparison is not None:
            settled = self._compared(comparison, answer)
            if settled is None:
                unheld = self._without_figures(comparison.second)
                if unheld:  # "Japan now spends more on defence than China?": the sources give China no figure
                    lack = f"My sources give no figures for {unheld} to compare with."
                    return (replace(answer, body=f"{lack} Here is what they do say:\n{answer.body}"),
                            f"no verdict ({lack})")
                return answer, "no verdict (a comparison the two sides' figures do not settle)"
            opening = "Yes —" if settled == "yes" else "No —"
            return replace(answer, body=f"{opening} {answer.body}", verdict=settled), "compared the two sides' figures"
        if _headline_quoted(answer.question, answer.sources):
            # "The Kyodo headline was 'Japan to provide defense equipment to Thailand, 7 other nations'?"
            return (replace(answer, body=f"Yes — {answer.body}", verdict="yes"),
                    "quotes the headline of a report the answer cites")
        no_opening = "No — my sources say otherwise:" if _CLAIM.search(answer.question.strip()) else "No —"
        listing = self._year_listing(answer, result)
        if listing is not None and result.entities.countries and set(result.entities.countries) <= listing:
            listed = "every country named is on that year's list"
            return replace(answer, body=f"Yes — {answer.body}", verdict="yes"), listed
        if listing is not None and result.entities.years[0] in self.recipient_years:
            left_out = sorted(self.fact_base.country(c).name for c in set(result.entities.countries) - listing)
            return (replace(answer, body=f"{no_opening} {answer.body}", verdict="no"),
                    f"contradicted: not on that year's list ({', '.join(left_out)})")
        body = "\n".join(p.text for p in answer.parts) if not answer.derived else answer.body
        opening_sentence = first_sentence(body)
        membership = member_of_list(answer.question, body)
        if membership is not None:
            opening = "Yes —" if membership == "yes" else no_opening
            why = "on the list the answer gives" if membership == "yes" else "not on the list the answer gives"
            return replace(answer, body=f"{opening} {answer.body}", verdict=membership), why
        if named_as_replaced(answer.question, body):
            return (replace(answer, body=f"{no_opening} {answer.body}", verdict="no"),
                    "contradicted: the answer gives that name to what was replaced")
        if identity_against_contrast(answer.question, body):
            return (replace(answer, body=f"{no_opening} {answer.body}", verdict="no"),
                    "contradicted: the answer sets the two apart")
        moved = event_year_differs(answer.question, opening_sentence, named_fiscal_years(opening_sentence))
        if moved is not None:  # "reached the 2% goal in FY2027" against "reached its goal ... in FY2025"
            return (replace(answer, body=f"{no_opening} {answer.body}", verdict="no"),
                    f"contradicted: done in {moved}")
        if pending_against_decided(answer.question, opening_sentence):
            return (replace(answer, body=f"{no_opening} {answer.body}", verdict="no"),
                    "contradicted: the answer opens with the day it was decided")
        if answer.topic == "exports" and universal_against_limit(answer.question, body):
            return (replace(answer, body=f"{no_opening} {answer.body}", verdict="no"),
                    "contradicted: the answer states a limit where the claim says any")
        said = normalize(body)
        said_tokens = set(said.tokens) | set(self.matcher.index.gazetteer.scan(
            said, today=self._clock()).terms)
        said_tokens |= _kin(said_tokens)  # "paid for" is what the answer's "fund" says
        # a change worked out between two years states its own percentages: the FY2023 fact's "up 26.3%" is not
        # the rise from FY2023 to FY2024
        stated = quantities(said.words) + tuple(
            f.amount * SCALES.get(f.unit, 1.0) for p in answer.parts if self.fact_base.has_fact(p.fact_id)
            for f in self.fact_base.fact(p.fact_id).figures
            if not (answer.derived == "change" and f.unit == "percent"))
        index = self.matcher.index
        # the figures the answer's facts are about (not every sum their text mentions, like the ¥43tn plan)
        headline = tuple(f.amount * SCALES.get(f.unit, 1.0) for p in answer.parts if self.fact_base.has_fact(p.fact_id)
                         for f in self.fact_base.fact(p.fact_id).figures)
        markers = {w for m in _CLAIM.finditer(answer.question) for w in normalize(m.group()).words}
        # who said it ("Someone on the podcast said ...") is not part of what is claimed
        said_by = _ATTRIBUTION.match(answer.question)
        attribution = set(normalize(said_by.group()).tokens) if said_by else set()
        markers |= set(normalize(said_by.group()).words) if said_by else set()
        # whom the message is addressed to ("@budgetbot quick check") and how it asks ("can I use that?")
        addressed = " ".join(re.findall(r"(?<!\w)@(\w+)", answer.question))
        # (only words the fact base never uses: "was the radar really ..." claims something of the radar)
        attribution |= set(normalize(addressed).tokens) | (
            set(normalize(" ".join(markers)).tokens) & set(result.unknown_tokens))
        words = set(result.normalized.words) - markers  # "legit or not?", "just double-checking" ask; they don't claim
        # the claim words' tokens, as typed and as the matcher reads them ("I heard" -> "heard", read as "head")
        marker_text = normalize(" ".join(markers))
        marker_tokens = set(marker_text.tokens) | set(index.query_tokens(index.gazetteer.scan(
            marker_text, today=self._clock(), known_words=index.known_words).terms)[0])
        # "18 metres long": the word after a length only says it is a length
        attribution |= {stem(after) for unit, after in itertools.pairwise(result.normalized.words)
                        if unit in _LENGTH_UNITS and after in _DIMENSIONS}
        # a known leader's given name ("Fumio Kishida"): the fact names him by his surname
        attribution |= {stem(m.group(1).lower()) for n in self._leaders
                        for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{n}\b", answer.question)}
        # "Kyodo is the source for the ¥43tn plan?", "the Yomiuri reported ...": an outlet the answer cites
        outlets = dict.fromkeys(n for s in answer.sources for n in self._outlets.get(s.id, ()))
        cited = [n for n in outlets if re.search(rf"\b{re.escape(n)}\b", answer.question, re.I)]
        if cited:
            attribution |= {t for n in cited for t in normalize(n).tokens} | _CITING_TOKENS
        # "AIS" where the answer says "automatic identification systems"
        attribution |= {stem(a.lower()) for a in _ACRONYM.findall(answer.question) if _spelled_out(a, said.words)}
        if _WORKS_OUT.search(answer.question) and len(result.quantities) == 1:
            attribution.add("work")  # "works out to ¥X" (not "2% of GDP works out to ¥9.9tn", two figures tied)
        bound = _BOUND.search(_APPROXIMATELY.sub("about ", answer.question))  # "~57%", "≈ ¥9tn" are "about"
        compared = bound is not None
        if bound is not None:  # "around ¥43 trillion", "at least 12": the bound's words are checked with its figure
            attribution |= set(normalize(bound.group(1)).tokens)
        series = {name for p in answer.parts if self.fact_base.has_fact(p.fact_id)
                  for name in [self.fact_base.fact(p.fact_id).series] if name}
        contradicted: list[str] = []
        single_country = len(answer.parts) == 1 and answer.parts[0].fact_id.startswith("country:")
        claim_words = result.normalized.words
        days = {float(w) for i, w in enumerate(claim_words) if w.isdigit() and len(w) <= 2 and any(
            n[:3] in MONTH_STEMS for n in claim_words[max(0, i - 1):i] + claim_words[i + 1:i + 2])}
        # a number of the claim is checked as a figure, a count or a day below, not as a word
        figures_said = {f"{value / scale:g}" for value in result.quantities for scale in (1, 1e3, 1e6, 1e9, 1e12)}
        unconfirmed: list[str] = [
            t for t in result.unknown_tokens
            if t not in _CLAIM_TOKENS and t[:3] not in MONTH_STEMS and t not in _NEUTRAL_WORDS
            and t not in said_tokens and t not in attribution and t not in figures_said
            and not (single_country and t in _ENTRY_WORDS)  # "Fiji was in OSA's first batch": its grants, by year
            # a day of the month the answer gives with the same month ("21 April") is confirmed
            and not (t.isdigit() and float(t) in days and _states_day(int(t), claim_words, said.words))]
        loose: list[str] = []
        """Words of the claim the answer does not use but the fact base does: one may be overlooked for a Yes."""
        grant_amounts: tuple[float, ...] = ()
        if single_country:
            entry = self.fact_base.country(answer.parts[0].fact_id.removeprefix("country:"))
            grant_amounts = tuple(g.amount * SCALES.get(g.unit or "", 1.0) for g in entry.received
                                  if g.amount is not None)
        if single_country and result.entities.years:
            # "The Philippines' FY2023 grant was ¥1.6 billion": only that year's grants hold its amounts.
            record = self.fact_base.country(answer.parts[0].fact_id.removeprefix("country:"))
            other_years = tuple(g.amount * SCALES.get(g.unit or "", 1.0) for g in record.received
                                if g.amount is not None and g.fiscal_year not in result.entities.years)
            this_year = tuple(g.amount * SCALES.get(g.unit or "", 1.0) for g in record.received
                              if g.amount is not None and g.fiscal_year in result.entities.years)
            stated = tuple(v for v in stated if not any(same_quantity(v, o) for o in other_years)
                           or any(same_quantity(v, t) for t in this_year))
        parts = {index.target_by_id.get(p.fact_id) for p in answer.parts}
        if answer.derived and any(v >= 1e6 and not any(same_quantity(v, x) for x in stated)
                                  and set(index.figure_targets((v,), at_most=len(index.targets))) - parts
                                  for v in result.quantities):
            # "the plan before the ¥43tn one was ¥27.5tn, a ~57% step-up" answered by a change worked out between
            # two budgets: a computation from other figures than the claim's settles nothing about it
            return answer, "no verdict (a computation from other figures than the claim's)"
        claimed_fiscal = named_fiscal_years(answer.question)
        if len(claimed_fiscal) == 1:
            # "The FY2024 OSA budget was ¥2 billion" against "¥5 billion, up from ¥2 billion in FY2023": a figure the
            # answer gives only of another fiscal year is not stated of the year claimed
            stated = tuple(v for v in stated if not _of_other_years(v, body, claimed_fiscal))
        in_feet = _lengths_in_feet(claim_words)
        for value in result.quantities:
            if value in days:  # "24 Dec": a date, which the answer's dates may or may not hold (not "15" of
                # "15 January" for a claimed "Dec 15")
                if not _states_day(int(value), claim_words, said.words):
                    unconfirmed.append(f"{value:g}")
                continue
            if any(same_quantity(value, v) for v in stated):
                continue
            if value in in_feet:
                # "about 60 feet long" against "18-metre": a length in feet is compared in metres, and it is
                # never a figure no source states
                metres = _metre_lengths(said.words)
                if any(_meets(m, value * _FOOT, "about") for m in metres):
                    unconfirmed = [u for u in unconfirmed if u not in _FEET_TOKENS]
                else:
                    unconfirmed.append(f"{value:g} feet")
                continue
            # A figure another fact states is a reference to that fact ("the ¥43 trillion plan"), not a
            # wrong figure for this one; unless that fact is another year of the same series (FY2026's
            # ¥9.04 trillion claimed for FY2024), or no fact states it at all.
            owners = index.figure_targets((value,), at_most=len(index.targets))
            same_series = any(same_quantity(value, figure.amount * SCALES.get(figure.unit, 1.0))
                              for name in series for member in self.fact_base.series_members(name)
                              for figure in member.figures)
            # A country's entry lists every grant amount the sources give it: a sum of money claimed for it
            # that none of them is ("Tonga got ¥3bn") is not so, whatever other fact states that sum.
            wrong_grant = single_country and value >= 1e6 and bool(grant_amounts)
            if bound is not None:
                # "over ¥10 trillion" against ¥9.04 trillion: a bound is checked against the stated figures
                # of its size; it is contradicted when none of them meets it, and never confirmed exactly (and,
                # like any figure, one another fact states is a reference to it: "2% of GDP works out to about
                # ¥11tn" said beside an answer about the supplementary budget).
                near = [v for v in headline or stated if value / 10 <= v <= value * 10]
                met = [_meets(v, value, bound.group(1).lower()) for v in near]
                if near and all(m is False for m in met) and (not owners or same_series or wrong_grant):
                    contradicted.append(f"{value:g}")
                elif not (headline and near and all(m is True for m in met)):
                    unconfirmed.append(f"{value:g}")
                continue
            # a figure someone asked for ("did the US ask Japan to spend 3.5%?") is no figure of the sources' own
            requested = bool(words & _REQUEST_WORDS)
            (contradicted if (not owners or same_series or wrong_grant) and not requested
             else unconfirmed).append(f"{value:g}")
        contradicted.extend(_paired_otherwise(claim_words, body))
        if len(result.quantities) == 1 and figure_of_another_actor(answer.question, body, result.quantities[0]):
            contradicted.append("whose sum it is")  # the Defense Ministry's share claimed as the whole
        partners = self.partners_differ(answer.question, body)
        if partners:
            contradicted.append(f"with {partners}")  # "co-developed with the US" where the answer says the UK
        if actor_differs(answer.question, body):
            contradicted.append("who did it")  # "decided by the Diet" where the answer names the Cabinet
        if len(answer.parts) == 1 and not _NEGATION.search(answer.question):
            # "Indonesia's parliament rejected the grant" where the answer says it agreed to accept it
            contradicted.extend(f"{claimed} (the answer: {opposite})" for claimed, opposite in _opposed(
                set(result.normalized.words), set(said.words)))
        if (len(answer.parts) == 1 or answer.derived) and rate_differs(answer.question, body):
            contradicted.append("the rate of change")  # "+15% yoy" where the answer says "up 9.5%"
        count_words = said.words
        if len(claimed_fiscal) == 1:  # "FY2026 covers eight countries" against "(FY2025 covered eight)"
            count_words = normalize(" ".join(c for c in _CLAUSE.split(body) if not (
                (named := named_fiscal_years(c)) and not named & claimed_fiscal))).words
        counted = {w for w in count_words if w.isdigit()}
        for position, word in enumerate(claim_words):
            following = claim_words[position + 1] if position + 1 < len(claim_words) else ""
            previous = claim_words[position - 1] if position else ""
            designation = re.search(rf"[a-z]-?{word}\b", answer.question, re.IGNORECASE)  # "PAC-3", "F35"
            day = following[:3] in MONTH_STEMS or previous[:3] in MONTH_STEMS  # "24 Dec", "March 26"
            if (word.isdigit() and len(word) <= 2 and word not in counted and following not in _UNIT_WORDS
                    and not compared and not designation and not day):
                # "six patrol boats" where the answer counts four patrol boats is not so; where the answer gives
                # no count of that thing ("four recipients" beside a list of four names), it is not settled
                if following in _ORDINAL_SUFFIXES:  # "the 12th straight rise" against "the 14th"
                    stated_counts = {n for n, after in itertools.pairwise(count_words)
                                     if after in _ORDINAL_SUFFIXES}
                else:
                    after_count = claim_words[position:position + 5]
                    counted_kinds = {counted_kind(t) for n, t in counted_things(after_count, past_measures=True)
                                     if n == word}
                    stated_counts = {n for n, t in counted_things(count_words) if counted_kind(t) in counted_kinds}
                (contradicted if stated_counts else unconfirmed).append(word)
        # "one year ahead of schedule" against "two years ahead of schedule"
        claimed_leads, said_leads = _years_off(answer.question), _years_off(body)
        for way, count in claimed_leads:
            if any(w == way for w, _ in said_leads) and (way, count) not in said_leads:
                contradicted.append(f"{count} year(s) {way}")
        # "Tonga got 2,000 drones" against "eight drones ... and 2,000 military uniforms": a number the answer gives
        # of other things is no count of this one, and another count of the same thing contradicts it
        said_pairs = counted_things(count_words)
        claimed_pairs: dict[str, str] = {}  # a large count and the word after it; small ones are checked above
        for number, thing in counted_things(claim_words):
            if len(number) >= 3 and int(number) not in result.entities.years:
                claimed_pairs.setdefault(number, thing)
        for number, thing in claimed_pairs.items():
            kind = counted_kind(thing)
            if any(n == number and counted_kind(t) == kind for n, t in said_pairs) or compared:
                continue
            if any(counted_kind(t) == kind for _, t in said_pairs):
                contradicted.append(f"{number} {thing}")
            elif any(n == number for n, _ in said_pairs):
                unconfirmed.append(f"{number} {thing}")
        # "the third year of the plan" where the answer says the fourth year: an ordinal of the same thing that
        # the answer gives for nothing ("the 14th year in a row" may be its "14th yearly increase")
        claimed_ranks = ordinal_ranks(claim_words)
        said_ranks = ordinal_ranks(said.words)
        any_said = {r for ranks in said_ranks.values() for r in ranks}
        for thing, ranks in claimed_ranks.items():
            if said_ranks.get(thing) and not ranks & any_said:
                contradicted.extend(f"{RANK_NAMES[r - 1] if r <= len(RANK_NAMES) else r} {thing}" for r in ranks)
        # "risen 10 years in a row" against "the 14th consecutive increase": the length of the run
        claimed_run = {count_value(m.group(1) or m.group(2)) for m in _RUN.finditer(answer.question)}
        said_run = {int(m.group(1)) for m in _RUN_SAID.finditer(body)}
        if len(claimed_run) == 1 and len(said_run) == 1:
            run = claimed_run.pop()
            unconfirmed = [u for u in unconfirmed if u not in (str(run), f"{float(run):g}")]
            if run not in said_run:
                contradicted.append(f"{run} years in a row")
        # "It was Shinzo Abe who set the plan": someone named in full who is not the leader the answer names
        said_leaders = {n for n in self._leaders if n in body}
        cleft = _CLEFT_PERSON.search(answer.question)
        if cleft and said_leaders and cleft.group(1).split()[-1] not in self._leaders:
            contradicted.append(cleft.group(1))
        years = set(said.years) | {y for p in answer.parts if self.fact_base.has_fact(p.fact_id)
                                   for y in self.fact_base.fact(p.fact_id).years}
        entries_only = all(p.fact_id.startswith("country:") for p in answer.parts)  # one country's or several
        unlisted = sorted(y for y in result.entities.years if entries_only and y not in self.recipient_years)
        if unlisted:
            # "Is Fiji an OSA recipient in FY2026?": the sources name no FY2026 recipients, so neither Yes nor No
            lack = f"My sources do not name the {year_list(tuple(unlisted))} OSA recipients."
            return replace(answer, body=f"{lack} {answer.body}"), f"no verdict ({lack})"
        for year in result.entities.years:
            if year not in years:
                # one year claimed and another answered is not so; of several years claimed ("bigger than FY2023,
                # FY2024 and FY2025 put together"), one the answer leaves out is only not settled
                (contradicted if len(result.entities.years) == 1 else unconfirmed).append(str(year))
        # A fiscal year claimed as one ("the plan started in FY2022") is checked against the fiscal years the
        # answer names ("FY2023 to FY2027"), not against calendar years it mentions ("December 2022").
        # "unveiled in December 2023" where the answer says December 2022: a month the answer dates in
        # another year only
        said_months = _month_years(body)
        for month, year in _month_years(answer.question):
            if (month, year) not in said_months and any(m == month for m, _ in said_months):
                contradicted.append(f"{month} {year}")
        # "revised on 21 March 2026" where the answer opens on 21 April 2026: a full date claimed that the answer
        # does not give, against the one it opens with in that year
        opening_dates = _full_dates(opening_sentence)
        body_dates = _full_dates(body)
        for date in _full_dates(answer.question) - body_dates:
            # "signed dec 15 2024" against "(5 December 2024)", "29 Oct 2025" against "29 September 2025": a
            # date of the answer one part off; unless the answer says it lacks a date ("does not give the date
            # of the Cabinet's approval"), which that other date may not be
            near_miss = any(y == date[0] and (m == date[1]) != (d == date[2]) for y, m, d in body_dates)
            if any(y == date[0] for y, _m, _d in opening_dates) or (near_miss and not _DATE_LACK.search(body)):
                contradicted.append(f"{date[2]} {MONTHS[date[1] - 1]} {date[0]}")
        if _replacement_reversed(answer.question, body):
            contradicted.append("which replaced which")  # "the Arms Exports principles replaced the Transfer ones"
        # "Jiji says 12 countries" where the answer gives "10 per Jiji Press, at least 12 per the Japan Times"
        contradicted.extend(_figure_of_another_outlet(answer.question, body, cited))
        # "the cabinet approved it on 15 March 2024" where the answer's 15 March 2024 is the ruling bloc's
        contradicted.extend(_actor_of_date_differs(answer.question, body))
        # "Kishida's the PM whose cabinet approved the FY2026 draft": the answer names another leader only
        claimed_leaders = {n for n in self._leaders if re.search(rf"\b{n}\b", answer.question, re.IGNORECASE)}
        if claimed_leaders - said_leaders and said_leaders - claimed_leaders:
            contradicted.extend(sorted(claimed_leaders - said_leaders))
        elif claimed_leaders and result.quantities:
            # "Takaichi set the ¥43 trillion plan" against "... under Prime Minister Kishida": the leader the answer
            # names in the sentence that states the claim's figure is the one it is said of
            for sentence in SENTENCE_END.split(body):
                figures = quantities(normalize(sentence).words)
                named_there = {n for n in self._leaders if n in sentence}
                if (named_there and not named_there & claimed_leaders
                        and any(same_quantity(v, f) for v in result.quantities for f in figures)):
                    contradicted.extend(sorted(claimed_leaders))
                    break
        # "the plan covers FY2022 to FY2026" where the answer's one span is FY2023 to FY2027
        claimed_spans, said_spans = _spans(answer.question), _spans(body)
        if len(said_spans) == 1 and claimed_spans and not claimed_spans & said_spans:
            contradicted.extend(f"FY{a} to FY{b}" for a, b in sorted(claimed_spans))
        fiscal_said = named_fiscal_years(body)
        for year in named_fiscal_years(answer.question):
            if fiscal_said and year in years and year not in fiscal_said:
                contradicted.append(f"FY{year}")
        # "Isn't Fiji one of the first four?" asks whether Fiji is: a leading "isn't" does not negate the claim
        negated = bool(words & {"not", "no", "never", "yet", "nor"}
                       or _NEGATION.search(_CLAIM.sub(" ", _LEADING_NEGATIVE.sub(r"\1", answer.question))))
        # receiving OSA: sending missiles to the US is an export, not a grant to a non-recipient
        # ("Sri Lanka's OSA package was patrol boats": a country's package, deal or grant is what it received)
        receiving = (bool(words & _RECEIVING_WORDS) or (single_country and bool(words & _PACKAGE_WORDS))) \
            and not negated and answer.topic == "osa"
        for country in result.entities.countries:
            record = self.fact_base.country(country)
            if f"country_{country}" not in said_tokens:
                unconfirmed.append(record.name)
            elif receiving and record.status in ("priority-partner", "mentioned"):
                contradicted.append(record.name)
        if "osa" in result.tokens and answer.topic not in (None, "osa") and "osa" not in said_tokens:
            unconfirmed.append("OSA")  # "the 17 countries with OSA agreements": the export rules name no OSA
        for token in result.tokens:
            if token in said_tokens or token in _CLAIM_TOKENS or token.startswith("country_") or token[:1].isdigit():
                continue
            if single_country and token in _ENTRY_WORDS:
                continue  # a country's entry is its grants by year: "Malaysia's first-year grant" asks about them
            generic = len(index.target_postings.get(token, ())) >= 0.2 * len(index.targets)
            if (not generic and token not in _CLAIM_TOKENS and token not in attribution and token not in _NEUTRAL_WORDS
                    and token not in marker_tokens):
                loose.append(token)
        # a model's designation the answer does not give ("PAC-2/PAC-3" against the fighter-jet rule) names
        # another thing: it is never overlooked for a Yes
        designations = [t for t in loose if re.search(rf"\b{re.escape(t)}[a-z]*-?\d", answer.question, re.I)]
        unconfirmed.extend(designations)
        loose = [t for t in loose if t not in designations]
        # a count the answer states ("one of the five categories") makes a claim as checkable as a figure
        counts = {w for w in claim_words if w.isdigit() and len(w) <= 2 and w != "1"} - {f"{v:g}" for v in days}
        checkable = (result.quantities or result.entities.years or result.entities.countries
                     or (counts and counts <= counted))
        things = [t for t in unconfirmed + loose if t in self.grant_words or t in _WEAPON_TOKENS]
        if single_country and receiving and things and not contradicted:
            # A country's entry lists everything the sources say it received: equipment the claim says it
            # received that other grants speak of ("patrol boats") and this entry does not list is not so.
            contradicted.extend(things)
        # The service a grant went to: a claim naming another one than the answer names is not so.
        claim_tokens = set(result.tokens) | set(result.unknown_tokens)  # "army" is no word of the fact base
        claimed_branch = {b for b, words_of in _BRANCHES.items() if words_of <= claim_tokens}
        said_branch = {b for b, words_of in _BRANCHES.items() if words_of <= set(said.tokens)}
        if single_country and claimed_branch and said_branch and not claimed_branch & said_branch:
            contradicted.extend(sorted(claimed_branch))
        # what the equipment is made of: "steel hulls" where the answer says "aluminium-hulled"
        claimed_material, said_material = claim_tokens & _MATERIALS, set(said.tokens) & _MATERIALS
        if len(answer.parts) == 1 and claimed_material and said_material and not claimed_material & said_material:
            contradicted.extend(sorted(claimed_material))
        # "OSA budgets: ¥2bn in FY2023, ¥5bn in FY2024": several years of one series, each figure the one its year's
        # fact states
        year_by_year = self._each_year_s_figure(answer.question, answer)
        one_answer = len(answer.parts) == 1 or bool(answer.derived) or year_by_year
        # a quantifier the answer itself uses ("the first supplied under OSA") is checked like any word
        quantified = words & _QUANTIFIERS - (set(said.words) - _NEVER_CONFIRMED)
        # "the biggest single grant": a superlative (read as "size" once normalised) the answer does not use
        # ("the biggest ever", "the largest since the war" is the answer's "record")
        on_record = bool(re.search(r"\brecord\b", body) and _EVER.search(answer.question))
        quantified |= {m.group().lower() for m in _SUPERLATIVE.finditer(answer.question)
                       if not re.search(rf"\b{m.group()}\b", body, re.IGNORECASE) and not on_record}
        if _VERY_FIRST.search(answer.question) and "very first" not in body:
            quantified.add("first")  # "the very first OSA project" against "one of the first four recipients"
        if only_said_alike(answer.question, body):  # "can only go to 17 countries" against "only to the 17 countries"
            quantified -= {"only"}
        if bound is not None:  # the bound's own words ("more than ¥5bn") were checked against the figures
            quantified -= set(bound.group(1).lower().split())
        if _EXISTENTIAL_ANY.search(answer.question):  # "did they get any boats?" asks whether they got boats
            quantified -= {"any"}
        # several years: the span the answer gives, or, for a country's entry, years it lists one by one ("an OSA
        # recipient in FY2023, FY2024 and FY2025"), each of which must be a year it was a recipient
        years_ok = (len(result.entities.years) <= 1 or _same_span(answer.question, body) or year_by_year
                    or (single_country and set(result.entities.years) <= self.entry_years(answer.parts[0].fact_id)))
        preceding = _preceding(claim_words)
        # "we hit 2% of GDP in FY2027 as planned": FY2027 is in the answer, but it opens on FY2025
        opening_years = named_fiscal_years(opening_sentence)
        claimed_years = named_fiscal_years(answer.question)
        elsewhere = (not answer.derived and len(claimed_years) == 1 and bool(opening_years)
                     and not claimed_years & opening_years)
        if preceding and len(result.quantities) == 1:
            # "the plan before Kishida's was ¥43 trillion": the claim's figure is checked against the figures the
            # answer gives beside its own "previous" ("up from ¥27.47 trillion under the previous plan")
            earlier, later = _earlier_figures(body)
            value = result.quantities[0]
            if any(same_quantity(value, v) for v in earlier):
                preceding = []
            elif any(same_quantity(value, v) for v in later) and any(value / 10 <= v <= value * 10 for v in earlier):
                contradicted.append(f"{value:g}")
        # an answer that opens with something ended ("to remove the five-category limit") may match every word
        # of a claim about how things stood before it: only a claim that names the change can be confirmed
        ended = (set(normalize(opening_sentence).tokens) & _ENDING_TOKENS) - _kin(set(result.tokens))
        if ended and words & _PAST and not words & _NOW:
            ended = set()  # "transport WAS one of the five categories": a claim about before, which the answer holds
        if ended and (_full_dates(answer.question) & _full_dates(opening_sentence)
                      or _month_years(answer.question) & _month_years(opening_sentence)):
            ended = set()  # "adopted ... on 1 April 2014": a claim about the change the answer opens with, on its day
        # what a country received is settled by its own entry, not by a fact that names it beside a total
        # ("Djibouti got ¥5 billion" against "the FY2024 budget was ¥5 billion ... funded ... Djibouti")
        # (with or without a word of receiving: "philippines fy24 osa = 1.1bn yen" against the FY2024 list, where
        # ¥1.1 billion is another country's)
        own_entry = single_country or not (any(self.fact_base.country(c).received for c in result.entities.countries)
                                           and any(v >= 1e6 for v in result.quantities))
        if contradicted and not negated:
            # a claim is answered "my sources say otherwise"; a plain yes/no question just "No"
            opening = no_opening
        elif (not contradicted and not unconfirmed and checkable and one_answer and not quantified and not ended
              and not negated and years_ok and own_entry and not preceding and not elsewhere
              and (not loose or (len(loose) == 1 and not things and loose[0] not in _TURNING_TOKENS
                                 and self._about_the_same(loose[0], answer)))):
            opening = "Yes —"
        else:
            blocks = [f"{name}: {', '.join(values)}" for name, values in (
                ("not in the answer", unconfirmed), ("words the answer does not use", loose)) if values]
            blocks += [why for why, holds in (
                ("no figure, year, country or count to check", not checkable), ("several answers", not one_answer),
                (f"a quantifier ({', '.join(sorted(quantified))})", bool(quantified)),
                ("the answer says something ended", bool(ended)), ("negated", negated and not contradicted),
                ("a span of years the answer does not give", not years_ok),
                (f"said of an earlier one ({', '.join(preceding)})", bool(preceding)),
                ("the answer opens on another fiscal year", elsewhere),
                ("what a country received is settled by its own entry", not own_entry)) if holds]
            return answer, "no verdict (" + "; ".join(blocks or ["more than one word the answer does not use"]) + ")"
        reason = f"contradicted: {', '.join(contradicted)}" if opening.startswith("No") else "every part found"
        return replace(answer, body=f"{opening} {answer.body}", verdict=opening.split()[0].lower()), reason

    def _each_year_s_figure(self, claim: str, answer: Answer) -> bool:
        """Does every clause of a claim with a figure name one fiscal year of the answer's series, whose fact states
        that figure ("¥2bn in FY2023, ¥5bn in FY2024"), in two clauses or more? Not when a figure is given to
        another year than the one stating it."""
        members = [self.fact_base.fact(p.fact_id) for p in answer.parts if self.fact_base.has_fact(p.fact_id)]
        if len(members) < 2 or len(members) != len(answer.parts) or len({m.series for m in members}) != 1 \
                or not members[0].series:
            return False
        by_year = {m.fiscal_year: m for m in members}
        checked = 0
        for clause in _PAIR_CLAUSE.split(claim):
            values = quantities(normalize(clause).words)
            if not values:
                continue
            years = named_fiscal_years(clause)
            if len(years) != 1 or next(iter(years)) not in by_year:
                return False
            member = by_year[next(iter(years))]
            stated = [f.amount * SCALES.get(f.unit, 1.0) for f in member.figures]
            stated += quantities(normalize(member.answer).words)
            if not all(any(same_quantity(v, x) for x in stated) for v in values):
                return False
            checked += 1
        return checked >= 2

    def _year_listing(self, answer: Answer, result: MatchResult) -> frozenset[str] | None:
        """For a claim that several countries were OSA recipients in one fiscal year ("Mongolia and Djibouti were
        both FY2024 recipients"), the countries that year's list of recipients names; None for any other claim.
        Every named country on it confirms the claim; one left off a year whose recipients the sources name
        ("the FY2024 recipients were ... and Sri Lanka") contradicts it."""
        named = set(result.entities.countries)
        if (len(answer.parts) < 2 or len(named) < 2 or len(result.entities.years) != 1 or result.quantities
                or answer.topic != "osa" or _NEGATION.search(answer.question)
                or {p.fact_id for p in answer.parts} != {f"country:{c}" for c in named}):
            return None
        claimed = {t for t in result.tokens if not t.startswith("country_")} | set(result.unknown_tokens)
        listing_words = {"osa", "recipi", "both", "each", "fy", "list", "name", "among"}
        if claimed - _CLAIM_TOKENS - _RECEIVING_STEMS - listing_words - self._name_tokens(named):
            return None  # "both got patrol boats": more is claimed than being on the list
        lists = self.year_lists(result.entities.years[0])
        return lists[0].countries if lists else None

    def year_lists(self, year: int) -> list[Target]:
        """The OSA facts of one fiscal year that list its recipient countries, in fact-base order."""
        index = self.matcher.index
        targets = (index.targets[index.target_by_id[f.id]] for f in self.fact_base.facts
                   if f.id in index.target_by_id and f.fiscal_year == year and f.series and f.topic == "osa")
        return [t for t in targets if t.countries]

    def entry_years(self, target_id: str) -> set[int]:
        """The fiscal years a country's entry names it a recipient in: its grants' years and its note's years."""
        country = self.fact_base.country(target_id.removeprefix("country:"))
        return ({g.fiscal_year for g in country.received if g.fiscal_year is not None}
                | (named_fiscal_years(first_sentence(country.note)) if country.note and country.status == "recipient"
                   else set()))

    def _name_tokens(self, countries: set[str]) -> set[str]:
        """The tokens of countries' names ("east", "timor"), which a claim naming them may leave behind."""
        return {t for c in countries for name in (self.fact_base.country(c).name, *self.fact_base.country(c).aliases)
                for t in normalize(name).tokens}

    def _compared(self, comparison: Comparison, answer: Answer) -> str | None:
        """Yes or No for a claim comparing two countries' grants or two years of the answer's series."""
        countries = [c for c in self.fact_base.countries if c.received]
        named = countries_named(answer.question, countries)
        if named:
            if not all(c.name in answer.body for c in named):
                return None  # the answer must show both sides' figures
            years = set(comparison_years(answer.question))
            return settle_countries(comparison, countries, years.pop() if len(years) == 1 else None) \
                if len(years) <= 1 else None
        series = {self.fact_base.fact(p.fact_id).series for p in answer.parts if self.fact_base.has_fact(p.fact_id)}
        name = series.pop() if len(series) == 1 else None
        if not name or name not in self.deriver.headlines:
            return None
        return settle_years(comparison, lambda year: tuple(h.value for h in self.deriver.heads(name, year, "JPY")))

    def _without_figures(self, side: str) -> str:
        """The countries one side of a comparison names that the sources give no figures for ("than China"): a
        country the fact base only mentions, or one it does not know; "" when there are none."""
        entities = self.matcher.index.gazetteer.scan(normalize(side), today=self._clock())
        names = [self.fact_base.country(c).name for c in entities.countries
                 if self.fact_base.country(c).status == "mentioned"]
        names += [self.matcher.index.gazetteer.display.get(o, o.removeprefix(OTHER_PREFIX))
                  for o in entities.other_countries]
        return " and ".join(dict.fromkeys(names))

    def _about_the_same(self, token: str, answer: Answer) -> bool:
        """Is a word of a claim one the answer's facts are about, though their text does not use it? Yes when
        their example questions use it ("the FY2024 draft"), or when every fact that uses it is of the answer's
        topic; not "submarines" in a claim about Fiji's grants, which only facts of other topics mention."""
        index = self.matcher.index
        numbers = [index.target_by_id[p.fact_id] for p in answer.parts if p.fact_id in index.target_by_id]
        if any(token in index.example_text[e].split() for n in numbers for e in index.target_examples[n]):
            return True
        owners = [index.targets[int(n)] for n in index.target_postings.get(token, ())]
        topics = {t.topic for t in owners}
        return bool(owners) and topics == {answer.topic}


_CLAIM_TAG = (
    r"(?:[,.!]?\s*(?:right|rite|ryt|correct|true|yeah|yes|no|innit|isn'?t (?:it|that|he|she)"
    r"|didn'?t (?:it|they|she|he|we)|doesn'?t (?:it|he|she|that)|hasn'?t (?:it|he|she)|weren'?t they|won'?t (?:it|they)"
    r"|don'?t they|wasn'?t it|aren'?t they|is that (?:right|correct|true|so|accurate|the number)|am i right"
    r"|yes or no|true or false|y/n|is correct|i heard|confirm|accurate|legit(?: or not)?|sounds? right"
    r"|is (?:that|this|it) real|real or (?:spin|not|fake|hype)"
    r"|that'?s what (?:the article|it|they|you|he|she) sa(?:id|ys)"
    r"|(?:just )?double[- ]?checking|or am i (?:misremembering|wrong)|can i (?:print|quote|use) that"
    r"|(?:seems|sounds) (?:\w+ )*too (?:high|low|big|small|much)(?: (?:to|for) me)?"
    r"|the member doesn'?t believe it)\s*(?:[?!.:]+\s*(?=\S)|[?!.]*\s*$))"
)
"""A question tag that asks for a check: "..., right?", "... true?", "legit?", "or am I misremembering?"."""
_CLAIM_LEAD = (
    r"^\W*(?:quick |a )?(?:is it true|it'?s true|is true that|(?:i )?heard|i read|i'?ve read|i'?ve heard"
    r"|someone (?:said|told)|safe to say|fair to say|can i (?:write|say)|true that|confirm(?: that)?|am i right"
    r"|is it correct|fact[- ]check|sanity[- ]check\W*|so basically|supposedly|my understanding is|(?:quick )?yes/no"
    r"|i was told|i'?ve been told|we were told|i got told|i keep (?:hearing|reading)"
    r"|(?:(?:can|could) (?:you|i|we) |pls |please )confirm|can i (?:describe|call)"
    r"|is it ok to (?:describe|say|call))\b"
)
"""An opening that asks for a check: "Is it true that ...", "I heard ...", "Someone said ..."."""
_CLAIM_FRAMING = re.compile(f"{_CLAIM_TAG}|{_CLAIM_LEAD}", re.IGNORECASE)
_FIRST_PERSON = re.compile(r"\W*(?:i|i'm|i've|i'd|we|we're|we've)\b", re.IGNORECASE)
_CLAIM = re.compile(
    f"{_CLAIM_TAG}|{_CLAIM_LEAD}|"
    r"\b(?:is|was|were|are|did|does|has) (?:it |that |this |the \w+ |\w+ )?really\b",
    re.IGNORECASE,
)
"""A claim to check: "X, right?", "is it true that ...", "I heard ...", "... true?"."""
_RECEIVING_WORDS = frozenset({"recipient", "got", "get", "gets", "given", "gave", "sent", "take", "took", "taken",
                              "give", "gives", "giving", "provide", "provided", "provides", "supply", "supplied",
                              "supplies", "send", "sends", "deliver", "delivered", "fund", "funds", "funded",
                              "getting", "receive", "receives", "receiving", "obtain", "obtained", "benefit",
                              "benefits", "benefited", "funding", "money", "grant", "grants", "aid"})
"""Words that make a claim about a country one of receiving OSA (normalised: "received" reads "recipient")."""
_RECEIVING_STEMS = frozenset(stem(w) for w in _RECEIVING_WORDS)
_ENDING_TOKENS = frozenset(stem(w) for w in (
    "remove", "removed", "removal", "scrap", "scrapped", "abolish", "abolished", "abolition", "lift", "lifted",
    "lifting", "cancel", "cancelled", "end", "ended", "replace", "replaced", "suspend", "suspended", "halt",
    "halted", "withdraw", "withdrew", "drop", "dropped", "ban", "banned", "expire", "expired", "superseded"))
"""Words by which an answer says something stopped being so."""
_PAST = frozenset({"was", "were", "used", "had", "did", "previously", "formerly", "old", "original", "originally",
                   "former"})
"""A claim about how things stood before ("was one of the five categories")."""
_NOW = frozenset({"still", "today", "currently", "anymore", "nowadays", "presently", "yet"})
"""A claim about how things stand now: the sources tell what changed when, not that nothing changed since."""
_PRECEDING = frozenset({"before", "previous", "prior", "preceding", "predecessor", "earlier"})
"""Words that move a claim onto an earlier thing ("the plan before Kishida's"): the answer's words and figures may
all be there, said of the later one."""
_QUANTIFIERS = frozenset({"any", "all", "every", "only", "never", "always", "none", "no", "nothing", "excludes",
                          "exclude", "excluding", "without", "not", "first", "largest", "smallest", "most", "least",
                          "entire", "entirely", "whole", "full", "fully", "solely", "exclusively", "less", "more",
                          "fewer", "than", "higher", "lower", "bigger", "smaller", "exceed", "exceeds", "tops", "top",
                          "almost", "nearly", "about", "biggest", "highest", "lowest", "greatest", "fewest",
                          *_NOW})
"""A claim with one of these turns on more than figures and names: it gets the facts, not a "Yes"."""
_CLAIM_TOKENS = frozenset(stem(w) for w in (
    "true", "right", "correct", "yeah", "yes", "heard", "hear", "confirm", "safe", "write", "sure", "someone",
    "isn", "innit", "seems", "seem", "think", "thought", "read", "claim", "claims", "told", "check", "really",
    "got", "get", "gets", "given", "gave", "go", "goes", "went", "among", "part", "accurate", "legit",
    "sound", "sounds", "double", "checking", "misremembering", "supposedly", "understanding", "fair", "quick",
    "describe", "member", "believe", "stretch", "seem", "see",
    "package", "deal", "project", "scheme", "allocation", "pot", "money", "number", "amount", "sum", "size",
    "worth", "value", "figure", "line", "time", "run", "runs", "cover", "covers", "span", "spans",
))
"""The words that make a message a claim to check; they are not part of what is claimed."""
_UNIT_WORDS = frozenset({"thousand", "million", "billion", "trillion", "percent", "times"})
_WEAPON_TOKENS = frozenset(stem(w) for w in ("weapon", "weapons", "arms", "lethal", "missile", "missiles",
                                              "munition", "munitions", "gun", "guns", "tank", "tanks", "fighter",
                                              "warship", "warships", "destroyer", "destroyers", "frigate", "frigates",
                                              "submarine", "submarines", "rifle", "rifles", "ammunition"))
"""What OSA grants are not: a claim that a country received these is checked against its entry's list."""
_TURNING_TOKENS = frozenset(stem(w) for w in (
    "cut", "cuts", "reduce", "reduced", "decrease", "decreased", "fell", "fall", "drop", "dropped", "decline",
    "declined", "shrink", "shrank", "reject", "rejected", "cancel", "cancelled", "scrap", "scrapped", "suspend",
    "suspended", "halt", "halted", "loan", "loans", "ban", "banned", "deny", "denied", "refuse", "refused",
    "withdraw", "withdrew", "lower", "down", "lost", "lose", "block", "blocked", "veto", "vetoed", "oppose",
    "opposed", "abandon", "abandoned", "delay", "delayed", "postpone", "postponed", "end", "ended", "stop",
    "stopped", "start", "started", "launch", "launched", "began", "begin", "lift", "lifted", "remove",
    "removed", "ease", "eased", "tighten", "tightened", "before", "after",
    "since", "until", "instead", "except", "half", "double", "triple", "twice", "fifth", "tenth", "per", "each",
))
"""Words that can turn a claim false on their own ("the OSA budget was cut"): never overlooked for a Yes."""
_POLAR = re.compile(
    r"(?:^\W*(?:@\w+\W+)?|[,;:]\s+|\s[-\u2013\u2014]\s+)(?:is|are|was|were|did|does|do|has|have|had)(?:n'?t)?\s"
    r"(?![^?]*\b(?:or|which|what|how|when|where|who|why)\b)[^?]*\?+(?:\s+[^?]{1,40})?\s*$"
    # "was it Kishida who set the plan?", "Kishida was the PM who set the plan?": a cleft asks whether it was so
    r"|^\W*(?:@\w+\W+)?(?:is|was)(?:n'?t)?\s+it\s+(?![^?]*\b(?:or|which|what|how|when|where|why)\b)"
    r"[^?]*\b(?:who|that)\b[^?]*\?+\W*$"
    r"|^\W*(?:@\w+\W+)?(?!(?:what|which|who|whom|whose|when|where|why|how)\b)(?![^?]*\b(?:or|vs|versus)\b)"
    r"[^?]*\b(?:was|is|were|are)\s+(?:the\s+)?(?:one|ones|person|people|pm|prime\s+minister|party|parties|body"
    r"|bodies|government|cabinet|leader|country|countries)\s+(?:who|that|which)\b[^?]*\?+\W*$"
    r"|^\W*(?:@\w+\W+)?(?!(?:what|which|who|whom|whose|when|where|why|how|is|are|was|were|do|does|did|has|have"
    r"|had|can|could|should|would|will|shall|may|might|tell|give|list|show|explain|any|anything|and|or)\b)"
    r"(?![^?]*\b(?:what|which|who|when|where|why|how|or|vs|versus)\b)"
    r"[^?]*\b(?:got|received|rose|fell|gave|cost|costs|totalled|totaled|came|was|were|is|are|[a-z]{3,}ed|ok'?d"
    r"|can|can'?t|cannot|could|let|lets|works|sorts|splits|split|spends|have)\b[^?]*\?+"
    r"(?:\s+(?![^?]*\b(?:what|which|who|when|where|why|how)\b)[^?]{1,60})?\W*$"
    # a statement with a verb of saying, covering or reaching, or a figure after ':' or '=' ("FY2024: ¥8.95tn?")
    r"|^\W*(?:@\w+\W+)?(?!(?:what|which|who|whom|whose|when|where|why|how|can|could|should|would|will|shall|may"
    r"|might|must|is|are|was|were|do|does|did|has|have|had|tell|give|list|show|explain|any|anything|and|or)\b)"
    r"(?![^?]*\b(?:what|which|who|when|where|why|how|or|vs|versus)\b)"
    r"[^?]*(?:\b(?:says|said|covers?|covered|cites|cited|includes?|included|means?|goes|went|will|has|had|makes"
    r"|made|allows?|permits?|lets|reach(?:es)?|reached|tops|topped|hits|exceeds?|exceeded|puts|put|becomes|became"
    r"|marks|marked|remains|stands|that'?s|it'?s)\b|[:=]\s*[^?]*\d|\s=\s|[+]\d)[^?]*\?+\W*$",
    re.IGNORECASE)
"""A yes/no question ("Did the Philippines get boats in FY2024?", "I'm Sri Lankan, is my country on the
list?") or a statement asked as one ("Mongolia got a radar worth ¥1.3bn?") states something and asks whether
it is so; not one that offers a choice or asks for a detail ("Is it X or Y?", "Does it say how much?")."""
_WHICH_IS_RIGHT = re.compile(r"\bwhich\b[^.?!]*\b(?:right|correct|true)\b", re.IGNORECASE)
_LEADING_NEGATIVE = re.compile(r"^(\W*(?:@\w+\W+)?(?:is|are|was|were|did|does|do|has|have|had))n'?t\b", re.IGNORECASE)
_NEGATION = re.compile(r"\b(?:not|never|isn'?t|aren'?t|wasn'?t|weren'?t|doesn'?t|don'?t|didn'?t|hasn'?t"
                       r"|haven'?t|won'?t|can'?t|cannot)\b", re.IGNORECASE)
"""A negated claim ("isn't expected to reach 2% until FY2027") is never confirmed with a Yes."""
_BOUND = re.compile(
    r"\b(over|under|above|below|more than|less than|fewer than|higher than|lower than|bigger than|smaller than"
    r"|exceed(?:s|ing)?|at least|at most|up to|about|around|roughly|nearly|almost|approximately|some)"
    r"\s+(?:[¥$]|us\$|yen\s)?\s*\d", re.IGNORECASE)
"""A figure given as a bound ("over 25%", "about ¥3tn"): checked as a bound, not as the figure itself."""
_APPROXIMATELY = re.compile(r"[~≈]\s*(?=[¥$]|us\$|\d)", re.IGNORECASE)


def _meets(stated: float, bound: float, word: str) -> bool | None:
    """Does a stated figure meet a claimed bound ("over" 25 by 26.3)? None when it cannot be said.

    "About 9 trillion" is met by 9.04: the stated figure rounds to the claim at the claim's precision (or is
    within 2% of it). "About 10 trillion" is not (9.04 rounds to 9); a figure more than 5% off the claim is not
    "about" it, and one between those lines is not settled either way."""
    if word in ("over", "above", "more than", "higher than", "bigger than", "exceed", "exceeds", "exceeding",
                "at least"):
        return stated >= bound
    if word in ("under", "below", "less than", "fewer than", "lower than", "smaller than", "at most", "up to"):
        return stated <= bound
    # about, around, roughly, nearly, almost, approximately, some
    if bound == 0:
        return stated == 0
    digits = len(f"{abs(bound):.6e}".split("e")[0].rstrip("0").rstrip(".").replace(".", ""))
    if float(f"{stated:.{digits}g}") == float(f"{bound:.{digits}g}") or abs(stated - bound) <= 0.02 * bound:
        return True
    if abs(stated - bound) > 0.05 * bound:
        return False
    return None


_KIN = tuple(frozenset(normalize(words).tokens) for words in (
    "pay paid fund funded finance financed bankroll bankrolled",
    "permit permitted allow allowed",
    "remove removed scrap scrapped drop dropped abolish abolished lift lifted",
    "reach reached hit achieve achieved",
    "early ahead",
    "cost costs worth value valued price priced",
    "export sell sale ship shipped send sent",
    "include included contain contained",
    "set lay laid unveil unveiled announce announced outline outlined",
    "accept accepted take took taken",
    "base bases force forces troops",
    "replace replaced swap swapped supersede superseded",
    "allocate allocated earmark earmarked set aside",
    "budget plan",
    "plan program programme",
    "original first",
    "part share portion earmark earmarked",
))
"""Words a claim may use for what the answer says in another word ("paid for" where the answer says "fund"): only
for checking a claim, never for matching a question to a fact."""


def _kin(tokens: set[str]) -> set[str]:
    """`tokens` and every word of the same kin as one of them."""
    return tokens.union(*(group for group in _KIN if group & tokens))


_REQUEST_WORDS = frozenset({"ask", "asked", "asking", "urge", "urged", "urging", "demand", "demanded", "demanding",
                            "want", "wanted", "wants", "press", "pressed", "pressing", "request", "requested",
                            "requesting", "pressure", "pressured", "push", "pushed", "pushing", "call", "called"})
"""Words by which a claim is about what someone asked for, not what the sources state."""

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


_STATEMENT = re.compile(
    r"^\W*(?:@\w+\W+)?(?!(?:i|i'?m|i'?d|i'?ve|we|we'?re|my|our|me|us|you|your|please|pls|need|needs|looking|tell"
    r"|give|list|show|explain|describe|summari[sz]e|help|find|get|send|compare|check|can|could|would|should|what"
    r"|which|who|whom|whose|when|where|why|how|and|or|so|but|if|thanks|thank|hi|hello|hey)\b)"
    r"(?!(?:[^.!?]|\.(?=\d))*\b(?:what|which|who|when|where|why|how|whether|or|vs|versus|if)\b)"
    r"\w[^?\n]*?\b(?:is|are|was|were|got|received|rose|fell|gave|cost|costs|totals|totalled|totaled"
    r"|launched|adopted|approved|enacted|passed|started|began|covers|covered|includes|included|reached|hit|hits"
    r"|grew|grows|let|can|may|will|split|splits|spent|sold|took|paid|held|won|lost|led|leads|counts|gets|gives"
    r"|exceeded|exceeds|topped|allows|allowed|permits|permitted|signed|provided|funded|doubled|tripled|cut"
    r"|runs|ran|marks|marked|brought|set|says|said|means|goes|went|makes|made|lets|puts|put|becomes|became|remains"
    r"|stands|has|had|[a-z]{3,}ed)\b"
    r"\s+\S[^?\n]*[.!]?\W*$",
    re.IGNORECASE)
"""A plain statement of fact ("The FY2024 defence budget was ¥7.95 trillion.", "OSA was launched in April 2023"):
typed to the bot, it asks to be checked. Not a request ("I need ...", "give me ..."), a question or a choice."""


_OPPOSITES = tuple((frozenset(a.split()), frozenset(b.split())) for a, b in (
    ("reject rejected refuse refused veto vetoed", "accept accepted agree agreed approve approved"),
    ("welcome welcomed welcomes praise praised support supported", "criticise criticised criticize criticized "
     "condemn condemned"),
    ("reduce reduced decrease decreased fell fall shrank shrink declined", "increase increased rise rose grew"),
))
"""Words whose opposite, in the answer and not in the claim, contradicts the claim (each way)."""


def _opposed(claimed: set[str], said: set[str]) -> list[tuple[str, str]]:
    """Pairs of a claim's word and its opposite in the answer, where the answer does not use the claim's kind."""
    found = []
    for first, second in _OPPOSITES:
        for these, those in ((first, second), (second, first)):
            if claimed & these and said & those and not said & these and not claimed & those:
                found.append((sorted(claimed & these)[0], sorted(said & those)[0]))
    return found


_CITING_TOKENS = frozenset(stem(w) for w in ("source", "sources", "report", "reported", "reports", "cite", "cited",
                                              "outlet", "story", "ran", "run", "wrote", "published"))
"""Words that say an outlet reported something: confirmed with the outlet, when the answer cites it."""
def without_framing(text: str, holds_content: Callable[[str], bool] | None = None) -> str:
    """A claim without the words that ask for a check ("is it true that", ", right?", "I heard"), which say
    nothing about which fact settles it; the text as it is when nothing else would be left, or when what is left
    is about the speaker ("I heard I can transfer my 401k"), not about the facts.

    With `holds_content` (does a piece of text name a topic, a country or a figure?), also without a lead-in that
    holds none ("For a quiz: ...", "On deadline - ...") and a last sentence that holds none and adds nothing to
    the claim ("... Need to log hull material.", "Can I quote that?")."""
    if holds_content is not None:
        text = strip_markup(text)  # "@bot :thinking_face: the FY2024 ...": the mention and the emoji are no lead-in
        lead = _LEAD_IN.match(text)
        if lead and not holds_content(lead.group("lead")) and holds_content(text[lead.end():]):
            text = text[lead.end():]
        aside = _ASIDE.search(text)
        if (aside and not holds_content(aside.group("aside"))
                and not _ADDS_TO_CLAIM.search(_YES_NO.sub(" ", aside.group("aside")))
                and holds_content(text[:aside.start()])):
            text = text[:aside.start()]
    stripped = " ".join(_CLAIM_FRAMING.sub(" ", text).split())
    if not any(c.isalnum() for c in stripped) or _FIRST_PERSON.match(stripped):
        return text
    return stripped


_LEAD_IN = re.compile(r"^\W*(?:@[\w-]+\W+)?(?P<lead>[^:?.!\u2013\u2014]{1,60}?)\s*(?::|\s[-\u2013\u2014]\s)\s*(?=\S)")
"""What a message opens with before a colon or a dash ("For a quiz: ...")."""
_ASIDE = re.compile(r"(?<=[.?!])\s+(?P<aside>[^.?!]{1,80}[.?!]*)\s*$")
"""The last sentence of a message of several."""
_ADDS_TO_CLAIM = re.compile(
    r"\b(?:also|too|plus|as well|and|or|not|never|no|nor|\w+n't|got|get|gets|gave|given|give|received?|receives"
    r"|sent|send|bought|sold|only|just|all|every|each|both|either|neither|instead"
    r"|what|whats|how|why|who|which|where|when|take|think|opinion|view)\b", re.IGNORECASE)
"""Words by which a last sentence may add to what is claimed ("They also got rifles.") or ask something of its own
("what's your take?"): it is then kept."""
_YES_NO = re.compile(r"\b(?:yes/no|y/n|yes or no)\b", re.IGNORECASE)


def is_claim(text: str, *, statements: bool = True) -> bool:
    """Does the message state something and ask whether it is so? ("8.7 vs 8.6 - which is right?" does not.)
    `statements`: whether a plain statement with no question mark counts."""
    stripped = text.strip()
    return bool(_CLAIM.search(stripped) or _POLAR.search(text)
                or (statements and (_STATEMENT.search(stripped) or _EQUATION.search(stripped)))) \
        and not _WHICH_IS_RIGHT.search(text)


_EQUATION = re.compile(
    r"^(?![^?]*\b(?:what|which|who|whom|whose|when|where|why|how|vs|versus|or)\b)[^?]*(?:=|≈|:)\s*[^?]*?"
    r"(?:[¥$€£]\s*\d|\b\d[\d.,]*\s*(?:%|percent\b|bn\b|tn\b|m\b|million\b|billion\b|trillion\b|yen\b))[^?]*$",
    re.IGNORECASE)
"""A figure set down as a note ("fy2024 defense = 7.59 tn yen", "FY26 OSA: 1.81 billion yen"): typed to the bot
with no question, it asks to be checked."""

_BRANCHES = {"navy": frozenset({"navi"}), "air force": frozenset({"air", "forc"}), "army": frozenset({"armi"}),
             "coast guard": frozenset({"coast", "guard"})}
"""The services a grant can go to, as tokens (a claim about a country names one; its entry may name another)."""
_MATERIALS = frozenset(normalize("steel aluminium aluminum wood wooden fiberglass fibreglass composite iron "
                                 "titanium").tokens)
"""What equipment can be made of, one instead of another."""
_ACRONYM = re.compile(r"\b[A-Z]{2,5}\b")


def _spelled_out(acronym: str, words: tuple[str, ...]) -> bool:
    """Do consecutive words of an answer begin with the acronym's letters ("automatic identification systems")?"""
    size = len(acronym)
    letters = acronym.lower()
    return any("".join(w[:1] for w in words[i:i + size]) == letters for i in range(len(words) - size + 1))


_FOOT = 0.3048
"""Metres in a foot."""
_FEET = frozenset({"foot", "feet", "ft"})
_FEET_TOKENS = frozenset(stem(w) for w in _FEET)
_METRES = frozenset({"meter", "meters", "metre", "metres", "m"})


def _lengths_in_feet(words: tuple[str, ...]) -> set[float]:
    """The figures a claim gives in feet ("60 feet")."""
    return {float(w) for w, unit in itertools.pairwise(words) if unit in _FEET and _is_number(w)}


def _metre_lengths(words: tuple[str, ...]) -> list[float]:
    """The lengths an answer gives in metres ("18-metre")."""
    return [float(w) for w, unit in itertools.pairwise(words) if unit in _METRES and _is_number(w)]


def _is_number(word: str) -> bool:
    try:
        float(word)
    except ValueError:
        return False
    return True


def _placed_figures(words: tuple[str, ...]) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
    """Where a normalised text states a percentage and a sum of money (a million or more), by word position."""
    percents: list[tuple[int, float]] = []
    sums: list[tuple[int, float]] = []
    for position, (word, following) in enumerate(itertools.pairwise((*words, ""))):
        if not _is_number(word):
            continue
        if following == "percent":
            percents.append((position, float(word)))
        elif following in SCALES and float(word) * SCALES[following] >= 1e6:
            sums.append((position, float(word) * SCALES[following]))
    return percents, sums


def _paired_otherwise(claim_words: tuple[str, ...], body: str) -> list[str]:
    """A claim tying one percentage to one sum ("2% of GDP is about ¥9.9 trillion") where the answer gives both but
    puts another figure beside one of them ("¥9.9 trillion (1.8% of GDP) ... the roughly ¥11 trillion that 2%
    represents") and never the one beside the other (within a few words, in one sentence)."""
    claimed_percents, claimed_sums = _placed_figures(claim_words)
    if len(claimed_percents) != 1 or len(claimed_sums) != 1:
        return []
    percent, total = claimed_percents[0][1], claimed_sums[0][1]
    beside_percent: list[float] = []  # the sums beside the claimed percentage, wherever the answer gives it
    beside_sum: list[float] = []
    both_given = [False, False]
    for sentence in SENTENCE_END.split(body):
        percents, sums = _placed_figures(normalize(sentence).words)
        for position, value in percents:
            if same_quantity(value, percent):
                both_given[0] = True
                beside_percent += [v for p, v in sums if abs(p - position) <= _BESIDE]
        for position, value in sums:
            if same_quantity(value, total):
                both_given[1] = True
                beside_sum += [v for p, v in percents if abs(p - position) <= _BESIDE]
    tied = any(same_quantity(v, total) for v in beside_percent) or any(same_quantity(v, percent) for v in beside_sum)
    if all(both_given) and (beside_percent or beside_sum) and not tied:
        return [f"{percent:g}% is not {total:g} (the answer gives each beside another figure)"]
    return []


_BESIDE = 6
"""How many words apart a percentage and a sum are read as said of each other."""


_LENGTH_UNITS = frozenset({"meter", "meters", "m", "foot", "feet", "ft", "kilometer", "kilometers", "km"})
_DIMENSIONS = frozenset({"long", "wide", "tall", "high", "deep", "length", "width"})
_NEUTRAL_WORDS = frozenset(stem(w) for w in (
    "annual", "annually", "yearly", "straight", "consecutive", "indeed", "formally", "officially", "actually",
    "since",  # "since the December 2023 change Japan can ...": when it holds from, which the dates check
    "really", "truly", "basically", "essentially", "reportedly", "publicly", "technically", "literally",
    "honestly", "seriously", "definitely", "certainly", "clearly", "obviously", "apparently", "supposedly",
    "allegedly", "per", "according", "say", "says", "said", "equivalent", "come", "comes", "came", "amounted",
    "amounts", "gone", "date", "dates", "dated", "include", "includes", "included", "including", "recall",
    "remember", "think", "thought", "believe", "heard", "reckon", "gather", "understand", "assume", "guess", "who",
    # verbs that only put a figure or a naming to the claim: "Kyodo put it at ¥8.1bn", "the radar costs $8.7m",
    # "was made by the Cabinet", "equalled 1.8% of GDP", "flagged as priority partners" (not "works out to":
    # "2% of GDP works out to ¥9.9tn" ties two figures the answer states of different things)
    "put", "puts", "cost", "costs", "made", "equal", "equals", "equalled", "equaled", "flagged", "together",
    # how the speaker words or uses it: "across FY2023-FY2027", "in dollar terms", "I'm rendering it as", "I can
    # attribute that to", "that's the story?", "Kyodo's conversion", "pretty sure", "TL;DR", "e.g.", "i.e."
    "across", "term", "terms", "render", "rendering", "attribute", "attributed", "story", "convert", "converted",
    "conversion", "pretty", "tl", "dr", "e", "g"))
"""Words the fact base may never use that cannot change what a claim says: emphasis and manner ("formally",
"officially", "annual") and the speaker's hedges ("I recall", "I believe"). Not nouns ("rifles"), not words of
time ("already", "initially", "still") or of size ("sharply", "mostly"), which can."""


_SUM = re.compile(
    r"\b(?:put together|combined|in total|altogether|added (?:up|together)|sum of|total of|all together)\b",
    re.IGNORECASE)
"""A claim about a sum of figures, which the answer's facts do not state."""
_ORDINAL_SUFFIXES = frozenset({"th", "st", "nd", "rd"})
RANK_NAMES = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
               "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth")
_RANK_FILLER = frozenset({"straight", "consecutive", "successive", "annual", "yearly", "full", "fiscal", "osa"})


_CLAUSE_SUBJECTS = frozenset({"it", "i", "we", "you", "they", "he", "she", "this", "that", "my", "our"})
_SUPERLATIVE = re.compile(r"\b(?:biggest|largest|highest|lowest|greatest|smallest|fewest)\b", re.IGNORECASE)
_VERY_FIRST = re.compile(r"\bvery first (?:\w+ )?(?:project|country|recipient|grant|one)\b", re.IGNORECASE)
"""'The very first OSA project': one thing first, where the answer has one of the first four recipients."""
_EVER = re.compile(r"\bever\b|\bsince the war\b|\bin history\b|\bon record\b|\ball[- ]time\b", re.IGNORECASE)
_RULING_PARTIES = ("the LDP", "Komeito", "the Japan Innovation Party")
"""The parties the sources name as ruling (the LDP with Komeito, then with the Japan Innovation Party)."""
_RULING_BLOC = re.compile(r"\bruling (?:bloc|coalition|part(?:y|ies))\b", re.IGNORECASE)


_YEARS_OFF = re.compile(r"\b(one|two|three|four|five|a|\d)\s+years?\s+(ahead|early|earlier|before|late|later|behind)\b",
                        re.IGNORECASE)


def _years_off(text: str) -> set[tuple[str, int]]:
    """How many years early or late a text says something came: "two years ahead of schedule" -> ("early", 2)."""
    found = set()
    for match in _YEARS_OFF.finditer(text):
        number = match.group(1).lower()
        count = 1 if number == "a" else count_value(number)
        way = "early" if match.group(2).lower() in ("ahead", "early", "earlier", "before") else "late"
        found.add((way, count))
    return found


_REPLACED_IN_CLAIM = re.compile(r"(.{4,160}?)\s+(?:replaced|superseded|took the place of)\s+(.{4,160})", re.I)
_REPLACING_IN_ANSWER = re.compile(r"(?:adopted|introduced|brought in)\s+(.{4,160}?),?\s+(?:replacing|superseding)\s+"
                                  r"(.{4,160}?)(?:[.;,]|\s+and\b|$)", re.I)


def _replacement_reversed(claim: str, body: str) -> bool:
    """Does the claim say the old thing replaced the new one, where the answer says the new one replaced it?"""
    said, claimed = _REPLACING_IN_ANSWER.search(body), _REPLACED_IN_CLAIM.search(claim)
    if said is None or claimed is None:
        return False
    new, old = set(normalize(said.group(1)).tokens), set(normalize(said.group(2)).tokens)
    new_only, old_only = new - old, old - new
    subject, object_ = set(normalize(claimed.group(1)).tokens), set(normalize(claimed.group(2)).tokens)
    return bool(old_only) and bool(new_only) and old_only <= subject and bool(new_only & object_) \
        and not new_only & subject


_HEADLINE = re.compile(r"\b(?:headline|headlined|title|titled)\b", re.IGNORECASE)


def _headline_quoted(claim: str, sources: Iterable[Source]) -> bool:
    """Does a claim about a headline quote, word for word, the title of one of the answer's sources?"""
    if not _HEADLINE.search(claim) or _NEGATION.search(claim):
        return False
    titles = {normalize(s.title).text for s in sources if not s.title_note}
    return any(normalize(quoted).text in titles for quoted in QUOTED.findall(claim))


_PAIR_CLAUSE = re.compile(r"(?<!\d),\s*|,\s+|;\s*|\s+and\s+|\s+to\s+(?=[¥$\d])|(?<=[a-z0-9])\.\s+", re.IGNORECASE)
"""Where one figure-and-year of a claim ends: not at the comma of "6,821.9"."""
_PER_OUTLET = re.compile(r"(\d[\d.,]*)(?:\s+[a-z%]+){0,3}?\s+per\s+(?:the\s+)?([A-Z][\w.]*(?:\s+[A-Z][\w.]*)*)")
"""A figure and the outlet the answer gives it for: "10 per Jiji Press", "¥8.7 trillion per AP"."""


def _figure_of_another_outlet(claim: str, body: str, cited: list[str]) -> list[str]:
    """The outlets a claim credits with a figure the answer gives for another outlet only, where it gives them
    their own ("Jiji says 12" against "10 per Jiji Press, at least 12 per the Japan Times")."""
    pairs = [(number.replace(",", ""), outlet) for number, outlet in _PER_OUTLET.findall(body)]
    numbers = {w.replace(",", "") for w in re.findall(r"\d[\d.,]*\d|\d", claim)}
    found = []
    for name in cited:
        own = {n for n, outlet in pairs if name.lower() in outlet.lower()}
        others = {n for n, outlet in pairs if name.lower() not in outlet.lower()}
        if own and numbers & others and not numbers & own:
            found.append(f"{name}'s figure")
    return found


def _actor_of_date_differs(claim: str, body: str) -> list[str]:
    """Bodies the claim says acted on a date the answer gives for another body's act ("the cabinet approved
    the rule on 15 March 2024" where the answer's 15 March 2024 is the ruling bloc's agreement)."""
    claimed = {name for name, pattern in ACTORS.items() if pattern.search(claim)}
    if _RULING_BLOC.search(claim):  # its parties, whichever the answer names
        claimed |= {"the ruling bloc", *_RULING_PARTIES}
    if not claimed or not DECIDING.search(claim):
        return []
    found: list[str] = []
    for date in _full_dates(claim):
        for clause in re.split(r"(?<=[.;])\s+", body):
            if date not in _full_dates(clause):
                continue
            said = {name for name, pattern in ACTORS.items() if pattern.search(clause)}
            if _RULING_BLOC.search(clause):
                said |= {"the ruling bloc", *_RULING_PARTIES}
            if said and not claimed & said:
                found.extend(sorted(claimed))
    return found


def _preceding(words: tuple[str, ...]) -> list[str]:
    """Words of a claim that put it on an earlier thing ("the plan before Kishida's"); not "the previous year",
    "before 2023" or "before April", which date it."""
    found = []
    for position, word in enumerate(words):
        if word not in _PRECEDING:
            continue
        near = words[max(0, position - 1):position] + words[position + 1:position + 3]
        if words[position + 1:position + 2] and words[position + 1] in _CLAUSE_SUBJECTS:
            continue  # "checking my copy before it goes out": a time of the speaker's, not an earlier thing
        if not any(n.isdigit() or n[:3] in MONTH_STEMS or n in ("year", "years", "fy") for n in near):
            found.append(word)
    return found


def _earlier_figures(body: str) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """The figures of an answer's clauses about an earlier thing ("up from ¥27.47 trillion under the previous
    plan"), and those of its other clauses."""
    earlier: list[float] = []
    later: list[float] = []
    for clause in re.split(r"[,;]\s|\.\s|\n", body):
        said = normalize(clause)
        (earlier if set(said.words) & _PRECEDING else later).extend(quantities(said.words))
    return tuple(earlier), tuple(later)


def _grant_things(what: str) -> str:
    """What a grant is of, without the notes about it: its parentheses and a clause on what happened to it."""
    return re.split(r",\s+(?=[a-z]+ed\b)", re.sub(r"\([^)]*\)", " ", what))[0]



_RANKED_ALIKE = {stem(w): stem("recipient") for w in ("country", "countries", "nation", "nations", "state",
                                                        "states")}
"""Ranked things that are the same ranking: "the 8th country receiving OSA" is its 8th recipient."""


def ordinal_ranks(words: tuple[str, ...]) -> dict[str, set[int]]:
    """Ordinals and what they rank ("the fourth year of the plan", "the 14th yearly increase"): {"year": {4}}.
    Not "the first four recipients", where a count follows."""
    ranks: dict[str, set[int]] = {}
    for position, word in enumerate(words):
        after = position + 1
        if word in RANK_NAMES:
            rank = RANK_NAMES.index(word) + 1
        elif word.isdigit() and after < len(words) and words[after] in _ORDINAL_SUFFIXES:
            rank, after = int(word), after + 1
        else:
            continue
        while after < len(words) and words[after] in _RANK_FILLER:
            after += 1
        if after < len(words) and words[after].isalpha():
            thing = stem(words[after])
            ranks.setdefault(_RANKED_ALIKE.get(thing, thing), set()).add(rank)
        else:
            ranks.setdefault("", set()).add(rank)  # "the FY2026 budget is its fourth.": a rank of what came before
    return ranks


def _states_day(day: int, claim_words: tuple[str, ...], said_words: tuple[str, ...]) -> bool:
    """Does the answer give the claim's day of the month with the same month ("21 April" / "April 21")?"""
    months = {w[:3] for i, w in enumerate(claim_words) if w[:3] in MONTH_STEMS and str(day) in (
        claim_words[max(0, i - 1):i] + claim_words[i + 1:i + 2])}
    return any(w == str(day) and any(n[:3] in months for n in said_words[max(0, i - 1):i] + said_words[i + 1:i + 2])
               for i, w in enumerate(said_words))


_ATTRIBUTION = re.compile(
    r"^\W*(?:someone|somebody|a (?:colleague|friend|source|guest|reader|listener|caller|contact)|(?:my|our) \w+"
    r"|people|they|he|she|an? \w+|(?:colleague|editor|boss|friend|source|professor|teacher|manager)s?)"
    r"(?: (?:on|at|in|from|of) (?:the |my |our |a )?\w+(?: \w+)?)?"
    r" (?:said|says|told me|tells me|claims|claimed|reckons|insists|insisted|wrote|mentioned|thinks)(?: that)?\b"
    r"|^\W*(?:i|we)(?:'ve| have)? (?:got|have|wrote|written|put|noted)(?: (?:it )?(?:in|on|for) (?:my|our|the|a)"
    r" \w+)? that\b",
    re.IGNORECASE)
"""Who made the claim ("Someone on the podcast said", "My editor thinks that", "colleague insists", "I've got in
my draft that"): not part of what is claimed."""
_CLEFT_PERSON = re.compile(r"\b(?:[Ii]t was|[Ww]as it|[Ww]asn'?t it|[Ii]t's|[Ii]t is|[Ii]sn'?t it)\s+"
                           r"((?:[A-Z][a-z]+\s+){1,2}[A-Z][a-z]+)\s+(?:who|that)\b")
"""A person named in full as the one who did it ("It was Shinzo Abe who set the plan, wasn't it?")."""
_WORKS_OUT = re.compile(r"\bworks? out (?:to|at)\b", re.IGNORECASE)
"""'The budget works out to about $58bn': says what a figure comes to, like "is"."""
_RUN = re.compile(r"\b(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen"
                  r"|fifteen)\s+(?:straight\s+|consecutive\s+|successive\s+)?years?\s+(?:in a row|running|straight)\b"
                  r"|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:straight|consecutive|successive)\s+(?:years?|rises|increases)\b",
                  re.IGNORECASE)
_RUN_SAID = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)\s+(?:(?:straight|consecutive|successive)\b"
                       r"|(?:(?:yearly|annual)\s+)?(?:increase|rise|year)s?\s+in a row\b)", re.IGNORECASE)
"""How long a run of rises is: "risen 10 years in a row" in a claim, "the 14th consecutive increase" in an answer."""
GOT_WORDS = frozenset({"got", "get", "gets", "getting", "received", "receive", "receives", "receiving", "given",
                        "gave", "obtained", "supplied", "provided", "sent", "delivered"})
"""Verbs saying a country received something (not "recipient": "slated to become the 11th recipient" is a fact of
its own)."""
_PACKAGE_WORDS = frozenset({"package", "packages", "deal", "deals", "grant", "grants", "project", "projects",
                            "allocation", "tranche"})
_ENTRY_WORDS = frozenset(stem(w) for w in ("grant", "grants", "year", "years", "package", "deal", "aid", "assistance",
                                           "funding", "round", "batch", "tranche", "allocation", "list", "lists",
                                           "listed", "recipient", "recipients", "country", "countries", "nation",
                                           "nations", "program", "programme", "scheme"))
"""Words a country's entry answers by being what it is (its grants, by fiscal year)."""
_EXISTENTIAL_ANY = re.compile(
    r"\b(?:get|got|receive|received|given|gave|obtain|obtained|supplied|provided|sent)\s+any\b", re.IGNORECASE)
"""'Any' after a verb of receiving asks whether something was received at all, not about every one of a kind."""
_NEVER_CONFIRMED = frozenset({"any", "all", "every", "no", "not", "never", "none", "nothing", "without", "only",
                              *_NOW})
"""Quantifiers an answer's using does not confirm: "any", "all" and "only" in a claim turn on more than words."""


def _same_span(claim: str, body: str) -> bool:
    """Does a claim over several fiscal years name the same span the answer does ("FY2023 to FY2027")?"""
    claimed = named_fiscal_years(claim)
    if len(claimed) < 2:
        return False
    return (min(claimed), max(claimed)) in _spans(body)


def _spans(text: str) -> set[tuple[int, int]]:
    """The spans of fiscal years a text names ("FY2023 to FY2027", "fiscal 2023-2027") as (first, last)."""
    return {(_fiscal_year(m.group(1)), _fiscal_year(m.group(2))) for m in FISCAL_YEAR_NAMED.finditer(text)
            if m.group(2) and 0 < _fiscal_year(m.group(2)) - _fiscal_year(m.group(1)) <= 10}


def _fiscal_year(digits: str) -> int:
    """'2026' or '26' -> 2026."""
    return int(digits) if len(digits) == 4 else 2000 + int(digits)




_LEADER = re.compile(r"\b(?:PM|Prime Minister)\s+(?:[A-Z][a-z]+\s+)?([A-Z][a-z]+)\b")
_WITH = re.compile(r"\bwith\b", re.IGNORECASE)


def _month_years(text: str) -> set[tuple[str, int]]:
    """The (month, year) pairs a text names: "December 2022", "26 March 2024", "Sept. 2025"."""
    return {(month[5:], int(month[:4])) for month in quoted_months(text)}


_DATE_LACK = re.compile(r"\b(?:does|do) not give (?:the|a|its) (?:date|day)\b|\bno (?:signing )?date\b", re.I)
_FULL_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z]{3,9})\.?,? ((?:19|20)\d\d)\b"
                        r"|\b([A-Za-z]{3,9})\.? (\d{1,2})(?:st|nd|rd|th)?,? ((?:19|20)\d\d)\b")


def _full_dates(text: str) -> set[tuple[int, int, int]]:
    """The (year, month, day) dates a text names in full: "21 April 2026", "April 21, 2026"."""
    found: set[tuple[int, int, int]] = set()
    for match in _FULL_DATE.finditer(text):
        day, name, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
            match.group(5), match.group(4), match.group(6))
        if name.lower() in MONTH_NUMBERS and 1 <= int(day) <= 31:
            found.add((int(year), MONTH_NUMBERS[name.lower()], int(day)))
    return found


def _of_other_years(value: float, body: str, years: set[int]) -> bool:
    """Is `value` stated in `body` only in clauses that name other fiscal years than `years`?"""
    clauses = [c for c in _CLAUSE.split(body) if any(same_quantity(value, v) for v in quantities(normalize(c).words))]
    return bool(clauses) and all((named := _fiscal_years_of(value, c)) and not named & years for c in clauses)


def _fiscal_years_of(value: float, clause: str) -> set[int]:
    """The fiscal years a clause's figure is of: a rise in percent is not of the year it is measured from ("16.5%
    above FY2023's record of ¥6.8 trillion": the ¥6.8 trillion is FY2023's, the 16.5% is not)."""
    named = named_fiscal_years(clause)
    percents = _placed_figures(normalize(clause).words)[0]
    if not any(same_quantity(value, v) for _, v in percents):
        return named
    return named - {y for m in _COMPARED_WITH.finditer(clause) for y in named_fiscal_years(m.group(1))}


_COMPARED_WITH = re.compile(r"\b(?:above|over|from|than|on|vs\.?|versus|against)\s+(?:the\s+)?(FY\s?\d{2,4})",
                            re.IGNORECASE)


_CLAUSE = re.compile(r",\s+|;\s+|(?<=[.!?])\s+|\s+\((?=[^)]*\bFY)")
"""Where a clause of an answer ends: a figure and the fiscal year it is of are said in the same one."""


def named_fiscal_years(text: str) -> set[int]:
    """The fiscal years a text names as such: "FY2023 to FY2027" is five, "December 2022" none."""
    found: set[int] = set()
    for match in FISCAL_YEAR_NAMED.finditer(text):
        first = _fiscal_year(match.group(1))
        last = _fiscal_year(match.group(2)) if match.group(2) else first
        found.update(range(first, last + 1) if 0 <= last - first <= 10 else (first, last))
    return found


MONTH_STEMS = frozenset(name[:3] for name in MONTH_NUMBERS)
"""A word starting with one of these next to a small number makes it a day of the month, not a count."""
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")



def year_list(years: tuple[int, ...]) -> str:
    labels = [f"FY{y}" for y in years]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


SENTENCE_END = re.compile(r"(?<=[a-z]{2}\.)\s+(?=[A-Z])")
"""Where a sentence of an answer ends."""


def first_sentence(text: str) -> str:
    match = re.search(r"(?<=[.!?])\s", text)
    return text[: match.start()] if match else text
