"""Payment terms in French, German, Spanish and Dutch: reading, writing and recognising them.

[`parse_terms`][spendrules.payment_terms.parse_terms] reads these phrasings with
``dialect="fr"``, ``"de"``, ``"es"`` or ``"nl"``, or detects the language when
the default dialect is given (see *Detection* below);
[`format_terms`][spendrules.payment_terms.format_terms] writes them back with the same
``dialect=``. Each language is a table of clause patterns; a text is a list of
clauses (separated by ``,``, ``;``, ``-`` or the language's "and"), each a
discount or the net term, in any order. Case, accents (``a reception`` for
``à réception``), ``ß``/``ss`` and apostrophes do not matter; ``2,5 %`` and
``2.5 %`` are the same rate.

==========  =======================================  ====================================
dialect     reads (examples)                          means
==========  =======================================  ====================================
``fr``      ``30 jours``, ``à 30 jours net``          net 30 ([`NetDays`][spendrules.payment_terms.NetDays])
            ``60 jours fin de mois``                  60 days, then the end of that month
                                                      ([`DaysEndOfMonthOn`][spendrules.payment_terms.DaysEndOfMonthOn], Odoo and
                                                      Dolibarr "fin de mois")
            ``30 jours fin de mois le 10``            ... then the 10th of the next month
            ``à réception``, ``comptant``             due on the invoice date
            ``escompte 2 % à 10 jours``               2 % discount within 10 days
``de``      ``30 Tage netto``, ``30 Tage``            net 30
            ``30 Tage ab Monatsende``                 30 days after the end of the month
                                                      ([`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth])
            ``sofort ohne Abzug``, ``sofort nach      due on the invoice date
            Erhalt``
            ``Zahlbar innerhalb 14 Tagen mit 2 %      2 % discount within 14 days
            Skonto``, ``14 Tage 2 % Skonto``
``es``      ``30 días fecha factura``, ``30 días``    net 30
            ``30 días fin de mes``                    as French ``fin de mois``
            ``contado``, ``a la recepción``           due on the invoice date
            ``descuento 2 % a 10 días``               2 % discount within 10 days
``nl``      ``30 dagen netto``, ``netto 30 dagen``    net 30
            ``30 dagen na einde van de maand``        30 days after the end of the month
            ``bij ontvangst``, ``contant``            due on the invoice date
            ``2 % korting binnen 10 dagen``           2 % discount within 10 days
==========  =======================================  ====================================

A dialect writes exactly the terms it can say: one installment (the whole
amount) dated from the invoice, discounts on the gross amount within a number
of days, and a net term from the table. [`format_terms`][spendrules.payment_terms.format_terms] refuses anything
else with an [`InvalidInputError`][spendrules.errors.InvalidInputError] naming the dialect.

Detection (the default dialect ``"us"``): every word of the text is looked up
in the English notation's vocabulary and in each language table. Words of no
table are left to the English parser (which reports them). If no word belongs
only to a foreign language, the text is English. Otherwise the candidates are
the languages whose tables hold *every* foreign word; none is a
[`ParseError`][spendrules.errors.ParseError] at the first word that breaks the set
(``30 jours netto`` mixes French and German). One candidate reads the text. Two
or more (``30 netto``: German and Dutch) are all tried: the text is read when
every candidate that reads it gives the same terms, and refused with
[`AmbiguousTermsError`][spendrules.errors.AmbiguousTermsError] (naming the dialects) when they
disagree.

Examples:
    >>> from spendrules.payment_terms import format_terms, parse_terms
    >>> parse_terms("30 jours fin de mois le 10").installments[0].due
    DaysEndOfMonthOn(days=30, day=10)
    >>> format_terms(parse_terms("Zahlbar innerhalb 14 Tagen mit 2 % Skonto, 30 Tage netto"), dialect="nl")
    '2 % korting binnen 14 dagen, 30 dagen netto'

References:
    Dolibarr ``htdocs/langs/{fr_FR,de_DE,es_ES,nl_NL}/bills.lang`` (payment
    conditions); Odoo ``account_payment_term`` demo data ("30 jours fin de mois
    le 10"); DATEV/SAP German payment-term texts ("14 Tage 2 % Skonto, 30 Tage
    netto").
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import NoReturn, TypeVar

import attrs

from spendrules._decimal import CONTEXT
from spendrules._terms.due_rules import (
    Advance,
    DayLimit,
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
from spendrules._terms.milestones import event_text
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
    FixedAmount,
    FixedDiscount,
    Percent,
    Ratio,
    Remainder,
    Share,
    _normal,
)
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError

#: The language dialects, by code.
LANGUAGES = ("fr", "de", "es", "nl")
_NAMES = {"fr": "French", "de": "German", "es": "Spanish", "nl": "Dutch"}

_MAX_NUMBER = 40
_MAX_WORD = 32
_SKIPPED = frozenset(" \t\r\n.'’:")
_SEPARATORS = frozenset(",;-")
_WORDS = re.compile(r"[^\W\d_]+")

# --------------------------------------------------------------------------- tokens


@attrs.frozen
class _Tok:
    kind: str  # "word", "number", "pct", "sep", "end"
    text: str
    pos: int


def _fold(word: str) -> str:
    """Lower case without accents (``Réception`` -> ``reception``, ``ß`` -> ``ss``)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def _tokens(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(text):
        char = text[pos]
        if char in _SKIPPED or char.isspace():
            pos += 1
        elif char in _SEPARATORS:
            tokens.append(_Tok("sep", char, pos))
            pos += 1
        elif char == "%":
            tokens.append(_Tok("pct", char, pos))
            pos += 1
        elif "0" <= char <= "9":
            end = pos
            while end < len(text) and "0" <= text[end] <= "9":
                end += 1
            if end + 1 < len(text) and text[end] in ".," and "0" <= text[end + 1] <= "9":
                end += 1
                while end < len(text) and "0" <= text[end] <= "9":
                    end += 1
            if end - pos > _MAX_NUMBER:
                raise ParseError(text, pos, f"a number of at most {_MAX_NUMBER} characters")
            tokens.append(_Tok("number", text[pos:end].replace(",", "."), pos))
            pos = end
        elif char.isalpha():
            end = pos
            while end < len(text) and text[end].isalpha():
                end += 1
            if end - pos > _MAX_WORD:
                raise ParseError(text, pos, f"a word of at most {_MAX_WORD} letters")
            tokens.append(_Tok("word", _fold(text[pos:end]), pos))
            pos = end
        else:
            raise ParseError(text, pos, "a word, a number, '%', ',' or ';'")
    tokens.append(_Tok("end", "", len(text)))
    return tokens


# --------------------------------------------------------------------------- tables

# A pattern is a string of elements separated by spaces: ``N`` a whole number,
# ``P`` a percent (a number and '%'), a word with '|' between spellings, or an
# optional group ``[a b/c]`` of alternatives separated by '/'. Each clause kind
# builds from the numbers read, in order.

_T = TypeVar("_T")
_Element = str | frozenset[str]
_Net = Callable[[list[Decimal]], DueRule]


def _net_days(numbers: list[Decimal]) -> DueRule:
    return NetDays(int(numbers[0]))


def _now(_numbers: list[Decimal]) -> DueRule:
    return NetDays(0)


def _end_on(numbers: list[Decimal]) -> DueRule:
    return DaysEndOfMonthOn(int(numbers[0]), int(numbers[1]) if len(numbers) > 1 else 0)


def _after_end(numbers: list[Decimal]) -> DueRule:
    return DaysAfterEndOfMonth(int(numbers[0]))


@attrs.frozen
class _Table:
    """One language: its net patterns, its discount patterns, its words for "and", an example."""

    nets: tuple[tuple[str, _Net], ...]
    discounts: tuple[str, ...]  # numbers read: the percent and the days, in either order
    joins: frozenset[str]
    example: str


_FR_PAY = "[paiement/reglement/payable/paiement a/reglement a/payable a/a]"
_DE_PAY = "[zahlbar] [innerhalb/binnen/innerhalb von/binnen von/bei zahlung innerhalb/bei zahlung innerhalb von]"
_ES_PAY = "[pago/pago a los/pago a/a los/a]"
_NL_PAY = "[betaling] [binnen/betaling binnen]"

_TABLES = {
    "fr": _Table(
        nets=(
            (f"{_FR_PAY} N jours|jour [net/nets/nette/date de facture/date facture]", _net_days),
            (f"{_FR_PAY} N jours|jour [net/nets] fin de mois [le N]", _end_on),
            (f"{_FR_PAY} [a] reception [de facture/de la facture]", _now),
            ("[paiement/reglement/payable] [au] comptant", _now),
        ),
        discounts=(
            "escompte [de] P [pour paiement/pour reglement] a|sous N jours|jour",
            "P [d] escompte [pour paiement/pour reglement] a|sous N jours|jour",
        ),
        joins=frozenset({"et"}),
        example="'30 jours', '60 jours fin de mois', 'à réception' or 'escompte 2 % à 10 jours'",
    ),
    "de": _Table(
        nets=(
            (f"{_DE_PAY} N tage|tagen [netto/rein netto/netto kasse/ohne abzug/rein]", _net_days),
            ("[zahlbar] netto [innerhalb] N [tage/tagen]", _net_days),
            (f"{_DE_PAY} N tage|tagen ab monatsende [netto/ohne abzug]", _after_end),
            (f"{_DE_PAY} N tage|tagen ab ende des monats [netto/ohne abzug]", _after_end),
            (
                "[zahlbar] sofort [nach erhalt/nach rechnungserhalt/nach erhalt der rechnung] "
                "[zahlbar] [netto/ohne abzug/rein netto]",
                _now,
            ),
        ),
        discounts=(
            f"{_DE_PAY} N tage|tagen [mit/abzuglich] P skonto",
            "P skonto [bei zahlung] [innerhalb/binnen/innerhalb von] N tage|tagen",
        ),
        joins=frozenset({"und"}),
        example="'30 Tage netto', 'sofort ohne Abzug' or '14 Tage 2 % Skonto'",
    ),
    "es": _Table(
        nets=(
            (
                f"{_ES_PAY} N dias|dia [fecha factura/fecha de factura/fecha de la factura/"
                "neto/netos/ff]",
                _net_days,
            ),
            ("[pago] neto [a] N dias|dia", _net_days),
            (f"{_ES_PAY} N dias|dia [a] fin de mes", _end_on),
            ("[pago] [al] contado", _now),
            ("[pago] a la recepcion [de la factura]", _now),
        ),
        discounts=(
            "descuento|dto [por pronto pago] [de] P [a/en/si pago en/pagando en] N dias|dia",
            "P [de] descuento|dto [por pronto pago] [a/en/si pago en/pagando en] N dias|dia",
            "pronto pago P [a/en] N dias|dia",
        ),
        joins=frozenset({"y"}),
        example="'30 días fecha factura', '30 días fin de mes', 'contado' or 'descuento 2 % a 10 días'",
    ),
    "nl": _Table(
        nets=(
            (f"{_NL_PAY} N dagen|dag [netto/na factuurdatum]", _net_days),
            ("netto [binnen] N [dagen/dag]", _net_days),
            (
                f"{_NL_PAY} N dagen|dag na|vanaf [het] einde [van] [de] maand [netto]",
                _after_end,
            ),
            ("[vervalt] [betaling] bij ontvangst", _now),
            ("[betaling] contant|direct", _now),
        ),
        discounts=(
            "P korting|kredietbeperking [bij betaling] [binnen] N dagen|dag",
            "[bij betaling] binnen N dagen|dag P korting|kredietbeperking",
        ),
        joins=frozenset({"en"}),
        example="'30 dagen netto', 'bij ontvangst' or '2 % korting binnen 10 dagen'",
    ),
}


def _elements(spec: str) -> Iterator[list[list[_Element]]]:
    """Split a pattern into slots; each slot lists its alternatives (an empty one if optional)."""
    for group in re.findall(r"\[[^\]]*\]|\S+", spec):
        if group.startswith("["):
            options: list[list[_Element]] = [[]]
            options += [
                [_word(part) for part in alternative.split()]
                for alternative in group[1:-1].split("/")
            ]
            yield options
        else:
            yield [[_word(group)]]


def _word(part: str) -> _Element:
    return part if part in {"N", "P"} else frozenset(part.split("|"))


def _expand(spec: str) -> tuple[tuple[_Element, ...], ...]:
    slots = list(_elements(spec))
    return tuple(
        tuple(itertools.chain.from_iterable(choice)) for choice in itertools.product(*slots)
    )


@attrs.frozen
class _Compiled:
    nets: tuple[tuple[tuple[_Element, ...], _Net], ...]
    discounts: tuple[tuple[_Element, ...], ...]
    vocabulary: frozenset[str]


def _compile(table: _Table) -> _Compiled:
    nets = tuple((pattern, build) for spec, build in table.nets for pattern in _expand(spec))
    discounts = tuple(pattern for spec in table.discounts for pattern in _expand(spec))
    words: set[str] = set(table.joins)
    for pattern in itertools.chain((p for p, _ in nets), discounts):
        for element in pattern:
            if isinstance(element, frozenset):
                words |= element
    return _Compiled(nets, discounts, frozenset(words))


_COMPILED = {code: _compile(table) for code, table in _TABLES.items()}

#: Words of the English notation (``parse_terms`` with the ``us``-family dialects).
_ENGLISH_WORDS = (
    "net n nett days day month months eom prox proximo prx payment fixed balance "
    "remainder rest the until within by from discount gross before tax mixed cod cwo "
    "cia roi immediate immediately due on upon receipt advance in monthly end of "
    "next following this current invoice date cutoff and to after total order "
    "shipment delivery goods specified st nd rd th rog mfi pia account acceptance "
    "shipping milestone off"
)
_ENGLISH = frozenset(_ENGLISH_WORDS.split())


# --------------------------------------------------------------------------- reading


class _Reader:
    def __init__(self, text: str, code: str) -> None:
        self.text = text
        self.code = code
        self.table = _TABLES[code]
        self.compiled = _COMPILED[code]
        self.tokens = _tokens(text)
        self.furthest = 0

    def fail(self, index: int, expected: str) -> NoReturn:
        raise ParseError(self.text, self.tokens[index].pos, expected)

    def match(self, pattern: tuple[_Element, ...], start: int) -> tuple[int, list[Decimal]] | None:
        index = start
        numbers: list[Decimal] = []
        for element in pattern:
            token = self.tokens[index]
            if element == "N" and token.kind == "number" and token.text.isdigit():
                numbers.append(Decimal(token.text))
                index += 1
            elif element == "P" and token.kind == "number" and self.tokens[index + 1].kind == "pct":
                numbers.append(Decimal(token.text))
                index += 2
            elif isinstance(element, frozenset) and token.kind == "word" and token.text in element:
                index += 1
            else:
                self.furthest = max(self.furthest, index)
                return None
        return index, numbers

    def clause(self, start: int) -> tuple[int, str, list[Decimal], _Net | None]:
        best: tuple[int, str, list[Decimal], _Net | None] | None = None
        for pattern, build in self.compiled.nets:
            found = self.match(pattern, start)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], "net", found[1], build)
        for pattern in self.compiled.discounts:
            found = self.match(pattern, start)
            if found is not None and (best is None or found[0] > best[0]):
                best = (found[0], "discount", found[1], None)
        if best is None:
            self.fail(
                max(self.furthest, start),
                f"a {_NAMES[self.code]} payment phrase such as {self.table.example}",
            )
        return best

    def read(self) -> PaymentTerms:
        index = 0
        net: DueRule | None = None
        tiers: list[DiscountTier] = []
        while True:
            start = index
            index, _kind, numbers, build = self.clause(index)
            if build is not None:
                if net is not None:
                    self.fail(start, "a single net term (this is the second)")
                net = self.build(start, build, numbers)
            else:
                tiers.append(self.tier(start, numbers))
            token = self.tokens[index]
            if token.kind == "end":
                break
            if token.kind != "sep" and not (
                token.kind == "word" and token.text in self.table.joins
            ):
                self.fail(index, "',', ';' or the end of the text")
            index += 1
            if self.tokens[index].kind == "end":
                break
        if net is None:
            self.fail(index, f"the net term, such as {self.table.example}")
        tiers.sort(key=lambda tier: tier.rate, reverse=True)
        return self.build(0, lambda _n: PaymentTerms.of(net, *tiers), [])

    def tier(self, start: int, numbers: list[Decimal]) -> DiscountTier:
        percent, days = numbers if self._percent_first(start) else numbers[::-1]
        if not 0 < percent < 100:
            self.fail(start, "a discount percent above 0 and below 100")
        rate = percent.scaleb(-2, context=CONTEXT)
        return self.build(start, lambda _n: DiscountTier(rate, NetDays(int(days))), [])

    def _percent_first(self, start: int) -> bool:
        """True if the clause at ``start`` gives its percent before its days."""
        index = start
        while self.tokens[index].kind != "number":
            index += 1
        return self.tokens[index + 1].kind == "pct"

    def build(self, start: int, build: Callable[[list[Decimal]], _T], numbers: list[Decimal]) -> _T:
        try:
            return build(numbers)
        except InvalidInputError as exc:
            self.fail(start, f"{exc.field} to be {exc.constraint}")


