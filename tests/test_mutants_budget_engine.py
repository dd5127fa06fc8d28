"""Example tests that kill mutants of spendrules._budget.engine that the other tests let survive.

Found with ``python tools/mutation.py budget_engine`` (mutmut 3). The specification of
the book is the one-shot :func:`~spendrules.budget.check_budget` (a book answers as
``check_budget`` on the same ledger); the running totals are checked directly on the
engine (``book._engine``, a ``_Book``) in integer units of 10**-exp of the budget
currency, every expected figure worked out by hand in the comment beside it. Caches
the engine documents as "computed once" are checked by identity. Mutants that change
nothing observable are listed with the reason in ``tools/mutation_equivalent.toml``.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from typing import Any

import pytest

from spendrules._budget.engine import _Book, _window
from spendrules._budget.tolerance import _RANK
from spendrules.budget import (
    Action,
    Against,
    Basis,
    Boundary,
    Budget,
    BudgetBook,
    BudgetRate,
    BudgetStatus,
    ControlPolicy,
    FiscalCalendar,
    Frequency,
    FundsDecision,
    Hierarchy,
    LedgerEntry,
    Period,
    Phasing,
    PhasingMethod,
    Rollup,
    SpendLine,
    SpendRequest,
    Stage,
    StagePolicy,
    ToleranceRule,
    check_budget,
    headroom,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError

D = Decimal
JAN1, DEC31 = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
DAY = dt.date(2026, 3, 2)
POLICY = ControlPolicy()
LINEAR = ControlPolicy.uniform(StagePolicy(basis=Basis.LINEAR))
PERIOD = ControlPolicy.uniform(StagePolicy(basis=Basis.PERIOD))


def budget(
    amount: str = "1200.00",
    account: str = "6100",
    currency: str = "USD",
    start: dt.date = JAN1,
    end: dt.date = DEC31,
    **kw: Any,
) -> Budget:
    return Budget(account, D(amount), currency, start, end, **kw)


def entry(
    amount: str,
    day: dt.date = DAY,
    stage: Stage = Stage.ORDER,
    account: str = "6100",
    currency: str = "USD",
    **kw: Any,
) -> LedgerEntry:
    return LedgerEntry(account, stage, D(amount), currency, day, **kw)


def request(
    amount: str,
    day: dt.date = DAY,
    stage: Stage = Stage.ORDER,
    account: str = "6100",
    currency: str = "USD",
    **kw: Any,
) -> SpendRequest:
    dimensions = kw.pop("dimensions", ())
    return SpendRequest(
        [SpendLine(account, D(amount), currency, dimensions)], day, stage=stage, **kw
    )


def engine(
    budgets: list[Budget], ledger: tuple[LedgerEntry, ...] = (), policy: ControlPolicy = POLICY
) -> _Book:
    return _Book(budgets, ledger, policy, calendar=FiscalCalendar(), hierarchies=(), rates=())


def one_shot(req: SpendRequest, budgets: list[Budget], ledger: Any = (), **kw: Any) -> Any:
    kw.setdefault("policy", POLICY)
    return check_budget(req, budgets=budgets, ledger=ledger, as_of=req.date, **kw)


# --------------------------------------------------------------------------- input errors


def _error(exc_type: type[Exception], **kw: Any) -> Exception:
    arguments: dict[str, Any] = {
        "budgets": [budget()],
        "ledger": (),
        "policy": POLICY,
        "calendar": FiscalCalendar(),
        "hierarchies": (),
        "rates": (),
    }
    arguments.update(kw)
    budgets, ledger, policy = (arguments.pop(k) for k in ("budgets", "ledger", "policy"))
    with pytest.raises(exc_type) as info:
        _Book(budgets, ledger, policy, **arguments)
    return info.value


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("policy", 1, "policy must be a ControlPolicy, not int: 1"),
        ("calendar", 1, "calendar must be a FiscalCalendar, not int: 1"),
        ("hierarchies", "ab", "hierarchies must be a sequence, not str: 'ab'"),
        ("hierarchies", [1], "hierarchies[0] must be a Hierarchy, not int"),
        ("rates", "ab", "rates must be a sequence, not str: 'ab'"),
        ("rates", [1], "rates[0] must be a BudgetRate, not int"),
        ("budgets", "ab", "budgets must be a sequence, not str: 'ab'"),
        ("budgets", [1], "budgets[0] must be a Budget, not int"),
        ("ledger", "ab", "ledger must be a sequence, not str: 'ab'"),
        ("ledger", [1], "ledger[0] must be a LedgerEntry, not int"),
    ],
)
def test_type_errors_name_the_argument_and_the_type(field: str, value: Any, message: str) -> None:
    assert str(_error(TypeError, **{field: value})) == message


def _invalid(**kw: Any) -> tuple[str, object, str]:
    exc = _error(InvalidInputError, **kw)
    assert isinstance(exc, InvalidInputError)
    return exc.field, exc.value, exc.constraint


def test_invalid_inputs_name_the_field_the_value_and_the_constraint() -> None:
    assert _invalid(rounding="up") == ("rounding", "up", "one of the decimal.ROUND_* constants")
    tree = Hierarchy("dept", {"A": "ALL"})
    assert _invalid(hierarchies=[tree, tree]) == (
        "hierarchies",
        "dept",
        "one hierarchy per dimension",
    )
    rate = BudgetRate("EUR", "USD", D("1.1"))
    assert _invalid(rates=[rate, rate]) == ("rates", ("EUR", "USD"), "one rate per currency pair")


def test_budgets_that_share_one_day_overlap() -> None:
    # budgets[0] runs 2026-07-01..2026-12-31; budgets[1] 2026-01-01..2026-07-01 ends on
    # the first day of budgets[0]: both control 2026-07-01, so the second is refused.
    second = budget(end=dt.date(2026, 7, 1), name="H1")
    assert _invalid(budgets=[budget(start=dt.date(2026, 7, 1)), second]) == (
        "budgets[1]",
        "H1",
        "a budget whose validity does not overlap budgets[0] on the same account and dimensions",
    )


def test_a_phasing_error_is_reported_on_its_budget() -> None:
    # Amounts phasing with 12 rows for a quarterly budget: the phasing itself accepts the
    # rows, allocating them over 4 periods fails; the error names budgets[1].phasing.
    rows = Phasing(PhasingMethod.AMOUNTS, Frequency.QUARTER, [D(100)] * 12)
    bad = budget(account="6200", phasing=rows)
    with pytest.raises(InvalidInputError) as inner:
        rows.allocate(
            bad.amount,
            bad.currency,
            list(FiscalCalendar().periods_between(JAN1, DEC31, frequency=Frequency.QUARTER)),
        )
    field, value, constraint = _invalid(budgets=[budget(), bad])
    assert field == f"budgets[1].phasing.{inner.value.field}"
    assert (value, constraint) == (inner.value.value, inner.value.constraint)


def test_an_opening_entry_in_a_currency_without_rate_names_both_currencies() -> None:
    exc = _error(CurrencyMismatchError, ledger=[entry("5.00", currency="EUR")])
    assert isinstance(exc, CurrencyMismatchError)
    assert (exc.field, exc.expected, exc.actual) == ("ledger[0].currency", "USD", "EUR")


def test_posting_in_a_currency_without_rate_names_both_currencies() -> None:
    book = BudgetBook([budget()], policy=POLICY)
    with pytest.raises(CurrencyMismatchError) as info:
        book.post(entry("5.00", currency="EUR"))
    assert (info.value.field, info.value.expected, info.value.actual) == (
        "entry[0].currency",
        "USD",
        "EUR",
    )


# --------------------------------------------------------------------------- caches


def test_shapes_periods_and_ladders_are_computed_once() -> None:
    # Two budgets of the same validity, frequency and amount on two accounts share their
    # periods and phasing; budgets without a ladder of their own share the stage's ladder.
    book = engine([budget(), budget(account="6200")])
    first, second = book.index
    assert first.periods is second.periods
    assert first.phased is second.phased
    assert book.ladder(Stage.ORDER, 0) is book.ladder(Stage.ORDER, 1)
    assert book.ladder(Stage.ORDER, 0) == ((Basis.ANNUAL, POLICY.order.rules),)
    assert book.ancestors("account", "6100") is book.ancestors("account", "6100")
    assert book.targets("6100", ()) is book.targets("6100", ())
    stage_policy = POLICY.order
    assert _window(book, first, Basis.ANNUAL, stage_policy, DAY) is _window(
        book, first, Basis.ANNUAL, stage_policy, DAY
    )


def test_quick_plan_per_stage_budget_and_period() -> None:
    # Monthly budget of 1200.00, period basis: March is period 2 (limit 100.00), April
    # period 3. The default rule blocks above 100 % of the limit.
    book = engine([budget()], policy=PERIOD)
    block = _RANK[Action.BLOCK]
    march = book.quick_plan(Stage.ORDER, 0, DAY)
    assert march == ((2, 2, ((D("100.00"), block),)),)
    assert book.quick_plan(Stage.ORDER, 0, DAY) is march
    assert book.quick_plan(Stage.ORDER, 0, dt.date(2026, 4, 9)) == (
        (3, 3, ((D("100.00"), block),)),
    )


def test_quick_plan_of_a_linear_basis_or_a_closed_budget_is_none() -> None:
    book = engine([budget(), budget(account="6200", status=BudgetStatus.CLOSED)], policy=LINEAR)
    assert book.quick_plan(Stage.ORDER, 0, DAY) is None
    assert book.plans == {(Stage.ORDER, 0, 2): None}
    assert engine([budget(status=BudgetStatus.CLOSED)]).quick_plan(Stage.ORDER, 0, DAY) is None


def test_a_closed_budget_blocks_the_fast_decision_as_the_check() -> None:
    budgets = [budget(status=BudgetStatus.CLOSED)]
    book = BudgetBook(budgets, policy=POLICY)
    req = request("1.00")
    assert one_shot(req, budgets).decision is FundsDecision.BLOCKED
    assert book.decide(req, as_of=DAY) is FundsDecision.BLOCKED


# --------------------------------------------------------------------------- periods and years


def test_a_quarterly_budget_has_four_periods() -> None:
    index = engine([budget(phasing=Phasing(frequency=Frequency.QUARTER))]).index[0]
    assert [p.start.month for p in index.periods] == [1, 4, 7, 10]
    assert index.phased == (D("300.00"),) * 4


def test_two_fiscal_years_keep_one_running_total_each() -> None:
    # 24 monthly periods 2026-01..2027-12: the year totals sit in buckets 24 and 25.
    # 10.00 posted in December 2027 (period 23) counts once in the 2027 year: an annual
    # check of 2027 reads 10.00, and the period check of December 2027 too.
    two_years = [budget("2400.00", end=dt.date(2027, 12, 31))]
    book = engine(two_years, (entry("10.00", dt.date(2027, 12, 20)),))
    index = book.index[0]
    assert index.year_slot == [24] * 12 + [25] * 12
    assert index.width == 26
    assert book.inside_units((0, None), 12, 23) == [0, 1000, 0]
    assert book.inside_units((0, None), 23, 23) == [0, 1000, 0]
    assert book.inside_units((0, None), 0, 11) == [0, 0, 0]


def test_linear_limit_counts_only_the_fiscal_year_of_the_day() -> None:
    # 2400.00 over 2026-2027 is 100.00 a month, 1200.00 a fiscal year. On 2026-12-31,
    # both ends counted, 365 of 365 days have elapsed: the limit is the 2026 year, 1200.00.
    two_years = [budget("2400.00", end=dt.date(2027, 12, 31))]
    line = one_shot(request("1.00", DEC31), two_years, policy=LINEAR).lines[0]
    assert line.limit == D("1200.00")
    assert line.window == Period(JAN1, DEC31)


def test_linear_limit_is_rounded_with_the_checks_rounding() -> None:
    # 1200.00 a year; on 2026-01-01 one day of 365 has elapsed (both ends counted):
    # 1200 * 1 / 365 = 3.2876...: 3.29 rounding half up, 3.28 rounding down.
    budgets = [budget()]
    req = request("1.00", JAN1)
    assert one_shot(req, budgets, policy=LINEAR).lines[0].limit == D("3.29")
    down = one_shot(req, budgets, policy=LINEAR, rounding=decimal.ROUND_DOWN)
    assert down.lines[0].limit == D("3.28")


def test_linear_limit_is_capped_by_the_released_amount() -> None:
    # On 2026-12-31 the linear limit is the whole 1200.00; only 100.00 is released.
    released = ControlPolicy.uniform(StagePolicy(basis=Basis.LINEAR, against=Against.RELEASED))
    budgets = [budget(released=D("100.00"))]
    line = one_shot(request("1.00", DEC31), budgets, policy=released).lines[0]
    assert line.limit == D("100.00")
    assert line.window == Period(JAN1, DEC31)


def test_linear_window_ends_on_the_day_checked() -> None:
    line = one_shot(request("1.00"), [budget()], policy=LINEAR).lines[0]
    assert line.window == Period(JAN1, DAY)


def test_released_and_full_limits_of_one_budget_do_not_share_a_window() -> None:
    # Orders are checked against the released 600.00, actuals against the budget 1200.00.
    # The same book answers an order of 700.00 (blocked) and then an actual of 700.00
    # (passes) as two one-shot checks do.
    policy = ControlPolicy(
        StagePolicy(),
        StagePolicy(against=Against.RELEASED),
        StagePolicy(),
    )
    budgets = [budget(released=D("600.00"))]
    book = BudgetBook(budgets, policy=policy)
    order, actual = request("700.00"), request("700.00", stage=Stage.ACTUAL)
    assert book.check(order, as_of=DAY) == one_shot(order, budgets, policy=policy)
    assert book.check(actual, as_of=DAY) == one_shot(actual, budgets, policy=policy)
    assert [book.check(r, as_of=DAY).lines[0].limit for r in (order, actual)] == [
        D("600.00"),
        D("1200.00"),
    ]


def test_later_postings_are_summed_per_stage() -> None:
    # Period basis, checked in March; April holds a requisition 1.00, an order 2.00 and an
    # actual 4.00, all counted: 7.00 dated after the window is reported, not counted.
    ledger = [
        entry("1.00", dt.date(2026, 4, 1), Stage.REQUISITION),
        entry("2.00", dt.date(2026, 4, 1), Stage.ORDER),
        entry("4.00", dt.date(2026, 4, 1), Stage.ACTUAL),
    ]
    result = one_shot(request("1.00"), [budget()], ledger, policy=PERIOD)
    later = [r for r in result.reasons if r.code == "BUDGET.LATER_POSTINGS_EXCLUDED"]
    assert [dict(r.facts)["amount"] for r in later] == ["7.00"]
    assert result.lines[0].consumed == D("0.00")


def test_the_highest_triggered_rule_of_the_strongest_action_wins() -> None:
    # Warnings at 50 % (600.00) and 80 % (960.00) of 1200.00: an order of 1000.00 passes
    # both; rules are read highest threshold first and the first of the strongest action
    # wins, so the 80 % rule is reported.
    rules = (
        ToleranceRule(Action.WARN, usage=D("0.5"), name="half"),
        ToleranceRule(Action.WARN, usage=D("0.8"), name="most"),
        ToleranceRule(Action.BLOCK, usage=D("1.5"), name="hard"),
        ToleranceRule(Action.BLOCK, usage=D("1.2"), name="soft"),
    )
    policy = ControlPolicy.uniform(StagePolicy(rules=rules))
    line = one_shot(request("1000.00"), [budget()], policy=policy).lines[0]
    assert line.outcome is FundsDecision.PASS_WITH_WARNING
    assert (line.triggered, line.threshold) == (rules[1], D("960.00"))


# --------------------------------------------------------------------------- running totals


def test_inside_units_reads_a_year_from_its_running_total_and_adds_other_windows() -> None:
    # Units of 0.01 USD, per stage (requisition, order, actual): January a requisition
    # 1.00, February an order 2.00, March an actual 4.00, April an order 8.00.
    ledger = (
        entry("1.00", dt.date(2026, 1, 5), Stage.REQUISITION),
        entry("2.00", dt.date(2026, 2, 5), Stage.ORDER),
        entry("4.00", dt.date(2026, 3, 5), Stage.ACTUAL),
        entry("8.00", dt.date(2026, 4, 5), Stage.ORDER),
    )
    book = engine([budget()], ledger)
    key = (0, None)
    assert book.inside_units(key, 0, 11) == [100, 1000, 400]  # the year: 2.00 + 8.00 ordered
    assert book.inside_units(key, 0, 2) == [100, 200, 400]  # January to March
    assert book.inside_units(key, 1, 3) == [0, 1000, 400]  # February to April
    assert book.inside_units(key, 1, 11) == [0, 1000, 400]  # February to December
    assert book.inside_units(key, 3, 3) == [0, 800, 0]  # April alone
    assert book.inside_sums(key, 0, 2) == [D("1.00"), D("2.00"), D("4.00")]


def test_window_sums_split_the_last_period_at_the_cut_day() -> None:
    # Linear basis keeps sums per day. Requisition 1.00 on 01-10, order 2.00 on 02-10,
    # actual 4.00 on 03-10 (the cut day: inside), order 8.00 on 03-20 (after the cut),
    # actual 16.00 on 04-05 (a later period: after).
    ledger = (
        entry("1.00", dt.date(2026, 1, 10), Stage.REQUISITION),
        entry("2.00", dt.date(2026, 2, 10), Stage.ORDER),
        entry("4.00", dt.date(2026, 3, 10), Stage.ACTUAL),
        entry("8.00", dt.date(2026, 3, 20), Stage.ORDER),
        entry("16.00", dt.date(2026, 4, 5), Stage.ACTUAL),
    )
    book = engine([budget()], ledger, LINEAR)
    inside, after = book.window_sums((0, None), 0, 2, dt.date(2026, 3, 10))
    assert inside == [D("1.00"), D("2.00"), D("4.00")]
    assert after == [D("0.00"), D("8.00"), D("16.00")]
    inside, after = book.window_sums((0, None), 0, 2, None)
    assert (inside, after) == ([D("1.00"), D("10.00"), D("4.00")], [D(0), D(0), D("16.00")])


def test_two_entries_on_one_day_and_stage_add_up_on_a_linear_basis() -> None:
    ledger = (entry("3.00", dt.date(2026, 2, 10)), entry("4.00", dt.date(2026, 2, 10)))
    book = engine([budget()], ledger, LINEAR)
    assert book.days[0, None, 1] == {(dt.date(2026, 2, 10), 1): 700}
    line = one_shot(request("1.00"), [budget()], ledger, policy=LINEAR).lines[0]
    assert line.consumed == D("7.00")


def test_an_entry_on_the_last_day_of_a_budget_counts() -> None:
    book = engine([budget()], (entry("5.00", DEC31),))
    assert book.inside_units((0, None), 0, 11) == [0, 500, 0]


def test_an_entry_counts_in_the_budget_valid_on_its_day_after_earlier_ones() -> None:
    # Budgets 2025 (position 0) and 2026 (position 1) on the same account: an entry of
    # 2026 skips the 2025 budget and counts in the 2026 one.
    old = budget(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31))
    book = engine([old, budget()], (entry("5.00"),))
    assert book.inside_units((0, None), 0, 11) == [0, 0, 0]
    assert book.inside_units((1, None), 0, 11) == [0, 500, 0]


def test_a_committed_line_skips_a_budget_without_rate_and_counts_in_the_next() -> None:
    # budgets[0] in EUR (no rate) and budgets[1] in USD on dept A both control the line;
    # a commit is not checked: the EUR budget is skipped, the USD one counts 5.00.
    budgets = [budget(currency="EUR"), budget(dimensions={"dept": "A"})]
    book = BudgetBook(budgets, policy=POLICY)
    book.commit(request("5.00", dimensions={"dept": "A"}))
    assert book._engine.inside_units((0, None), 0, 11) == [0, 0, 0]
    assert book._engine.inside_units((1, None), 0, 11) == [0, 500, 0]


def test_a_huge_amount_is_counted_exactly_in_integer_units() -> None:
    # 1234567890123456789.01 USD is 123456789012345678901 cents: beyond a float's 53 bits.
    budgets = [budget("9" * 30)]
    book = engine(budgets, (entry("1234567890123456789.01"),))
    units = book.inside_units((0, None), 2, 2)
    assert units == [0, 123456789012345678901, 0]
    assert all(type(unit) is int for unit in units)


def test_a_finer_entry_refines_its_budget_only_and_stays_exact() -> None:
    # Two budgets, each with a requisition 1.00, an order 2.00 and an actual 3.00 in March
    # (cents). An order of 0.0005 on 6200 (4 decimals, 2 more than the cent) multiplies
    # every sum of budget 1 by 100, on every stage and day; budget 0 stays in cents.
    ledger = tuple(
        entry(amount, stage=stage, account=account)
        for account in ("6100", "6200")
        for amount, stage in (
            ("1.00", Stage.REQUISITION),
            ("2.00", Stage.ORDER),
            ("3.00", Stage.ACTUAL),
        )
    )
    book = engine([budget(), budget(account="6200")], ledger, LINEAR)
    book.add(entry("0.0005", account="6200"), "entry")
    assert book.index[1].exp == 4
    assert book.inside_units((1, None), 2, 2) == [10000, 20005, 30000]
    assert book.days[1, None, 2] == {(DAY, 0): 10000, (DAY, 1): 20005, (DAY, 2): 30000}
    assert book.index[0].exp == 2
    assert book.inside_units((0, None), 2, 2) == [100, 200, 300]
    assert book.days[0, None, 2] == {(DAY, 0): 100, (DAY, 1): 200, (DAY, 2): 300}
    assert all(type(unit) is int for unit in book.inside_units((1, None), 0, 11))
    # An entry coarser than the unit (no decimals) is counted in the unit reached so far.
    book.add(entry("100", account="6200"), "entry")
    assert book.inside_units((1, None), 2, 2) == [10000, 1020005, 30000]
    assert book.index[1].exp == 4


def test_a_third_decimal_is_kept_not_truncated() -> None:
    # 0.005 USD is half a cent: the budget counts thousandths from then on.
    book = engine([budget()], (entry("2.00"), entry("0.005")))
    assert (book.index[0].exp, book.inside_units((0, None), 2, 2)) == (3, [0, 2005, 0])


def test_posting_then_removing_restores_zero() -> None:
    # A what-if without commit reserves and then removes: every sum is back to zero and
    # the order's reference relieves nothing any more.
    budgets = [budget()]
    book = BudgetBook(budgets, policy=POLICY)
    order = request("50.00", reference="PO-1")
    plain = request("25.00", stage=Stage.REQUISITION)
    result = book.what_if([order, plain], as_of=DAY)
    assert [c.decision for c in result.checks] == [FundsDecision.PASS, FundsDecision.PASS]
    assert book._engine.inside_units((0, None), 0, 11) == [0, 0, 0]
    assert len(book) == 0
    invoice = request("50.00", stage=Stage.ACTUAL, relieves=("PO-1",))
    assert book.check(invoice, as_of=DAY) == one_shot(invoice, budgets)


# --------------------------------------------------------------------------- matching


def test_a_budget_on_other_dimensions_does_not_hide_the_next_cell() -> None:
    # 6100 has a budget per dept and one per project; a line with a project only skips
    # the dept cell and is controlled by the project budget.
    budgets = [
        budget("100.00", dimensions={"dept": "A"}),
        budget("200.00", dimensions={"project": "P"}),
    ]
    book = engine(budgets)
    assert book.match("6100", (("project", "P"),), DAY) == [1]
    result = one_shot(request("1.00", dimensions={"project": "P"}), budgets)
    assert [line.limit for line in result.lines] == [D("200.00")]


def test_per_node_rollup_keeps_each_account_of_a_group_budget_apart() -> None:
    # A budget on the account group 61 controls 6110 and 6120; per node, 6110's check
    # counts only 6110's 100.00, not 6120's 50.00.
    accounts = Hierarchy("account", {"6110": "61", "6120": "61"})
    policy = ControlPolicy(rollup=Rollup.PER_NODE)
    budgets = [budget(account="61")]
    ledger = [entry("100.00", account="6110"), entry("50.00", account="6120")]
    req = request("1.00", account="6110")
    result = check_budget(
        req, budgets=budgets, ledger=ledger, policy=policy, as_of=DAY, hierarchies=[accounts]
    )
    assert [line.consumed for line in result.lines] == [D("100.00")]


# --------------------------------------------------------------------------- linear days kept


def test_a_budgets_own_linear_ladder_keeps_days() -> None:
    # The stage checks the annual basis; the budget's own rule is on the linear basis, so
    # the book keeps daily sums and the 600.00 ordered on 01-10 is consumed by 03-02.
    own = budget(tolerances=(ToleranceRule(Action.BLOCK, usage=D(1), basis=Basis.LINEAR),))
    ledger = [entry("600.00", dt.date(2026, 1, 10))]
    assert engine([own], tuple(ledger)).linear
    line = one_shot(request("1.00"), [own], ledger).lines[0]
    assert (line.basis, line.consumed) == (Basis.LINEAR, D("600.00"))


def test_a_budgets_own_rule_without_basis_takes_the_stage_basis() -> None:
    # The stage basis is linear but its only rule is annual; the budget's own rule has no
    # basis, so it is checked on the stage's linear basis and the book keeps daily sums.
    stage = StagePolicy(
        basis=Basis.LINEAR, rules=(ToleranceRule(Action.BLOCK, usage=D(1), basis=Basis.ANNUAL),)
    )
    policy = ControlPolicy.uniform(stage)
    own = budget(tolerances=(ToleranceRule(Action.BLOCK, usage=D(1)),))
    ledger = [entry("600.00", dt.date(2026, 1, 10))]
    assert _Book([own], ledger, policy, calendar=FiscalCalendar(), hierarchies=(), rates=()).linear
    line = one_shot(request("1.00"), [own], ledger, policy=policy).lines[0]
    assert (line.basis, line.consumed) == (Basis.LINEAR, D("600.00"))


def test_a_what_if_takes_back_a_line_its_budget_could_not_count() -> None:
    # An invoice relieving its order PO-1 (100.00 USD) with a credit of -10 JPY (no budget
    # rate) stays within its commitment and passes; the JPY line was never counted (a
    # commit is not checked), and taking the reservation back skips it the same way.
    budgets = [budget()]
    ledger = [entry("100.00", reference="PO-1")]
    book = BudgetBook(budgets, policy=POLICY, ledger=ledger)
    lines = (SpendLine("6100", D("100.00"), "USD"), SpendLine("6100", D(-10), "JPY"))
    invoice = SpendRequest(lines, DAY, stage=Stage.ACTUAL, relieves=["PO-1"])
    result = book.what_if([invoice], as_of=DAY)
    assert [c.decision for c in result.checks] == [FundsDecision.PASS]
    assert book._engine.inside_units((0, None), 0, 11) == [0, 10000, 0]
    assert book.check(invoice, as_of=DAY) == one_shot(invoice, budgets, ledger)


def test_headroom_names_the_budget_with_the_least_room() -> None:
    # A USD line on 6100 (100.00 USD) and on its group 61 (35.00 EUR, 0.5 EUR per USD):
    # 61 leaves 35.00 / 0.5 = 70.00 USD, less than 6100's 100.00: 61 limits the line.
    budgets = [budget("100.00"), budget("35.00", account="61", currency="EUR")]
    result = headroom(
        request("1.00"),
        budgets=budgets,
        ledger=[],
        policy=POLICY,
        as_of=DAY,
        hierarchies=[Hierarchy("account", {"6100": "61"})],
        rates=[BudgetRate("USD", "EUR", D("0.5"))],
    )
    assert (result.amount, result.budget) == (D("70.00"), "61")


# --------------------------------------------------------------------------- quick cuts


def test_an_annual_plan_serves_every_period_of_its_fiscal_year() -> None:
    # Annual basis: the window is the fiscal year whatever the day, so the plan made on
    # 2027-03-02 is kept for the 12 periods of 2027 (periods 12..23 of a 2026-2027 budget).
    book = engine([budget("2400.00", end=dt.date(2027, 12, 31))])
    plan = book.quick_plan(Stage.ORDER, 0, dt.date(2027, 3, 2))
    assert plan == ((12, 23, ((D("1200.00"), _RANK[Action.BLOCK]),)),)
    assert sorted(book.plans) == [(Stage.ORDER, 0, period) for period in range(12, 24)]
    # A period basis keeps its plan for its own period only.
    book = engine([budget()], policy=PERIOD)
    book.quick_plan(Stage.ORDER, 0, DAY)
    assert list(book.plans) == [(Stage.ORDER, 0, 2)]


def _cuts_book(boundary: Boundary, *ledger: LedgerEntry) -> _Book:
    # Rules at 100 % (100.00 of 100.00: 10000 cents) and 12.345 % (12.345: 1234.5 cents).
    rules = (
        ToleranceRule(Action.BLOCK, usage=D(1)),
        ToleranceRule(Action.WARN, usage=D("0.12345")),
    )
    policy = ControlPolicy.uniform(StagePolicy(rules=rules, boundary=boundary))
    return engine([budget("100.00")], ledger, policy)


def test_quick_cuts_are_the_smallest_triggering_totals_in_units() -> None:
    # Inclusive: a rule triggers above its threshold, so at floor(h) + 1 units: 10001 and
    # 1235. Exclusive: at the threshold, ceil(h): 10000 and 1235. The annual window is the
    # whole year, read from its running total, bucket 12 (after 12 monthly periods).
    warn, block = _RANK[Action.WARN], _RANK[Action.BLOCK]
    inclusive = _cuts_book(Boundary.INCLUSIVE)
    cuts = inclusive.quick_cuts(Stage.ORDER, 0, DAY)
    assert cuts == (2, ((0, 11, 12, ((10001, block), (1235, warn))),))
    assert inclusive.quick_cuts(Stage.ORDER, 0, DAY) is cuts
    exclusive = _cuts_book(Boundary.EXCLUSIVE)
    assert exclusive.quick_cuts(Stage.ORDER, 0, DAY) == (
        2,
        ((0, 11, 12, ((10000, block), (1235, warn))),),
    )


def test_quick_cuts_follow_a_refined_unit() -> None:
    # After an entry of 0.005 the budget counts thousandths: 100.00 is 100000 units and the
    # inclusive cut 100001; 12.345 is 12345 units exactly, so its inclusive cut is 12346.
    book = _cuts_book(Boundary.INCLUSIVE)
    book.quick_cuts(Stage.ORDER, 0, DAY)
    book.add(entry("0.005"), "entry")
    warn, block = _RANK[Action.WARN], _RANK[Action.BLOCK]
    assert book.quick_cuts(Stage.ORDER, 0, DAY) == (
        3,
        ((0, 11, 12, ((100001, block), (12346, warn))),),
    )


def test_quick_cuts_of_a_period_window_name_no_year_bucket() -> None:
    book = engine([budget()], policy=PERIOD)
    assert book.quick_cuts(Stage.ORDER, 0, DAY) == (
        2,
        ((2, 2, -1, ((10001, _RANK[Action.BLOCK]),)),),
    )
    assert engine([budget()], policy=LINEAR).quick_cuts(Stage.ORDER, 0, DAY) is None


def test_stages_counted_per_stage_policy() -> None:
    policy = ControlPolicy(
        StagePolicy(counts=(Stage.REQUISITION,)),
        StagePolicy(counts=(Stage.ORDER, Stage.ACTUAL)),
        StagePolicy(),
    )
    book = engine([budget()], policy=policy)
    assert book.counted == {Stage.REQUISITION: (0,), Stage.ORDER: (1, 2), Stage.ACTUAL: (0, 1, 2)}


def test_quick_cuts_name_the_year_bucket_of_whole_fiscal_years_only() -> None:
    # A 2026-2027 budget of 2400.00 (1200.00 a year, 100.00 a month), checked on
    # 2027-03-02 (period 14). Annual: 2027 is periods 12..23, its running total bucket 25
    # (after 24 periods and 2026's bucket 24), cut 1200.00 -> 120001 cents. Year to date:
    # periods 12..14, 300.00 -> 30001, not a whole year. Total: periods 0..23, 2400.00 ->
    # 240001, two years: no single bucket.
    block = _RANK[Action.BLOCK]
    two_years = [budget("2400.00", end=dt.date(2027, 12, 31))]
    day = dt.date(2027, 3, 2)
    expected = {
        Basis.ANNUAL: (12, 23, 25, ((120001, block),)),
        Basis.YEAR_TO_DATE: (12, 14, -1, ((30001, block),)),
        Basis.TOTAL: (0, 23, -1, ((240001, block),)),
    }
    for basis, part in expected.items():
        book = engine(two_years, policy=ControlPolicy.uniform(StagePolicy(basis=basis)))
        assert book.quick_cuts(Stage.ORDER, 0, day) == (2, (part,))


def test_quick_cuts_per_period_and_exact_for_long_amounts() -> None:
    # Period basis: March (period 2) and April (period 3) each have their own window.
    block = _RANK[Action.BLOCK]
    book = engine([budget()], policy=PERIOD)
    assert book.quick_cuts(Stage.ORDER, 0, DAY) == (2, ((2, 2, -1, ((10001, block),)),))
    april = book.quick_cuts(Stage.ORDER, 0, dt.date(2026, 4, 9))
    assert april == (2, ((3, 3, -1, ((10001, block),)),))
    # A limit of 32 digits in cents, more than the default context's 28: the cut is exact.
    big = engine([budget("999999999999999999999999999999.99")])
    assert big.quick_cuts(Stage.ORDER, 0, DAY) == (2, ((0, 11, 12, ((10**32, block),)),))


@pytest.mark.parametrize("enabled", [True, False])
def test_loading_restores_the_garbage_collectors_state(enabled: bool) -> None:
    # The opening ledger loads with the collector paused; its state afterwards is the
    # caller's, after a load and after a load that fails half-way.
    import gc

    budget = Budget("6100", D(100), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    entry = LedgerEntry("6100", Stage.ACTUAL, D(5), "USD", dt.date(2026, 2, 1))
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        BudgetBook([budget], policy=ControlPolicy(), ledger=[entry])
        assert gc.isenabled() is enabled
        with pytest.raises(TypeError, match=r"ledger\[1\] must be a LedgerEntry"):
            BudgetBook([budget], policy=ControlPolicy(), ledger=[entry, "x"])  # type: ignore[list-item]
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
