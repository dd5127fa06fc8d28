"""Reading and writing payment terms in trade notation ("2/10 net 30", "net 10th prox", "CIA").

:func:`parse_terms` reads the notations traders and ERPs print on invoices;
:func:`format_terms` writes the canonical text of any :class:`PaymentTerms`,
and ``parse_terms(format_terms(t)) == t`` for every term whose text fits in
:data:`MAX_TERMS_LENGTH` characters (any practical term: see that limit).

The parser is a hand-written tokenizer and a recursive-descent parser with a
fixed look-ahead: it reads each character at most a bounded number of times
and stops at the first token it cannot use, so any text, however long, is
answered in time linear in its length (a megabyte of garbage fails at its first
bad token). Numbers are limited to 40 characters and words to 24. A text longer
than :data:`MAX_TERMS_LENGTH` (10,000) characters is refused before it is read;
runs of spaces are skipped by one regular-expression match each.

Notation (case and spacing do not matter; ``,`` and ``;`` separate parts):

=================================  ===================================================
text                               meaning
=================================  ===================================================
``net 30``, ``N30``, ``n/30``      due 30 days after the baseline (:class:`NetDays`)
``net 30 days``, ``30 days``       the same
``net 3 months``                   3 calendar months later (:class:`NetMonths`)
``2/10 net 30``, ``2/10, n/30``    2 % off within 10 days, net 30 (:class:`DiscountTier`)
``2% 10 net 30``                   the same
``3/10, 2/30, net 60``             two discount tiers (SAP style)
``1/10 EOM net 30``                1 % off until 10 days after the month's end; net 30
``net 60 EOM``, ``EOM``            60 (0) days after the end of the month (:class:`EomDating`)
``net EOM+20``                     20 days after the end of the month
``net 30 EOM cutoff 25``           ... baselines after the 25th count from next month's end
``net 10th prox``                  the 10th of next month (:class:`DayOfMonth`)
``Due 15th of following month``    the 15th of next month (also ``15th of the month
                                   following``; ``21 MFI``: month following invoice)
``2/10 prox net 30``               2 % until the next 10th, net the next 30th
``8/10 prox``, ``4/18 EOM``        no net term: net :data:`IMPLIED_NET_DAYS` (20) days
                                   after the discount deadline (EOM + 30, EOM + 38)
``EOM + 15``, ``net 45 from EOM``  15 (45) days after the end of the month
``.5/10 n30``, ``Net-30``          a leading-dot rate; a hyphen reads as a space
``2% 10th prox net 30``            2 % until the next 10th, net the next 30th
``net 15th of month +3``           the 15th, three months on (SAP fixed day + months)
``net 20th prox cutoff 12``        Zuora prox with a cutoff day
``30 days end of month``           30 days, then the end of that month (:class:`DaysEndOfMonthOn`)
``60 days end of month on the      60 days, end of month, then the 10th of the next month
10th``
``net 10 days after end of month`` :class:`DaysAfterEndOfMonth` (``end of next month``,
                                   ``end of month +2`` for later months)
``net monthly``                    the end of the next month
``net 30 payment days 5 and 20``   net 30, moved to the next 5th or 20th (:class:`PaymentDays`)
``net (to 15: 31st of this month;  SAP day limits (:class:`DayLimit`), the last limit 31
to 31: 15th prox)``
``30% advance, 70% net 30``        installments; shares ``30%``, ``1/3 of total``,
                                   ``fixed 250.00``, ``balance``
``COD``, ``CWO``, ``CIA``, ``PIA``  cash on delivery / with order / in advance
``due on receipt``, ``ROI``,       due on the invoice date
``upon receipt``, ``immediate
payment``
``...; from delivery``             the baseline event (:class:`Basis`)
``...; discount before tax``       the discount base (``gross``, ``before tax``, ``mixed``)
=================================  ===================================================

Ambiguous notations raise :class:`~spendrules.errors.AmbiguousTermsError`
unless the dialect settles them:

* ``N10 prox`` (a number, not an ordinal, before "prox"): the 10th of next
  month (dialect ``prox-day``) or 10 days after the first of next month, the
  11th (dialect ``prox-days``; wiki.robotz "Common Invoice Payment
  Terminology").
* ``2/10 net 20 EOM`` (one EOM after the net period of a term whose discount
  periods have none): the AMA reading dates the whole term from the end of the
  month with the net period following the discount period (dialect ``ama``:
  discount to 10 days after the month's end, net 30 days after it); write
  ``2/10 EOM net 30 EOM`` to say exactly what you mean. The source is the AMA
  definition quoted by the Monash Marketing Dictionary ("End of Month Dating
  (EOM)"): under "2/10, net 20, EOM" goods shipped June 16 may take the
  discount through July 10 and are due net July 30, so the net period follows
  the discount period; ``2/10 net 30 EOM`` under ``ama`` is therefore due at the
  month's end + 40. Textbooks that read "n/30 EOM" as the month's end + 30
  write it ``2/10 EOM net 30 EOM`` here.

``1/15 EOM net 45`` (EOM on the discount only) keeps its reading: net 45 days
from the invoice date. It is ambiguous in the same way as ``2/10 net 30 EOM``,
but it is also the canonical text :func:`format_terms` writes for that term and
the notation the X12 and frames modules exchange, so refusing it by default is
left to a change that can migrate those callers.

Refused with the position of what was not understood: anything outside the
notation, and ``ROG`` / ``receipt of goods``, which will count from the
goods-receipt milestone event (issue 17, item 1); write ``; from goods receipt``
for a whole-term goods-receipt baseline until then.

French, German, Spanish and Dutch phrasings (``30 jours fin de mois le 10``,
``Zahlbar innerhalb 14 Tagen mit 2 % Skonto, 30 Tage netto``, ``30 días fecha
factura``, ``30 dagen netto``) are read with ``dialect="fr"``, ``"de"``,
``"es"`` or ``"nl"``, or detected under the default dialect; see
:mod:`spendrules._terms.dialects` for the tables and the detection rule.

Examples:
    >>> terms = parse_terms("2/10 net 30")
    >>> terms.installments[0].discounts[0].rate, terms.installments[0].due
    (Decimal('0.02'), NetDays(days=30))
    >>> format_terms(parse_terms("2% 10 NET 30 days"))
    '2/10 net 30'
    >>> parse_terms("N10 prox")
    Traceback (most recent call last):
    ...
    spendrules.errors.AmbiguousTermsError: cannot parse 'N10 prox' at position 1: expected ...
    >>> parse_terms("N10 prox", dialect="prox-day").installments[0].due
    DayOfMonth(day=10, months_ahead=1, cutoff_day=None)

References:
    AccountingTools "Credit terms" (x/y net z); Monash Marketing Dictionary / AMA
    "End of Month Dating (EOM)"; scimplified "What does Net 10th Prox mean";
    wiki.robotz.com "Common Invoice Payment Terminology" (COD, CIA, CWO, ROI,
    N10 Prox); nibusinessinfo.co.uk "commonly used invoice payment terms" (PIA,
    21 MFI, net monthly account); transtutors "4/18 EOM" (the net date 20 days
    after the discount date); Zuora "Prox Payment Term Examples"; Odoo ``days_end_of_month_on_the``
    ("30 jours fin de mois le 10"); SAP help "Date-Specific Terms of Payment".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from typing import Any, NoReturn, TypeVar

import attrs

from spendrules._decimal import CONTEXT
from spendrules._enums import SpendEnum
from spendrules._terms.dialects import (
    LANGUAGES,
    detect,
    read_detected,
    read_language,
    write_english,
    write_language,
)
from spendrules._terms.model import (
    Advance,
    Basis,
    DayLimit,
    DayLimitEntry,
    DayOfMonth,
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DiscountBase,
    DiscountTier,
    DueRule,
    EomDating,
    FixedAmount,
    Installment,
    NetDays,
    NetMonths,
    PaymentDays,
    PaymentTerms,
    Percent,
    Ratio,
    Remainder,
    Share,
    _ordinal,
)
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError, _shown

__all__ = ["IMPLIED_NET_DAYS", "MAX_TERMS_LENGTH", "Dialect", "format_terms", "parse_terms"]

_T = TypeVar("_T")

_MAX_NUMBER = 40
_MAX_WORD = 24
#: The longest text :func:`parse_terms` reads, in characters. ERP payment-term
#: fields hold tens of characters; the canonical text of three installments,
#: each with a discount and due by a full 31-row day-limit table, is about 3,500,
#: so :func:`format_terms` output of any practical term reads back. Longer text
#: is refused before it is read (a valid text at the limit parses in milliseconds).
MAX_TERMS_LENGTH = 10_000
#: Days from the last discount deadline to the net due date of month-end-dated
#: discounts written without a net term ("8/10 prox", "4/18 EOM"): the business-
#: mathematics convention "the net date is 20 days after the discount date".
IMPLIED_NET_DAYS = 20
#: Whitespace as ``str.isspace`` defines it (``\s`` on str patterns) and hyphens
#: ("Net-30"), skipped in one match.
_SPACES = re.compile(r"[\s-]*")
#: Spaces and tabs between a number and its ``%``.
_BLANKS = re.compile(r"[ \t]*")


class Dialect(SpendEnum):
    """How :func:`parse_terms` reads notations that have more than one established meaning.

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

    The four languages are read by the tables of :mod:`spendrules._terms.dialects`;
    with the default :attr:`US` a text whose words belong to one of them is
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


