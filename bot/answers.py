"""The one service every adapter calls: a question in, an Answer out.

It screens the input (empty, over-long, binary), recognises the few things that
are not questions about the facts (help, greetings, thanks, "what are your
sources?"), asks the matcher, and composes the platform-neutral Answer: text,
the facts and sources used, "as of" date, confidence and follow-up suggestions.
A question that asks for a computation (a change between years, a ratio, a total,
a figure in another currency) is answered from the structured figures by
`bot.derived`. Every answer that states a fact names its source.

`ask` is stateless; follow-up questions in a conversation are resolved by
`bot.conversation` before they get here.
"""

from __future__ import annotations

import datetime as dt
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from bot.claims import (
    GOT_WORDS,
    MONTHS,
    RANK_NAMES,
    SCALES,
    SENTENCE_END,
    ClaimChecker,
    first_sentence,
    is_claim,
    named_fiscal_years,
    ordinal_ranks,
    without_framing,
    year_list,
)
from bot.decision import DecisionModel
from bot.derived import Derivation, Deriver
from bot.details import Detail, Missing, declined_detail, missing_details
from bot.knowledge import load_fact_base
from bot.matcher import Matcher, MatcherSettings, MatchResult, Target
from bot.models import Answer, AnswerPart, Country, Explanation, Fact, FactBase, Source
from bot.normalize import Normalized, normalize, same_quantity, spell_out_dates, stem, strip_markup
from bot.quantified import (
    member_of_list,
    universal_against_limit,
)

MAX_QUESTION_LENGTH = 500
"""Questions longer than this get a polite request to shorten them."""
SCREEN_LENGTH = 20 * MAX_QUESTION_LENGTH
"""A message longer than this is refused as too long before it is cleaned at all: cleaning a 100 MB line
character by character took gigabytes. Below it, control characters are removed first, so a question padded
with them is still answered."""
_ANSI_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor movement (\x1b[31m)
    r"|\x9b[0-?]*[ -/]*[@-~]"  # the same with the one-character C1 introducer
    r"|\x1b\][^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: window titles, hyperlinks
    r"|\x1b[PX^_][^\x1b\x9c]*(?:\x1b\\|\x9c)?"  # DCS, SOS, PM, APC strings
    r"|\x1b[ -/]*[0-~]"  # other escapes (\x1bc, \x1b(B)
)

DEFAULT_SUGGESTIONS = (
    "How big is the FY2026 defence budget?",
    "Which countries have received OSA?",
    "Can Japan export weapons?",
)

_HELP_WORDS = frozenset({"help", "commands", "command", "topics", "menu", "usage", "start", "info"})
_GREETING_WORDS = frozenset(
    {"hi", "hello", "hey", "hiya", "yo", "howdy", "greetings", "morning", "afternoon", "evening", "good",
     "there", "bot", "all", "everyone", "team", "folks"}
)
_THANKS_WORDS = frozenset({"thanks", "thank", "thx", "ty", "cheers", "appreciated", "tysm", "ta"})
_THANKS_FILLER = frozenset({"you", "so", "much", "a", "lot", "great", "cool", "ok", "okay", "nice", "awesome",
                            "perfect", "got", "it", "bot", "very", "helpful", "that", "s", "was"})
_HELP_PHRASES = (
    "what can you do", "what can i ask", "what do you know", "what can you answer", "how do i use",
    "what do you do", "what are you for", "what can you tell me", "what topics", "what questions",
)
_SOURCE_PHRASES = (
    "your sources", "what sources", "which sources", "where does this come from", "where do you get",
    "where is this from", "where does your information", "where do your facts", "list sources", "list of sources",
)


