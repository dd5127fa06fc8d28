"""The scorecard's charts, drawn by matplotlib as inline SVG (private; extra ``charts``).

Every chart is a `matplotlib.figure.Figure` drawn without pyplot (no global
figure registry, no interactive backend) and saved as SVG under fixed settings:
text as text (``svg.fonttype = "none"``: no embedded or fetched font), a fixed
``svg.hashsalt`` and no date in the metadata, so the same scorecard draws the same
SVG. Amounts are drawn as floats: a chart is a picture; the table carries the
exact numbers.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Any, Final, cast

try:
    import matplotlib
    from matplotlib.figure import Figure
    from matplotlib.ticker import StrMethodFormatter
except ImportError:  # without the extra (a test hides matplotlib)
    from spendrules.errors import MissingExtraError

    raise MissingExtraError("charts", "the scorecard's charts") from None

from spendrules._decimal import exact
from spendrules._scorecard.model import (
    BudgetMonth,
    DiscountMonth,
    SavingsBridge,
    StockCategory,
    WorkingCapitalPoint,
)

__all__ = ["bridge_chart", "budget_chart", "discount_chart", "stock_chart", "working_capital_chart"]

#: The settings every chart is drawn under (deterministic, self-contained SVG).
SETTINGS: Final[dict[str, Any]] = {
    "svg.fonttype": "none",
    "svg.hashsalt": "spendrules-scorecard",
    "font.family": "sans-serif",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
}

_COLOURS: Final = ("#2f6690", "#d1495b", "#edae49", "#66a182", "#8d6a9f")
_METADATA: Final[dict[str, Any]] = {"Date": None, "Creator": None, "Format": None, "Type": None}
_PROLOGUE: Final = re.compile(r"^.*?(?=<svg)", re.DOTALL)
_META_BLOCK: Final = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_IDS: Final = re.compile(r'(\bid="|url\(#|xlink:href="#)([^")]+)')


def _figure() -> tuple[Figure, Any]:
    figure = Figure(figsize=(7.2, 3.2), layout="constrained")
    return figure, figure.add_subplot()


def _svg(figure: Figure, prefix: str) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=_METADATA)
    text = _PROLOGUE.sub("", buffer.getvalue(), count=1)
    text = _META_BLOCK.sub("", text, count=1).strip()
    # One page holds several charts: give each chart's ids (and references) its own prefix.
    return _IDS.sub(lambda match: f"{match.group(1)}{prefix}-{match.group(2)}", text)


def _draw(prefix: str, painter: Any, *args: Any) -> str:
    with matplotlib.rc_context(cast(Any, SETTINGS)):
        figure, axes = _figure()
        painter(axes, *args)
        return _svg(figure, prefix)


def _money_axis(axes: Any, currency: str) -> None:
    axes.set_ylabel(currency)
    axes.yaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))


def _money(value: float) -> str:
    return f"{value:,.0f}"


def _float(value: Decimal) -> float:
    return float(value)


def _paint_bridge(axes: Any, bridge: SavingsBridge, currency: str) -> None:
    labels = ["procurement\nreports", *(step.label.replace(" (", "\n(") for step in bridge.steps)]
    labels.append("finance\nrecognises")
    running = _float(bridge.procurement)
    bottoms, heights, colours = [0.0], [running], [_COLOURS[0]]
    for step in bridge.steps:
        amount = _float(step.amount)
        running -= amount
        bottoms.append(running if amount >= 0 else running - amount)
        heights.append(abs(amount))
        colours.append(_COLOURS[1] if amount >= 0 else _COLOURS[3])
    bottoms.append(0.0)
    heights.append(_float(bridge.finance))
    colours.append(_COLOURS[3])
    bars = axes.bar(range(len(labels)), heights, bottom=bottoms, color=colours)
    values = [bridge.procurement, *(-step.amount for step in bridge.steps), bridge.finance]
    axes.bar_label(bars, labels=[_money(_float(value)) for value in values], padding=2)
    axes.set_xticks(range(len(labels)), labels)
    _money_axis(axes, currency)
    axes.set_title("Savings: from procurement's figure to finance's")


def _paint_stock(axes: Any, stock: Sequence[StockCategory], currency: str) -> None:
    names = [item.category for item in stock]
    bottom = [0.0] * len(stock)
    for colour, bucket in zip(
        _COLOURS, ("committed", "safety", "cycle", "excess", "obsolete"), strict=True
    ):
        values = [_float(getattr(item, bucket)) for item in stock]
        axes.bar(names, values, bottom=bottom, label=bucket, color=colour)
        bottom = [low + value for low, value in zip(bottom, values, strict=True)]
    _money_axis(axes, currency)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    axes.set_title("On-hand stock by category")


def _cumulative(values: Sequence[Decimal]) -> list[float]:
    total, out = Decimal(0), []
    with exact():
        for value in values:
            total += value
            out.append(_float(total))
    return out


def _paint_budget(axes: Any, budget: Sequence[BudgetMonth], currency: str) -> None:
    names = [item.start.strftime("%Y-%m") for item in budget]
    axes.bar(names, [_float(item.actual) for item in budget], color=_COLOURS[0], label="actual")
    phased = _cumulative([item.phased for item in budget])
    actual = _cumulative([item.actual for item in budget])
    with exact():
        spent = [item.actual + item.orders for item in budget]
    committed = _cumulative(spent)
    axes.plot(names, phased, color=_COLOURS[2], marker="o", label="phasing, cumulative")
    axes.plot(names, actual, color=_COLOURS[1], marker="s", label="actual, cumulative")
    axes.plot(names, committed, color=_COLOURS[1], linestyle="--", label="actual + orders")
    axes.tick_params(axis="x", labelrotation=45)
    _money_axis(axes, currency)
    axes.legend(loc="upper left", frameon=False)
    axes.set_title("Budget burn against phasing")


def _paint_days(axes: Any, points: Sequence[WorkingCapitalPoint]) -> None:
    names = [f"{item.start:%Y-%m-%d}\nto {item.end:%Y-%m-%d}" for item in points]
    for colour, (label, field) in zip(
        _COLOURS[:4], (("DPO", "dpo"), ("DIO", "dio"), ("DSO", "dso"), ("CCC", "ccc")), strict=True
    ):
        values = [_float(getattr(item, field)) for item in points]
        axes.plot(names, values, color=colour, marker="o", label=label)
    axes.set_ylabel("days")
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    axes.set_title("DPO, DIO, DSO and the cash conversion cycle")


def _paint_discounts(axes: Any, months: Sequence[DiscountMonth], currency: str) -> None:
    positions = range(len(months))
    width = 0.4
    axes.bar(
        [p - width / 2 for p in positions],
        [_float(item.offered) for item in months],
        width,
        color=_COLOURS[2],
        label="offered",
    )
    axes.bar(
        [p + width / 2 for p in positions],
        [_float(item.taken) for item in months],
        width,
        color=_COLOURS[3],
        label="taken",
    )
    axes.set_xticks(list(positions), [item.month.strftime("%Y-%m") for item in months])
    axes.tick_params(axis="x", labelrotation=45)
    _money_axis(axes, currency)
    axes.legend(loc="upper left", frameon=False)
    axes.set_title("Early-payment discounts offered and taken")


def bridge_chart(bridge: SavingsBridge, currency: str) -> str:
    """Return the savings bridge as a waterfall (SVG text)."""
    return _draw("bridge", _paint_bridge, bridge, currency)


def stock_chart(stock: Sequence[StockCategory], currency: str) -> str:
    """Return the on-hand split by category as stacked bars (SVG text)."""
    return _draw("stock", _paint_stock, stock, currency)


def budget_chart(budget: Sequence[BudgetMonth], currency: str) -> str:
    """Return budget burn against phasing (SVG text)."""
    return _draw("budget", _paint_budget, budget, currency)


def working_capital_chart(points: Sequence[WorkingCapitalPoint]) -> str:
    """Return DPO, DIO, DSO and CCC by accounting period (SVG text)."""
    return _draw("working-capital", _paint_days, points)


def discount_chart(months: Sequence[DiscountMonth], currency: str) -> str:
    """Return discounts offered and taken by month (SVG text)."""
    return _draw("discount", _paint_discounts, months, currency)
