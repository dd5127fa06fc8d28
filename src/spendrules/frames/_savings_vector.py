"""The savings rule on whole columns: integers for every price, quantity and amount (private).

Every price column is read as integers at its own power of ten and brought to
one common scale; the market-index factor ``m = 1 + s × (I1 / I0 − 1)`` is kept
as an exact ratio of integers, once per distinct (I0, I1, s), and every price of
an indexed row is multiplied by its denominator. Each amount is then an exact
ratio of integers rounded once with the policy's mode (``_savings_math``), on
int64 where a bound computed in floats (with a wide margin) shows that no
product can leave it, else on Python integers.

The scalar rule computes in 60 significant digits: an index ratio that does not
terminate (131.2 / 128.4), or ``count_months / 12`` that does not (7 / 12), is
rounded there before the amount is quantized, a hair from the exact value. The
two round alike except on a rounding boundary of the exact value, or where P1
equals C exactly (the rule compares it with its rounded C): those rows go to the
scalar rule (``Vector.scalar``), with every input the rule refuses or this path
does not take exactly (more than 12 places, terms beyond int64, an effective
date near 9999).
"""

from __future__ import annotations

import decimal
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from spendrules._decimal import CONTEXT
from spendrules._savings.model import (
    BID_METHODS,
    PAID_METHODS,
    BaselineFlag,
    BaselineMethod,
    BudgetComparison,
    ComponentKind,
    DemandChange,
    SavingsPolicy,
)
from spendrules._savings.timing import add_months
from spendrules.frames._columns import BoolArray, Int64Array, RowErrors, to_date, to_days
from spendrules.frames._savings_math import round_ratio
from spendrules.frames._savings_read import Number, Table, currency_code

__all__ = ["CATEGORIES", "FLAGS", "KINDS", "MISSING", "REASONS", "Vector", "classify_rows"]

KINDS = tuple(ComponentKind)
_K = {kind: at for at, kind in enumerate(KINDS)}
#: The primary categories, in [`SavingsCategory`][spendrules.savings.SavingsCategory] order.
CATEGORIES = ("hard_savings", "cost_increase", "cost_avoidance", "soft_savings", "no_saving")
_HARD, _INCREASE, _AVOIDANCE, _NO_SAVING = 0, 1, 2, 4
#: The ``Missing`` values, one bit each, in the order the scalar rule lists them.
MISSING = (
    "baseline_evidence",
    "proposal_evidence",
    "index_evidence",
    "value_add_evidence",
    "finance_signoff",
)
_BASELINE_EVIDENCE, _PROPOSAL_EVIDENCE, _INDEX_EVIDENCE, _SIGNOFF = 1, 2, 4, 16
#: The primary reason codes a classification can have (the first warning, else the first note).
REASONS = (
    "SAVINGS.BASELINE_ACCEPTED",
    "SAVINGS.BASELINE_NOT_PAID",
    "SAVINGS.BASELINE_SPEC_CHANGED",
    "SAVINGS.BASELINE_AFTER_EFFECTIVE",
    "SAVINGS.BASELINE_STALE",
    "SAVINGS.PROPOSAL_UNEVIDENCED",
    "SAVINGS.NEGATIVES_DROPPED",
    "SAVINGS.DEMAND_WITHOUT_BASELINE_QUANTITY",
    "SAVINGS.SIGNOFF_REQUIRED",
    "SAVINGS.PENDING",
)
_METHODS = tuple(BaselineMethod)
#: BaselineFlag positions: supported, stale, other_spec, after_effective, not_paid, no_history.
FLAGS = tuple(flag.value for flag in BaselineFlag)
#: The flag of each baseline problem (none, not paid, other spec, after effective, stale).
_FLAG_OF_PROBLEM = (0, 4, 2, 3, 1)
_NO_HISTORY = 5
_DEMANDS = tuple(DemandChange)
_LAST_YEAR = 9000
#: Float bound on every integer product of the int64 path (2**62 with a margin of 16).
_INT64_SAFE = 2.0**58
#: Object-path values beyond this many digits may have been rounded by the 60-digit rule.
_WIDE = 10**45
_INT64 = 2**63
#: Largest term of an index factor's ratio the vectorised path takes.
_TERM = 10**17
#: Effective dates spanning at most this many days are looked up in a table of the range.
_DAY_TABLE = 4000


