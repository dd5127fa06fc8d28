"""Reading and writing payment terms in trade notation ("2/10 net 30", "net 10th prox", "CIA").

[`parse_terms`][spendrules.payment_terms.parse_terms] reads the notations traders and ERPs print on invoices;
[`format_terms`][spendrules.payment_terms.format_terms] writes the canonical text of any [`PaymentTerms`][spendrules.payment_terms.PaymentTerms],
and ``parse_terms(format_terms(t)) == t`` for every term whose text fits in
`MAX_TERMS_LENGTH` characters (any practical term: see that limit).

The parser is a hand-written tokenizer and a recursive-descent parser with a
fixed look-ahead (the tokens, the [`Dialect`][spendrules.payment_terms.Dialect] enum and the grammar of one
due-date or milestone phrase are in `spendrules._terms.notation`; the
terms grammar is here): it reads each character at most a bounded number of times
and stops at the first token it cannot use, so any text, however long, is
answered in time linear in its length (a megabyte of garbage fails at its first
bad token). Numbers are limited to 40 characters and words to 24. A text longer
than `MAX_TERMS_LENGTH` (10,000) characters is refused before it is read;
runs of spaces are skipped by one regular-expression match each.

Notation (case and spacing do not matter; ``,`` and ``;`` separate parts):

=================================  ===================================================
text                               meaning
=================================  ===================================================
``net 30``, ``N30``, ``n/30``      due 30 days after the baseline ([`NetDays`][spendrules.payment_terms.NetDays])
``net 30 days``, ``30 days``       the same
``net 3 months``                   3 calendar months later ([`NetMonths`][spendrules.payment_terms.NetMonths])
``2/10 net 30``, ``2/10, n/30``    2 % off within 10 days, net 30 ([`DiscountTier`][spendrules.payment_terms.DiscountTier])
``2% 10 net 30``                   the same
``3/10, 2/30, net 60``             two discount tiers (SAP style)
``1/10 EOM net 30 EOM``            1 % off until 10 days after the month's end; net 30
                                   days after it (``1/10 EOM net 30; from invoice
                                   date``: net 30 days after the invoice date)
``net 60 EOM``, ``EOM``            60 (0) days after the end of the month ([`EomDating`][spendrules.payment_terms.EomDating])
``net EOM+20``                     20 days after the end of the month
``net 30 EOM cutoff 25``           ... baselines after the 25th count from next month's end
``net 10th prox``                  the 10th of next month ([`DayOfMonth`][spendrules.payment_terms.DayOfMonth])
``Due 15th of following month``    the 15th of next month (also ``15th of the month
                                   following``; ``21 MFI``: month following invoice)
``2/10 prox net 30``               2 % until the next 10th, net the next 30th
``8/10 prox``, ``4/18 EOM``        no net term: net [`IMPLIED_NET_DAYS`][spendrules.payment_terms.IMPLIED_NET_DAYS] (20) days
                                   after the discount deadline (EOM + 30, EOM + 38)
``EOM + 15``, ``net 45 from EOM``  15 (45) days after the end of the month
``.5/10 n30``, ``Net-30``          a leading-dot rate; a hyphen reads as a space
``2% 10th prox net 30``            2 % until the next 10th, net the next 30th
``net 15th of month +3``           the 15th, three months on (SAP fixed day + months)
``net 20th prox cutoff 12``        Zuora prox with a cutoff day
``30 days end of month``           30 days, then the end of that month ([`DaysEndOfMonthOn`][spendrules.payment_terms.DaysEndOfMonthOn])
``60 days end of month on the      60 days, end of month, then the 10th of the next month
10th``
``net 10 days after end of month`` [`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth] (``end of next month``,
                                   ``end of month +2`` for later months)
``net monthly``                    the end of the next month
``net 30 payment days 5 and 20``   net 30, moved to the next 5th or 20th ([`PaymentDays`][spendrules.payment_terms.PaymentDays])
``net (to 15: 31st of this month;  SAP day limits ([`DayLimit`][spendrules.payment_terms.DayLimit]), the last limit 31
to 31: 15th prox)``
``30% advance, 70% net 30``        installments; shares ``30%``, ``1/3 of total``,
                                   ``fixed 250.00``, ``balance``
``50% on order, 50% on delivery``  milestone payments: each installment counts from its
                                   own event (``Installment.event``; dates given to
                                   ``schedule(events=...)``)
``10% 30 days after acceptance``   30 days after the acceptance event (``after order``,
                                   ``after shipment``, ``after delivery``, ``after
                                   goods receipt``, ``after invoice``, ``after milestone
                                   commissioning`` for a custom event)
``net 30 ROG``                     30 days after the goods-receipt event (also ``after
                                   receipt of goods``; ``on receipt of goods``)
``50 off within 10 days net 30``   a fixed-amount discount ([`FixedDiscount`][spendrules.payment_terms.FixedDiscount])
``COD``, ``CWO``, ``CIA``, ``PIA``  cash on delivery / with order / in advance
``due on receipt``, ``ROI``,       due on the invoice date
``upon receipt``, ``immediate
payment``
``...; from delivery``             the baseline event ([`Basis`][spendrules.payment_terms.Basis])
``...; discount before tax``       the discount base (``gross``, ``before tax``, ``mixed``)
=================================  ===================================================

Ambiguous notations raise [`AmbiguousTermsError`][spendrules.errors.AmbiguousTermsError]
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

* ``1/15 EOM net 45`` (a month-end discount period and a net period in days):
  does the net period count from the invoice date or from the month's end too?
  Write ``1/15 EOM net 45; from invoice date`` (what [`format_terms`][spendrules.payment_terms.format_terms]
  writes for that term) or ``1/15 EOM net 45 EOM``; any stated baseline
  (``; from goods receipt``) settles it too.

Refused with the position of what was not understood: anything outside the
notation. ``ROG`` and ``receipt of goods`` count the installment from the
goods-receipt milestone event (a missing event date is an error when
scheduling); ``; from goods receipt`` is the whole term's baseline instead (the
date given as ``baseline_date``, the invoice date with a warning when not
given).

French, German, Spanish and Dutch phrasings (``30 jours fin de mois le 10``,
``Zahlbar innerhalb 14 Tagen mit 2 % Skonto, 30 Tage netto``, ``30 días fecha
factura``, ``30 dagen netto``) are read with ``dialect="fr"``, ``"de"``,
``"es"`` or ``"nl"``, or detected under the default dialect; see
`spendrules._terms.dialects` for the tables and the detection rule.

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

from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

from spendrules._decimal import CONTEXT
from spendrules._terms.dialects import (
    LANGUAGES,
    detect,
    eom_discount_day_net,
    read_detected,
    read_language,
    write_english,
    write_language,
)
from spendrules._terms.due_rules import (
    Advance,
    DayOfMonth,
    DueRule,
    EomDating,
    NetDays,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.notation import (
    _NET_WORDS,
    _PROX_WORDS,
    Dialect,
    _Due,
    _Lexer,
    _PhraseReader,
    _Token,
)
from spendrules._terms.shares import (
    DiscountTier,
    FixedAmount,
    FixedDiscount,
    Percent,
    Ratio,
    Remainder,
    Share,
)
from spendrules.errors import AmbiguousTermsError, InvalidInputError, ParseError, _shown

__all__ = ["IMPLIED_NET_DAYS", "MAX_TERMS_LENGTH", "Dialect", "format_terms", "parse_terms"]

_T = TypeVar("_T")

#: The longest text [`parse_terms`][spendrules.payment_terms.parse_terms] reads, in characters. ERP payment-term
#: fields hold tens of characters; the canonical text of three installments,
#: each with a discount and due by a full 31-row day-limit table, is about 3,500,
#: so [`format_terms`][spendrules.payment_terms.format_terms] output of any practical term reads back. Longer text
#: is refused before it is read (a valid text at the limit parses in milliseconds).
MAX_TERMS_LENGTH = 10_000
#: Days from the last discount deadline to the net due date of month-end-dated
#: discounts written without a net term ("8/10 prox", "4/18 EOM"): the business-
#: mathematics convention "the net date is 20 days after the discount date".
IMPLIED_NET_DAYS = 20
# --------------------------------------------------------------------------- parser


_SHARE_WORDS = frozenset({"fixed", "balance", "remainder", "rest"})
_TIER_FOLLOWERS = frozenset({"the", "until", "within", "by"})
_BASES = {
    "gross": DiscountBase.GROSS,
    "before": DiscountBase.NET_OF_TAX,
    "mixed": DiscountBase.MIXED,
}


class _Parser(_PhraseReader):
    def __init__(self, text: str, dialect: Dialect) -> None:
        self.text = text
        self.dialect = dialect
        self.lexer = _Lexer(text)
        self.buffer: list[_Token] = []
        #: Where a '1/15 EOM net 45' net period starts: ambiguous unless a baseline is stated.
        self.eom_day_nets: list[int] = []

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
        if self.eom_day_nets and not seen_basis:
            raise AmbiguousTermsError(
                self.text,
                self.eom_day_nets[0],
                "where the net period counts from: 'from invoice date' at the end "
                "('1/15 EOM net 45; from invoice date') or 'EOM' after it too "
                "('1/15 EOM net 45 EOM')",
            )
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
            if self.event_starts(1):
                return None
            self.take()
            self.take()
            return Installment(NetDays(0)), Basis.INVOICE
        if self.is_word("due") and self.is_word("on", "upon", ahead=1):
            if self.event_starts(2):
                return None
            self.take()
            self.take()
            self.expect_word("receipt")
            return Installment(NetDays(0)), Basis.INVOICE
        return None

    def share_starts(self, ahead: int = 0) -> bool:
        token = self.peek(ahead)
        if token.kind == "percent":
            following = self.peek(ahead + 1)
            if following.kind == "number" and (
                self.counts_from_event(ahead + 2) or self.is_word("off", ahead=ahead + 2)
            ):
                return True  # "10 % 30 days after acceptance", "10 % 5.00 off ...": a share
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
        fixed: FixedDiscount | None = None
        while self.tier_starts():
            found, token = self.fixed_discount() if self.peek().kind == "number" else self.tier()
            if fixed is not None or (tiers and isinstance(found, FixedDiscount)):
                self.fail(
                    "one kind of discount per installment: rate tiers or one fixed amount", token
                )
            if isinstance(found, FixedDiscount):
                fixed = found
            else:
                if tiers and found.rate >= tiers[-1][0].rate:
                    self.fail(
                        f"a discount rate below the previous tier's {tiers[-1][0].percent()} %",
                        token,
                    )
                tiers.append((found, token))
            if self.peek().kind == "sep" and (
                self.tier_starts(ahead=1) or self.due_starts(ahead=1)
            ):
                self.take()
        deadlines = [tier.deadline for tier, _ in tiers]
        if fixed is not None:
            deadlines.append(fixed.deadline)
        prox = next((rule for rule in deadlines if isinstance(rule, DayOfMonth)), None)
        implied = self.implied_net(tiers) if tiers and self.net_missing() else None
        if implied is not None:
            return Installment(implied, tuple(t for t, _ in tiers), share)
        start = self.peek()
        due = self.due(prox)
        rules = [tier for tier, _ in tiers]
        if due.cardinal_eom is not None and any(
            not isinstance(rule, EomDating) for rule in deadlines
        ):
            if fixed is not None:
                raise AmbiguousTermsError(
                    self.text,
                    due.cardinal_eom,
                    "'EOM' after each period ('50 off until EOM+10 net 30 EOM') for a fixed discount",
                )
            due, rules = self.settle_eom(due, rules, tiers)
        event = due.event if due.event is not None else self.event_suffix()
        item = self.build(
            start, Installment, due.rule, tuple(rules), share, fixed_discount=fixed, event=event
        )
        if eom_discount_day_net(item):
            self.eom_day_nets.append(start.pos)
        return item

    def fixed_discount(self) -> tuple[FixedDiscount, _Token]:
        """'50.00 off within 10 days': a fixed-amount discount (ERPNext "Amount")."""
        token = self.take()
        self.expect_word("off")
        self.skip_word("until", "within", "by")
        deadline = self.when(prox=None, net=False).rule
        return self.build(token, FixedDiscount, Decimal(token.text), deadline), token

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
        if token.kind == "number":
            return self.is_word("off", ahead=ahead + 1)
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
            "on",
            "upon",
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
        if self.is_word("on", "upon") and self.event_starts(1):
            self.take()
            return _Due(NetDays(0), event=self.event())
        if self.is_word("due") and self.is_word("on", "upon", ahead=1) and self.event_starts(2):
            self.take()
            self.take()
            return _Due(NetDays(0), event=self.event())
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
        dialect: How to read ambiguous notations; default `Dialect.US`,
            which refuses them and detects French, German, Spanish and Dutch
            text (``"fr"``, ``"de"``, ``"es"``, ``"nl"`` read one language
            without detecting). See [`Dialect`][spendrules.payment_terms.Dialect].

    Returns:
        The [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].

    Raises:
        ParseError: text that does not follow the notation; the error carries
            the position of the first token that could not be read and what was
            expected there (including values outside the model's limits). Text
            longer than `MAX_TERMS_LENGTH` (10,000) characters is refused
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
        terms: Any [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        dialect: The notation to write; default `Dialect.US`, the English
            trade notation (also written for ``ama``, ``prox-day`` and
            ``prox-days``, which read it back unchanged). ``"fr"``, ``"de"``,
            ``"es"`` and ``"nl"`` write the language's phrasing.

    Returns:
        The canonical notation: ``"2/10 net 30"``, ``"3/10, 2/30, net 60"``,
        ``"30% advance, 70% net 30"``, ``"COD"``, ...

    Raises:
        TypeError: ``terms`` is not [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
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
