"""``frames.check_budget``, ``frames.what_if`` and ``frames.budget_request`` (issue 14, item 8).

The scalar rule is the specification: every row of ``frames.check_budget`` equals
``book.check(<that row's SpendRequest>, as_of=..., roles=...)`` in decision, primary
reason code and rule, and ``frames.what_if`` gives what ``book.what_if`` gives. The
expected values come from the book only: the requests are built here from the raw
values the frames are made of, never through ``spendrules.frames``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

np = pytest.importorskip("numpy")
pytest.importorskip("narwhals")
pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")
pa = pytest.importorskip("pyarrow")

from spendrules import frames  # noqa: E402
from spendrules.budget import (  # noqa: E402
    Action,
    Basis,
    Boundary,
    Budget,
    BudgetBook,
    BudgetRate,
    BudgetStatus,
    ControlPolicy,
    FiscalCalendar,
    Frequency,
    Hierarchy,
    LedgerEntry,
    MissingBudget,
    Phasing,
    Rollup,
    SpendLine,
    SpendRequest,
    Stage,
    StagePolicy,
    ToleranceRule,
)
from spendrules.errors import CurrencyMismatchError, FrameInputError, InvalidInputError  # noqa: E402
from spendrules.frames import _budget  # noqa: E402
from spendrules.money import minor_units  # noqa: E402

AS_OF = dt.date(2026, 12, 31)
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
ACCOUNTS = ("6100", "6110", "6200", "7000", "")  # 6110 rolls up to 6100; 7000 has no budget
CENTRES = (None, "CC-1", "CC-2", "CC-9")
BUDGET_CURRENCIES = ("USD", "JPY", "BHD")
ROW_CURRENCIES = ("USD", "USD", "JPY", "BHD", "EUR")
USAGES = (Decimal("0.5"), Decimal("0.75"), Decimal("0.9"), Decimal("0.333"), Decimal(1))
DAYS = [START + dt.timedelta(days=n) for n in (0, 27, 31, 59, 90, 180, 181, 300, 364)] + [
    dt.date(2025, 12, 31),
    dt.date(2026, 3, 31),
    dt.date(2026, 4, 1),
    dt.date(2027, 1, 1),
    dt.date(2027, 3, 31),
    dt.date(2027, 4, 1),
    dt.date(2027, 8, 15),
    dt.date(2028, 1, 1),
]
PROPERTY = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# ---------------------------------------------------------------------- worlds


@st.composite
def rules(draw: st.DrawFn) -> tuple[ToleranceRule, ...]:
    ladder = []
    for _ in range(draw(st.integers(0, 3))):
        usage = draw(st.none() | st.sampled_from((*USAGES, Decimal("1.1"))))
        over = draw(st.none() | st.sampled_from((Decimal("0.01"), Decimal(50), Decimal(0))))
        if usage is None and over is None:
            usage = Decimal(1)
        basis = draw(st.none() | st.sampled_from((Basis.ANNUAL, Basis.PERIOD, Basis.LINEAR)))
        ladder.append(ToleranceRule(draw(st.sampled_from(Action)), usage, over, basis=basis))
    return tuple(ladder)


@st.composite
def stage_policies(draw: st.DrawFn) -> StagePolicy:
    counts = draw(
        st.sampled_from(((Stage.REQUISITION, Stage.ORDER, Stage.ACTUAL), (Stage.ACTUAL,), ()))
    )
    return StagePolicy(
        counts=counts,
        basis=draw(st.sampled_from(Basis)),
        rules=draw(rules()),
        boundary=draw(st.sampled_from(Boundary)),
        missing_budget=draw(st.sampled_from(MissingBudget)),
    )


@st.composite
def worlds(draw: st.DrawFn) -> dict[str, Any]:
    """Budgets, a policy, rates, a hierarchy and an opening ledger; all consistent."""
    budgets = []
    for account in ("6100", "6200"):
        for centre in (None, "CC-1", "CC-2"):
            if not draw(st.booleans()):
                continue
            currency = draw(st.sampled_from(BUDGET_CURRENCIES))
            places = minor_units(currency)
            amount = Decimal(draw(st.integers(0, 10**7))).scaleb(-places)
            budgets.append(
                Budget(
                    account,
                    amount,
                    currency,
                    START,
                    draw(st.sampled_from((END, dt.date(2027, 12, 31)))),  # one or two fiscal years
                    {} if centre is None else {"cost_center": centre},
                    phasing=Phasing.equal(frequency=draw(st.sampled_from(Frequency))),
                    status=draw(st.sampled_from([BudgetStatus.OPEN] * 4 + list(BudgetStatus))),
                    tolerances=draw(st.none() | st.none() | rules()),
                )
            )
    policy = ControlPolicy(
        requisition=draw(stage_policies()),
        order=draw(stage_policies()),
        actual=draw(stage_policies()),
        override_roles=("cfo",),
        rollup=draw(st.sampled_from(Rollup)),
    )
    rates = [
        BudgetRate(source, target, Decimal("1.37"))
        for source in BUDGET_CURRENCIES
        for target in BUDGET_CURRENCIES
        if source != target
    ]
    if draw(st.booleans()):
        rates.append(BudgetRate("EUR", "USD", Decimal("1.0837")))
    ledger = [
        LedgerEntry(
            draw(st.sampled_from(ACCOUNTS[:4])),
            draw(st.sampled_from(Stage)),
            Decimal(draw(st.integers(-(10**6), 10**7))).scaleb(-draw(st.integers(0, 4))),
            draw(st.sampled_from(BUDGET_CURRENCIES)),
            draw(st.sampled_from(DAYS)),
            {} if (centre := draw(st.sampled_from(CENTRES))) is None else {"cost_center": centre},
        )
        for _ in range(draw(st.integers(0, 25)))
    ]
    return {
        "budgets": budgets,
        "policy": policy,
        "rates": rates,
        "hierarchy": Hierarchy("account", {"6110": "6100"}),
        "ledger": ledger,
        "calendar": FiscalCalendar(start_month=draw(st.sampled_from((1, 4)))),
    }


def make_book(world: dict[str, Any]) -> BudgetBook:
    return BudgetBook(
        world["budgets"],
        policy=world["policy"],
        ledger=world["ledger"],
        hierarchy=world["hierarchy"],
        rates=world["rates"],
        calendar=world.get("calendar", FiscalCalendar()),
    )


def near(world: dict[str, Any]) -> list[Decimal]:
    """Amounts at the thresholds of the budgets: usage shares of the year and of a month, ±1 unit."""
    found = []
    for budget in world["budgets"]:
        unit = Decimal(1).scaleb(-minor_units(budget.currency))
        for usage in (*USAGES, Decimal("1.1")):
            for share in (budget.amount * usage, budget.amount * usage / 12):
                base = share.quantize(unit)
                found += [base - unit, base, base + unit]
    return found


@st.composite
def request_rows(draw: st.DrawFn, world: dict[str, Any], *, grouped: bool) -> list[dict[str, Any]]:
    interesting = near(world)
    rows = []
    for _ in range(draw(st.integers(1, 40))):
        currency = draw(st.sampled_from(ROW_CURRENCIES))
        places = minor_units(currency)
        if interesting and draw(st.booleans()):
            amount = draw(st.sampled_from(interesting))
        else:
            amount = Decimal(draw(st.integers(-(10**5), 10**7))).scaleb(-places)
        if draw(st.integers(0, 9)) == 0:  # digits below the minor unit: the book's path
            amount += Decimal("0.00001")
        rows.append(
            {
                "account": draw(st.sampled_from(ACCOUNTS)),
                "amount": amount,
                "currency": currency,
                "date": draw(st.sampled_from(DAYS)),
                "stage": draw(st.sampled_from(Stage)).value,
                "cost_center": draw(st.sampled_from(CENTRES)),
                "request": draw(st.none() | st.sampled_from(("R1", "R2", "R3")))
                if grouped
                else None,
            }
        )
    firsts: dict[str, dict[str, Any]] = {}
    for row in rows:  # the lines of one request share its date and stage
        if row["request"] is not None:
            first = firsts.setdefault(row["request"], row)
            row["date"], row["stage"] = first["date"], first["stage"]
    return rows


def requests_of(rows: Sequence[dict[str, Any]]) -> tuple[list[SpendRequest], list[int]]:
    """The scalar requests (in the order of their first row) and each row's request index."""
    order: dict[object, int] = {}
    lines: list[list[SpendLine]] = []
    heads: list[dict[str, Any]] = []
    which = []
    for position, row in enumerate(rows):
        key = ("row", position) if row["request"] is None else row["request"]
        if key not in order:
            order[key] = len(lines)
            lines.append([])
            heads.append(row)
        dims = {} if row["cost_center"] is None else {"cost_center": row["cost_center"]}
        lines[order[key]].append(SpendLine(row["account"], row["amount"], row["currency"], dims))
        which.append(order[key])
    requests = [
        SpendRequest(tuple(group), head["date"], stage=Stage(head["stage"]))
        for group, head in zip(lines, heads, strict=True)
    ]
    return requests, which


