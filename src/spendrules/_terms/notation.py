"""The trade notation's tokens and due-date phrases, shared by `spendrules._terms.parser`.

This module holds the lexer (tokens read on demand, each character a bounded
number of times), the [`Dialect`][spendrules.payment_terms.Dialect] enum, and `_PhraseReader`: token
access and the grammar of one due-date phrase ("30 days", "EOM+10", "10th
prox", "the 15th of month +3", "30 days end of month on the 10th", day limits,
payment days) and of a milestone event ("after delivery", "ROG", "milestone
commissioning"). The terms grammar (shares, installments, discount tiers, the
baseline and the discount base) is `spendrules._terms.parser._Parser`,
which reads with these methods.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import attrs

from spendrules._enums import SpendEnum
from spendrules._terms.due_rules import (
    Advance,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DueRule,
    EomDating,
    NetDays,
    NetMonths,
    PaymentDays,
    _ordinal,
)
from spendrules._terms.milestones import check_event
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError

__all__ = ["Dialect"]

_T = TypeVar("_T")

_MAX_NUMBER = 40
_MAX_WORD = 24

#: Whitespace as ``str.isspace`` defines it (``\s`` on str patterns) and hyphens
#: ("Net-30"), skipped in one match.
_SPACES = re.compile(r"[\s-]*")
#: Spaces and tabs between a number and its ``%``.
_BLANKS = re.compile(r"[ \t]*")


class Dialect(SpendEnum):
    """How [`parse_terms`][spendrules.payment_terms.parse_terms] reads notations that have more than one established meaning.

    Each dialect reads every unambiguous notation the same way; a dialect only
    settles what the default refuses.

    Attributes:
        US: The default: refuse ambiguous notations (``AmbiguousTermsError``).
        AMA: ``2/10, net 20, EOM`` is AMA end-of-month dating: every period counts
            from the end of the month, and the net period follows the discount
            period (discount to EOM + 10, net to EOM + 30).
        PROX_DAY: ``N10 prox`` is the 10th of the next month.
        PROX_DAYS: ``N10 prox`` is 10 days after the first of the next month (the 11th).
        FR: French ("30 jours fin de mois le 10", "à réception", "comptant").
        DE: German ("Zahlbar innerhalb 14 Tagen mit 2 % Skonto, 30 Tage netto",
            "sofort ohne Abzug").
        ES: Spanish ("30 días fecha factura", "30 días fin de mes", "contado").
        NL: Dutch ("30 dagen netto", "2 % korting binnen 8 dagen").

    The four languages are read by the tables of `spendrules._terms.dialects`;
    with the default `US` a text whose words belong to one of them is
    read in that language (see ``parse_terms``).
    """

    US = "us"
    AMA = "ama"
    PROX_DAY = "prox-day"
    PROX_DAYS = "prox-days"
    FR = "fr"
    DE = "de"
    ES = "es"
    NL = "nl"


# --------------------------------------------------------------------------- tokens


@attrs.frozen
class _Token:
    kind: str  # "word", "number", "percent", "ordinal", "slash", "sep", "punct", "end"
    text: str
    pos: int
    extra: str = ""


_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
_PUNCT = frozenset("+:()")


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Return the position after the run of ``pattern`` (a starred class) at ``pos``."""
    found = pattern.match(text, pos)
    assert found is not None  # noqa: S101 - a starred pattern matches the empty string
    return found.end()


def _is_digit(char: str) -> bool:
    return "0" <= char <= "9"


def _is_letter(char: str) -> bool:
    return "a" <= char <= "z" or "A" <= char <= "Z"


