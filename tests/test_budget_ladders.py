"""Per-object tolerance ladders, checked in parallel with their parents' (issue 14, item 5).

The rows follow SAP's documented example "Parallel Availability Control Checks"
(SAP Help, Funds Management BCS, https://help.sap.com/saphelp_me151/helpdata/en/7e/
eacc53a8b77214e10000000a174cb4/content.htm): the total budget of an organisation
is checked in one control object, with a warning at 90 % and an error at 100 %;
each department (budget address) is checked in its own control object, with a
warning at 100 % and an error at 130 %. Here the organisation is a budget on the
group node ``ORG`` of a pooled fund-centre hierarchy, and each department a budget
on its own node, with its own ladder (``Budget.tolerances``). The figures (three
departments of 100.00 each, an organisation total of 300.00) are ours; each
expected outcome is worked out in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from spendrules.budget import (
    Action,
    Budget,
    BudgetBook,
    ControlPolicy,
    FundsDecision,
    Hierarchy,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
    ToleranceRule,
    check_budget,
    headroom,
)

D = Decimal
DAY = dt.date(2026, 3, 2)
START, END = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
HIERARCHY = Hierarchy("fund_center", {"DEPT-A": "ORG", "DEPT-B": "ORG", "DEPT-C": "ORG"})
ORGANISATION = (
    ToleranceRule(Action.WARN, usage=D("0.9")),
    ToleranceRule(Action.BLOCK, usage=D(1)),
)
DEPARTMENT = (
    ToleranceRule(Action.WARN, usage=D(1)),
    ToleranceRule(Action.BLOCK, usage=D("1.3")),
)


def _budgets() -> list[Budget]:
    org = Budget(
        "6100",
        D(300),
        "USD",
        START,
        END,
        {"fund_center": "ORG"},
        name="ORG",
        tolerances=ORGANISATION,
    )
    departments = [
        Budget(
            "6100",
            D(100),
            "USD",
            START,
            END,
            {"fund_center": name},
            name=name,
            tolerances=DEPARTMENT,
        )
        for name in ("DEPT-A", "DEPT-B", "DEPT-C")
    ]
    return [org, *departments]


def _spent(department: str, amount: str) -> LedgerEntry:
    return LedgerEntry(
        "6100", Stage.ACTUAL, D(amount), "USD", dt.date(2026, 2, 1), {"fund_center": department}
    )


def _request(department: str, amount: str) -> SpendRequest:
    return SpendRequest((SpendLine("6100", D(amount), "USD", {"fund_center": department}),), DAY)


def _check(ledger: list[LedgerEntry], request: SpendRequest, **options: object):  # type: ignore[no-untyped-def]
    return check_budget(
        request,
        budgets=_budgets(),
        ledger=ledger,
        policy=ControlPolicy(),
        as_of=DAY,
        hierarchies=[HIERARCHY],
        **options,  # type: ignore[arg-type]
    )


def _outcomes(result) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {line.budget: line.outcome.value for line in result.lines}


def test_department_warns_past_100_percent_while_the_organisation_is_fine() -> None:
    # DEPT-A: 90 spent + 30 = 120 of 100 -> 120 % > 100 % warns, < 130 % does not block.
    # ORG: 120 of 300 = 40 % < 90 %: nothing.
    result = _check([_spent("DEPT-A", "90")], _request("DEPT-A", "30"))
    assert result.decision is FundsDecision.PASS_WITH_WARNING
    assert _outcomes(result) == {"ORG": "pass", "DEPT-A": "pass_with_warning"}
    warning = next(line for line in result.lines if line.budget == "DEPT-A")
    assert warning.triggered == DEPARTMENT[0]
    assert warning.threshold == D("100.00")


def test_department_blocks_past_130_percent() -> None:
    # DEPT-A: 100 + 40 = 140 of 100 -> 140 % > 130 % (threshold 130.00) blocks; ORG 140/300 = 47 %.
    result = _check([_spent("DEPT-A", "100")], _request("DEPT-A", "40"))
    assert result.decision is FundsDecision.BLOCKED
    assert _outcomes(result) == {"ORG": "pass", "DEPT-A": "blocked"}
    assert "(DEPT-A [annual])" in result.reasons[0].message


def test_organisation_total_blocks_while_the_department_only_warns() -> None:
    # DEPT-B 100, DEPT-C 100, DEPT-A 80 spent; DEPT-A asks 25.
    # DEPT-A: 105 of 100 -> warns (105 % > 100 %, < 130 %).
    # ORG: 280 + 25 = 305 of 300 -> 101.7 % > 100 % blocks. The strictest action wins.
    ledger = [_spent("DEPT-B", "100"), _spent("DEPT-C", "100"), _spent("DEPT-A", "80")]
    result = _check(ledger, _request("DEPT-A", "25"))
    assert result.decision is FundsDecision.BLOCKED
    assert _outcomes(result) == {"ORG": "blocked", "DEPT-A": "pass_with_warning"}
    assert "(ORG [annual])" in result.reasons[0].message
    blocked = next(line for line in result.lines if line.budget == "ORG")
    assert blocked.triggered == ORGANISATION[1]
    assert blocked.threshold == D("300.00")


def test_organisation_warns_at_90_percent() -> None:
    # Spent 80 + 90 + 100 = 270; DEPT-A asks 5 -> ORG 275 of 300 = 91.7 % > 90 % warns.
    # DEPT-A: 85 of 100 = 85 %: nothing.
    ledger = [_spent("DEPT-A", "80"), _spent("DEPT-B", "90"), _spent("DEPT-C", "100")]
    result = _check(ledger, _request("DEPT-A", "5"))
    assert result.decision is FundsDecision.PASS_WITH_WARNING
    assert _outcomes(result) == {"ORG": "pass_with_warning", "DEPT-A": "pass"}


def test_without_own_ladders_the_stage_policy_rules_apply_to_both() -> None:
    # The same case as the 130 % row with the policy's default (block beyond 100 %) on
    # both budgets: DEPT-A 120 of 100 now blocks.
    plain = [
        Budget("6100", D(300), "USD", START, END, {"fund_center": "ORG"}, name="ORG"),
        Budget("6100", D(100), "USD", START, END, {"fund_center": "DEPT-A"}, name="DEPT-A"),
    ]
    result = check_budget(
        _request("DEPT-A", "30"),
        budgets=plain,
        ledger=[_spent("DEPT-A", "90")],
        policy=ControlPolicy(),
        as_of=DAY,
        hierarchies=[HIERARCHY],
    )
    assert _outcomes(result) == {"ORG": "pass", "DEPT-A": "blocked"}


def test_an_empty_ladder_tracks_without_acting() -> None:
    budget = Budget("6100", D(100), "USD", START, END, tolerances=())
    result = check_budget(
        SpendRequest((SpendLine("6100", D(500), "USD"),), DAY),
        budgets=[budget],
        ledger=[],
        policy=ControlPolicy(),
        as_of=DAY,
    )
    assert result.decision is FundsDecision.PASS
    assert result.lines[0].reasons[-1].code == "BUDGET.TRACKED"


def test_headroom_follows_the_strictest_ladder() -> None:
    # DEPT-A spent 80, others 100 each: ORG room to its block = 300 - 280 = 20.00;
    # DEPT-A room to its block = 130 - 80 = 50.00. The organisation limits the line to 20.00.
    ledger = [_spent("DEPT-B", "100"), _spent("DEPT-C", "100"), _spent("DEPT-A", "80")]
    room = headroom(
        _request("DEPT-A", "1"),
        budgets=_budgets(),
        ledger=ledger,
        policy=ControlPolicy(),
        as_of=DAY,
        hierarchies=[HIERARCHY],
    )
    assert room.amount == D("20.00")
    assert room.budget == "ORG"
    assert room.limiting_rule == ORGANISATION[1]


@pytest.mark.parametrize(
    ("ledger", "amount"),
    [
        ([_spent("DEPT-A", "90")], "30"),
        ([_spent("DEPT-A", "100")], "40"),
        ([_spent("DEPT-B", "100"), _spent("DEPT-C", "100"), _spent("DEPT-A", "80")], "25"),
        ([_spent("DEPT-A", "80"), _spent("DEPT-B", "90"), _spent("DEPT-C", "100")], "5"),
    ],
)
def test_the_book_and_its_fast_decision_agree(ledger: list[LedgerEntry], amount: str) -> None:
    book = BudgetBook(_budgets(), policy=ControlPolicy(), ledger=ledger, hierarchy=HIERARCHY)
    request = _request("DEPT-A", amount)
    expected = _check(ledger, request)
    assert book.check(request, as_of=DAY) == expected
    assert book.decide(request, as_of=DAY) is expected.decision


def test_tolerances_must_be_rules() -> None:
    with pytest.raises(TypeError, match=r"tolerances\[0\] must be a ToleranceRule, not str"):
        Budget("6100", D(1), "USD", START, END, tolerances=["block"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="tolerances must be a sequence of ToleranceRule, not int"):
        Budget("6100", D(1), "USD", START, END, tolerances=5)  # type: ignore[arg-type]