def to_frame(rows: Sequence[dict[str, Any]], kind: str) -> Any:
    columns = ["account", "amount", "currency", "date", "stage", "cost_center", "request"]
    data = {name: [row[name] for row in rows] for name in columns}
    data["account"] = [a or None if a == "" and i % 2 else a for i, a in enumerate(data["account"])]
    if kind == "pandas":
        frame = pd.DataFrame(data)
        frame["date"] = pd.to_datetime(frame["date"])
        return frame
    frame = pl.DataFrame(
        data,
        schema={
            "account": pl.String,
            "amount": pl.Decimal(38, 6),
            "currency": pl.String,
            "date": pl.Date,
            "stage": pl.String,
            "cost_center": pl.String,
            "request": pl.String,
        },
    )
    return frame if kind == "polars" else frame.to_arrow()


def column(result: Any, name: str) -> list[Any]:
    if isinstance(result, pa.Table):
        return result.column(name).to_pylist()
    values = result[name].to_list()
    return [None if isinstance(v, float) else v for v in values]  # pandas NaN for null


def expected_rows(
    book: BudgetBook, rows: Sequence[dict[str, Any]], roles: tuple[str, ...]
) -> list[tuple[str | None, str | None, str | None]]:
    """Each row's (decision, code, rule) by the book; (None, None, None) where the book refuses."""
    requests, which = requests_of(rows)
    found: list[tuple[str | None, str | None, str | None]] = []
    for request in requests:
        try:
            check = book.check(request, as_of=AS_OF, roles=roles)
        except CurrencyMismatchError:  # a zero budget whose ledger has no rate to this currency
            found.append((None, None, None))
        else:
            found.append((check.decision.value, check.reasons[0].code, check.rule))
    return [found[i] for i in which]


