"""The scorecard: the KPIs against the agreed targets and the data of its charts (private)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from typing import Any, Final

import attrs

from spendrules import kpis
from spendrules._checks import check_date
from spendrules._decimal import exact
from spendrules._policy.model import AgreedPolicy, KpiTarget
from spendrules.errors import InvalidInputError
from spendrules.kpis import Kpi, KpiPeriod
from spendrules.results import Explained, Reason, Severity

__all__ = [
    "DEFAULT_TARGET_NAMES",
    "BridgeStep",
    "BudgetMonth",
    "DiscountMonth",
    "SavingsBridge",
    "Scorecard",
    "StockCategory",
    "WorkingCapitalPoint",
]

#: The rule id of `build_scorecard`.
RULE: Final = "scorecard.build@1"

#: Other names the agreed policy may give a KPI's target, tried after the KPI
#: function's name (``[kpis.dpo]``): the example policy's names and the result names
#: that differ from the function's (``ccc``, ``late_payment_interest``).
DEFAULT_TARGET_NAMES: Final[Mapping[str, tuple[str, ...]]] = {
    "dpo": ("days_payable_outstanding",),
    "spend_under_management": ("on_contract_spend",),
    "cash_conversion_cycle": ("ccc",),
    "late_payment_interest_paid": ("late_payment_interest",),
}


@attrs.frozen(kw_only=True)
class BridgeStep:
    """One step of the savings bridge: an amount taken off procurement's figure.

    Attributes:
        label: What the step is (``"cost avoidance"``).
        amount: The amount taken off (negative when it adds).
    """

    label: str
    amount: Decimal


@attrs.frozen(kw_only=True)
class SavingsBridge:
    """From the savings procurement reports to the savings finance recognises.

    ``procurement − Σ steps = finance`` holds exactly.

    Attributes:
        procurement: Savings negotiated (hard savings and cost avoidance).
        steps: Cost avoidance, leakage (negotiated but not realised) and cost increases.
        finance: Net savings finance recognises (realised hard savings less increases).
    """

    procurement: Decimal
    steps: tuple[BridgeStep, ...]
    finance: Decimal


@attrs.frozen(kw_only=True)
class StockCategory:
    """The on-hand value of one stock category, split into the five buckets."""

    category: str
    committed: Decimal
    obsolete: Decimal
    safety: Decimal
    cycle: Decimal
    excess: Decimal


@attrs.frozen(kw_only=True)
class BudgetMonth:
    """One budget period of the burn chart: its phased budget, actual spend and orders."""

    start: date
    phased: Decimal
    actual: Decimal
    orders: Decimal


@attrs.frozen(kw_only=True)
class WorkingCapitalPoint:
    """The days KPIs of one accounting period (each as `spendrules.kpis` rounds it)."""

    start: date
    end: date
    dpo: Decimal
    dio: Decimal
    dso: Decimal
    ccc: Decimal


@attrs.frozen(kw_only=True)
class DiscountMonth:
    """Early-payment discounts offered and taken on the invoices of one month."""

    month: date
    offered: Decimal
    taken: Decimal


@attrs.frozen(kw_only=True)
class Scorecard(Explained):
    """The KPIs of one period against the agreed targets, with the data of the charts.

    Attributes:
        policy_name: The agreed policy's name.
        policy_version: Its version.
        policy_fingerprint: Its fingerprint (what the targets were read from).
        agreed: Whether finance and procurement both signed the current policy.
        period: The period reported (with its first and last day).
        currency: The policy's reference currency: every amount is in it.
        kpis: The KPIs computed, each with its target when the policy has one.
        bridge: The savings bridge, or ``None`` without savings data.
        stock: The on-hand split by category (empty without stock data).
        budget: Budget burn by budget period (empty without budget data).
        working_capital: DPO, DIO, DSO and CCC by accounting period (empty without balances).
        discounts: Discounts offered and taken by month (empty without invoices).
        rule: ``"scorecard.build@1"``.
        reasons: ``SCORECARD.SUMMARY``, then ``SCORECARD.ROWS_OUTSIDE_PERIOD``,
            ``SCORECARD.DATA_MISSING`` and ``SCORECARD.TARGET_UNUSED`` as they apply.
    """

    policy_name: str
    policy_version: str
    policy_fingerprint: str
    agreed: bool
    period: KpiPeriod
    currency: str
    kpis: tuple[Kpi, ...]
    bridge: SavingsBridge | None
    stock: tuple[StockCategory, ...]
    budget: tuple[BudgetMonth, ...]
    working_capital: tuple[WorkingCapitalPoint, ...]
    discounts: tuple[DiscountMonth, ...]
    rule: str
    reasons: tuple[Reason, ...]

    def kpi(self, name: str) -> Kpi:
        """Return the KPI called ``name``.

        Raises:
            KeyError: the scorecard has no such KPI.
        """
        for item in self.kpis:
            if item.name == name:
                return item
        raise KeyError(name)

    def _detail_lines(self) -> list[str]:
        lines = [f"  period: {self.period}"]
        for item in self.kpis:
            verdict = {None: "no target", True: "met", False: "missed"}[item.on_target]
            target = "" if item.target is None else f" (target {item.target})"
            lines.append(f"  {item.name}: {item.value}{target} {verdict}")
        return lines


def _sum(values: Sequence[Decimal]) -> Decimal:
    with exact():
        return sum(values, Decimal(0))


def _check_period(period: object) -> KpiPeriod:
    if isinstance(period, tuple) and len(period) == 2:
        return KpiPeriod.between(
            check_date(period[0], "period[0]"), check_date(period[1], "period[1]")
        )
    if not isinstance(period, KpiPeriod):
        raise TypeError(
            f"period must be a KpiPeriod or a (start, end) tuple, not {type(period).__name__}"
        )
    if period.start is None:
        raise InvalidInputError("period", period, "a period with its start and end")
    return period


def _check_rows(rows: Any, kind: type[Any], field: str, currency: str) -> tuple[Any, ...] | None:
    if rows is None:
        return None
    if isinstance(rows, (str, bytes)) or not isinstance(rows, Iterable):
        raise TypeError(f"{field} must be a sequence of {kind.__name__}, not {type(rows).__name__}")
    items: tuple[Any, ...] = tuple(rows)
    for index, row in enumerate(items):
        if not isinstance(row, kind):
            raise TypeError(f"{field}[{index}] must be a {kind.__name__}, not {type(row).__name__}")
        if row.currency != currency:
            raise InvalidInputError(
                f"{field}[{index}].currency",
                row.currency,
                f"the policy's reference currency ({currency})",
            )
    return items


class _Builder:
    """Collects the KPIs and reasons of one scorecard (private)."""

    def __init__(
        self, policy: AgreedPolicy, period: KpiPeriod, names: Mapping[str, tuple[str, ...]]
    ) -> None:
        self.policy = policy
        self.period = period
        self.names = names
        self.kpis: list[Kpi] = []
        self.reasons: list[Reason] = []

    def target(self, name: str) -> KpiTarget | None:
        for key in (name, *self.names.get(name, ())):
            found = kpis.policy_target(self.policy, key)
            if found is not None:
                return found
        return None

    def add(self, name: str, compute: Callable[[KpiTarget | None], Kpi]) -> Kpi:
        result = compute(self.target(name))
        self.kpis.append(result)
        return result

    def inside(self, day: date) -> bool:
        """Return whether ``day`` falls in the period."""
        return self.period.start <= day <= self.period.end  # type: ignore[operator]

    def within(self, rows: Sequence[Any], keep: Callable[[Any], bool], what: str) -> list[Any]:
        """Return the rows ``keep`` keeps; say how many it left out."""
        kept = [row for row in rows if keep(row)]
        if len(kept) != len(rows):
            self.reasons.append(
                Reason.of(
                    "SCORECARD.ROWS_OUTSIDE_PERIOD",
                    f"{len(rows) - len(kept)} of {len(rows)} {what} rows fall outside "
                    f"{self.period} and are left out.",
                    data=what,
                    left_out=len(rows) - len(kept),
                    rows=len(rows),
                )
            )
        return kept

    def missing(self, what: str, left_out: str) -> None:
        self.reasons.append(
            Reason.of(
                "SCORECARD.DATA_MISSING",
                f"No {what} for {self.period}: {left_out} left out.",
                severity=Severity.WARNING,
                data=what,
            )
        )