class AnswerService:
    """Answers questions from one fact base. Immutable after construction; share it freely."""

    def __init__(
        self,
        fact_base: FactBase,
        *,
        settings: MatcherSettings | None = None,
        clock: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        self.fact_base = fact_base
        self.matcher = Matcher(fact_base, settings)
        self.deriver = Deriver(fact_base)
        self._clock = clock
        self._country_names = re.compile(r"\b(?:" + "|".join(sorted(
            (re.escape(n) for c in fact_base.countries for n in (c.name, *c.aliases)), key=len, reverse=True))
            + r")\b", re.IGNORECASE)
        """Any country the fact base knows, by name or alias: a name before a colon is part of the question."""
        self.claims = ClaimChecker(fact_base, self.matcher, self.deriver, clock)

    def _holds_content(self, text: str) -> bool:
        """Does a piece of a message name a topic word, a figure, a year or a country?"""
        return _names_topic(text, self._topic_words, self._country_names)

    @classmethod
    def from_path(cls, path: str | Path, **kwargs: object) -> AnswerService:
        """Load and validate a fact file, then build the service (raises FactBaseError)."""
        return cls(load_fact_base(path), **kwargs)  # type: ignore[arg-type]

    # --- the entry point ----------------------------------------------------

    def ask(self, question: str, *, explain: bool = False) -> Answer:
        """Answer one question and report it to `notify`. Never raises for any input string."""
        started = time.perf_counter()
        answer = self.answer(question, explain=explain)
        self.notify(answer, time.perf_counter() - started)
        return answer

    def notify(self, answer: Answer, seconds: float) -> None:
        """Called once per question answered through `ask`; subclasses record it (logs, gap log)."""

    def answer(self, question: str, *, explain: bool = False) -> Answer:
        """Answer one question without reporting it (for trying a reading of a message before choosing one)."""
        if len(question) > SCREEN_LENGTH:
            return self._too_long(question, len(question))
        cleaned = _printable(question)
        if not cleaned:
            return self._reply(question, "I didn't catch a question. " + self._offer(), DEFAULT_SUGGESTIONS)
        if len(cleaned) > MAX_QUESTION_LENGTH:
            return self._too_long(question, len(cleaned))
        typed, cleaned = cleaned, spell_out_dates(cleaned)  # "05/04/2023 (dd/mm/yyyy)" is 5 April 2023
        normalized = normalize(cleaned)
        meta = self._meta(cleaned, normalized)
        if meta is not None:
            return meta
        unheld = declined_detail(cleaned)
        if unheld is not None:
            return Answer(question=question, outcome="decline", confidence=0.0, missing=(unheld.detail.id,),
                          body=f"{unheld.sentence} " + self._offer(), suggestions=DEFAULT_SUGGESTIONS)
        answer = self._answer_one(cleaned, normalized, explain=explain)
        pieces = split_questions(cleaned, self._topic_words, self._country_names)
        if len(pieces) > 1 and not explain:
            answer = self._combine(cleaned, answer, pieces)
        return answer if cleaned == typed else replace(answer, question=typed)  # the gap log keeps what was typed

    def _answer_one(self, cleaned: str, normalized: Normalized, *, explain: bool = False,
                    statements: bool = True) -> Answer:
        """The answer to one question (of a message that may hold several; `statements`: whether a plain statement
        is a claim to check, as it is when it is the whole message, not a piece cut from a longer one)."""
        claim = is_claim(cleaned, statements=statements)
        if claim and (framed := without_framing(cleaned, self._holds_content)) != cleaned:
            normalized = normalize(framed)  # "is it true that", ", right?" never decide which fact answers
        result = self.matcher.match(cleaned, today=self._clock(), normalized=normalized, claim=claim)
        if claim and result.decline_reason == "year-not-covered" and result.targets:
            event = result.targets[0].fact
            # (a fact about one event, dated in a year or so, not a record running over four years like the
            # equipment delivered so far: "delivered radars back in 2022" is not answered by that record)
            if event is not None and not event.series and len(event.years) <= 3:
                # "OSA launched in 2022, right?": the fact about the event answers, and its year says No.
                result = replace(result, outcome="answer", targets=result.targets[:1], decline_reason=None,
                                 missing_years=(), reason="a claim with a year the fact contradicts")
        if claim and result.decline_reason == "low-confidence":
            result = self._settled_by_its_list(cleaned, result) or result
        if claim and result.decline_reason == "unknown-country" and not result.entities.foreign_subject:
            contradicted = self._partner_contradicted(cleaned, result)
            if contradicted is not None:
                return contradicted if not explain else _with_explanation(
                    contradicted, result, self.matcher.decision, claim_check="contradicted: who it is done with")
        entry = self._entry_for_sum(cleaned, result) or (self._entry_for_claim(result) if claim else None)
        if entry is not None:
            result = replace(result, outcome="answer", targets=(entry,), missing_years=(),
                             reason=f"a sum of money said of {entry.title}: its own entry lists what it received")
        derivation = self._derive(result)
        if derivation is not None:
            answer = self._derived(cleaned, result, derivation)
        else:
            answer = self._compose(cleaned, result)
        if result.candidates:
            answer = replace(answer, nearest=result.candidates[0])
        if answer.answered and _ASKS_WHO_REPORTED.search(cleaned):
            answer = replace(answer, body=f"{_REPORTED_BY}{_reporters(answer.sources)}.\n{answer.body}")
        # A contradicted claim gets its "No" first; otherwise what is missing comes before any "Yes".
        checked, why = self.claims.verdict(answer, result) if claim else (answer, "")
        if checked.verdict == "no":
            answer = (self._with_the_year_s_list(cleaned, result, answer, checked)
                      or self._with_the_list_it_names(cleaned, result, answer, checked) or checked)
        else:
            answer = self._say_what_is_missing(cleaned, result, answer)
            if not answer.missing:
                answer = checked
        if explain:
            answer = _with_explanation(answer, result, self.matcher.decision, claim_check=why)
        return answer

    def _partner_contradicted(self, question: str, result: MatchResult) -> Answer | None:
        """A claim naming a country the sources never mention as the partner in something they name other partners
        for ("the fighter is co-developed with the US and Australia") is answered No from the fact about it; any
        other claim about such a country stays declined. None when it is not contradicted so."""
        gazetteer = self.matcher.index.gazetteer
        rest = self.matcher.match(gazetteer.without_others(result.normalized), today=self._clock())
        if rest.outcome != "answer" or not rest.targets:
            return None
        answer = self._compose(question, rest)
        body = "\n".join(p.text for p in answer.parts)
        if not self.claims.partners_differ(question, body):
            return None
        return replace(answer, body=f"No — my sources say otherwise: {answer.body}", verdict="no")

    def _settled_by_its_list(self, question: str, result: MatchResult) -> MatchResult | None:
        """A claim declined as low-confidence that the nearest fact settles by a list or a limit it spells out
        ("I heard 'attack' was one of the five export categories", "Japan can now sell weapons to anyone"): the
        claim's words may be ones no example uses, but the fact's list answers it. None when it does not."""
        if not result.targets or not result.candidates or result.candidates[0].fact_id != result.targets[0].id:
            return None
        nearest = replace(result, outcome="answer", targets=result.targets[:1], decline_reason=None)
        body = self._compose(question, nearest).body
        settled = (member_of_list(question, body) is not None
                   or (result.targets[0].topic == "exports" and universal_against_limit(question, body)))
        return replace(nearest, reason="a claim the nearest fact's list or limit settles") if settled else None

    def _entry_for_sum(self, question: str, result: MatchResult) -> Target | None:
        """The entry of the one country a sum of money is said of ("Sri Lanka's deal was worth ¥300m?",
        "Djibouti got ¥5 billion"), where a fact stating that sum (Tonga's grant, the FY2024 budget) matched best.

        A country's entry lists every grant the sources give it, so it settles what that country got; a list or
        a budget that merely states the same sum does not. None when the question names no year, no other
        country, and its best answer is already about that country alone."""
        if result.outcome != "answer" or result.entities.years or not any(v >= 1e6 for v in result.quantities):
            return None
        partners = [c for c in result.entities.countries if self.fact_base.country(c).status != "mentioned"]
        if len(partners) != 1 or len(result.entities.countries) != 1:
            return None
        country = self.fact_base.country(partners[0])
        if not any(g.amount is not None for g in country.received):
            return None
        target_id = f"country:{country.id}"
        if [t.id for t in result.targets] == [target_id] or target_id not in self.matcher.index.target_by_id:
            return None
        names = "|".join(re.escape(n) for n in (country.name, *country.aliases))
        said_of = re.search(rf"\b(?:{names})(?:'s|\u2019s|\s+(?:got|get|gets|getting|was given|received|receives|"
                            rf"is getting|was worth|deal|grant|package)|(?:\s+OSA)?\s+(?:was|came to|amounted to))\b",
                            question, re.IGNORECASE)
        return self.matcher.index.target(target_id) if said_of else None

    def _with_the_year_s_list(self, question: str, result: MatchResult, answer: Answer, checked: Answer
                              ) -> Answer | None:
        """A claim about one country in a year it was not a recipient in ("Indonesia received ¥600 million for a
        coastal radar in FY2023") contradicted from its entry: that year's list of recipients is added, so the
        answer says who did receive what. None when the claim names no such year."""
        if len(answer.parts) != 1 or not answer.parts[0].fact_id.startswith("country:"):
            return None
        years = named_fiscal_years(question) | set(result.entities.years)
        if len(years) != 1 or next(iter(years)) not in self.claims.recipient_years:
            return None
        year = next(iter(years))
        if year in self.claims.entry_years(answer.parts[0].fact_id):
            return None  # a recipient that year: its own entry says what it got
        # the list with each country's grants first
        lists = sorted(self.claims.year_lists(year),
                       key=lambda t: "recipient" not in ((t.fact and t.fact.series) or ""))
        listing = lists[0] if lists else None
        return self._beside_its_list(question, result, answer, checked, listing)

    def _beside_its_list(self, question: str, result: MatchResult, answer: Answer, checked: Answer,
                         listing: Target | None) -> Answer | None:
        """The contradicted answer from a country's entry, with the list of recipients beside it."""
        if listing is None or answer.body not in checked.body:
            return None
        opening = checked.body[:checked.body.index(answer.body)]
        both = self._compose(question, replace(result, outcome="answer", targets=(
            self.matcher.index.target(answer.parts[0].fact_id), listing)))
        return replace(both, body=f"{opening}{both.body}", verdict="no", nearest=answer.nearest)

    def _with_the_list_it_names(self, question: str, result: MatchResult, answer: Answer, checked: Answer
                                ) -> Answer | None:
        """A claim that one country is on a list of recipients it is not on ("Vietnam was one of the first four
        OSA recipients") contradicted from its entry: the list the claim names is added. None otherwise, and for
        a claim naming a year, which `_with_the_year_s_list` answers."""
        if (len(answer.parts) != 1 or not answer.parts[0].fact_id.startswith("country:") or result.entities.years
                or named_fiscal_years(question)):
            return None
        rest = self.matcher.match(self._country_names.sub(" ", question), today=self._clock())
        if rest.outcome != "answer" or len(rest.targets) != 1:
            return None
        listing = rest.targets[0]
        if listing.fact is None or not listing.fact.series or not listing.countries or listing.topic != "osa":
            return None
        return self._beside_its_list(question, result, answer, checked, listing)

    def _entry_for_claim(self, result: MatchResult) -> Target | None:
        """The entry of the one partner country a claim says received something ("Djibouti got an air traffic
        control radar?"), where a list of recipients or another country's grant matched best: its entry lists
        everything the sources say it received, so it settles the claim. None otherwise."""
        if result.outcome != "answer":
            return None
        partners = [c for c in result.entities.countries if self.fact_base.country(c).status != "mentioned"]
        if len(partners) != 1 or len(result.entities.countries) != 1:
            return None
        if not set(result.normalized.words) & GOT_WORDS:
            return None
        target_id = f"country:{partners[0]}"
        if [t.id for t in result.targets] == [target_id] or target_id not in self.matcher.index.target_by_id:
            return None
        return self.matcher.index.target(target_id)

    # --- several questions in one message -----------------------------------

    def _combine(self, message: str, whole: Answer, pieces: list[str]) -> Answer:
        """Answer each question of a message; one reply with every part answered, naming those that are not."""
        statements = is_claim(message)  # a piece of a claim may itself be a plain statement of it
        answers = [self._answer_one(piece, normalize(piece), statements=statements) for piece in pieces]
        meant_pieces = list(pieces)
        asked_years = normalize(message).years
        for number, (piece, answer) in enumerate(zip(pieces, answers, strict=True)):
            # "For FY2023, what were the defence budget and the OSA budget?": a part that names no year of
            # its own and is answered by one year of a series is about the year(s) the message names
            if asked_years and not normalize(piece).years and any(
                    self.fact_base.has_fact(f) and self.fact_base.fact(f).series for f in answer.facts):
                dated = f"{piece} {' '.join(f'FY{y}' for y in asked_years)}"
                answers[number] = self._answer_one(dated, normalize(dated), statements=statements)
            # "What is OSA, how long has it existed?": "it" is what the part before it asked about
            if (number and not answers[number].answered and _PRONOUN.search(piece)
                    and _OPENS_QUESTION.match(piece) and not _names_topic(piece, self._topic_words)):
                subject = next((s for s in (self._subject(p) for p in reversed(meant_pieces[:number])) if s), "")
                if subject:
                    meant = _PRONOUN.sub(subject, piece, count=1)
                    retried = self._answer_one(meant, normalize(meant), statements=statements)
                    if retried.answered:
                        answers[number] = retried
                        meant_pieces[number] = meant
            # "FY26 budget: yen total + USD equiv?": a short part naming nothing asks about what the one before it
            # asked about (unless that was about a country, whose name the topic words leave out)
            elif (number and not answers[number].answered and len(normalize(piece).words) <= 4
                    and not _names_topic(piece, self._topic_words) and not self._names_a_country(pieces[number - 1])):
                subject = self._subject(meant_pieces[number - 1])
                years = " ".join(f"FY{y}" for y in asked_years if y not in normalize(piece).years)
                meant = " ".join(part for part in (subject, years, piece) if part)
                if subject:
                    retried = self._answer_one(meant, normalize(meant), statements=statements)
                    if retried.answered:
                        answers[number] = retried
                        meant_pieces[number] = meant
        answered = [a for a in answers if a.answered]
        known = set(whole.facts)
        # the whole message's answer covers its parts when it uses every fact they do, unless it is a computation
        # from those facts ("in dollars") and a part asks for what the fact itself says ("... and how many
        # consecutive increases does it make?")
        if not answered or (whole.answered and all(set(a.facts) <= known for a in answered)
                            and not (whole.derived and any(not a.derived for a in answered))):
            return whole
        parts: list[AnswerPart] = []
        bodies: list[str] = []
        shown: set[str] = set()  # facts whose own text a bullet gives (a computation from them does not)
        for piece, answer in zip(pieces, answers, strict=True):
            if answer.answered:
                fresh = [p for p in answer.parts if p.fact_id not in {q.fact_id for q in parts}]
                if not answer.derived and all(p.fact_id in shown for p in answer.parts):
                    continue
                parts.extend(fresh)
                if not answer.derived:
                    shown.update(p.fact_id for p in answer.parts)
                bodies.append(answer.body if answer.body.startswith("• ") else f"• {answer.body}")
            else:
                bodies.append(f"• \u201c{_quoted(piece)}\u201d: {first_sentence(answer.body)}")
        sources = _unique(s for a in answered for s in a.sources)
        as_of = max((a.as_of for a in answered if a.as_of), default="")
        return Answer(question=message, outcome="answer", body="\n".join(bodies),
                      citation=_source_line(sources, as_of), confidence=min(a.confidence for a in answered),
                      parts=tuple(parts), sources=sources, as_of=as_of,
                      suggestions=answered[0].suggestions, topic=answered[0].topic,
                      missing=tuple(m for a in answers for m in a.missing))

    def _names_a_country(self, text: str) -> bool:
        """Does `text` name a country, whether or not the fact base knows it?"""
        entities = self.matcher.index.gazetteer.scan(normalize(text), today=self._clock())
        return bool(entities.countries or entities.other_countries)

    def _subject(self, question: str) -> str:
        """The topic words of a question, as normalised ("what is OSA" -> "osa")."""
        words = normalize(question).words
        return " ".join(w for w in words if set(normalize(w).tokens) & self._topic_words)

    @property
    def _topic_words(self) -> frozenset[str]:
        return self.matcher.index.anchor_tokens

    # --- what the sources lack ----------------------------------------------

    def _say_what_is_missing(self, question: str, result: MatchResult, answer: Answer) -> Answer:
        """Open the answer with what it lacks when the question asks for a detail the answer does not hold."""
        if not answer.answered:
            return answer
        body = "\n".join(p.text for p in answer.parts)
        if answer.derived:
            body = f"{answer.body}\n{body}"  # "the OSA budget ... adds up to ¥33.1 billion": a total worked out
        if answer.body.startswith(_REPORTED_BY):  # "who reported it, and when?": the reports' dates answer
            body = f"{answer.body.splitlines()[0]}\n{body}"
        countries = [self.fact_base.country(p.fact_id.removeprefix("country:")).name for p in answer.parts
                     if p.fact_id.startswith("country:")]
        subject = "that"
        if len(countries) == 1 and len(answer.parts) == 1:
            years = " and ".join(f"FY{y}" for y in result.entities.years)
            subject = countries[0] + (f" in {years}" if years else "")
            pieces = re.split(_GRANT_BOUNDARY, body)
            if years:
                # Only that year's grants hold its details: "Received: FY2023: ...; FY2025: ..."
                wanted = tuple(f"FY{y}" for y in result.entities.years)
                body = "; ".join(piece for piece in pieces if piece.startswith(wanted))
            else:
                # Only the grant of the things asked about holds their details ("the boathouses")
                things = set(result.tokens) & self.claims.grant_words
                overlap = {piece: len(things & set(normalize(piece).tokens)) for piece in pieces
                           if piece.startswith(("FY", "Fiscal year not stated"))}
                most = max(overlap.values(), default=0)
                # the grant that names most of the things asked about ("two 18-metre patrol boats", not "patrol
                # vessels" beside it)
                grants = [piece for piece, count in overlap.items() if count and count == most]
                if grants and len(grants) < len(overlap):
                    body = "; ".join(grants)
                    owner = countries[0] + ("'" if countries[0].endswith("s") else "'s")
                    subject = f"{owner} " + " and ".join(g.split(":")[0] for g in grants) + " grant"
        elif len(result.entities.countries) == 1 and not countries:
            # "Malaysia's FY2025 allocation?" answered by the FY2025 list: only what it says of Malaysia holds
            # Malaysia's details, not the year's total beside it
            name = self.fact_base.country(result.entities.countries[0]).name
            said_of = [s for s in re.split(r"(?<=[.;])\s+", body) if name.casefold() in s.casefold()]
            if said_of:
                body = " ".join(said_of)
                years = " and ".join(f"FY{y}" for y in result.entities.years)
                subject = name + (f" in {years}" if years else "")
        found = missing_details(question, topic=answer.topic, text=body, subject=subject)
        if not is_claim(question):
            found += _unranked(question, "\n".join(p.text for p in answer.parts))
        if not found:
            return answer
        opening = " ".join(m.sentence for m in found) + self._reported_on(answer, found, result)
        return replace(answer, body=f"{opening} Here is what they do say:\n{answer.body}",
                       missing=tuple(m.detail.id for m in found))

    def _reported_on(self, answer: Answer, found: list[Missing], result: MatchResult) -> str:
        """When a country's grant has no date of its own, the date of the report of it, which is the nearest
        thing the sources give ("tonga's osa announced when?")."""
        if not any(m.detail.id == "date" for m in found) or len(answer.parts) != 1:
            return ""
        if not answer.parts[0].fact_id.startswith("country:"):
            return ""
        entry = self.fact_base.country(answer.parts[0].fact_id.removeprefix("country:"))
        sentences = []
        for grant in entry.received:
            if grant.date or (result.entities.years and grant.fiscal_year not in result.entities.years):
                continue
            source = self.fact_base.source(grant.source)
            if not source.date or len(source.date.split("-")) != 3:
                continue
            which = f"FY{grant.fiscal_year} grant" if grant.fiscal_year else "grant"
            sentences.append(f"{source.publisher} reported its {which} on {_spoken_date(source.date)}.")
        return "".join(f" {s}" for s in sentences)

    def _too_long(self, question: str, length: int) -> Answer:
        size = f"over {SCREEN_LENGTH:,}" if length > SCREEN_LENGTH else f"{length:,}"
        return self._reply(
            question[:SCREEN_LENGTH],
            f"That message is {size} characters long; please ask in under "
            f"{MAX_QUESTION_LENGTH} characters, one question at a time.",
            DEFAULT_SUGGESTIONS,
        )

    def today(self) -> dt.date:
        """The service's idea of today (its clock), for relative years such as "last year"."""
        return self._clock()

    # --- meta questions -----------------------------------------------------

    def _meta(self, question: str, normalized: Normalized) -> Answer | None:
        words = set(normalized.words)
        text = " ".join(normalized.words)
        if not words:
            return None
        if words <= _HELP_WORDS or (any(phrase in text for phrase in _HELP_PHRASES) and len(words) <= 8):
            return self._reply(question, self.help_text(), DEFAULT_SUGGESTIONS)
        if words <= _GREETING_WORDS and words & {"hi", "hello", "hey", "hiya", "yo", "howdy", "greetings",
                                                  "morning", "afternoon", "evening"}:
            return self._reply(question, "Hello! " + self.help_text(), DEFAULT_SUGGESTIONS)
        if words & _THANKS_WORDS and words <= _THANKS_WORDS | _THANKS_FILLER:
            return self._reply(question, "You're welcome. Ask me anything else about the defence budget, "
                               "OSA or export rules.", DEFAULT_SUGGESTIONS)
        if any(phrase in text for phrase in _SOURCE_PHRASES) or words <= {"sources", "source", "references"}:
            return self._reply(question, self.sources_text(), DEFAULT_SUGGESTIONS,
                               sources=self.fact_base.sources)
        return None

    def help_text(self) -> str:
        """What the bot can answer, by topic, with a sample question each."""
        lines = [
            "I answer questions about Japan's defence budget, its Official Security Assistance (OSA) "
            "programme and its defence-export rules, from a sourced fact base. Topics:"
        ]
        for topic in self.fact_base.topics:
            command = f" ({topic.command})" if topic.command else ""
            lines.append(f"• {topic.title}{command}: {topic.about}")
        lines.append("Try: " + " / ".join(f'"{s}"' for s in DEFAULT_SUGGESTIONS))
        return "\n".join(lines)

    def sources_text(self) -> str:
        """Every source with its date and how many facts cite it."""
        cited: dict[str, int] = {}
        for fact in self.fact_base.facts:
            for source_id in fact.sources:
                cited[source_id] = cited.get(source_id, 0) + 1
        lines = [f"My answers come from {len(self.fact_base.sources)} sources:"]
        for source in self.fact_base.sources:
            count = cited.get(source.id, 0)
            url = f" {source.url}" if source.url else ""
            lines.append(f"• {source.citation()}{url} (cited by {count} fact{'s' if count != 1 else ''})")
        return "\n".join(lines)

    def topics_overview(self) -> list[tuple[str, str | None, list[Fact]]]:
        """(topic title, slash command, its facts) for each topic, in fact-base order."""
        return [
            (topic.title, topic.command, [f for f in self.fact_base.facts if f.topic == topic.id])
            for topic in self.fact_base.topics
        ]

    # --- composing ----------------------------------------------------------

    def _compose(self, question: str, result: MatchResult) -> Answer:
        if result.outcome == "clarify":
            options = [t for t in result.targets]
            titles = " or ".join(f'"{t.title}"' for t in options)
            return Answer(
                question=question, outcome="clarify", confidence=result.confidence,
                body=f"Did you mean {titles}? Pick one, or ask again with more detail.",
                suggestions=tuple(self._example(t) for t in options),
            )
        if result.outcome == "decline":
            return self._decline(question, result)
        parts = tuple(self._part(t) for t in result.targets)
        if all(t.kind == "country" and t.country is not None and t.country.status == "mentioned"
               for t in result.targets):
            return self._not_partner(question, result, parts)
        sources = _unique(s for p in parts for s in p.sources)
        as_of = max(p.as_of for p in parts)
        body = parts[0].text if len(parts) == 1 else "\n".join(f"• {p.title}: {p.text}" for p in parts)
        if result.missing_years:
            missing = ", ".join(f"FY{y}" for y in result.missing_years)
            body += f"\n(I have nothing for {missing}.)"
        first = result.targets[0].fact
        if (result.entities.wants_latest and not result.entities.years and len(parts) == 1 and first is not None
                and first.series and first.fiscal_year is not None):
            body += f"\n(That is the latest my sources have: FY{first.fiscal_year}, as of {as_of}.)"
        return Answer(
            question=question, outcome="answer", body=body, citation=_source_line(sources, as_of),
            confidence=result.confidence, parts=parts,
            sources=sources, as_of=as_of, suggestions=self._follow_ups(result.targets),
            topic=result.targets[0].topic,
        )

    def _derive(self, result: MatchResult) -> Derivation | None:
        """A computation the question asks for, about the series the matcher found (None for most questions)."""
        if result.outcome != "answer" and result.decline_reason != "year-not-covered":
            return None
        facts = [t.fact for t in result.targets if t.fact is not None]
        derivation = self.deriver.derive(result.normalized, result.entities, facts, result.tokens)
        if (derivation is not None and derivation.kind in ("change", "ratio") and facts and result.quantities
                and len(result.normalized.years) <= 1 and not is_claim(result.normalized.text)
                and any(same_quantity(q, f.amount * SCALES.get(f.unit, 1.0)) for q in result.quantities
                        for f in facts[0].figures)):
            return None  # "what does the 26.3% figure refer to?": the fact that states it answers, no computation
        return derivation

    def _derived(self, question: str, result: MatchResult, derivation: Derivation) -> Answer:
        targets = tuple(self.matcher.index.target(fact_id) for fact_id in derivation.facts)
        parts = tuple(self._part(t) for t in targets)
        if not derivation.answered:
            return Answer(question=question, outcome="decline", body=derivation.text, confidence=result.confidence,
                          suggestions=tuple(p.title for p in parts[:2]) or DEFAULT_SUGGESTIONS,
                          topic=targets[0].topic if targets else None, derived=derivation.kind)
        sources = tuple(self.fact_base.source(s) for s in derivation.sources)
        dates = [s.date for s in sources if s.date] or [p.as_of for p in parts]
        as_of = max(dates)
        return Answer(question=question, outcome="answer", body=derivation.text,
                      citation=_source_line(sources, as_of), confidence=result.confidence, parts=parts,
                      sources=sources, as_of=as_of, suggestions=self._follow_ups(targets),
                      topic=targets[0].topic, derived=derivation.kind)

    def _decline(self, question: str, result: MatchResult) -> Answer:
        reason = result.decline_reason
        if reason == "unknown-country":
            names = " or ".join(result.entities.other_countries or (result.entities.foreign_subject,))
            text = f"My sources are about Japan and don't cover {names}, so I can't answer that. " + self._offer()
        elif reason == "year-not-covered" and result.targets:
            target = result.targets[0]
            missing = ", ".join(f"FY{y}" for y in result.missing_years)
            covered = self.matcher.covered_years(target)
            held = f" I have {year_list(covered)}." if covered else ""
            subject = _series_subject(target)
            text = f"I don't have {subject} for {missing}.{held} " + self._offer()
        elif reason == "empty":
            text = "I didn't catch a question. " + self._offer()
        else:
            text = "I can't answer that from my sources. " + self._offer()
        suggestions = tuple(self._example(t) for t in result.targets[:3] if result.confidence >= 0.35)
        if reason == "year-not-covered" and result.targets:
            suggestions = (self._example(result.targets[0]),)
        return Answer(question=question, outcome="decline", body=text, confidence=result.confidence,
                      suggestions=tuple(dict.fromkeys(suggestions or DEFAULT_SUGGESTIONS)))

    def _not_partner(self, question: str, result: MatchResult, parts: tuple[AnswerPart, ...]) -> Answer:
        names = " or ".join(p.title.removesuffix(" and OSA") for p in parts)
        recipients = ", ".join(c.name for c in self.fact_base.countries if c.status == "recipient")
        text = (f"My sources don't name {names} as an OSA recipient or partner, so I can't say more on that. "
                f"The recipients they name are {recipients}.")
        return Answer(question=question, outcome="decline", body=text, confidence=result.confidence,
                      suggestions=("Which countries have received OSA?", "Who are the OSA priority partners?"))

    def _offer(self) -> str:
        topics = "; ".join(t.title for t in self.fact_base.topics)
        return f"I can tell you about: {topics}."

    def _reply(self, question: str, text: str, suggestions: Iterable[str],
               sources: Iterable[Source] = ()) -> Answer:
        return Answer(question=question, outcome="decline", body=text, confidence=1.0,
                      suggestions=tuple(suggestions), sources=tuple(sources))

    def _part(self, target: Target) -> AnswerPart:
        if target.fact is not None:
            fact = target.fact
            return AnswerPart(fact_id=fact.id, title=fact.title, text=fact.answer,
                              sources=tuple(self.fact_base.source(s) for s in fact.sources), as_of=fact.as_of)
        assert target.country is not None
        return self._country_part(target.id, target.country)

    def _country_part(self, target_id: str, country: Country) -> AnswerPart:
        source_ids = list(country.sources)
        sentences: list[str] = []
        name = country.display_name
        if country.note:
            sentences.append(f"{name}: {country.note[:1].lower()}{country.note[1:]}")
        elif country.status == "recipient":
            sentences.append(f"{name} is an OSA recipient.")
        elif country.status == "slated":
            sentences.append(f"{name} is named as a coming OSA recipient.")
        elif country.status == "priority-partner":
            sentences.append(f"{name} is not listed as an OSA recipient in my sources; "
                             "it is named as a priority partner for further cooperation.")
        if country.status == "slated":
            said = max((d for d in (self.fact_base.source(s).date for s in country.sources) if d), default=None)
            if said:
                sentences.append(f"My sources said this was planned as of {_month(said)}; they do not say "
                                 "whether it has happened since.")
        grants = []
        for grant in country.received:
            source_ids.append(grant.source)
            year = f"FY{grant.fiscal_year}" if grant.fiscal_year else "Fiscal year not stated"
            amount = grant.amount_display()
            detail = f"{amount} for {grant.what}" if amount else grant.what
            what_day = f"{grant.date_note} " if grant.date_note else ""  # "notes exchanged", "announced"
            when = f" ({what_day}{_spoken_date(grant.date)})" if grant.date else ""
            grants.append(f"{year}: {detail}{when}")
        if grants:
            sentences.append("Received: " + "; ".join(grants) + ".")
        sources = tuple(self.fact_base.source(s) for s in dict.fromkeys(source_ids))
        dates = [s.date for s in sources if s.date] + [g.date for g in country.received if g.date]
        return AnswerPart(fact_id=target_id, title=f"{name} and OSA", text=" ".join(sentences),
                          sources=sources, as_of=max(dates) if dates else "")

    def _example(self, target: Target) -> str:
        """What a suggestion button asks: the fact's title (it reaches the fact), or a country question."""
        if target.fact is not None:
            return target.fact.title
        if target.country is not None:
            return f"Is {target.country.name} an OSA recipient?"
        return target.title

    def _follow_ups(self, targets: tuple[Target, ...]) -> tuple[str, ...]:
        suggestions: list[str] = []
        for target in targets:
            if target.fact is None:
                continue
            for fact_id in target.fact.follow_ups:
                suggestions.append(self.fact_base.fact(fact_id).title)
        if not suggestions and targets and targets[0].kind == "country":
            suggestions = ["Which countries have received OSA?", "What is the OSA budget?"]
        return tuple(dict.fromkeys(suggestions))[:3]



def _with_explanation(answer: Answer, result: MatchResult, decision: DecisionModel, *, claim_check: str = ""
                      ) -> Answer:
    reason = result.reason
    if result.signals is not None:
        pushes = ", ".join(f"{name} {push:+.2f}" for name, push in decision.contributions(result.signals).items())
        reason += (f"; P(answerable) {decision.probability(result.signals):.2f} (answers from "
                   f"{decision.threshold:.2f}; bias {decision.bias:+.2f}, {pushes})")
    if answer.verdict or claim_check:
        reason += f"; a claim to check: {answer.verdict or '-'}" + (f", {claim_check}" if claim_check else "")
    return replace(answer, explanation=Explanation(
        normalized=result.normalized.text,
        tokens=result.tokens,
        unknown_tokens=result.unknown_tokens,
        years=result.entities.years,
        countries=result.entities.countries,
        other_countries=result.entities.other_countries,
        candidates=result.candidates,
        reason=reason,
    ))




_SPLIT_HARD = re.compile(r"(?<=[?;])\s+|\s+(?:\+|plus|also|as well as|and also)\s+|\s*[\u2022\n]\s*", re.IGNORECASE)
_SPLIT_AND_QUESTION = re.compile(
    r",?\s+(?:and|&)\s+(?=(?:what|how|when|which|who|where|why|is|are|was|were|did|does|do|can|has|have)\b)",
    re.IGNORECASE,
)
"""'and' opening a question of its own: '... budget and who reported it?'."""
_SPLIT_AND = re.compile(r",?\s+(?:and|&)\s+", re.IGNORECASE)
_QUESTION_WORDS = r"(?:what|which|who|whom|whose|how|when|where|why)(?:'s|\b)"
_SPLIT_COMMA_QUESTION = re.compile(r",\s+(?=" + _QUESTION_WORDS + r")", re.IGNORECASE)
_OPENS_QUESTION = re.compile(r"^\W*(?:" + _QUESTION_WORDS + r"|(?:is|are|was|were|did|does|do|can|has|have)\b)",
                             re.IGNORECASE)
_PRONOUN = re.compile(r"\b(?:it|they|them|this|that)\b"
                      r"|(?<=\s)one(?=\s+(?:allow|do|did|does|say|said|cover|mean|change)\w*\b|\W*$)", re.IGNORECASE)
"""A word for what the part before asked about: "it", "that", "the March 2024 one"."""
_FRAMING = re.compile(r"^[^:?]{1,60}:\s+(?=" + _QUESTION_WORDS + r")", re.IGNORECASE)
"""'Two things from the article: what ...': words before a colon that frame the questions after it."""


_ASKS_WHO_REPORTED = re.compile(
    r"\b(?:who|which (?:outlet|paper|newspaper|publication|media|agency|source|site|website|ministry|institute"
    r"|news\w*))\s+(?:first\s+)?(?:reported|reports|said|says|wrote|published|broke|put out|issued|released|ran)\b"
    r"|\b(?:press release|news release)\b|\bwhich (?:site|website|ministry|institute)\b"
    r"|\b(?:which|what) (?:outlet|publication|newspaper|news agency)\b|\bneed the (?:outlet|source)\b"
    r"|\baccording to (?:whom|which|what|who)\b|\bwho(?:'s| is) the source\b"
    r"|\b(?:src|sources?|citations?|link)\s+(?:for|of|on|to)\b|\bcite\s+(?:for|of|on)\b"
    r"|\bwhat(?:'s| is| are) the (?:src|sources?)\b"
    r"|\b(?:src|source)\W*$|\bwhich (?:paper|outlet)\b|\bwhere (?:is|was|does) (?:that|this|it) (?:from|come from)\b",
    re.IGNORECASE,
)
"""A question about who reported a fact: the answer opens with its sources' publishers."""
_REPORTED_BY = "Reported by "


def _reporters(sources: tuple[Source, ...]) -> str:
    """'Yomiuri Shimbun (29 November 2025, 24 October 2025) and Nikkei Asia (14 January 2023)': each publisher
    once, with the dates as people write them."""
    dates: dict[str, list[str]] = {}
    for source in sources:
        dates.setdefault(source.publisher, [])
        if source.date and _spoken_date(source.date) not in dates[source.publisher]:
            dates[source.publisher].append(_spoken_date(source.date))
    named = [f"{publisher} ({', '.join(when)})" if when else publisher for publisher, when in dates.items()]
    return named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]