class _Lexer:
    """Produces tokens on demand, left to right; each call does work bounded by the token it returns."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def fail(self, pos: int, expected: str) -> NoReturn:
        raise ParseError(self.text, pos, expected)

    def _number_end(self, start: int) -> int:
        text = self.text
        end = start
        while end < len(text) and _is_digit(text[end]) and end - start <= _MAX_NUMBER:
            end += 1
        if end < len(text) - 1 and text[end] == "." and _is_digit(text[end + 1]):
            end += 1
            while end < len(text) and _is_digit(text[end]) and end - start <= _MAX_NUMBER:
                end += 1
        if end - start > _MAX_NUMBER:
            self.fail(start, f"a number of at most {_MAX_NUMBER} characters")
        return end

    def next_token(self) -> _Token:
        text = self.text
        pos = _skip(_SPACES, text, self.pos)
        if pos >= len(text):
            self.pos = pos
            return _Token("end", "", pos)
        char = text[pos]
        if _is_digit(char) or (char == "." and pos + 1 < len(text) and _is_digit(text[pos + 1])):
            return self._number(pos)
        if _is_letter(char):
            end = pos
            while end < len(text) and _is_letter(text[end]) and end - pos <= _MAX_WORD:
                end += 1
            if end - pos > _MAX_WORD:
                self.fail(pos, "a word such as 'net', 'days', 'EOM' or 'prox'")
            word = text[pos:end].lower()
            if word == "n" and end < len(text) and text[end] == "/":
                self.pos = end + 1
                return _Token("word", "net", pos)
            self.pos = end
            return _Token("word", word, pos)
        if char in ",;":
            self.pos = pos + 1
            return _Token("sep", char, pos)
        if char in _PUNCT:
            self.pos = pos + 1
            return _Token("punct", char, pos)
        raise ParseError(
            self.text, pos, "a word, a number, ',', ';', '%', '/', '+', ':', '(' or ')'"
        )

    def _number(self, start: int) -> _Token:
        text = self.text
        end = self._number_end(start)
        number = text[start:end]
        if end < len(text) and text[end] == "/":
            if end + 1 >= len(text) or not _is_digit(text[end + 1]):
                self.fail(end + 1, "a number after '/'")
            second_end = self._number_end(end + 1)
            self.pos = second_end
            return _Token("slash", number, start, text[end + 1 : second_end])
        if text[end : end + 2].lower() in _SUFFIXES and (
            end + 2 >= len(text) or not _is_letter(text[end + 2])
        ):
            self.pos = end + 2
            return _Token("ordinal", number, start)
        after = _skip(_BLANKS, text, end)
        if after < len(text) and text[after] == "%":
            self.pos = after + 1
            return _Token("percent", number, start)
        self.pos = end
        return _Token("number", number, start)


# --------------------------------------------------------------------------- phrases


_NET_WORDS = frozenset({"net", "n"})
_PROX_WORDS = frozenset({"prox", "proximo", "prx"})
_UNIT_WORDS = frozenset(
    {"day", "days", "month", "months", "eom", "prox", "proximo", "prx", "payment"}
)

#: Words that start a milestone event (see ``spendrules._terms.milestones``).
_EVENT_WORDS = {
    "order": "order",
    "shipment": "shipment",
    "shipping": "shipment",
    "delivery": "delivery",
    "acceptance": "acceptance",
    "rog": "goods_receipt",
}


@attrs.define
class _Due:
    """A parsed due phrase: the rule, and whether it was written as a cardinal plus 'EOM'."""

    rule: DueRule
    cardinal_eom: int | None = None  # position of the 'EOM' when written "N EOM" / ", EOM"
    event: str | None = None  # "on delivery": the milestone event read with the rule


class _PhraseReader:
    """Token access and the due-date and event phrases (the subclass sets the attributes)."""

    text: str
    dialect: Dialect
    lexer: _Lexer
    buffer: list[_Token]

    # -- token access -------------------------------------------------------

    def peek(self, ahead: int = 0) -> _Token:
        while len(self.buffer) <= ahead:  # at most a few tokens ahead: bounded work
            self.buffer.append(self.lexer.next_token())
        return self.buffer[ahead]

    def take(self) -> _Token:
        self.peek()
        return self.buffer.pop(0)

    def is_word(self, *words: str, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        return token.kind == "word" and token.text in words

    def fail(self, expected: str, token: _Token | None = None) -> NoReturn:
        token = token or self.peek()
        raise ParseError(self.text, token.pos, expected)

    def expect_word(self, *words: str) -> _Token:
        if not self.is_word(*words):
            self.fail(" or ".join(repr(w) for w in words))
        return self.take()

    def skip_word(self, *words: str) -> bool:
        if self.is_word(*words):
            self.take()
            return True
        return False

    def skip_sep(self) -> bool:
        if self.peek().kind == "sep":
            self.take()
            return True
        return False

    def integer(self, token: _Token, what: str) -> int:
        if not token.text.isdigit():
            self.fail(f"a whole number of {what}", token)
        return int(token.text)

    def count(self, what: str) -> tuple[int, _Token]:
        token = self.peek()
        if token.kind not in {"number", "ordinal"}:
            self.fail(f"a number of {what}")
        self.take()
        return self.integer(token, what), token

    def build(self, token: _Token, factory: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        try:
            return factory(*args, **kwargs)
        except (InvalidInputError, TypeError) as exc:
            constraint = exc.constraint if isinstance(exc, InvalidInputError) else str(exc)
            if isinstance(exc, InvalidInputError):
                self.fail(f"{exc.field} to be {constraint}", token)
            self.fail(constraint, token)  # pragma: no cover - the parser builds well-typed values

    # -- due-date and event phrases ---------------------------------------

    def counts_from_event(self, ahead: int) -> bool:
        """True if '[days] after <event>' or '[days] ROG' follows a number (at ``ahead``)."""
        if self.is_word("days", "day", ahead=ahead):
            ahead += 1
        if self.is_word("rog", ahead=ahead):
            return True
        return self.is_word("after", ahead=ahead) and self.event_starts(ahead + 1)

    def event_starts(self, ahead: int = 0) -> bool:
        """True if a milestone event ('delivery', 'goods receipt', 'milestone X', ...) starts here."""
        token = self.peek(ahead)
        if token.kind != "word":
            return False
        if token.text == "goods":
            return self.is_word("receipt", ahead=ahead + 1)
        if token.text == "receipt":
            return self.is_word("of", ahead=ahead + 1) and self.is_word("goods", ahead=ahead + 2)
        return token.text in _EVENT_WORDS or token.text in {"invoice", "milestone"}

    def event(self) -> str:
        """Read a milestone event (``event_starts`` said one starts) and return its name."""
        token = self.take()
        if token.text == "milestone":
            name = self.peek()
            if name.kind != "word":
                self.fail("a milestone name of 1 to 24 letters a-z")
            self.take()
            return self.build(name, check_event, name.text, "event")
        if token.text == "goods":
            self.take()
            return "goods_receipt"
        if token.text == "receipt":
            self.take()
            self.take()
            return "goods_receipt"
        if token.text == "invoice":
            if self.skip_word("receipt"):
                return "invoice_receipt"
            self.skip_word("date")
            return "invoice"
        return _EVENT_WORDS[token.text]

    def event_suffix(self) -> str | None:
        """The event after a due phrase: 'after delivery', 'ROG' (or None)."""
        if self.skip_word("rog"):
            return "goods_receipt"
        if self.is_word("after") and self.event_starts(1):
            self.take()
            return self.event()
        return None

    def cutoff(self) -> int | None:
        if not self.skip_word("cutoff"):
            return None
        return self.count("the cutoff day")[0]

    def when(self, *, prox: DayOfMonth | None, net: bool, nested: bool = False) -> _Due:
        token = self.peek()
        due: _Due
        if token.kind == "number":
            due = self.cardinal(prox=prox, net=net)
        elif token.kind == "ordinal" or self.is_word("the"):
            due = _Due(self.day_of_month())
        elif self.is_word("eom"):
            self.take()
            plus = 0
            if self.peek().kind == "punct" and self.peek().text == "+":
                self.take()
                plus = self.count("days")[0]
            due = _Due(self.build(token, EomDating, plus, late_cutoff_day=self.cutoff()))
        elif self.is_word("monthly"):
            self.take()
            self.skip_word("account")
            due = _Due(DaysAfterEndOfMonth(0, months=1))
        elif self.is_word("end"):
            due = _Due(DaysAfterEndOfMonth(0, months=self.end_of_month(allow_months=True)))
        elif self.is_word("advance") and nested:
            self.take()
            due = _Due(Advance())
        elif token.kind == "punct" and token.text == "(" and not nested:
            due = _Due(self.day_limit())
        else:
            self.fail(
                "a number of days, an ordinal day ('10th'), 'EOM', 'monthly'"
                + (" or day limits '(to 15: ...; to 31: ...)'" if not nested else "")
            )
        if self.is_word("payment") and self.is_word("days", ahead=1):
            days_token = self.take()
            self.take()
            listed = [self.count("the payment day")[0]]
            while self.more_payment_days():
                self.take()
                listed.append(self.count("the payment day")[0])
            if isinstance(due.rule, DayLimit | Advance):
                self.fail("payment days after a simple due rule, not day limits", days_token)
            return _Due(self.build(days_token, PaymentDays, tuple(listed), after=due.rule))
        return due

    def more_payment_days(self) -> bool:
        """True if the list of payment days goes on ('and 20', or ', 20' not starting a phrase)."""
        if self.peek(1).kind not in {"number", "ordinal"}:
            return False
        if self.is_word("and"):
            return True
        return self.peek().kind == "sep" and not self.is_word(*_UNIT_WORDS, ahead=2)

    def cardinal(self, *, prox: DayOfMonth | None, net: bool) -> _Due:
        token = self.take()
        count = self.integer(token, "days")
        if self.is_word("mfi"):
            self.take()
            return _Due(self.build(token, DayOfMonth, count, months_ahead=1))
        if self.is_word("net") and self.is_word("days", "day", ahead=1):
            self.take()
        if self.is_word("month", "months"):
            self.take()
            return _Due(self.build(token, NetMonths, count))
        explicit_days = self.skip_word("days", "day")
        if explicit_days and self.is_word("end"):
            self.end_of_month(allow_months=False)
            day = 0
            if self.skip_word("on"):
                self.skip_word("the")
                day = self.count("the day of the month")[0]
            return _Due(self.build(token, DaysEndOfMonthOn, count, day=day))
        if explicit_days and self.is_word("after") and not self.event_starts(1):
            self.take()
            self.skip_word("the")
            months = self.end_of_month(allow_months=True)
            return _Due(self.build(token, DaysAfterEndOfMonth, count, months=months))
        if self.is_word(*_PROX_WORDS) and not explicit_days:
            return _Due(self.cardinal_prox(token, count))
        eom = self.peek()
        if (
            self.is_word("eom")
            or (net and eom.kind == "sep" and self.is_word("eom", ahead=1) and self.eom_ends(2))
            or (self.is_word("from") and self.is_word("eom", ahead=1))
        ):
            if eom.kind == "sep" or eom.text == "from":
                self.take()
                eom = self.peek()
            self.take()
            rule = self.build(token, EomDating, count, late_cutoff_day=self.cutoff())
            return _Due(rule, cardinal_eom=eom.pos if net else None)
        if prox is not None and net and not explicit_days:
            return _Due(self.build(token, DayOfMonth, count, months_ahead=prox.months_ahead))
        return _Due(self.build(token, NetDays, count))

    def eom_ends(self, ahead: int) -> bool:
        token = self.peek(ahead)
        return token.kind in {"end", "sep"} or (
            token.kind == "word" and token.text in {"cutoff", "from", "discount"}
        )

    def cardinal_prox(self, token: _Token, count: int) -> DueRule:
        if self.dialect is Dialect.PROX_DAY:
            self.take()
            return self.build(token, DayOfMonth, count, months_ahead=1, cutoff_day=self.cutoff())
        if self.dialect is Dialect.PROX_DAYS:
            self.take()
            return self.build(token, DaysAfterEndOfMonth, count + 1)
        raise AmbiguousTermsError(
            self.text,
            token.pos,
            f"dialect='prox-day' (the {_ordinal(count)} of next month) or dialect='prox-days' "
            f"({count} days after the first of next month), or an ordinal ('{_ordinal(count)} prox')",
        )

    def end_of_month(self, *, allow_months: bool) -> int:
        self.expect_word("end")
        self.expect_word("of")
        self.skip_word("the")
        if allow_months and self.is_word("next", "following"):
            self.take()
            self.expect_word("month")
            return 1
        self.skip_word("invoice")
        self.expect_word("month")
        if allow_months and self.peek().kind == "punct" and self.peek().text == "+":
            self.take()
            return self.count("months")[0]
        return 0

    def day_of_month(self) -> DueRule:
        self.skip_word("the")
        token = self.peek()
        if token.kind not in {"ordinal", "number"}:
            self.fail("an ordinal day such as '10th'")
        self.take()
        day = self.integer(token, "days")
        if self.is_word(*_PROX_WORDS):
            self.take()
            months = 1
        else:
            self.expect_word("of")
            self.skip_word("the")
            if self.is_word("next", "following"):
                self.take()
                self.expect_word("month")
                months = 1
            elif self.is_word("this", "current"):
                self.take()
                self.expect_word("month")
                months = 0
            else:
                self.expect_word("month")
                if self.skip_word("following", "next"):
                    return self.build(
                        token, DayOfMonth, day, months_ahead=1, cutoff_day=self.cutoff()
                    )
                if not (self.peek().kind == "punct" and self.peek().text == "+"):
                    self.fail("'+' and a number of months")
                self.take()
                months = self.count("months")[0]
        return self.build(token, DayOfMonth, day, months_ahead=months, cutoff_day=self.cutoff())

    def day_limit(self) -> DueRule:
        opening = self.take()
        entries = []
        while True:
            self.expect_word("to")
            limit, limit_token = self.count("the day limit")
            if not (self.peek().kind == "punct" and self.peek().text == ":"):
                self.fail("':' after the day limit")
            self.take()
            self.skip_word(*_NET_WORDS)
            rule = self.when(prox=None, net=False, nested=True).rule
            entries.append(self.build(limit_token, DayLimitEntry, limit, rule))
            if self.peek().kind == "sep":
                self.take()
                continue
            break
        if not (self.peek().kind == "punct" and self.peek().text == ")"):
            self.fail("';' and the next day limit, or ')'")
        self.take()
        return self.build(opening, DayLimit, tuple(entries))
