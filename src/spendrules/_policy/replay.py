"""Replay real data under two versions of the agreed policy (private; see ``spendrules.policy.replay``)."""

from __future__ import annotations

import decimal
from collections.abc import Callable, Iterable
from datetime import date
from decimal import Decimal
from types import ModuleType
from typing import Any, TypeVar

import attrs

from spendrules._checks import check_date
from spendrules._decimal import CONTEXT, exact
from spendrules._policy import replay_scalar
from spendrules._policy.model import AgreedPolicy, InventoryPolicy
from spendrules._policy.replay_model import (
    BudgetContext,
    BudgetReplay,
    CurrencyTotal,
    InvoiceChange,
    OutcomeCount,
    PolicyReplay,
    ReplayInvoice,
    RequestChange,
    RequestOutcome,
    SavingsChange,
    SavingsReplay,
    StockChange,
    StockReplay,
    TermsReplay,
)
from spendrules._policy.replay_scalar import Due, Recognised, Reserved
from spendrules.budget import ControlPolicy, SpendRequest
from spendrules.errors import InvalidInputError, MissingExtraError
from spendrules.inventory import ReserveBasis, StockItem
from spendrules.money import ROUNDING_MODES, quantize
from spendrules.payment_terms import (
    DiscountConvention,
    PaymentTerms,
    format_terms,
    parse_terms,
    should_take_discount,
)
from spendrules.results import Reason, Severity
from spendrules.savings import SavingsEvent, SavingsPolicy

__all__ = ["ENGINES", "replay"]

T = TypeVar("T")

#: The engines a replay runs on: ``auto`` (frames when installed), ``frames``, ``scalar``.
ENGINES = ("auto", "frames", "scalar")
_DAY_BASES = (360, 365)


def _engine(name: str) -> ModuleType:
    if name not in ENGINES:
        raise InvalidInputError("engine", name, f"one of {list(ENGINES)}")
    if name == "scalar":
        return replay_scalar
    try:
        from spendrules._policy import replay_frames  # noqa: PLC0415 - optional extra
    except ImportError:
        if name == "frames":
            raise MissingExtraError("frames", "replay(engine='frames')") from None
        return replay_scalar
    return replay_frames


def _items(values: Iterable[Any], kind: type[T], name: str) -> tuple[T, ...]:
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be an iterable of {kind.__name__}")
    out = tuple(values)
    for index, value in enumerate(out):
        if not isinstance(value, kind):
            raise TypeError(
                f"{name}[{index}] must be a {kind.__name__}, not {type(value).__name__}"
            )
    return out


def _totals(pairs: Iterable[tuple[str, Decimal]]) -> tuple[CurrencyTotal, ...]:
    sums: dict[str, Decimal] = {}
    for currency, amount in pairs:
        sums[currency] = sums.get(currency, Decimal(0)) + amount
    return tuple(CurrencyTotal(code, sums[code]) for code in sorted(sums))


# -- payment terms ----------------------------------------------------------------------------


def _terms_section(policy: AgreedPolicy, side: str) -> tuple[PaymentTerms, Decimal, Any]:
    section = policy.payment_terms
    if section is None:
        raise InvalidInputError(
            f"{side}.payment_terms", None, "a [payment_terms] section to replay invoices"
        )
    return section.standard_terms, section.cost_of_capital, section.discount_convention


class _Discounts:
    """Discount decisions, once per (terms, invoice date, cost of capital, convention)."""

    def __init__(self) -> None:
        self.parsed: dict[str, PaymentTerms] = {}
        self.decided: dict[tuple[str, date, Decimal, DiscountConvention], str] = {}

    def terms(self, text: str) -> PaymentTerms:
        found = self.parsed.get(text)
        if found is None:
            found = self.parsed[text] = parse_terms(text)
        return found

    def decide(self, text: str, day: date, cost: Decimal, convention: DiscountConvention) -> str:
        key = (text, day, cost, convention)
        found = self.decided.get(key)
        if found is None:
            terms = self.terms(text)
            offered = [i for i, item in enumerate(terms.installments) if item.discounts]
            words = [
                "take"
                if should_take_discount(
                    terms,
                    cost_of_capital=cost,
                    convention=convention,
                    installment=index,
                    invoice_date=day,
                ).take
                else "skip"
                for index in offered
            ]
            found = self.decided[key] = ",".join(words) or "none"
        return found