def read_language(text: str, code: str) -> PaymentTerms:
    """Read ``text`` with the language table ``code`` (one of `LANGUAGES`)."""
    return _Reader(text, code).read()


def detect(text: str) -> tuple[tuple[str, ...], int]:
    """The candidate languages of ``text`` and the position of its first foreign word.

    Returns ``((), 0)`` for English text (no word belongs only to a language table).

    Raises:
        ParseError: foreign words that no single language holds together.
    """
    candidates: set[str] | None = None
    first = 0
    previous = ""
    for found in _WORDS.finditer(text):
        word = _fold(found.group())
        is_name = previous == "milestone"  # a milestone's own name is no language's word
        previous = word
        if word in _ENGLISH or is_name:
            continue
        holders = {code for code in LANGUAGES if word in _COMPILED[code].vocabulary}
        if not holders:
            continue
        if candidates is None:
            candidates, first = holders, found.start()
            continue
        if not candidates & holders:
            named = " or ".join(f"{_NAMES[c]} (dialect={c!r})" for c in sorted(candidates))
            raise ParseError(
                text, found.start(), f"words of one language: the text so far is {named}"
            )
        candidates &= holders
    if candidates is None:
        return (), 0
    return tuple(code for code in LANGUAGES if code in candidates), first


def read_detected(text: str, candidates: tuple[str, ...], first: int) -> PaymentTerms:
    """Read ``text`` in its candidate languages; refuse it if they read it differently."""
    readings: dict[str, PaymentTerms] = {}
    error: ParseError | None = None
    for code in candidates:
        try:
            readings[code] = read_language(text, code)
        except ParseError as exc:
            error = error or exc
    if not readings:
        assert error is not None  # noqa: S101 - every candidate failed
        raise error
    distinct = set(readings.values())
    if len(distinct) > 1:
        raise AmbiguousTermsError(
            text,
            first,
            " or ".join(f"dialect={code!r}" for code in readings)
            + " (the languages read the text differently)",
        )
    return distinct.pop()


