"""The linear basis day count as a named option (issue 14, item 6).

``LinearDays.BOTH_ENDS`` (the default, today's reading of ``Basis.LINEAR``) counts
the request date and the year start, over the days of the year with both ends;
``LinearDays.END_EXCLUSIVE`` is OCA ``account_budget_oca``'s theoretical amount,
``(date - date_from) / (date_to - date_from)``, which gives 1 January-31 December
364 days (domain notes ``budget.md``, "Time-proportional (Odoo theoretical)").
Each expected limit is worked out in the comment beside it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from spendrules.budget import (
    Basis,
    Budget,
    BudgetBook,
    ControlPolicy,
    LinearDays,
    SpendLine,
    SpendRequest,
    StagePolicy,
    check_budget,
)
from spendrules.errors import InvalidInputError

D = Decimal
BUDGET = Budget("6100", D(365), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _limit(day: dt.date, days: LinearDays, budget: Budget = BUDGET) -> Decimal:
    policy = ControlPolicy.uniform(StagePolicy(basis=Basis.LINEAR, linear_days=days))
    request = SpendRequest((SpendLine("6100", D(1), "USD"),), day)
    result = check_budget(request, budgets=[budget], ledger=[], policy=policy, as_of=day)
    book = BudgetBook([budget], policy=policy)
    assert book.check(request, as_of=day) == result
    assert book.decide(request, as_of=day) is result.decision
    return result.lines[0].limit


@pytest.mark.parametrize(
    ("day", "both_ends", "end_exclusive"),
    [
        # 1 January: 1/365 x 365 = 1.00; OCA (1 Jan - 1 Jan) / 364 = 0.
        (dt.date(2026, 1, 1), "1.00", "0.00"),
        # 31 January: 31/365 x 365 = 31.00; OCA 30/364 x 365 = 30.0824... -> 30.08.
        (dt.date(2026, 1, 31), "31.00", "30.08"),
        # 2 July: 183/365 x 365 = 183.00; OCA 182/364 x 365 = 182.50.
        (dt.date(2026, 7, 2), "183.00", "182.50"),
        # 31 December: the whole year either way.
        (dt.date(2026, 12, 31), "365.00", "365.00"),
    ],
)
def test_linear_limit_by_day_count(day: dt.date, both_ends: str, end_exclusive: str) -> None:
    assert _limit(day, LinearDays.BOTH_ENDS) == D(both_ends)
    assert _limit(day, LinearDays.END_EXCLUSIVE) == D(end_exclusive)


def test_default_is_both_ends() -> None:
    assert StagePolicy().linear_days is LinearDays.BOTH_ENDS
    assert StagePolicy(linear_days="end_exclusive").linear_days is LinearDays.END_EXCLUSIVE


def test_a_one_day_budget_is_all_elapsed_when_the_end_is_excluded() -> None:
    # valid 1 June only: (date - date_from) / (date_to - date_from) is 0/0; the one day
    # has elapsed by the time a request is dated on it, so the limit is the budget.
    day = dt.date(2026, 6, 1)
    budget = Budget("6100", D("40.00"), "USD", day, day)
    assert _limit(day, LinearDays.END_EXCLUSIVE, budget) == D("40.00")
    assert _limit(day, LinearDays.BOTH_ENDS, budget) == D("40.00")


def test_an_unknown_day_count_is_refused() -> None:
    with pytest.raises(InvalidInputError, match="linear_days"):
        StagePolicy(linear_days="both")