def _replay_terms(
    old: AgreedPolicy,
    new: AgreedPolicy,
    invoices: tuple[ReplayInvoice, ...],
    engine: ModuleType,
    *,
    day_basis: int,
    rounding: str,
) -> TermsReplay:
    if not invoices:
        return TermsReplay()
    old_terms, old_cost, old_rule = _terms_section(old, "old")
    new_terms, new_cost, new_rule = _terms_section(new, "new")
    old_text, new_text = format_terms(old_terms), format_terms(new_terms)
    standard = [row for row, invoice in enumerate(invoices) if invoice.terms is None]
    dues: dict[int, tuple[Due, Due]] = {}
    if old_terms != new_terms and standard:
        before = engine.schedule_invoices(invoices, standard, [old_terms] * len(standard))
        after = engine.schedule_invoices(invoices, standard, [new_terms] * len(standard))
        dues = {row: (a, b) for row, a, b in zip(standard, before, after, strict=True) if a != b}
    discounts = _Discounts()
    decisions: dict[int, tuple[str, str]] = {}
    if old_terms != new_terms or (old_cost, old_rule) != (new_cost, new_rule):
        with replay_scalar.rows_named("invoices") as current:
            for row, invoice in enumerate(invoices):
                current[0] = row
                old_row = invoice.terms or old_text
                new_row = invoice.terms or new_text
                if old_row == new_row and (old_cost, old_rule) == (new_cost, new_rule):
                    continue
                day = invoice.invoice_date
                pair = (
                    discounts.decide(old_row, day, old_cost, old_rule),
                    discounts.decide(new_row, day, new_cost, new_rule),
                )
                if pair[0] != pair[1]:
                    decisions[row] = pair
    own = sorted(row for row in decisions if row not in dues)
    if own:  # their schedule is the same under both versions: one run for both
        same = engine.schedule_invoices(
            invoices, own, [discounts.terms(invoices[row].terms or old_text) for row in own]
        )
        dues |= {row: (due, due) for row, due in zip(own, same, strict=True)}
    changes = []
    for row in sorted(dues):
        invoice = invoices[row]
        (old_due, old_weight), (new_due, new_weight) = dues[row]
        released = quantize(
            CONTEXT.divide(new_weight - old_weight, Decimal(day_basis)),
            invoice.currency,
            rounding=rounding,
        )
        old_word, new_word = decisions.get(row, ("", ""))
        if row not in decisions:
            text = invoice.terms or old_text
            old_word = new_word = discounts.decide(text, invoice.invoice_date, old_cost, old_rule)
        changes.append(
            InvoiceChange(
                row,
                invoice.reference,
                invoice.currency,
                invoice.amount,
                invoice.terms or old_text,
                invoice.terms or new_text,
                old_due,
                new_due,
                (old_due - invoice.invoice_date).days,
                (new_due - invoice.invoice_date).days,
                released,
                old_word,
                new_word,
            )
        )
    return TermsReplay(
        len(invoices),
        tuple(changes),
        _totals((change.currency, change.cash_released) for change in changes),
        sum(1 for change in changes if change.old_discount != change.new_discount),
    )


# -- savings ----------------------------------------------------------------------------------


def _replay_savings(
    old: AgreedPolicy,
    new: AgreedPolicy,
    events: tuple[SavingsEvent, ...],
    engine: ModuleType,
    as_of: date,
) -> SavingsReplay:
    if not events:
        return SavingsReplay()
    old_policy = old.savings if old.savings is not None else SavingsPolicy()
    new_policy = new.savings if new.savings is not None else SavingsPolicy()
    rows = range(len(events))
    before: list[Recognised] = engine.classify_events(events, rows, old_policy, as_of)
    after = before
    if new_policy != old_policy:
        after = engine.classify_events(events, rows, new_policy, as_of)
    changes = tuple(
        SavingsChange(
            row,
            events[row].item,
            events[row].currency,
            a[0],
            b[0],
            b[0] - a[0],
            a[1],
            b[1],
            a[2],
            b[2],
        )
        for row, (a, b) in enumerate(zip(before, after, strict=True))
        if a != b
    )
    return SavingsReplay(
        len(events),
        changes,
        _totals((event.currency, a[0]) for event, a in zip(events, before, strict=True)),
        _totals((event.currency, b[0]) for event, b in zip(events, after, strict=True)),
        _totals((change.currency, change.change) for change in changes),
    )


# -- inventory --------------------------------------------------------------------------------


def _inventory_section(policy: AgreedPolicy, side: str) -> InventoryPolicy:
    section = policy.inventory if policy.inventory is not None else InventoryPolicy()
    table = section.reserve
    if table is not None and table.basis is not ReserveBasis.MONTHS_OF_SUPPLY:
        raise InvalidInputError(
            f"{side}.inventory.reserve.basis",
            table.basis.value,
            "'months_of_supply' to replay SKUs (an age table needs each SKU's age profile)",
        )
    return section


