"""ERPNext Payment Terms Template: rows of ``Payment Terms Template Detail``.

Row fields (``payment_term.json``, ``payment_terms_template_detail.json``):
``invoice_portion`` (%), ``due_date_based_on`` (three options), ``credit_days``,
``credit_months``, ``discount_type`` (``Percentage`` or ``Amount``),
``discount``, ``discount_validity_based_on`` (the same three options) and
``discount_validity``. The template's portions add up to 100.

``get_due_date`` (``accounts_controller.py``): "Day(s) after invoice date" adds
``credit_days``; "Day(s) after the end of the invoice month" adds them to the
month's last day; "Month(s) after the end of the invoice month" is the last
day of the month ``credit_months`` later (the fixed form of PR #33183, not the
``add_months(last_day)`` bug of #22201). ERPNext applies a percentage discount
to the grand total for every row (``apply_early_payment_discount``); the
model computes each discount on its own installment, so a multi-row template
with discounts schedules smaller, correct discounts.

A template with two rows of the same ``payment_term``, ``credit_days``,
``credit_months`` and ``due_date_based_on`` is refused, as ERPNext's
``PaymentTermsTemplate.validate_terms`` refuses it ("The Payment Term at row
{0} is possibly a duplicate."), and [`write_erpnext`][spendrules.interop.write_erpnext] never writes one.

Informational fields (``name``, ``template_name``, ``payment_term``,
``description``, ``mode_of_payment``, ``idx``, ``doctype``, ...) are accepted
and ignored; any other key is an error.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from spendrules._decimal import exact
from spendrules._interop._common import (
    MISSING,
    InteropError,
    NotRepresentableError,
    Record,
    check_writable,
    encode_first,
    finish,
    fraction_to_decimal,
    make,
    percent_of,
    rate_of,
    share_fractions,
)
from spendrules._terms.due_rules import (
    DaysAfterEndOfMonth,
    DueRule,
    NetDays,
)
from spendrules._terms.model import (
    Basis,
    DiscountBase,
    Installment,
    PaymentTerms,
)
from spendrules._terms.shares import (
    DiscountTier,
    FixedDiscount,
    Percent,
)
from spendrules.errors import _shown

__all__ = ["read_erpnext", "write_erpnext"]

ERPNEXT = "erpnext"

DAYS = "Day(s) after invoice date"
END_OF_MONTH = "Day(s) after the end of the invoice month"
MONTHS = "Month(s) after the end of the invoice month"
_BASED_ON = (DAYS, END_OF_MONTH, MONTHS)
_HUNDRED = Decimal(100)
_BIG = 10**9
_COMMON_IGNORED = (
    "name",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "idx",
    "doctype",
)
_TEMPLATE_IGNORED = frozenset(
    {*_COMMON_IGNORED, "template_name", "allocate_payment_based_on_payment_terms", "company"}
)
_ROW_IGNORED = frozenset(
    {
        *_COMMON_IGNORED,
        "parent",
        "parentfield",
        "parenttype",
        "payment_term",
        "payment_term_name",
        "description",
        "mode_of_payment",
    }
)
_ROW_FIELDS = frozenset(
    {
        "invoice_portion",
        "due_date_based_on",
        "credit_days",
        "credit_months",
        "discount_type",
        "discount",
        "discount_validity_based_on",
        "discount_validity",
    }
)


def _rule(row: Record, based_on_key: str, count_key: str, *, months_key: str | None) -> DueRule:
    """Return the rule of a "based on" option and its count (``months_key``: the months field).

    The due date's option is required; the discount validity's defaults to days.
    """
    based_on = row.choice(based_on_key, _BASED_ON, default=MISSING if months_key else DAYS)
    if based_on == MONTHS and months_key is not None:
        count_key = months_key
    count = row.integer(count_key, low=-_BIG, high=_BIG, default=0)
    if count < 0:
        row.fail(count_key, count, "an integer >= 0 (ERPNext refuses negative credit days)")
    field = row.name(count_key)
    if based_on == DAYS:
        return make(ERPNEXT, field, count, NetDays, count)
    if based_on == END_OF_MONTH:
        return make(ERPNEXT, field, count, DaysAfterEndOfMonth, count)
    return make(ERPNEXT, field, count, DaysAfterEndOfMonth, 0, months=count)


def _duplicate_key(row: Record) -> tuple[object, ...]:
    """The fields ERPNext compares to find a duplicate row (absent counts are 0, as its Int fields)."""

    def value(key: str, default: object) -> object:
        raw = row.data.get(key)
        if raw is None:
            return default
        return raw if isinstance(raw, int | str | Decimal) else repr(raw)

    return (
        value("payment_term", None),
        value("credit_days", 0),
        value("credit_months", 0),
        value("due_date_based_on", None),
    )


def _check_duplicate(row: Record, seen: dict[tuple[object, ...], int]) -> None:
    key = _duplicate_key(row)
    if key in seen:
        raise InteropError(
            ERPNEXT,
            row.path,
            key,
            f"not a duplicate of terms[{seen[key]}] (the same payment_term, credit_days, "
            "credit_months and due_date_based_on: ERPNext validate_terms, "
            '"The Payment Term at row {0} is possibly a duplicate.")',
        )
    seen[key] = len(seen)


def read_erpnext(template: Mapping[str, Any]) -> PaymentTerms:
    """Read an ERPNext Payment Terms Template (its ``terms`` rows inline).

    Mapping: each row is an installment of ``invoice_portion`` %; "Day(s) after
    invoice date" n is [`NetDays`][spendrules.payment_terms.NetDays] (n); "Day(s) after the end of the
    invoice month" n is [`DaysAfterEndOfMonth`][spendrules.payment_terms.DaysAfterEndOfMonth] (n); "Month(s) after the end
    of the invoice month" m is ``DaysAfterEndOfMonth(0, months=m)``; a
    ``Percentage`` discount is the row's [`DiscountTier`][spendrules.payment_terms.DiscountTier], an ``Amount``
    discount its [`FixedDiscount`][spendrules.payment_terms.FixedDiscount], the deadline by
    ``discount_validity_based_on`` and ``discount_validity`` (days, or months
    for the third option). Fields hidden by the row's option (``credit_days``
    under the months option, ``credit_months`` otherwise, the validity of a
    zero discount) are ignored, as ERPNext ignores them.

    Args:
        template: The template, with ``terms``; numbers as ``Decimal``/``int``.

    Returns:
        The payment terms (basis: the invoice date, ERPNext's bill or posting date).

    Raises:
        TypeError: ``template`` is not a mapping.
        InteropError: no rows, portions not adding up to 100, a negative count,
            a discount outside 0-100, an unknown option or key, two rows with
            the same payment term, credit days, credit months and "based on"
            option (ERPNext ``validate_terms``).
        NotRepresentableError: a 0 % portion, a 100 % discount, an ``Amount``
            discount beyond the model's range.

    Examples:
        >>> terms = read_erpnext({"terms": [{"invoice_portion": 100,
        ...     "due_date_based_on": "Month(s) after the end of the invoice month",
        ...     "credit_months": 1}]})
        >>> from datetime import date
        >>> terms.installments[0].due.due_date(date(2020, 6, 11))
        datetime.date(2020, 7, 31)

    References:
        ERPNext ``erpnext/accounts/doctype/payment_term/payment_term.json``,
        ``payment_terms_template_detail.json``, ``controllers/accounts_controller.py``
        (``get_due_date``, ``get_discount_date``); issues #22201 / PR #33183;
        ``payment_terms_template.py`` (``validate_terms``, duplicate rows).
    """
    if not isinstance(template, Mapping):
        raise TypeError(
            f"template must be a mapping (dict), not {type(template).__name__}: {_shown(template)}"
        )
    record = Record(ERPNEXT, "", template)
    record.check_keys({"terms"}, _TEMPLATE_IGNORED)
    rows = record.items("terms", minimum=1)
    items: list[Installment] = []
    total = Decimal(0)
    seen: dict[tuple[object, ...], int] = {}
    for index, raw in enumerate(rows):
        row = Record(ERPNEXT, f"terms[{index}]", raw)
        row.check_keys(_ROW_FIELDS, _ROW_IGNORED)
        _check_duplicate(row, seen)
        portion = row.decimal("invoice_portion")
        if not 0 <= portion <= _HUNDRED:
            row.fail("invoice_portion", portion, "a percent from 0 to 100")
        if portion == 0:
            row.refuse(
                "invoice_portion", portion, "a 0 % row is no installment; model shares are above 0"
            )
        with exact():
            total += portion
        due = _rule(row, "due_date_based_on", "credit_days", months_key="credit_months")
        tiers: tuple[DiscountTier, ...] = ()
        fixed: FixedDiscount | None = None
        kind = row.choice("discount_type", ("Percentage", "Amount"), default="Percentage")
        discount = row.decimal("discount", default=0)
        if discount < 0:
            row.fail("discount", discount, "a number >= 0")
        if discount and kind == "Amount":
            deadline = _rule(
                row, "discount_validity_based_on", "discount_validity", months_key=None
            )
            fixed = make(ERPNEXT, row.name("discount"), discount, FixedDiscount, discount, deadline)
        elif discount:
            if discount >= _HUNDRED:
                if discount > _HUNDRED:
                    row.fail("discount", discount, "a percent of at most 100")
                row.refuse("discount", discount, "a 100 % discount; the model's rates are below 1")
            deadline = _rule(
                row, "discount_validity_based_on", "discount_validity", months_key=None
            )
            field = row.name("discount")
            tiers = (make(ERPNEXT, field, discount, DiscountTier, rate_of(discount), deadline),)
        share = make(ERPNEXT, row.name("invoice_portion"), portion, Percent, portion)
        items.append(Installment(due, tiers, share=share, fixed_discount=fixed))
    if total != _HUNDRED:
        record.fail(
            "terms", total, "invoice portions adding up to 100 (ERPNext template validation)"
        )
    return finish(items)


def _encode(rule: DueRule) -> tuple[str, int] | None:
    if isinstance(rule, NetDays):
        return (DAYS, rule.days)
    if isinstance(rule, DaysAfterEndOfMonth) and rule.months == 0:
        return (END_OF_MONTH, rule.days)
    if isinstance(rule, DaysAfterEndOfMonth) and rule.days == 0:
        return (MONTHS, rule.months)
    return None


def write_erpnext(terms: PaymentTerms, *, name: str | None = None) -> dict[str, Any]:
    """Write terms as an ERPNext Payment Terms Template (``terms`` rows inline).

    Every row carries every field: ``invoice_portion`` (the exact percent),
    ``due_date_based_on`` with ``credit_days`` and ``credit_months`` (the unused
    one 0), ``discount_type`` (``Percentage``, or ``Amount`` for a
    [`FixedDiscount`][spendrules.payment_terms.FixedDiscount]), ``discount`` (0 without a discount),
    ``discount_validity_based_on`` and ``discount_validity``.

    Args:
        terms: The payment terms.
        name: The ``template_name``, if wanted.

    Returns:
        A dict (numbers as ``Decimal``/``int``).

    Raises:
        TypeError: ``terms`` is not a [`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
        NotRepresentableError: a baseline other than the invoice date, a
            discount base other than gross (ERPNext discounts the amount
            including tax), a fixed amount or a ratio with no exact percent (ERPNext has portions in
            percent only), a due rule with no ERPNext option (net months, a day
            of the month, ...), more than one discount tier on a row, two
            installments that would be duplicate rows (the same due-date
            option and count; ERPNext refuses such a template).

    Examples:
        >>> from spendrules.payment_terms import parse_terms
        >>> row = write_erpnext(parse_terms("2/10 net 30"))["terms"][0]
        >>> row["due_date_based_on"], row["credit_days"], row["discount"], row["discount_validity"]
        ('Day(s) after invoice date', 30, Decimal('2'), 10)

    References:
        ERPNext ``payment_term.json``, ``payment_terms_template_detail.json``.
    """
    terms = check_writable(terms, ERPNEXT, fixed_discounts=True)
    if terms.basis is not Basis.INVOICE:
        raise NotRepresentableError(
            ERPNEXT, "basis", terms.basis.value, "erpnext counts due dates from the invoice date"
        )
    if terms.has_discount and terms.discount_base is not DiscountBase.GROSS:
        raise NotRepresentableError(
            ERPNEXT,
            "discount_base",
            terms.discount_base.value,
            "erpnext takes the discount on the amount including tax",
        )
    fractions = share_fractions(terms.installments)
    if fractions is None:
        raise NotRepresentableError(
            ERPNEXT,
            "installments",
            "fixed amount",
            "erpnext rows hold a percent of the invoice, not a fixed amount",
        )
    rows = []
    seen: dict[tuple[int, int, str], int] = {}
    for index, (item, fraction) in enumerate(zip(terms.installments, fractions, strict=True)):
        portion = fraction_to_decimal(fraction * 100)
        if portion is None:
            raise NotRepresentableError(
                ERPNEXT,
                f"installments[{index}].share",
                str(fraction),
                "erpnext stores a percent, which cannot hold this share exactly",
            )
        encoded = encode_first(item.due, _encode)
        if encoded is None:
            raise NotRepresentableError(
                ERPNEXT,
                f"installments[{index}].due",
                item.due.describe(),
                "erpnext has days after the invoice date, days after its month's end, "
                "or months after its month's end",
            )
        based_on, count = encoded
        row: dict[str, Any] = {
            "invoice_portion": portion,
            "due_date_based_on": based_on,
            "credit_days": 0 if based_on == MONTHS else count,
            "credit_months": count if based_on == MONTHS else 0,
            "discount_type": "Percentage",
            "discount": Decimal(0),
            "discount_validity_based_on": DAYS,
            "discount_validity": 0,
        }
        if len(item.discounts) > 1:
            raise NotRepresentableError(
                ERPNEXT,
                f"installments[{index}].discounts",
                len(item.discounts),
                "erpnext has one discount per row",
            )
        if item.discounts:
            tier = item.discounts[0]
            deadline = encode_first(tier.deadline, _encode)
            if deadline is None:
                raise NotRepresentableError(
                    ERPNEXT,
                    f"installments[{index}].discounts[0].deadline",
                    tier.deadline.describe(),
                    "erpnext has the same three validity options as for due dates",
                )
            row["discount"] = percent_of(tier.rate)
            row["discount_validity_based_on"], row["discount_validity"] = deadline
        if item.fixed_discount is not None:
            fixed = item.fixed_discount
            deadline = encode_first(fixed.deadline, _encode)
            if deadline is None:
                raise NotRepresentableError(
                    ERPNEXT,
                    f"installments[{index}].fixed_discount.deadline",
                    fixed.deadline.describe(),
                    "erpnext has the same three validity options as for due dates",
                )
            row["discount_type"] = "Amount"
            row["discount"] = fixed.amount
            row["discount_validity_based_on"], row["discount_validity"] = deadline
        key = (row["credit_days"], row["credit_months"], based_on)
        if key in seen:
            raise NotRepresentableError(
                ERPNEXT,
                f"installments[{index}].due",
                item.due.describe(),
                f"the same due date option as installments[{seen[key]}]: erpnext refuses "
                "duplicate rows (validate_terms)",
            )
        seen[key] = index
        rows.append(row)
    template: dict[str, Any] = {} if name is None else {"template_name": name}
    template["terms"] = rows
    return template