def got_rows(result: Any) -> list[tuple[str, str, str]]:
    return list(
        zip(column(result, "decision"), column(result, "code"), column(result, "rule"), strict=True)
    )


OPTIONS = {"dimensions": ["cost_center"], "stage": "stage"}


# ---------------------------------------------------------------------- properties


@PROPERTY
@given(data=st.data())
def test_every_row_equals_the_scalar_check(data: st.DataObject) -> None:
    world = data.draw(worlds())
    book = make_book(world)
    grouped = data.draw(st.booleans())
    rows = data.draw(request_rows(world, grouped=grouped))
    roles = data.draw(st.sampled_from(((), ("cfo",), ("clerk",), ("clerk", "cfo"))))
    kind = data.draw(st.sampled_from(("pandas", "polars")))
    before = book.snapshot()
    expected = expected_rows(book, rows, roles)
    refused = [row for row, found in enumerate(expected) if found[0] is None]
    options = {"request": "request" if grouped else None, **OPTIONS}
    frame = to_frame(rows, kind)
    if refused:
        with pytest.raises(FrameInputError) as caught:
            frames.check_budget(frame, book=book, as_of=AS_OF, roles=roles, **options)
        assert (caught.value.row, caught.value.column) == (refused[0], "currency")
    result = frames.check_budget(
        frame, book=book, as_of=AS_OF, roles=roles, errors="collect", **options
    )
    assert got_rows(result) == expected
    assert [row for row, code in enumerate(column(result, "error_code")) if code] == refused
    assert column(result, "row") == list(range(len(rows)))
    assert book.snapshot() == before


@settings(PROPERTY, max_examples=20)
@given(data=st.data())
def test_what_if_equals_the_book_what_if(data: st.DataObject) -> None:
    world = data.draw(worlds())
    book = make_book(world)
    grouped = data.draw(st.booleans())
    rows = data.draw(request_rows(world, grouped=grouped))
    roles = data.draw(st.sampled_from(((), ("cfo",))))
    kind = data.draw(st.sampled_from(("pandas", "polars", "pyarrow")))
    commit = data.draw(st.booleans())
    requests, which = requests_of(rows)
    twin = make_book(world)
    try:
        expected = twin.what_if(requests, as_of=AS_OF, roles=roles, commit=commit)
    except CurrencyMismatchError:  # a zero budget without a rate: tested on its own below
        reject()
    before = book.snapshot()
    result = frames.what_if(
        to_frame(rows, kind),
        book=book,
        as_of=AS_OF,
        roles=roles,
        commit=commit,
        request="request" if grouped else None,
        **OPTIONS,
    )
    checks = expected.checks
    assert got_rows(result) == [
        (checks[i].decision.value, checks[i].reasons[0].code, checks[i].rule) for i in which
    ]
    if commit:  # the same entries (the amounts equal, perhaps written with other exponents)
        assert list(book.ledger()) == list(twin.ledger())
    else:
        assert book.snapshot() == before


def test_pyarrow_rows_equal_the_scalar_check() -> None:
    world = {
        "budgets": [
            Budget("6100", Decimal("1234.57"), "USD", START, END),
            Budget("6200", Decimal(100000), "JPY", START, END, {"cost_center": "CC-1"}),
            Budget("6200", Decimal("100.000"), "BHD", START, END, {"cost_center": "CC-2"}),
        ],
        "policy": ControlPolicy(
            order=StagePolicy(
                rules=(
                    ToleranceRule(Action.WARN, usage=Decimal("0.9")),
                    ToleranceRule(Action.BLOCK, usage=Decimal(1)),
                )
            ),
            override_roles=("cfo",),
        ),
        "rates": [],
        "hierarchy": Hierarchy("account", {}),
        "ledger": [],
    }
    book = make_book(world)
    rows = [
        {
            "account": a,
            "amount": Decimal(v),
            "currency": c,
            "date": dt.date(2026, 5, 5),
            "stage": "order",
            "cost_center": cc,
            "request": None,
        }
        for a, v, c, cc in [
            ("6100", "1111.11", "USD", None),
            ("6100", "1111.12", "USD", None),
            ("6100", "1234.57", "USD", None),
            ("6100", "1234.58", "USD", None),
            ("6100", "0", "USD", None),
            ("6100", "-5", "USD", None),
            ("6200", "90001", "JPY", "CC-1"),
            ("6200", "100001", "JPY", "CC-1"),
            ("6200", "89.999", "BHD", "CC-2"),
            ("6200", "90.001", "BHD", "CC-2"),
            ("6200", "100.001", "BHD", "CC-2"),
            ("6200", "5", "EUR", "CC-2"),
            ("7000", "5", "USD", None),
        ]
    ]
    result = frames.check_budget(to_frame(rows, "pyarrow"), book=book, as_of=AS_OF, **OPTIONS)
    assert isinstance(result, pa.Table)
    assert got_rows(result) == expected_rows(book, rows, ())
    assert column(result, "decision") == [
        "pass", "pass_with_warning", "pass_with_warning", "blocked", "pass", "pass",
        "pass_with_warning", "blocked", "pass", "pass_with_warning", "blocked", "blocked",
        "not_controlled",
    ]  # fmt: skip