@attrs.define
class Vector:
    """The vectorised classification of every row (meaningful where ``scalar`` is False)."""

    amounts: list[Any]  # one array per ComponentKind, minor units
    totals: list[Any]  # finance view, procurement view, finance recognised, net recognised
    finance_null: BoolArray
    primary: Int64Array
    flag: Int64Array
    missing: Int64Array
    reason: Int64Array
    digits: Int64Array
    effective: Int64Array
    scalar: BoolArray
    too_wide: BoolArray  # rows with an amount beyond int64 minor units: refused


def _blank_flags(table: Table, name: str) -> tuple[BoolArray, BoolArray]:
    """(blank, odd): a text input that is empty after strip (or null), and cells that are not text."""
    codes, uniques = table.codes(name)
    blank = np.array([v is None or (isinstance(v, str) and not v.strip()) for v in uniques])
    odd = np.array([v is not None and not isinstance(v, str) for v in uniques])
    return blank[codes], odd[codes]


def _enum_codes(table: Table, name: str, kinds: tuple[Any, ...]) -> Int64Array:
    """Each row's position in ``kinds`` (-1 for null, -2 for a value the rule refuses)."""
    codes, uniques = table.codes(name)
    positions = []
    for value in uniques:
        if value is None:
            positions.append(-1)
            continue
        try:
            positions.append(kinds.index(type(kinds[0])(value)))
        except (ValueError, TypeError):
            positions.append(-2)
    return np.array(positions, dtype=np.int64)[codes]


def _index_factors(
    i0: Number, i1: Number, share: Number, rows: BoolArray
) -> tuple[Int64Array, Int64Array, BoolArray, BoolArray]:
    """The factor m = 1 + s × (I1 / I0 − 1) of ``rows`` as an exact ratio of integers (1/1 elsewhere).

    Returns numerators, denominators, the rows whose m the scalar rule's 60-digit
    division rounds (their amounts are exact ratios that may differ from the rule's
    only on a rounding boundary: the caller checks those), and the rows whose ratio
    has terms too large for int64 (left to the scalar rule).
    """
    size = len(rows)
    numerator = np.ones(size, dtype=np.int64)
    denominator = np.ones(size, dtype=np.int64)
    rounded = np.zeros(size, dtype=bool)
    large = np.zeros(size, dtype=bool)
    picked = np.flatnonzero(rows)
    if len(picked) == 0:
        return numerator, denominator, rounded, large
    weights = np.where(share.null, 10**share.scale, share.values)  # no share: the whole price
    keys = np.stack([i0.values[picked], i1.values[picked], weights[picked]], axis=1)
    distinct, inverse = np.unique(keys, axis=0, return_inverse=True)
    found: list[tuple[int, int, bool, bool]] = []
    for a, b, s in distinct.tolist():
        context = CONTEXT.copy()
        context.clear_flags()
        base = Decimal(a).scaleb(-i0.scale)
        current = Decimal(b).scaleb(-i1.scale)
        weight = Decimal(s).scaleb(-share.scale)
        movement = context.subtract(context.divide(current, base), Decimal(1))
        context.add(Decimal(1), context.multiply(weight, movement))
        exact = 1 + Fraction(weight) * (Fraction(current) / Fraction(base) - 1)
        top, bottom = exact.numerator, exact.denominator
        found.append(
            (
                top if top <= _TERM else 0,
                bottom if bottom <= _TERM else 1,
                bool(context.flags[decimal.Inexact]),
                top > _TERM or bottom > _TERM,
            )
        )
    where = inverse.reshape(-1)
    numerator[picked] = np.array([f[0] for f in found], dtype=np.int64)[where]
    denominator[picked] = np.array([f[1] for f in found], dtype=np.int64)[where]
    rounded[picked] = np.array([f[2] for f in found], dtype=bool)[where]
    large[picked] = np.array([f[3] for f in found], dtype=bool)[where]
    return numerator, denominator, rounded, large


