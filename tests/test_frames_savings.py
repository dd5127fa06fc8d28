"""``frames.classify_savings`` (issue 16, item 6): every row equal to the scalar rule.

The scalar rule is the specification: every output column of every row equals
:func:`spendrules.savings.classify_savings` called on a :class:`~spendrules.savings.SavingsEvent`
built here from the raw values the frame is made of (never through ``spendrules.frames``),
and with a period, :func:`spendrules.savings.fiscal_year_slice` of that classification.

Hypothesis draws event tables that cover every branch the rule has (stale, other-spec,
after-effective and not-paid baselines, last prices paid, proposals with and without
evidence, indices, caps, FX, demand changes, sign-offs and reference currencies,
``keep_negatives=False``, ``count_months`` other than 12, every rounding mode, JPY, USD
and BHD, huge and tiny prices and quantities); seeded tables of 600 rows under four
policies drive the vectorised path at volume.
"""

from __future__ import annotations

import datetime as dt
import decimal
import inspect
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pytest.importorskip("narwhals")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from spendrules import frames  # noqa: E402
from spendrules.errors import FrameInputError, InvalidInputError  # noqa: E402
from spendrules.savings import (  # noqa: E402
    BaselineMethod,
    BudgetComparison,
    ComponentKind,
    DemandChange,
    FinanceSignOff,
    FiscalPeriod,
    FxRates,
    LeapDayStart,
    MarketIndex,
    ProrationConvention,
    SavingsEvent,
    SavingsPolicy,
    SupplierProposal,
    classify_savings,
    fiscal_year_slice,
)

D = Decimal
AS_OF = dt.date(2026, 3, 31)
FY2026 = FiscalPeriod(name="FY2026", start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31))
#: Every per-row input column: the keyword parameters of ``frames.classify_savings`` that name
#: a column (checked against its signature below).
COLUMNS = tuple(
    name
    for name, parameter in inspect.signature(frames.classify_savings).parameters.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    and name
    not in {"as_of", "policy", "period", "convention", "leap_day", "keep", "money", "errors"}
)
FX_RATES = ("fx_baseline_rate", "fx_current_rate")
TEXTS = {"item", "currency", "baseline_method", "baseline_evidence", "supplier", "index_name"}
TEXTS |= {"proposal_evidence", "index_evidence", "supplier_currency", "demand_change"}
TEXTS |= {"signoff_approver"}


# ---------------------------------------------------------------------- the scalar reference


def event_of(row: dict[str, Any]) -> SavingsEvent:
    """The event a row describes, as the frames docstring defines the flattening."""
    proposal = index = fx = signoff = None
    if row.get("proposal_price") is not None:
        proposal = SupplierProposal(
            price=row["proposal_price"], evidence=row.get("proposal_evidence") or ""
        )
    if row.get("index_base") is not None or row.get("index_current") is not None:
        share = row.get("index_share")
        index = MarketIndex(
            base=row["index_base"],
            current=row["index_current"],
            indexed_share=D(1) if share is None else share,
            name=row.get("index_name") or "",
            evidence=row.get("index_evidence") or "",
        )
    if any(row.get(k) is not None for k in ("supplier_currency", *FX_RATES)):
        fx = FxRates(
            supplier_currency=row["supplier_currency"],
            baseline_rate=row["fx_baseline_rate"],
            current_rate=row["fx_current_rate"],
        )
    if row.get("signoff_approver") is not None or row.get("signoff_date") is not None:
        signoff = FinanceSignOff(approver=row["signoff_approver"], signed_on=row["signoff_date"])
    return SavingsEvent(
        item=row["item"],
        currency=row["currency"],
        baseline_price=row["baseline_price"],
        baseline_method=BaselineMethod(row["baseline_method"]),
        baseline_date=row["baseline_date"],
        new_price=row["new_price"],
        effective_date=row["effective_date"],
        forecast_quantity=row["forecast_quantity"],
        baseline_quantity=row.get("baseline_quantity"),
        baseline_evidence=row.get("baseline_evidence") or "",
        same_spec=True if row.get("same_spec") is None else row["same_spec"],
        last_price_paid=row.get("last_price_paid"),
        supplier=row.get("supplier") or "",
        proposal=proposal,
        market_index=index,
        fx=fx,
        demand_change=DemandChange(row.get("demand_change") or "none"),
        implementation_cost=row.get("implementation_cost") or D(0),
        finance_signoff=signoff,
        reference_rate=row.get("reference_rate"),
    )


def expected_row(
    row: dict[str, Any],
    policy: SavingsPolicy,
    period: FiscalPeriod | None,
    spread: dict[str, Any] | None = None,
) -> dict[str, Any]:
    result = classify_savings(event_of(row), policy=policy, as_of=AS_OF)
    out: dict[str, Any] = {
        "currency": result.currency,
        "finance_view": result.finance_view,
        "procurement_view": result.procurement_view,
        "finance_recognised": result.finance_recognised,
        "net_recognised": result.net_recognised,
        "primary": result.primary.value,
        "status": result.status.value,
        "missing": ",".join(m.value for m in result.missing),
        "budget_flag": result.budget_flag.value,
        "rule": result.rule,
        "reason": result.primary_reason().code,
    }
    for kind in ComponentKind:
        out[kind.value] = result.amount(kind)
    if period is not None:
        part = fiscal_year_slice(result, period=period, **(spread or {}))
        out.update(
            fy_days=sum(s.days for s in part.shares),
            fy_of_days=sum(s.of_days for s in part.shares),
            fy_finance_view=part.finance_view,
            fy_procurement_view=part.procurement_view,
            fy_finance_recognised=part.finance_recognised,
            fy_net_recognised=part.net_recognised,
            fy_recognised=part.recognised,
            fy_pending=part.pending,
        )
    return out


