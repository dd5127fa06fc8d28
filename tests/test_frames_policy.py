"""The agreed policy in bulk: ``policy=`` on ``frames.review_stock``, ``should_take_discount``, ``term_change_impact``.

The scalar rule is the specification: every output row under ``policy=`` equals
the scalar rule called with the same ``policy`` on the item (or invoice, or
supplier) its input row describes, built here from the raw values, never through
``spendrules.frames``. Hypothesis draws the rows (items with and without a class,
a service target, a holding rate; invoices with and without an explicit cost of
capital) and the policies; the bundled policy file is one fixed case.
"""

from __future__ import annotations

import datetime as dt
import math
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
from spendrules.inventory import Demand, LeadTime, StockItem, review_stock  # noqa: E402
from spendrules.payment_terms import (  # noqa: E402
    parse_terms,
    should_take_discount,
    term_change_impact,
)
from spendrules.policy import (  # noqa: E402
    InventoryPolicy,
    PaymentTermsPolicy,
    ServiceLevel,
    example_text,
    loads,
)

D = Decimal
AS_OF = dt.date(2026, 3, 31)
BUNDLED = loads(example_text())
KINDS = ("pandas", "polars", "pyarrow")
SETTINGS = settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def make(rows: list[dict[str, Any]], kind: str) -> Any:
    """A frame of ``kind`` from rows of plain Python values (``None`` for null)."""
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    if kind == "pandas":
        return pd.DataFrame(columns)
    if kind == "polars":
        return pl.DataFrame(columns, strict=False)
    return pa.table(columns)


def _plain(value: Any) -> Any:
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def records(result: Any) -> list[dict[str, Any]]:
    if isinstance(result, pd.DataFrame):
        return [
            {k: _plain(v) for k, v in row.items()}
            for row in result.astype(object).to_dict("records")
        ]
    if isinstance(result, pl.DataFrame):
        return [{k: _plain(v) for k, v in row.items()} for row in result.to_dicts()]
    return [{k: _plain(v) for k, v in row.items()} for row in result.to_pylist()]


# ---------------------------------------------------------------------- inventory


def item_of(row: dict[str, Any]) -> StockItem:
    """The StockItem a row describes (null: the StockItem default)."""

    def cell(name: str, default: Any = None) -> Any:
        value = row.get(name)
        return default if value is None else value

    return StockItem(
        sku=row["sku"],
        on_hand=row["on_hand"],
        unit_cost=row["unit_cost"],
        currency=row["currency"],
        demand=Demand(row["demand_mean"], cell("demand_sd", D(0))),
        lead_time=LeadTime(cell("lead_time", D(0))),
        service_level=cell("service_level"),
        fill_rate=cell("fill_rate"),
        safety_stock=cell("safety_stock"),
        order_quantity=cell("order_quantity", D(0)),
        holding_rate=cell("holding_rate", D(0)),
        item_class=cell("item_class"),
    )


def expected(item: StockItem, policy: InventoryPolicy) -> dict[str, Any]:
    review = review_stock(item, as_of=AS_OF, policy=policy)
    split = review.split
    primary = review.primary_reason()
    assert primary is not None
    out = {
        "safety_stock": split.safety_target,
        "z": None if review.safety_stock is None else review.safety_stock.z,
        "value": split.value,
        "carrying_cost": split.annual_carrying_cost,
        "months_of_supply": split.months_of_supply,
        "rule": review.rule,
        "reason": primary.code,
    }
    for bucket in split.buckets:
        out[bucket.kind.value] = bucket.quantity
        out[f"{bucket.kind.value}_carrying_cost"] = bucket.annual_carrying_cost
    return out


def assert_review_rows(result: Any, rows: list[dict[str, Any]], policy: InventoryPolicy) -> None:
    got = records(result)
    assert len(got) == len(rows)
    for at, row in enumerate(rows):
        want = expected(item_of(row), policy)
        assert {k: got[at][k] for k in want} == want, (at, row)


_TARGET = st.sampled_from(["none", "service", "fill", "agreed"])