# ---------------------------------------------------------------------- explicit rows


def small_book(*, ledger: Sequence[LedgerEntry] = (), **options: Any) -> BudgetBook:
    policy = options.pop("policy", None) or ControlPolicy(
        order=StagePolicy(
            rules=(
                ToleranceRule(Action.WARN, usage=Decimal("0.9")),
                ToleranceRule(Action.BLOCK, usage=Decimal(1)),
            )
        ),
        override_roles=("cfo",),
    )
    budgets = options.pop(
        "budgets",
        [
            Budget("6100", Decimal("1000.00"), "USD", START, END),
            Budget("6200", Decimal(100000), "JPY", START, END, {"cost_center": "CC-1"}),
        ],
    )
    return BudgetBook(budgets, policy=policy, ledger=ledger, **options)


def frame_of(**columns: Any) -> Any:
    size = max(len(v) for v in columns.values() if isinstance(v, list))
    data = {
        "account": ["6100"] * size,
        "amount": [Decimal("10.00")] * size,
        "currency": ["USD"] * size,
        "date": [dt.date(2026, 3, 1)] * size,
    }
    data.update(columns)
    return pd.DataFrame({k: v for k, v in data.items() if v is not None})


def scalar(
    book: BudgetBook,
    amounts: Sequence[Decimal],
    *,
    account: str = "6100",
    currency: str = "USD",
    day: dt.date = dt.date(2026, 3, 1),
    roles: tuple[str, ...] = (),
    dims: dict[str, str] | None = None,
    stage: Stage = Stage.ORDER,
) -> list[str]:
    return [
        book.check(
            SpendRequest((SpendLine(account, amount, currency, dims or {}),), day, stage=stage),
            as_of=AS_OF,
            roles=roles,
        ).decision.value
        for amount in amounts
    ]


def error_of(frame: Any, **options: Any) -> FrameInputError:
    with pytest.raises(FrameInputError) as caught:
        frames.check_budget(frame, book=small_book(), as_of=AS_OF, **options)
    return caught.value


@pytest.mark.parametrize(
    ("columns", "options", "where"),
    [
        ({"currency": None}, {}, (None, "currency", "INPUT.INVALID")),
        ({"stage": ["order", "po"]}, {"stage": "stage"}, (1, "stage", "INPUT.INVALID")),
        ({"stage": ["order", None]}, {"stage": "stage"}, (1, "stage", "INPUT.MISSING")),
        (
            {"request": ["R", "R"], "date": [dt.date(2026, 3, 1), dt.date(2026, 3, 2)]},
            {"request": "request"},
            (1, "date", "INPUT.INVALID"),
        ),
        (
            {"request": ["R", "R"], "stage": ["order", "actual"]},
            {"request": "request", "stage": "stage"},
            (1, "stage", "INPUT.INVALID"),
        ),
        (
            {"request": ["R", "R"], "ref": ["PO-1", None]},
            {"request": "request", "reference": "ref"},
            (1, "ref", "INPUT.INVALID"),
        ),
        ({"amount": [1.5, 2.5]}, {}, (None, "amount", "INPUT.TYPE")),
        ({"amount": [Decimal(1), 2.5]}, {}, (1, "amount", "INPUT.TYPE")),
        (
            {"date": pd.to_datetime(["2026-03-01 00:00", "2026-03-01 14:30"])},
            {},
            (1, "date", "INPUT.INVALID"),
        ),
        ({"date": [dt.date(2026, 3, 1), None]}, {}, (1, "date", "INPUT.MISSING")),
        ({"account": ["6100", 6100]}, {}, (1, "account", "INPUT.TYPE")),
        ({"amount": [Decimal(1), "1,000.00"]}, {}, (1, "amount", "INPUT.INVALID")),
        ({"amount": [Decimal(1), True]}, {}, (1, "amount", "INPUT.TYPE")),
        ({"amount": [Decimal(1), None]}, {}, (1, "amount", "INPUT.MISSING")),
        ({"amount": [Decimal(1), Decimal("sNaN")]}, {}, (1, "amount", "INPUT.INVALID")),
        ({"amount": [Decimal(1), Decimal("NaN")]}, {}, (1, "amount", "INPUT.MISSING")),
        ({"amount": [Decimal(1), pd.NA]}, {}, (1, "amount", "INPUT.MISSING")),
        ({"amount": [Decimal(1), Decimal("-Infinity")]}, {}, (1, "amount", "INPUT.INVALID")),
        (
            {"currency": ["USD", "ZZZ"], "amount": ["1", "1.5"]},
            {},
            (1, "currency", "INPUT.INVALID"),
        ),
        (
            {"cost_center": ["CC-1", 7]},
            {"dimensions": ["cost_center"]},
            (1, "cost_center", "INPUT.TYPE"),
        ),
        (
            {"amount": [1.5, float("inf")]},
            {"float_money": "round_half_up"},
            (1, "amount", "INPUT.INVALID"),
        ),
    ],
)
def test_a_bad_cell_names_its_row_and_column(
    columns: dict[str, Any], options: dict[str, Any], where: tuple[int | None, str, str]
) -> None:
    base = {"account": ["6100", "6100"]}
    error = error_of(frame_of(**{**base, **columns}), **options)
    assert (error.row, error.column, error.code) == where
    assert str(error).startswith("" if where[0] is None else f"row {where[0]}: ")