def assert_rows_equal(
    rows: list[dict[str, Any]],
    got: Any,
    policy: SavingsPolicy,
    period: FiscalPeriod | None = None,
    spread: dict[str, Any] | None = None,
) -> None:
    exact_places = isinstance(got, pd.DataFrame)  # arrow decimals share one scale per column
    table = (
        got
        if exact_places
        else pd.DataFrame(
            got.to_arrow().to_pydict() if isinstance(got, pl.DataFrame) else got.to_pydict()
        )
    )
    assert list(table["row"]) == list(range(len(rows)))
    for at, row in enumerate(rows):
        expected = expected_row(row, policy, period, spread)
        for name, value in expected.items():
            cell = table[name].iloc[at]
            if cell is not None and not isinstance(cell, (str, Decimal)) and pd.isna(cell):
                cell = None
            if isinstance(value, int) and not isinstance(value, bool):
                cell = int(cell)
            assert cell == value, (at, name, cell, value, row)
            if exact_places and isinstance(value, Decimal):  # the same places (5.00 == 5 holds)
                assert str(cell) == str(value), (at, name, cell, value)


# ---------------------------------------------------------------------- strategies

CURRENCIES = {"USD": 2, "JPY": 0, "BHD": 3, "EUR": 2}
MODES = (
    decimal.ROUND_HALF_UP,
    decimal.ROUND_HALF_EVEN,
    decimal.ROUND_HALF_DOWN,
    decimal.ROUND_UP,
    decimal.ROUND_DOWN,
    decimal.ROUND_CEILING,
    decimal.ROUND_FLOOR,
    decimal.ROUND_05UP,
)


def amounts(low: int = 0, high: int = 10**7, places: int = 4) -> st.SearchStrategy[Decimal]:
    return st.builds(
        lambda units, exp: D(units).scaleb(-exp),
        st.integers(low, high),
        st.integers(0, places),
    )


prices = st.one_of(
    amounts(0, 5_000, 2),
    amounts(0, 10**7, 4),
    st.sampled_from([D("0.000001"), D("123456789.123"), D("10.00"), D("9.50"), D("0")]),
)
quantities = st.one_of(
    st.integers(0, 5_000).map(D),
    amounts(0, 10**6, 3),
    st.sampled_from([D("0.000001"), D("1000000000"), D(12), D(18), D(1)]),
)
days = st.one_of(
    st.dates(dt.date(2023, 1, 1), dt.date(2028, 12, 31)),
    st.sampled_from([dt.date(2024, 2, 29), dt.date(2028, 2, 29), dt.date(2026, 1, 31)]),
)
SPREADS = (ProrationConvention.CONTRACT_YEARS, ProrationConvention.ACTUAL_DAYS)
PERIODS = (
    None,
    FY2026,
    FiscalPeriod(name="FY2028", start=dt.date(2028, 1, 1), end=dt.date(2028, 12, 31)),
    FiscalPeriod(name="FY2025", start=dt.date(2024, 7, 1), end=dt.date(2025, 6, 30)),
)


@st.composite
def event_rows(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(list(CURRENCIES)))
    effective = draw(days)
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        item=draw(st.sampled_from(["widget", "seats", "A-1"])),
        currency=currency,
        baseline_price=draw(prices),
        baseline_method=draw(st.sampled_from([m.value for m in BaselineMethod])),
        baseline_date=effective - dt.timedelta(days=draw(st.integers(-40, 800))),
        new_price=draw(prices),
        effective_date=effective,
        forecast_quantity=draw(quantities),
        baseline_evidence=draw(st.sampled_from(["PO-1", "", "  ", None])),
        same_spec=draw(st.sampled_from([True, True, False, None])),
        supplier=draw(st.sampled_from(["Acme", None])),
    )
    if draw(st.booleans()):
        row["baseline_quantity"] = draw(quantities)
        row["demand_change"] = draw(st.sampled_from([d.value for d in DemandChange]))
    elif draw(st.booleans()):
        row["demand_change"] = draw(st.sampled_from([d.value for d in DemandChange]))
    if draw(st.booleans()):
        row["last_price_paid"] = draw(prices)
    if draw(st.booleans()):
        row["proposal_price"] = draw(prices)
        row["proposal_evidence"] = draw(st.sampled_from(["letter", "", None]))
    if draw(st.booleans()):
        row["index_base"] = draw(st.sampled_from([D(100), D("98.5"), D(3), D("312.332")]))
        row["index_current"] = draw(st.sampled_from([D(104), D("101.25"), D(4), D("298.1")]))
        row["index_share"] = draw(st.sampled_from([None, D("0.6"), D(1), D(0)]))
        row["index_name"] = draw(st.sampled_from(["CPI", None]))
        row["index_evidence"] = draw(st.sampled_from(["ONS", "", None]))
    if draw(st.integers(0, 3)) == 0:
        row["supplier_currency"] = draw(
            st.sampled_from([c for c in ("EUR", "GBP", "CHF") if c != currency])
        )
        row["fx_baseline_rate"] = draw(st.sampled_from([D("1.0856"), D("0.91"), D(2)]))
        row["fx_current_rate"] = draw(st.sampled_from([D("1.1"), D("0.9"), D(2)]))
    if draw(st.booleans()):
        row["implementation_cost"] = draw(amounts(0, 10**6, 3))
    if draw(st.booleans()):
        row["signoff_approver"] = "CFO"
        row["signoff_date"] = AS_OF + dt.timedelta(days=draw(st.integers(-30, 30)))
    if draw(st.booleans()):
        row["reference_rate"] = draw(st.sampled_from([D("1.1"), D("0.0072"), D(1)]))
    return row