@st.composite
def sku_rows(draw: Any) -> list[dict[str, Any]]:
    rows = []
    for i in range(draw(st.integers(1, 8))):
        target = draw(_TARGET)
        rows.append(
            {
                "sku": f"S{i}",
                "on_hand": D(draw(st.integers(-20, 3000))),
                "unit_cost": D(draw(st.integers(0, 5000))).scaleb(-2),
                "currency": draw(st.sampled_from(["USD", "JPY", "BHD"])),
                "demand_mean": D(draw(st.integers(0, 200))),
                "demand_sd": D(draw(st.integers(0, 40))),
                "lead_time": D(draw(st.integers(0, 20))),
                "service_level": D("0.9") if target == "service" else None,
                "fill_rate": D("0.99") if target == "fill" else None,
                "safety_stock": D(draw(st.integers(0, 90))) if target == "agreed" else None,
                "order_quantity": D(draw(st.integers(1, 300))),
                "holding_rate": draw(st.sampled_from([None, D(0), D("0.00"), D("0.2"), D(1)])),
                "item_class": draw(st.sampled_from([None, "A", "B", "Z"])),
            }
        )
    return rows


policies = st.builds(
    InventoryPolicy,
    service_levels=st.sampled_from(
        [
            (),
            (ServiceLevel("A", D("0.98")),),
            (ServiceLevel("A", D("0.98")), ServiceLevel("B", D("0.9"))),
        ]
    ),
    carrying_rate=st.sampled_from([None, D("0.25"), D("0.185")]),
)


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(rows=sku_rows(), policy=policies)
def test_every_review_row_equals_the_scalar_rule_under_the_policy(
    kind: str, rows: list[dict[str, Any]], policy: InventoryPolicy
) -> None:
    result = frames.review_stock(make(rows, kind), as_of=AS_OF, policy=policy)
    assert_review_rows(result, rows, policy)


BASE = {
    "sku": "A-100",
    "on_hand": D(180),
    "unit_cost": D(5),
    "currency": "USD",
    "demand_mean": D(10),
    "demand_sd": D(3),
    "lead_time": D(9),
    "service_level": None,
    "fill_rate": None,
    "safety_stock": None,
    "order_quantity": D(100),
    "holding_rate": None,
    "item_class": "A",
}


def _row(**change: Any) -> dict[str, Any]:
    return {**BASE, **change}


@pytest.mark.parametrize("kind", KINDS)
def test_the_bundled_policy_file(kind: str) -> None:
    rows = [
        _row(),
        _row(sku="B-1", item_class="B", holding_rate=D("0.1")),
        _row(sku="C-1", item_class="C", service_level=D("0.5"), on_hand=D(0)),
        _row(sku="X-1", item_class=None, on_hand=D(0)),
        _row(sku="Q-1", item_class="Q", on_hand=D(0)),
    ]
    frame = make(rows, kind)
    policy = BUNDLED.inventory
    result = frames.review_stock(frame, as_of=AS_OF, policy=policy, keep=["sku"])
    assert_review_rows(result, rows, policy)
    reasons = [r["reason"] for r in records(result)]
    assert reasons[0] == "INVENTORY.SPLIT.EXCESS"  # a warning stays the primary reason
    assert reasons[2:] == [
        "INVENTORY.REVIEW.OWN_SERVICE_LEVEL",
        "INVENTORY.REVIEW.AGREED_CARRYING_RATE",
        "INVENTORY.REVIEW.NO_CLASS_LEVEL",
    ]
    for at, row in enumerate(rows):  # the explanation is the cited scalar review
        text = frames.explain(result, at, frame=frame, as_of=AS_OF, policy=policy)
        assert text == review_stock(item_of(row), as_of=AS_OF, policy=policy).explain()
    assert "inventory.service_levels.A" in frames.explain(
        result, 0, frame=frame, as_of=AS_OF, policy=policy
    )


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    "policy",
    [
        pytest.param(
            InventoryPolicy(service_levels=[ServiceLevel("A", D("0.95"))]),
            id="no-carrying-rate",
        ),
        pytest.param(
            InventoryPolicy(service_levels=[ServiceLevel("A", D("0.95"))], carrying_rate=D("0.2")),
            id="every-row-its-own-rate",
        ),
    ],
)
def test_a_rate_column_the_policy_leaves_alone(kind: str, policy: InventoryPolicy) -> None:
    # Explicit cases (not only draws): a policy without a carrying rate, and one whose
    # rate no row takes because every row gives a non-zero rate of its own.
    rows = [
        _row(holding_rate=D("0.25")),
        _row(sku="B-1", item_class="B", holding_rate=D("0.1"), on_hand=D(0)),
    ]
    result = frames.review_stock(make(rows, kind), as_of=AS_OF, policy=policy, keep=["sku"])
    assert_review_rows(result, rows, policy)