# --------------------------------------------------------------------------- writing English


def _number(value: Decimal) -> str:
    return f"{_normal(value):f}"


def _when(rule: DueRule) -> str:
    """The phrase of a due rule (no 'net'), readable back by the parser in any position."""
    if isinstance(rule, NetDays):
        return f"{rule.days} days"
    if isinstance(rule, NetMonths):
        return f"{rule.months} {'month' if rule.months == 1 else 'months'}"
    if isinstance(rule, DaysAfterEndOfMonth):
        month = {0: "month", 1: "next month"}.get(rule.months, f"month +{rule.months}")
        if rule.days == 0:
            return f"end of {month}"
        return f"{rule.days} days after end of {month}"
    if isinstance(rule, DaysEndOfMonthOn):
        on = f" on the {_ordinal(rule.day)}" if rule.day else ""
        return f"{rule.days} days end of month{on}"
    if isinstance(rule, DayOfMonth):
        month = {0: " of this month", 1: " prox"}.get(
            rule.months_ahead, f" of month +{rule.months_ahead}"
        )
        cutoff = f" cutoff {rule.cutoff_day}" if rule.cutoff_day is not None else ""
        return f"{_ordinal(rule.day)}{month}{cutoff}"
    if isinstance(rule, EomDating):
        cutoff = f" cutoff {rule.late_cutoff_day}" if rule.late_cutoff_day is not None else ""
        return f"EOM+{rule.days}{cutoff}" if rule.days else f"EOM{cutoff}"
    if isinstance(rule, Advance):
        return "advance"
    if isinstance(rule, PaymentDays):
        return f"{_when(rule.after)} payment days {_listed(rule.days)}"
    if not isinstance(rule, DayLimit):
        raise InvalidInputError(
            "terms",
            rule,
            f"due rules the trade notation can write ({type(rule).__name__} has no notation)",
        )
    entries = "; ".join(f"to {entry.limit}: {_when(entry.rule)}" for entry in rule.limits)
    return f"({entries})"


