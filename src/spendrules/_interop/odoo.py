"""Odoo ``account.payment.term``: the 17/18 shape (``read_odoo``) and the 16 shape (``read_odoo16``).

Odoo 17 and 18 (``addons/account/models/account_payment_term.py``):

* term: ``line_ids``, ``early_discount``, ``discount_percentage`` (default 2),
  ``discount_days`` (default 10), ``early_pay_discount_computation`` in
  ``included`` / ``excluded`` / ``mixed``;
* line: ``value`` (``percent`` or ``fixed``), ``value_amount``, ``delay_type``
  (``days_after``, ``days_after_end_of_month``, ``days_after_end_of_next_month``,
  ``days_end_of_month_on_the``), ``nb_days`` and ``days_next_month`` (a string
  ``"0"`` to ``"31"``);
* the percent lines add up to 100, the **last line takes the balance** whatever
  its type, and the early discount needs a single line (``_check_lines``).

Odoo 16 (PR #91490): lines ``value`` (``balance``, ``percent``, ``fixed``),
``value_amount``, ``months``, ``days``, ``end_month``, ``days_after``, and a
discount per line (``discount_percentage``, ``discount_days``); exactly one
balance line; the tax treatment is the company's
``early_pay_discount_computation`` (read from the top of the record here).

Informational fields (``id``, ``name``, ``note``, ``sequence``, ``company_id``,
``display_*``, ``example_*``, ``create_*``/``write_*``) are accepted and
ignored; any other key is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from spendrules._decimal import exact
from spendrules._interop._common import (
    NotRepresentableError,
    Record,
    balance_last,
    check_writable,
    encode_first,
    finish,
    fraction_to_decimal,
    make,
    percent_of,
    rate_of,
)
from spendrules._terms.due_rules import (
    DaysAfterEndOfMonth,
    DaysEndOfMonthOn,
    DueRule,
    NetDays,
    NetMonths,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
    FixedAmount,
    Percent,
    Ratio,
    Remainder,
    Share,
)
from spendrules.errors import _shown

__all__ = ["read_odoo", "read_odoo16", "write_odoo", "write_odoo16"]

ODOO = "odoo"
ODOO16 = "odoo16"

_HUNDRED = Decimal(100)
_COMPUTATION = {
    "included": DiscountBase.GROSS,
    "excluded": DiscountBase.NET_OF_TAX,
    "mixed": DiscountBase.MIXED,
}
_COMPUTATION_NAME = {base: name for name, base in _COMPUTATION.items()}
_DELAY_TYPES = (
    "days_after",
    "days_after_end_of_month",
    "days_after_end_of_next_month",
    "days_end_of_month_on_the",
)
_TERM_IGNORED = frozenset(
    {
        "id",
        "name",
        "display_name",
        "note",
        "active",
        "company_id",
        "sequence",
        "currency_id",
        "display_on_invoice",
        "fiscal_country_codes",
        "example_amount",
        "example_date",
        "example_invalid",
        "example_preview",
        "example_preview_discount",
        "is_immediate",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)
_LINE_IGNORED = frozenset(
    {
        "id",
        "payment_id",
        "display_name",
        "display_days_next_month",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)
_BIG = 10**9


def _mapping(term: object) -> Mapping[str, Any]:
    if not isinstance(term, Mapping):
        raise TypeError(f"term must be a mapping (dict), not {type(term).__name__}: {_shown(term)}")
    return term


def _discount_percent(record: Record, key: str, default: object = None) -> Decimal:
    """Return a discount percent in (0, 100); 100 % has no model equivalent (a rate below 1)."""
    percent = record.decimal(key) if default is None else record.decimal(key, default=default)
    if not 0 < percent <= _HUNDRED:
        record.fail(key, percent, "a percent above 0 and at most 100")
    if percent == _HUNDRED:
        record.refuse(key, percent, "a 100 % discount is a gift; the model's rates are below 1")
    return percent


def _computation(record: Record) -> DiscountBase:
    name = record.choice("early_pay_discount_computation", tuple(_COMPUTATION), default="included")
    return _COMPUTATION[name]


# --------------------------------------------------------------------------- Odoo 17 / 18


def _days_next_month(line: Record, *, required: bool) -> int:
    if not required and not line.has("days_next_month"):
        return 0
    text = line.text("days_next_month")
    if not (text.isdecimal() and text.isascii() and 0 <= int(text) <= 31):
        line.fail("days_next_month", text, "a string of digits from '0' to '31'")
    return int(text)


def _due17(line: Record) -> DueRule:
    kind = line.choice("delay_type", _DELAY_TYPES)
    days = line.integer("nb_days", low=-_BIG, high=_BIG)
    day = _days_next_month(line, required=kind == "days_end_of_month_on_the")
    if days < 0:
        line.refuse("nb_days", days, "the model counts days forward from the invoice date")
    field = line.name("nb_days")
    if kind == "days_after":
        return make(ODOO, field, days, NetDays, days)
    if kind == "days_after_end_of_month":
        return make(ODOO, field, days, DaysAfterEndOfMonth, days)
    if kind == "days_after_end_of_next_month":
        return make(ODOO, field, days, DaysAfterEndOfMonth, days, months=1)
    return make(ODOO, field, days, DaysEndOfMonthOn, days, day)


def _share(record: Record, kind: str, amount: Decimal) -> Share:
    if amount <= 0:
        record.refuse(
            "value_amount",
            amount,
            "a line of zero or less is no installment; model shares are above 0",
        )
    field = record.name("value_amount")
    if kind == "fixed":
        return make(record.source, field, amount, FixedAmount, amount)
    return make(record.source, field, amount, Percent, amount)


def read_odoo(term: Mapping[str, Any]) -> PaymentTerms:
    """Read an Odoo 17/18 ``account.payment.term`` record (its ``line_ids`` inline).

    Mapping: ``days_after`` n is [`NetDays`][spendrules.payment_terms.NetDays] (n),
    ``days_after_end_of_month`` n is [`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth] (n),
    ``days_after_end_of_next_month`` n is ``DaysAfterEndOfMonth(n, months=1)``,
    ``days_end_of_month_on_the`` (n, D) is [`DaysEndOfMonthOn`][spendrules.payment_terms.DaysEndOfMonthOn] (n, D) with
    Odoo's fixed rule (PR #166560/#172609, not 17.0's February cap); the last
    line is the [`Remainder`][spendrules.payment_terms.Remainder]; the early discount is one
    [`DiscountTier`][spendrules.payment_terms.DiscountTier] (rate ``discount_percentage``/100, deadline
    ``NetDays(discount_days)``); ``early_pay_discount_computation`` gives the
    [`DiscountBase`][spendrules.payment_terms.DiscountBase] (``included`` gross, ``excluded`` net of tax,
    ``mixed``).

    Args:
        term: The record, numbers as ``Decimal`` or ``int`` (read JSON with
            ``parse_float=Decimal``).

    Returns:
        The payment terms.

    Raises:
        TypeError: ``term`` is not a mapping.
        InteropError: a field is missing, of the wrong type, or breaks Odoo's
            own checks (percent lines not adding up to 100, an early discount
            on several lines, ``discount_days`` of 0, an unknown key).
        NotRepresentableError: a negative ``nb_days``, a 0 % or zero fixed line,
            or a 100 % discount. (A last line after percent lines of 100 % is
            read: its [`Remainder`][spendrules.payment_terms.Remainder] takes zero, or minus the fixed lines
            when scheduled with ``balance=BalanceConvention.ODOO``.)

    Examples:
        >>> terms = read_odoo({"line_ids": [{"value": "percent", "value_amount": 100,
        ...     "delay_type": "days_after", "nb_days": 30}], "early_discount": True,
        ...     "discount_percentage": 2, "discount_days": 10})
        >>> print(terms.describe())
        100 % (the whole amount) due 30 days after the baseline date; 2 % discount until 10 days after the baseline date

    References:
        Odoo ``addons/account/models/account_payment_term.py`` (17.0 commit
        ce2fdd2; 18 fork Agro-Marin/odoo), ``_get_due_date``, ``_check_lines``,
        ``_compute_terms``; PRs #166560, #172609.
    """
    record = Record(ODOO, "", _mapping(term))
    record.check_keys(
        {
            "line_ids",
            "early_discount",
            "discount_percentage",
            "discount_days",
            "early_pay_discount_computation",
        },
        _TERM_IGNORED,
    )
    lines = record.items("line_ids", minimum=1)
    base = _computation(record)
    items: list[Installment] = []
    total = Decimal(0)
    for index, raw in enumerate(lines):
        line = Record(ODOO, f"line_ids[{index}]", raw)
        line.check_keys(
            {"value", "value_amount", "delay_type", "nb_days", "days_next_month"}, _LINE_IGNORED
        )
        kind = line.choice("value", ("percent", "fixed"))
        amount = line.decimal("value_amount")
        if kind == "percent":
            if not 0 <= amount <= _HUNDRED:
                line.fail("value_amount", amount, "a percent from 0 to 100 (Odoo _check_percent)")
            with exact():
                total += amount
        due = _due17(line)
        last = index == len(lines) - 1
        items.append(Installment(due, share=Remainder() if last else _share(line, kind, amount)))
    if total != _HUNDRED:
        record.fail("line_ids", total, "percent lines adding up to 100 (Odoo _check_lines)")
    if record.boolean("early_discount", default=False):
        if len(lines) > 1:
            record.fail(
                "early_discount",
                value=True,
                constraint="false when there is more than one line (Odoo _check_lines)",
            )
        percent = _discount_percent(record, "discount_percentage", Decimal(2))
        days = record.integer("discount_days", low=-_BIG, high=_BIG, default=10)
        if days <= 0:
            record.fail("discount_days", days, "an integer above 0 (Odoo _check_lines)")
        deadline = make(ODOO, "discount_days", days, NetDays, days)
        tier = make(ODOO, "discount_percentage", percent, DiscountTier, rate_of(percent), deadline)
        items[0] = Installment(items[0].due, (tier,))
    return finish(items, discount_base=base)


def _encode17(rule: DueRule) -> tuple[str, int, str | None] | None:
    if isinstance(rule, NetDays):
        return ("days_after", rule.days, None)
    if isinstance(rule, DaysAfterEndOfMonth) and rule.months <= 1:
        kind = "days_after_end_of_next_month" if rule.months else "days_after_end_of_month"
        return (kind, rule.days, None)
    if isinstance(rule, DaysEndOfMonthOn):
        return ("days_end_of_month_on_the", rule.days, str(rule.day))
    return None


def _not_invoice_basis(source: str, basis: Basis) -> NotRepresentableError:
    return NotRepresentableError(
        source, "basis", basis.value, f"{source} counts every due date from the invoice date"
    )


def _percent_shares(source: str, items: list[Installment]) -> list[Decimal | None]:
    """Return each installment's percent of the total (None for fixed amounts and the remainder)."""
    shares: list[Decimal | None] = []
    for index, item in enumerate(items):
        share = item.share
        if isinstance(share, Ratio):
            percent = fraction_to_decimal(share.value * 100)
            if percent is None:
                raise NotRepresentableError(
                    source,
                    f"installments[{index}].share",
                    str(share.value),
                    f"{source} stores a percent, which cannot hold this ratio exactly",
                )
            shares.append(percent)
        elif isinstance(share, Percent):
            shares.append(share.value)
        else:
            shares.append(None)
    return shares


def _single_tier(source: str, index: int, item: Installment) -> DiscountTier | None:
    if len(item.discounts) > 1:
        raise NotRepresentableError(
            source,
            f"installments[{index}].discounts",
            len(item.discounts),
            f"{source} has one early-payment discount per line",
        )
    return item.discounts[0] if item.discounts else None


def _discount_days(source: str, field: str, tier: DiscountTier, *, minimum: int) -> int:
    days = encode_first(
        tier.deadline,
        lambda rule: rule.days if isinstance(rule, NetDays) and rule.days >= minimum else None,
    )
    if days is None:
        raise NotRepresentableError(
            source,
            field,
            tier.deadline.describe(),
            f"{source} counts the discount period in days ({'above 0' if minimum else '0 or more'}) after the invoice date",
        )
    return days


def write_odoo(terms: PaymentTerms, *, name: str | None = None) -> dict[str, Any]:
    """Write terms as an Odoo 17/18 ``account.payment.term`` record (``line_ids`` inline).

    Each installment is a line; the [`Remainder`][spendrules.payment_terms.Remainder] is the last line, a
    ``percent`` line holding what the other percent lines leave of 100 (Odoo
    gives the last line the balance). Due rules are written with the first
    equivalent form Odoo has a delay type for. The output always carries
    ``early_discount``; ``discount_percentage``, ``discount_days`` and
    ``early_pay_discount_computation`` only when there is a discount, and
    ``days_next_month`` only on ``days_end_of_month_on_the`` lines.

    Args:
        terms: The payment terms.
        name: The record's ``name`` (Odoo requires one on create), if wanted.

    Returns:
        A dict ready for Odoo's ``create`` (numbers as ``Decimal``).

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        NotRepresentableError: a baseline other than the invoice date, a ratio
            with no exact percent, a remainder that is not last next to fixed
            amounts, a due rule with no Odoo delay type, discounts on more than
            one line or more than one tier, a discount deadline other than
            days after the invoice date.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> record = write_odoo(parse_terms("2/10 net 30"))
        >>> record["line_ids"], record["discount_days"]
        ([{'value': 'percent', 'value_amount': Decimal('100'), 'delay_type': 'days_after', 'nb_days': 30}], 10)

    References:
        Odoo ``addons/account/models/account_payment_term.py`` (17.0, 18).
    """
    terms = check_writable(terms, ODOO)
    if terms.basis is not Basis.INVOICE:
        raise _not_invoice_basis(ODOO, terms.basis)
    items = balance_last(list(terms.installments))
    percents = _percent_shares(ODOO, items)
    if not isinstance(items[-1].share, Remainder):
        raise NotRepresentableError(
            ODOO,
            "installments",
            len(items),
            "odoo gives the balance to the last line; the remainder must be the last installment",
        )
    with exact():
        last_percent = _HUNDRED - sum((p for p in percents[:-1] if p is not None), Decimal(0))
    lines: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        encoded = encode_first(item.due, _encode17)
        if encoded is None:
            raise NotRepresentableError(
                ODOO,
                f"installments[{index}].due",
                item.due.describe(),
                "odoo has no delay type for this rule",
            )
        kind, days, day = encoded
        share = item.share
        if isinstance(share, FixedAmount):
            line: dict[str, Any] = {"value": "fixed", "value_amount": share.amount}
        else:
            percent = percents[index] if index < len(items) - 1 else last_percent
            line = {"value": "percent", "value_amount": percent}
        line.update({"delay_type": kind, "nb_days": days})
        if day is not None:
            line["days_next_month"] = day
        lines.append(line)
    record: dict[str, Any] = {} if name is None else {"name": name}
    record["line_ids"] = lines
    discounted = [i for i, item in enumerate(items) if item.discounts]
    record["early_discount"] = bool(discounted)
    if discounted:
        if len(items) > 1:
            raise NotRepresentableError(
                ODOO,
                "installments",
                len(items),
                "odoo allows an early discount only on a single 100 % line",
            )
        tier = _single_tier(ODOO, 0, items[0])
        assert tier is not None  # noqa: S101 - the installment has discounts
        record["discount_percentage"] = percent_of(tier.rate)
        record["discount_days"] = _discount_days(
            ODOO, "installments[0].discounts[0].deadline", tier, minimum=1
        )
        record["early_pay_discount_computation"] = _COMPUTATION_NAME[terms.discount_base]
    return record


# --------------------------------------------------------------------------- Odoo 16


def _due16(line: Record) -> DueRule:
    months = line.integer("months", low=-_BIG, high=_BIG, default=0)
    days = line.integer("days", low=-_BIG, high=_BIG, default=0)
    end_month = line.boolean("end_month", default=False)
    after = line.integer("days_after", low=-_BIG, high=_BIG, default=0)
    for key, value in (("months", months), ("days", days)):
        if value < 0:
            line.fail(key, value, "an integer >= 0 (Odoo _check_positive)")
    if end_month and after < 0:
        line.refuse("days_after", after, "the model counts days forward from the end of the month")
    if not end_month:
        if months and days:
            line.refuse(
                "days",
                days,
                "months then days has no model rule (net days, or net months, not both)",
            )
        if months:
            return make(ODOO16, line.name("months"), months, NetMonths, months)
        return make(ODOO16, line.name("days"), days, NetDays, days)
    if days == 0:
        return make(ODOO16, line.name("months"), months, DaysAfterEndOfMonth, after, months=months)
    if months:
        line.refuse(
            "months",
            months,
            "months, days, then end of month has no model rule (use months or days, not both)",
        )
    if after > 28:
        line.refuse(
            "days_after",
            after,
            "days after an end of month reached by days is a model rule only up to 28 "
            "(DaysEndOfMonthOn: the D-th of the next month)",
        )
    return make(ODOO16, line.name("days"), days, DaysEndOfMonthOn, days, after)


def read_odoo16(term: Mapping[str, Any]) -> PaymentTerms:
    """Read an Odoo 16 ``account.payment.term`` record (``line_ids`` inline).

    Mapping: a line without ``end_month`` is [`NetDays`][spendrules.payment_terms.NetDays] (``days``) or
    [`NetMonths`][spendrules.payment_terms.NetMonths] (``months``); with ``end_month`` and ``days`` 0 it is
    ``DaysAfterEndOfMonth(days_after, months=months)`` (so "30 jours fin de mois
    le 10", ``months=1, end_month, days_after=10``, is the 10th of the month
    after next month's start); with ``days`` n it is ``DaysEndOfMonthOn(n,
    days_after)``. The ``balance`` line is the [`Remainder`][spendrules.payment_terms.Remainder], in its place;
    a line's ``discount_percentage`` (with ``discount_days``) is its discount
    tier; ``early_pay_discount_computation`` (a company setting in Odoo 16) may
    be given at the top of the record.

    Args:
        term: The record, numbers as ``Decimal`` or ``int``.

    Returns:
        The payment terms.

    Raises:
        TypeError: ``term`` is not a mapping.
        InteropError: not exactly one balance line, a percent outside 0-100, a
            negative ``months``/``days``/``discount_days``, a discount on a fixed
            line, an unknown key.
        NotRepresentableError: a combination of months and days that has no
            model rule, percent lines leaving no balance, a zero line, a 100 %
            discount.

    Examples:
        >>> terms = read_odoo16({"line_ids": [{"value": "balance", "months": 1,
        ...     "end_month": True, "days_after": 10}]})
        >>> from datetime import date
        >>> terms.installments[0].due.due_date(date(2016, 1, 14))
        datetime.date(2016, 3, 10)

    References:
        Odoo 16.0 ``addons/account/models/account_payment_term.py`` (commit
        00ce372): ``_get_due_date``, ``_check_lines``, ``_check_percent``,
        ``_check_positive``; PR #91490 (the "30 jours fin de mois le 10" example),
        PR #99572 (discount per line).
    """
    record = Record(ODOO16, "", _mapping(term))
    record.check_keys({"line_ids", "early_pay_discount_computation"}, _TERM_IGNORED)
    lines = record.items("line_ids", minimum=1)
    base = _computation(record)
    items: list[Installment] = []
    balances = 0
    percent_total = Decimal(0)
    for index, raw in enumerate(lines):
        line = Record(ODOO16, f"line_ids[{index}]", raw)
        line.check_keys(
            {
                "value",
                "value_amount",
                "months",
                "days",
                "end_month",
                "days_after",
                "discount_percentage",
                "discount_days",
            },
            _LINE_IGNORED,
        )
        kind = line.choice("value", ("balance", "percent", "fixed"))
        due = _due16(line)
        tiers: tuple[DiscountTier, ...] = ()
        discount = line.decimal("discount_percentage", default=0)
        if discount:
            if kind == "fixed":
                line.fail("discount_percentage", discount, "0 on a fixed line (Odoo _check_lines)")
            percent = _discount_percent(line, "discount_percentage")
            days = line.integer("discount_days", low=-_BIG, high=_BIG, default=0)
            if days < 0:
                line.fail("discount_days", days, "an integer >= 0 (Odoo _check_positive)")
            deadline = make(ODOO16, line.name("discount_days"), days, NetDays, days)
            field = line.name("discount_percentage")
            tiers = (make(ODOO16, field, percent, DiscountTier, rate_of(percent), deadline),)
        if kind == "balance":
            balances += 1
            items.append(Installment(due, tiers))
            continue
        amount = line.decimal("value_amount")
        if kind == "percent":
            if not 0 <= amount <= _HUNDRED:
                line.fail("value_amount", amount, "a percent from 0 to 100 (Odoo _check_percent)")
            with exact():
                percent_total += amount
        items.append(Installment(due, tiers, share=_share(line, kind, amount)))
    if balances != 1:
        record.fail("line_ids", balances, "lines with exactly one balance line (Odoo _check_lines)")
    if percent_total >= _HUNDRED:
        record.refuse(
            "line_ids",
            percent_total,
            "percent lines below 100 in total: the balance line would be zero or negative",
        )
    return finish(items, discount_base=base)


def _encode16(rule: DueRule) -> tuple[int, int, bool, int] | None:
    if isinstance(rule, NetDays):
        return (0, rule.days, False, 0)
    if isinstance(rule, NetMonths):
        return (rule.months, 0, False, 0)
    if isinstance(rule, DaysAfterEndOfMonth):
        return (rule.months, 0, True, rule.days)
    if isinstance(rule, DaysEndOfMonthOn) and rule.day <= 28:
        return (0, rule.days, True, rule.day)
    return None


def write_odoo16(terms: PaymentTerms, *, name: str | None = None) -> dict[str, Any]:
    """Write terms as an Odoo 16 ``account.payment.term`` record (``line_ids`` inline).

    Each installment is a line with every field written (``months``, ``days``,
    ``end_month``, ``days_after``, ``discount_percentage``, ``discount_days``);
    the [`Remainder`][spendrules.payment_terms.Remainder] is the ``balance`` line (``value_amount`` 0), in its
    place. ``early_pay_discount_computation`` is written at the top when there
    is a discount (Odoo 16 keeps it on the company).

    Args:
        terms: The payment terms.
        name: The record's ``name``, if wanted.

    Returns:
        A dict (numbers as ``Decimal``).

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        NotRepresentableError: a baseline other than the invoice date, a ratio
            with no exact percent, a due rule with no Odoo 16 field combination,
            more than one discount tier on a line, a discount on a fixed amount,
            a discount deadline other than days after the invoice date.

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> write_odoo16(parse_terms("net 30"))["line_ids"][0]["value"]
        'balance'

    References:
        Odoo 16.0 ``addons/account/models/account_payment_term.py``.
    """
    terms = check_writable(terms, ODOO16)
    if terms.basis is not Basis.INVOICE:
        raise _not_invoice_basis(ODOO16, terms.basis)
    items = balance_last(list(terms.installments))
    percents = _percent_shares(ODOO16, items)
    lines: list[dict[str, Any]] = []
    for index, item in enumerate(items):
        encoded = encode_first(item.due, _encode16)
        if encoded is None:
            raise NotRepresentableError(
                ODOO16,
                f"installments[{index}].due",
                item.due.describe(),
                "odoo16 has no months/days/end-of-month combination for this rule",
            )
        months, days, end_month, after = encoded
        share = item.share
        if isinstance(share, FixedAmount):
            line: dict[str, Any] = {"value": "fixed", "value_amount": share.amount}
        elif isinstance(share, Remainder):
            line = {"value": "balance", "value_amount": Decimal(0)}
        else:
            line = {"value": "percent", "value_amount": percents[index]}
        tier = _single_tier(ODOO16, index, item)
        if tier is not None and isinstance(share, FixedAmount):
            raise NotRepresentableError(
                ODOO16,
                f"installments[{index}].discounts",
                percent_of(tier.rate),
                "odoo16 refuses an early-payment discount on a fixed-amount line",
            )
        line.update(
            {
                "months": months,
                "days": days,
                "end_month": end_month,
                "days_after": after,
                "discount_percentage": Decimal(0) if tier is None else percent_of(tier.rate),
                "discount_days": 0
                if tier is None
                else _discount_days(
                    ODOO16, f"installments[{index}].discounts[0].deadline", tier, minimum=0
                ),
            }
        )
        lines.append(line)
    record: dict[str, Any] = {} if name is None else {"name": name}
    record["line_ids"] = lines
    if terms.has_discount:
        record["early_pay_discount_computation"] = _COMPUTATION_NAME[terms.discount_base]
    return record