def test_constants_renamed_columns_and_a_taken_private_name() -> None:
    policy = BUNDLED.inventory
    rows = [_row(), _row(sku="B-1", item_class="B")]
    frame = make(rows, "pandas").rename(columns={"item_class": "abc"})
    frame["__spendrules_service_level"] = ["x", "y"]
    result = frames.review_stock(
        frame, as_of=AS_OF, policy=policy, item_class="abc", holding_rate=D(0)
    )
    assert_review_rows(result, rows, policy)
    own = frames.review_stock(
        frame, as_of=AS_OF, policy=policy, item_class="abc", holding_rate=D("0.3")
    )
    assert_review_rows(
        own,
        [_row(holding_rate=D("0.3")), _row(sku="B-1", item_class="B", holding_rate=D("0.3"))],
        policy,
    )
    targeted = frames.review_stock(
        frame, as_of=AS_OF, policy=policy, item_class="abc", service_level=D("0.6")
    )
    assert_review_rows(
        targeted,
        [_row(service_level=D("0.6")), _row(sku="B-1", item_class="B", service_level=D("0.6"))],
        policy,
    )
    # no class column at all: only the carrying rate applies
    plain = make([{k: v for k, v in _row().items() if k != "item_class"}], "polars")
    assert_review_rows(
        frames.review_stock(plain, as_of=AS_OF, policy=policy), [_row(item_class=None)], policy
    )


@pytest.mark.parametrize("kind", KINDS)
def test_frames_without_the_service_level_column(kind: str) -> None:
    policy = BUNDLED.inventory
    rows = [_row(), _row(sku="B", item_class="B"), _row(sku="Z", item_class="Z")]
    frame = make([{k: v for k, v in r.items() if k != "service_level"} for r in rows], kind)
    assert_review_rows(frames.review_stock(frame, as_of=AS_OF, policy=policy), rows, policy)


def test_a_nan_rate_is_null_as_without_a_policy() -> None:
    policy = BUNDLED.inventory
    frame = make([_row(holding_rate=D("NaN")), _row(sku="B", holding_rate=D("0.5"))], "pandas")
    got = records(frames.review_stock(frame, as_of=AS_OF, policy=policy))
    want = [_row(holding_rate=None), _row(sku="B", holding_rate=D("0.5"))]
    assert [g["carrying_cost"] for g in got] == [
        expected(item_of(w), policy)["carrying_cost"] for w in want
    ]


@pytest.mark.parametrize("kind", KINDS)
def test_integer_and_text_rate_columns(kind: str) -> None:
    policy = InventoryPolicy((ServiceLevel("A", D("0.975")),), carrying_rate=D("0.25"))
    rows = [_row(holding_rate=0), _row(sku="B", holding_rate=1, item_class="Z")]
    frame = make(rows, kind)
    assert_review_rows(frames.review_stock(frame, as_of=AS_OF, policy=policy), rows, policy)
    text = make([_row(holding_rate="0"), _row(sku="B", holding_rate="0.5")], kind)
    got = records(frames.review_stock(text, as_of=AS_OF, policy=policy))
    want = [_row(holding_rate=D(0)), _row(sku="B", holding_rate=D("0.5"))]
    assert [g["carrying_cost"] for g in got] == [
        expected(item_of(w), policy)["carrying_cost"] for w in want
    ]


def test_a_rate_column_of_the_wrong_type_is_refused_naming_it() -> None:
    policy = BUNDLED.inventory
    for kind in KINDS:
        frame = make([_row(holding_rate=None), _row(sku="B", holding_rate=None)], kind)
        floats = _with(frame, kind, "holding_rate", [0.0, None])
        with pytest.raises(FrameInputError, match=r"holding_rate.*not floats"):
            frames.review_stock(floats, as_of=AS_OF, policy=policy)
    dates = make([_row(holding_rate=AS_OF), _row(sku="B", holding_rate=None)], "pyarrow")
    with pytest.raises(FrameInputError, match="holding_rate"):
        frames.review_stock(dates, as_of=AS_OF, policy=policy)


