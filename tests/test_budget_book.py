"""Tests of spendrules.budget.BudgetBook, the live funds state.

The one-shot :func:`~spendrules.budget.check_budget` is the specification: a
book built on budgets, a policy and an opening ledger, with documents posted
since, answers every check as ``check_budget`` answers on the opening ledger
plus the posted documents. Reservations are specified by
:func:`~spendrules.budget.what_if`, headroom by
:func:`~spendrules.budget.headroom`. Scenario strategies come from
tests/contract_budget.py (through tests/contract_budget_book.py).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract_budget import RATES, requests
from contract_budget_approvals import matrices, supplier_lists, transactions
from contract_budget_book import (
    any_worlds,
    common_scenarios,
    documents,
    fresh_drafts,
    fresh_entries,
    operations,
    worlds,
)
from spendrules.budget import (
    SNAPSHOT_FORMAT,
    SNAPSHOT_VERSION,
    ApprovalBand,
    ApprovalLevel,
    ApprovalMatrix,
    ApprovedSuppliers,
    Budget,
    BudgetBook,
    BudgetCheck,
    ControlPolicy,
    FundsDecision,
    Hierarchy,
    LedgerEntry,
    SpendLine,
    SpendRequest,
    Stage,
    Transaction,
    Verdict,
    WhatIf,
    check_budget,
    evaluate_purchase,
    headroom,
    iter_what_if,
    what_if,
)
from spendrules.errors import CurrencyMismatchError, InvalidInputError, JSONInputError
from spendrules.serialization import unstructure

D = Decimal
FY26 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
DAY = dt.date(2026, 3, 2)
ERRORS = (InvalidInputError, CurrencyMismatchError, TypeError)

Kwargs = dict[str, Any]


# --------------------------------------------------------------------------- helpers


def make_book(kw: Kwargs, ledger: Any = None) -> BudgetBook:
    """The book of a world: its budgets, policy, hierarchies, rates, calendar and rounding."""
    return BudgetBook(
        kw["budgets"],
        policy=kw["policy"],
        ledger=kw["ledger"] if ledger is None else ledger,
        hierarchy=kw["hierarchies"],
        rates=kw["rates"],
        calendar=kw["calendar"],
        rounding=kw["rounding"],
    )


def setup(kw: Kwargs) -> Kwargs:
    """The keyword arguments every one-shot function shares, without the ledger."""
    names = ("budgets", "policy", "as_of", "calendar", "hierarchies", "rates", "roles", "rounding")
    return {name: kw[name] for name in names}


def one_shot(kw: Kwargs, request: SpendRequest | None = None, ledger: Any = None) -> BudgetCheck:
    return check_budget(
        kw["request"] if request is None else request,
        ledger=kw["ledger"] if ledger is None else ledger,
        **setup(kw),
    )


def attempt(function: Any, *args: Any, **kwargs: Any) -> Any:
    """The result, or (the error type, its message) for the errors the contract names."""
    try:
        return function(*args, **kwargs)
    except ERRORS as exc:
        return type(exc), str(exc)


def rebuild(book: BudgetBook, kw: Kwargs, text: str | None = None) -> BudgetBook:
    return BudgetBook.from_snapshot(
        book.snapshot() if text is None else text,
        kw["budgets"],
        policy=kw["policy"],
        hierarchy=kw["hierarchies"],
        rates=kw["rates"],
        calendar=kw["calendar"],
        rounding=kw["rounding"],
    )


def post_all(book: BudgetBook, docs: list[list[LedgerEntry]]) -> None:
    for doc in docs:
        book.post(doc[0] if len(doc) == 1 else doc)


def apply(book: BudgetBook, operation: tuple[Any, ...], day: dt.date, roles: Any) -> None:
    kind = operation[0]
    if kind == "post":
        book.post(operation[1])
    elif kind == "correct":
        book.post(operation[1], correction=True)
    elif kind == "commit":
        book.commit(operation[1])
    elif kind == "reserve":
        book.reserve(operation[1], as_of=day, roles=roles, explain=operation[2])
    else:
        book.what_if(operation[1], as_of=day, roles=roles, commit=operation[2])


# --------------------------------------------------------------------------- 1. check == check_budget


@settings(max_examples=60)
@given(any_worlds, requests, st.data())
def test_a_book_checks_as_check_budget_and_a_check_changes_nothing(
    kw: Kwargs, probe: SpendRequest, data: st.DataObject
) -> None:
    # Scenarios: plain, invoices relieving an open order (relieved/within), and
    # backdated requests on year-to-date, period and linear bases with postings
    # after the request date; euro lines and entries at the budget rate (rarely
    # no rates), pooled or per-node roll-up over cost-centre and account trees.
    # An error (an entry without a budget rate) must be the same error.
    expected = attempt(one_shot, kw)
    book = attempt(make_book, kw)
    if not isinstance(book, BudgetBook):
        assert book == expected  # the same refusal (an opening entry without a budget rate)
        return
    request, day, roles = kw["request"], kw["as_of"], kw["roles"]
    before = book.snapshot()
    got = attempt(book.check, request, as_of=day, roles=roles)
    assert got == expected
    if isinstance(expected, BudgetCheck):
        assert book.decide(request, as_of=day, roles=roles) == expected.decision
    assert attempt(book.check, request, as_of=day, roles=roles) == got  # checking twice
    assert book.snapshot() == before
    assert len(book) == len(kw["ledger"])
    # The relief a check applies is undone: another request checks as on a fresh ledger.
    other = attempt(one_shot, kw, probe)
    assert attempt(book.check, probe, as_of=day, roles=roles) == other
    if isinstance(other, BudgetCheck):
        assert book.decide(probe, as_of=day, roles=roles) == other.decision
    line = data.draw(st.integers(0, len(request.lines) - 1), label="line")
    assert attempt(book.headroom, request, as_of=day, line=line, roles=roles) == attempt(
        headroom, request, ledger=kw["ledger"], line=line, **setup(kw)
    )
    assert attempt(book.check, request, as_of=day, roles=roles) == got
    assert book.snapshot() == before


@settings(max_examples=100)
@given(worlds(common_scenarios()))
def test_the_fast_decision_of_a_common_request_is_the_checked_one(kw: Kwargs) -> None:
    # The common request (no relief, every line on an open budget in its
    # currency) takes a fast path in decide and reserve(explain=False); roles
    # in and out of the policy's override roles.
    book = attempt(make_book, kw)
    if not isinstance(book, BudgetBook):
        return
    request, day, roles = kw["request"], kw["as_of"], kw["roles"]
    expected = attempt(one_shot, kw)
    if not isinstance(expected, BudgetCheck):
        assert attempt(book.decide, request, as_of=day, roles=roles) == expected
        return
    assert book.decide(request, as_of=day, roles=roles) == expected.decision
    fast, full = make_book(kw), make_book(kw)
    assert fast.reserve(request, as_of=day, roles=roles, explain=False) == expected.decision
    assert full.reserve(request, as_of=day, roles=roles) == expected
    assert fast.snapshot() == full.snapshot()
    assert len(fast) == len(kw["ledger"]) + (
        0 if expected.decision is FundsDecision.BLOCKED else len(request.lines)
    )


@settings(max_examples=40)
@given(
    any_worlds,
    st.data(),
    matrices(),
    transactions,
    st.none() | st.lists(supplier_lists, max_size=2),
    st.integers(1, 20),
)
def test_the_book_evaluates_a_purchase_as_evaluate_purchase(  # noqa: PLR0917 - hypothesis arguments
    kw: Kwargs,
    data: st.DataObject,
    matrix: ApprovalMatrix,
    recent: list[Transaction],
    lists: list[ApprovedSuppliers] | None,
    window: int,
) -> None:
    book = attempt(make_book, kw)
    if not isinstance(book, BudgetBook):
        return
    later = data.draw(fresh_entries(kw["ledger"], max_size=3), label="later")
    if attempt(post_all, book, [[entry] for entry in later]) is not None:
        return  # a later entry without a budget rate (test 2)
    request, day, roles = kw["request"], kw["as_of"], kw["roles"]
    options = {
        "matrix": matrix,
        "as_of": day,
        "recent": recent,
        "approved_suppliers": lists,
        "split_window_days": window,
        "roles": roles,
    }
    before = book.snapshot()
    got = attempt(book.evaluate_purchase, request, **options)
    expected = attempt(
        evaluate_purchase,
        request,
        ledger=(*kw["ledger"], *later),
        **{**setup(kw), **options},
    )
    assert got == expected
    assert book.snapshot() == before


# --------------------------------------------------------------------------- 2. posting splits


@settings(max_examples=50)
@given(any_worlds, st.data())
def test_posting_after_opening_equals_checking_the_whole_ledger_in_any_order(
    kw: Kwargs, data: st.DataObject
) -> None:
    book = attempt(make_book, kw)
    if not isinstance(book, BudgetBook):
        return  # an opening entry without a budget rate: test 1 covers the refusal
    opening = list(kw["ledger"])
    later = data.draw(fresh_entries(opening), label="later")
    docs = data.draw(documents(later), label="documents")
    whole = (*opening, *later)
    expected = attempt(one_shot, kw, ledger=whole)
    failed = attempt(post_all, book, docs)
    if failed is not None:
        # A later entry without a budget rate: check_budget refuses the whole ledger too.
        assert failed[0] is CurrencyMismatchError
        assert expected[0] is CurrencyMismatchError
        return
    request, day, roles = kw["request"], kw["as_of"], kw["roles"]
    assert attempt(book.check, request, as_of=day, roles=roles) == expected
    if isinstance(expected, BudgetCheck):
        assert book.decide(request, as_of=day, roles=roles) == expected.decision
    assert len(book) == len(whole)
    assert tuple(book.ledger()) == whole
    line = data.draw(st.integers(0, len(request.lines) - 1), label="line")
    assert attempt(book.headroom, request, as_of=day, line=line, roles=roles) == attempt(
        headroom, request, ledger=whole, line=line, **setup(kw)
    )
    # Order: the same documents posted one entry at a time in a shuffled order.
    # Requests without `relieves` only: relief allocation across commitments of
    # one reference dated the same day follows posting order (oldest posted
    # first), and converted relieved amounts are rounded per entry, so a
    # relieving request may legitimately see other figures.
    shuffled = data.draw(st.permutations(later), label="shuffled")
    other = make_book(kw)
    for entry in shuffled:
        other.post(entry)
    plain = attrs.evolve(request, relieves=())
    expected = attempt(one_shot, kw, plain, ledger=whole)
    assert attempt(other.check, plain, as_of=day, roles=roles) == expected
    assert attempt(book.check, plain, as_of=day, roles=roles) == expected
    if isinstance(expected, BudgetCheck):
        assert other.decide(plain, as_of=day, roles=roles) == expected.decision


# --------------------------------------------------------------------------- 3. reserve == what_if


def reserve_all(book: BudgetBook, drafts: list[SpendRequest], **kwargs: Any) -> tuple[Any, ...]:
    return tuple(book.reserve(draft, **kwargs) for draft in drafts)


@settings(max_examples=50)
@given(any_worlds, st.data())
def test_reserving_in_order_equals_what_if(kw: Kwargs, data: st.DataObject) -> None:
    book = attempt(make_book, kw)
    if not isinstance(book, BudgetBook):
        return
    opening = list(kw["ledger"])
    later = data.draw(fresh_entries(opening, max_size=3), label="later")
    if attempt(post_all, book, [[entry] for entry in later]) is not None:
        return  # a later entry without a budget rate (test 2)
    whole = (*opening, *later)
    drafts = data.draw(fresh_drafts(whole, kw["request"]), label="drafts")
    probe = data.draw(requests, label="probe")
    day, roles = kw["as_of"], kw["roles"]

    def fresh() -> BudgetBook:
        made = make_book(kw)
        post_all(made, [[entry] for entry in later])
        return made

    expected = attempt(what_if, drafts, ledger=whole, **setup(kw))
    reserved = fresh()
    got = attempt(reserve_all, reserved, drafts, as_of=day, roles=roles)
    trial = fresh()
    before = trial.snapshot()
    assert attempt(trial.what_if, drafts, as_of=day, roles=roles) == expected
    assert trial.snapshot() == before
    if not isinstance(expected, WhatIf):
        # A check without a budget rate on a zero budget key raises, as check_budget does.
        assert got == expected
        return
    assert got == expected.checks
    assert tuple(iter_what_if(drafts, ledger=whole, **setup(kw))) == expected.checks
    passed = [check.decision is not FundsDecision.BLOCKED for check in expected.checks]
    assert len(reserved) == len(whole) + sum(
        len(draft.lines) for draft, ok in zip(drafts, passed, strict=True) if ok
    )

    fast = fresh()
    decisions = attempt(reserve_all, fast, drafts, as_of=day, roles=roles, explain=False)
    assert decisions == tuple(check.decision for check in expected.checks)
    assert fast.snapshot() == reserved.snapshot()
    assert attempt(fast.check, probe, as_of=day, roles=roles) == attempt(
        reserved.check, probe, as_of=day, roles=roles
    )

    assert len(trial) == len(whole)
    assert attempt(trial.check, probe, as_of=day, roles=roles) == attempt(
        one_shot, kw, probe, whole
    )
    assert trial.what_if(drafts, as_of=day, roles=roles, commit=True) == expected
    assert trial.snapshot() == reserved.snapshot()
    assert attempt(trial.check, probe, as_of=day, roles=roles) == attempt(
        reserved.check, probe, as_of=day, roles=roles
    )


# --------------------------------------------------------------------------- 4. snapshots


@settings(max_examples=50)
@given(
    any_worlds,
    st.lists(operations, max_size=8),
    st.lists(requests, min_size=1, max_size=3),
    operations,
)
def test_a_snapshot_rebuilds_the_same_book(
    kw: Kwargs,
    steps: list[tuple[Any, ...]],
    probes: list[SpendRequest],
    last: tuple[Any, ...],
) -> None:
    book = attempt(make_book, kw)
    if not isinstance(book, BudgetBook):
        return
    day, roles = kw["as_of"], kw["roles"]
    for step in steps:
        before, count = book.snapshot(), len(book)
        probe_before = attempt(book.check, probes[0], as_of=day, roles=roles)
        outcome = attempt(apply, book, step, day, roles)
        if outcome is not None:
            # A refused operation changes nothing.
            assert book.snapshot() == before
            assert len(book) == count
            assert attempt(book.check, probes[0], as_of=day, roles=roles) == probe_before
    text = book.snapshot()
    copy = rebuild(book, kw, text)
    assert copy.snapshot() == text
    assert len(copy) == len(book)
    assert tuple(copy.ledger()) == tuple(book.ledger())
    for probe in (*probes, kw["request"]):
        assert attempt(copy.check, probe, as_of=day, roles=roles) == attempt(
            book.check, probe, as_of=day, roles=roles
        )
        assert attempt(copy.decide, probe, as_of=day, roles=roles) == attempt(
            book.decide, probe, as_of=day, roles=roles
        )
    # The relief state is rebuilt too: one more operation leaves both books alike.
    outcomes = [attempt(apply, each, last, day, roles) for each in (book, copy)]
    assert outcomes[0] == outcomes[1]
    assert copy.snapshot() == book.snapshot()
    assert attempt(copy.check, probes[-1], as_of=day, roles=roles) == attempt(
        book.check, probes[-1], as_of=day, roles=roles
    )


# --------------------------------------------------------------------------- 5. explicit rows


def budget(amount: str = "100", account: str = "6100") -> Budget:
    return Budget(account, D(amount), "USD", *FY26)


def entry(
    amount: str, reference: str = "", stage: Stage = Stage.ACTUAL, currency: str = "USD"
) -> LedgerEntry:
    return LedgerEntry("6100", stage, D(amount), currency, DAY, reference=reference)


def draft(amount: str, reference: str = "", **kwargs: Any) -> SpendRequest:
    return SpendRequest((SpendLine("6100", D(amount), "USD"),), DAY, reference=reference, **kwargs)


def simple_book(*ledger: LedgerEntry, **kwargs: Any) -> BudgetBook:
    return BudgetBook([budget()], policy=ControlPolicy(), ledger=ledger, **kwargs)


def after(book: BudgetBook, amount: str = "10") -> Decimal:
    return book.check(draft(amount), as_of=DAY).lines[0].available_after


def test_a_posted_reference_is_refused_at_its_stage_only() -> None:
    book = simple_book()
    book.post(entry("30", "PI-7"))
    with pytest.raises(InvalidInputError) as caught:
        book.post(entry("30", "PI-7"))
    assert (caught.value.field, caught.value.value) == ("entry.reference", "PI-7")
    assert "not yet posted at stage actual" in str(caught.value)
    # 100 - 30 (PI-7 once) - 10 (the request) = 60
    assert after(book) == D("60.00")
    book.post(entry("5", "PI-7", Stage.ORDER))  # the same reference at another stage
    assert after(book) == D("55.00")  # 100 - 30 - 5 - 10
    assert len(book) == 2


def test_an_opening_reference_counts_as_posted() -> None:
    book = simple_book(entry("20", "PI-1"), entry("10", "PI-1"))  # one document, two lines
    with pytest.raises(InvalidInputError, match=r"entry\.reference") as caught:
        book.post([entry("1", "PI-2"), entry("1", "PI-1")])  # refused whole: PI-2 not posted
    assert caught.value.value == "PI-1"
    assert len(book) == 2
    assert after(book) == D("60.00")  # 100 - (20 + 10) - 10
    book.post(entry("1", "PI-2"))
    assert after(book) == D("59.00")


def test_a_document_of_several_lines_posts_in_one_call() -> None:
    book = simple_book()
    lines = (entry("10", "D-1"), entry("20", "D-1"), entry("5"))
    book.post(iter(lines))  # any iterable is one document
    assert len(book) == 3
    assert tuple(book.ledger()) == lines
    assert after(book, "5") == D("60.00")  # 100 - 10 - 20 - 5 - 5
    with pytest.raises(InvalidInputError, match="D-1"):
        book.post(entry("1", "D-1"))
    book.post([entry("2"), entry("3")])  # entries without a reference are never refused
    book.post(())  # an empty document posts nothing
    assert len(book) == 5
    assert after(book, "5") == D("55.00")  # 60 - 2 - 3


def test_a_correction_amends_a_posted_reference_only() -> None:
    book = simple_book(entry("30", "PO-9", Stage.ORDER))
    book.post(entry("30", "PI-7"))
    assert after(book, "60") == D("-20.00")  # 100 - 30 - 30 - 60
    book.post(entry("-30", "PI-7"), correction=True)  # the invoice cancelled
    book.post(entry("-10", "PO-9", Stage.ORDER), correction=True)  # an opening order reduced
    assert after(book, "60") == D("20.00")  # 100 - 0 - 20 - 60
    book.post(entry("5", "PI-7"), correction=True)  # corrected again
    assert after(book, "60") == D("15.00")
    for bad in (entry("1", "PI-9"), entry("1", "PO-9"), entry("1")):
        count, text = len(book), book.snapshot()
        with pytest.raises(InvalidInputError) as caught:
            book.post(bad, correction=True)
        assert (caught.value.field, caught.value.value) == ("entry.reference", bad.reference)
        assert (len(book), book.snapshot()) == (count, text)
    with pytest.raises(InvalidInputError, match="a correction amends"):
        book.post(entry("1", "PI-9"), correction=True)
    with pytest.raises(InvalidInputError, match="the reference of the document"):
        book.post(entry("1"), correction=True)


def test_commit_and_reserve_refuse_a_posted_reference() -> None:
    book = simple_book(entry("10", "PO-1", Stage.ORDER))
    text = book.snapshot()
    with pytest.raises(InvalidInputError) as caught:
        book.commit(draft("5", "PO-1"))  # an order: the default stage
    assert (caught.value.field, caught.value.value) == ("entry.reference", "PO-1")
    with pytest.raises(InvalidInputError, match=r"entry\.reference"):
        book.reserve(draft("5", "PO-1"), as_of=DAY)
    with pytest.raises(InvalidInputError, match=r"entry\.reference"):
        book.reserve(draft("5", "PO-1"), as_of=DAY, explain=False)
    assert book.snapshot() == text
    book.commit(draft("5", "PO-1", stage=Stage.ACTUAL))  # another stage
    book.commit(draft("5", "PO-2"))
    with pytest.raises(InvalidInputError, match="PO-2"):
        book.post(entry("1", "PO-2", Stage.ORDER))  # committed counts as posted
    assert len(book) == 3
    assert after(book) == D("70.00")  # 100 - 10 - 5 - 5 - 10


def test_commit_posts_the_request_and_relieves_what_it_names() -> None:
    book = simple_book(entry("40", "PO-1", Stage.ORDER))
    invoice = draft("25", "PI-1", stage=Stage.ACTUAL, relieves=("PO-1",))
    book.commit(invoice)
    # The invoice relieves 25 of the order: order open 15, actual 25, consumed 40.
    assert book.check(draft("10"), as_of=DAY).lines[0].consumed == D("40.00")
    assert tuple(book.ledger())[-1] == LedgerEntry(
        "6100", Stage.ACTUAL, D("25"), "USD", DAY, reference="PI-1"
    )
    # A second invoice relieves only what is still open (15).
    second = draft("20", "PI-2", stage=Stage.ACTUAL, relieves=("PO-1",))
    check = book.check(second, as_of=DAY)
    assert check.relieved[0].amount == D("15")
    assert check == check_budget(
        second,
        budgets=[budget()],
        ledger=[entry("15", "PO-1", Stage.ORDER), entry("25", "PI-1")],
        policy=ControlPolicy(),
        as_of=DAY,
    )


def test_a_post_without_a_budget_rate_posts_nothing() -> None:
    book = simple_book(entry("10"))
    text, check = book.snapshot(), book.check(draft("10"), as_of=DAY)
    with pytest.raises(CurrencyMismatchError) as caught:
        book.post([entry("5", "X-1"), entry("5", "X-1", currency="EUR")])
    assert "entry[1].currency" in str(caught.value)
    assert len(book) == 1
    assert book.snapshot() == text
    assert book.check(draft("10"), as_of=DAY) == check
    book.post([entry("5", "X-1")])  # the reference was not taken by the refused document
    # A euro entry on an account no budget controls consumes nothing and is accepted.
    book.post(LedgerEntry("7000", Stage.ACTUAL, D(5), "EUR", DAY))
    assert len(book) == 3
    assert after(book) == D("75.00")  # 100 - 10 - 5 - 10
    # With a budget rate it converts: 10 EUR x 1.30 = 13 USD; 100 - 10 - 13 - 10 = 67.
    rated = simple_book(entry("10"), rates=RATES)
    rated.post(entry("10", currency="EUR"))
    assert after(rated) == D("67.00")


def test_an_opening_ledger_without_a_budget_rate_is_refused_as_by_check_budget() -> None:
    ledger = [entry("5", currency="EUR")]
    with pytest.raises(CurrencyMismatchError) as by_book:
        simple_book(*ledger)
    with pytest.raises(CurrencyMismatchError) as by_check:
        check_budget(
            draft("1"), budgets=[budget()], ledger=ledger, policy=ControlPolicy(), as_of=DAY
        )
    assert str(by_book.value) == str(by_check.value)


def snapshot_of(book: BudgetBook, **changes: Any) -> str:
    document = json.loads(book.snapshot())
    document.update(changes)
    return json.dumps(document)


def rebuilt(text: str, policy: ControlPolicy | None = None) -> BudgetBook:
    return BudgetBook.from_snapshot(text, [budget()], policy=policy or ControlPolicy())


@pytest.mark.parametrize(
    ("change", "field", "value"),
    [
        ({"format": "other"}, "snapshot.format", "other"),
        ({"version": SNAPSHOT_VERSION + 1}, "snapshot.version", SNAPSHOT_VERSION + 1),
        ({"rule": "budget-check/0"}, "snapshot.rule", "budget-check/0"),
        ({"journal": [{"bogus": 1}]}, "snapshot.journal[0]", {"bogus": 1}),
        (
            {"journal": [{"post": [], "correction": "no"}]},
            "snapshot.journal[0]",
            {"post": [], "correction": "no"},
        ),
        ({"journal": ["post"]}, "snapshot.journal[0]", "post"),
        ({"journal": {"post": []}}, "snapshot", "{...}"),
        ({"opening": {}}, "snapshot", "{...}"),
    ],
)
def test_a_snapshot_that_does_not_fit_is_refused(
    change: dict[str, Any], field: str, value: Any
) -> None:
    book = simple_book(entry("10", "PI-1"))
    book.post(entry("5"))
    with pytest.raises(InvalidInputError) as caught:
        rebuilt(snapshot_of(book, **change))
    assert (caught.value.field, caught.value.value) == (field, value)


def test_snapshot_refusals_of_text_policy_and_replay() -> None:
    book = simple_book(entry("10", "PI-1"))
    with pytest.raises(JSONInputError):
        rebuilt("{not json")
    with pytest.raises(InvalidInputError) as caught:
        rebuilt("[1, 2]")
    assert (caught.value.field, caught.value.value) == ("snapshot.format", "list")
    strict = ControlPolicy(rollup="per_node")
    with pytest.raises(InvalidInputError) as caught:
        rebuilt(book.snapshot(), strict)
    assert caught.value.field == "snapshot.fingerprint"
    assert caught.value.value == json.loads(book.snapshot())["fingerprint"]
    with pytest.raises(InvalidInputError, match=r"snapshot\.fingerprint"):
        BudgetBook.from_snapshot(book.snapshot(), [budget("101")], policy=ControlPolicy())
    with pytest.raises(InvalidInputError, match=r"snapshot\.fingerprint"):
        BudgetBook.from_snapshot(book.snapshot(), [budget()], policy=ControlPolicy(), rates=RATES)
    # A journal that replays a posted reference names its step.
    step = {
        "post": [json.loads(json.dumps(unstructure(entry("1", "PI-1"))))],
        "correction": False,
    }
    with pytest.raises(InvalidInputError) as caught:
        rebuilt(snapshot_of(book, journal=[step]))
    assert (caught.value.field, caught.value.value) == (
        "snapshot.journal[0].entry.reference",
        "PI-1",
    )
    with pytest.raises(JSONInputError):
        rebuilt(snapshot_of(book, journal=[{"post": [{"account": 1}], "correction": False}]))


def test_a_snapshot_round_trips_posts_commits_and_corrections() -> None:
    hierarchy = Hierarchy("cost_center", {"CC-11": "CC-1"})
    book = BudgetBook(
        [budget()],
        policy=ControlPolicy(),
        ledger=[entry("10", "PO-1", Stage.ORDER)],
        hierarchy=hierarchy,
        rates=RATES,
    )
    book.post(entry("3", "PI-0"))
    book.post(entry("-3", "PI-0"), correction=True)
    book.commit(draft("4", "PI-1", stage=Stage.ACTUAL, relieves=("PO-1",)))
    assert book.reserve(draft("500", "PO-2"), as_of=DAY, explain=False) is FundsDecision.BLOCKED
    text = book.snapshot()
    document = json.loads(text)
    assert (document["format"], document["version"]) == (SNAPSHOT_FORMAT, SNAPSHOT_VERSION)
    assert [sorted(step) for step in document["journal"]] == [
        ["correction", "post"],
        ["correction", "post"],
        ["commit"],
    ]
    copy = BudgetBook.from_snapshot(
        text, [budget()], policy=ControlPolicy(), hierarchy=[hierarchy], rates=iter(RATES)
    )
    assert copy.snapshot() == text
    # open order 10 - 4 = 6, actual 4 (PI-0 cancelled): 100 - 6 - 4 - 10 = 80
    assert after(copy) == after(book) == D("80.00")


def test_type_errors() -> None:
    book = simple_book()
    with pytest.raises(TypeError, match="entry must be a sequence, not str"):
        book.post("PI-1")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"entry\[1\] must be a LedgerEntry, not str"):
        book.post([entry("1"), "PI-1"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match="correction must be a bool, not int"):
        book.post(entry("1"), correction=1)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="commit must be a bool, not str"):
        book.what_if([draft("1")], as_of=DAY, commit="yes")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="request must be a SpendRequest"):
        book.check("PO-1", as_of=DAY)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="request must be a SpendRequest"):
        book.commit(entry("1"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="policy must be a ControlPolicy"):
        BudgetBook([budget()], policy={})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"ledger\[0\] must be a LedgerEntry"):
        BudgetBook([budget()], policy=ControlPolicy(), ledger=["x"])  # type: ignore[list-item]
    with pytest.raises(TypeError, match=r"hierarchies\[0\] must be a Hierarchy"):
        BudgetBook([budget()], policy=ControlPolicy(), hierarchy=["x"])  # type: ignore[list-item]
    assert len(book) == 0


def test_what_if_with_a_bad_draft_leaves_the_book_unchanged() -> None:
    book = simple_book(entry("10"))
    text = book.snapshot()
    with pytest.raises(TypeError, match="request must be a SpendRequest"):
        book.what_if([draft("5", "PO-1"), "PO-2"], as_of=DAY)  # type: ignore[list-item]
    assert book.snapshot() == text
    assert after(book) == D("80.00")  # 100 - 10 - 10: the first draft's reservation undone


def test_what_if_that_commits_and_fails_leaves_the_book_unchanged() -> None:
    # A regression row: an earlier what_if(commit=True) kept the drafts reserved
    # before a draft that raised (found by test_a_snapshot_rebuilds_the_same_book
    # with a zero-budget check raising CurrencyMismatchError).
    # The first draft passes (5 <= 100) and is reserved; the second is not a
    # request and raises TypeError. The caller gets no WhatIf, so cannot know
    # what was reserved: like post (a refused document posts nothing) and like
    # what_if without commit, the book is as before (len 0, consumed 0).
    book = simple_book()
    with pytest.raises(TypeError, match="request must be a SpendRequest"):
        book.what_if([draft("5", "PO-1"), "PO-2"], as_of=DAY, commit=True)  # type: ignore[list-item]
    assert (len(book), book.check(draft("5"), as_of=DAY).lines[0].consumed) == (0, D("0.00"))


def test_len_ledger_repr_policy_and_budgets() -> None:
    opening = (entry("10", "PO-1", Stage.ORDER), entry("5"))
    policy = ControlPolicy(override_roles=("cfo",))
    book = BudgetBook([budget(), budget("50", "6200")], policy=policy, ledger=iter(opening))
    assert (len(book), tuple(book.ledger())) == (2, opening)
    assert repr(book) == "BudgetBook(2 budgets, 2 ledger entries)"
    book.post(entry("1"))
    two = SpendRequest(
        (SpendLine("6100", D(3), "USD"), SpendLine("6200", D(4), "USD")), DAY, reference="PO-2"
    )
    assert book.reserve(two, as_of=DAY).decision is FundsDecision.PASS
    assert len(book) == 5
    assert repr(book) == "BudgetBook(2 budgets, 5 ledger entries)"
    assert tuple(book.ledger())[2:] == (
        entry("1"),
        LedgerEntry("6100", Stage.ORDER, D(3), "USD", DAY, reference="PO-2"),
        LedgerEntry("6200", Stage.ORDER, D(4), "USD", DAY, reference="PO-2"),
    )
    assert book.policy is policy
    assert book.budgets == (budget(), budget("50", "6200"))


def test_reserve_blocks_without_committing_and_warns_with_committing() -> None:
    book = simple_book(entry("90"))
    blocked = book.reserve(draft("20", "PO-1"), as_of=DAY)  # 90 + 20 = 110 > 100
    assert blocked.decision is FundsDecision.BLOCKED
    assert len(book) == 1
    assert book.reserve(draft("10", "PO-1"), as_of=DAY).decision is FundsDecision.PASS  # = 100
    assert len(book) == 2
    assert after(book, "0.01") == D("-0.01")


def test_book_headroom_equals_headroom_and_checks_its_line() -> None:
    ledger = [entry("80"), entry("5", "PO-1", Stage.ORDER)]
    book = simple_book(*ledger)
    book.post(entry("7", "PI-3"))
    request = SpendRequest(
        (SpendLine("6100", D(1), "USD"), SpendLine("6100", D(2), "USD")), DAY, reference="PO-9"
    )
    for line in (0, 1):
        room = book.headroom(request, as_of=DAY, line=line)
        assert room == headroom(
            request,
            budgets=[budget()],
            ledger=[*ledger, entry("7", "PI-3")],
            policy=ControlPolicy(),
            as_of=DAY,
            line=line,
        )
    # 100 - 80 - 5 - 7 - 2 (the other line) = 6
    assert book.headroom(request, as_of=DAY).amount == D("6.00")
    for bad in (2, -1):
        with pytest.raises(InvalidInputError) as caught:
            book.headroom(request, as_of=DAY, line=bad)
        assert (caught.value.field, caught.value.value) == ("line", bad)
    for bad in (True, "0"):
        with pytest.raises(TypeError, match="line must be an int"):
            book.headroom(request, as_of=DAY, line=bad)  # type: ignore[arg-type]
    assert len(book) == 3


def test_fast_reserve_passes_a_follow_on_within_its_commitment() -> None:
    # A regression row: an earlier reserve(explain=False) evaluated without the
    # relief plan and blocked this invoice.
    # Budget 100; open order PO-1 50 and actuals 60 already push it to 110.
    # The invoice of 50 relieves PO-1 and stays within it: it adds no consumption
    # and passes (BUDGET.WITHIN_COMMITMENT), as check_budget, check, decide and
    # reserve() say; reserve(explain=False) too, not counting 60 + 50 = 110 > 100.
    ledger = [entry("50", "PO-1", Stage.ORDER), entry("60")]
    invoice = draft("50", "PI-1", stage=Stage.ACTUAL, relieves=("PO-1",))
    spec = check_budget(
        invoice, budgets=[budget()], ledger=ledger, policy=ControlPolicy(), as_of=DAY
    )
    assert spec.decision is FundsDecision.PASS
    assert spec.lines[0].within_commitment
    assert simple_book(*ledger).decide(invoice, as_of=DAY) is FundsDecision.PASS
    assert simple_book(*ledger).reserve(invoice, as_of=DAY).decision is FundsDecision.PASS
    fast = simple_book(*ledger)
    assert fast.reserve(invoice, as_of=DAY, explain=False) is FundsDecision.PASS


def test_the_fast_path_lets_only_an_override_role_override() -> None:
    # A regression row: an earlier fast path (decide, reserve(explain=False))
    # turned a block into a warning for any role and reserved the order.
    # Budget 100, nothing consumed, an order of 150: 150 > 100 blocks. The policy
    # names no override role, so the role "owner" overrides nothing: check_budget
    # and check say blocked, and so must decide and reserve(explain=False).
    order = draft("150", "PO-1")
    spec = check_budget(
        order, budgets=[budget()], ledger=[], policy=ControlPolicy(), as_of=DAY, roles=["owner"]
    )
    assert spec.decision is FundsDecision.BLOCKED
    book = simple_book()
    assert book.check(order, as_of=DAY, roles=["owner"]).decision is FundsDecision.BLOCKED
    assert book.reserve(order, as_of=DAY, roles=["owner"]).decision is FundsDecision.BLOCKED
    results = (
        book.decide(order, as_of=DAY, roles=["owner"]),
        book.reserve(order, as_of=DAY, roles=["owner"], explain=False),
        len(book),
    )
    assert results == (FundsDecision.BLOCKED, FundsDecision.BLOCKED, 0)


def test_evaluate_purchase_reads_the_funds_of_the_book() -> None:
    matrix = ApprovalMatrix(
        (ApprovalLevel("manager", roles=("manager",)),), (ApprovalBand("manager", 50),), "USD"
    )
    book = simple_book(entry("30", "PO-1", Stage.ORDER))
    book.post(entry("40", "PI-1"))
    order = draft("20", "PO-2", requester="ann", supplier="ACME")
    decision = book.evaluate_purchase(order, matrix=matrix, as_of=DAY)
    # Funds: 100 - 30 - 40 - 20 = 10 left, passes; the route: 20 < 50, no approval.
    assert decision.funds.lines[0].available_after == D("10.00")
    assert decision.verdict is Verdict.GO
    book.commit(draft("15", "PO-3"))
    # 100 - 30 - 40 - 15 - 20 = -5: blocked.
    blocked = book.evaluate_purchase(order, matrix=matrix, as_of=DAY)
    assert blocked.funds.lines[0].available_after == D("-5.00")
    assert blocked.verdict is Verdict.BLOCKED
    assert blocked == evaluate_purchase(
        order,
        budgets=[budget()],
        ledger=[
            entry("30", "PO-1", Stage.ORDER),
            entry("40", "PI-1"),
            entry("15", "PO-3", Stage.ORDER),
        ],
        policy=ControlPolicy(),
        matrix=matrix,
        as_of=DAY,
    )
    assert len(book) == 3


@pytest.mark.parametrize("listed_first", [True, False])
def test_a_fast_reserved_order_is_listed_and_relieved_as_a_committed_one(
    listed_first: bool,
) -> None:
    # reserve(explain=False) keeps the order's entry unbuilt until it is listed or relieved;
    # either way the book equals one built from the same ledger (check_budget's view).
    order = draft("40", "PO-9")
    fast = simple_book(entry("30"))
    assert fast.reserve(order, as_of=DAY, explain=False) is FundsDecision.PASS
    expected_entry = LedgerEntry("6100", Stage.ORDER, D("40"), "USD", DAY, reference="PO-9")
    invoice = draft("25", "PI-9", stage=Stage.ACTUAL, relieves=("PO-9",))
    if listed_first:
        assert tuple(fast.ledger())[-1] == expected_entry
    spec = check_budget(
        invoice,
        budgets=[budget()],
        ledger=[entry("30"), expected_entry],
        policy=ControlPolicy(),
        as_of=DAY,
    )
    assert fast.check(invoice, as_of=DAY) == spec
    # 100 - 30 actual - 40 open order: the invoice of 25 is within the order's 40
    assert spec.lines[0].within_commitment
    assert tuple(fast.ledger()) == (entry("30"), expected_entry)