# --------------------------------------------------------------------------- parser


_NET_WORDS = frozenset({"net", "n"})
_PROX_WORDS = frozenset({"prox", "proximo", "prx"})
_UNIT_WORDS = frozenset(
    {"day", "days", "month", "months", "eom", "prox", "proximo", "prx", "payment"}
)
_SHARE_WORDS = frozenset({"fixed", "balance", "remainder", "rest"})
_TIER_FOLLOWERS = frozenset({"the", "until", "within", "by"})
_BASES = {
    "gross": DiscountBase.GROSS,
    "before": DiscountBase.NET_OF_TAX,
    "mixed": DiscountBase.MIXED,
}


_RECEIPT_OF_GOODS = re.compile(r"receipt\s+of\s+goods\b", re.IGNORECASE)
_GOODS_RECEIPT = (
    "terms this parser can date: 'ROG' / 'receipt of goods' counts from the goods-receipt "
    "milestone event, which per-installment baseline events (issue 17, item 1) will add; "
    "until then write the whole term's baseline as '; from goods receipt'"
)


@attrs.define
class _Due:
    """A parsed due phrase: the rule, and whether it was written as a cardinal plus 'EOM'."""

    rule: DueRule
    cardinal_eom: int | None = None  # position of the 'EOM' when written "N EOM" / ", EOM"


