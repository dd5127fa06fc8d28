"""Batch records of the payment-terms commands: fields, defaults, results and CSV rows (private).

A record of ``spendrules terms``, ``terms-cost`` or ``terms-impact`` is a flat
object whose keys are the command's flags (``invoice_date`` for
``--invoice-date``; ``annual_spend``, ``current`` and ``proposed`` for
``terms-impact``'s ``--spend``, ``--from`` and ``--to``). A key the record leaves
out (or gives as JSON ``null`` or an empty CSV cell) takes the flag's value, else
the ``--policy`` file's, else the built-in default. Values read exactly: decimals
from their text, dates ``YYYY-MM-DD``, whole numbers as integers (or
their digits, in JSON or CSV). A key the command does not know is refused, naming it.

``terms`` is trade notation (``"2/10 net 30"``, read in the record's dialect and
parsed once per batch for each distinct text and dialect) or the JSON form of
[`PaymentTerms`][spendrules.payment_terms.PaymentTerms].
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any, Final

import attrs

from spendrules._decimal import ZERO, exact
from spendrules._terms.conventions import Compounding, _pct
from spendrules._terms.discount_decision import (
    DiscountConvention,
    DiscountDecision,
    forgone_discount_rate,
)
from spendrules.calendars import Roll
from spendrules.errors import InvalidInputError
from spendrules.payment_terms import (
    Dialect,
    PaymentSchedule,
    PaymentTerms,
    SpendConvention,
    TermChangeImpact,
    format_terms,
    parse_terms,
)
from spendrules.policy import PaymentTermsPolicy, load
from spendrules.serialization import parse_iso_date, structure, structure_cells

__all__ = [
    "COST_COLUMNS",
    "COST_FIELDS",
    "IMPACT_COLUMNS",
    "IMPACT_FIELDS",
    "NO_HOLD",
    "SCHEDULE_COLUMNS",
    "SCHEDULE_FIELDS",
    "Payable",
    "TermsCache",
    "TermsCost",
    "TierCost",
    "cost_row",
    "description",
    "impact_row",
    "payment_terms_policy",
    "read_fields",
    "required",
    "schedule_row",
    "terms_cost",
    "whole",
]

Reader = Callable[[object, str], Any]

_WHOLE: Final = re.compile(r"[+-]?[0-9]+")


#: The last paragraph of every payment-terms command's description.
NO_HOLD: Final = (
    "No result of this command holds spend back (a discount skipped or a term change "
    "declined is advice), so exit status 1 does not occur."
)


def description(*paragraphs: str) -> str:
    """A command's description: paragraphs filled to the terminal's usual width, then NO_HOLD."""
    return "\n\n".join(textwrap.fill(text, 79) for text in (*paragraphs, NO_HOLD))


# -- values -----------------------------------------------------------------------------------


def _text(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInputError(name, value, "non-empty text")
    return value


def _decimal(value: object, name: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise InvalidInputError(name, value, "a decimal number")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else value)
    except InvalidOperation:
        raise InvalidInputError(name, value, "a decimal number") from None
    if not number.is_finite():
        raise InvalidInputError(name, value, "a finite decimal number")
    return number


def _day(value: object, name: str) -> date:
    if not isinstance(value, str):
        raise InvalidInputError(name, value, "an ISO 8601 date (YYYY-MM-DD)")
    try:
        return parse_iso_date(value)
    except ValueError:
        raise InvalidInputError(name, value, "an ISO 8601 date (YYYY-MM-DD)") from None


def whole(value: object, name: str) -> int:
    if isinstance(value, str) and _WHOLE.fullmatch(value.strip()):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInputError(name, value, "a whole number")
    return value


def _choice(kind: type[Enum]) -> Reader:
    names = [str(member.value) for member in kind]

    def read(value: object, name: str) -> str:
        if value not in names:
            raise InvalidInputError(name, value, "one of " + ", ".join(names))
        return str(value)

    return read


def _raw(value: object, _name: str) -> object:
    return value  # read later (terms: in the record's dialect)


#: ``spendrules terms``: the record's keys and how each is read.
SCHEDULE_FIELDS: Final[Mapping[str, Reader]] = {
    "terms": _raw,
    "invoice_date": _day,
    "amount": _decimal,
    "currency": _text,
    "tax_amount": _decimal,
    "baseline_date": _day,
    "dialect": _choice(Dialect),
    "roll": _choice(Roll),
    "grace_days": whole,
    "on_date": _day,
}

#: ``spendrules terms-cost``: the record's keys.
COST_FIELDS: Final[Mapping[str, Reader]] = {
    "terms": _raw,
    "cost_of_capital": _decimal,
    "convention": _choice(DiscountConvention),
    "day_basis": whole,
    "pay_day": whole,
    "dialect": _choice(Dialect),
}

#: ``spendrules terms-impact``: the record's keys.
IMPACT_FIELDS: Final[Mapping[str, Reader]] = {
    "annual_spend": _decimal,
    "currency": _text,
    "current": _raw,
    "proposed": _raw,
    "cost_of_capital": _decimal,
    "supplier_cost_of_capital": _decimal,
    "price_increase": _decimal,
    "discount_share": _decimal,
    "day_basis": whole,
    "compounding": _choice(Compounding),
    "convention": _choice(SpendConvention),
    "dialect": _choice(Dialect),
}


def read_fields(
    record: Mapping[str, Any],
    fields: Mapping[str, Reader],
    defaults: Mapping[str, Any],
) -> dict[str, Any]:
    """Every field of ``fields``: the record's value read exactly, else its default.

    Raises:
        InvalidInputError: a key ``fields`` does not have, or a value that does
            not read (naming the key, what it must be and the value).
    """
    for key in record:
        if key not in fields:
            raise InvalidInputError(key, record[key], "a field of the record: " + ", ".join(fields))
    values: dict[str, Any] = {}
    for name, reader in fields.items():
        value = record.get(name)
        values[name] = defaults.get(name) if value is None else reader(value, name)
    return values


def required(values: Mapping[str, Any], *names: str) -> None:
    """Refuse a record that leaves out one of ``names`` when no flag or policy gives it."""
    for name in names:
        if values[name] is None:
            raise InvalidInputError(name, None, "given (in the record, or by its flag)")


class TermsCache:
    """Terms read once per distinct (text, dialect) in a batch; JSON objects read each time."""

    #: Distinct texts kept at most (the cache starts again when full).
    LIMIT: Final = 4096

    def __init__(self) -> None:
        self._parsed: dict[tuple[str, str], PaymentTerms] = {}

    def terms(self, value: object, name: str, dialect: str, *, cells: bool) -> PaymentTerms:
        """The terms of ``value``: notation text, a PaymentTerms, or its JSON object."""
        if isinstance(value, PaymentTerms):
            return value
        if isinstance(value, dict):
            read = structure_cells if cells else structure
            return read(value, PaymentTerms)
        text = _text(value, name)
        key = (text, dialect)
        found = self._parsed.get(key)
        if found is None:
            if len(self._parsed) >= self.LIMIT:
                self._parsed.clear()
            found = self._parsed[key] = parse_terms(text, dialect=dialect)
        return found


# -- the policy -------------------------------------------------------------------------------


def payment_terms_policy(path: str | None) -> PaymentTermsPolicy | None:
    """The ``[payment_terms]`` section of the policy file at ``path`` (None: no file).

    Raises:
        InvalidInputError: the file has no ``[payment_terms]`` section.
        PolicyFileError: the file is not a policy (naming line and key path).
    """
    if path is None:
        return None
    section = load(path).payment_terms
    if section is None:
        raise InvalidInputError("--policy", path, "a policy file with a [payment_terms] section")
    return section


# -- terms: the schedule ----------------------------------------------------------------------


@attrs.frozen
class Payable:
    """A schedule and what settles it on one date (``terms --on``)."""

    schedule: PaymentSchedule
    on_date: date
    amount_payable: Decimal

    def explain(self) -> str:
        """The schedule's explanation, then the amount payable."""
        return (
            f"{self.schedule.explain()}\n"
            f"Amount payable on {self.on_date}: {self.amount_payable} {self.schedule.currency}"
        )


