"""The payment-terms model: shares, due rules, discount tiers, installments, terms.

A [`PaymentTerms`][spendrules.payment_terms.PaymentTerms] is one or more [`Installment`][spendrules.payment_terms.Installment] objects. Each
installment has

* a **share** of the invoice total: [`Percent`][spendrules.payment_terms.Percent] (of the total),
  [`Ratio`][spendrules.payment_terms.Ratio] (an exact fraction such as 1/3), [`FixedAmount`][spendrules.payment_terms.FixedAmount], or
  [`Remainder`][spendrules.payment_terms.Remainder] (what the other installments leave);
* a **due rule**, a small frozen value with ``due_date(base) -> date`` and
  ``describe() -> str`` (see [`DueRule`][spendrules.payment_terms.DueRule]);
* zero or more **discount tiers** ([`DiscountTier`][spendrules.payment_terms.DiscountTier]): a rate and a due
  rule giving the deadline, ordered from the highest rate to the lowest.

Every due rule computes from the *baseline* date it is given and does its
month arithmetic from that anchor with one ``dateutil.relativedelta`` (never
chained: 31 January + 2 months is 31 March, not 28 March).

Stable public shape (other modules and integrations rely on these names):
``PaymentTerms.installments``, ``PaymentTerms.discount_base``,
``PaymentTerms.basis``; ``Installment.due``, ``Installment.discounts``,
``Installment.share``; ``DiscountTier.rate`` (a fraction), ``DiscountTier.deadline``;
``NetDays.days``, ``NetMonths.months``, ``DaysAfterEndOfMonth.days``/``.months``,
``DaysEndOfMonthOn.days``/``.day``, ``DayOfMonth.day``/``.months_ahead``/``.cutoff_day``,
``EomDating.days``/``.late_cutoff_day``, ``PaymentDays.days``/``.after``,
``DayLimit.limits`` (of ``DayLimitEntry.limit``/``.rule``),
``RelativeDelta.day``/``.month``/``.weekday``/``.months``/``.weeks``/``.days``,
``DeltaChain.steps``.

Examples:
    >>> from datetime import date
    >>> terms = PaymentTerms.of(NetDays(30), DiscountTier(Decimal("0.02"), NetDays(10)))
    >>> terms.installments[0].due.due_date(date(2026, 3, 15))
    datetime.date(2026, 4, 14)
    >>> terms.describe()
    '100 % (the whole amount) due 30 days after the baseline date; 2 % discount until 10 days after the baseline date'
    >>> NetMonths(1).due_date(date(2026, 1, 31)), NetMonths(2).due_date(date(2026, 1, 31))
    (datetime.date(2026, 2, 28), datetime.date(2026, 3, 31))

References:
    Odoo ``addons/account/models/account_payment_term.py`` (delay types, early
    discount computation modes); ERPNext ``payment_term.json`` (due date based
    on); SAP T052 (fixed day, additional months, day limits, two discount tiers);
    Tryton ``modules/account_invoice/payment_term.py`` (exact ratios, remainder);
    OCA ``account_payment_term_extension`` (payment days); Zuora "Prox Payment
    Term Examples"; Monash Marketing Dictionary / AMA "End of Month Dating (EOM)".
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal  # noqa: F401 - the doctests use it
from fractions import Fraction
from typing import Any

import attrs

from spendrules._enums import SpendEnum
from spendrules._terms.due_rules import (
    Advance,
    DueRule,
    EomDating,  # noqa: F401 - the doctests use it
    NetDays,  # noqa: F401 - idem
    NetMonths,  # noqa: F401 - idem
    _check_due,
)
from spendrules._terms.shares import (
    DiscountTier,
    FixedAmount,
    FixedDiscount,
    Percent,
    Ratio,
    Remainder,
    Share,
    _check_share,
    _check_tiers,
    _percent_text,
    _to_tiers,
)
from spendrules.errors import InvalidInputError, _shown

__all__ = [
    "Basis",
    "DiscountBase",
    "Installment",
    "PaymentTerms",
]


# --------------------------------------------------------------------------- enums


class DiscountBase(SpendEnum):
    """What an early-payment discount rate applies to (Odoo's three modes).

    Attributes:
        GROSS: The installment's amount including tax (Odoo ``included``,
            "On early payment"): the discount reduces tax too, later.
        NET_OF_TAX: The installment's share of the amount before tax (Odoo
            ``excluded``, "Never"): tax is never reduced.
        MIXED: Computed like ``NET_OF_TAX``; the invoice's tax was already
            computed on the discounted base (Odoo ``mixed``, "Always (upon
            invoice)", the Belgian default).
    """

    GROSS = "gross"
    NET_OF_TAX = "net_of_tax"
    MIXED = "mixed"


class Basis(SpendEnum):
    """The event the due rules count from (SAP ZDART, X12 ITD02, EDIFACT 2475).

    The caller passes that event's date to [`schedule`][spendrules.payment_terms.schedule] as
    ``baseline_date``; the invoice date is used when it is not given.

    Attributes:
        INVOICE: The invoice date (the default everywhere).
        INVOICE_RECEIPT: The day the buyer received the invoice.
        ORDER: The order date (cash with order).
        SHIPMENT: The shipping date.
        DELIVERY: The delivery date (cash on delivery).
        GOODS_RECEIPT: The day the goods were received and accepted.
        SPECIFIED: A date agreed separately.
    """

    INVOICE = "invoice"
    INVOICE_RECEIPT = "invoice_receipt"
    ORDER = "order"
    SHIPMENT = "shipment"
    DELIVERY = "delivery"
    GOODS_RECEIPT = "goods_receipt"
    SPECIFIED = "specified"


# --------------------------------------------------------------------------- installments and terms


def _check_fixed_discount(instance: Any, _attribute: object, value: object) -> None:
    if value is None:
        return
    if not isinstance(value, FixedDiscount):
        raise TypeError(
            f"fixed_discount must be a FixedDiscount or None, not {type(value).__name__}: {_shown(value)}"
        )
    if instance.discounts:
        raise InvalidInputError(
            "fixed_discount",
            value,
            "None when the installment has rate tiers (one kind of discount per installment)",
        )


def _to_event(value: object) -> object:
    return value.value if isinstance(value, Basis) else value


def _check_event(instance: Any, _attribute: object, value: object) -> None:
    if value is None:
        return
    from spendrules._terms.milestones import check_event  # noqa: PLC0415 - no import cycle

    check_event(value, "event")
    if isinstance(instance.due, Advance):
        raise InvalidInputError(
            "event", value, "None for an Advance installment (an advance is due on the baseline)"
        )


@attrs.frozen
class Installment:
    """One part of a payment term: its share, when it is due, and its early-payment discounts.

    Attributes:
        due: The due rule of the net amount.
        discounts: Discount tiers, highest rate first (SAP allows two; any
            number is accepted). Each discount is computed on this
            installment's own amount, never on the invoice total.
        share: The installment's share of the total (default [`Remainder`][spendrules.payment_terms.Remainder],
            the whole amount for a one-installment term).
        fixed_discount: A fixed-amount discount (ERPNext "Amount"), or None
            (default); only on an installment without rate tiers.
        event: The milestone event the due rule and the discount deadlines count
            from (``"order"``, ``"delivery"``, ``"goods_receipt"``,
            ``"acceptance"``, ``"invoice"``, a custom name of 1 to 24 letters
            a-z, or a [`Basis`][spendrules.payment_terms.Basis] member); None (default): the term's
            baseline. See ``spendrules._terms.milestones``.

    Examples:
        >>> Installment(NetDays(30), share=Percent(Decimal(70))).describe()
        '70 % due 30 days after the baseline date'
        >>> Installment(NetDays(30), share=Percent(Decimal(10)), event="acceptance").describe()
        '10 % due 30 days after the baseline date, counted from the acceptance event'
    """

    due: DueRule = attrs.field(validator=_check_due("due"))
    discounts: tuple[DiscountTier, ...] = attrs.field(
        default=(), converter=_to_tiers, validator=_check_tiers
    )
    share: Share = attrs.field(factory=Remainder, validator=_check_share)
    fixed_discount: FixedDiscount | None = attrs.field(
        default=None, validator=_check_fixed_discount, kw_only=True
    )
    event: str | None = attrs.field(
        default=None, converter=_to_event, validator=_check_event, kw_only=True
    )

    def describe(self, *, single: bool = False) -> str:
        """Return a one-line description (``single``: the term's only installment)."""
        share = "100 % (the whole amount)" if single else self.share.describe()
        text = f"{share} due {self.due.describe()}"
        if self.event is not None:
            from spendrules._terms.milestones import event_text  # noqa: PLC0415 - no import cycle

            text += f", counted from the {event_text(self.event)} event"
        if self.discounts:
            text += "; " + "; ".join(tier.describe() for tier in self.discounts)
        if self.fixed_discount is not None:
            text += "; " + self.fixed_discount.describe()
        return text


def _to_installments(value: Iterable[Installment]) -> tuple[Installment, ...]:
    if not isinstance(value, Iterable):
        raise TypeError(
            f"installments must be a tuple of Installment, not {type(value).__name__}: {_shown(value)}"
        )
    return tuple(value)


def _check_installments(
    _instance: object, _attribute: object, value: tuple[Installment, ...]
) -> None:
    if not value:
        raise InvalidInputError("installments", value, "at least one installment")
    for index, item in enumerate(value):
        if not isinstance(item, Installment):
            raise TypeError(
                f"installments[{index}] must be an Installment, not {type(item).__name__}: {_shown(item)}"
            )
    shares = [item.share for item in value]
    remainders = sum(isinstance(share, Remainder) for share in shares)
    fixed = any(isinstance(share, FixedAmount) for share in shares)
    proportional = sum(
        (share.fraction() for share in shares if isinstance(share, Percent | Ratio)), Fraction(0)
    )
    if remainders > 1:
        raise InvalidInputError("installments", value, "at most one Remainder installment")
    if remainders == 0:
        if fixed:
            raise InvalidInputError(
                "installments", value, "a Remainder installment when any share is a FixedAmount"
            )
        if proportional != 1:
            raise InvalidInputError(
                "installments",
                value,
                f"shares adding up to exactly 100 % (they add up to {_percent_text(proportional)} %)",
            )
    elif proportional > 1:
        raise InvalidInputError(
            "installments",
            value,
            "percent and ratio shares of at most 100 % in total when there is a Remainder "
            f"installment (they add up to {_percent_text(proportional)} %)",
        )


def _check_discount_base(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, DiscountBase):
        raise TypeError(
            f"discount_base must be a DiscountBase, not {type(value).__name__}: {_shown(value)}"
        )


def _check_basis(_instance: object, _attribute: object, value: object) -> None:
    if not isinstance(value, Basis):
        raise TypeError(f"basis must be a Basis, not {type(value).__name__}: {_shown(value)}")


@attrs.frozen
class PaymentTerms:
    """A payment term: one or more installments, the discount base and the baseline event.

    Validation: at least one installment; at most one [`Remainder`][spendrules.payment_terms.Remainder];
    without a remainder the percent and ratio shares add up to exactly 100 %
    and there is no [`FixedAmount`][spendrules.payment_terms.FixedAmount]; with one, they add up to at most
    100 %. (Whether fixed amounts fit a given total is checked by
    [`schedule`][spendrules.payment_terms.schedule]: a remainder beside 100 % takes zero, or, under Odoo's
    balance convention, minus the fixed amounts.)

    Attributes:
        installments: The installments, in order.
        discount_base: What discount rates apply to (default `DiscountBase.GROSS`).
        basis: The event the due rules count from (default `Basis.INVOICE`).

    Raises:
        InvalidInputError: shares that cannot add up to the whole, tiers out of order.
        TypeError: a member of the wrong type.

    Examples:
        >>> split = PaymentTerms((
        ...     Installment(Advance(), share=Percent(Decimal(30))),
        ...     Installment(NetDays(30), share=Percent(Decimal(70))),
        ... ))
        >>> len(split.installments), split.has_advance
        (2, True)
        >>> PaymentTerms((Installment(NetDays(30), share=Percent(Decimal(60))),))
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: installments must be shares adding up to exactly 100 % ...
    """

    installments: tuple[Installment, ...] = attrs.field(
        converter=_to_installments, validator=_check_installments
    )
    discount_base: DiscountBase = attrs.field(
        default=DiscountBase.GROSS, validator=_check_discount_base, kw_only=True
    )
    basis: Basis = attrs.field(default=Basis.INVOICE, validator=_check_basis, kw_only=True)

    @classmethod
    def of(
        cls,
        due: DueRule,
        *discounts: DiscountTier,
        discount_base: DiscountBase = DiscountBase.GROSS,
        basis: Basis = Basis.INVOICE,
    ) -> PaymentTerms:
        """Return a one-installment term (the whole amount) due by ``due``.

        Examples:
            >>> PaymentTerms.of(NetDays(30)).installments
            (Installment(due=NetDays(days=30), discounts=(), share=Remainder(), fixed_discount=None, event=None),)
        """
        return cls((Installment(due, discounts),), discount_base=discount_base, basis=basis)

    @property
    def has_advance(self) -> bool:
        """True if an installment is paid in advance ([`Advance`][spendrules.payment_terms.Advance])."""
        return any(isinstance(item.due, Advance) for item in self.installments)

    @property
    def has_discount(self) -> bool:
        """True if any installment offers an early-payment discount."""
        return any(item.discounts or item.fixed_discount for item in self.installments)

    @property
    def events(self) -> tuple[str, ...]:
        """The milestone events the installments count from, in order of first use."""
        return tuple(dict.fromkeys(item.event for item in self.installments if item.event))

    def describe(self) -> str:
        """Return a description: one sentence per installment.

        Examples:
            >>> print(PaymentTerms.of(EomDating(30)).describe())
            100 % (the whole amount) due 30 days after the end of the baseline's month
        """
        single = len(self.installments) == 1
        lines = [item.describe(single=single) for item in self.installments]
        if self.discount_base is not DiscountBase.GROSS:
            lines.append(f"discounts computed on the amount {_BASE_TEXT[self.discount_base]}")
        if self.basis is not Basis.INVOICE:
            lines.append(f"the baseline date is the {self.basis.value.replace('_', ' ')} date")
        return "\n".join(lines)


_BASE_TEXT = {
    DiscountBase.GROSS: "including tax",
    DiscountBase.NET_OF_TAX: "before tax",
    DiscountBase.MIXED: "before tax (tax already computed on the discounted base)",
}