def _tier(tier: DiscountTier) -> str:
    percent = _number(tier.percent())
    deadline = tier.deadline
    if isinstance(deadline, NetDays):
        return f"{percent}/{deadline.days}"
    if isinstance(deadline, EomDating):
        cutoff = (
            f" cutoff {deadline.late_cutoff_day}" if deadline.late_cutoff_day is not None else ""
        )
        return f"{percent}/{deadline.days} EOM{cutoff}"
    phrase = _when(deadline)
    if phrase[0].isdigit() or phrase[0] == "(":
        return f"{percent}% {phrase}"
    return f"{percent}% until {phrase}"


def _net_phrase(due: DueRule, *, prox: bool, all_eom: bool) -> str:
    if isinstance(due, NetDays) and not prox:
        return str(due.days)
    if isinstance(due, EomDating) and due.days and all_eom:
        cutoff = f" cutoff {due.late_cutoff_day}" if due.late_cutoff_day is not None else ""
        return f"{due.days} EOM{cutoff}"
    if isinstance(due, PaymentDays):
        after = _net_phrase(due.after, prox=prox, all_eom=all_eom)
        return f"{after} payment days {_listed(due.days)}"
    return _when(due)


def _net(item: Installment, *, bare: bool) -> str:
    """The net part of an installment (``bare``: no share is written before it)."""
    due = item.due
    if isinstance(due, Advance):
        return "advance"
    if item.event is not None and due == NetDays(0):
        return f"on {event_text(item.event)}"
    deadlines = [tier.deadline for tier in item.discounts]
    if item.fixed_discount is not None:
        deadlines.append(item.fixed_discount.deadline)
    prox = any(isinstance(rule, DayOfMonth) for rule in deadlines)
    all_eom = all(isinstance(rule, EomDating) for rule in deadlines)
    phrase = _net_phrase(due, prox=prox, all_eom=all_eom)
    if item.event is not None:
        phrase += f" after {event_text(item.event)}"
    return phrase if isinstance(due, DaysEndOfMonthOn) and bare else "net " + phrase


