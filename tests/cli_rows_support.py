"""Rows, scalar inputs and expected CSV columns for tests/test_cli_batch_stock_savings.py."""

from __future__ import annotations

import csv
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs

from spendrules.inventory import Demand, LeadTime, StockItem, StockReview
from spendrules.money import minor_units
from spendrules.savings import (
    BaselineMethod,
    ComponentKind,
    FinanceSignOff,
    FxRates,
    MarketIndex,
    SavingsClassification,
    SavingsEvent,
    SupplierProposal,
)

EXAMPLE_POLICY = Path(__file__).parents[1] / "src" / "spendrules" / "data" / "policy_example.toml"
AS_OF = date(2026, 3, 31)

# -- stock: rows, the scalar rule, the expected columns ---------------------------------------

STOCK_ROWS: list[dict[str, str]] = [
    {
        "id": "A-1",
        "sku": "A-1",
        "on_hand": "180",
        "unit_cost": "5",
        "currency": "USD",
        "demand_mean": "10",
        "demand_sd": "3",
        "lead_time": "9",
        "service_level": "0.95",
        "order_quantity": "100",
        "holding_rate": "0.25",
    },
    {  # yen, an agreed safety stock, committed stock, an old last consumption
        "id": "B-2",
        "sku": "B-2",
        "on_hand": "500",
        "unit_cost": "1200",
        "currency": "JPY",
        "demand_mean": "3",
        "demand_period": "week",
        "safety_stock": "20",
        "committed": "40",
        "on_order": "100",
        "last_consumption": "2024-12-01",
    },
    {  # three minor units, a fill rate with its lot, Poisson demand, lead time in weeks
        "id": "C-3",
        "sku": "C-3",
        "on_hand": "75.5",
        "unit_cost": "2.125",
        "currency": "BHD",
        "demand_mean": "4",
        "demand_distribution": "poisson",
        "lead_time": "2",
        "lead_time_period": "week",
        "fill_rate": "0.99",
        "order_quantity": "40",
        "holding_rate": "0.2",
        "last_consumption": "2026-03-01",
    },
    {  # a shortage
        "id": "D-4",
        "sku": "D-4",
        "on_hand": "-4",
        "unit_cost": "10.50",
        "currency": "EUR",
        "demand_mean": "1",
        "service_level": "0.9",
        "lead_time": "5",
    },
    {  # end of life, no demand
        "id": "E-5",
        "sku": "E-5",
        "on_hand": "12",
        "unit_cost": "3.10",
        "currency": "USD",
        "demand_mean": "0",
        "end_of_life": "TRUE",
    },
]


def stock_item(row: dict[str, str]) -> StockItem:
    """The StockItem a CSV row describes, built here from the documented layout."""

    def number(name: str, default: Decimal | None = None) -> Decimal | None:
        return Decimal(row[name]) if row.get(name) else default

    holding = number("holding_rate", Decimal(0))
    return StockItem(
        sku=row.get("sku") or "SKU",
        on_hand=Decimal(row["on_hand"]),
        unit_cost=Decimal(row["unit_cost"]),
        currency=row["currency"],
        demand=Demand(
            Decimal(row["demand_mean"]),
            number("demand_sd", Decimal(0)),
            row.get("demand_period") or "day",
            row.get("demand_distribution") or "normal",
        ),
        lead_time=LeadTime(
            number("lead_time", Decimal(0)),
            number("lead_time_sd", Decimal(0)),
            row.get("lead_time_period") or "day",
        ),
        service_level=number("service_level"),
        fill_rate=number("fill_rate"),
        safety_stock=number("safety_stock"),
        order_quantity=number("order_quantity", Decimal(0)),
        holding_rate=holding,
        committed=number("committed", Decimal(0)),
        on_order=number("on_order", Decimal(0)),
        last_consumption=(
            date.fromisoformat(row["last_consumption"]) if row.get("last_consumption") else None
        ),
        end_of_life=(row.get("end_of_life") or "false").lower() == "true",
    )


BUCKETS = ("committed", "obsolete", "safety", "cycle", "excess")
STOCK_MONEY = {
    "value",
    "carrying_cost",
    "excess_on_order_value",
    "obsolete_reserve",
    "table_reserve",
    "reserve",
    *(f"{b}_value" for b in BUCKETS),
    *(f"{b}_carrying_cost" for b in BUCKETS),
}


def stock_expected(item: StockItem, review: StockReview) -> dict[str, Any]:
    """Every CSV result column of a review, from the scalar result's own fields."""
    split = review.split
    computed = review.safety_stock
    if item.safety_stock is not None:
        method = "agreed"
    else:
        method = "none" if computed is None else computed.method.value
    expected: dict[str, Any] = {
        "currency": split.currency,
        "safety_stock": split.safety_target,
        "safety_method": method,
        "z": None if computed is None else computed.z,
        "level": None if computed is None else computed.level,
        "shortage": split.shortage,
        "value": split.value,
        "carrying_cost": split.annual_carrying_cost,
        "excess_on_order": split.excess_on_order,
        "excess_on_order_value": split.excess_on_order_value,
        "months_of_supply": split.months_of_supply,
        "slow_moving": split.slow_moving,
        "obsolete_cause": None if split.obsolete_cause is None else split.obsolete_cause.value,
        "rule": review.rule,
        "reason": review.primary_reason().code,  # type: ignore[union-attr]
    }
    for bucket in split.buckets:
        expected[bucket.kind.value] = bucket.quantity
        expected[f"{bucket.kind.value}_value"] = bucket.value
        expected[f"{bucket.kind.value}_carrying_cost"] = bucket.annual_carrying_cost
    return expected


# -- savings: rows, the scalar rule, the expected columns -------------------------------------