def _replay_stock(
    old: AgreedPolicy,
    new: AgreedPolicy,
    items: tuple[StockItem, ...],
    engine: ModuleType,
    as_of: date,
) -> StockReplay:
    if not items:
        return StockReplay()
    old_section = _inventory_section(old, "old")
    new_section = _inventory_section(new, "new")
    rows = range(len(items))
    same = old_section.reserve == new_section.reserve and all(
        replay_scalar.filled(item, old_section) == replay_scalar.filled(item, new_section)
        for item in items
    )
    if same:
        return StockReplay(len(items))
    before: list[Reserved] = engine.review_items(items, rows, old_section, as_of)
    after: list[Reserved] = engine.review_items(items, rows, new_section, as_of)
    changes = tuple(
        StockChange(
            row,
            items[row].sku,
            items[row].currency,
            a[0],
            b[0],
            a[1],
            b[1],
            a[2],
            b[2],
            a[3],
            b[3],
            a[4],
            b[4],
            b[2] - a[2],
            b[3] - a[3],
            b[4] - a[4],
        )
        for row, (a, b) in enumerate(zip(before, after, strict=True))
        if a != b
    )
    return StockReplay(
        len(items),
        changes,
        sum((c.new_safety_quantity - c.old_safety_quantity for c in changes), Decimal(0)),
        _totals((c.currency, c.safety_value_change) for c in changes),
        _totals((c.currency, c.reserve_change) for c in changes),
        _totals((c.currency, c.carrying_cost_change) for c in changes),
    )


# -- budget -----------------------------------------------------------------------------------


def _replay_budget(  # noqa: PLR0917 - the two versions, the data and how to run it
    old: AgreedPolicy,
    new: AgreedPolicy,
    requests: tuple[SpendRequest, ...],
    context: BudgetContext | None,
    engine: ModuleType,
    as_of: date,
) -> BudgetReplay:
    if not requests:
        return BudgetReplay()
    if context is None:
        raise InvalidInputError("context", None, "a BudgetContext to replay requests")
    if not isinstance(context, BudgetContext):
        raise TypeError(f"context must be a BudgetContext, not {type(context).__name__}")
    old_policy = old.budget if old.budget is not None else ControlPolicy()
    new_policy = new.budget if new.budget is not None else ControlPolicy()
    rows = range(len(requests))
    before: list[RequestOutcome] = engine.check_requests(
        requests, rows, replay_scalar.book_of(context, old_policy), context, as_of
    )
    after = before
    if new_policy != old_policy:
        after = engine.check_requests(
            requests, rows, replay_scalar.book_of(context, new_policy), context, as_of
        )
    changes = tuple(
        RequestChange(row, requests[row].reference, a, b)
        for row, (a, b) in enumerate(zip(before, after, strict=True))
        if a is not b
    )
    counts = tuple(
        OutcomeCount(outcome, before.count(outcome), after.count(outcome))
        for outcome in RequestOutcome
    )
    return BudgetReplay(len(requests), changes, counts)


# -- the whole replay -------------------------------------------------------------------------


def replay(
    old: AgreedPolicy,
    new: AgreedPolicy,
    *,
    invoices: Iterable[ReplayInvoice] = (),
    events: Iterable[SavingsEvent] = (),
    items: Iterable[StockItem] = (),
    requests: Iterable[SpendRequest] = (),
    context: BudgetContext | None = None,
    as_of: date,
    day_basis: int = 365,
    rounding: str = decimal.ROUND_HALF_UP,
    engine: str = "auto",
) -> PolicyReplay:
    """Replay the data under ``old`` and ``new`` (see ``spendrules.policy.replay``)."""
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, AgreedPolicy):
            raise TypeError(f"{name} must be an AgreedPolicy, not {type(value).__name__}")
    day = check_date(as_of, "as_of")
    if day_basis not in _DAY_BASES or isinstance(day_basis, bool):
        raise InvalidInputError("day_basis", day_basis, f"one of {list(_DAY_BASES)}")
    if rounding not in ROUNDING_MODES:
        raise InvalidInputError("rounding", rounding, f"one of {sorted(ROUNDING_MODES)}")
    runner = _engine(engine)
    bills = _items(invoices, ReplayInvoice, "invoices")
    saved = _items(events, SavingsEvent, "events")
    stock = _items(items, StockItem, "items")
    asked = _items(requests, SpendRequest, "requests")
    with exact():
        terms = _replay_terms(old, new, bills, runner, day_basis=day_basis, rounding=rounding)
        savings = _replay_savings(old, new, saved, runner, day)
        reviewed = _replay_stock(old, new, stock, runner, day)
        budget = _replay_budget(old, new, asked, context, runner, day)
    result = PolicyReplay(
        old.header.version,
        new.header.version,
        old.fingerprint,
        new.fingerprint,
        day,
        terms,
        savings,
        reviewed,
        budget,
        day_basis,
    )
    return attrs.evolve(result, reasons=_reasons(result, old, new))