def test_messages_read_as_the_guide_says() -> None:
    mixed = frame_of(request=["R-7", "R-7"], date=[dt.date(2026, 3, 1), dt.date(2026, 3, 2)])
    assert str(error_of(mixed, request="request")) == (
        "row 1: column 'date' must be the same as on row 0, the first row of request 'R-7' "
        "(2026-03-01): datetime.date(2026, 3, 2)"
    )
    floats = frame_of(amount=[2.675])
    assert "float_money='round_half_up'" in str(error_of(floats))
    assert str(error_of(frame_of(stage=["po"]), stage="stage")) == (
        "row 0: column 'stage' must be one of 'requisition', 'order', 'actual': 'po'"
    )


def test_collect_keeps_the_good_rows_and_spreads_to_the_request() -> None:
    book = small_book()
    frame = frame_of(
        line=["a", "b", "c", "d"],
        request=["R1", "R1", "R2", None],
        amount=[Decimal("10.00"), "oops", Decimal("950.00"), Decimal("5.00")],
        currency=["USD"] * 4,
    )
    result = frames.check_budget(
        frame, book=book, as_of=AS_OF, request="request", keep=["line"], errors="collect"
    )
    assert list(result["line"]) == ["a", "b", "c", "d"]
    assert column(result, "decision") == [None, None, "pass_with_warning", "pass"]
    assert column(result, "error_field") == ["request", "amount", None, None]
    assert column(result, "error_code") == ["INPUT.INVALID", "INPUT.INVALID", None, None]
    assert result.loc[0, "error_constraint"] == "a request whose rows are all good (row 1 is not)"
    assert column(result, "rule") == [None, None, "budget.check@1", "budget.check@1"]


def test_amounts_in_every_representation_equal_the_scalar_check() -> None:
    book = small_book()
    exact = [
        Decimal("12.50"), Decimal(2), Decimal(3), Decimal("1.005"), Decimal(10) ** 17,
        Decimal("900.01"), Decimal("-3"), Decimal("2.68"),
    ]  # fmt: skip
    cells = ["12.50", 2, np.int64(3), Decimal("1.005"), Decimal(10) ** 17, "900.01", -3, 2.675]
    long = Decimal("1." + "0" * 70 + "1")  # more digits than the integer path scales exactly
    exact.append(long)
    cells.append(long)
    frame = frame_of(amount=cells)
    result = frames.check_budget(frame, book=book, as_of=AS_OF, float_money="round_half_up")
    assert column(result, "decision") == scalar(book, exact)
    assert column(result, "float_money") == ["round_half_up"] * len(cells)
    integers = frame_of(amount=[1, 900, 1000, 1001, 10**17, -(10**17)])
    got = frames.check_budget(integers, book=book, as_of=AS_OF)
    assert column(got, "decision") == scalar(book, [Decimal(v) for v in integers["amount"]])
    floats = frame_of(amount=[2.675, 1e20, 999.999, -0.5])
    got = frames.check_budget(floats, book=book, as_of=AS_OF, float_money="round_half_even")
    rounded = [Decimal("2.68"), Decimal("1E+20"), Decimal("1000.00"), Decimal("-0.50")]
    assert column(got, "decision") == scalar(book, rounded)