SAVINGS_ROWS: list[dict[str, str]] = [
    {
        "id": "E-1",
        "item": "widget",
        "currency": "USD",
        "baseline_price": "10.00",
        "baseline_method": "last_price_paid",
        "baseline_date": "2025-11-03",
        "new_price": "9.50",
        "effective_date": "2026-01-01",
        "forecast_quantity": "1000",
        "baseline_evidence": "PO 4500017342",
    },
    {  # yen, a written proposal above the baseline: cost avoidance, a cost increase
        "id": "E-2",
        "item": "bolt",
        "currency": "JPY",
        "baseline_price": "100",
        "baseline_method": "last_price_paid",
        "baseline_date": "2025-10-01",
        "new_price": "103",
        "effective_date": "2026-02-01",
        "forecast_quantity": "5000",
        "baseline_evidence": "PO 1",
        "proposal_price": "108",
        "proposal_evidence": "letter",
    },
    {  # another spec, no evidence, signed off
        "id": "E-3",
        "item": "nut",
        "currency": "EUR",
        "baseline_price": "3.125",
        "baseline_method": "quote",
        "baseline_date": "2025-06-01",
        "new_price": "2.50",
        "effective_date": "2026-01-15",
        "forecast_quantity": "100000",
        "same_spec": "False",
        "signoff_approver": "cfo",
        "signoff_date": "2026-01-10",
    },
    {  # a stale baseline, a baseline quantity
        "id": "E-4",
        "item": "resin",
        "currency": "BHD",
        "baseline_price": "4.250",
        "baseline_method": "last_price_paid",
        "baseline_date": "2024-01-10",
        "new_price": "4.000",
        "effective_date": "2026-03-01",
        "forecast_quantity": "700",
        "baseline_quantity": "650",
        "baseline_evidence": "PO 9",
    },
]


def savings_event(row: dict[str, str]) -> SavingsEvent:
    """The SavingsEvent a CSV row describes, built here from the documented layout."""
    proposal = None
    if row.get("proposal_price"):
        proposal = SupplierProposal(
            price=Decimal(row["proposal_price"]), evidence=row.get("proposal_evidence", "")
        )
    signoff = None
    if row.get("signoff_approver"):
        signoff = FinanceSignOff(
            approver=row["signoff_approver"], signed_on=date.fromisoformat(row["signoff_date"])
        )
    return SavingsEvent(
        item=row["item"],
        currency=row["currency"],
        baseline_price=Decimal(row["baseline_price"]),
        baseline_method=BaselineMethod(row["baseline_method"]),
        baseline_date=date.fromisoformat(row["baseline_date"]),
        baseline_evidence=row.get("baseline_evidence", ""),
        new_price=Decimal(row["new_price"]),
        effective_date=date.fromisoformat(row["effective_date"]),
        forecast_quantity=Decimal(row["forecast_quantity"]),
        baseline_quantity=(
            Decimal(row["baseline_quantity"]) if row.get("baseline_quantity") else None
        ),
        same_spec=(row.get("same_spec") or "true").lower() == "true",
        proposal=proposal,
        finance_signoff=signoff,
        reference_rate=Decimal(row["reference_rate"]) if row.get("reference_rate") else None,
    )


SAVINGS_TEXT = {"currency", "primary", "status", "missing", "budget_flag", "rule", "reason"}


def savings_expected(result: SavingsClassification) -> dict[str, Any]:
    """Every CSV result column of a classification, from the scalar result's own fields."""
    expected: dict[str, Any] = {
        "currency": result.currency,
        "finance_view": result.finance_view,
        "procurement_view": result.procurement_view,
        "finance_recognised": result.finance_recognised,
        "net_recognised": result.net_recognised,
        "primary": result.primary.value,
        "status": result.status.value,
        "missing": ",".join(m.value for m in result.missing) or None,
        "budget_flag": result.budget_flag.value,
        "rule": result.rule,
        "reason": result.primary_reason().code,  # type: ignore[union-attr]
    }
    for kind in ComponentKind:
        expected[kind.value] = result.amount(kind)
    return expected


SAVINGS_MONEY = {"finance_view", "procurement_view", "finance_recognised", "net_recognised"} | {
    kind.value for kind in ComponentKind
}


# -- helpers ----------------------------------------------------------------------------------


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    columns: list[str] = []
    for row in rows:
        columns += [name for name in row if name not in columns]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def check_row(cells: dict[str, str], expected: dict[str, Any], money: set[str]) -> None:
    """Each cell equals the expected value; money at the currency's minor units exactly."""
    places = minor_units(expected["currency"])
    for name, value in expected.items():
        cell = cells[name]
        if value is None:
            assert cell == "", name
        elif isinstance(value, bool):
            assert cell == ("true" if value else "false"), name
        elif isinstance(value, Decimal):
            assert Decimal(cell) == value, (name, cell, value)
            if name in money:
                assert Decimal(cell).as_tuple().exponent == -places, (name, cell)
        else:
            assert cell == value, name


def event_from_columns(row: dict[str, str]) -> SavingsEvent:
    """``savings_event`` with the index and exchange-rate groups of the layout."""
    event = savings_event(row)
    index = fx = None
    if row.get("index_base"):
        index = MarketIndex(
            base=Decimal(row["index_base"]),
            current=Decimal(row["index_current"]),
            evidence=row.get("index_evidence", ""),
        )
    if row.get("supplier_currency"):
        fx = FxRates(
            supplier_currency=row["supplier_currency"],
            baseline_rate=Decimal(row["fx_baseline_rate"]),
            current_rate=Decimal(row["fx_current_rate"]),
        )
    return attrs.evolve(event, market_index=index, fx=fx)