def _fixed(discount: FixedDiscount) -> str:
    phrase = _when(discount.deadline)
    joint = "within" if isinstance(discount.deadline, NetDays) else "until"
    return f"{_number(discount.amount)} off {joint} {phrase}"


def _listed(days: tuple[int, ...]) -> str:
    texts = [str(day) for day in days]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def _share(share: Share) -> str:
    if isinstance(share, Percent):
        return f"{_number(share.value)}%"
    if isinstance(share, Ratio):
        return f"{share.value.numerator}/{share.value.denominator} of total"
    if isinstance(share, FixedAmount):
        return f"fixed {_number(share.amount)}"
    return "balance"


_SPECIAL = {
    (NetDays(0), Basis.DELIVERY): "COD",
    (NetDays(0), Basis.ORDER): "CWO",
    (NetDays(0), Basis.INVOICE): "due on receipt",
    (Advance(), Basis.INVOICE): "CIA",
}

_BASIS_TEXT = {
    Basis.INVOICE: "from invoice date",
    Basis.INVOICE_RECEIPT: "from invoice receipt",
    Basis.ORDER: "from order",
    Basis.SHIPMENT: "from shipment",
    Basis.DELIVERY: "from delivery",
    Basis.GOODS_RECEIPT: "from goods receipt",
    Basis.SPECIFIED: "from specified date",
}