def split_questions(message: str, topic_words: frozenset[str], names: re.Pattern[str] | None = None) -> list[str]:
    """The questions of a message: "FY26 budget? and OSA recipients", "X plus Y", "X and what is Y".

    A plain "and" splits only where both sides name a topic of their own ("the defence budget and the
    OSA budget"), so "the UK and Italy" or "Mongolia and Djibouti" stay one question."""
    pieces: list[str] = []
    for chunk in _SPLIT_HARD.split(message):
        chunk = chunk.strip(" ,.:;-")
        if not chunk:
            continue
        sentences = SENTENCE_END.split(chunk)
        # "New to this beat. What is OSA, ...": a sentence before the questions that asks nothing and names no topic
        while len(sentences) > 1 and not _OPENS_QUESTION.match(sentences[0]) and not _names_topic(
                sentences[0], topic_words, names):
            sentences.pop(0)
        chunk = " ".join(sentences)
        framing = _FRAMING.match(chunk)
        if framing and not _names_topic(framing.group(), topic_words, names):
            chunk = chunk[framing.end():]  # "Two things from the article: what is ..." asks "what is ..."
        parts = [p for part in _SPLIT_AND_QUESTION.split(chunk) for p in _split_after_question(part)]
        for part in parts:
            sides = [side.strip(" ,.:;-") for side in _SPLIT_AND.split(part)]
            if (len(sides) > 1 and all(set(normalize(side).tokens) & topic_words for side in sides if side)
                    and not _ENUMERATED.search(sides[0])):
                pieces.extend(side for side in sides if side)
            elif part.strip(" ,.:;-"):
                pieces.append(part.strip(" ,.:;-"))
    return [p for p in pieces if normalize(p).tokens] if len(pieces) > 1 else [message]