def _money(totals: tuple[CurrencyTotal, ...], *, sign: bool = False) -> str:
    return ", ".join(
        f"{t.amount:+} {t.currency}" if sign else f"{t.amount} {t.currency}" for t in totals
    )


def _family(
    reasons: list[Reason],
    rows: int,
    changed: int,
    what: str,
    build: Callable[[], Reason],
) -> None:
    if not rows:
        return
    if changed:
        reasons.append(build())
    else:
        reasons.append(
            Reason.of(
                "POLICY.REPLAY.NO_CHANGE",
                f"None of the {rows} {what} changes outcome.",
                family=what,
                rows=rows,
            )
        )


def _reasons(result: PolicyReplay, old: AgreedPolicy, new: AgreedPolicy) -> tuple[Reason, ...]:
    label = f"version {result.old_version} to {result.new_version}"
    reasons = [
        Reason.of(
            "POLICY.REPLAY.SUMMARY",
            f"{result.changed} of {result.rows} row(s) change outcome from {label}.",
            changed=result.changed,
            rows=result.rows,
        )
    ]
    terms, savings, stock, budget = result.terms, result.savings, result.stock, result.budget
    _family(
        reasons,
        terms.rows,
        len(terms.changes),
        "invoices",
        lambda: Reason.of(
            "POLICY.REPLAY.CASH_RELEASED",
            f"{len(terms.changes)} of {terms.rows} invoices change: cash released "
            f"{_money(terms.cash_released)} (Σ amount × change in due days / "
            f"{result.day_basis}, rounded per invoice).",
            severity=Severity.WARNING,
            changed=len(terms.changes),
            cash_released=_money(terms.cash_released),
        ),
    )
    if terms.discount_flips:
        reasons.append(
            Reason.of(
                "POLICY.REPLAY.DISCOUNT_FLIPPED",
                f"{terms.discount_flips} invoice(s) flip their discount decision.",
                severity=Severity.WARNING,
                flips=terms.discount_flips,
            )
        )
    _family(
        reasons,
        savings.rows,
        len(savings.changes),
        "savings events",
        lambda: Reason.of(
            "POLICY.REPLAY.SAVINGS_RECOGNISED",
            f"{len(savings.changes)} of {savings.rows} savings events change "
            f"({sum(c.old_status != c.new_status for c in savings.changes)} of them their "
            f"status): finance recognises {_money(savings.new_recognised)} instead of "
            f"{_money(savings.old_recognised)} ({_money(savings.recognised_change, sign=True)}).",
            severity=Severity.WARNING,
            changed=len(savings.changes),
            recognised_change=_money(savings.recognised_change, sign=True),
        ),
    )
    _family(
        reasons,
        stock.rows,
        len(stock.changes),
        "SKUs",
        lambda: Reason.of(
            "POLICY.REPLAY.STOCK_RESERVED",
            f"{len(stock.changes)} of {stock.rows} SKUs change: safety stock "
            f"{stock.safety_quantity_change:+} units, "
            f"{_money(stock.safety_value_change, sign=True)}; reserve "
            f"{_money(stock.reserve_change, sign=True)}; carrying cost "
            f"{_money(stock.carrying_cost_change, sign=True)} a year.",
            severity=Severity.WARNING,
            changed=len(stock.changes),
            safety_value_change=_money(stock.safety_value_change, sign=True),
            reserve_change=_money(stock.reserve_change, sign=True),
        ),
    )
    _family(
        reasons,
        budget.rows,
        len(budget.changes),
        "requests",
        lambda: Reason.of(
            "POLICY.REPLAY.REQUESTS_HELD",
            f"{len(budget.changes)} of {budget.rows} requests change outcome: blocked "
            f"{budget.count('blocked').old} -> {budget.count('blocked').new}, needing approval "
            f"{budget.count('needs_approval').old} -> {budget.count('needs_approval').new}, "
            f"warned {budget.count('warned').old} -> {budget.count('warned').new}.",
            severity=Severity.WARNING,
            changed=len(budget.changes),
        ),
    )
    for side, policy in (("old", old), ("new", new)):
        if not policy.agreed:
            reasons.append(
                Reason.of(
                    "POLICY.NOT_AGREED",
                    f"The {side} version {policy.header.version} is not agreed: finance and "
                    f"procurement have not both signed {policy.fingerprint}.",
                    severity=Severity.WARNING,
                    version=policy.header.version,
                )
            )
    return tuple(reasons)