def _with(frame: Any, kind: str, name: str, values: list[Any]) -> Any:
    if kind == "pandas":
        return frame.assign(**{name: values})
    if kind == "polars":
        return frame.with_columns(pl.Series(name, values, dtype=pl.Float64))
    at = frame.schema.get_field_index(name)
    return frame.set_column(at, name, pa.array(values, pa.float64()))


@pytest.mark.parametrize("kind", KINDS)
def test_a_class_the_item_refuses_is_a_bad_row(kind: str) -> None:
    policy = BUNDLED.inventory
    rows = [_row(), _row(sku="B", item_class="  "), _row(sku="C", on_hand=None)]
    frame = make(rows, kind)
    with pytest.raises(FrameInputError, match="item_class") as raised:
        frames.review_stock(frame, as_of=AS_OF, policy=policy)
    with pytest.raises(InvalidInputError) as scalar:
        item_of(rows[1])
    assert (raised.value.row, raised.value.constraint) == (1, scalar.value.constraint)
    got = records(frames.review_stock(frame, as_of=AS_OF, policy=policy, errors="collect"))
    assert [g["error_field"] for g in got] == [None, "item_class", "on_hand"]
    assert got[0]["reason"] == expected(item_of(rows[0]), policy)["reason"]
    assert got[1]["reason"] is None
    numbers = pd.DataFrame({**{k: [v] for k, v in _row().items()}, "item_class": [7]})
    with pytest.raises(FrameInputError, match="of a type the rule takes") as typed:
        frames.review_stock(numbers, as_of=AS_OF, policy=policy)
    assert (typed.value.column, typed.value.value, typed.value.code) == (
        "item_class",
        7,
        "INPUT.TYPE",
    )


def test_explain_of_a_row_the_item_refuses_names_the_column() -> None:
    policy = BUNDLED.inventory
    frame = make([_row()], "pandas")
    result = frames.review_stock(frame, as_of=AS_OF, policy=policy)
    bad = frame.assign(item_class=[""])
    with pytest.raises(FrameInputError, match="item_class"):
        frames.explain(result, 0, frame=bad, as_of=AS_OF, policy=policy)
    numbers = frame.assign(item_class=[7])
    with pytest.raises(FrameInputError, match="item_class"):
        frames.explain(result, 0, frame=numbers, as_of=AS_OF, policy=policy)


def test_without_a_policy_the_class_column_is_not_read() -> None:
    rows = [_row(item_class=None)]
    frame = make([_row(item_class=7)], "pandas")
    plain = frames.review_stock(frame, as_of=AS_OF)
    assert (
        records(plain)[0]["reason"]
        == review_stock(item_of(rows[0]), as_of=AS_OF).primary_reason().code
    )  # type: ignore[union-attr]


def test_a_policy_of_the_wrong_type_is_refused() -> None:
    frame = make([_row()], "pandas")
    with pytest.raises(TypeError, match="policy must be an InventoryPolicy"):
        frames.review_stock(frame, as_of=AS_OF, policy=BUNDLED.payment_terms)  # type: ignore[arg-type]
    invoices = pd.DataFrame({"terms": ["2/10 net 30"]})
    with pytest.raises(TypeError, match="policy must be a PaymentTermsPolicy"):
        frames.should_take_discount(invoices, policy=BUNDLED.inventory)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a PaymentTermsPolicy"):
        frames.term_change_impact(SUPPLIERS, policy="finance.toml")  # type: ignore[arg-type]


def test_no_cost_of_capital_and_no_policy_is_the_scalar_error() -> None:
    invoices = pd.DataFrame({"terms": ["2/10 net 30"]})
    with pytest.raises(InvalidInputError) as scalar:
        should_take_discount(parse_terms("2/10 net 30"))
    with pytest.raises(InvalidInputError) as bulk:
        frames.should_take_discount(invoices)
    assert (bulk.value.field, bulk.value.constraint) == (
        scalar.value.field,
        scalar.value.constraint,
    )
    with pytest.raises(InvalidInputError, match="cost_of_capital"):
        frames.term_change_impact(SUPPLIERS)
    nulls = pd.DataFrame({"terms": ["2/10 net 30"], "coc": [None]})
    with pytest.raises(FrameInputError, match="coc"):  # a null cell without a policy: as today
        frames.should_take_discount(nulls, cost_of_capital="coc")