class _Parser:
    def __init__(self, text: str, dialect: Dialect) -> None:
        self.text = text
        self.dialect = dialect
        self.lexer = _Lexer(text)
        self.buffer: list[_Token] = []

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
        if token.kind == "word" and (
            token.text == "rog"
            or (token.text == "receipt" and _RECEIPT_OF_GOODS.match(self.text, token.pos))
        ):
            expected = _GOODS_RECEIPT
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

    # -- grammar ------------------------------------------------------------

    def parse(self) -> PaymentTerms:
        first = self.peek()
        if first.kind == "end":
            self.fail("payment terms such as 'net 30' or '2/10 net 30'")
        special = self.special()
        if special is not None:
            installments: tuple[Installment, ...] = (special[0],)
            basis = special[1]
        else:
            installments, basis = self.installments(), Basis.INVOICE
        discount_base = DiscountBase.GROSS
        seen_basis = seen_base = False
        while self.peek().kind != "end":
            if not self.skip_sep() and not self.is_word("from", "discount"):
                self.fail("',', ';', 'from', 'discount' or the end of the text")
            if self.peek().kind == "end":
                break
            if self.is_word("from") and not seen_basis and special is None:
                basis, seen_basis = self.basis(), True
            elif self.is_word("discount") and not seen_base:
                discount_base, seen_base = self.discount_base(), True
            else:
                expected = []
                if not seen_basis and special is None:
                    expected.append("'from' and the baseline event")
                if not seen_base:
                    expected.append("'discount' and its base")
                if not expected:
                    self.fail("the end of the text")
                self.fail(" or ".join(expected))
        return self.build(
            first, PaymentTerms, installments, discount_base=discount_base, basis=basis
        )

    def special(self) -> tuple[Installment, Basis] | None:
        if self.is_word("cod"):
            self.take()
            return Installment(NetDays(0)), Basis.DELIVERY
        if self.is_word("cwo"):
            self.take()
            return Installment(NetDays(0)), Basis.ORDER
        if self.is_word("cia", "pia"):
            self.take()
            return Installment(Advance()), Basis.INVOICE
        if self.is_word("roi", "immediate", "immediately"):
            self.take()
            self.skip_word("payment")
            return Installment(NetDays(0)), Basis.INVOICE
        if self.is_word("on", "upon") and self.is_word("receipt", ahead=1):
            self.take()
            self.take()
            return Installment(NetDays(0)), Basis.INVOICE
        if self.is_word("due") and self.is_word("on", "upon", ahead=1):
            self.take()
            self.take()
            self.expect_word("receipt")
            return Installment(NetDays(0)), Basis.INVOICE
        return None

    def share_starts(self, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        if token.kind == "percent":
            following = self.peek(ahead + 1)
            return not (
                following.kind in {"number", "ordinal"}
                or (following.kind == "punct" and following.text == "(")
                or (following.kind == "word" and following.text in _TIER_FOLLOWERS)
            )
        if token.kind == "slash":
            return self.is_word("of", ahead=ahead + 1)
        return token.kind == "word" and token.text in _SHARE_WORDS

    def installments(self) -> tuple[Installment, ...]:
        items: list[Installment] = []
        missing_share: _Token | None = None
        while True:
            start = self.peek()
            has_share = self.share_starts()
            items.append(self.installment())
            if not has_share and missing_share is None:
                missing_share = start
            if self.peek().kind == "sep" and (
                self.peek(1).kind != "end" and not self.is_word("from", "discount", ahead=1)
            ):
                self.take()
                if not self.share_starts():
                    self.fail(
                        "a share ('30%', '1/3 of total', 'fixed 100.00' or 'balance') "
                        "starting the next installment"
                    )
                continue
            break
        if len(items) > 1 and missing_share is not None:
            self.fail(
                "a share ('30%', '1/3 of total', 'fixed 100.00' or 'balance') for every "
                "installment of a term with several installments",
                missing_share,
            )
        return tuple(items)

    def share(self) -> Share:
        token = self.take()
        if token.kind == "percent":
            return self.build(token, Percent, Decimal(token.text))
        if token.kind == "slash":
            self.expect_word("of")
            self.skip_word("the")
            self.expect_word("total")
            numerator = self.integer(_Token("number", token.text, token.pos), "parts")
            denominator = self.integer(_Token("number", token.extra, token.pos), "parts")
            if denominator == 0:
                self.fail("a ratio with a non-zero denominator", token)
            return self.build(token, Ratio, Fraction(numerator, denominator))
        if token.text == "fixed":
            amount = self.peek()
            if amount.kind != "number":
                self.fail("an amount after 'fixed'")
            self.take()
            return self.build(amount, FixedAmount, Decimal(amount.text))
        return Remainder()

    def installment(self) -> Installment:
        share: Share = self.share() if self.share_starts() else Remainder()
        tiers: list[tuple[DiscountTier, _Token]] = []
        while self.tier_starts():
            tier, token = self.tier()
            if tiers and tier.rate >= tiers[-1][0].rate:
                self.fail(
                    f"a discount rate below the previous tier's {tiers[-1][0].percent()} %", token
                )
            tiers.append((tier, token))
            if self.peek().kind == "sep" and (
                self.tier_starts(ahead=1) or self.due_starts(ahead=1)
            ):
                self.take()
        prox = next(
            (tier.deadline for tier, _ in tiers if isinstance(tier.deadline, DayOfMonth)), None
        )
        implied = self.implied_net(tiers) if tiers and self.net_missing() else None
        if implied is not None:
            return Installment(implied, tuple(t for t, _ in tiers), share)
        due = self.due(prox)
        rules = [tier for tier, _ in tiers]
        if due.cardinal_eom is not None and any(
            not isinstance(tier.deadline, EomDating) for tier in rules
        ):
            due, rules = self.settle_eom(due, rules, tiers)
        return Installment(due.rule, tuple(rules), share)

    def net_missing(self) -> bool:
        """True if the discount tiers are followed by no net term (the text or installment ends)."""
        token = self.peek()
        if token.kind == "end" or self.is_word("from", "discount"):
            return True
        return token.kind == "sep" and (
            self.peek(1).kind == "end"
            or self.share_starts(ahead=1)
            or self.is_word("from", "discount", ahead=1)
        )

    def implied_net(self, tiers: list[tuple[DiscountTier, _Token]]) -> DueRule | None:
        """The net due date of month-end-dated tiers with no net term: 20 days after the last discount.

        ``None`` when the last tier is not dated from the month's end (the caller
        then asks for the net term).
        """
        last, token = tiers[-1]
        deadline = last.deadline
        if isinstance(deadline, DayOfMonth) and deadline.months_ahead == 1:
            return self.build(
                token,
                EomDating,
                deadline.day + IMPLIED_NET_DAYS,
                late_cutoff_day=deadline.cutoff_day,
            )
        if isinstance(deadline, EomDating):
            return self.build(
                token,
                EomDating,
                deadline.days + IMPLIED_NET_DAYS,
                late_cutoff_day=deadline.late_cutoff_day,
            )
        return None

    def settle_eom(
        self, due: _Due, rules: list[DiscountTier], tiers: list[tuple[DiscountTier, _Token]]
    ) -> tuple[_Due, list[DiscountTier]]:
        assert due.cardinal_eom is not None  # noqa: S101 - checked by the caller
        position = due.cardinal_eom
        if self.dialect is not Dialect.AMA:
            raise AmbiguousTermsError(
                self.text,
                position,
                "dialect='ama' for AMA end-of-month dating of the whole term (the net period "
                "following the discount period), or 'EOM' after each period "
                "('2/10 EOM net 30 EOM')",
            )
        net = due.rule
        assert isinstance(net, EomDating)  # noqa: S101 - only cardinal EOM phrases reach here
        converted = []
        last = 0
        for tier, token in tiers:
            if not isinstance(tier.deadline, NetDays):
                self.fail("discount periods in days ('2/10') under AMA end-of-month dating", token)
            last = max(last, tier.deadline.days)
            converted.append(
                DiscountTier(tier.rate, EomDating(tier.deadline.days, net.late_cutoff_day))
            )
        rule = self.build(
            _Token("end", "", position),
            EomDating,
            last + net.days,
            late_cutoff_day=net.late_cutoff_day,
        )
        return _Due(rule), converted

    def tier_starts(self, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        if token.kind == "slash":
            return not self.is_word("of", ahead=ahead + 1)
        if token.kind == "percent":
            following = self.peek(ahead + 1)
            return (
                following.kind in {"number", "ordinal"}
                or (following.kind == "punct" and following.text == "(")
                or (following.kind == "word" and following.text in _TIER_FOLLOWERS)
            )
        return False

    def due_starts(self, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        if token.kind in {"number", "ordinal"}:
            return True
        return token.kind == "word" and token.text in {
            "net",
            "n",
            "eom",
            "advance",
            "in",
            "monthly",
            "due",
        }

    def tier(self) -> tuple[DiscountTier, _Token]:
        token = self.take()
        rate = self.rate(token)
        if token.kind == "slash":
            days = self.integer(
                _Token("number", token.extra, token.pos + len(token.text) + 1), "days"
            )
            if self.is_word("eom"):
                self.take()
                cutoff = self.cutoff()
                deadline: object = self.build(token, EomDating, days, late_cutoff_day=cutoff)
            elif self.is_word(*_PROX_WORDS):
                self.take()
                cutoff = self.cutoff()
                deadline = self.build(token, DayOfMonth, days, months_ahead=1, cutoff_day=cutoff)
            else:
                deadline = self.build(token, NetDays, days)
        else:
            if self.is_word("until", "within", "by"):
                self.take()
            deadline = self.when(prox=None, net=False).rule
        tier = self.build(token, DiscountTier, rate, deadline)
        return tier, token

    def rate(self, token: _Token) -> Decimal:
        percent = Decimal(token.text)
        if not 0 < percent < 100:
            self.fail("a discount percent above 0 and below 100", token)
        return percent.scaleb(-2, context=CONTEXT)

    def due(self, prox: DayOfMonth | None) -> _Due:
        if self.is_word("advance"):
            self.take()
            return _Due(Advance())
        if self.is_word("in") and self.is_word("advance", ahead=1):
            self.take()
            self.take()
            return _Due(Advance())
        if self.is_word("due") and self.is_word("on", "upon", ahead=1):
            self.take()
            self.take()
            self.expect_word("receipt")
            return _Due(NetDays(0))
        if self.skip_word("due"):
            self.skip_word("in", "within")
        if not self.skip_word(*_NET_WORDS) and not self.due_starts():
            self.fail("'net', a number of days, 'EOM', 'advance' or a discount ('2/10', '2% 10')")
        return self.when(prox=prox, net=True)

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
        if explicit_days and self.is_word("after"):
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

    def basis(self) -> Basis:
        self.take()
        words = {
            "invoice": Basis.INVOICE,
            "order": Basis.ORDER,
            "shipment": Basis.SHIPMENT,
            "delivery": Basis.DELIVERY,
            "goods": Basis.GOODS_RECEIPT,
            "specified": Basis.SPECIFIED,
        }
        token = self.peek()
        if token.kind != "word" or token.text not in words:
            self.fail("a baseline event: " + ", ".join(f"'{w}'" for w in words))
        self.take()
        basis = words[token.text]
        if basis is Basis.INVOICE:
            if self.skip_word("receipt"):
                basis = Basis.INVOICE_RECEIPT
            else:
                self.skip_word("date")
        elif basis is Basis.GOODS_RECEIPT:
            self.expect_word("receipt")
        elif basis is Basis.SPECIFIED:
            self.expect_word("date")
        return basis

    def discount_base(self) -> DiscountBase:
        self.take()
        self.skip_word("on")
        token = self.peek()
        if token.kind != "word" or token.text not in _BASES:
            self.fail("'gross', 'before tax' or 'mixed'")
        self.take()
        if token.text == "before":
            self.expect_word("tax")
        return _BASES[token.text]


def _dialect(dialect: Dialect | str) -> Dialect:
    try:
        return Dialect(dialect)
    except ValueError:
        raise InvalidInputError(
            "dialect", dialect, "one of " + ", ".join(repr(d.value) for d in Dialect)
        ) from None


def parse_terms(text: str, *, dialect: Dialect | str = Dialect.US) -> PaymentTerms:
    """Read payment terms written in trade notation.

    Args:
        text: The terms, e.g. ``"2/10 net 30"``, ``"net 10th prox"``,
            ``"30% advance, 70% net 30"`` (see the module documentation for the
            whole notation). Case and spacing do not matter.
        dialect: How to read ambiguous notations; default :attr:`Dialect.US`,
            which refuses them and detects French, German, Spanish and Dutch
            text (``"fr"``, ``"de"``, ``"es"``, ``"nl"`` read one language
            without detecting). See :class:`Dialect`.

    Returns:
        The :class:`PaymentTerms`.

    Raises:
        ParseError: text that does not follow the notation; the error carries
            the position of the first token that could not be read and what was
            expected there (including values outside the model's limits). Text
            longer than :data:`MAX_TERMS_LENGTH` (10,000) characters is refused
            before it is read, at position ``MAX_TERMS_LENGTH``.
        AmbiguousTermsError: a notation with two established readings that the
            dialect does not settle (``"N10 prox"``, ``"2/10 net 20 EOM"``), or
            a detected text that two languages read differently.
        TypeError: ``text`` is not a ``str``.
        InvalidInputError: an unknown dialect.

    Examples:
        >>> parse_terms("net 10th prox").installments[0].due
        DayOfMonth(day=10, months_ahead=1, cutoff_day=None)
        >>> parse_terms("30 days end of month on the 10th").installments[0].due
        DaysEndOfMonthOn(days=30, day=10)
        >>> parse_terms("2/10 nett 30")
        Traceback (most recent call last):
        ...
        spendrules.errors.ParseError: cannot parse '2/10 nett 30' at position 5: expected 'net', a number of days, 'EOM', 'advance' or a discount ('2/10', '2% 10'), found 'nett 30'

    References:
        AccountingTools "Credit terms"; AMA "End of Month Dating (EOM)";
        scimplified "Net 10th Prox"; wiki.robotz.com payment terminology.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}: {_shown(text)}")
    if len(text) > MAX_TERMS_LENGTH:
        raise ParseError(
            text,
            MAX_TERMS_LENGTH,
            f"the end of the text within MAX_TERMS_LENGTH ({MAX_TERMS_LENGTH:,}) characters",
        )
    chosen = _dialect(dialect)
    if chosen.value in LANGUAGES:
        return read_language(text, chosen.value)
    if chosen is Dialect.US:
        candidates, first = detect(text)
        if candidates:
            return read_detected(text, candidates, first)
    return _Parser(text, chosen).parse()


# --------------------------------------------------------------------------- format


def format_terms(terms: PaymentTerms, *, dialect: Dialect | str = Dialect.US) -> str:
    """Return the canonical text of ``terms``; ``parse_terms`` reads it back to an equal object.

    ``parse_terms(format_terms(t, dialect=d), dialect=d) == t`` for every
    dialect ``d`` and every ``t`` that dialect can write.

    Args:
        terms: Any :class:`PaymentTerms`.
        dialect: The notation to write; default :attr:`Dialect.US`, the English
            trade notation (also written for ``ama``, ``prox-day`` and
            ``prox-days``, which read it back unchanged). ``"fr"``, ``"de"``,
            ``"es"`` and ``"nl"`` write the language's phrasing.

    Returns:
        The canonical notation: ``"2/10 net 30"``, ``"3/10, 2/30, net 60"``,
        ``"30% advance, 70% net 30"``, ``"COD"``, ...

    Raises:
        TypeError: ``terms`` is not :class:`PaymentTerms`.
        InvalidInputError: an unknown dialect, or terms a language dialect
            cannot write (several installments, month-end discounts, a
            baseline other than the invoice date, ...); the message names the
            dialect.

    Examples:
        >>> format_terms(parse_terms("2/10, n/30"))
        '2/10 net 30'
        >>> format_terms(parse_terms("2/10, n/30"), dialect="de")
        '10 Tage 2 % Skonto, 30 Tage netto'
        >>> format_terms(parse_terms("3/10 2/30 net 60"))
        '3/10, 2/30, net 60'
        >>> format_terms(parse_terms("2% 10th prox net 30"))
        '2% 10th prox net 30th prox'
        >>> format_terms(parse_terms("30 % advance, balance net 60 EOM"))
        '30% advance, balance net 60 EOM'
    """
    if not isinstance(terms, PaymentTerms):
        raise TypeError(f"terms must be PaymentTerms, not {type(terms).__name__}: {_shown(terms)}")
    chosen = _dialect(dialect)
    if chosen.value in LANGUAGES:
        return write_language(terms, chosen.value)
    return write_english(terms)