_BASE_TEXT = {DiscountBase.NET_OF_TAX: "discount before tax", DiscountBase.MIXED: "discount mixed"}


def eom_discount_day_net(item: Installment) -> bool:
    """True for '1/15 EOM net 45': a month-end discount period and a net period in days.

    Read alone it is ambiguous in the way '2/10 net 30 EOM' is (does the net period count
    from the month's end too?), so the text must say where the net period counts from.
    """
    deadlines = [tier.deadline for tier in item.discounts]
    if item.fixed_discount is not None:
        deadlines.append(item.fixed_discount.deadline)
    return isinstance(item.due, NetDays) and any(isinstance(d, EomDating) for d in deadlines)


def write_english(terms: PaymentTerms) -> str:
    """Write ``terms`` in the canonical English trade notation (any terms)."""
    suffix = [] if terms.discount_base is DiscountBase.GROSS else [_BASE_TEXT[terms.discount_base]]
    items = terms.installments
    if (
        len(items) == 1
        and not items[0].discounts
        and items[0].fixed_discount is None
        and items[0].event is None
        and isinstance(items[0].share, Remainder)
    ):
        special = _SPECIAL.get((items[0].due, terms.basis))
        if special is not None:
            return "; ".join([special, *suffix])
    parts = []
    for item in items:
        single = len(items) == 1 and isinstance(item.share, Remainder)
        words = [] if single else [_share(item.share)]
        tiers = [_tier(tier) for tier in item.discounts]
        if item.fixed_discount is not None:
            tiers.append(_fixed(item.fixed_discount))
        if len(tiers) > 1:
            words.append(", ".join(tiers) + ",")
        else:
            words.extend(tiers)
        words.append(_net(item, bare=single and not tiers))
        parts.append(" ".join(words))
    explicit = terms.basis is not Basis.INVOICE or any(eom_discount_day_net(i) for i in items)
    basis = [_BASIS_TEXT[terms.basis]] if explicit else []
    return "; ".join([", ".join(parts), *basis, *suffix])