def _oldest(effective: Int64Array, months: int) -> Int64Array:
    """The oldest accepted baseline day for each effective day (very early when none is stale)."""
    first = int(effective.min(initial=0))
    span = int(effective.max(initial=0)) - first + 1
    if span <= _DAY_TABLE:  # every day of the range once: no sort of a million dates
        distinct, inverse = np.arange(first, first + span), effective - first
    else:
        distinct, inverse = np.unique(effective, return_inverse=True)
    oldest = []
    for day in distinct.tolist():
        when = to_date(int(day))
        if months > (when.year - 1) * 12 + when.month - 1:
            oldest.append(-(10**9))
        else:
            oldest.append(to_days(add_months(when, -months)))
    return np.array(oldest, dtype=np.int64)[inverse.reshape(-1)]


def _real(number: Number) -> Any:
    return np.abs(number.values.astype(np.float64)) / 10.0**number.scale


def classify_rows(
    table: Table,
    policy: SavingsPolicy,
    as_of: date,
    *,
    digits: Int64Array,
    currencies: list[str | None],
    currency_codes: Int64Array,
) -> Vector:
    """Classify every row the vectorised path takes (see the module notes)."""
    size = table.size
    scalar = digits < 0
    numbers = {
        name: table.number(name)
        for name in (
            "baseline_price",
            "new_price",
            "forecast_quantity",
            "baseline_quantity",
            "proposal_price",
            "index_base",
            "index_current",
            "index_share",
            "fx_baseline_rate",
            "fx_current_rate",
            "implementation_cost",
            "last_price_paid",
            "reference_rate",
        )
    }
    for name, number in numbers.items():
        scalar |= number.odd | (number.values < 0)
        if name in {"baseline_price", "new_price", "forecast_quantity"}:
            scalar |= number.null
    base, new, forecast = (
        numbers["baseline_price"],
        numbers["new_price"],
        numbers["forecast_quantity"],
    )
    baseline_quantity, quote = numbers["baseline_quantity"], numbers["proposal_price"]
    i0, i1, share = numbers["index_base"], numbers["index_current"], numbers["index_share"]
    rb, rc, cost = (
        numbers["fx_baseline_rate"],
        numbers["fx_current_rate"],
        numbers["implementation_cost"],
    )
    paid_price, to_reference = numbers["last_price_paid"], numbers["reference_rate"]
    scalar |= ~to_reference.null & (to_reference.values == 0)
    # texts, codes, flags and dates
    item_codes, items = table.codes("item")
    bad_item = np.array([not (isinstance(v, str) and v.strip()) for v in items])[item_codes]
    scalar |= bad_item
    evidence_blank, odd = _blank_flags(table, "baseline_evidence")
    scalar |= odd
    proposal_blank, odd = _blank_flags(table, "proposal_evidence")
    scalar |= odd
    index_blank, odd = _blank_flags(table, "index_evidence")
    scalar |= odd
    for name in ("index_name", "supplier"):
        scalar |= _blank_flags(table, name)[1]
    approver_blank, odd = _blank_flags(table, "signoff_approver")  # blank: not a label
    scalar |= odd
    method = _enum_codes(table, "baseline_method", _METHODS)
    demand = _enum_codes(table, "demand_change", _DEMANDS)
    scalar |= (method < 0) | (demand == -2)
    demand = np.where(demand < 0, 0, demand)
    same_spec, odd = table.flags("same_spec", default=True)
    scalar |= odd
    cells = RowErrors()  # a bad date cell: the scalar rule refuses the row in its own words
    baseline_day, null = table.dates("baseline_date", cells)
    scalar |= null
    effective, null = table.dates("effective_date", cells)
    scalar |= null | (effective > to_days(date(_LAST_YEAR, 1, 1)))
    signed, signed_null = table.dates("signoff_date", cells)
    scalar |= cells.mask(size)
    # groups
    proposal = ~quote.null
    index = ~i0.null | ~i1.null
    scalar |= index & (i0.null | i1.null | (i0.values == 0) | (i1.values == 0))
    scalar |= index & (share.values > 10**share.scale)
    sc_codes, sc_uniques = table.codes("supplier_currency")
    sc_checked = [currency_code(v) for v in sc_uniques]
    sc_null = np.array([v is None for v in sc_uniques])[sc_codes]
    fx = ~sc_null | ~rb.null | ~rc.null
    cur_text = np.array([*currencies, None], dtype=object)[
        np.where(currency_codes < 0, len(currencies), currency_codes)
    ]
    sc_text = np.array(sc_checked, dtype=object)[sc_codes]
    scalar |= fx & (
        sc_null | (sc_text == None) | (sc_text == cur_text)  # noqa: E711 - elementwise
    )
    scalar |= fx & (rb.null | rc.null | (rb.values == 0) | (rc.values == 0))
    approver_codes, approvers = table.codes("signoff_approver")
    named = np.array([v is not None for v in approvers])[approver_codes]
    signoff = named | ~signed_null  # a sign-off is in the row when either cell is not null
    scalar |= signoff & (approver_blank | signed_null)

    # the baseline: B, or the reason it is not B
    paid = np.isin(method, [_METHODS.index(m) for m in PAID_METHODS])
    eligible = paid.copy()
    if policy.budget_underspend_counts:
        eligible |= method == _METHODS.index(BaselineMethod.BUDGET)
    if policy.bids_count_as_baseline:
        eligible |= np.isin(method, [_METHODS.index(m) for m in BID_METHODS])
    after = baseline_day > effective
    taken = effective[~scalar]  # the rows left to the scalar rule do not widen the day table
    stand_in = int(taken[0]) if len(taken) else 0
    known_days = np.where(scalar, stand_in, effective)
    stale = baseline_day < _oldest(known_days, policy.max_baseline_age_months)
    problem = np.select([~eligible, ~same_spec, after, stale], [1, 2, 3, 4], default=0).astype(
        np.int64
    )
    valid = problem == 0
    # the budget comparison B': B, the baseline, the last price paid, or unknown
    as_baseline = valid | (problem != 1)
    if policy.budget_comparison is BudgetComparison.BASELINE:
        as_baseline |= True
    from_paid = ~as_baseline & ~paid_price.null
    unknown = ~as_baseline & paid_price.null
    flag = np.where(unknown, _NO_HISTORY, np.array(_FLAG_OF_PROBLEM)[problem]).astype(np.int64)
    missing = np.zeros(size, dtype=np.int64)
    if policy.require_baseline_evidence:
        missing |= np.where(evidence_blank, _BASELINE_EVIDENCE, 0)

    # the counterfactual C: index, then proposal
    indexed = index & valid & policy.use_index
    factor, factor_den, rounded, large = _index_factors(i0, i1, share, indexed & ~scalar)
    scalar |= large
    missing |= np.where(indexed & index_blank, _INDEX_EVIDENCE, 0)
    unevidenced = proposal & policy.use_quotes & proposal_blank
    missing |= np.where(unevidenced, _PROPOSAL_EVIDENCE, 0)
    quoted = proposal & policy.use_quotes & ~proposal_blank

    # every row at its own power of ten: prices at S (times the index factor's denominator),
    # rates at R on FX rows (1 elsewhere), quantities at Q; amounts are ratios over it
    price_scale = max(base.scale, new.scale, quote.scale, paid_price.scale)
    rate_scale = max(rb.scale, rc.scale)
    rate_places = np.where(fx, rate_scale, 0)
    qty_scale = max(forecast.scale, baseline_quantity.scale)
    count = policy.count_months
    common = int(np.gcd(count, 12))
    per, twelfths = count // common, 12 // common
    exponent = price_scale + rate_places + qty_scale
    inexact_q = twelfths % 3 == 0

    # which rows fit int64 (a float bound with a margin of 16), the rest on Python ints
    top_price = np.maximum(
        np.maximum(_real(base) * np.maximum(factor / factor_den, 1.0), _real(new)),
        np.maximum(_real(quote), _real(paid_price)),
    )
    top_rate = np.where(fx, np.maximum(_real(rb), _real(rc)), 1.0)
    width = (
        (top_price + 1.0)
        * 10.0**price_scale
        * factor_den
        * (top_rate + 1.0)
        * 10.0**rate_places
        * (np.maximum(_real(forecast), _real(baseline_quantity)) + 1.0)
        * 10.0**qty_scale
        * 2.0
        * per
        * 10.0 ** np.maximum(0, digits - exponent)
    )
    spent_width = (_real(cost) + 1.0) * 10.0 ** max(cost.scale, 4)
    down_width = 10.0**exponent * 12.0 * factor_den  # the rounding's denominator
    big = (width >= _INT64_SAFE) | (spent_width >= _INT64_SAFE) | (down_width >= _INT64_SAFE)
    amounts = [np.zeros(size, dtype=np.int64) for _ in KINDS]
    totals = [np.zeros(size, dtype=np.int64) for _ in range(4)]
    edge = np.zeros(size, dtype=bool)
    dropped = np.zeros(size, dtype=bool)
    too_wide = np.zeros(size, dtype=bool)
    for wide in (False, True):
        rows = np.flatnonzero((big == wide) & ~scalar)
        if len(rows) == 0:
            continue
        kind: Any = object if wide else np.int64

        def at(values: Any, rows: Any = rows, kind: Any = kind) -> Any:
            picked = np.asarray(values[rows])
            return picked if picked.dtype == np.bool_ else picked.astype(kind)

        def powers(exponents: Any, kind: Any = kind) -> Any:
            """10**e per row (e >= 0), as int64 or as Python integers."""
            if kind is object:
                return np.array([10**e for e in exponents.tolist()], dtype=object)
            return np.power(np.int64(10), exponents.astype(np.int64))

        def scaled(number: Number, scale: int, at: Any = at) -> Any:
            return at(number.values) * 10 ** (scale - number.scale)

        d = digits[rows]
        e = exponent[rows]
        lift = at(factor_den)
        pow_down = powers(np.maximum(0, e - d)) * twelfths * lift
        pow_up = powers(np.maximum(0, d - e))
        # rows whose value the rule computes in 60 digits, not exactly: a value on a
        # rounding boundary there could round the other way, so those go to the rule
        approx = at(rounded) | inexact_q | wide

        def money(
            numerator: Any,
            pow_down: Any = pow_down,
            pow_up: Any = pow_up,
            approx: Any = approx,
            *,
            wide: bool = wide,
        ) -> tuple[Any, BoolArray]:
            value, on_edge = round_ratio(numerator * pow_up, pow_down, policy.rounding)
            flagged = on_edge & approx
            if wide:
                flagged = flagged | (np.abs(numerator) > _WIDE)
            return value, flagged

        def money_where(
            mask: BoolArray,
            make: Any,
            *arrays: Any,
            pow_down: Any = pow_down,
            pow_up: Any = pow_up,
            approx: Any = approx,
        ) -> tuple[Any, BoolArray]:
            """``money(make(*arrays))`` on the rows of ``mask`` only; 0 and no edge elsewhere."""
            picked = np.flatnonzero(mask)
            value = np.zeros(len(mask), dtype=pow_up.dtype)
            flagged = np.zeros(len(mask), dtype=bool)
            if len(picked):
                value[picked], flagged[picked] = money(
                    make(*(a[picked] for a in arrays)),
                    pow_down[picked],
                    pow_up[picked],
                    approx[picked],
                )
            return value, flagged

        base_price = scaled(base, price_scale)
        b = base_price * lift
        p = scaled(new, price_scale) * lift
        c = np.where(at(indexed), base_price * at(factor), b)
        q_price = scaled(quote, price_scale) * lift
        capped = at(indexed) & policy.cap_quote_by_index
        c = np.where(
            at(quoted),
            np.where(capped, np.minimum(np.maximum(q_price, b), c), np.maximum(q_price, c)),
            c,
        )
        on_fx = at(fx)
        rate = np.where(on_fx, scaled(rb, rate_scale), 1)
        current = np.where(on_fx, scaled(rc, rate_scale), 1)
        qf = scaled(forecast, qty_scale)
        qn = qf * per
        ok = at(valid)
        known = ~at(unknown)
        budget = np.where(at(from_paid), scaled(paid_price, price_scale) * lift, b)
        budget = np.where(known, budget, 0)
        procurement, e1 = money((c - p) * rate * qn)
        finance, e2 = money((budget - p) * rate * qn)
        low = np.minimum(b, c)
        hard_case = ok & (p < low)
        hard, e3 = money_where(hard_case, _price_effect, low, p, rate, qn)
        zero = np.zeros(len(rows), dtype=kind)
        windfall = np.where(hard_case, finance - hard, np.where(ok & (p <= b), finance, zero))
        increase = np.where(~hard_case & ok & (p > b), finance, zero)
        unsupported = np.where(~ok & known & (finance > 0), finance, zero)
        increase = np.where(~ok & known & (finance < 0), finance, increase)
        avoidance = np.where(hard_case, procurement - hard, np.where(p <= c, procurement, zero))
        under = np.where(~hard_case & (p > c), procurement, zero)
        if not policy.keep_negatives:
            dropped[rows] = (increase != 0) | (under != 0)
            increase, under = zero, zero
        q0_null = at(baseline_quantity.null)
        q0 = scaled(baseline_quantity, qty_scale)
        moved = known & ~q0_null
        spend, e4 = money_where(moved, _spend_change, budget, q0, p, qf, rate * per)
        volume = np.where(moved, spend - finance, zero)
        change = demand[rows]
        positive = volume > 0
        demand_cut = np.where(positive & (change == 1) & ok, volume, zero)
        scope_cut = np.where(positive & (change == 2), volume, zero)
        variance = volume - demand_cut - scope_cut
        fx_value, e5 = money_where(on_fx, _price_effect, rate, current, p, qn)
        implementation, _ = round_ratio(
            at(cost.values) * powers(np.maximum(0, d - cost.scale)),
            powers(np.maximum(0, cost.scale - d)),
            policy.rounding,
        )
        # the rule compares P1 with its 60-digit C: equal here, a hair apart there
        tie = at(rounded) & ((p == c) | (p == low))
        edge[rows] = e1 | (e2 & known) | (e3 & hard_case) | (e4 & moved) | (e5 & on_fx) | tie
        parts = {
            ComponentKind.HARD_SAVINGS: hard,
            ComponentKind.COST_AVOIDANCE: avoidance,
            ComponentKind.MARKET_WINDFALL: windfall,
            ComponentKind.COST_INCREASE: increase,
            ComponentKind.UNSUPPORTED_REDUCTION: unsupported,
            ComponentKind.MARKET_UNDERPERFORMANCE: under,
            ComponentKind.DEMAND_REDUCTION: demand_cut,
            ComponentKind.SCOPE_REDUCTION: scope_cut,
            ComponentKind.VOLUME_VARIANCE: variance,
            ComponentKind.FX_VARIANCE: fx_value,
            ComponentKind.IMPLEMENTATION_COST: -implementation,
        }
        sums = (
            hard + windfall + increase + unsupported + volume + fx_value - implementation,
            hard + avoidance + under + demand_cut - implementation,
            hard + demand_cut - implementation,
            hard + demand_cut - implementation + increase,
        )
        for target, value in (
            *((amounts[_K[k]], v) for k, v in parts.items()),
            *zip(totals, sums, strict=True),
        ):
            if wide:  # Python integers: a value beyond int64 refuses its row
                fits = np.asarray((value >= -_INT64) & (value < _INT64), dtype=bool)
                too_wide[rows[~fits]] = True
                value = np.where(fits, value, 0).astype(np.int64)  # noqa: PLW2901
            target[rows] = value
    scalar |= edge
    recognised = totals[2]

    # primary category, sign-off, status and the primary reason
    hard_like = (
        amounts[_K[ComponentKind.HARD_SAVINGS]] + amounts[_K[ComponentKind.DEMAND_REDUCTION]]
    )
    primary = np.select(
        [
            hard_like > 0,
            amounts[_K[ComponentKind.COST_INCREASE]] < 0,
            amounts[_K[ComponentKind.COST_AVOIDANCE]] > 0,
        ],
        [_HARD, _INCREASE, _AVOIDANCE],
        default=_NO_SAVING,
    ).astype(np.int64)
    need = _needs_signoff(
        policy, recognised, digits, scalar, currencies, currency_codes, to_reference
    )
    in_place = signoff & ~signed_null & (signed <= to_days(as_of))
    required = need & ~in_place
    missing |= np.where(required, _SIGNOFF, 0)
    no_quantity = baseline_quantity.null & (demand != 0)
    reason = np.select(
        [problem > 0, unevidenced, dropped, no_quantity, required, missing != 0],
        [problem, 5, 6, 7, 8, 9],
        default=0,
    ).astype(np.int64)
    return Vector(
        amounts=amounts,
        totals=totals,
        finance_null=unknown,
        primary=primary,
        flag=flag,
        missing=missing,
        reason=reason,
        digits=digits,
        effective=effective,
        scalar=scalar,
        too_wide=too_wide,
    )


