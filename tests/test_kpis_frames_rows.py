"""More frames KPIs (issue 19, item 1): each equals the scalar KPI (spendrules.kpis) over the same rows.

The expected values come from the scalar path: the scalar KPI over totals added here,
over ``summarise_savings`` of the scalar classifications, over the scalar reviews'
splits and reserves, or over ``BudgetBook.check`` of each request.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("numpy")
pytest.importorskip("narwhals")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from spendrules import frames, kpis, savings  # noqa: E402
from spendrules.budget import (  # noqa: E402
    Budget,
    BudgetBook,
    ControlPolicy,
    FundsDecision,
    SpendLine,
    SpendRequest,
)
from spendrules.errors import FrameInputError, InvalidInputError  # noqa: E402
from spendrules.inventory import (  # noqa: E402
    Demand,
    LeadTime,
    ReserveBasis,
    ReserveStep,
    ReserveTable,
    StockItem,
    excess_and_obsolete_reserve,
    review_stock,
)

D = Decimal
BACKENDS = ["pandas", "polars", "pyarrow"]
money = st.decimals(min_value=0, max_value=10**6, places=2)


def make(backend: str, columns: dict[str, list[Any]]) -> Any:
    if backend == "pandas":
        return pd.DataFrame(columns)
    if backend == "polars":
        return pl.DataFrame(columns)
    return pa.table(columns)


def convert(frame: Any, backend: str) -> Any:
    """A pandas frame in ``backend``'s kind (decimal objects become arrow decimals)."""
    if backend == "pandas":
        return frame
    table = pa.Table.from_pandas(frame, preserve_index=False)
    return table if backend == "pyarrow" else pl.from_arrow(table)


# ---------------------------------------------------------------------- rows of spend and charges

spend_rows = st.lists(st.tuples(st.booleans(), money), min_size=1, max_size=25)


@settings(max_examples=25)
@given(rows=spend_rows, backend=st.sampled_from(BACKENDS))
def test_spend_shares_and_late_interest_equal_the_scalar_kpis(
    rows: list[tuple[bool, Decimal]], backend: str
) -> None:
    flags = [flag for flag, _ in rows]
    amounts = [amount for _, amount in rows]
    frame = make(backend, {"flag": flags, "amount": amounts, "late_interest": amounts})
    flagged = sum((a for f, a in zip(flags, amounts, strict=True) if f), D(0))
    total = sum(amounts, D(0))
    assert frames.late_payment_interest_paid(
        frame, currency="EUR", target=D(100)
    ) == kpis.late_payment_interest_paid(amounts, currency="EUR", target=D(100))
    if total == 0:
        with pytest.raises(InvalidInputError):
            frames.preferred_supplier_share(frame, preferred="flag")
        return
    assert frames.preferred_supplier_share(
        frame, preferred="flag", currency="USD", target=D("0.7")
    ) == kpis.preferred_supplier_share(flagged, total_spend=total, currency="USD", target=D("0.7"))
    assert frames.spend_under_management(
        frame, managed="flag", period=90
    ) == kpis.spend_under_management(flagged, total_spend=total, period=90)


@pytest.mark.parametrize("backend", BACKENDS)
def test_published_spend_examples_over_rows(backend: str) -> None:
    # OpsDog's SUM: 8.5 million managed of 10 million; kpis' preferred example 6,300 of 9,000.
    managed = make(backend, {"managed": [True, True, False], "amount": [5_000, 3_500, 1_500]})
    assert frames.spend_under_management(managed).value == D("0.85")
    preferred = make(backend, {"preferred": [True, False], "amount": [6_300, 2_700]})
    assert frames.preferred_supplier_share(preferred).value == D("0.7")


service_rows = st.lists(
    st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda p: (min(p), max(p))),
    min_size=1,
    max_size=25,
)