#: ``terms`` CSV output: the key figures of each invoice's schedule.
SCHEDULE_COLUMNS: Final = (
    "terms",
    "invoice_date",
    "baseline_date",
    "currency",
    "total",
    "installments",
    "first_due_date",
    "last_due_date",
    "discount_offers",
    "first_discount_deadline",
    "best_discount",
    "payable_with_discounts",
    "on_date",
    "amount_payable",
)


def schedule_row(result: PaymentSchedule | Payable) -> tuple[Any, ...]:
    """The ``SCHEDULE_COLUMNS`` of one schedule (``best_discount``: each line's first tier)."""
    plan = result.schedule if isinstance(result, Payable) else result
    offers = [offer for line in plan.lines for offer in line.discounts]
    with exact():  # the caller's decimal context never rounds a money sum
        best = sum((line.discounts[0].discount for line in plan.lines if line.discounts), ZERO)
        best = best.quantize(plan.total)
        payable = plan.total - best
    dues = [line.due_date for line in plan.lines]
    return (
        format_terms(plan.terms),
        plan.invoice_date,
        plan.baseline_date,
        plan.currency,
        plan.total,
        len(plan.lines),
        min(dues),
        max(dues),
        len(offers),
        min((offer.deadline for offer in offers), default=None),
        best,
        payable,
        result.on_date if isinstance(result, Payable) else None,
        result.amount_payable if isinstance(result, Payable) else None,
    )


# -- terms-cost -------------------------------------------------------------------------------


@attrs.frozen
class TierCost:
    """The annualised cost of skipping one discount tier (None: open until the pay day)."""

    installment: int
    tier: int
    discount: Decimal
    deadline: str
    simple: Decimal | None
    effective: Decimal | None