@pytest.mark.parametrize("scale", [0, 2, 4])
def test_polars_and_arrow_decimals_equal_the_scalar_check(scale: int) -> None:
    book = small_book()
    values = [Decimal(v) for v in ("1.2345", "1.23", "899", "900.0001", "1000", "1000.01", "-2")]
    values = [
        v.quantize(Decimal(1).scaleb(-scale)) if v == v.quantize(Decimal(1).scaleb(-scale)) else v
        for v in values
    ]
    values = [v for v in values if -v.as_tuple().exponent <= scale]  # type: ignore[operator]
    frame = pl.DataFrame(
        {
            "account": ["6100"] * len(values),
            "amount": values,
            "currency": ["USD"] * len(values),
            "date": [dt.date(2026, 3, 1)] * len(values),
        },
        schema_overrides={"amount": pl.Decimal(38, scale)},
    )
    for native in (frame, frame.to_arrow()):
        got = frames.check_budget(native, book=book, as_of=AS_OF)
        assert column(got, "decision") == scalar(book, values)
    yen = pl.DataFrame(
        {
            "account": ["6200"] * 3,
            "amount": [Decimal("89999.5"), Decimal(90001), Decimal(10) ** 30],
            "currency": ["JPY"] * 3,
            "cost_center": ["CC-1"] * 3,
            "date": [dt.date(2026, 3, 1)] * 3,
        },
        schema_overrides={"amount": pl.Decimal(38, 1)},
    )
    got = frames.check_budget(yen, book=book, as_of=AS_OF, dimensions=["cost_center"])
    assert column(got, "decision") == scalar(
        book, list(yen["amount"]), account="6200", currency="JPY", dims={"cost_center": "CC-1"}
    )


def test_the_integer_path_edges_equal_the_scalar_check(monkeypatch: pytest.MonkeyPatch) -> None:
    day = dt.date(2026, 3, 1)
    tiny = LedgerEntry("6100", Stage.ORDER, Decimal("0.005"), "USD", day)
    fine = [
        LedgerEntry("6300", Stage.ORDER, Decimal(5), "USD", day),
        LedgerEntry("6300", Stage.ORDER, Decimal("1E-45"), "USD", day),
        LedgerEntry("6800", Stage.ACTUAL, Decimal(10) ** 17, "USD", day),
    ]
    budgets = [
        Budget("6100", Decimal("1234.57"), "USD", START, END),
        Budget("6300", Decimal("1000.00"), "USD", START, END),  # consumption too fine: the book
        Budget("6400", Decimal(10) ** 20, "USD", START, END),  # threshold too large: the book
        Budget("6500", Decimal(500), "USD", START, END, status=BudgetStatus.ON_HOLD),
        Budget("6600", Decimal(500), "USD", START, END, tolerances=(
            ToleranceRule(Action.INFO, usage=Decimal("0.5")),
            ToleranceRule(Action.BLOCK, usage=Decimal(1)),
        )),
        Budget("6700", Decimal(500), "USD", START, END,
               tolerances=(ToleranceRule(Action.BLOCK, usage=Decimal(1), basis=Basis.LINEAR),)),
        Budget("6800", Decimal(10) ** 12, "USD", START, END,  # a threshold of 60 digits: the book
               tolerances=(ToleranceRule(Action.BLOCK, usage=Decimal("0." + "3" * 50)),)),
    ]  # fmt: skip
    for boundary in Boundary:
        policy = ControlPolicy(
            order=StagePolicy(
                rules=(
                    ToleranceRule(Action.WARN, usage=Decimal("0.9")),
                    ToleranceRule(Action.BLOCK, usage=Decimal(1)),
                ),
                boundary=boundary,
            ),
            override_roles=("cfo",),
        )
        book = small_book(budgets=budgets, policy=policy, ledger=[tiny, *fine])
        amounts = [
            Decimal(v)
            for v in ("1111.10", "1111.11", "1111.12", "1234.56", "1234.57", "0", "-1", "250.00")
        ]
        for account in ("6100", "6300", "6400", "6500", "6600", "6700", "6800"):
            for roles in ((), ("cfo",)):
                frame = frame_of(account=[account] * len(amounts), amount=amounts)
                got = frames.check_budget(frame, book=book, as_of=AS_OF, roles=roles)
                expected = scalar(book, amounts, account=account, roles=roles)
                assert column(got, "decision") == expected, (boundary, account, roles)
    monkeypatch.setattr(_budget, "_KEY_LIMIT", 8)  # keys renumbered on the way: the same answers
    frame = frame_of(
        account=["6100", "6300", "6100", "6600"],
        amount=[Decimal("1111.12"), Decimal(5), Decimal("1300"), Decimal(400)],
        date=[dt.date(2026, 3, 1), dt.date(2026, 5, 1), dt.date(2026, 7, 1), dt.date(2026, 3, 1)],
    )
    got = frames.check_budget(frame, book=book, as_of=AS_OF)
    assert column(got, "decision") == ["pass_with_warning", "pass", "blocked", "pass"]


