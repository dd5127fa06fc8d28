"""The scorecard as one self-contained HTML page (private).

Inline CSS, charts as inline SVG, no script, no font, no image and no link to
fetch: the page opens with no network access.
"""

from __future__ import annotations

import html
import importlib
from collections.abc import Callable
from decimal import Decimal
from types import ModuleType
from typing import Final

from spendrules._kpis.model import shown
from spendrules._scorecard.model import Scorecard
from spendrules.kpis import Kpi, KpiUnit

__all__ = ["render_html"]

_CSS: Final = """
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto;
       max-width: 72rem; padding: 0 1rem; color: #1d2733; line-height: 1.4; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #d5dce3; }
.meta { color: #4a5966; margin: 0.1rem 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid #e4e9ee;
         vertical-align: top; }
th { background: #f3f6f8; }
td.number { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.met { color: #1e7b4a; font-weight: 600; }
.missed { color: #b3261e; font-weight: 600; }
.none { color: #6b7883; }
.formula, .source { font-size: 0.8rem; color: #4a5966; }
figure.chart { margin: 0.5rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
figcaption { font-size: 0.85rem; color: #4a5966; }
p.absent { font-style: italic; color: #6b7883; }
ul.reasons { font-size: 0.9rem; }
"""

#: Said where a chart is not drawn because matplotlib is not installed.
NO_CHARTS: Final = 'Charts are not drawn: they need pip install "spendrules[charts]".'


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _shown(value: Decimal, unit: KpiUnit, currency: str | None) -> str:
    text = shown(value, unit)
    return f"{text} {currency}" if unit is KpiUnit.AMOUNT and currency else text


def _row(kpi: Kpi) -> str:
    if kpi.on_target is None:
        status, css = "no target", "none"
    else:
        status, css = ("met", "met") if kpi.on_target else ("missed", "missed")
    target = "—" if kpi.target is None else _shown(kpi.target, kpi.unit, kpi.currency)
    target_value = "" if kpi.target is None else f' data-target="{_e(kpi.target)}"'
    return (
        f'<tr data-kpi="{_e(kpi.name)}">'
        f"<td>{_e(kpi.title)}</td>"
        f'<td class="number" data-value="{_e(kpi.value)}">'
        f"{_e(_shown(kpi.value, kpi.unit, kpi.currency))}</td>"
        f'<td class="number"{target_value}>{_e(target)}</td>'
        f'<td class="{css}">{status}</td>'
        f'<td class="formula">{_e(kpi.formula)}</td>'
        f'<td class="source">{_e(kpi.source)}</td></tr>'
    )


def _table(scorecard: Scorecard) -> str:
    if not scorecard.kpis:
        return '<p class="absent">No data for the period: no KPI is computed.</p>'
    head = (
        "<thead><tr><th>KPI</th><th>Value</th><th>Target</th><th>Status</th>"
        "<th>Formula</th><th>Source</th></tr></thead>"
    )
    body = "".join(_row(kpi) for kpi in scorecard.kpis)
    return f'<table class="kpis">{head}<tbody>{body}</tbody></table>'


def _money(value: Decimal, currency: str) -> str:
    return f"{value:,} {currency}"


def _section(ident: str, title: str, body: str) -> str:
    return f'<section id="{ident}"><h2>{_e(title)}</h2>{body}</section>'


def _chart(*, present: bool, what: str, draw: Callable[[], str] | None, caption: str) -> str:
    if not present:
        return f'<p class="absent">No {_e(what)} for the period: the chart is not drawn.</p>'
    if draw is None:
        return f'<p class="absent">{_e(NO_CHARTS)}</p>'
    return f'<figure class="chart">{draw()}<figcaption>{_e(caption)}</figcaption></figure>'


def render_html(scorecard: Scorecard, *, charts: bool = True) -> str:
    """Return the scorecard as one self-contained HTML page (see `spendrules.scorecard`)."""
    if not isinstance(scorecard, Scorecard):
        raise TypeError(f"scorecard must be a Scorecard, not {type(scorecard).__name__}")
    draw: ModuleType | None = None
    if charts:  # the optional extra: MissingExtraError without matplotlib
        draw = importlib.import_module("spendrules._scorecard.charts")

    card = scorecard
    money = card.currency
    bridge = card.bridge
    title = f"Scorecard {card.period.start} to {card.period.end}"
    agreed = "agreed by finance and procurement" if card.agreed else "NOT agreed (see sign-offs)"
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>",
        f"<header><h1>{_e(title)}</h1>",
        f'<p class="meta">Policy: {_e(card.policy_name)} {_e(card.policy_version)} '
        f"({_e(agreed)}); fingerprint <code>{_e(card.policy_fingerprint)}</code>.</p>",
        f'<p class="meta">Amounts in {_e(money)}; period {_e(card.period)}; rule '
        f"<code>{_e(card.rule)}</code>.</p></header>",
        '<ul class="reasons">'
        + "".join(
            f'<li data-code="{_e(reason.code)}">{_e(reason.message)}</li>'
            for reason in card.reasons
        )
        + "</ul>",
        _section("kpis", "KPIs against their targets", _table(card)),
        _section(
            "savings-bridge",
            "Savings: from procurement's figure to finance's",
            _chart(
                present=bridge is not None,
                what="savings events",
                draw=None
                if draw is None or bridge is None
                else lambda: draw.bridge_chart(bridge, money),
                caption=""
                if bridge is None
                else f"Procurement reports {_money(bridge.procurement, money)}; finance "
                f"recognises {_money(bridge.finance, money)}.",
            ),
        ),
        _section(
            "stock",
            "On-hand stock by category",
            _chart(
                present=bool(card.stock),
                what="stock",
                draw=None if draw is None else lambda: draw.stock_chart(card.stock, money),
                caption="Committed, safety, cycle, excess and obsolete stock by value.",
            ),
        ),
        _section(
            "budget-burn",
            "Budget burn against phasing",
            _chart(
                present=bool(card.budget),
                what="budget",
                draw=None if draw is None else lambda: draw.budget_chart(card.budget, money),
                caption="Actual spend by budget period; cumulative actual, actual plus orders "
                "and phased budget.",
            ),
        ),
        _section(
            "working-capital",
            "DPO, DIO, DSO and the cash conversion cycle over time",
            _chart(
                present=bool(card.working_capital),
                what="balances",
                draw=None
                if draw is None
                else lambda: draw.working_capital_chart(card.working_capital),
                caption="Days by accounting period (CCC = DIO + DSO − DPO).",
            ),
        ),
        _section(
            "discount-capture",
            "Discount capture",
            _chart(
                present=bool(card.discounts),
                what="invoices",
                draw=None if draw is None else lambda: draw.discount_chart(card.discounts, money),
                caption="Early-payment discounts offered and taken, by invoice month.",
            ),
        ),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"
