"""``frames.review_stock``, ``frames.safety_stock`` and ``frames.reorder_point`` (issue 15, item 1).

The scalar rule is the specification: every output column of every row equals
:func:`spendrules.inventory.review_stock` (and ``safety_stock``, ``reorder_point``,
``excess_and_obsolete_reserve``) called on a :class:`~spendrules.inventory.StockItem`
built here from the raw values the frame is made of, never through ``spendrules.frames``.

The random SKUs come from a seeded numpy generator, not hypothesis: the property is
over 10,000 rows per run (one frames call, then one scalar call per row), which a
hypothesis example loop would make a hundred times slower; the seed makes a failure
reproducible, and each seed's table mixes every edge the issue names (zero and
intermittent demand, Poisson demand, expired lots, backorders, fill-rate targets,
agreed safety stock, end of life, stale consumption, multiples and minimums, JPY and
BHD). Hypothesis drives the integer allocation kernel against ``money.allocate``.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pytest.importorskip("narwhals")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from spendrules import frames  # noqa: E402
from spendrules.errors import FrameInputError, InvalidInputError  # noqa: E402
from spendrules.frames import _inventory_core as core  # noqa: E402
from spendrules.inventory import (  # noqa: E402
    Demand,
    LeadTime,
    Lot,
    ReserveBasis,
    ReserveScope,
    ReserveStep,
    ReserveTable,
    StockItem,
    excess_and_obsolete_reserve,
    reorder_point,
    review_stock,
    safety_stock,
)

D = Decimal
AS_OF = dt.date(2026, 3, 31)
BUCKETS = ("committed", "obsolete", "safety", "cycle", "excess")
TABLE = ReserveTable(
    ReserveBasis.MONTHS_OF_SUPPLY,
    (ReserveStep(0, 0), ReserveStep(6, D("0.25")), ReserveStep(D("12.5"), D("0.5"))),
)


# ---------------------------------------------------------------------- the random SKU table


def generate(n: int, seed: int) -> tuple[Any, Any]:
    """A pandas SKU table of ``n`` rows (Decimal objects, None for missing) and its lots."""
    rng = np.random.default_rng(seed)

    def pick(options: list[Any], p: list[float]) -> list[Any]:
        return [options[i] for i in rng.choice(len(options), size=n, p=p)]

    rows: dict[str, list[Any]] = {"sku": [f"S{seed}-{i}" for i in range(n)]}
    on_hand = rng.integers(-50, 3000, n)
    finer = rng.random(n) < 0.2
    rows["on_hand"] = [
        D(int(v) * 1000 + int(rng.integers(0, 1000))).scaleb(-3) if f else D(int(v))
        for v, f in zip(on_hand, finer, strict=True)
    ]
    rows["unit_cost"] = [
        D(int(v)).scaleb(-int(p))
        for v, p in zip(rng.integers(0, 500_000, n), rng.integers(0, 5, n), strict=True)
    ]
    rows["currency"] = pick(["USD", "EUR", "JPY", "BHD"], [0.5, 0.2, 0.15, 0.15])
    mean = rng.integers(0, 4000, n) * np.where(rng.random(n) < 0.02, 100, 1)
    zero = rng.random(n) < 0.07
    rows["demand_mean"] = [
        D(0) if z else D(int(m)).scaleb(-int(p))
        for m, z, p in zip(mean, zero, rng.integers(0, 4, n), strict=True)
    ]
    forecast = rng.random(n) < 0.1  # a forecast's mean and spread, to 10 and 9 places
    for i in np.flatnonzero(forecast).tolist():
        rows["demand_mean"][i] = D(int(rng.integers(1, 10**12))).scaleb(-10)
    rows["demand_period"] = pick(["day", "week", "month", "year"], [0.4, 0.3, 0.2, 0.1])
    poisson = rng.random(n) < 0.05
    rows["demand_distribution"] = ["poisson" if p else "normal" for p in poisson]
    rows["demand_sd"] = [
        D(0) if p or s < 20_000 else D(int(s)).scaleb(-4 - 5 * int(f))
        for s, p, f in zip(rng.integers(0, 200_000, n), poisson, forecast, strict=True)
    ]
    rows["demand_pattern"] = pick(
        [None, "smooth", "intermittent", "lumpy", "erratic"], [0.6, 0.2, 0.1, 0.05, 0.05]
    )
    rows["lead_time"] = [D(int(v)) for v in rng.integers(0, 40, n)]
    rows["lead_time_period"] = pick(["day", "week", "month"], [0.6, 0.3, 0.1])
    rows["lead_time_sd"] = [
        D(0) if p or v < 30 else D(int(v)).scaleb(-1)
        for v, p in zip(rng.integers(0, 50, n), poisson, strict=True)
    ]
    kind = rng.choice(4, size=n, p=[0.55, 0.15, 0.15, 0.15])
    levels = [D("0.95"), D("0.9"), D("0.98"), D("0.99"), D("0.5"), D("0.3"), D("0.999")]
    rows["service_level"] = [
        levels[int(rng.integers(0, len(levels)))] if k == 0 else None for k in kind
    ]
    rows["fill_rate"] = [
        D(int(rng.integers(8000, 9999))).scaleb(-4) if k == 1 else None for k in kind
    ]
    rows["safety_stock"] = [
        D(int(rng.integers(0, 50_000))).scaleb(-2) if k == 2 else None for k in kind
    ]
    rows["order_quantity"] = [
        D(int(v)) if r > 0.1 else D(0)
        for v, r in zip(rng.integers(0, 600, n), rng.random(n), strict=True)
    ]
    rows["order_multiple"] = pick([None, D(6), D(12), D(24), D("2.5")], [0.6, 0.1, 0.1, 0.1, 0.1])
    rows["minimum_order"] = [D(int(v)) if v > 100 else D(0) for v in rng.integers(0, 300, n)]
    rows["review_period"] = pick([D(0), D(1), D(7), D("0.5")], [0.6, 0.2, 0.15, 0.05])
    rows["holding_rate"] = pick(
        [D(0), D("0.2"), D("0.25"), D("0.1875"), D(1)], [0.1, 0.3, 0.4, 0.15, 0.05]
    )
    rows["committed"] = [D(int(v)) if v > 200 else D(0) for v in rng.integers(0, 500, n)]
    rows["on_order"] = [D(int(v)) if v > 300 else D(0) for v in rng.integers(0, 1500, n)]
    rows["last_consumption"] = [
        None if d > 700 else AS_OF - dt.timedelta(days=int(d)) for d in rng.integers(0, 800, n)
    ]
    rows["end_of_life"] = [bool(v) for v in rng.random(n) < 0.04]
    for i in range(n):
        if rows["fill_rate"][i] is not None and rows["order_quantity"][i] == 0:
            rows["order_quantity"][i] = D(50)  # a fill rate needs a lot under continuous review
        if rows["demand_distribution"][i] == "poisson":  # slow movers, with a few larger ones
            rows["demand_mean"][i] = min(rows["demand_mean"][i], D(3) if i % 7 else D(40))
            rows["lead_time"][i] = min(rows["lead_time"][i], D(10))
    lots = []
    for i in range(n):
        if rng.random() < 0.08 and rows["on_hand"][i] > 0:
            for _ in range(int(rng.integers(1, 4))):
                expiry = AS_OF + dt.timedelta(days=int(rng.integers(-30, 200)))
                quantity = (rows["on_hand"][i] / 4).quantize(D("0.001"))
                lots.append({"sku": rows["sku"][i], "quantity": quantity, "expiry": expiry})
    frame = pd.DataFrame(rows)
    _ROWS[id(frame)] = [
        dict(zip(rows, values, strict=True)) for values in zip(*rows.values(), strict=True)
    ]
    return frame, pd.DataFrame(lots, columns=["sku", "quantity", "expiry"])


_ROWS: dict[int, list[dict[str, Any]]] = {}


def rows_of(frame: Any) -> list[dict[str, Any]]:
    """The raw rows a generated frame was made of (None where missing)."""
    return _ROWS[id(frame)]


def _cell(row: dict[str, Any], name: str, default: Any = None) -> Any:
    value = row.get(name)
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return default
    return value


def lots_by_sku(lots: Any) -> dict[str, tuple[Lot, ...]]:
    found: dict[str, list[Lot]] = {}
    for lot in lots.itertuples():
        found.setdefault(lot.sku, []).append(Lot(lot.quantity, lot.expiry))
    return {sku: tuple(value) for sku, value in found.items()}


def item_of(row: dict[str, Any], lots: dict[str, tuple[Lot, ...]]) -> StockItem:
    """The StockItem ``row`` describes, built from the raw values."""
    mine = lots.get(row["sku"], ())
    return StockItem(
        sku=row["sku"],
        on_hand=row["on_hand"],
        unit_cost=row["unit_cost"],
        currency=row["currency"],
        demand=Demand(
            row["demand_mean"],
            _cell(row, "demand_sd", D(0)),
            _cell(row, "demand_period", "day"),
            _cell(row, "demand_distribution", "normal"),
            _cell(row, "demand_pattern"),
        ),
        lead_time=LeadTime(
            _cell(row, "lead_time", D(0)),
            _cell(row, "lead_time_sd", D(0)),
            _cell(row, "lead_time_period", "day"),
        ),
        service_level=_cell(row, "service_level"),
        fill_rate=_cell(row, "fill_rate"),
        safety_stock=_cell(row, "safety_stock"),
        order_quantity=_cell(row, "order_quantity", D(0)),
        order_multiple=_cell(row, "order_multiple"),
        minimum_order=_cell(row, "minimum_order", D(0)),
        review_period=_cell(row, "review_period", D(0)),
        holding_rate=_cell(row, "holding_rate", D(0)),
        committed=_cell(row, "committed", D(0)),
        on_order=_cell(row, "on_order", D(0)),
        last_consumption=_cell(row, "last_consumption"),
        end_of_life=bool(_cell(row, "end_of_life", False)),
        lots=mine,
    )


def expected(item: StockItem, table: ReserveTable | None = None, **options: Any) -> dict[str, Any]:
    """Every output column of the review of ``item``, from the scalar rules."""
    review = review_stock(item, as_of=AS_OF, **options)
    split = review.split
    computed = review.safety_stock
    primary = review.primary_reason()
    assert primary is not None
    method = computed.method.value if computed is not None else None
    if method is None:
        method = "agreed" if item.safety_stock is not None else "none"
    out: dict[str, Any] = {
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
        "reason": primary.code,
    }
    for bucket in split.buckets:
        out[bucket.kind.value] = bucket.quantity
        out[f"{bucket.kind.value}_value"] = bucket.value
        out[f"{bucket.kind.value}_carrying_cost"] = bucket.annual_carrying_cost
    if table is not None:
        reserve = excess_and_obsolete_reserve(split, table=table)
        out["reserve_rate"] = reserve.table_rate
        out["obsolete_reserve"] = reserve.obsolete_reserve
        out["table_reserve"] = reserve.table_reserve
        out["reserve"] = reserve.total
    return out


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    if value is pd.NA:
        return None
    return value


def records(result: Any) -> list[dict[str, Any]]:
    """The rows of a frames result as dicts of plain Python values (any backend)."""
    if isinstance(result, pd.DataFrame):
        return [
            {k: _plain(v) for k, v in row.items()}
            for row in result.astype(object).to_dict("records")
        ]
    if isinstance(result, pl.DataFrame):
        return [{k: _plain(v) for k, v in row.items()} for row in result.to_dicts()]
    return [{k: _plain(v) for k, v in row.items()} for row in result.to_pylist()]


def assert_rows_equal(result: Any, want: list[dict[str, Any]], rows: list[int]) -> None:
    got = records(result)
    assert len(got) == len(rows)
    mismatches = []
    for at, (row, expect) in enumerate(zip(rows, want, strict=True)):
        for column, value in expect.items():
            if got[at][column] != value:
                mismatches.append((row, column, got[at][column], value))
    assert not mismatches, mismatches[:10]


# ---------------------------------------------------------------------- the property


@pytest.mark.parametrize("seed", [20260331, 15])
def test_every_row_equals_the_scalar_review(seed: int) -> None:
    frame, lots = generate(5_000, seed)
    result = frames.review_stock(frame, as_of=AS_OF, lots=lots, reserve_table=TABLE, keep=["sku"])
    by_sku = lots_by_sku(lots)
    want = [expected(item_of(row, by_sku), TABLE) for row in rows_of(frame)]
    assert_rows_equal(result, want, list(range(len(frame))))
    assert records(result)[0]["sku"] == frame["sku"][0]


def _frame(rows: list[dict[str, Any]], kind: str = "pandas") -> Any:
    columns = sorted({key for row in rows for key in row})
    data = {key: [row.get(key) for row in rows] for key in columns}
    if kind == "polars":
        return pl.DataFrame(data)
    if kind == "pyarrow":
        return pa.table(data)
    return pd.DataFrame(data)


BASE: dict[str, Any] = {
    "sku": "A-100",
    "on_hand": D(180),
    "unit_cost": D(5),
    "currency": "USD",
    "demand_mean": D(10),
    "demand_sd": D(3),
    "lead_time": D(9),
    "service_level": D("0.95"),
    "order_quantity": D(100),
    "holding_rate": D("0.25"),
}

EDGES: list[tuple[str, dict[str, Any]]] = [
    ("the domain notes' worked example", {}),
    ("zero demand", {"demand_mean": D(0), "demand_sd": D(0)}),
    ("zero demand and no variability", {"demand_mean": D(0), "demand_sd": D(0), "lead_time": D(0)}),
    ("intermittent demand", {"demand_pattern": "intermittent"}),
    (
        "lumpy demand with a fill rate",
        {"demand_pattern": "lumpy", "service_level": None, "fill_rate": D("0.97")},
    ),
    ("Poisson demand", {"demand_distribution": "poisson", "demand_sd": D(0), "demand_mean": D(2)}),
    (
        "Poisson with a fill rate",
        {
            "demand_distribution": "poisson",
            "demand_sd": D(0),
            "service_level": None,
            "fill_rate": D("0.9"),
        },
    ),
    ("backorders", {"on_hand": D(-40), "on_order": D(300), "committed": D(20)}),
    (
        "fill rate under periodic review",
        {
            "service_level": None,
            "fill_rate": D("0.99"),
            "order_quantity": D(0),
            "review_period": D(7),
        },
    ),
    (
        "fill rate without variability",
        {"service_level": None, "fill_rate": D("0.99"), "demand_sd": D(0)},
    ),
    ("agreed safety stock", {"safety_stock": D("12.5"), "fill_rate": D("0.99")}),
    ("no service target", {"service_level": None}),
    ("end of life", {"end_of_life": True, "on_order": D(50), "committed": D(10)}),
    ("no consumption for 400 days", {"last_consumption": AS_OF - dt.timedelta(days=400)}),
    ("consumption 365 days ago", {"last_consumption": AS_OF - dt.timedelta(days=365)}),
    ("order multiple and minimum", {"order_multiple": D(24), "minimum_order": D(150)}),
    ("a fractional multiple", {"order_multiple": D("2.5"), "order_quantity": D(11)}),
    ("JPY", {"currency": "JPY", "unit_cost": D(1234)}),
    ("BHD", {"currency": "BHD", "unit_cost": D("1.2345")}),
    (
        "weeks and months",
        {"demand_period": "week", "lead_time_period": "month", "lead_time_sd": D("0.5")},
    ),
    ("a 7-place demand", {"demand_mean": D("10.1234567")}),
    ("a 13-place demand", {"demand_mean": D("10.1234567890123")}),
    ("an 8-place unit cost", {"unit_cost": D("0.12345678")}),
    ("a huge on-hand", {"on_hand": D(10) ** 11, "unit_cost": D("0.01")}),
    ("a large value", {"on_hand": D(900_000_000), "unit_cost": D(9000), "holding_rate": D(1)}),
    ("a service level below one half", {"service_level": D("0.3")}),
    ("half a level", {"service_level": D("0.5"), "demand_mean": D("0.0000005"), "lead_time": D(1)}),
]


@pytest.mark.parametrize(("case", "change"), EDGES, ids=[case for case, _ in EDGES])
def test_edge_rows_equal_the_scalar_review(case: str, change: dict[str, Any]) -> None:
    row = {**BASE, **change}
    lots = pd.DataFrame(
        [
            {"sku": "A-100", "quantity": D(30), "expiry": AS_OF - dt.timedelta(days=1)},
            {"sku": "A-100", "quantity": D("20.5"), "expiry": AS_OF + dt.timedelta(days=3)},
            {"sku": "OTHER", "quantity": D(1), "expiry": AS_OF},
        ]
    )
    if row["on_hand"] < 60:
        lots = lots[lots["sku"] != "A-100"]
    result = frames.review_stock(_frame([row]), as_of=AS_OF, lots=lots, reserve_table=TABLE)
    by_sku = lots_by_sku(lots)
    assert_rows_equal(result, [expected(item_of(row, by_sku), TABLE)], [0]), case


def test_the_worked_example_reads_as_the_domain_notes() -> None:
    # spendrules domain notes §6: SS 14.8037 → values 74.02 / 500.00 / 325.98, carrying 18.50 / 125.00 / 81.50
    rows = [{**BASE, "safety_stock": D("14.8037")}]
    got = records(frames.review_stock(_frame(rows), as_of=AS_OF))[0]
    assert (got["safety_value"], got["cycle_value"], got["excess_value"]) == (
        D("74.02"),
        D("500.00"),
        D("325.98"),
    )
    assert (
        got["safety_carrying_cost"],
        got["cycle_carrying_cost"],
        got["excess_carrying_cost"],
    ) == (
        D("18.50"),
        D("125.00"),
        D("81.50"),
    )


def test_guarded_rows_are_recomputed_by_the_scalar_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    frame, lots = generate(400, 7)
    monkeypatch.setattr(core, "GUARD", 1.0)  # every float result is "near a boundary"
    result = frames.review_stock(frame, as_of=AS_OF, lots=lots)
    by_sku = lots_by_sku(lots)
    want = [expected(item_of(row, by_sku)) for row in rows_of(frame)]
    assert_rows_equal(result, want, list(range(len(frame))))


@pytest.mark.parametrize("kind", ["pandas", "polars", "pyarrow"])
def test_every_backend_gives_the_scalar_review(kind: str) -> None:
    frame, lots = generate(600, 3)
    rows = rows_of(frame)
    lot_rows = lots.to_dict("records")
    result = frames.review_stock(
        _frame(rows, kind), as_of=AS_OF, lots=_frame(lot_rows, kind), keep=["sku"]
    )
    assert type(result).__module__.split(".")[0] == {"pyarrow": "pyarrow"}.get(kind, kind)
    by_sku = lots_by_sku(lots)
    assert_rows_equal(result, [expected(item_of(row, by_sku)) for row in rows], list(range(600)))


def test_numbers_in_every_representation_give_the_same_review() -> None:
    frame, _ = generate(300, 4)
    rows = rows_of(frame)
    want = [expected(item_of(row, {})) for row in rows]
    whole = pd.DataFrame(rows)
    whole["lead_time"] = [int(v) for v in whole["lead_time"]]  # an int64 column
    whole["committed"] = [str(v) for v in whole["committed"]]  # decimal strings
    assert_rows_equal(frames.review_stock(whole, as_of=AS_OF), want, list(range(300)))
    arrow = pa.table({k: [r[k] for r in rows] for k in rows[0]})
    scaled = arrow.set_column(
        arrow.schema.get_field_index("unit_cost"),
        "unit_cost",
        arrow["unit_cost"].cast(pa.decimal128(30, 8)),
    )
    assert_rows_equal(frames.review_stock(scaled, as_of=AS_OF), want, list(range(300)))


def test_constants_stand_for_columns() -> None:
    rows = [{"on_hand": D(v), "demand_mean": D(10)} for v in (0, 180, 500)]
    result = frames.review_stock(
        _frame(rows),
        as_of=AS_OF,
        unit_cost=D(5),
        currency="EUR",
        demand_sd=D(3),
        lead_time=D(9),
        service_level=D("0.95"),
        order_quantity=100,
        holding_rate=D("0.25"),
        end_of_life=False,
        last_consumption=AS_OF,
    )
    want = [
        expected(item_of({**BASE, "currency": "EUR", "last_consumption": AS_OF, **row}, {}))
        for row in rows
    ]
    assert_rows_equal(result, want, [0, 1, 2])


def test_renamed_columns_and_integer_outputs() -> None:
    rows = [{"item": "X", "qty": 180, "cost": D(5), "ccy": "USD", "mu": 10, "sigma": 3}]
    result = frames.review_stock(
        _frame(rows),
        as_of=AS_OF,
        sku="item",
        on_hand="qty",
        unit_cost="cost",
        currency="ccy",
        demand_mean="mu",
        demand_sd="sigma",
        lead_time=9,
        service_level=D("0.95"),
        order_quantity=100,
        money="minor_units",
        quantities="micro_units",
        keep=["item"],
    )
    got = records(result)[0]
    assert (got["safety"], got["excess"], got["excess_value"]) == (14_803_683, 65_196_317, 32_598)
    assert got["item"] == "X"


# ---------------------------------------------------------------------- bad rows

BAD: list[tuple[str, dict[str, Any], str, str]] = [
    ("a negative unit cost", {"unit_cost": D(-1)}, "unit_cost", "INPUT.INVALID"),
    ("a service level of 95", {"service_level": D(95)}, "service_level", "INPUT.INVALID"),
    ("two service targets", {"fill_rate": D("0.9")}, "service_level", "INPUT.INVALID"),
    ("an unknown currency", {"currency": "XYZ"}, "currency", "INPUT.INVALID"),
    ("no on-hand", {"on_hand": None}, "on_hand", "INPUT.MISSING"),
    ("no currency", {"currency": None}, "currency", "INPUT.MISSING"),
    ("no demand", {"demand_mean": None}, "demand_mean", "INPUT.MISSING"),
    ("no unit cost", {"unit_cost": None}, "unit_cost", "INPUT.MISSING"),
    ("a 7-place on-hand", {"on_hand": D("1.0000001")}, "on_hand", "INPUT.INVALID"),
    ("a fortnight", {"demand_period": "fortnight"}, "demand_period", "INPUT.INVALID"),
    (
        "a lead time in fortnights",
        {"lead_time_period": "fortnight"},
        "lead_time_period",
        "INPUT.INVALID",
    ),
    ("a negative lead time", {"lead_time": D(-1)}, "lead_time", "INPUT.INVALID"),
    (
        "a Poisson demand with a spread",
        {"demand_distribution": "poisson"},
        "demand_sd",
        "INPUT.INVALID",
    ),
    (
        "a variable lead time with Poisson",
        {"demand_distribution": "poisson", "demand_sd": D(0), "lead_time_sd": D(1)},
        "lead_time_sd",
        "INPUT.INVALID",
    ),
    (
        "a fill rate without a lot",
        {"service_level": None, "fill_rate": D("0.9"), "order_quantity": D(0)},
        "order_quantity",
        "INPUT.INVALID",
    ),
    (
        "consumption after the review",
        {"last_consumption": AS_OF + dt.timedelta(days=1)},
        "last_consumption",
        "INPUT.INVALID",
    ),
    ("end of life as text", {"end_of_life": "yes"}, "end_of_life", "INPUT.TYPE"),
    ("a zero multiple", {"order_multiple": D(0)}, "order_multiple", "INPUT.INVALID"),
    ("a holding rate of 25", {"holding_rate": D(25)}, "holding_rate", "INPUT.INVALID"),
    ("an on-hand as text", {"on_hand": "lots"}, "on_hand", "INPUT.TYPE"),
]


@pytest.mark.parametrize(("case", "change", "column", "code"), BAD, ids=[b[0] for b in BAD])
def test_a_bad_row_names_its_column(
    case: str, change: dict[str, Any], column: str, code: str
) -> None:
    rows = [BASE, {**BASE, **change}, BASE]
    with pytest.raises(FrameInputError) as raised:
        frames.review_stock(_frame(rows), as_of=AS_OF)
    assert (raised.value.row, raised.value.column, raised.value.code) == (1, column, code), case
    result = records(frames.review_stock(_frame(rows), as_of=AS_OF, errors="collect"))
    assert [r["error_field"] for r in result] == [None, column, None]
    assert result[1]["safety_stock"] is None and result[1]["rule"] is None
    want = expected(item_of(BASE, {}))
    assert all(result[i][k] == v for i in (0, 2) for k, v in want.items())


def test_bad_lots_name_the_lots_column() -> None:
    lots = pd.DataFrame(
        [
            {"sku": "A-100", "quantity": D(-1), "expiry": AS_OF},
            {"sku": "B", "quantity": D("0.0000001"), "expiry": AS_OF},
        ]
    )
    rows = [BASE, {**BASE, "sku": "B"}, {**BASE, "sku": "C", "on_hand": D(1)}]
    result = records(frames.review_stock(_frame(rows), as_of=AS_OF, lots=lots, errors="collect"))
    assert [r["error_field"] for r in result] == ["lots.quantity", "lots.quantity", None]
    late = pd.DataFrame([{"sku": "C", "quantity": D(5), "expiry": "tomorrow"}])
    with pytest.raises(FrameInputError, match=r"lots\.expiry"):
        frames.review_stock(_frame(rows), as_of=AS_OF, lots=late)
    noon = pd.DataFrame(
        {"sku": ["C"], "quantity": [D(1)], "expiry": pd.to_datetime(["2026-04-01 12:00"])}
    )
    with pytest.raises(FrameInputError, match=r"lots\.expiry.*datetime"):
        frames.review_stock(_frame(rows), as_of=AS_OF, lots=noon)
    untyped = pd.DataFrame(
        {"sku": ["C"], "quantity": [D(1)], "expiry": pd.Series(["x"], dtype=object)}
    )
    with pytest.raises(FrameInputError, match=r"lots\.expiry"):
        frames.review_stock(_frame(rows), as_of=AS_OF, lots=untyped)
    too_many = pd.DataFrame([{"sku": "C", "quantity": D(5), "expiry": AS_OF}])
    with pytest.raises(FrameInputError, match="'lots' must be lots totalling at most on_hand"):
        frames.review_stock(_frame(rows), as_of=AS_OF, lots=too_many)
    with pytest.raises(InvalidInputError, match="sku"):
        frames.review_stock(_frame(rows), as_of=AS_OF, lots=lots, sku="missing")


def test_whole_column_errors_and_options() -> None:
    rows = pd.DataFrame([BASE])
    floats = rows.assign(on_hand=[180.0])
    with pytest.raises(FrameInputError, match="not floats"):
        frames.review_stock(floats, as_of=AS_OF)
    with pytest.raises(FrameInputError, match="not floats"):
        frames.review_stock(rows.assign(service_level=[0.95]), as_of=AS_OF)
    with pytest.raises(FrameInputError, match="a column of the frame"):
        frames.review_stock(rows, as_of=AS_OF, on_hand="qty")
    with pytest.raises(FrameInputError, match="a column of the frame"):
        frames.review_stock(rows.drop(columns=["on_hand"]), as_of=AS_OF)
    ages = ReserveTable(ReserveBasis.AGE_DAYS, (ReserveStep(0, 0),))
    with pytest.raises(InvalidInputError, match="months-of-supply table"):
        frames.review_stock(rows, as_of=AS_OF, reserve_table=ages)
    with pytest.raises(TypeError, match="reserve_table must be a ReserveTable"):
        frames.review_stock(rows, as_of=AS_OF, reserve_table="table")  # type: ignore[arg-type]
    for option, value in [
        ("money", "cents"),
        ("quantities", "grams"),
        ("errors", "ignore"),
        ("dead_after_days", -1),
        ("days_per_year", 0),
    ]:
        with pytest.raises(InvalidInputError, match=option):
            frames.review_stock(rows, as_of=AS_OF, **{option: value})
    with pytest.raises(TypeError, match="as_of"):
        frames.review_stock(rows, as_of="2026-03-31")  # type: ignore[arg-type]


def test_constant_inputs_the_rule_refuses() -> None:
    rows = pd.DataFrame([{k: v for k, v in BASE.items() if k != "currency"}])
    with pytest.raises(FrameInputError, match="currency"):
        frames.review_stock(rows, as_of=AS_OF, currency="XYZ")
    with pytest.raises(FrameInputError, match="end_of_life"):
        frames.review_stock(rows, as_of=AS_OF, currency="USD", end_of_life=1)  # type: ignore[arg-type]
    with pytest.raises(FrameInputError, match="last_consumption"):
        frames.review_stock(rows, as_of=AS_OF, currency="USD", last_consumption=20260331)  # type: ignore[arg-type]
    with pytest.raises(FrameInputError, match="demand_sd"):
        frames.review_stock(rows, as_of=AS_OF, currency="USD", demand_sd=0.5)  # type: ignore[arg-type]
    with pytest.raises(FrameInputError, match="currency"):
        frames.review_stock(rows, as_of=AS_OF, currency=None)  # type: ignore[arg-type]


def test_a_result_beyond_int64_is_a_bad_row() -> None:
    rows = [{**BASE, "on_hand": D(10) ** 12, "unit_cost": D(10) ** 9}]
    with pytest.raises(FrameInputError, match="on_hand"):
        frames.review_stock(_frame(rows), as_of=AS_OF)


def test_an_empty_frame_gives_an_empty_review() -> None:
    empty = pd.DataFrame({k: pd.Series([], dtype=object) for k in BASE})
    assert len(frames.review_stock(empty, as_of=AS_OF, reserve_table=TABLE)) == 0
    assert len(frames.safety_stock(empty)) == 0


# ---------------------------------------------------------------------- safety stock and levels


def level_rows(n: int, seed: int) -> list[dict[str, Any]]:
    frame, _ = generate(n, seed)
    rows = []
    for raw in rows_of(frame):
        row = dict(raw)
        if row["service_level"] is None and row["fill_rate"] is None:
            row["service_level"] = D("0.95")
        if row["order_quantity"] == 0:
            row["order_quantity"] = None
        rows.append(row)
    return rows


def _level_args(row: dict[str, Any]) -> tuple[Demand, LeadTime, dict[str, Any]]:
    item = item_of({**row, "safety_stock": None, "order_quantity": D(0)}, {})
    options = {
        "service_level": row.get("service_level"),
        "fill_rate": row.get("fill_rate"),
        "order_quantity": row.get("order_quantity"),
        "review_period": row.get("review_period") or D(0),
    }
    return item.demand, item.lead_time, options


@pytest.mark.parametrize("kind", ["pandas", "polars"])
def test_safety_stock_rows_equal_the_scalar_rule(kind: str) -> None:
    rows = level_rows(1500, 9)
    rows += rows[:50]  # equal inputs share one scalar call
    result = records(frames.safety_stock(_frame(rows, kind)))
    for at, row in enumerate(rows):
        demand, lead, options = _level_args(row)
        stock = safety_stock(demand, lead, **options)
        primary = stock.primary_reason()
        assert primary is not None
        assert result[at] == {
            "row": at,
            "safety_stock": stock.quantity,
            "level": stock.level,
            "mean": stock.mean,
            "sigma": stock.sigma,
            "protection_interval": stock.protection_interval,
            "z": stock.z,
            "method": stock.method.value,
            "rule": stock.rule,
            "reason": primary.code,
        }


def test_reorder_points_equal_the_scalar_rule() -> None:
    rows = level_rows(800, 10)
    result = records(frames.reorder_point(_frame(rows, "pyarrow"), quantities="micro_units"))
    for at, row in enumerate(rows):
        demand, lead, options = _level_args(row)
        level = reorder_point(demand, lead, **options)
        primary = level.primary_reason()
        assert primary is not None
        got = result[at]
        assert got["reorder_point"] == int(level.quantity.scaleb(6))
        assert got["safety_stock"] == int(level.safety_stock.quantity.scaleb(6))
        assert (got["z"], got["rule"], got["reason"]) == (
            level.safety_stock.z,
            level.rule,
            primary.code,
        )


def test_safety_stock_bad_rows() -> None:
    rows = [
        {"demand_mean": D(10), "service_level": D("0.95")},
        {"demand_mean": D(10)},
        {"demand_mean": D(10), "fill_rate": D("0.9"), "order_quantity": D(0)},
        {"demand_mean": None, "service_level": D("0.95")},
    ]
    result = records(frames.safety_stock(_frame(rows), errors="collect", keep=["demand_mean"]))
    assert [r["error_field"] for r in result] == [
        None,
        "service_level",
        "order_quantity",
        "demand_mean",
    ]
    with pytest.raises(FrameInputError, match="service_level"):
        frames.safety_stock(_frame(rows))


# ---------------------------------------------------------------------- explanations, Spark, Dask


def test_explain_reruns_the_scalar_rule() -> None:
    rows = [BASE, {**BASE, "on_hand": D(-5)}]
    lots = pd.DataFrame([{"sku": "A-100", "quantity": D(5), "expiry": AS_OF}])
    result = frames.review_stock(_frame(rows), as_of=AS_OF, lots=lots, errors="collect")
    text = frames.explain(result, 0, frame=_frame(rows), as_of=AS_OF, lots=lots)
    assert text == review_stock(item_of(BASE, lots_by_sku(lots)), as_of=AS_OF).explain()
    levels = frames.reorder_point(_frame(rows))
    demand, lead, options = _level_args(BASE)
    assert (
        frames.explain(levels, 1, frame=_frame(rows))
        == reorder_point(demand, lead, **options).explain()
    )
    assert frames.explain(frames.safety_stock(_frame(rows)), 0, frame=_frame(rows)) == (
        safety_stock(demand, lead, **options).explain()
    )
    with pytest.raises(InvalidInputError, match="row"):
        frames.explain(result, 2, frame=_frame(rows), as_of=AS_OF)
    bad = frames.review_stock(_frame([{**BASE, "unit_cost": D(-1)}]), as_of=AS_OF, errors="collect")
    with pytest.raises(InvalidInputError, match="a row with a rule"):
        frames.explain(bad, 0, frame=_frame([BASE]), as_of=AS_OF)
    invoices = pd.DataFrame({"terms": ["2/10 net 30"]})
    decisions = frames.should_take_discount(invoices, cost_of_capital=D("0.08"))
    assert "TERMS.DISCOUNT.TAKE" in frames.explain(
        decisions, 0, frame=invoices, cost_of_capital=D("0.08")
    )


def test_partition_function_and_spark_schema() -> None:
    frame, lots = generate(200, 12)
    run = frames.partition_function("review_stock", as_of=AS_OF, lots=lots, keep=["sku"])
    parts = list(run(iter([frame.iloc[:100], frame.iloc[100:].reset_index(drop=True)])))
    whole = frames.review_stock(frame, as_of=AS_OF, lots=lots, keep=["sku"])
    assert [r["excess_value"] for p in parts for r in records(p)] == [
        r["excess_value"] for r in records(whole)
    ]
    schema = frames.spark_schema(frames.review_stock, keep={"sku": "string"}, reserve=True)
    names = [field.split(" ")[0] for field in schema.split(", ")]
    assert names == list(
        frames.review_stock(frame, as_of=AS_OF, keep=["sku"], reserve_table=TABLE).columns
    )
    assert frames.spark_schema("safety_stock", quantities="micro_units", errors="collect").split(
        ", "
    )[1:3] == ["safety_stock bigint", "level bigint"]
    assert "amount decimal(38,4)" in frames.spark_schema("schedule", tiers=1)
    assert frames.partition_function("schedule", tiers=1) is not None
    with pytest.raises(InvalidInputError, match="scale"):
        frames.spark_schema("review_stock", scale=40)


# ---------------------------------------------------------------------- the integer kernels


def test_muldiv_falls_back_to_python_integers() -> None:
    big = np.array([2**40, 3, 2**62 - 1], dtype=np.int64)
    quotient, remainder = core.muldiv([big, big], np.array([2**40, 2, 2**62 - 1], dtype=np.int64))
    assert quotient.tolist() == [2**40, 4, 2**62 - 1]
    assert remainder.tolist() == [0, 1, 0]
    huge, _ = core.muldiv([big, big], np.array([1, 1, 1], dtype=np.int64))
    assert huge.tolist() == [2**80, 9, (2**62 - 1) ** 2]  # beyond int64: Python integers


@given(
    st.integers(0, 10**12),
    st.lists(st.integers(0, 10**15), min_size=5, max_size=5).filter(lambda w: sum(w) > 0),
)
@settings(max_examples=300)
def test_allocate_units_is_money_allocate(units: int, weights: list[int]) -> None:
    from spendrules.money import allocate

    parts = core.allocate_units(np.array([units]), [np.array([w]) for w in weights])
    want = allocate(D(units).scaleb(-2), weights, "USD")
    assert [int(p[0]) for p in parts] == [int(v.scaleb(2)) for v in want]


def test_the_loss_kernel_falls_back_when_libm_differs(monkeypatch: pytest.MonkeyPatch) -> None:
    from spendrules._inventory.stats import f_inv_loss

    monkeypatch.setattr(core, "_loss", lambda z: np.zeros(len(z)))
    monkeypatch.setattr(core, "_KERNEL", [])
    targets = np.array([0.25, 0.001])
    assert core.inverse_loss(targets).tolist() == [f_inv_loss(t) for t in targets.tolist()]


def test_the_shortened_bisection_ends_on_the_scalar_float() -> None:
    # the steps known without evaluating G must be the steps f_inv_loss takes
    from spendrules._inventory.stats import f_inv_loss

    rng = np.random.default_rng(15)
    targets = np.concatenate(
        [
            10 ** rng.uniform(-14, 4, 6000),  # fill-rate targets of every size
            rng.uniform(0.0, 1.5, 3000),  # around G(0), where k crosses 0
            10 ** rng.uniform(-300, -14, 300),  # k beyond the grid: every step evaluated
            [5e-324, 1e-300, 7.999999, 8.0, 8.000001, 1e6, 1e200, 0.3989422804014327],
        ]
    )
    want = [f_inv_loss(t) for t in targets.tolist()]
    assert core.inverse_loss(targets).tolist() == want
    left, right, far = core._window(targets)
    assert np.isfinite(left).mean() > 0.9  # most rows skip most steps
    assert bool((left < right).all() & (right <= far).all())


def test_poisson_rows_near_a_boundary_take_the_decimal_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        {"demand_mean": D(m), "demand_distribution": "poisson", "lead_time": D(lead), "service_level": D(a)}
        for m, lead, a in [("2", 3, "0.9"), ("0.7", 5, "0.3"), ("12.5", 7, "0.99"), ("0.01", 1, "0.95")]
    ] + [{"demand_mean": D("3.3"), "demand_distribution": "poisson", "review_period": D(7), "fill_rate": D("0.9")}]  # fmt: skip
    plain = records(frames.safety_stock(_frame(rows)))
    monkeypatch.setattr(core, "GUARD", 1.0)  # every float result is "near a boundary"
    guarded = records(frames.safety_stock(_frame(rows)))
    for got, again, row in zip(plain, guarded, rows, strict=True):
        stock = safety_stock(
            Demand(row["demand_mean"], 0, "day", "poisson"),
            LeadTime(row.get("lead_time", 0)),
            service_level=row.get("service_level"),
            fill_rate=row.get("fill_rate"),
            review_period=row.get("review_period", 0),
        )
        want = (stock.quantity, stock.level, stock.mean, stock.sigma, stock.protection_interval)
        for result in (got, again):
            assert (
                result["safety_stock"],
                result["level"],
                result["mean"],
                result["sigma"],
                result["protection_interval"],
            ) == want


def test_a_sku_named_like_the_null_sku_still_gets_its_lots() -> None:
    # the null SKU is named "None" among the SKU names: two names written alike
    rows = [{**BASE, "sku": "None"}, {**BASE, "sku": "B-200"}]
    lots = pd.DataFrame(
        [{"sku": "None", "quantity": D(40), "expiry": AS_OF + dt.timedelta(days=5)}]
    )
    result = frames.review_stock(_frame(rows), as_of=AS_OF, lots=lots)
    by_sku = lots_by_sku(lots)
    assert_rows_equal(result, [expected(item_of(row, by_sku)) for row in rows], [0, 1])


SCALAR_ROUTED = [  # a demand finer than 12 places is left to the scalar rule
    ("agreed", {"demand_mean": D("10.1234567890123"), "safety_stock": D(7)}),
    ("no target", {"demand_mean": D("10.1234567890123"), "service_level": None}),
    (
        "Poisson",
        {"demand_mean": D("2.1234567890123"), "demand_sd": D(0), "demand_distribution": "poisson"},
    ),
    ("text numbers", {"on_hand": "180", "unit_cost": "5.25", "demand_mean": "10.1234567890123"}),
]


@pytest.mark.parametrize(("case", "change"), SCALAR_ROUTED, ids=[c for c, _ in SCALAR_ROUTED])
def test_rows_left_to_the_scalar_rule_equal_it(case: str, change: dict[str, Any]) -> None:
    row = {**BASE, **change}
    when = pd.to_datetime(["2025-01-02"])
    frame = _frame([row]).assign(last_consumption=when)
    result = frames.review_stock(
        frame, as_of=AS_OF, reserve_table=TABLE, reserve_scope="all_stock", obsolete_rate=D("0.4")
    )
    text = {"currency", "sku", "demand_distribution"}
    plain = {k: D(v) if isinstance(v, str) and k not in text else v for k, v in row.items()}
    item = item_of({**plain, "last_consumption": dt.date(2025, 1, 2)}, {})
    review = review_stock(item, as_of=AS_OF)
    reserve = excess_and_obsolete_reserve(
        review.split, table=TABLE, scope=ReserveScope.ALL_STOCK, obsolete_rate=D("0.4")
    )
    want = expected(item)
    want.update(
        reserve_rate=reserve.table_rate,
        obsolete_reserve=reserve.obsolete_reserve,
        table_reserve=reserve.table_reserve,
        reserve=reserve.total,
    )
    assert_rows_equal(result, [want], [0]), case
    alone = frames.review_stock(frame, as_of=AS_OF)
    assert_rows_equal(alone, [expected(item)], [0])


def test_the_vectorised_reserve_over_all_stock_equals_the_scalar_reserve() -> None:
    frame, lots = generate(500, 21)
    result = frames.review_stock(
        frame,
        as_of=AS_OF,
        lots=lots,
        reserve_table=TABLE,
        reserve_scope=ReserveScope.ALL_STOCK,
        obsolete_rate=D("0.35"),
    )
    by_sku = lots_by_sku(lots)
    got = records(result)
    for at, row in enumerate(rows_of(frame)):
        review = review_stock(item_of(row, by_sku), as_of=AS_OF)
        reserve = excess_and_obsolete_reserve(
            review.split, table=TABLE, scope=ReserveScope.ALL_STOCK, obsolete_rate=D("0.35")
        )
        assert (got[at]["reserve_rate"], got[at]["obsolete_reserve"], got[at]["reserve"]) == (
            reserve.table_rate,
            reserve.obsolete_reserve,
            reserve.total,
        )


def test_cells_of_every_python_type() -> None:
    rows = pd.DataFrame([BASE, BASE, BASE])
    rows["service_level"] = ["0.95", "0.9", None]  # decimal strings, read exactly
    rows["end_of_life"] = pd.Series([True, None, False], dtype=object)
    rows["lead_time"] = pd.Series([np.int64(9), np.int64(3), np.int64(0)], dtype=object)
    result = records(frames.review_stock(rows, as_of=AS_OF))
    changes = [
        {"service_level": D("0.95"), "end_of_life": True},
        {"service_level": D("0.9"), "lead_time": D(3)},
        {"service_level": None, "lead_time": D(0)},
    ]
    for got, change in zip(result, changes, strict=True):
        want = expected(item_of({**BASE, **change}, {}))
        assert all(got[k] == v for k, v in want.items())


def test_lots_in_every_form() -> None:
    lots = pd.DataFrame(
        {
            "sku": ["A-100", "A-100", "A-100"],
            "quantity": ["30", "20.5", "1"],
            "expiry": pd.to_datetime(["2026-03-30", "2026-04-03", "2026-06-01"]),
        }
    )
    result = frames.review_stock(_frame([BASE]), as_of=AS_OF, lots=lots)
    mine = {
        "A-100": (
            Lot(30, dt.date(2026, 3, 30)),
            Lot(D("20.5"), dt.date(2026, 4, 3)),
            Lot(1, dt.date(2026, 6, 1)),
        )
    }
    assert_rows_equal(result, [expected(item_of(BASE, mine))], [0])
    with pytest.raises(InvalidInputError, match="a column of SKUs"):
        frames.review_stock(_frame([BASE]).drop(columns=["sku"]), as_of=AS_OF, lots=lots)


def test_the_other_schemas_and_an_explanation_without_lots() -> None:
    assert frames.spark_schema("reorder_point").startswith(
        "row bigint, reorder_point decimal(38,6)"
    )
    schema = frames.spark_schema("review_stock", money="minor_units")
    assert "reserve" not in schema and "excess_value bigint" in schema
    result = frames.review_stock(_frame([BASE]), as_of=AS_OF)
    assert (
        frames.explain(result, 0, frame=_frame([BASE]), as_of=AS_OF)
        == review_stock(item_of(BASE, {}), as_of=AS_OF).explain()
    )


def test_rare_paths_still_equal_the_scalar_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    from spendrules.frames import _inventory_levels as levels

    # a lot of more than 10**9 units (read by Lot itself), on a row left to the scalar rule
    rows = [{**BASE, "on_hand": D(10) ** 10, "unit_cost": D("0.0001"), "lead_time": 3}]
    lots = pd.DataFrame([{"sku": "A-100", "quantity": D(10) ** 10 - 1, "expiry": AS_OF}])
    frame = _frame(rows).assign(lead_time=[3])  # an int64 column read for the scalar rule
    result = frames.review_stock(frame, as_of=AS_OF, lots=lots)
    assert_rows_equal(result, [expected(item_of(rows[0], lots_by_sku(lots)))], [0])
    # Poisson means too large for a table here, twice (one scalar call), and a table forced short
    big = {"demand_mean": D(300), "demand_distribution": "poisson", "lead_time": D(9),
           "service_level": D("0.9")}  # fmt: skip
    small = {**big, "demand_mean": D(3)}
    periodic = {"demand_mean": D(2), "demand_distribution": "poisson", "review_period": D(7),
                "fill_rate": D("0.95")}  # fmt: skip
    got = records(frames.safety_stock(_frame([periodic])))[0]
    stock = safety_stock(Demand(2, 0, "day", "poisson"), LeadTime(0), fill_rate=D("0.95"),
                         review_period=7)  # fmt: skip
    assert (got["safety_stock"], got["level"], got["method"]) == (
        stock.quantity,
        stock.level,
        "fill_rate",
    )
    monkeypatch.setattr(levels, "_EXP", lambda _x: 1.0)  # no tail ever ends
    monkeypatch.setattr(levels, "_UNDERFLOW", -math.inf)
    result = records(frames.safety_stock(_frame([big, big, small])))
    for got, row in zip(result, [big, big, small], strict=True):
        stock = safety_stock(Demand(row["demand_mean"], 0, "day", "poisson"), LeadTime(9),
                             service_level=D("0.9"))  # fmt: skip
        assert (got["safety_stock"], got["level"]) == (stock.quantity, stock.level)