_ENUMERATED = re.compile(r"(?:,\s*[\w'()-]+(?:\s+[\w'()-]+){0,2}\s*){2,}$")
"""'rescue, transport, surveillance, minesweeping' before 'and air defence': one list, not two questions."""


def _names_topic(text: str, topic_words: frozenset[str], names: re.Pattern[str] | None = None) -> bool:
    """Does `text` name a topic word (not a bare number: "two things"), a year, or a country ("Indonesia:")?"""
    return (any(t in topic_words for t in normalize(text).tokens if not t.isdigit())
            or bool(re.search(r"\d", text)) or bool(names is not None and names.search(text)))


def _split_after_question(part: str) -> list[str]:
    """"What is OSA, who's the PM" -> two questions: a comma before a question word splits a part that opens as a
    question of its own (not "In FY2024, how much ...", whose first piece asks nothing)."""
    pieces = _SPLIT_COMMA_QUESTION.split(part)
    if len(pieces) > 1 and _OPENS_QUESTION.match(pieces[0]):
        return pieces
    return [part]


def _quoted(piece: str) -> str:
    """Part of a message to quote back: chat markup and mention characters out, at most 80 characters."""
    text = " ".join(re.sub(r"[<>@&*_`~|]", " ", strip_markup(piece)).split())
    return text if len(text) <= 80 else text[:79] + "\u2026"


