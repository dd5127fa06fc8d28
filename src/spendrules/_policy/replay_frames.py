"""A policy replay's rows under one version, through the frames functions (private).

The same functions, arguments and outcomes as ``replay_scalar``, computed in
bulk: the rows are laid out as one pandas frame per family and handed to
[`frames.schedule`][spendrules.frames.schedule],
[`frames.classify_savings`][spendrules.frames.classify_savings],
[`frames.review_stock`][spendrules.frames.review_stock] and
[`frames.check_budget`][spendrules.frames.check_budget], whose rows each equal the
scalar rule. A row the frames functions refuse (or cannot lay out: lots,
value-add items, one-off amounts, a request that relieves commitments) is
computed by the scalar path, which gives its outcome or the error naming the row.

Needs the frames extra and pandas (``import`` fails otherwise, and the replay
falls back to the scalar path).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd

from spendrules import frames
from spendrules._policy import replay_scalar as scalar
from spendrules._policy.model import InventoryPolicy
from spendrules._policy.replay_model import BudgetContext, ReplayInvoice
from spendrules._policy.replay_scalar import MILLIONTH, Due, Held, Recognised, Reserved
from spendrules.budget import BudgetBook, FundsDecision, SpendRequest
from spendrules.inventory import StockItem
from spendrules.money import minor_units, quantize
from spendrules.payment_terms import PaymentTerms, format_terms
from spendrules.savings import SavingsEvent, SavingsPolicy

__all__ = ["check_requests", "classify_events", "review_items", "schedule_invoices"]

_EPOCH = date(1970, 1, 1).toordinal()


def _failed(out: Any) -> set[int]:
    """The input rows a frames function refused (``errors="collect"`` adds ``error_code``)."""
    return set(out["row"][out["error_code"].notna()].tolist())


def schedule_invoices(
    invoices: Sequence[ReplayInvoice], rows: Sequence[int], terms: Sequence[PaymentTerms]
) -> list[Due]:
    """As ``replay_scalar.schedule_invoices``, through ``frames.schedule``."""
    texts = {id(t): format_terms(t) for t in terms}
    chosen = [invoices[row] for row in rows]
    table = pd.DataFrame(
        {
            "terms": pd.Series([texts[id(t)] for t in terms], dtype=object),
            "invoice_date": pd.Series([i.invoice_date for i in chosen], dtype=object),
            "amount": pd.Series([i.amount for i in chosen], dtype=object),
            "currency": pd.Series([i.currency for i in chosen], dtype=object),
        }
    )
    out = frames.schedule(table, money="minor_units", errors="collect")
    failed = _failed(out)
    good = out[~out["row"].isin(failed)]
    position = good["row"].to_numpy(dtype=np.int64)
    due = good["due_date"].to_numpy().astype("datetime64[D]").astype(np.int64)
    billed = np.array([i.invoice_date.toordinal() - _EPOCH for i in chosen], dtype=np.int64)
    days = (due - billed[position]).tolist()
    amounts = good["amount"].to_numpy(dtype=np.int64).tolist()
    last: dict[int, int] = {}
    weighted: dict[int, int] = {}
    for index, day, amount in zip(position.tolist(), days, amounts, strict=True):
        weighted[index] = weighted.get(index, 0) + amount * day
        last[index] = max(last.get(index, day), day)
    found: dict[int, Due] = {}
    for index, (row, invoice) in enumerate(zip(rows, chosen, strict=True)):
        if index not in failed:
            places = minor_units(invoice.currency)
            found[row] = (
                date.fromordinal(invoice.invoice_date.toordinal() + last[index]),
                Decimal(weighted[index]).scaleb(-places),
            )
    rest = [index for index, row in enumerate(rows) if row not in found]
    computed = scalar.schedule_invoices(  # the rows refused: the scalar rule names them
        invoices, [rows[index] for index in rest], [terms[index] for index in rest]
    )
    found |= dict(zip((rows[index] for index in rest), computed, strict=True))
    return [found[row] for row in rows]


def _object(values: list[Any]) -> pd.Series:
    return pd.Series(values, dtype=object)


def _frame(columns: dict[str, pd.Series]) -> pd.DataFrame:
    """A frame of ``columns`` without the all-null ones (absent: the rule's default applies)."""
    return pd.DataFrame({name: c for name, c in columns.items() if c.notna().any()})


def _event_columns(events: Sequence[SavingsEvent]) -> dict[str, pd.Series]:
    def pick(name: str, read: Any) -> pd.Series:
        return _object([read(e) for e in events])

    def part(group: str, field: str) -> Any:
        return lambda e: None if getattr(e, group) is None else getattr(getattr(e, group), field)

    return {
        "item": pick("item", lambda e: e.item),
        "currency": pick("currency", lambda e: e.currency),
        "baseline_price": pick("", lambda e: e.baseline_price),
        "baseline_method": pick("", lambda e: e.baseline_method.value),
        "baseline_date": pick("", lambda e: e.baseline_date),
        "new_price": pick("", lambda e: e.new_price),
        "effective_date": pick("", lambda e: e.effective_date),
        "forecast_quantity": pick("", lambda e: e.forecast_quantity),
        "baseline_quantity": pick("", lambda e: e.baseline_quantity),
        "baseline_evidence": pick("", lambda e: e.baseline_evidence),
        "same_spec": pick("", lambda e: e.same_spec),
        "last_price_paid": pick("", lambda e: e.last_price_paid),
        "supplier": pick("", lambda e: e.supplier),
        "proposal_price": pick("", part("proposal", "price")),
        "proposal_evidence": pick("", part("proposal", "evidence")),
        "index_base": pick("", part("market_index", "base")),
        "index_current": pick("", part("market_index", "current")),
        "index_share": pick("", part("market_index", "indexed_share")),
        "index_name": pick("", part("market_index", "name")),
        "index_evidence": pick("", part("market_index", "evidence")),
        "supplier_currency": pick("", part("fx", "supplier_currency")),
        "fx_baseline_rate": pick("", part("fx", "baseline_rate")),
        "fx_current_rate": pick("", part("fx", "current_rate")),
        "demand_change": pick("", lambda e: e.demand_change.value),
        "implementation_cost": pick("", lambda e: e.implementation_cost),
        "signoff_approver": pick("", part("finance_signoff", "approver")),
        "signoff_date": pick("", part("finance_signoff", "signed_on")),
        "reference_rate": pick("", lambda e: e.reference_rate),
    }


def classify_events(
    events: Sequence[SavingsEvent], rows: Sequence[int], policy: SavingsPolicy, as_of: date
) -> list[Recognised]:
    """As ``replay_scalar.classify_events``, through ``frames.classify_savings``."""
    rows = list(rows)
    bulk = [row for row in rows if not (events[row].value_add or events[row].one_offs)]
    found: dict[int, Recognised] = {}
    if bulk:
        table = _frame(_event_columns([events[row] for row in bulk]))
        out = frames.classify_savings(table, as_of=as_of, policy=policy, errors="collect")
        failed = _failed(out)
        recognised = out["finance_recognised"].tolist()
        status = out["status"].astype(object).tolist()
        primary = out["primary"].astype(object).tolist()
        for index, row in enumerate(bulk):
            if index not in failed:
                found[row] = (recognised[index], str(status[index]), str(primary[index]))
    rest = [row for row in rows if row not in found]
    found |= dict(zip(rest, scalar.classify_events(events, rest, policy, as_of), strict=True))
    return [found[row] for row in rows]


def _value(item: Any, name: str) -> Any:
    value = getattr(item, name)
    return getattr(value, "value", value)


def _item_columns(items: Sequence[StockItem]) -> dict[str, pd.Series]:
    plain = (
        "sku",
        "on_hand",
        "unit_cost",
        "currency",
        "safety_stock",
        "service_level",
        "fill_rate",
        "order_quantity",
        "order_multiple",
        "minimum_order",
        "review_period",
        "holding_rate",
        "committed",
        "on_order",
        "last_consumption",
        "end_of_life",
        "item_class",
    )
    columns = {name: [getattr(item, name) for item in items] for name in plain}
    series = {name: _object(values) for name, values in columns.items()}
    series |= {
        "demand_mean": _object([i.demand.mean for i in items]),
        "demand_sd": _object([i.demand.sd for i in items]),
        "demand_period": _object([_value(i.demand, "period") for i in items]),
        "demand_distribution": _object([_value(i.demand, "distribution") for i in items]),
        "demand_pattern": _object([_value(i.demand, "pattern") for i in items]),
        "lead_time": _object([i.lead_time.mean for i in items]),
        "lead_time_sd": _object([i.lead_time.sd for i in items]),
        "lead_time_period": _object([_value(i.lead_time, "period") for i in items]),
    }
    return series


def review_items(
    items: Sequence[StockItem], rows: Sequence[int], section: InventoryPolicy, as_of: date
) -> list[Reserved]:
    """As ``replay_scalar.review_items``, through ``frames.review_stock(policy=section)``."""
    rows = list(rows)
    table = section.reserve
    bulk = [row for row in rows if not items[row].lots]
    found: dict[int, Reserved] = {}
    if bulk:
        chosen = [items[row] for row in bulk]
        frame = _frame(_item_columns(chosen))
        out = frames.review_stock(
            frame, as_of=as_of, policy=section, reserve_table=table, errors="collect"
        )
        failed = _failed(out)
        target = out["safety_stock"].tolist()
        safety = out["safety"].tolist()
        value = out["safety_value"].tolist()
        reserve = out["reserve"].tolist() if table is not None else None
        carrying = out["carrying_cost"].tolist()
        for index, row in enumerate(bulk):
            if index in failed:
                continue
            held = Decimal(0) if reserve is None else reserve[index]
            found[row] = (
                target[index].quantize(MILLIONTH),
                safety[index].quantize(MILLIONTH),
                value[index],
                quantize(held, chosen[index].currency),
                carrying[index],
            )
    rest = [row for row in rows if row not in found]
    found |= dict(zip(rest, scalar.review_items(items, rest, section, as_of), strict=True))
    return [found[row] for row in rows]


def check_requests(
    requests: Sequence[SpendRequest],
    rows: Sequence[int],
    book: BudgetBook,
    context: BudgetContext,
    as_of: date,
) -> list[Held]:
    """As ``replay_scalar.check_requests``, through ``frames.check_budget``."""
    rows = list(rows)
    bulk = [row for row in rows if not requests[row].relieves]
    found: dict[int, Held] = {}
    if bulk:
        found |= _check_bulk(requests, bulk, book, context, as_of)
    rest = [row for row in rows if row not in found]
    found |= dict(
        zip(rest, scalar.check_requests(requests, rest, book, context, as_of), strict=True)
    )
    return [found[row] for row in rows]


def _check_bulk(
    requests: Sequence[SpendRequest],
    rows: list[int],
    book: BudgetBook,
    context: BudgetContext,
    as_of: date,
) -> dict[int, Held]:
    group: list[int] = []
    lines = []
    for index, row in enumerate(rows):
        for line in requests[row].lines:
            group.append(index)
            lines.append((requests[row], line))
    names = sorted({name for _r, line in lines for name, _v in line.dimensions})
    columns: dict[str, Any] = {
        "request": np.array(group, dtype=np.int64),
        "account": _object([line.account for _r, line in lines]),
        "amount": _object([line.amount for _r, line in lines]),
        "currency": _object([line.currency for _r, line in lines]),
        "date": _object([request.date for request, _l in lines]),
        "stage": _object([request.stage.value for request, _l in lines]),
        "reference": _object([request.reference for request, _l in lines]),
    }
    for name in names:
        columns[name] = _object([dict(line.dimensions).get(name) for _r, line in lines])
    table = pd.DataFrame(columns)
    options: dict[str, Any] = {
        "book": book,
        "as_of": as_of,
        "stage": "stage",
        "reference": "reference",
        "request": "request",
        "dimensions": names,
        "errors": "collect",
    }
    roles = context.roles
    first = frames.check_budget(table, roles=roles, **options)
    override = tuple(dict.fromkeys((*roles, *book.policy.override_roles)))
    released: list[Any] = [None] * len(lines)
    decisions = first["decision"].astype(object).tolist()
    if set(override) != set(roles) and "blocked" in decisions:
        again = frames.check_budget(table, roles=override, **options)
        released = again["decision"].astype(object).tolist()
    failed = {group[position] for position in _failed(first)}
    out: dict[int, Held] = {}
    for position, index in enumerate(group):
        if index in failed or rows[index] in out:
            continue
        decision = FundsDecision(decisions[position])
        freed = released[position] is not None and released[position] != "blocked"
        out[rows[index]] = scalar.outcome_of(decision, released=freed)
    return out
