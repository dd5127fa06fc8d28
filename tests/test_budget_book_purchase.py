"""``BudgetBook.evaluate_purchase`` is ``evaluate_purchase`` with the funds checked on the book."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from spendrules.budget import (
    ApprovalBand,
    ApprovalLevel,
    ApprovalMatrix,
    ApprovedSuppliers,
    Budget,
    BudgetBook,
    ControlPolicy,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
    Transaction,
    Verdict,
    evaluate_purchase,
)
from spendrules.errors import InvalidInputError

D = Decimal
DAY = dt.date(2026, 3, 3)
BUDGET = Budget("6100", D("10000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
MATRIX = ApprovalMatrix(
    (ApprovalLevel("manager", roles=("manager",)),), (ApprovalBand("manager", D("3000")),), "USD"
)
EARLIER = [
    Transaction(
        "PO-1", dt.date(2026, 3, 2), D("1600"), "USD", requester="ann", supplier="Desks Inc"
    )
]
SUPPLIERS = [ApprovedSuppliers("furniture", ("Desks Inc",))]


def _po(amount: str) -> SpendRequest:
    return SpendRequest(
        (SpendLine("6100", D(amount), "USD"),),
        DAY,
        category="furniture",
        requester="ann",
        supplier="Desks Inc",
        reference="PO-2",
    )


@pytest.mark.parametrize(
    ("spent", "amount", "verdict"),
    [
        # 1,600 + 1,600 within a day crosses the 3,000 band: a split lead, funds pass.
        ("0", "1600", Verdict.GO_WITH_WARNINGS),
        # 9,000 spent + 1,600 = 10,600 > 10,000: the funds check blocks.
        ("9000", "1600", Verdict.BLOCKED),
    ],
)
def test_the_book_answers_as_the_one_shot_function(
    spent: str, amount: str, verdict: Verdict
) -> None:
    ledger = [LedgerEntry("6100", Stage.ACTUAL, D(spent), "USD", dt.date(2026, 2, 1))]
    book = BudgetBook([BUDGET], policy=ControlPolicy(), ledger=ledger)
    expected = evaluate_purchase(
        _po(amount),
        budgets=[BUDGET],
        ledger=ledger,
        policy=ControlPolicy(),
        matrix=MATRIX,
        as_of=DAY,
        recent=EARLIER,
        approved_suppliers=SUPPLIERS,
    )
    answer = book.evaluate_purchase(
        _po(amount), matrix=MATRIX, as_of=DAY, recent=EARLIER, approved_suppliers=SUPPLIERS
    )
    assert answer == expected
    assert answer.verdict is verdict
    assert len(book) == 1  # nothing posted


def test_options_are_checked_before_the_funds() -> None:
    book = BudgetBook([BUDGET], policy=ControlPolicy())
    with pytest.raises(InvalidInputError, match="split_window_days"):
        book.evaluate_purchase(_po("1"), matrix=MATRIX, as_of=DAY, split_window_days=0)
    with pytest.raises(TypeError, match="matrix"):
        book.evaluate_purchase(_po("1"), matrix="manager", as_of=DAY)  # type: ignore[arg-type]