def test_stage_reference_and_date_constants() -> None:
    book = small_book()
    frame = frame_of(amount=[Decimal("950.00"), Decimal("5.00")], ref=["PO-1", None])
    day = dt.date(2026, 4, 1)
    got = frames.check_budget(
        frame.drop(columns="date"), book=book, as_of=AS_OF, date=day, stage=Stage.ACTUAL,
        reference="ref",
    )  # fmt: skip
    amounts = [Decimal("950.00"), Decimal("5.00")]
    assert column(got, "decision") == scalar(book, amounts, day=day, stage=Stage.ACTUAL)
    request = frames.budget_request(frame, 0, reference="ref", stage=Stage.ACTUAL)
    assert (request.reference, request.stage) == ("PO-1", Stage.ACTUAL)
    assert frames.budget_request(frame, 1, reference="ref").reference == ""


def test_a_book_that_cannot_convert_a_zero_budget_ledger_names_the_row() -> None:
    zero = StagePolicy(missing_budget=MissingBudget.ZERO)
    book = small_book(
        policy=ControlPolicy(order=zero),
        ledger=[LedgerEntry("7000", Stage.ORDER, Decimal(5), "USD", dt.date(2026, 2, 1))],
    )
    frame = frame_of(account=["6100", "7000", "7000"], currency=["USD", "EUR", "USD"])
    with pytest.raises(FrameInputError) as caught:
        frames.check_budget(frame, book=book, as_of=AS_OF)
    assert (caught.value.row, caught.value.column) == (1, "currency")
    collected = frames.check_budget(frame, book=book, as_of=AS_OF, errors="collect")
    assert column(collected, "decision") == ["pass", None, "blocked"]
    before = book.snapshot()
    with pytest.raises(FrameInputError):
        frames.what_if(frame, book=book, as_of=AS_OF, commit=True)
    assert book.snapshot() == before
    reserved = frames.what_if(frame, book=book, as_of=AS_OF, errors="collect", commit=True)
    assert column(reserved, "decision") == ["pass", None, "blocked"]
    assert len(book) == 2


def test_what_if_reserves_in_row_order() -> None:
    book = small_book()
    frame = frame_of(
        amount=[Decimal(600), Decimal(600), Decimal(300), Decimal(200), Decimal(1)],
        request=[None, None, "R", "R", None],
    )
    got = frames.what_if(frame, book=book, as_of=AS_OF, request="request")
    assert column(got, "decision") == [
        "pass", "blocked", "blocked", "blocked", "pass"
    ]  # fmt: skip
    assert len(book) == 0
    got = frames.what_if(frame, book=book, as_of=AS_OF, roles=["cfo"], commit=True)
    assert column(got, "decision")[:2] == ["pass", "pass_with_warning"]
    assert len(book) == 5


