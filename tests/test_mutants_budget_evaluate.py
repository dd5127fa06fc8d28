"""Example tests that kill mutants of spendrules._budget.evaluate that the other tests let survive.

Found with ``python tools/mutation.py budget_evaluate`` (mutmut 3). The one-shot
:func:`~spendrules.budget.check_budget` is the specification: ``BudgetBook.decide``
(the fast path, ``_quick_decision``) answers as ``check(...).decision``, and the fast
path itself answers every common request (open budgets in the line's currency, no
relief, no linear basis) instead of handing it to the full path (``None``), as its
docstring says. Every expected decision and sentence is worked out by hand in the
comment beside it. Mutants that change nothing observable are listed with the reason
in ``tools/mutation_equivalent.toml``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from spendrules._budget.evaluate import _quick_decision
from spendrules.budget import (
    Action,
    Basis,
    Boundary,
    Budget,
    BudgetBook,
    ControlPolicy,
    FundsDecision,
    Hierarchy,
    LedgerEntry,
    MissingBudget,
    Rollup,
    SpendLine,
    SpendRequest,
    Stage,
    StagePolicy,
    ToleranceRule,
    check_budget,
)
from spendrules.errors import CurrencyMismatchError

D = Decimal
JAN1, DEC31 = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
DAY = dt.date(2026, 3, 2)
AS_OF = dt.date(2026, 3, 3)
POLICY = ControlPolicy()
PASS, WARN, BLOCKED = FundsDecision.PASS, FundsDecision.PASS_WITH_WARNING, FundsDecision.BLOCKED


def budget(
    amount: str = "100.00",
    account: str = "6100",
    start: dt.date = JAN1,
    end: dt.date = DEC31,
    **kw: Any,
) -> Budget:
    return Budget(account, D(amount), "USD", start, end, **kw)


def line(amount: str, account: str = "6100", currency: str = "USD", **dims: str) -> SpendLine:
    return SpendLine(account, D(amount), currency, dims)


def request(*lines: SpendLine, day: dt.date = DAY, **kw: Any) -> SpendRequest:
    return SpendRequest(list(lines), day, **kw)


def order(amount: str, day: dt.date = DAY, account: str = "6100", **kw: Any) -> LedgerEntry:
    return LedgerEntry(account, Stage.ORDER, D(amount), "USD", day, **kw)


def check(req: SpendRequest, budgets: list[Budget], ledger: Any = (), **kw: Any) -> Any:
    kw.setdefault("policy", POLICY)
    return check_budget(req, budgets=budgets, ledger=ledger, as_of=AS_OF, **kw)


def fast(
    req: SpendRequest,
    budgets: list[Budget],
    ledger: Any = (),
    roles: tuple[str, ...] = (),
    policy: ControlPolicy = POLICY,
) -> FundsDecision | None:
    """The fast path's answer; the same book's full check must agree when it answers."""
    book = BudgetBook(budgets, policy=policy, ledger=ledger)
    quick = _quick_decision(book._engine, req, roles)
    decision = check(req, budgets, ledger, policy=policy, roles=roles).decision
    assert book.decide(req, as_of=AS_OF, roles=roles) is decision
    assert quick in {None, decision}
    return quick


# --------------------------------------------------------------------------- the fast path


def test_the_fast_path_answers_a_common_request() -> None:
    # Budget 100.00, default rule: block above 100 %. 40.00 passes, 100.00 is exactly the
    # limit (inclusive: passes), 100.01 blocks.
    budgets = [budget()]
    assert fast(request(line("40.00")), budgets) is PASS
    assert fast(request(line("100.00")), budgets) is PASS
    assert fast(request(line("100.01")), budgets) is BLOCKED


def test_the_fast_path_on_the_first_and_last_day_of_consecutive_budgets() -> None:
    # Budget 2025 and budget 2026 on the same account: a request on either edge day is
    # controlled by exactly one of them (100.00): 150.00 blocks.
    budgets = [budget(start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31)), budget()]
    for day in (dt.date(2025, 12, 31), JAN1, DEC31):
        assert fast(request(line("150.00"), day=day), budgets) is BLOCKED
        assert fast(request(line("50.00"), day=day), budgets) is PASS


def test_lines_on_one_budget_are_added_up() -> None:
    # 60.00 + 60.00 = 120.00 on a budget of 100.00: blocked.
    assert fast(request(line("60.00"), line("60.00")), [budget()]) is BLOCKED


def test_a_reduction_is_skipped_and_later_lines_are_still_judged() -> None:
    # 6100 is reduced by 10.00 (never blocks); 6200 gets 150.00 on 100.00: blocked.
    budgets = [budget(), budget(account="6200")]
    req = request(line("-10.00"), line("150.00", "6200"))
    assert fast(req, budgets) is BLOCKED


def test_a_zero_line_on_an_overspent_budget_passes() -> None:
    # 150.00 already ordered on 100.00; a line of 0.00 adds nothing: it passes.
    assert fast(request(line("0.00")), [budget()], [order("150.00")]) is PASS


@pytest.mark.parametrize(
    ("boundary", "at_limit"),
    [(Boundary.INCLUSIVE, PASS), (Boundary.EXCLUSIVE, BLOCKED)],
)
def test_the_boundary_decides_a_total_equal_to_the_threshold(
    boundary: Boundary, at_limit: FundsDecision
) -> None:
    # 30.00 consumed + 70.00 requested = 100.00, exactly the limit.
    policy = ControlPolicy.uniform(StagePolicy(boundary=boundary))
    budgets, ledger = [budget()], [order("30.00")]
    assert fast(request(line("70.00")), budgets, ledger, policy=policy) is at_limit
    assert fast(request(line("69.99")), budgets, ledger, policy=policy) is PASS
    assert fast(request(line("70.01")), budgets, ledger, policy=policy) is BLOCKED


def test_a_warning_below_the_block() -> None:
    # Warn above 80.00, block above 100.00: 90.00 warns, 80.00 passes.
    rules = (ToleranceRule(Action.WARN, usage=D("0.8")), ToleranceRule(Action.BLOCK, usage=D(1)))
    policy = ControlPolicy.uniform(StagePolicy(rules=rules))
    assert fast(request(line("90.00")), [budget()], policy=policy) is WARN
    assert fast(request(line("80.00")), [budget()], policy=policy) is PASS


def test_only_a_role_the_policy_names_overrides_a_block_on_the_fast_path() -> None:
    policy = ControlPolicy(override_roles=("cfo",))
    req = request(line("150.00"))
    assert fast(req, [budget()], policy=policy) is BLOCKED
    assert fast(req, [budget()], roles=("clerk",), policy=policy) is BLOCKED
    assert fast(req, [budget()], roles=("cfo",), policy=policy) is WARN


def test_requests_the_fast_path_leaves_to_the_full_check() -> None:
    budgets = [budget(), budget(account="6200")]
    # A line in another currency than its budget's.
    assert fast(request(line("10.00", currency="EUR")), budgets) is None
    # A line no budget controls (account 6300), after a controlled one.
    assert fast(request(line("10.00"), line("10.00", "6300")), budgets) is None
    # A line without an account.
    assert fast(request(line("10.00"), line("10.00", " ")), budgets) is None
    # A line before any budget is valid.
    assert fast(request(line("10.00"), day=dt.date(2025, 6, 1)), budgets) is None
    # A follow-on that relieves an order.
    assert fast(request(line("10.00"), relieves=("PO-1",), stage=Stage.ACTUAL), budgets) is None


def test_a_line_controlled_by_two_budgets_counts_in_both() -> None:
    # 6100 (100.00) and its group 61 (1000.00) both control a line on 6100: 150.00 blocks
    # the 6100 budget; on 61 alone it passes.
    accounts = Hierarchy("account", {"6100": "61"})
    budgets = [budget("1000.00", account="61"), budget()]
    book = BudgetBook(budgets, policy=POLICY, hierarchy=accounts)
    assert _quick_decision(book._engine, request(line("150.00")), ()) is BLOCKED
    assert _quick_decision(book._engine, request(line("90.00")), ()) is PASS


# --------------------------------------------------------------------------- the full check


def _summary(result: Any) -> tuple[str, str, str, dict[str, str]]:
    reason = result.reasons[0]
    return reason.code, reason.severity.value, reason.message, dict(reason.facts)


def test_the_summary_of_each_decision() -> None:
    facts = {"stage": "order", "date": "2026-03-02", "as_of": "2026-03-03"}
    rules = (ToleranceRule(Action.WARN, usage=D("0.8")), ToleranceRule(Action.BLOCK, usage=D(1)))
    warn = ControlPolicy.uniform(StagePolicy(rules=rules))
    assert _summary(check(request(line("10.00")), [budget()])) == (
        "BUDGET.PASS",
        "info",
        "Passes: every controlled line is within its rules.",
        facts,
    )
    assert _summary(check(request(line("90.00")), [budget()], policy=warn)) == (
        "BUDGET.PASS_WITH_WARNING",
        "warning",
        "Passes with a warning: nothing blocks, but at least one check asks for attention.",
        facts,
    )
    assert _summary(check(request(line("10.00", "6300")), [budget()])) == (
        "BUDGET.NOT_CONTROLLED",
        "info",
        "Not controlled: no budget controls any line of this request, so nothing was checked.",
        facts,
    )


def test_a_block_names_every_blocking_check() -> None:
    # 6100 and 6200 (100.00 each, annual basis) both blocked; the line without an account
    # blocks too (the default for a missing account) and has no budget or basis. No role
    # may override: the sentence ends there.
    budgets = [budget(), budget(account="6200")]
    req = request(line("150.00"), line("150.00", "6200"), line("5.00", ""))
    result = check(req, budgets)
    assert result.decision is BLOCKED
    assert (result.overridable, result.override_roles, result.override_applied) == (
        False,
        (),
        False,
    )
    assert _summary(result)[:3] == (
        "BUDGET.BLOCKED",
        "error",
        "Blocked: 3 of 3 checks block (6100 [annual], 6200 [annual], (no account)).",
    )


def test_a_block_a_role_may_override() -> None:
    policy = ControlPolicy(override_roles=("cfo", "owner"))
    result = check(request(line("150.00")), [budget()], policy=policy)
    assert (result.overridable, result.override_roles) == (True, ("cfo", "owner"))
    assert _summary(result)[2] == (
        "Blocked: 1 of 1 checks block (6100 [annual]); a holder of role cfo, owner may override."
    )


def test_a_pass_applies_no_override_and_names_no_roles() -> None:
    policy = ControlPolicy(override_roles=("cfo",))
    result = check(request(line("10.00")), [budget()], policy=policy)
    assert (result.decision, result.override_applied, result.override_roles) == (PASS, False, ())
    overridden = check(request(line("150.00")), [budget()], policy=policy, roles=("cfo",))
    assert (overridden.decision, overridden.override_applied) == (WARN, True)


def test_lines_are_reported_in_budget_order() -> None:
    # The request names 6200 (budgets[1]) first; the lines follow the budgets' order.
    budgets = [budget(), budget(account="6200")]
    result = check(request(line("1.00", "6200"), line("1.00")), budgets)
    assert [(ln.budget, ln.account) for ln in result.lines] == [("6100", "6100"), ("6200", "6200")]


def test_per_node_lines_are_reported_in_node_order() -> None:
    # One group budget 61 per node: the request names 6120 (2.00) first; the node 6110
    # (1.00) is reported first.
    accounts = Hierarchy("account", {"6110": "61", "6120": "61"})
    policy = ControlPolicy(rollup=Rollup.PER_NODE)
    result = check(
        request(line("2.00", "6120"), line("1.00", "6110")),
        [budget(account="61")],
        policy=policy,
        hierarchies=[accounts],
    )
    assert [ln.this_request for ln in result.lines] == [D("1.00"), D("2.00")]


def test_lines_without_an_account_or_a_budget_are_added_up_per_key() -> None:
    # Two lines without an account (3.00 + 4.00) and two on 6300, which no budget
    # controls (3.00 + 4.00), after a line on 6100: each pair is one check of 7.00.
    req = request(
        line("3.00", " "),
        line("4.00", " "),
        line("1.00"),
        line("3.00", "6300"),
        line("4.00", "6300"),
    )
    result = check(req, [budget()])
    assert [(ln.account, ln.this_request) for ln in result.lines] == [
        ("6100", D("1.00")),
        ("", D("7.00")),
        ("6300", D("7.00")),
    ]


def test_an_invoice_within_its_order_names_its_stage_and_whole_amount() -> None:
    # Order PO-1 of 100.00 is open on a budget of 100.00 that another 50.00 overspent. The
    # invoice's two lines (60.00 + 40.00) relieve it: 100.00 within the commitment.
    ledger = [order("100.00", reference="PO-1"), order("50.00")]
    invoice = request(line("60.00"), line("40.00"), stage=Stage.ACTUAL, relieves=("PO-1",))
    result = check(invoice, [budget()], ledger)
    within = [r for r in result.reasons if r.code == "BUDGET.WITHIN_COMMITMENT"]
    assert [dict(r.facts)["amount"] for r in within] == ["100.00"]
    assert within[0].message.startswith("This actual's 100.00 USD on 6100 stays within")


def test_the_fast_path_on_a_period_basis_reads_its_months_only() -> None:
    # Budget 1200.00 phased 100.00 a month, period basis: 90.00 ordered in February does
    # not count in March, where 80.00 passes and 100.01 blocks; 90.00 ordered in March
    # makes a further 20.00 block (110.00 > 100.00).
    policy = ControlPolicy.uniform(StagePolicy(basis=Basis.PERIOD))
    budgets = [budget("1200.00")]
    february = [order("90.00", dt.date(2026, 2, 10))]
    assert fast(request(line("80.00")), budgets, february, policy=policy) is PASS
    assert fast(request(line("100.01")), budgets, february, policy=policy) is BLOCKED
    march = [order("90.00", dt.date(2026, 3, 1))]
    assert fast(request(line("20.00")), budgets, march, policy=policy) is BLOCKED
    assert fast(request(line("10.00")), budgets, march, policy=policy) is PASS


def test_the_fast_path_counts_only_the_stages_the_policy_counts() -> None:
    # Orders and actuals are counted, requisitions not: 90.00 requisitioned leaves the
    # whole 100.00 for an order of 100.00 (passes); 90.00 ordered leaves 10.00.
    policy = ControlPolicy.uniform(StagePolicy(counts=(Stage.ORDER, Stage.ACTUAL)))
    requisitioned = [LedgerEntry("6100", Stage.REQUISITION, D("90.00"), "USD", DAY)]
    assert fast(request(line("100.00")), [budget()], requisitioned, policy=policy) is PASS
    assert fast(request(line("10.01")), [budget()], [order("90.00")], policy=policy) is BLOCKED
    actual = [LedgerEntry("6100", Stage.ACTUAL, D("90.00"), "USD", DAY)]
    assert fast(request(line("10.01")), [budget()], actual, policy=policy) is BLOCKED


def test_the_fast_path_is_exact_beyond_the_default_decimal_precision() -> None:
    # A budget of 32 digits (30 integer digits and cents): a request of exactly the budget
    # passes (inclusive), one cent more blocks. In cents the request has 32 digits, more
    # than the 28 of the default decimal context, which would round it up to 10**32 cents.
    big = "999999999999999999999999999999.99"
    assert fast(request(line(big)), [budget(big)]) is PASS
    assert fast(request(line("1000000000000000000000000000000.00")), [budget(big)]) is BLOCKED


def test_the_fast_path_leaves_an_amount_finer_than_the_budget_unit_to_the_full_check() -> None:
    # 10.005 USD is finer than the cent the budget counts in.
    assert fast(request(line("10.005")), [budget()]) is None


def test_a_check_that_raises_puts_the_relief_back() -> None:
    # A zero budget (SAP-style, no budget line) for orders; requisition MR-1 of 5.00 USD is open.
    # An order relieving MR-1 with a second line in EUR cannot be checked: the EUR line's zero
    # budget would convert the USD ledger without a budget rate. The refused check must leave
    # MR-1 open, so a later order still relieves the whole 5.00 (before the fix, 0.00 was left).
    policy = ControlPolicy(order=StagePolicy(missing_budget=MissingBudget.ZERO))
    day = dt.date(2026, 3, 2)
    ledger = [LedgerEntry("6100", Stage.REQUISITION, D(5), "USD", day, reference="MR-1")]
    book = BudgetBook([], policy=policy, ledger=ledger)
    bad = SpendRequest(
        (SpendLine("6100", D(5), "USD"), SpendLine("6100", D(1), "EUR")),
        day,
        reference="PO-1",
        relieves=["MR-1"],
    )
    good = SpendRequest((SpendLine("6100", D(5), "USD"),), day, reference="PO-2", relieves=["MR-1"])
    before = book.check(good, as_of=day)
    assert before.relieved[0].amount == D(5)
    for refused in (book.check, book.decide):
        with pytest.raises(CurrencyMismatchError):
            refused(bad, as_of=day)
        assert book.check(good, as_of=day) == before
    with pytest.raises(CurrencyMismatchError):
        book.reserve(bad, as_of=day, explain=False)
    with pytest.raises(CurrencyMismatchError):
        book.what_if([good, bad], as_of=day, commit=True)
    assert book.check(good, as_of=day) == before
    assert len(book) == 1


def test_a_reduction_finer_than_the_minor_unit_is_reserved_through_the_full_path() -> None:
    # A credit of -0.005 USD (a unit price times a quantity) is not a whole number of cents:
    # the fast decision leaves it to the full check, which passes it as a reduction, and the
    # book then counts it exactly: 10.00 spent - 0.005 = 9.995 consumed.
    day = dt.date(2026, 3, 2)
    budget = Budget("6100", D(100), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    ledger = [LedgerEntry("6100", Stage.ACTUAL, D(10), "USD", day)]
    book = BudgetBook([budget], policy=ControlPolicy(), ledger=ledger)
    credit = SpendRequest((SpendLine("6100", D("-0.005"), "USD"),), day)
    assert book.reserve(credit, as_of=day, explain=False) is FundsDecision.PASS
    probe = SpendRequest((SpendLine("6100", D(1), "USD"),), day)
    expected = check_budget(
        probe,
        budgets=[budget],
        ledger=[*ledger, LedgerEntry("6100", Stage.ORDER, D("-0.005"), "USD", day)],
        policy=ControlPolicy(),
        as_of=day,
    )
    assert book.check(probe, as_of=day) == expected
    assert expected.lines[0].consumed == D("10.00")  # 9.995 shown to the cent (half up)