# --------------------------------------------------------------------------- writing


def _percent(tier: DiscountTier) -> str:
    return f"{_normal(tier.percent()):f}".replace(".", ",") + " %"


_TIER_TEXT = {
    "fr": lambda p, d: f"escompte {p} à {d} jours",
    "de": lambda p, d: f"{d} Tage {p} Skonto",
    "es": lambda p, d: f"descuento {p} a {d} días",
    "nl": lambda p, d: f"{p} korting binnen {d} dagen",
}
_NOW_TEXT = {"fr": "à réception", "de": "sofort ohne Abzug", "es": "contado", "nl": "bij ontvangst"}
_DAYS_TEXT = {
    "fr": "{} jours",
    "de": "{} Tage netto",
    "es": "{} días fecha factura",
    "nl": "{} dagen netto",
}


def _due_text(due: DueRule, code: str) -> str | None:
    if isinstance(due, NetDays):
        return _NOW_TEXT[code] if due.days == 0 else _DAYS_TEXT[code].format(due.days)
    if isinstance(due, DaysEndOfMonthOn) and code in {"fr", "es"}:
        word = "jours fin de mois" if code == "fr" else "días fin de mes"
        on = f" le {due.day}" if due.day and code == "fr" else ""
        if due.day and code == "es":
            return None
        return f"{due.days} {word}{on}"
    if isinstance(due, DaysAfterEndOfMonth) and due.months == 0 and code in {"de", "nl"}:
        word = "Tage ab Monatsende" if code == "de" else "dagen na einde van de maand"
        return f"{due.days} {word}"
    return None


def write_language(terms: PaymentTerms, code: str) -> str:
    """Write ``terms`` in the language ``code``.

    Raises:
        InvalidInputError: terms the language cannot say (the message names the dialect).
    """
    items = terms.installments
    item = items[0]
    due = _due_text(item.due, code) if len(items) == 1 else None
    if (
        due is None
        or not isinstance(item.share, Remainder)
        or terms.basis is not Basis.INVOICE
        or terms.discount_base is not DiscountBase.GROSS
        or not all(isinstance(tier.deadline, NetDays) for tier in item.discounts)
        or item.fixed_discount is not None
        or item.event is not None
    ):
        raise InvalidInputError(
            "terms",
            terms,
            f"terms the {code!r} ({_NAMES[code]}) dialect can write: one installment of the "
            "whole amount from the invoice date, discounts on the gross amount within a number "
            f"of days, and a net term it has words for ({_TABLES[code].example})",
        )
    parts = [
        _TIER_TEXT[code](_percent(tier), tier.deadline.days)  # type: ignore[union-attr]
        for tier in item.discounts
    ]
    return ", ".join([*parts, due])


__all__ = [
    "LANGUAGES",
    "detect",
    "read_detected",
    "read_language",
    "write_english",
    "write_language",
]