def _printable(text: str) -> str:
    """The question with terminal escape sequences (whole: `\x1b[31m` is not read as "31"), control and
    unassigned characters removed and spaces collapsed."""
    if "\x1b" in text or "\x9b" in text:
        text = _ANSI_ESCAPE.sub(" ", text)
    kept = [ch for ch in text if unicodedata.category(ch)[0] not in "C" or ch in "\t\n"]
    return " ".join("".join(kept).split())


def _unique(sources: Iterable[Source]) -> tuple[Source, ...]:
    return tuple({s.id: s for s in sources}.values())


def _source_line(sources: tuple[Source, ...], as_of: str) -> str:
    cited = "; ".join(s.citation() + (f" {s.url}" if s.url else "") for s in sources)
    label = "Source" if len(sources) == 1 else "Sources"
    return f"{label}: {cited}. As of {as_of}."


_GRANT_BOUNDARY = re.compile(r"; (?=(?:FY\d{4}|Fiscal year not stated): )|Received: ")
"""Where one grant of a country's "Received: FY2023: ...; FY2024: ..." list ends (a grant's text may hold "; ")."""
_RANK = Detail(id="rank", asks=(), missing="My sources name no {rank} {thing}.")
"""'Which country was the 12th OSA recipient?' where the answer ranks Thailand the 11th."""