@settings(max_examples=25)
@given(rows=service_rows, backend=st.sampled_from(BACKENDS))
def test_service_level_equals_the_scalar_kpi(rows: list[tuple[int, int]], backend: str) -> None:
    filled = [got for got, _ in rows]
    demanded = [need for _, need in rows]
    frame = make(backend, {"filled": filled, "demanded": demanded})
    in_full = sum(got == need for got, need in rows)
    assert frames.service_level(frame, measure="cycle", target=D("0.9")) == kpis.service_level(
        in_full, demanded=len(rows), measure="cycle", target=D("0.9")
    )
    if sum(demanded) == 0:
        with pytest.raises(InvalidInputError):
            frames.service_level(frame)
        return
    assert frames.service_level(frame) == kpis.service_level(
        D(sum(filled)), demanded=D(sum(demanded))
    )


def test_service_level_reads_decimal_quantities() -> None:
    # Silver, Pyke and Thomas's fill rate: 9,620 of 10,000 units filled from stock.
    frame = pd.DataFrame({"shipped": [D("9000.5"), D("619.5")], "ordered": [D(9000.5), D(999.5)]})
    kpi = frames.service_level(frame, achieved="shipped", demanded="ordered")
    assert kpi == kpis.service_level(D("9620.0"), demanded=D("10000.0"))
    assert kpi.value == D("0.962")


# ---------------------------------------------------------------------- budget requests