def test_options_are_checked() -> None:
    book = small_book()
    frame = frame_of(amount=[Decimal(1)])
    with pytest.raises(TypeError, match="book must be a BudgetBook"):
        frames.check_budget(frame, book=object(), as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="commit must be a bool"):
        frames.what_if(frame, book=book, as_of=AS_OF, commit="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="dimensions must be a sequence"):
        frames.check_budget(frame, book=book, as_of=AS_OF, dimensions="cost_center")
    with pytest.raises(InvalidInputError, match="appear once"):
        frames.check_budget(frame, book=book, as_of=AS_OF, dimensions=["a", "a"])
    with pytest.raises(InvalidInputError, match="float_money"):
        frames.check_budget(frame, book=book, as_of=AS_OF, float_money="nearest")
    with pytest.raises(InvalidInputError, match="errors"):
        frames.check_budget(frame, book=book, as_of=AS_OF, errors="ignore")
    with pytest.raises(TypeError, match="date"):
        frames.check_budget(frame, book=book, as_of=AS_OF, date=dt.datetime(2026, 3, 1))  # noqa: DTZ001
    with pytest.raises(TypeError, match="as_of"):
        frames.check_budget(frame, book=book, as_of="2026-12-31")  # type: ignore[arg-type]
    with pytest.raises(FrameInputError, match="'missing'"):
        frames.check_budget(frame, book=book, as_of=AS_OF, keep=["missing"])


def test_an_empty_frame_gives_an_empty_result() -> None:
    book = small_book()
    empty = frame_of(amount=[Decimal(1)]).iloc[:0]
    assert len(frames.check_budget(empty, book=book, as_of=AS_OF)) == 0
    polars_empty = pl.DataFrame(
        {"account": [], "amount": [], "currency": [], "date": []},
        schema={
            "account": pl.String,
            "amount": pl.Decimal(38, 2),
            "currency": pl.String,
            "date": pl.Date,
        },
    )
    assert frames.what_if(polars_empty, book=book, as_of=AS_OF).shape == (0, 4)


def test_budget_request_gives_the_row_request_for_the_full_explanation() -> None:
    book = small_book()
    frame = frame_of(
        account=["6100", "6200", "6100"],
        amount=[Decimal("950.00"), Decimal(20000), Decimal(1)],
        currency=["USD", "JPY", "USD"],
        cost_center=[None, "CC-1", None],
        request=["R1", "R1", None],
    )
    options = {"request": "request", "dimensions": ["cost_center"]}
    request = frames.budget_request(frame, 1, **options)
    assert [line.account for line in request.lines] == ["6100", "6200"]
    assert request.lines[1].dimensions == (("cost_center", "CC-1"),)
    check = book.check(request, as_of=AS_OF)
    result = frames.check_budget(frame, book=book, as_of=AS_OF, **options)
    assert column(result, "code")[1] == check.reasons[0].code == "BUDGET.PASS_WITH_WARNING"
    assert "BUDGET.OVER_TOLERANCE" in check.explain()
    with pytest.raises(InvalidInputError, match="a row of the frame"):
        frames.budget_request(frame, 3)
    bad = frame_of(amount=[Decimal(1), "x"], request=["R", "R"])
    with pytest.raises(FrameInputError) as caught:
        frames.budget_request(bad, 0, request="request")
    assert (caught.value.row, caught.value.column) == (1, "amount")


def test_keys_that_share_a_pooled_budget_share_its_cut_offs() -> None:
    # 6110 rolls up into the pooled budget on 6100: both keys read the same budget item and
    # window, so the second key reuses the first one's cut-offs. 600 spent of 1,000:
    # 6100 + 300 = 900 passes, 6110 + 401 = 1,001 > 1,000 blocks, each as book.check says.
    world = {
        "budgets": [Budget("6100", Decimal(1000), "USD", START, END)],
        "policy": ControlPolicy(),
        "rates": [],
        "hierarchy": Hierarchy("account", {"6110": "6100"}),
        "ledger": [LedgerEntry("6100", Stage.ACTUAL, Decimal(600), "USD", dt.date(2026, 2, 1))],
    }
    book = make_book(world)
    rows = [
        {
            "account": account,
            "amount": Decimal(amount),
            "currency": "USD",
            "date": dt.date(2026, 5, 5),
            "stage": "order",
            "cost_center": None,
            "request": None,
        }
        for account, amount in [("6100", "300"), ("6110", "401"), ("6110", "300")]
    ]
    result = frames.check_budget(to_frame(rows, "pandas"), book=book, as_of=AS_OF, **OPTIONS)
    assert got_rows(result) == expected_rows(book, rows, ())
    assert column(result, "decision") == ["pass", "blocked", "pass"]


@pytest.mark.parametrize("basis", [Basis.PERIOD, Basis.YEAR_TO_DATE])
def test_a_period_or_year_to_date_window_cuts_the_integer_path_at_each_period(
    basis: Basis,
) -> None:
    # Pinned so that coverage does not rest on the random draws of the properties above
    # alone: a window that changes with every period, not only with the fiscal year, on
    # the integer path (``_changes``).
    # 1,200.00 phased monthly: 100.00 a month; 60.00 ordered in March. By period, March
    # has 40.00 left (20 passes, 35 warns at 95 >= 90, 41 blocks at 101 > 100) and May
    # has 100.00 (50 passes, 95 warns, 101 blocks). Year to date, March reads 300.00 with
    # 60.00 spent and May 500.00 with 60.00 spent. Each row as book.check says.
    world = {
        "budgets": [
            Budget(
                "6100",
                Decimal("1200.00"),
                "USD",
                START,
                END,
                phasing=Phasing.equal(frequency=Frequency.MONTH),
            )
        ],
        "policy": ControlPolicy(
            order=StagePolicy(
                basis=basis,
                rules=(
                    ToleranceRule(Action.WARN, usage=Decimal("0.9")),
                    ToleranceRule(Action.BLOCK, usage=Decimal(1)),
                ),
            )
        ),
        "rates": [],
        "hierarchy": Hierarchy("account", {}),
        "ledger": [LedgerEntry("6100", Stage.ORDER, Decimal("60.00"), "USD", dt.date(2026, 3, 2))],
    }
    book = make_book(world)
    cases = [
        (dt.date(2026, 3, 10), "20.00"), (dt.date(2026, 3, 10), "35.00"),
        (dt.date(2026, 3, 31), "41.00"), (dt.date(2026, 5, 1), "50.00"),
        (dt.date(2026, 5, 20), "95.00"), (dt.date(2026, 5, 31), "101.00"),
        (dt.date(2026, 3, 10), "241.00"), (dt.date(2026, 5, 20), "431.00"),
    ]  # fmt: skip
    rows = [
        {
            "account": "6100",
            "amount": Decimal(amount),
            "currency": "USD",
            "date": day,
            "stage": "order",
            "cost_center": None,
            "request": None,
        }
        for day, amount in cases
    ]
    result = frames.check_budget(to_frame(rows, "pandas"), book=book, as_of=AS_OF, **OPTIONS)
    assert got_rows(result) == expected_rows(book, rows, ())
    warn, block = "pass_with_warning", "blocked"
    expected = {
        # 80, 95, 101 of 100 in March; 50, 95, 101 of 100 in May; 301 and 491 of 100
        Basis.PERIOD: ["pass", warn, block, "pass", warn, block, block, block],
        # at most 161 of 300 or 500; then 301 > 300 (March) and 491 >= 450 of 500 (May)
        Basis.YEAR_TO_DATE: ["pass"] * 6 + [block, warn],
    }
    assert column(result, "decision") == expected[basis]