@attrs.frozen
class TermsCost:
    """``terms-cost`` of one term: every tier's cost, and the decisions when a rate is given."""

    terms: str
    day_basis: int
    tiers: tuple[TierCost, ...]
    decisions: tuple[DiscountDecision, ...]

    def explain(self) -> str:
        """The lines ``spendrules terms-cost`` prints."""
        lines = []
        if not self.tiers:
            lines.append(f"{self.terms}: no early-payment discount, nothing to forgo.")
        for row in self.tiers:
            head = (
                f"{self.terms}: installment {row.installment + 1}, {_pct(row.discount)} discount "
                f"until {row.deadline}"
            )
            if row.simple is None or row.effective is None:
                lines.append(f"{head}: open until the pay day itself, so taking it costs nothing.")
                continue
            lines.append(
                f"{head}: skipping it costs {_pct(row.simple)} a year simple, "
                f"{_pct(row.effective)} effective ({self.day_basis}-day basis)."
            )
        for decision in self.decisions:
            lines += ["", decision.explain()]
        return "\n".join(lines)


def _tiers(terms: PaymentTerms, *, day_basis: int, pay_day: int | None) -> tuple[TierCost, ...]:
    rows = []
    for index, item in enumerate(terms.installments):
        for position, tier in enumerate(item.discounts):
            rates: dict[Compounding, Decimal | None] = {}
            for mode in (Compounding.SIMPLE, Compounding.EFFECTIVE):
                try:
                    rates[mode] = forgone_discount_rate(
                        terms,
                        installment=index,
                        tier=position,
                        pay_day=pay_day,
                        day_basis=day_basis,
                        compounding=mode,
                    )
                except InvalidInputError as exc:
                    if exc.field != "tier":
                        raise
                    rates[mode] = None  # open until the pay day: free to take
            rows.append(
                TierCost(
                    installment=index,
                    tier=position,
                    discount=tier.rate,
                    deadline=tier.deadline.describe(),
                    simple=rates[Compounding.SIMPLE],
                    effective=rates[Compounding.EFFECTIVE],
                )
            )
    return tuple(rows)


def terms_cost(
    terms: PaymentTerms,
    *,
    cost_of_capital: Decimal | None,
    convention: str,
    day_basis: int | None,
    pay_day: int | None,
) -> TermsCost:
    """Every tier's forgone rate, and each discounted installment's decision (with a rate)."""
    from spendrules.payment_terms import should_take_discount  # noqa: PLC0415 - one name

    basis = 365 if day_basis is None else day_basis
    tiers = _tiers(terms, day_basis=basis, pay_day=pay_day)
    decisions: tuple[DiscountDecision, ...] = ()
    if cost_of_capital is not None:
        decisions = tuple(
            should_take_discount(
                terms,
                cost_of_capital=cost_of_capital,
                installment=index,
                pay_day=pay_day,
                convention=convention,
                day_basis=day_basis,
            )
            for index, item in enumerate(terms.installments)
            if item.discounts
        )
    return TermsCost(format_terms(terms), basis, tiers, decisions)


#: ``terms-cost`` CSV output: the first tier and the first decision (JSON lines carry all).
COST_COLUMNS: Final = (
    "terms",
    "day_basis",
    "tiers",
    "discount",
    "deadline",
    "simple",
    "effective",
    "decisions",
    "take",
    "cost_of_capital",
    "forgone_rate",
    "break_even_cost_of_capital",
    "margin",
    "pay_day",
)


def cost_row(result: TermsCost) -> tuple[Any, ...]:
    """The ``COST_COLUMNS`` of one term."""
    tier = result.tiers[0] if result.tiers else None
    decision = result.decisions[0] if result.decisions else None
    return (
        result.terms,
        result.day_basis,
        len(result.tiers),
        None if tier is None else tier.discount,
        None if tier is None else tier.deadline,
        None if tier is None else tier.simple,
        None if tier is None else tier.effective,
        len(result.decisions),
        None if decision is None else decision.take,
        None if decision is None else decision.cost_of_capital,
        None if decision is None else decision.forgone_rate,
        None if decision is None else decision.break_even_cost_of_capital,
        None if decision is None else decision.margin,
        None if decision is None else decision.pay_day,
    )


# -- terms-impact -----------------------------------------------------------------------------

#: ``terms-impact`` CSV output: the TermChangeImpact fields that settle the change.
IMPACT_COLUMNS: Final = (
    "currency",
    "annual_spend",
    "current",
    "proposed",
    "current_days",
    "proposed_days",
    "days_change",
    "cash_released",
    "cost_of_capital",
    "annual_value",
    "discounts_lost",
    "supplier_extra_cost",
    "price_increase",
    "price_increase_amount",
    "price_source",
    "net_annual_value",
    "break_even_price_increase",
    "verdict",
)


def impact_row(result: TermChangeImpact) -> tuple[Any, ...]:
    """The ``IMPACT_COLUMNS`` of one term change."""
    return tuple(getattr(result, name) for name in IMPACT_COLUMNS)
