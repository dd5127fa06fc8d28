"""Funds checking: control policies, check_budget, headroom and what_if (private).

The rule in one paragraph: for every budget that controls a request line
(same account and dimensions, or an ancestor of them in a [`Hierarchy`][spendrules.budget.Hierarchy],
with the request date inside the budget's validity), the check adds up the
consumption of the stages the policy counts inside the basis window, adds the
request (converted at the budget rate), and compares the total with each
tolerance rule's threshold. Rules are checked highest threshold first; the
strongest action among the rules that trigger decides (so more consumption can
never weaken a decision). Reductions always pass. Lines without an account,
without a budget, or in a currency without a budget rate are explicit reasons.
A follow-on request first relieves the open requisitions and orders it names
in ``relieves`` (`relief`), so a commitment and its
follow-on are counted once. A follow-on that stays within the commitments it
relieves adds no consumption, so, like a reduction, it passes
(``BUDGET.WITHIN_COMMITMENT``) even when other postings have pushed the budget
over since the commitment was checked (SAP does not re-check follow-on
documents within their commitment; ERPNext's over-committed order bucket
blocks unrelated documents, domain notes section 7 item 18);
``StagePolicy.recheck_follow_ons`` checks it again instead. Only the excess of
a follow-on over what it relieves is new consumption.

References:
    ERPNext ``erpnext/accounts/doctype/budget/budget.py`` and
    ``erpnext/controllers/budget_controller.py`` (annual and accumulated-monthly
    checks, Stop/Warn/Ignore, exception approver role; issues #36610, #47603,
    #47611, #58564 and PR #53314 for the behaviours spendrules corrects).
    SAP "Specifying Tolerance Limits" and FM tolerance profiles (usage % and
    absolute variance, checked highest first). Oracle EBS "Funds Check Level"
    and "Amount Type and Boundary", Fusion "Control Budget Options".
    PeopleSoft Commitment Control "Errors and Warnings" (E1-E7 and which are
    overridable). NetSuite "Creating a Budget Control Record". Dynamics AX
    "About budget control" and "Define budget exchange rates".
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Collection, Iterable, Iterator

from spendrules._budget.book import BudgetBook, _what_if
from spendrules._budget.engine import _Book
from spendrules._budget.evaluate import _run
from spendrules._budget.line_checks import _check_request, _check_roles
from spendrules._budget.model import (
    Budget,
    BudgetRate,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    SpendRequest,
)
from spendrules._budget.policy import (
    ControlPolicy,
)
from spendrules._budget.results import BudgetCheck, Headroom, WhatIf
from spendrules._checks import check_date
from spendrules.errors import InvalidInputError

__all__ = ["check_budget", "headroom", "iter_what_if", "what_if"]

_CALENDAR = FiscalCalendar()


def check_budget(
    request: SpendRequest,
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> BudgetCheck:
    """Check a spend request against budgets: pass, pass with warning, blocked or not controlled.

    Each request line is matched to every budget that controls it (same
    account and dimensions, or ancestors of them in ``hierarchies``; the
    request date inside the budget's validity). Lines on the same budget are
    added up first, so splitting a line never changes the answer. For every
    budget and every basis the stage's rules use, the check computes the limit,
    the consumption of the counted stages in the window, this request
    (converted at the budget rate), and applies the tolerance rules, highest
    threshold first.

    A follow-on request (an order after its requisitions, an invoice after its
    orders) names the commitments it liquidates in ``request.relieves``; they
    are relieved by the request's amount before anything is counted (as
    [`relieve`][spendrules.budget.relieve] does), recorded in ``relieved`` and
    explained as ``BUDGET.RELIEVED`` (or ``BUDGET.NOT_RELIEVED`` for a
    reference that relieves nothing). So an invoice is never counted on top
    of its own open order (ERPNext issue #36610). A follow-on whose amount on
    every key of a budget is covered by relieved commitments that budget
    counts adds no consumption to it, and passes it like a reduction
    (``BUDGET.WITHIN_COMMITMENT``, ``LineCheck.within_commitment``), whatever
    other postings did to the budget since; one that exceeds what it relieves
    is checked on its total after relief. ``StagePolicy.recheck_follow_ons``
    checks every follow-on against the rules again.

    Args:
        request: The request to check.
        budgets: The budgets (any currency; amounts are compared in each budget's currency).
        ledger: Consumption already booked (see [`LedgerEntry`][spendrules.budget.LedgerEntry]); the
            commitments ``request.relieves`` names are relieved first. Iterated once.
        policy: The [`ControlPolicy`][spendrules.budget.ControlPolicy].
        as_of: The day the check is made (recorded in the result; the check
            reads no clock). The request's own date places it in a period.
        calendar: The fiscal calendar (default: years starting 1 January).
        hierarchies: Parent links of dimensions (``"account"`` for accounts),
            at most one per dimension.
        rates: Budget exchange rates for requests and ledger entries in
            another currency than the budget.
        roles: The roles of the person submitting; a role listed in
            ``policy.override_roles`` turns overridable blocks into warnings.
        rounding: A `decimal` rounding constant (default ``ROUND_HALF_UP``)
            for the two amounts the check rounds, each once: an amount converted
            at a budget rate, rounded to the budget currency's minor unit (the
            request's lines per currency and budget, each ledger entry); and
            the pro-rata limit of the linear basis. Comparisons are exact
            after that, so the figures in the reasons add up to the cent.

    Returns:
        A [`BudgetCheck`][spendrules.budget.BudgetCheck] with one [`LineCheck`][spendrules.budget.LineCheck] per budget and basis,
        then one per line no budget controls.

    Raises:
        TypeError: a wrong type anywhere (a float amount, a dict for a policy).
        InvalidInputError: phasing values that do not fit the budget's periods;
            two hierarchies for one dimension; two rates for one currency pair;
            an unknown ``rounding``.
        CurrencyMismatchError: a ledger entry in a currency without a budget rate
            to the budget it consumes.

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> budget = Budget("6100", Decimal("20000000"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31),
        ...                 {"cost_center": "CC-10"})
        >>> ledger = [LedgerEntry("6100", Stage.ACTUAL, Decimal("11000000"), "USD", dt.date(2026, 2, 1),
        ...                       {"cost_center": "CC-10"})]
        >>> po = SpendRequest((SpendLine("6100", Decimal("5000000"), "USD", {"cost_center": "CC-10"}),),
        ...                   dt.date(2026, 3, 2))
        >>> result = check_budget(po, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                       as_of=dt.date(2026, 3, 2))
        >>> result.decision, result.lines[0].available_after, result.lines[0].usage_after
        (<FundsDecision.PASS: 'pass'>, Decimal('4000000.00'), Decimal('0.8000'))
        >>> print(result.lines[0].reasons[0].message)
        Budget 6100 cost_center=CC-10, annual 2026-01-01 to 2026-12-31: limit 20,000,000.00 USD; consumed requisition 0.00 USD + order 0.00 USD + actual 11,000,000.00 USD = 11,000,000.00 USD; this request 5,000,000.00 USD; total after 16,000,000.00 USD; available before 9,000,000.00 USD, after 4,000,000.00 USD; usage after 80 %.

        The invoice for that order, while the order is still open in the
        ledger: naming the order in ``relieves`` counts the money once.

        >>> ledger.append(LedgerEntry("6100", Stage.ORDER, Decimal("5000000"), "USD", dt.date(2026, 3, 2),
        ...                           {"cost_center": "CC-10"}, reference="PO-1"))
        >>> pi = SpendRequest(po.lines, dt.date(2026, 4, 2), stage=Stage.ACTUAL, reference="PI-1",
        ...                   relieves=["PO-1"])
        >>> invoice = check_budget(pi, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                        as_of=dt.date(2026, 4, 2))
        >>> invoice.decision, invoice.lines[0].consumed, invoice.lines[0].available_after
        (<FundsDecision.PASS: 'pass'>, Decimal('11000000.00'), Decimal('4000000.00'))
        >>> invoice.relieved[0].amount, invoice.reasons[1].code
        (Decimal('5000000'), 'BUDGET.RELIEVED')

        Other actuals of 5,000,000 booked since push the budget over (11,000,000
        + 5,000,000 + the open order 5,000,000 = 21,000,000). The invoice still
        passes: within its order it adds no consumption, and the order was
        checked when it was placed (``BUDGET.WITHIN_COMMITMENT``).

        >>> ledger.append(LedgerEntry("6100", Stage.ACTUAL, Decimal("5000000"), "USD", dt.date(2026, 3, 20),
        ...                           {"cost_center": "CC-10"}))
        >>> late = check_budget(pi, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                     as_of=dt.date(2026, 4, 2))
        >>> late.decision, late.lines[0].available_after, late.lines[0].within_commitment
        (<FundsDecision.PASS: 'pass'>, Decimal('-1000000.00'), True)
        >>> print(late.lines[0].reasons[-1].message)
        This actual's 5,000,000.00 USD on 6100 cost_center=CC-10 stays within the open commitment it relieves there (order PO-1: open 5,000,000.00 USD, relieved 5,000,000.00 USD): that money was checked when it was committed, so this actual adds no consumption to budget 6100 cost_center=CC-10 and is not checked again (recheck_follow_ons is off).

    References:
        ERPNext ``budget.py`` ``validate_expense_against_budget`` and
        ``budget_controller.py``; SAP FM availability control; Oracle Fusion
        budgetary control; PeopleSoft Commitment Control; the domain notes
        ``budget.md`` sections 2, 3 and 7.
    """
    checked = _check_request(request)
    day = check_date(as_of, "as_of")
    granted = _check_roles(roles)
    book = _Book(
        budgets,
        ledger,
        policy,
        calendar=calendar,
        hierarchies=hierarchies,
        rates=rates,
        rounding=rounding,
    )
    return _run(book, checked, granted, day)[0]


def headroom(
    request: SpendRequest,
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    line: int = 0,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> Headroom:
    """Return the largest amount line ``line`` of ``request`` could carry without being blocked.

    The other lines stay as they are. The amount is in the line's currency,
    in whole minor units: [`check_budget`][spendrules.budget.check_budget] with that amount does not
    block, and with one minor unit more it does. For a follow-on request the
    amount includes what it relieves (an invoice may carry its open order
    plus whatever room is left), and the reasons add what is relieved at
    that amount (``BUDGET.RELIEVED``). So an invoice's headroom is at least
    the open commitment it relieves (counted by the policy) even on a budget
    that other postings have pushed over: up to that amount it stays within
    its commitment and passes (``BUDGET.WITHIN_COMMITMENT``, unless
    `StagePolicy.recheck_follow_ons`).

    Args:
        request: The request used as a template (its line ``line`` is varied).
        budgets: As for [`check_budget`][spendrules.budget.check_budget].
        ledger: As for [`check_budget`][spendrules.budget.check_budget].
        policy: As for [`check_budget`][spendrules.budget.check_budget].
        as_of: As for [`check_budget`][spendrules.budget.check_budget].
        line: Index of the line to vary (default 0).
        calendar: As for [`check_budget`][spendrules.budget.check_budget].
        hierarchies: As for [`check_budget`][spendrules.budget.check_budget].
        rates: As for [`check_budget`][spendrules.budget.check_budget].
        roles: As for [`check_budget`][spendrules.budget.check_budget].
        rounding: As for [`check_budget`][spendrules.budget.check_budget].

    Returns:
        A [`Headroom`][spendrules.budget.Headroom]: the amount (None when nothing limits the line; zero
        when even a zero amount is blocked by another line), the budget, basis
        and rule that limit it.

    Raises:
        InvalidInputError: ``line`` is not an index of ``request.lines``.
        TypeError, CurrencyMismatchError: as for [`check_budget`][spendrules.budget.check_budget].

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> budget = Budget("6100", Decimal("100"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> ledger = [LedgerEntry("6100", Stage.ACTUAL, Decimal("80"), "USD", dt.date(2026, 1, 5))]
        >>> draft = SpendRequest((SpendLine("6100", Decimal("1"), "USD"),), dt.date(2026, 2, 1))
        >>> room = headroom(draft, budgets=[budget], ledger=ledger, policy=ControlPolicy(),
        ...                 as_of=dt.date(2026, 2, 1))
        >>> room.amount, room.limiting_rule.label
        (Decimal('20.00'), 'block at 100 % of the limit')
    """
    checked = _check_request(request)
    day = check_date(as_of, "as_of")
    granted = _check_roles(roles)
    if isinstance(line, bool) or not isinstance(line, int):
        raise TypeError(f"line must be an int, not {type(line).__name__}: {line!r}")
    if not 0 <= line < len(checked.lines):
        raise InvalidInputError(
            "line", line, f"an index of request.lines (0 to {len(checked.lines) - 1})"
        )
    book = _Book(
        budgets,
        ledger,
        policy,
        calendar=calendar,
        hierarchies=hierarchies,
        rates=rates,
        rounding=rounding,
    )
    return BudgetBook._from_engine(book)._headroom(checked, line, granted, day)


def iter_what_if(
    requests: Iterable[SpendRequest],
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> Iterator[BudgetCheck]:
    """Check requests in order, reserving each one that is not blocked; yield each check.

    The lazy twin of [`what_if`][spendrules.budget.what_if] for long streams: the ledger is summed
    once, and each request that passes (with or without a warning) is added to
    the sums in its stage's bucket, so later requests see it. A request that
    passes also keeps the relief of what its ``relieves`` names, and a later
    request can relieve it in turn by its reference; a blocked request
    relieves nothing. Inputs other than ``requests`` are validated before the
    first check.

    Args:
        requests: The drafts, in the order they would be submitted.
        budgets: As for [`check_budget`][spendrules.budget.check_budget].
        ledger: As for [`check_budget`][spendrules.budget.check_budget].
        policy: As for [`check_budget`][spendrules.budget.check_budget].
        as_of: As for [`check_budget`][spendrules.budget.check_budget].
        calendar: As for [`check_budget`][spendrules.budget.check_budget].
        hierarchies: As for [`check_budget`][spendrules.budget.check_budget].
        rates: As for [`check_budget`][spendrules.budget.check_budget].
        roles: As for [`check_budget`][spendrules.budget.check_budget].
        rounding: As for [`check_budget`][spendrules.budget.check_budget].

    Returns:
        An iterator of [`BudgetCheck`][spendrules.budget.BudgetCheck], one per request.

    Raises:
        TypeError, InvalidInputError, CurrencyMismatchError: as for [`check_budget`][spendrules.budget.check_budget].
    """
    day = check_date(as_of, "as_of")
    granted = _check_roles(roles)
    book = _Book(
        budgets,
        ledger,
        policy,
        calendar=calendar,
        hierarchies=hierarchies,
        rates=rates,
        rounding=rounding,
    )
    return BudgetBook._from_engine(book)._stream(requests, granted, day)


def what_if(
    requests: Iterable[SpendRequest],
    *,
    budgets: Iterable[Budget],
    ledger: Iterable[LedgerEntry],
    policy: ControlPolicy,
    as_of: dt.date,
    calendar: FiscalCalendar = _CALENDAR,
    hierarchies: Iterable[Hierarchy] = (),
    rates: Iterable[BudgetRate] = (),
    roles: Collection[str] = (),
    rounding: str = decimal.ROUND_HALF_UP,
) -> WhatIf:
    """Check a batch of drafts in order, each seeing the earlier ones that passed reserved.

    A request that is blocked is not reserved (Oracle Absolute); one that passes
    with a warning is (Oracle Advisory "still reserves funds"). A follow-on in
    the batch relieves what its ``relieves`` names, earlier drafts of the batch
    included (by their ``reference``), so an order followed by its invoice is
    counted once. This answers "which of these drafts can all go ahead?"
    before any is submitted.

    Args:
        requests: The drafts, in order.
        budgets: As for [`check_budget`][spendrules.budget.check_budget].
        ledger: As for [`check_budget`][spendrules.budget.check_budget].
        policy: As for [`check_budget`][spendrules.budget.check_budget].
        as_of: As for [`check_budget`][spendrules.budget.check_budget].
        calendar: As for [`check_budget`][spendrules.budget.check_budget].
        hierarchies: As for [`check_budget`][spendrules.budget.check_budget].
        rates: As for [`check_budget`][spendrules.budget.check_budget].
        roles: As for [`check_budget`][spendrules.budget.check_budget].
        rounding: As for [`check_budget`][spendrules.budget.check_budget].

    Returns:
        A [`WhatIf`][spendrules.budget.WhatIf] with every check and the counts.

    Raises:
        TypeError, InvalidInputError, CurrencyMismatchError: as for [`check_budget`][spendrules.budget.check_budget].

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> budget = Budget("6100", Decimal("100"), "USD", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        >>> from spendrules.budget import Budget, SpendLine, SpendRequest
        >>> drafts = [SpendRequest((SpendLine("6100", Decimal(60), "USD"),), dt.date(2026, 2, 1),
        ...                        reference=ref) for ref in ("PO-1", "PO-2")]
        >>> batch = what_if(drafts, budgets=[budget], ledger=[], policy=ControlPolicy(),
        ...                 as_of=dt.date(2026, 2, 1))
        >>> [check.decision.value for check in batch.checks], batch.blocked
        (['pass', 'blocked'], 1)

        An order, then its invoice: the invoice relieves the reserved order.

        >>> invoice = SpendRequest(drafts[0].lines, dt.date(2026, 3, 1), stage=Stage.ACTUAL,
        ...                        relieves=["PO-1"])
        >>> chain = what_if([drafts[0], invoice], budgets=[budget], ledger=[], policy=ControlPolicy(),
        ...                 as_of=dt.date(2026, 2, 1))
        >>> [(check.decision.value, check.lines[0].consumed) for check in chain.checks]
        [('pass', Decimal('0.00')), ('pass', Decimal('0.00'))]
    """
    checks = tuple(
        iter_what_if(
            requests,
            budgets=budgets,
            ledger=ledger,
            policy=policy,
            as_of=as_of,
            calendar=calendar,
            hierarchies=hierarchies,
            rates=rates,
            roles=roles,
            rounding=rounding,
        )
    )
    return _what_if(checks)