@st.composite
def policies(draw: st.DrawFn) -> SavingsPolicy:
    return SavingsPolicy(
        max_baseline_age_months=draw(st.sampled_from([12, 0, 6, 24])),
        count_months=draw(st.sampled_from([12, 12, 6, 1, 7, 24, 36])),
        use_quotes=draw(st.booleans()),
        cap_quote_by_index=draw(st.booleans()),
        use_index=draw(st.booleans()),
        budget_underspend_counts=draw(st.booleans()),
        bids_count_as_baseline=draw(st.booleans()),
        keep_negatives=draw(st.booleans()),
        signoff_threshold=draw(st.sampled_from([None, D(0), D(100000), D("500.005"), D(1000)])),
        signoff_at_threshold=draw(st.booleans()),
        require_baseline_evidence=draw(st.booleans()),
        budget_comparison=draw(st.sampled_from(list(BudgetComparison))),
        reference_currency=draw(st.sampled_from([None, None, "USD"])),
        rounding=draw(st.sampled_from(MODES)),
    )


def frame_of(rows: list[dict[str, Any]], kind: str = "pandas") -> Any:
    data = {name: [row.get(name) for row in rows] for name in COLUMNS}
    table = pd.DataFrame({name: pd.Series(values, dtype=object) for name, values in data.items()})
    if kind == "pandas":
        return table
    arrow = pa.table(
        {name: pa.array(values, type=_arrow_type(name)) for name, values in data.items()}
    )
    return arrow if kind == "pyarrow" else pl.from_arrow(arrow)


def _arrow_type(name: str) -> Any:
    if name.endswith("_date"):
        return pa.date32()
    if name == "same_spec":
        return pa.bool_()
    return pa.string() if name in TEXTS else pa.decimal128(28, 9)


# ---------------------------------------------------------------------- the property


def fits(row: dict[str, Any], policy: SavingsPolicy) -> bool:
    """Whether the scalar rule classifies ``row`` with every amount within int64 minor units.

    The others are bad rows of a frame (tested with the bad rows).
    """
    try:
        result = classify_savings(event_of(row), policy=policy, as_of=AS_OF)
    except (InvalidInputError, TypeError):
        return False
    places = CURRENCIES.get(result.currency, 2)
    values = [result.procurement_view, result.finance_recognised, result.net_recognised]
    values += [result.amount(kind) for kind in ComponentKind]
    values += [result.finance_view or D(0)]
    return all(abs(value.scaleb(places)) < 2**63 for value in values)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(event_rows(), min_size=1, max_size=12), policy=policies(), data=st.data())
def test_every_row_equals_the_scalar_rule(
    rows: list[dict[str, Any]], policy: SavingsPolicy, data: st.DataObject
) -> None:
    kind = data.draw(st.sampled_from(["pandas", "polars", "pyarrow"]))
    period = data.draw(st.sampled_from(PERIODS))
    spread = {
        "convention": data.draw(st.sampled_from(list(SPREADS))),
        "leap_day": data.draw(st.sampled_from(list(LeapDayStart))),
    }
    usable = [row for row in rows if fits(row, policy)]
    if not usable:
        return
    got = frames.classify_savings(
        frame_of(usable, kind), as_of=AS_OF, policy=policy, period=period, **spread
    )
    assert_rows_equal(usable, got, policy, period, spread)