# ---------------------------------------------------------------------- payment terms

TERMS = [
    "2/10 net 30",
    "1/10 net 30",
    "net 45",
    "3/10, 1/20 net 60",
    "1/15 EOM net 45 EOM",
    "net 30 EOM",
]
SUPPLIERS = pd.DataFrame(
    {
        "annual_spend": [D("3650000.00")],
        "currency": ["EUR"],
        "current": ["2/10 net 30"],
        "proposed": ["net 60"],
    }
)

terms_policies = st.builds(
    PaymentTermsPolicy,
    standard_terms=st.just(parse_terms("net 60")),
    cost_of_capital=st.sampled_from([D("0.08"), D("0.2"), D("0.5")]),
    discount_convention=st.sampled_from(["cost_of_capital", "us_treasury"]),
)
costs = st.sampled_from([None, D("0.08"), D("0.15"), D("0.6")])


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(
    rows=st.lists(st.tuples(st.sampled_from(TERMS), costs), min_size=1, max_size=8),
    policy=terms_policies,
)
def test_every_decision_equals_the_scalar_rule_under_the_policy(
    kind: str, rows: list[tuple[str, Decimal | None]], policy: PaymentTermsPolicy
) -> None:
    frame = make([{"terms": t, "coc": c} for t, c in rows], kind)
    result = records(frames.should_take_discount(frame, cost_of_capital="coc", policy=policy))
    for got, (terms, cost) in zip(result, rows, strict=True):
        want = should_take_discount(parse_terms(terms), cost_of_capital=cost, policy=policy)
        primary = want.primary_reason()
        assert primary is not None
        assert (got["take"], got["tier"], got["forgone_rate"], got["margin"], got["reason"]) == (
            want.take,
            want.tier,
            want.forgone_rate,
            want.margin,
            primary.code,
        )


@pytest.mark.parametrize("kind", KINDS)
@SETTINGS
@given(
    rows=st.lists(
        st.tuples(st.sampled_from(TERMS), st.sampled_from(TERMS), costs), min_size=1, max_size=6
    ),
    policy=terms_policies,
)
def test_every_term_change_equals_the_scalar_rule_under_the_policy(
    kind: str, rows: list[tuple[str, str, Decimal | None]], policy: PaymentTermsPolicy
) -> None:
    frame = make(
        [
            {
                "annual_spend": D("1200000.00"),
                "currency": "EUR",
                "current": a,
                "proposed": b,
                "coc": c,
            }
            for a, b, c in rows
        ],
        kind,
    )
    result = records(frames.term_change_impact(frame, cost_of_capital="coc", policy=policy))
    for got, (current, proposed, cost) in zip(result, rows, strict=True):
        want = term_change_impact(
            annual_spend=D("1200000.00"),
            currency="EUR",
            current=parse_terms(current),
            proposed=parse_terms(proposed),
            cost_of_capital=cost,
            policy=policy,
        )
        primary = want.primary_reason()
        assert primary is not None
        assert (got["annual_value"], got["net_annual_value"], got["verdict"], got["reason"]) == (
            want.annual_value,
            want.net_annual_value,
            want.verdict.value,
            primary.code,
        )


def test_the_bundled_policy_decides_and_explain_cites_it() -> None:
    policy = BUNDLED.payment_terms
    invoices = pl.DataFrame({"terms": ["2/10 net 30", "1/10 net 30"]})
    decisions = frames.should_take_discount(invoices, policy=policy)
    assert decisions["take"].to_list() == [
        should_take_discount(parse_terms(t), policy=policy).take for t in invoices["terms"]
    ]
    text = frames.explain(decisions, 0, frame=invoices, policy=policy)
    assert text == should_take_discount(parse_terms("2/10 net 30"), policy=policy).explain()
    assert "POLICY.CITED" in text
    impact = frames.term_change_impact(SUPPLIERS, policy=policy)
    want = term_change_impact(
        annual_spend=D("3650000.00"),
        currency="EUR",
        current=parse_terms("2/10 net 30"),
        proposed=parse_terms("net 60"),
        policy=policy,
    )
    assert impact["annual_value"].tolist() == [want.annual_value]
    assert frames.explain(impact, 0, frame=SUPPLIERS, policy=policy) == want.explain()