OPEN = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
DAY = dt.date(2026, 3, 1)
BOOK = BudgetBook(
    [
        Budget("6100", D("1000.00"), "USD", *OPEN),
        Budget("6200", D("50.00"), "USD", *OPEN),
    ],
    policy=ControlPolicy(),
)
request_lines = st.lists(
    st.tuples(
        st.sampled_from(["6100", "6200", "7000"]),
        st.integers(1, 120_000).map(lambda cents: D(cents).scaleb(-2)),
        st.sampled_from(["R1", "R2", "R3", "R4", None]),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=20)
@given(lines=request_lines, backend=st.sampled_from(BACKENDS))
def test_request_shares_over_check_budget_equal_the_scalar_checks(
    lines: list[tuple[str, Decimal, str | None]], backend: str
) -> None:
    frame = convert(
        pd.DataFrame(
            {
                "account": [account for account, _, _ in lines],
                "amount": [amount for _, amount, _ in lines],
                "currency": ["USD"] * len(lines),
                "date": [DAY] * len(lines),
                "request_id": pd.Series([rid for _, _, rid in lines], dtype=object),
            }
        ),
        backend,
    )
    checked = frames.check_budget(
        frame, book=BOOK, as_of=DAY, request="request_id", keep=["request_id"]
    )
    # the scalar path: one SpendRequest per id (a null id is a request of its own)
    grouped: dict[object, list[SpendLine]] = {}
    for at, (account, amount, rid) in enumerate(lines):
        key = ("row", at) if rid is None else rid
        grouped.setdefault(key, []).append(SpendLine(account, amount, "USD"))
    decisions = [
        BOOK.check(SpendRequest(request_lines, DAY), as_of=DAY).decision
        for request_lines in grouped.values()
    ]
    blocked = sum(decision is FundsDecision.BLOCKED for decision in decisions)
    assert frames.blocked_request_share(
        checked, request="request_id", target=D("0.1")
    ) == kpis.blocked_request_share(blocked, requests=len(grouped), target=D("0.1"))
    if backend == "pandas":
        overridden = checked.assign(overridden=checked["decision"] == "pass_with_warning")
        warned = sum(decision is FundsDecision.PASS_WITH_WARNING for decision in decisions)
        assert frames.overridden_request_share(
            overridden, request="request_id"
        ) == kpis.overridden_request_share(warned, requests=len(grouped))


def test_each_row_is_a_request_without_ids() -> None:
    lines = pd.DataFrame(
        {
            "account": ["6100", "6100", "6200", "7000"],
            "amount": [D("400.00"), D("1200.00"), D("60.00"), D("5.00")],
            "currency": ["USD"] * 4,
            "date": [DAY] * 4,
        }
    )
    checked = frames.check_budget(lines, book=BOOK, as_of=DAY)
    kpi = frames.blocked_request_share(checked)
    assert kpi == kpis.blocked_request_share(2, requests=4)
    assert kpi.value == D("0.5")


def test_override_flags_count_requests() -> None:
    frame = pl.DataFrame(
        {"request": ["A", "A", "B", None, None], "overridden": [True, True, False, False, True]}
    )
    kpi = frames.overridden_request_share(frame, request="request")
    assert kpi == kpis.overridden_request_share(2, requests=4)


# ---------------------------------------------------------------------- savings outputs

AS_OF = dt.date(2026, 1, 15)
CURRENCY_PLACES = {"USD": 2, "JPY": 0, "BHD": 3}


@st.composite
def event_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    currency = draw(st.sampled_from(list(CURRENCY_PLACES)))
    places = CURRENCY_PLACES[currency]
    price = st.integers(1, 20_000).map(lambda units: D(units).scaleb(-places))
    count = draw(st.integers(1, 8))
    rows = []
    for number in range(count):
        proposal = draw(st.one_of(st.none(), price))
        rows.append(
            {
                "item": f"item-{number}",  # distinct events: summarise_savings counts each once
                "currency": currency,
                "baseline_price": draw(price),
                "baseline_method": "last_price_paid",
                "baseline_date": dt.date(2025, 11, 3),
                "baseline_evidence": draw(st.sampled_from(["PO-1", None])),
                "new_price": draw(price),
                "effective_date": dt.date(2026, 1, 1),
                "forecast_quantity": D(draw(st.integers(0, 5_000))),
                "proposal_price": proposal,
                "proposal_evidence": None if proposal is None else "letter",
            }
        )
    return rows


def event_of(row: dict[str, Any]) -> savings.SavingsEvent:
    proposal = row["proposal_price"]
    return savings.SavingsEvent(
        item=row["item"],
        currency=row["currency"],
        baseline_price=row["baseline_price"],
        baseline_method=savings.BaselineMethod(row["baseline_method"]),
        baseline_date=row["baseline_date"],
        baseline_evidence=row["baseline_evidence"] or "",
        new_price=row["new_price"],
        effective_date=row["effective_date"],
        forecast_quantity=row["forecast_quantity"],
        proposal=None
        if proposal is None
        else savings.SupplierProposal(price=proposal, evidence=row["proposal_evidence"]),
    )


def events_frame(rows: list[dict[str, Any]], backend: str) -> Any:
    table = pd.DataFrame(
        {name: pd.Series([r[name] for r in rows], dtype=object) for name in rows[0]}
    )
    if backend == "pandas":
        return table
    arrow = pa.table(
        {
            name: pa.array(
                list(table[name]),
                type=pa.date32()
                if name.endswith("_date")
                else pa.decimal128(28, 9)
                if name in {"baseline_price", "new_price", "forecast_quantity", "proposal_price"}
                else pa.string(),
            )
            for name in table.columns
        }
    )
    return arrow if backend == "pyarrow" else pl.from_arrow(arrow)


@settings(max_examples=20)
@given(
    rows=event_rows(),
    backend=st.sampled_from(BACKENDS),
    mode=st.sampled_from(["decimal", "minor_units"]),
)
def test_savings_kpis_over_classify_savings_equal_the_kpis_of_the_summary(
    rows: list[dict[str, Any]], backend: str, mode: str
) -> None:
    results = [savings.classify_savings(event_of(row), as_of=AS_OF) for row in rows]
    summary = savings.summarise_savings(results)
    classified = frames.classify_savings(events_frame(rows, backend), as_of=AS_OF, money=mode)
    for view in ("finance", "procurement"):
        assert frames.savings_rate(
            classified, addressable_spend=10**6, view=view, money=mode
        ) == kpis.savings_rate(summary, addressable_spend=10**6, view=view)
    currency = rows[0]["currency"]
    assert frames.net_savings(classified, money=mode, target=0) == kpis.net_savings(
        summary, currency=currency, target=0
    )
    total = summary.total
    if (
        total.amount(savings.ComponentKind.COST_AVOIDANCE)
        == 0
        == total.amount(savings.ComponentKind.HARD_SAVINGS)
    ):
        with pytest.raises(InvalidInputError):
            frames.cost_avoidance_share(classified, money=mode)
        return
    assert frames.cost_avoidance_share(classified, money=mode) == kpis.cost_avoidance_share(summary)


ISSUE_EVENTS = [  # the guide's event (hard savings 1,000, cost avoidance 1,000) and an increase
    {
        "item": "WIDGET-10",
        "currency": "USD",
        "baseline_price": D("10.00"),
        "baseline_method": "last_price_paid",
        "baseline_date": dt.date(2025, 11, 3),
        "baseline_evidence": "PO 4500017311",
        "new_price": D("9.00"),
        "effective_date": dt.date(2026, 1, 1),
        "forecast_quantity": D(1000),
        "proposal_price": D("11.00"),
        "proposal_evidence": "letter",
    },
    {
        "item": "SEATS",
        "currency": "USD",
        "baseline_price": D("120.00"),
        "baseline_method": "last_price_paid",
        "baseline_date": dt.date(2025, 12, 1),
        "baseline_evidence": "INV-88",
        "new_price": D("124.80"),
        "effective_date": dt.date(2025, 12, 1),
        "forecast_quantity": D(2000),
        "proposal_price": None,
        "proposal_evidence": None,
    },
]


def test_the_chained_savings_kpis_read_as_the_summary() -> None:
    classified = frames.classify_savings(pd.DataFrame(ISSUE_EVENTS), as_of=AS_OF)
    # hard savings 1,000.00; the seats cost 2,000 × 4.80 = 9,600.00 more
    net = frames.net_savings(classified)
    assert (net.value, net.figure("cost_increases")) == (D("-8600.00"), D("9600.00"))
    assert frames.cost_avoidance_share(classified).value == D("0.5")
    assert frames.savings_rate(classified, addressable_spend=100_000).value == D("0.01")


def test_failed_rows_are_refused_unless_skipped() -> None:
    rows = [dict(ISSUE_EVENTS[0]), {**ISSUE_EVENTS[1], "forecast_quantity": D(-1)}]
    classified = frames.classify_savings(pd.DataFrame(rows), as_of=AS_OF, errors="collect")
    with pytest.raises(FrameInputError) as info:
        frames.savings_rate(classified, addressable_spend=100_000)
    assert (info.value.row, info.value.column) == (1, "error_code")
    assert "errors='skip'" in str(info.value)
    good = [savings.classify_savings(event_of(ISSUE_EVENTS[0]), as_of=AS_OF)]
    summary = savings.summarise_savings(good)
    assert frames.savings_rate(
        classified, addressable_spend=100_000, errors="skip"
    ) == kpis.savings_rate(summary, addressable_spend=100_000)
    assert frames.net_savings(classified, errors="skip") == kpis.net_savings(
        summary, currency="USD"
    )
    with pytest.raises(InvalidInputError, match="errors"):
        frames.net_savings(classified, errors="ignore")


def test_a_frame_in_two_currencies_names_the_first_row_of_the_second() -> None:
    rows = [ISSUE_EVENTS[0], ISSUE_EVENTS[1], {**ISSUE_EVENTS[1], "currency": "EUR"}]
    classified = frames.classify_savings(pd.DataFrame(rows), as_of=AS_OF)
    with pytest.raises(FrameInputError) as info:
        frames.net_savings(classified)
    assert (info.value.row, info.value.column, info.value.value) == (2, "currency", "EUR")
    assert "row 0's" in str(info.value)
    with pytest.raises(FrameInputError) as info:
        frames.savings_rate(classified, addressable_spend=1, currency="EUR")
    assert (info.value.row, info.value.value) == (0, "USD")
    assert "the currency given" in str(info.value)


def test_an_empty_output_needs_a_currency() -> None:
    empty = pd.DataFrame(
        {name: pd.Series([], dtype=object) for name in ("currency", "finance_recognised")}
    ).assign(net_recognised=pd.Series([], dtype=object))
    for code in ("JPY", "BHD"):
        kpi = frames.net_savings(empty, currency=code)
        summary = savings.summarise_savings([], currency=code)
        assert kpi == kpis.net_savings(summary, currency=code)
    with pytest.raises(InvalidInputError) as info:
        frames.net_savings(empty)
    assert info.value.field == "currency"


def test_minor_units_need_integer_columns() -> None:
    classified = frames.classify_savings(pd.DataFrame(ISSUE_EVENTS), as_of=AS_OF)
    with pytest.raises(FrameInputError) as info:
        frames.net_savings(classified, money="minor_units")
    assert (info.value.row, info.value.column, info.value.code) == (
        None,
        "finance_recognised",
        "INPUT.TYPE",
    )
    with pytest.raises(InvalidInputError, match="money"):
        frames.net_savings(classified, money="cents")


# ---------------------------------------------------------------------- stock reviews

STOCK_AS_OF = dt.date(2026, 3, 31)
TABLE = ReserveTable(
    ReserveBasis.MONTHS_OF_SUPPLY,
    (ReserveStep(0, 0), ReserveStep(6, D("0.25")), ReserveStep(D("12.5"), D("0.5"))),
)


@st.composite
def sku_rows(draw: st.DrawFn) -> list[dict[str, Any]]:
    currency = draw(st.sampled_from(list(CURRENCY_PLACES)))
    places = CURRENCY_PLACES[currency]
    rows = []
    for number in range(draw(st.integers(1, 8))):
        rows.append(
            {
                "sku": f"S-{number}",
                "on_hand": draw(st.integers(0, 2_000)),
                "unit_cost": D(draw(st.integers(1, 10_000))).scaleb(-places),
                "currency": currency,
                "demand_mean": draw(st.integers(0, 40)),
                "demand_sd": draw(st.integers(0, 5)),
                "lead_time": draw(st.integers(0, 20)),
                "service_level": D("0.95"),
                "order_quantity": draw(st.integers(0, 300)),
                "end_of_life": draw(st.booleans()),
            }
        )
    return rows


def item_of(row: dict[str, Any]) -> StockItem:
    return StockItem(
        sku=row["sku"],
        on_hand=row["on_hand"],
        unit_cost=row["unit_cost"],
        currency=row["currency"],
        demand=Demand(row["demand_mean"], row["demand_sd"]),
        lead_time=LeadTime(row["lead_time"]),
        service_level=row["service_level"],
        order_quantity=row["order_quantity"],
        end_of_life=row["end_of_life"],
    )


@settings(max_examples=20)
@given(
    rows=sku_rows(),
    backend=st.sampled_from(BACKENDS),
    mode=st.sampled_from(["decimal", "minor_units"]),
)
def test_stock_kpis_over_review_stock_equal_the_scalar_reviews(
    rows: list[dict[str, Any]], backend: str, mode: str
) -> None:
    splits = [review_stock(item_of(row), as_of=STOCK_AS_OF).split for row in rows]
    reserves = [excess_and_obsolete_reserve(split, table=TABLE) for split in splits]
    frame = convert(pd.DataFrame(rows), backend)
    reviewed = frames.review_stock(frame, as_of=STOCK_AS_OF, reserve_table=TABLE, money=mode)
    stock = sum((split.value for split in splits), D(0))
    if stock == 0:
        with pytest.raises(InvalidInputError):
            frames.excess_obsolete_share(reviewed, money=mode)
    else:
        assert frames.excess_obsolete_share(
            reviewed, money=mode, target=D("0.1")
        ) == kpis.excess_obsolete_share(splits, target=D("0.1"))
    eo = sum((split.excess.value + split.obsolete.value for split in splits), D(0))
    if eo == 0:
        with pytest.raises(InvalidInputError):
            frames.reserve_coverage(reviewed, money=mode)
        return
    currency = rows[0]["currency"]
    assert frames.reserve_coverage(reviewed, money=mode) == kpis.reserve_coverage(
        sum((reserve.total for reserve in reserves), D(0)),
        excess_obsolete_value=eo,
        currency=currency,
    )


STOCK = pd.DataFrame(
    {
        "sku": ["A-100", "B-200"],
        "on_hand": [180, 50],
        "unit_cost": [D("5.00"), D("2.00")],
        "currency": ["USD", "USD"],
        "demand_mean": [10, 0],
        "demand_sd": [3, 0],
        "lead_time": [9, 0],
        "service_level": [D("0.95"), D("0.95")],
        "order_quantity": [100, 0],
        "end_of_life": [False, True],
    }
)


def test_the_chained_stock_kpis_read_as_the_domain_example() -> None:
    # A-100 (domain note): 65.196317 units excess at 5.00 = 325.98; B-200 end of life:
    # 50 obsolete at 2.00 = 100.00; stock 900.00 + 100.00.
    reviewed = frames.review_stock(STOCK, as_of=STOCK_AS_OF, reserve_table=TABLE)
    share = frames.excess_obsolete_share(reviewed)
    assert share.figure("excess_value") == D("325.98")
    assert share.figure("obsolete_value") == D("100.00")
    assert share.input("stock_value") == D("1000.00")
    assert share.value == D("0.4260")  # 425.98 ÷ 1,000.00 to four places


def test_reserve_coverage_needs_the_reserve_columns() -> None:
    reviewed = frames.review_stock(STOCK, as_of=STOCK_AS_OF)
    with pytest.raises(FrameInputError) as info:
        frames.reserve_coverage(reviewed)
    assert (info.value.row, info.value.column) == (None, "reserve")
    assert "reserve_table" in str(info.value)


def test_failed_stock_rows_are_refused_unless_skipped() -> None:
    rows = STOCK.assign(on_hand=pd.Series([D(180), None], dtype=object))
    reviewed = frames.review_stock(rows, as_of=STOCK_AS_OF, errors="collect")
    with pytest.raises(FrameInputError) as info:
        frames.excess_obsolete_share(reviewed)
    assert info.value.row == 1
    split = review_stock(item_of(STOCK.iloc[0].to_dict()), as_of=STOCK_AS_OF).split
    assert frames.excess_obsolete_share(reviewed, errors="skip") == kpis.excess_obsolete_share(
        [split]
    )


# ---------------------------------------------------------------------- bad cells


@pytest.mark.parametrize(
    ("call", "columns", "where"),
    [
        pytest.param(
            frames.preferred_supplier_share,
            {"preferred": [True, None], "amount": [D(1), D(2)]},
            (1, "preferred", None, "INPUT.MISSING"),
            id="null flag",
        ),
        pytest.param(
            frames.spend_under_management,
            {"managed": [True, False], "amount": [D(1), 2.5]},
            (1, "amount", 2.5, "INPUT.TYPE"),
            id="float money",
        ),
        pytest.param(
            lambda f: frames.late_payment_interest_paid(f, currency="EUR"),
            {"late_interest": [D("1.00"), D("-0.01")]},
            (1, "late_interest", D("-0.01"), "INPUT.INVALID"),
            id="negative interest",
        ),
        pytest.param(
            frames.service_level,
            {"filled": [1, 5], "demanded": [2, 4]},
            (1, "filled", D(5), "INPUT.INVALID"),
            id="filled above demanded",
        ),
        pytest.param(
            frames.service_level,
            {"filled": [0, 0], "demanded": [2, -4]},
            (1, "demanded", D(-4), "INPUT.INVALID"),
            id="negative demand",
        ),
        pytest.param(
            frames.service_level,
            {"filled": [D(-1)], "demanded": [D(2)]},
            (0, "filled", D(-1), "INPUT.INVALID"),
            id="negative filled",
        ),
        pytest.param(
            frames.blocked_request_share,
            {"decision": ["pass", None]},
            (1, "decision", None, "INPUT.MISSING"),
            id="null decision",
        ),
        pytest.param(
            frames.blocked_request_share,
            {"decision": ["pass", "refused"]},
            (1, "decision", "refused", "INPUT.INVALID"),
            id="unknown decision",
        ),
        pytest.param(
            lambda f: frames.blocked_request_share(f, request="request"),
            {"decision": ["pass", "blocked"], "request": ["R", "R"]},
            (1, "decision", FundsDecision.BLOCKED, "INPUT.INVALID"),
            id="one request two decisions",
        ),
        pytest.param(
            lambda f: frames.overridden_request_share(f, request="request"),
            {"overridden": [True, False], "request": [["R"], ["R"]]},
            (0, "request", ["R"], "INPUT.TYPE"),
            id="unhashable request id",
        ),
        pytest.param(
            frames.overridden_request_share,
            {"overridden": [True, "yes"]},
            (1, "overridden", "yes", "INPUT.TYPE"),
            id="text flag",
        ),
        pytest.param(
            frames.cost_avoidance_share,
            {"currency": ["USD", None], "cost_avoidance": [D(1), D(1)], "hard_savings": [D(1)] * 2},
            (1, "currency", None, "INPUT.MISSING"),
            id="null currency",
        ),
        pytest.param(
            frames.cost_avoidance_share,
            {"currency": ["USD"], "cost_avoidance": [None], "hard_savings": [D(1)]},
            (0, "cost_avoidance", None, "INPUT.MISSING"),
            id="null amount",
        ),
    ],
)
def test_a_bad_cell_names_row_column_and_value(
    call: Any, columns: dict[str, list[Any]], where: tuple[Any, ...]
) -> None:
    with pytest.raises(FrameInputError) as info:
        call(pd.DataFrame(columns))
    error = info.value
    assert (error.row, error.column, error.value, error.code) == where


@pytest.mark.parametrize("code", ["XXQ", 840])
def test_a_bad_currency_cell_names_its_row(code: object) -> None:
    frame = pd.DataFrame({"currency": [code], "excess_value": [D(1)]})
    with pytest.raises(FrameInputError) as info:
        frames.excess_obsolete_share(frame)
    assert (info.value.row, info.value.column, info.value.value) == (0, "currency", code)
    with pytest.raises(InvalidInputError) as given:
        frames.excess_obsolete_share(frame, currency="usd ")
    assert given.value.field == "currency"


def test_failed_request_rows_are_left_out_with_skip() -> None:
    lines = pd.DataFrame(
        {
            "account": ["6100", "6100", "6100"],
            "amount": [D("1200.00"), None, D("10.00")],
            "currency": ["USD", "USD", "USD"],
            "date": [DAY] * 3,
        }
    )
    checked = frames.check_budget(lines, book=BOOK, as_of=DAY, errors="collect")
    failed = [at for at, code in enumerate(checked["error_code"]) if pd.notna(code)]
    assert failed == [1]
    with pytest.raises(FrameInputError) as info:
        frames.blocked_request_share(checked)
    assert info.value.row == failed[0]
    ok = [at for at in range(3) if at not in failed]
    kpi = frames.blocked_request_share(checked, errors="skip")
    blocked = sum(checked["decision"][at] == "blocked" for at in ok)
    assert kpi == kpis.blocked_request_share(int(blocked), requests=len(ok))
    flags = checked.assign(overridden=[False, None, True])
    assert frames.overridden_request_share(flags, errors="skip") == kpis.overridden_request_share(
        int(sum(flag for at, flag in enumerate([False, None, True]) if at in ok)),
        requests=len(ok),
    )


def test_a_collected_output_without_failures_counts_every_row() -> None:
    classified = frames.classify_savings(pd.DataFrame(ISSUE_EVENTS), as_of=AS_OF, errors="collect")
    plain = frames.classify_savings(pd.DataFrame(ISSUE_EVENTS), as_of=AS_OF)
    assert "error_code" in classified.columns
    assert frames.net_savings(classified) == frames.net_savings(plain)


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
def test_minor_units_outputs_read_as_amounts_of_the_frames_currency(kind: str) -> None:
    # An output made with money="minor_units": integer cents of the frame's one currency.
    columns = {
        "currency": ["USD", "USD"],
        "cost_avoidance": [30_000, 0],
        "hard_savings": [90_000, 12_345],
    }
    native = {"pandas": pd.DataFrame, "polars": pl.DataFrame, "pyarrow": pa.table}[kind](columns)
    got = frames.cost_avoidance_share(native, money="minor_units")
    assert got == kpis.cost_avoidance_share(D("300.00"), hard_savings=D("1023.45"), currency="USD")
