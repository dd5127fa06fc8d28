"""The share-shaped KPI: ``part ÷ whole`` with both validated (private helper)."""

from __future__ import annotations

import decimal
from collections.abc import Sequence
from decimal import Decimal

from spendrules._checks import check_currency
from spendrules._decimal import exact
from spendrules._enums import SpendEnum
from spendrules._kpis.model import Kpi, KpiUnit, Spec, build, optional_period, part_of

__all__ = ["share_kpi"]


def share_kpi(
    spec: Spec,
    part: object,
    whole: object,
    *,
    part_field: str,
    whole_field: str,
    words: tuple[str, str],
    figures: Sequence[tuple[str, Decimal, KpiUnit | None]] = (),
    variant: SpendEnum | None = None,
    period: object = None,
    currency: str | None = None,
    rounding: str = decimal.ROUND_HALF_UP,
    target: object = None,
    direction: object = None,
) -> Kpi:
    """Return ``part ÷ whole`` as a `Kpi` with ``0 <= part <= whole`` and ``whole > 0``.

    ``words`` name the part and the whole in the formula and the sentence.
    """
    numerator, denominator = part_of(
        part, whole, part_field=part_field, whole_field=whole_field, what=spec.title.lower()
    )
    code = None if currency is None else check_currency(currency, "currency")
    with exact():
        value = numerator / denominator
    part_words, whole_words = words
    return build(
        spec,
        exact_value=value,
        formula=f"{spec.title.lower()} = {part_words} ÷ {whole_words}",
        sentence=(
            f"{spec.title} = {part_words} ÷ {whole_words} = {numerator:,} ÷ {denominator:,} "
            "= {value}."
        ),
        inputs=[(part_field, numerator), (whole_field, denominator)],
        figures=[
            (name, amount, None if unit is KpiUnit.AMOUNT and code is None else unit)
            for name, amount, unit in figures
        ],
        variant=variant,
        period=optional_period(period),
        currency=code,
        rounding=rounding,
        target=target,
        direction=direction,
    )