def _unranked(question: str, text: str) -> list[Missing]:
    """The ordinals a question asks for ("the 12th recipient") of a thing the answer ranks only otherwise."""
    words = normalize(question).words
    said = ordinal_ranks(normalize(text).words)
    found = []
    any_said = {r for ranks in said.values() for r in ranks}
    for thing, ranks in ordinal_ranks(words).items():
        # "the 14th straight year" where the answer has the 14th yearly increase asks for what it gives
        if said.get(thing) and not ranks & any_said:
            rank = min(ranks)
            name = RANK_NAMES[rank - 1] if rank <= len(RANK_NAMES) else f"{rank}th"
            spelled = next((w for w in words if w.isalpha() and stem(w) == thing), thing)
            found.append(Missing(detail=_RANK, sentence=_RANK.missing.format(rank=name, thing=spelled)))
    return found


def _spoken_date(date: str) -> str:
    """'2025-09-29' -> '29 September 2025'; '2025-09' -> 'September 2025'; anything else as it is."""
    parts = date.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts) and 1 <= int(parts[1]) <= 12:
        return f"{int(parts[2])} {MONTHS[int(parts[1]) - 1]} {parts[0]}"
    return _month(date) if len(parts) == 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12 else date


def _month(date: str) -> str:
    """'2025-12-26' or '2025-12' -> 'December 2025'; '2025' -> '2025'."""
    parts = date.split("-")
    return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}" if len(parts) >= 2 else parts[0]



def _series_subject(target: Target) -> str:
    if target.kind == "country" and target.country is not None:
        return f"OSA information on {target.country.name}"
    if target.fact is not None and target.fact.fiscal_year is not None:
        return f"the {target.fact.series_subject}" if target.fact.series_subject else "that"
    return "that"
