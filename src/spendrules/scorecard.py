"""The scorecard: the KPIs both sides report, against the agreed targets, as one HTML page.

[build_scorecard][spendrules.scorecard.build_scorecard] reads the agreed policy
and the period's data — invoices and payments (`InvoiceRow`), savings events
(`SavingsRow`), the on-hand split (`StockRow`), budget periods (`BudgetRow`) and
accounting balances (`BalanceRow`) — computes the KPIs with `spendrules.kpis`,
each against its ``[kpis.<name>]`` target in the policy, and keeps the data of
five charts: the savings bridge from procurement's figure to finance's, the
on-hand split by category, budget burn against phasing, DPO/DIO/DSO/CCC over
time and discount capture. [render_html][spendrules.scorecard.render_html] turns
it into one self-contained HTML page: inline CSS, charts as inline SVG, no script,
font, image or link to fetch, so it opens with no network access.

Data files are CSV (with a header row) or JSON lines, one row per line, read by
[read_rows][spendrules.scorecard.read_rows]; the bundled samples
([sample_rows][spendrules.scorecard.sample_rows],
[sample_policy_text][spendrules.scorecard.sample_policy_text]) cover 2027.

Charts need the optional extra ``charts`` (matplotlib): ``pip install
"spendrules[charts]"``. Without it, ``render_html(card)`` raises
[MissingExtraError][spendrules.errors.MissingExtraError], and
``render_html(card, charts=False)`` writes the page with the KPI table and a line
where each chart would be.

Conventions:

* A row belongs to the period when its date (``invoice_date``, ``date``,
  ``start``; for balances both ``start`` and ``end``) falls in it; the others are
  left out and counted in ``SCORECARD.ROWS_OUTSIDE_PERIOD``.
* Every row is in the policy's reference currency (no conversion here).
* Days KPIs use the balances at the end of the last accounting period over the
  flows of all of them, over the days they cover (``basis="period_end"``).
* A KPI's target is ``[kpis.<function name>]`` (``[kpis.cash_conversion_cycle]``),
  else one of its other names (`DEFAULT_TARGET_NAMES`: ``days_payable_outstanding``
  for ``dpo``, ``on_contract_spend`` for ``spend_under_management``, the result names
  ``ccc`` and ``late_payment_interest``).

Reason codes (stable): ``SCORECARD.SUMMARY`` (info, warning when a target is
missed), ``SCORECARD.ROWS_OUTSIDE_PERIOD`` (info), ``SCORECARD.DATA_MISSING``
(warning: a data set absent, its KPIs and chart left out),
``SCORECARD.TARGET_UNUSED`` (warning: a policy target that names none of the
`SCORECARD_KPIS`, by name or other name);
each KPI carries its own ``KPI.*`` reasons.

Rule id: ``"scorecard.build@1"``.

Examples:
    >>> from datetime import date
    >>> from spendrules import policy, scorecard
    >>> card = scorecard.build_scorecard(
    ...     policy=policy.loads(scorecard.sample_policy_text()),
    ...     period=(date(2027, 1, 1), date(2027, 12, 31)),
    ...     balances=scorecard.sample_rows(scorecard.BalanceRow),
    ... )
    >>> card.kpi("dpo").value, card.kpi("dpo").target, card.kpi("dpo").on_target
    (Decimal('53.05'), Decimal('55'), False)
    >>> [reason.code for reason in card.reasons][:2]
    ['SCORECARD.SUMMARY', 'SCORECARD.DATA_MISSING']
    >>> page = scorecard.render_html(card, charts=False)
    >>> page.startswith("<!DOCTYPE html>"), 'data-kpi="dpo"' in page
    (True, True)

References:
    Issue 19 ("Shared KPIs and a scorecard both sides read"); the KPIs' own
    definitions in `spendrules.kpis`.
"""

from __future__ import annotations

from importlib import resources

from spendrules._scorecard.build import SCORECARD_KPIS, build_scorecard
from spendrules._scorecard.model import (
    DEFAULT_TARGET_NAMES,
    BridgeStep,
    BudgetMonth,
    DiscountMonth,
    SavingsBridge,
    Scorecard,
    StockCategory,
    WorkingCapitalPoint,
)
from spendrules._scorecard.page import render_html
from spendrules._scorecard.rows import (
    BalanceRow,
    BudgetRow,
    InvoiceRow,
    SavingsRow,
    StockRow,
    read_rows,
    sample_rows,
)

__all__ = [  # noqa: RUF022 - grouped by question, as the other public modules
    # build and render
    "build_scorecard",
    "render_html",
    "Scorecard",
    "DEFAULT_TARGET_NAMES",
    "SCORECARD_KPIS",
    # the data a scorecard reads
    "InvoiceRow",
    "SavingsRow",
    "StockRow",
    "BudgetRow",
    "BalanceRow",
    "read_rows",
    "sample_rows",
    "sample_policy_text",
    # the data of the charts
    "SavingsBridge",
    "BridgeStep",
    "StockCategory",
    "BudgetMonth",
    "WorkingCapitalPoint",
    "DiscountMonth",
]


def sample_policy_text() -> str:
    """Return the bundled sample policy of the scorecard (the example policy with KPI targets).

    Examples:
        >>> from spendrules import policy
        >>> policy.loads(sample_policy_text()).agreed
        True
    """
    data = resources.files("spendrules").joinpath("data", "scorecard_policy.toml")
    return data.read_text(encoding="utf-8")