def random_rows(count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` rows from a seeded generator: every branch, at volume, for the vectorised path."""
    rng = np.random.default_rng(seed)
    methods = [m.value for m in BaselineMethod]
    changes = [d.value for d in DemandChange]
    rows = []
    for _ in range(count):
        currency = str(rng.choice(list(CURRENCIES)))
        places = CURRENCIES[currency]
        effective = dt.date(2025, 1, 1) + dt.timedelta(days=int(rng.integers(0, 730)))
        base = D(int(rng.integers(0, 10**6))).scaleb(-places)
        row: dict[str, Any] = dict.fromkeys(COLUMNS)
        row.update(
            item=f"item-{int(rng.integers(0, 50))}",
            currency=currency,
            baseline_price=base,
            baseline_method=str(rng.choice(methods)),
            baseline_date=effective - dt.timedelta(days=int(rng.integers(-20, 500))),
            new_price=(base * D(str(round(float(rng.uniform(0.8, 1.2)), 3)))).quantize(
                D(1).scaleb(-places)
            ),
            effective_date=effective,
            forecast_quantity=D(int(rng.integers(0, 100_000))),
            baseline_evidence=str(rng.choice(["INV-1", "", "INV-2"])),
            same_spec=bool(rng.random() < 0.9),
        )
        if rng.random() < 0.4:
            row["baseline_quantity"] = D(int(rng.integers(0, 100_000)))
            row["demand_change"] = str(rng.choice(changes))
        if rng.random() < 0.3:
            row["last_price_paid"] = (base * D("0.97")).quantize(D(1).scaleb(-places))
        if rng.random() < 0.25:
            row["proposal_price"] = (base * D("1.07")).quantize(D(1).scaleb(-places))
            row["proposal_evidence"] = str(rng.choice(["letter", ""]))
        if rng.random() < 0.2:
            row["index_base"] = D(int(rng.choice([1000, 1284, 987, 1313]))).scaleb(-1)
            row["index_current"] = D(int(rng.integers(950, 1150))).scaleb(-1)
            row["index_share"] = D(str(rng.choice(["0.5", "1", "0.25"])))
            row["index_evidence"] = str(rng.choice(["CPI", ""]))
        if currency == "USD" and rng.random() < 0.2:
            row["supplier_currency"] = "EUR"
            row["fx_baseline_rate"] = D(int(rng.integers(10_000, 12_000))).scaleb(-4)
            row["fx_current_rate"] = D(int(rng.integers(10_000, 12_000))).scaleb(-4)
        if rng.random() < 0.2:
            row["implementation_cost"] = D(int(rng.integers(0, 10**6))).scaleb(-places)
        if rng.random() < 0.3:
            row["signoff_approver"] = "CFO"
            row["signoff_date"] = AS_OF + dt.timedelta(days=int(rng.integers(-60, 10)))
        rows.append(row)
    return rows


@pytest.mark.parametrize(
    ("policy", "period"),
    [
        pytest.param(SavingsPolicy(), FY2026, id="default-FY2026"),
        pytest.param(
            SavingsPolicy(
                count_months=24,
                keep_negatives=False,
                rounding=decimal.ROUND_HALF_EVEN,
                signoff_threshold=D(5000),
                budget_comparison=BudgetComparison.BASELINE,
            ),
            None,
            id="two-years-no-negatives-half-even",
        ),
        pytest.param(
            SavingsPolicy(count_months=1, rounding=decimal.ROUND_DOWN, max_baseline_age_months=6),
            FY2026,
            id="one-month-round-down",
        ),
        pytest.param(SavingsPolicy.procurement_broad(), None, id="procurement-broad"),
        # the two settings that widen the eligible baselines, each in an explicit case (not
        # only in the property's draws): bids (NIGP's low-bid rule) and budget underspend
        pytest.param(SavingsPolicy.lowest_bid(), None, id="lowest-bid"),
        pytest.param(SavingsPolicy(budget_underspend_counts=True), FY2026, id="budget-underspend"),
    ],
)
def test_a_seeded_table_equals_the_scalar_rule(
    policy: SavingsPolicy, period: FiscalPeriod | None
) -> None:
    rows = random_rows(600, seed=16)
    got = frames.classify_savings(
        frame_of(rows, "polars"), as_of=AS_OF, policy=policy, period=period
    )
    assert_rows_equal(rows, got, policy, period)


# ---------------------------------------------------------------------- issue 16's cases


def renewal(**change: Any) -> dict[str, Any]:
    """Issue 16: 120.00 a seat last paid, the supplier asked 130.80 in writing, 124.80 agreed."""
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row.update(
        item="seats",
        currency="USD",
        baseline_price=D("120.00"),
        baseline_method="last_price_paid",
        baseline_date=dt.date(2025, 12, 1),
        baseline_evidence="INV-88",
        new_price=D("124.80"),
        effective_date=dt.date(2026, 1, 1),
        forecast_quantity=D(2000),
        proposal_price=D("130.80"),
        proposal_evidence="letter 2025-11-20",
    )
    row.update(change)
    return row


ISSUE_CASES = [
    # (id, row, finance view, procurement view, budget flag): the finance view is the budget
    # change (B' - P1) x Q every time, computed here by hand from the issue's figures
    pytest.param(renewal(), D("-9600.00"), D("12000.00"), "supported", id="renewal"),
    pytest.param(
        renewal(baseline_date=dt.date(2024, 12, 31)),
        D("-9600.00"),
        D("12000.00"),
        "stale",
        id="renewal-baseline-a-day-too-old",
    ),
    pytest.param(
        renewal(same_spec=False, new_price=D("121.60"), proposal_price=None),
        D("-3200.00"),
        D("-3200.00"),
        "other_spec",
        id="spec-change-spend-rises-3200",
    ),
    pytest.param(
        renewal(baseline_method="quote", proposal_price=None),
        None,
        D("-9600.00"),
        "no_history",
        id="no-baseline-no-price-paid",
    ),
    pytest.param(
        renewal(baseline_method="quote", proposal_price=None, last_price_paid=D("118.00")),
        D("-13600.00"),
        D("-9600.00"),
        "not_paid",
        id="quote-baseline-last-price-paid-118",
    ),
]


@pytest.mark.parametrize(("row", "finance", "procurement", "flag"), ISSUE_CASES)
@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
def test_the_issue_cases_show_what_the_budget_did(
    row: dict[str, Any], finance: Decimal | None, procurement: Decimal, flag: str, kind: str
) -> None:
    got = frames.classify_savings(frame_of([row], kind), as_of=AS_OF)
    table = got if kind == "pandas" else got.to_pandas()
    cell = table["finance_view"].iloc[0]
    assert (
        None if cell is None or (not isinstance(cell, Decimal) and pd.isna(cell)) else cell
    ) == finance
    assert table["procurement_view"].iloc[0] == procurement
    assert table["budget_flag"].iloc[0] == flag
    assert_rows_equal([row], got, SavingsPolicy())


# ---------------------------------------------------------------------- frames, columns, options


def test_every_backend_gives_the_same_rows_in_the_same_order() -> None:
    rows = random_rows(60, seed=3)
    got = [
        frames.classify_savings(frame_of(rows, kind), as_of=AS_OF, period=FY2026)
        for kind in ("pandas", "polars", "pyarrow")
    ]
    assert isinstance(got[0], pd.DataFrame)
    assert isinstance(got[1], pl.DataFrame)
    assert isinstance(got[2], pa.Table)
    assert list(got[0].columns) == got[1].columns == got[2].column_names
    reference = got[2].to_pylist()
    assert got[1].to_arrow().to_pylist() == reference
    assert_rows_equal(rows, got[0], SavingsPolicy(), FY2026)


def test_numbers_in_every_representation_give_the_same_rows() -> None:
    row = renewal()
    strings = {**row, "baseline_price": "120.00", "new_price": "124.8", "proposal_price": "130.80"}
    integers = {**row, "baseline_price": 120, "forecast_quantity": 2000}
    got = [
        frames.classify_savings(frame_of([r]), as_of=AS_OF)["finance_view"].iloc[0]
        for r in (row, strings, integers)
    ]
    assert got == [D("-9600.00")] * 3
    arrow = pa.table(
        {
            "item": ["seats"],
            "currency": ["USD"],
            "baseline_price": pa.array([12000], pa.int32()),
            "baseline_method": ["last_price_paid"],
            "baseline_date": pa.array([dt.date(2025, 12, 1)], pa.date32()),
            "new_price": pa.array([D("12480.000000000000000")], pa.decimal128(38, 15)),
            "effective_date": pa.array(
                [dt.datetime(2026, 1, 1)],  # noqa: DTZ001 - a naive timestamp at midnight
                pa.timestamp("us"),
            ),
            "forecast_quantity": pa.array([20], pa.uint64()),
        }
    )
    result = frames.classify_savings(arrow, as_of=AS_OF, money="minor_units")
    assert result["finance_view"].to_pylist() == [-960000]  # (12000 - 12480) x 20, in cents


def test_renamed_columns_constants_and_kept_columns() -> None:
    table = pd.DataFrame(
        {
            "sku": ["seats", "pens"],
            "before": [D("120.00"), D("2.00")],
            "after": [D("124.80"), D("1.90")],
            "qty": [2000, 500],
            "ref": ["E1", "E2"],
        }
    )
    got = frames.classify_savings(
        table,
        as_of=AS_OF,
        item="sku",
        currency="USD",
        baseline_price="before",
        new_price="after",
        forecast_quantity="qty",
        baseline_method=BaselineMethod.LAST_PRICE_PAID,
        baseline_date=dt.date(2025, 12, 1),
        effective_date=dt.date(2026, 1, 1),
        same_spec=True,
        index_share=None,
        keep=["ref", "sku"],
    )
    assert list(got.columns[:3]) == ["ref", "sku", "row"]
    assert got["finance_view"].tolist() == [D("-9600.00"), D("50.00")]
    assert got["hard_savings"].tolist() == [D("0.00"), D("50.00")]
    assert got["cost_increase"].tolist() == [D("-9600.00"), D("0.00")]
    assert got["missing"].tolist() == ["baseline_evidence"] * 2
    assert got["reason"].tolist() == ["SAVINGS.PENDING"] * 2
    assert got["status"].tolist() == ["pending_validation"] * 2
    cents = frames.classify_savings(
        table,
        as_of=AS_OF,
        item="sku",
        currency="USD",
        baseline_price="before",
        new_price="after",
        forecast_quantity="qty",
        baseline_method=BaselineMethod.LAST_PRICE_PAID,
        baseline_date=dt.date(2025, 12, 1),
        effective_date=dt.date(2026, 1, 1),
        money="minor_units",
    )
    assert cents["finance_view"].tolist() == [-960000, 5000]


def test_an_empty_frame_gives_an_empty_result() -> None:
    empty = frame_of([renewal()]).head(0)
    got = frames.classify_savings(empty, as_of=AS_OF, period=FY2026)
    assert len(got) == 0
    assert "fy_finance_view" in got.columns and "hard_savings" in got.columns
    polars = frames.classify_savings(
        pl.from_pandas(frame_of([renewal()]).head(0).astype(str)), as_of=AS_OF
    )
    assert polars.height == 0


# ---------------------------------------------------------------------- bad rows


RATES = {"fx_baseline_rate": D(1), "fx_current_rate": D(1)}
BAD_ROWS = {  # id: (the change to a good row, the column named, the value named)
    "negative-price": ({"baseline_price": D("-1")}, "baseline_price", D("-1")),
    "unknown-currency": ({"currency": "XXQ"}, "currency", "XXQ"),
    "no-currency": ({"currency": None}, "currency", None),
    "bad-method": ({"baseline_method": "hearsay"}, "baseline_method", "hearsay"),
    "bad-demand-change": ({"demand_change": "lots"}, "demand_change", "lots"),
    "no-new-price": ({"new_price": None}, "new_price", None),
    "blank-item": ({"item": "  "}, "item", "  "),
    "index-without-current": ({"index_base": D(100)}, "index_current", None),
    "index-zero": ({"index_base": D(0), "index_current": D(1)}, "index_base", D(0)),
    "share-above-1": ({"index_base": 1, "index_current": 1, "index_share": 2}, "index_share", 2),
    "fx-in-own-currency": ({"supplier_currency": "USD", **RATES}, "supplier_currency", "USD"),
    "fx-without-currency": ({"fx_baseline_rate": D(1)}, "supplier_currency", None),
    "unknown-supplier-currency": (
        {"supplier_currency": "XXQ", **RATES},
        "supplier_currency",
        "XXQ",
    ),
    "blank-approver": ({"signoff_approver": ""}, "signoff_approver", ""),
    "signoff-without-approver": ({"signoff_date": AS_OF}, "signoff_approver", None),
    "same-spec-not-bool": ({"same_spec": "yes"}, "same_spec", "yes"),
    "date-as-text": ({"baseline_date": "2025-12-01"}, "baseline_date", "2025-12-01"),
    "zero-reference-rate": ({"reference_rate": D(0)}, "reference_rate", D(0)),
    "window-past-9999": (
        {"effective_date": dt.date(9999, 6, 1)},
        "effective_date",
        dt.date(9999, 6, 1),
    ),
    "evidence-not-text": ({"baseline_evidence": 7}, "baseline_evidence", 7),
}


@pytest.mark.parametrize(("change", "column", "value"), BAD_ROWS.values(), ids=list(BAD_ROWS))
def test_a_bad_row_names_its_row_column_and_value(
    change: dict[str, Any], column: str, value: Any
) -> None:
    rows = [renewal(), renewal(**change), renewal()]
    with pytest.raises(FrameInputError) as raised:
        frames.classify_savings(frame_of(rows), as_of=AS_OF)
    error = raised.value
    assert (error.row, error.column) == (1, column), str(error)
    assert error.value == value, str(error)
    collected = frames.classify_savings(frame_of(rows), as_of=AS_OF, errors="collect")
    assert [None if pd.isna(v) else v for v in collected["error_field"]] == [None, column, None]
    assert collected["finance_view"].tolist()[::2] == [D("-9600.00")] * 2
    assert collected["finance_view"].iloc[1] is None
    assert collected["rule"].isna().tolist() == [False, True, False]


def test_a_reference_currency_needs_the_rate() -> None:
    policy = SavingsPolicy(reference_currency="EUR")
    with pytest.raises(FrameInputError) as raised:
        frames.classify_savings(frame_of([renewal()]), as_of=AS_OF, policy=policy)
    assert (raised.value.row, raised.value.column) == (0, "reference_rate")
    got = frames.classify_savings(
        frame_of([renewal(reference_rate=D("0.92"))]), as_of=AS_OF, policy=policy
    )
    assert_rows_equal([renewal(reference_rate=D("0.92"))], got, policy)


def test_whole_column_errors_and_options() -> None:
    table = frame_of([renewal()])
    with pytest.raises(FrameInputError, match="not floats"):
        frames.classify_savings(table.assign(new_price=[124.8]), as_of=AS_OF)
    with pytest.raises(FrameInputError, match="a column of the frame"):
        frames.classify_savings(table.drop(columns=["new_price"]), as_of=AS_OF)
    with pytest.raises(FrameInputError, match="a column of the frame"):
        frames.classify_savings(table, as_of=AS_OF, baseline_quantity="qty0")
    with pytest.raises(FrameInputError, match="a date column"):
        frames.classify_savings(table.assign(effective_date=[1.5]), as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="money"):
        frames.classify_savings(table, as_of=AS_OF, money="cents")
    with pytest.raises(InvalidInputError, match="errors"):
        frames.classify_savings(table, as_of=AS_OF, errors="ignore")
    with pytest.raises(TypeError, match="policy"):
        frames.classify_savings(table, as_of=AS_OF, policy="default")
    with pytest.raises(TypeError, match="period"):
        frames.classify_savings(table, as_of=AS_OF, period="FY2026")
    with pytest.raises(TypeError, match="leap_day"):
        frames.classify_savings(table, as_of=AS_OF, leap_day="february_28")
    with pytest.raises(TypeError, match="as_of"):
        frames.classify_savings(table, as_of="2026-03-31")
    with pytest.raises(InvalidInputError, match="convention"):
        frames.classify_savings(table, as_of=AS_OF, convention=ProrationConvention.SERVICENOW)
    with pytest.raises(TypeError, match="DataFrame"):
        frames.classify_savings([renewal()], as_of=AS_OF)


@pytest.mark.parametrize(
    "price",
    [D("900000000000.00"), D("900000000000.0000000000001")],
    ids=["vectorised", "scalar-rule"],
)
def test_a_row_beyond_int64_minor_units_is_a_bad_row(price: Decimal) -> None:
    huge = renewal(baseline_price=price, forecast_quantity=D(10**9), proposal_price=None)
    with pytest.raises(FrameInputError, match="fits int64 minor units") as raised:
        frames.classify_savings(frame_of([renewal(), huge]), as_of=AS_OF)
    assert (raised.value.row, raised.value.column) == (1, "forecast_quantity")


# ---------------------------------------------------------------------- explanations, Spark, Dask


def test_explain_reruns_the_scalar_rule() -> None:
    rows = [renewal(), renewal(baseline_date=dt.date(2024, 1, 1))]
    table = frame_of(rows)
    result = frames.classify_savings(table, as_of=AS_OF)
    text = frames.explain(result, 1, frame=table, as_of=AS_OF)
    assert text == classify_savings(event_of(rows[1]), as_of=AS_OF).explain()
    assert "SAVINGS.BASELINE_STALE" in text
    collected = frames.classify_savings(
        frame_of([renewal(new_price=D("-1"))]), as_of=AS_OF, errors="collect"
    )
    with pytest.raises(InvalidInputError, match="row"):
        frames.explain(collected, 0, frame=table, as_of=AS_OF)
    with pytest.raises(InvalidInputError, match="row"):
        frames.explain(result, 5, frame=table, as_of=AS_OF)


def test_partition_function_and_spark_schema() -> None:
    rows = random_rows(40, seed=5)
    table = frame_of(rows)
    run = frames.partition_function(frames.classify_savings, as_of=AS_OF, keep=["item"])
    parts = list(run(iter([table.iloc[:25], table.iloc[25:]])))
    assert [len(p) for p in parts] == [25, 15]
    schema = frames.spark_schema(
        "classify_savings", keep={"item": "string"}, period=True, errors="collect"
    )
    names = [field.split(" ")[0] for field in schema.split(", ")]
    whole = frames.classify_savings(
        table, as_of=AS_OF, keep=["item"], period=FY2026, errors="collect"
    )
    assert names == list(whole.columns)
    assert "finance_view decimal(38,4)" in schema
    assert frames.spark_schema("safety_stock").startswith("row bigint, safety_stock")
    assert list(frames.partition_function("safety_stock")(iter([]))) == []
    with pytest.raises(InvalidInputError, match="scale"):
        frames.spark_schema("classify_savings", scale=40)


def test_dask_partitions_give_the_rows_of_one_call() -> None:
    dask = pytest.importorskip("dask")
    dd = pytest.importorskip("dask.dataframe")
    rows = random_rows(200, seed=9)
    table = frame_of(rows).assign(event_id=[f"E{i:04d}" for i in range(len(rows))])
    options = {"as_of": AS_OF, "keep": ["event_id"]}
    expected = frames.classify_savings(table, **options)
    meta = frames.classify_savings(table.head(0), **options)
    with dask.config.set({"dataframe.convert-string": False}):
        source = dd.from_pandas(table, npartitions=4)
        got = source.map_partitions(frames.classify_savings, **options, meta=meta).compute(
            scheduler="synchronous"
        )
    got = got.sort_values("event_id").reset_index(drop=True)
    for column in expected.columns:
        if column != "row":
            assert got[column].tolist() == expected[column].tolist(), column


def scalar_only(**change: Any) -> dict[str, Any]:
    """A renewal the vectorised path leaves to the scalar rule: a cost with 13 decimal places."""
    return renewal(implementation_cost=D("0.0000000000001"), **change)


def test_rows_left_to_the_scalar_rule_read_every_cell_type() -> None:
    rows = [
        scalar_only(),
        scalar_only(forecast_quantity=np.int64(2000), baseline_price="120.00"),
        scalar_only(baseline_date=pd.Timestamp("2025-12-01"), same_spec=np.True_),
        renewal(baseline_price=D("120.0000000000001")),  # 13 places: the scalar rule's own
        renewal(forecast_quantity=np.int64(2000), new_price="124.80"),
    ]
    plain = [
        {
            **row,
            **{
                k: v
                for k, v in renewal().items()
                if k in {"forecast_quantity", "baseline_date", "same_spec"}
            },
        }
        for row in rows
    ]
    plain[1]["baseline_price"] = D("120.00")
    plain[4]["new_price"] = D("124.80")
    got = frames.classify_savings(frame_of(rows), as_of=AS_OF, period=FY2026)
    assert_rows_equal(plain, got, SavingsPolicy(), FY2026)
    fine = {"baseline_price", "implementation_cost"}  # 15 places: finer than the fast path
    precise = pa.table(
        {
            k: pa.array(
                [v[k] for v in plain[:4]],
                type=pa.decimal128(38, 15) if k in fine else _arrow_type(k),
            )
            for k in COLUMNS
        }
    )
    assert_rows_equal(plain[:4], frames.classify_savings(precise, as_of=AS_OF), SavingsPolicy())


def test_constants_reach_rows_left_to_the_scalar_rule() -> None:
    table = frame_of([scalar_only(), renewal()]).drop(columns=["baseline_method", "same_spec"])
    got = frames.classify_savings(
        table, as_of=AS_OF, baseline_method=BaselineMethod.LAST_PRICE_PAID, same_spec=True
    )
    assert_rows_equal([scalar_only(), renewal()], got, SavingsPolicy())
    with pytest.raises(FrameInputError) as raised:
        frames.classify_savings(table, as_of=AS_OF, baseline_method="quote", same_spec=1)
    assert (raised.value.row, raised.value.column) == (None, "quote")  # a str names a column
    with pytest.raises(FrameInputError) as raised:
        frames.classify_savings(
            table, as_of=AS_OF, baseline_method=BaselineMethod.LAST_PRICE_PAID, same_spec=1
        )
    assert (raised.value.row, raised.value.column) == (0, "same_spec")


def test_large_amounts_take_python_integers_and_still_equal_the_scalar_rule() -> None:
    rows = [
        renewal(
            baseline_price=D("9000000000.00"),
            new_price=D("8000000000.00"),
            forecast_quantity=D(900000),
            effective_date=dt.date(2026, 7, 1),
        ),
        renewal(
            baseline_price=D("0.000001"), new_price=D("0.000002"), forecast_quantity=D("0.000001")
        ),
        renewal(),
    ]
    got = frames.classify_savings(frame_of(rows), as_of=AS_OF, period=FY2026)
    assert_rows_equal(rows, got, SavingsPolicy(), FY2026)


def test_yen_amounts_too_large_for_one_arrow_scale_stay_exact() -> None:
    rows = [
        renewal(
            currency="JPY",
            baseline_price=D(50_000_000_000),
            new_price=D(1),
            forecast_quantity=D(2_000_000),
            proposal_price=None,
        ),
        renewal(currency="BHD", baseline_price=D("1.125"), new_price=D("1.000")),
    ]
    got = frames.classify_savings(frame_of(rows, "pyarrow"), as_of=AS_OF)
    assert got["finance_view"].to_pylist() == [D("99999999998000000"), D("250.000")]
    assert_rows_equal(rows, got, SavingsPolicy())


def test_a_baseline_age_reaching_back_past_year_one_is_never_stale() -> None:
    policy = SavingsPolicy(max_baseline_age_months=1200)
    rows = [renewal(baseline_date=dt.date(1, 1, 1), effective_date=dt.date(90, 1, 1))]
    got = frames.classify_savings(frame_of(rows), as_of=AS_OF, policy=policy)
    assert got["budget_flag"].tolist() == ["supported"]
    assert_rows_equal(rows, got, policy)


@settings(max_examples=300, deadline=None)
@given(
    numerator=st.integers(-(10**30), 10**30),
    denominator=st.integers(1, 10**20),
    rounding=st.sampled_from(MODES),
)
def test_round_ratio_is_decimal_quantize_of_the_exact_ratio(
    numerator: int, denominator: int, rounding: str
) -> None:
    from fractions import Fraction

    from spendrules.frames._savings_math import round_ratio

    exact = Fraction(numerator, denominator)
    with decimal.localcontext(decimal.Context(prec=200)):
        # 200 digits: a quotient that does not terminate is at least 1/denominator from a
        # rounding boundary, far beyond the 200th digit, so it rounds as the exact ratio
        expected = (D(exact.numerator) / D(exact.denominator)).quantize(D(1), rounding=rounding)
    value, edge = round_ratio(np.array([numerator], dtype=object), denominator, rounding)
    assert int(value[0]) == int(expected)
    if numerator != 0 and rounding in {
        decimal.ROUND_HALF_UP,
        decimal.ROUND_HALF_EVEN,
        decimal.ROUND_HALF_DOWN,
    }:
        assert bool(edge[0]) == (exact.denominator == 2)
    elif numerator != 0:
        assert bool(edge[0]) == (exact.denominator == 1)
    if abs(numerator) < 2**62 and denominator < 2**62:
        small, _ = round_ratio(np.array([numerator], dtype=np.int64), denominator, rounding)
        assert int(small[0]) == int(expected)


@pytest.mark.parametrize("rounding", MODES)
@pytest.mark.parametrize(("numerator", "denominator"), [(-7, 2), (7, 2), (-10, 3), (25, 5), (0, 4)])
def test_round_ratio_in_every_mode_explicitly(
    numerator: int, denominator: int, rounding: str
) -> None:
    # Every rounding mode on a half, a third, an exact ratio and zero, whatever the draws.
    inner = test_round_ratio_is_decimal_quantize_of_the_exact_ratio.hypothesis.inner_test  # type: ignore[attr-defined]
    inner(numerator=numerator, denominator=denominator, rounding=rounding)


@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
@pytest.mark.xdist_group("spark")  # one JVM at a time under pytest-xdist
def test_on_spark_every_row_equals_one_process() -> None:
    pytest.importorskip("pyspark", reason="pyspark is not installed (it is in the test extra)")
    import os
    import shutil
    import sys

    java = shutil.which("java")
    if java is None and not os.environ.get("JAVA_HOME"):
        pytest.skip("no Java runtime for pyspark (.ci/run installs one)")
    from pyspark.sql import SparkSession

    rows = random_rows(300, seed=11)
    table = frame_of(rows).assign(event_id=[f"E{i:04d}" for i in range(len(rows))])
    table = pa.Table.from_pandas(table, preserve_index=False)
    options = {"as_of": AS_OF, "keep": ["event_id"], "period": FY2026}
    expected = frames.classify_savings(table, **options).to_pandas()
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYSPARK_PYTHON", sys.executable)
        env.setenv("PYSPARK_DRIVER_PYTHON", sys.executable)
        env.setenv("SPARK_LOCAL_IP", "127.0.0.1")
        if java is not None and not os.environ.get("JAVA_HOME"):
            env.setenv("JAVA_HOME", os.path.dirname(os.path.dirname(os.path.realpath(java))))
        spark = (
            SparkSession.builder.master("local[2]")
            .appName("spendrules-frames-savings")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.execution.arrow.pyspark.enabled", "true")
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate()
        )
        try:
            spark.sparkContext.setLogLevel("ERROR")
            source = spark.createDataFrame(table.to_pandas()).repartition(2)
            schema = frames.spark_schema(
                "classify_savings", keep={"event_id": "string"}, period=True
            )
            result = source.mapInPandas(
                frames.partition_function("classify_savings", **options), schema=schema
            )
            got = result.toArrow().to_pandas()
        finally:
            spark.stop()
    got = got.sort_values("event_id").reset_index(drop=True)
    assert list(got.columns) == list(expected.columns)
    for column in expected.columns:
        if column != "row":  # partition-local under Spark
            left = [None if pd.isna(v) else v for v in got[column].tolist()]
            right = [None if pd.isna(v) else v for v in expected[column].tolist()]
            assert left == right, column