def _price_effect(high: Any, low: Any, rate: Any, quantity: Any) -> Any:
    """(high − low) × rate × quantity: a price change (or, rates first, the FX variance)."""
    return (high - low) * rate * quantity


def _spend_change(budget: Any, q0: Any, price: Any, quantity: Any, rate: Any) -> Any:
    """(B′ × Q0 − P1 × Q) × rate: the change in spend, price and volume together."""
    return (budget * q0 - price * quantity) * rate


def _needs_signoff(  # noqa: PLR0917 - private
    policy: SavingsPolicy,
    recognised: Any,
    digits: Int64Array,
    scalar: BoolArray,
    currencies: list[str | None],
    currency_codes: Int64Array,
    to_reference: Number,
) -> BoolArray:
    """Rows whose recognised amount needs a finance sign-off under the policy's threshold.

    The threshold is in the policy's reference currency: an event in another currency
    is measured at its ``reference_rate`` (exactly: recognised × rate, unrounded); an
    event without the rate it needs is left to the scalar rule, which refuses it.
    """
    size = len(digits)
    need = np.zeros(size, dtype=bool)
    threshold = policy.signoff_threshold
    reference = policy.reference_currency
    converted = np.zeros(size, dtype=bool)
    if reference is not None:
        other = np.array([code != reference for code in currencies] + [False])
        converted = other[np.where(currency_codes < 0, len(currencies), currency_codes)]
        scalar |= converted & to_reference.null
    if threshold is None:
        return need
    for places in np.unique(digits[~scalar]).tolist():
        for rated in (False, True):
            rows = np.flatnonzero((digits == places) & ~scalar & (converted == rated))
            if len(rows) == 0:
                continue
            value = np.asarray(recognised[rows])
            scale = places
            if rated:  # recognised x rate, exactly, in Python integers
                value = value.astype(object) * to_reference.values[rows].astype(object)
                scale += to_reference.scale
            limit = Fraction(threshold) * 10**scale
            floor = limit.numerator // limit.denominator
            whole = limit.denominator == 1
            above = value > floor if whole else value >= floor + 1
            equal = (value == floor) if whole else np.zeros(len(rows), dtype=bool)
            positive = np.asarray(recognised[rows]) > 0
            need[rows] = positive & (above | (equal & policy.signoff_at_threshold))
    return need
