"""The budget book: a live funds state that checks and posts in constant time (private).

A [`BudgetBook`][spendrules.budget.BudgetBook] indexes its budgets once (phasing computed once per
budget, matching by account and dimension cells) and keeps the consumption per
budget, node, period and stage as running totals that every posting updates.
A check reads those totals; it never rebuilds them. The one-shot functions
([`check_budget`][spendrules.budget.check_budget], [`headroom`][spendrules.budget.headroom],
[`what_if`][spendrules.budget.what_if]) build a book and answer once, so a book and
the one-shot forms give the same numbers by construction.

References:
    SAP FM availability control (the "funds management" ledger of consumed
    amounts per budget address, updated by every posting); Oracle Fusion
    budgetary control ("funds reservation" at each document event);
    ``../shared/SCALE.md`` principle 7.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
from collections.abc import Collection, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

import attrs

from spendrules._budget.approval_matrix import ApprovalMatrix
from spendrules._budget.engine import _Book, _items, _NodeKey
from spendrules._budget.evaluate import _quick_decision, _run
from spendrules._budget.headroom import _headroom
from spendrules._budget.line_checks import _check_request, _check_roles
from spendrules._budget.model import (
    Budget,
    BudgetRate,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    SpendRequest,
    Stage,
)
from spendrules._budget.policy import ControlPolicy, FundsDecision
from spendrules._budget.relief import NOTHING, RELIEVABLE, Plan, Slot, line_entry
from spendrules._budget.relief import plan as plan_relief
from spendrules._budget.results import BudgetCheck, Headroom, WhatIf
from spendrules._budget.splits import NearUpper, SplitKey, Transaction
from spendrules._checks import check_date
from spendrules.errors import InvalidInputError
from spendrules.results import Reason
from spendrules.serialization import _read_json, structure, unstructure

if TYPE_CHECKING:
    from spendrules._budget.decision import ApprovedSuppliers, PurchaseDecision

__all__ = ["SNAPSHOT_FORMAT", "SNAPSHOT_VERSION", "BudgetBook"]

#: The ``format`` field of a snapshot.
SNAPSHOT_FORMAT = "spendrules.budget_book"
#: The version of the snapshot layout; a snapshot of another version is refused.
SNAPSHOT_VERSION = 1

_CALENDAR = FiscalCalendar()
_CHECK_RULE = str(attrs.fields(BudgetCheck).rule.default)
#: Read once: reading a member off its enum class is slow on a hot path.
_BLOCKED = FundsDecision.BLOCKED


def _hierarchies(value: Hierarchy | Iterable[Hierarchy] | None) -> tuple[Hierarchy, ...]:
    if value is None:
        return ()
    if isinstance(value, Hierarchy):
        return (value,)
    return tuple(_items(value, "hierarchy"))


def _entries(value: LedgerEntry | Iterable[LedgerEntry]) -> tuple[LedgerEntry, ...]:
    """One document: a ledger entry, or a sequence of them."""
    if isinstance(value, LedgerEntry):
        return (value,)
    entries = tuple(_items(value, "entry"))
    for position, entry in enumerate(entries):
        if not isinstance(entry, LedgerEntry):
            raise TypeError(f"entry[{position}] must be a LedgerEntry, not {type(entry).__name__}")
    return entries


def _request_entries(request: SpendRequest) -> tuple[LedgerEntry, ...]:
    """The ledger entries of a request's lines, at its stage, date and reference."""
    return tuple([line_entry(request, line) for line in request.lines])


def _step_entries(step: _Posting) -> tuple[LedgerEntry, ...]:
    """A journal step's entries; a quick commit's are built when asked (see `_Posting`)."""
    if step.entries is not None:
        return step.entries
    assert step.request is not None  # noqa: S101 - only commits leave their entries unbuilt
    return tuple(
        [
            line_entry(step.request, line) if slot is None else slot.entry
            for line, slot in zip(step.request.lines, step.slots, strict=True)
        ]
    )


class _Posting(NamedTuple):
    """One step of the journal: a document posted, or a request committed with its relief."""

    #: None for a commit on the quick path: built from the request (or its slots) when asked,
    #: as most are never listed or undone.
    entries: tuple[LedgerEntry, ...] | None
    slots: tuple[Slot | None, ...]
    plan: Plan = NOTHING  # a commit's relief
    request: SpendRequest | None = None
    correction: bool = False
    new_reference: bool = False  # a commit that added its reference to the posted ones


def _posted_references(opening: Iterable[LedgerEntry]) -> dict[Stage, set[str]]:
    """Per stage, the references posted (a reference is unique within its stage)."""
    posted: dict[Stage, set[str]] = {stage: set() for stage in Stage}
    for entry in opening:
        if entry.reference:
            posted[entry.stage].add(entry.reference)
    return posted


class BudgetBook:
    """Budgets, a control policy and a live ledger: check, post and reserve without rebuilding.

    The book indexes the budgets once and keeps the consumption of every
    budget per period and stage as running totals. `check` answers
    exactly what [`check_budget`][spendrules.budget.check_budget] answers on the same
    budgets, policy and ledger (the opening ledger plus everything posted or
    committed since), and never changes the book; `post` adds ledger
    entries from anywhere (an order placed elsewhere, an AP invoice, a
    cancellation) without checking them; `reserve` checks a request and
    commits it when it passes. The order of postings never changes a total.

    Args:
        budgets: The budgets (as for [`check_budget`][spendrules.budget.check_budget]).
        policy: The [`ControlPolicy`][spendrules.budget.ControlPolicy].
        ledger: The opening ledger, counted as ``check_budget`` counts its
            ``ledger`` (entries of one document may share a reference).
        hierarchy: A [`Hierarchy`][spendrules.budget.Hierarchy], or several (one per
            dimension), or None.
        rates: Budget exchange rates ([`BudgetRate`][spendrules.budget.BudgetRate]), or None.
        calendar: The fiscal calendar (default: years starting 1 January).
        rounding: As for [`check_budget`][spendrules.budget.check_budget].

    Raises:
        TypeError, InvalidInputError, CurrencyMismatchError: as for
            [`check_budget`][spendrules.budget.check_budget].

    Examples:
        >>> import datetime as dt
        >>> from decimal import Decimal
        >>> from spendrules.budget import Budget, ControlPolicy, LedgerEntry, SpendLine, SpendRequest, Stage
        >>> book = BudgetBook([Budget("6100", Decimal("100"), "USD", dt.date(2026, 1, 1),
        ...                           dt.date(2026, 12, 31))], policy=ControlPolicy())
        >>> po = SpendRequest((SpendLine("6100", Decimal(60), "USD"),), dt.date(2026, 2, 1),
        ...                   reference="PO-1")
        >>> book.reserve(po, as_of=dt.date(2026, 2, 1)).decision.value
        'pass'
        >>> book.check(po, as_of=dt.date(2026, 2, 1)).lines[0].available_after
        Decimal('-20.00')

        An AP invoice posted from the ERP, then the same invoice again:

        >>> invoice = LedgerEntry("6100", Stage.ACTUAL, Decimal(30), "USD", dt.date(2026, 2, 3),
        ...                       reference="PI-7")
        >>> book.post(invoice)
        >>> book.post(invoice)
        Traceback (most recent call last):
        ...
        spendrules.errors.InvalidInputError: entry.reference must be a reference not yet posted at stage actual (correction=True amends a posted document): 'PI-7'
        >>> book.decide(po, as_of=dt.date(2026, 2, 3))
        <FundsDecision.BLOCKED: 'blocked'>
    """

    __slots__ = ("_budgets", "_engine", "_hierarchies", "_journal", "_opening", "_posted", "_rates")

    def __init__(
        self,
        budgets: Iterable[Budget],
        *,
        policy: ControlPolicy,
        ledger: Iterable[LedgerEntry] = (),
        hierarchy: Hierarchy | Iterable[Hierarchy] | None = None,
        rates: Iterable[BudgetRate] | None = None,
        calendar: FiscalCalendar = _CALENDAR,
        rounding: str = decimal.ROUND_HALF_UP,
    ) -> None:
        self._budgets = tuple(_items(budgets, "budgets"))
        self._hierarchies = _hierarchies(hierarchy)
        self._rates: tuple[BudgetRate, ...] = () if rates is None else tuple(_items(rates, "rates"))
        opening = list(_items(ledger, "ledger"))
        self._engine = _Book(
            self._budgets,
            opening,
            policy,
            calendar=calendar,
            hierarchies=self._hierarchies,
            rates=self._rates,
            rounding=rounding,
        )
        self._opening = opening
        self._journal: list[_Posting] = []
        self._posted = _posted_references(opening)

    @classmethod
    def _from_engine(cls, engine: _Book) -> BudgetBook:
        """A book around an engine a one-shot function built (not journaled)."""
        book = cls.__new__(cls)
        book._engine = engine
        book._budgets = ()
        book._hierarchies = ()
        book._rates = ()
        book._opening = []
        book._journal = []
        book._posted = _posted_references(())
        return book

    # -- reading ----------------------------------------------------------------

    @property
    def policy(self) -> ControlPolicy:
        """The control policy the book checks with."""
        return self._engine.policy

    @property
    def budgets(self) -> tuple[Budget, ...]:
        """The budgets, in the order given."""
        return self._budgets

    def __len__(self) -> int:
        """The number of ledger entries held: the opening ledger, posted and committed lines."""
        return len(self._opening) + sum(len(step.slots) for step in self._journal)

    def __repr__(self) -> str:
        return f"BudgetBook({len(self._budgets)} budgets, {len(self)} ledger entries)"

    def ledger(self) -> Iterator[LedgerEntry]:
        """Every ledger entry held, in the order it was posted (relief is not shown as entries)."""
        yield from self._opening
        for step in self._journal:
            yield from _step_entries(step)

    def check(
        self, request: SpendRequest, *, as_of: dt.date, roles: Collection[str] = ()
    ) -> BudgetCheck:
        """Check ``request`` against the book as it stands; the book does not change.

        The answer is exactly [`check_budget`][spendrules.budget.check_budget]'s on the
        same budgets, policy, hierarchies, rates and ledger (the opening ledger
        and everything posted or committed since).

        Args:
            request: The request to check.
            as_of: The day the check is made.
            roles: The roles of the person submitting.

        Returns:
            The [`BudgetCheck`][spendrules.budget.BudgetCheck].
        """
        checked = _check_request(request)
        day = check_date(as_of, "as_of")
        granted = _check_roles(roles)
        result, plan = _run(self._engine, checked, granted, day)
        self._engine.relieve(plan, undo=True)
        return result

    def decide(
        self, request: SpendRequest, *, as_of: dt.date, roles: Collection[str] = ()
    ) -> FundsDecision:
        """Only the decision of `check`, without building the explanation.

        For streams of checks where only the answer is read; `check`
        gives the same decision with its reasons.
        """
        checked = _check_request(request)
        day = check_date(as_of, "as_of")
        granted = _check_roles(roles)
        return self._decide(checked, granted, day)

    def _decide(
        self, request: SpendRequest, granted: tuple[str, ...], day: dt.date
    ) -> FundsDecision:
        engine = self._engine
        quick = _quick_decision(engine, request, granted)
        if quick is not None:
            return quick
        result, plan = _run(engine, request, granted, day)
        engine.relieve(plan, undo=True)
        return result.decision

    # -- posting ----------------------------------------------------------------

    def post(self, entry: LedgerEntry | Iterable[LedgerEntry], *, correction: bool = False) -> None:
        """Add one document to the ledger without checking it.

        Args:
            entry: A [`LedgerEntry`][spendrules.budget.LedgerEntry], or the entries of
                one document (several lines may share its reference).
            correction: False (default): a reference already posted at the same
                stage is refused, so a retried message is never counted twice.
                True: the document amends one already posted (a cancellation, a
                change); its reference must have been posted at that stage.

        Raises:
            TypeError: not a ledger entry.
            InvalidInputError: a reference already posted (or, for a correction,
                never posted); a correction without a reference.
            CurrencyMismatchError: an entry in a currency without a budget rate
                to a budget it consumes (nothing of the document is posted).
        """
        entries = _entries(entry)
        if not isinstance(correction, bool):
            raise TypeError(
                f"correction must be a bool, not {type(correction).__name__}: {correction!r}"
            )
        documents = {(item.reference, item.stage) for item in entries}
        for reference, stage in sorted(documents):
            self._check_reference(reference, stage, correction=correction)
        for position, item in enumerate(entries):
            self._engine.postable(item, f"entry[{position}]")
        slots = tuple(self._engine.add(item, "entry") for item in entries)
        if not correction:  # a correction's reference is posted already
            for reference, stage in documents:
                if reference:
                    self._posted[stage].add(reference)
        self._journal.append(_Posting(entries, slots, correction=correction))

    def _check_reference(self, reference: str, stage: Stage, *, correction: bool) -> None:
        posted = reference in self._posted[stage]
        if correction and not reference:
            raise InvalidInputError(
                "entry.reference", reference, "the reference of the document a correction amends"
            )
        if correction and not posted:
            raise InvalidInputError(
                "entry.reference",
                reference,
                f"a reference already posted at stage {stage.value} (a correction amends it)",
            )
        if reference and not correction and posted:
            raise InvalidInputError(
                "entry.reference",
                reference,
                f"a reference not yet posted at stage {stage.value} "
                "(correction=True amends a posted document)",
            )

    def commit(self, request: SpendRequest) -> None:
        """Post ``request`` as ledger entries and relieve what it names, without checking it.

        Each line becomes an entry at the request's stage, date and
        reference; the open commitments ``request.relieves`` names are
        relieved first, as `check` relieves them. Lines in a currency
        without a budget rate are not counted on that budget.

        Raises:
            TypeError: not a spend request.
            InvalidInputError: its reference already posted at its stage.
        """
        checked = _check_request(request)
        self._check_reference(checked.reference, checked.stage, correction=False)
        plan = self._relieve(checked)
        self._commit(checked, plan)

    def _relieve(self, request: SpendRequest) -> Plan:
        plan = plan_relief(self._engine.slots.by_reference, request)
        self._engine.relieve(plan)
        return plan

    def _commit(
        self,
        request: SpendRequest,
        plan: Plan,
        increments: list[tuple[tuple[int, _NodeKey], int]] | None = None,
    ) -> None:
        engine = self._engine
        entries: tuple[LedgerEntry, ...] | None
        if increments is None:
            entries = _request_entries(request)
            slots = tuple([engine.add(entry, "request", strict=False) for entry in entries])
        else:
            engine.apply(increments, request.stage, request.date)
            entries = None  # built when asked: _step_entries
            # every line shares the request's stage and reference
            if request.reference and request.stage in RELIEVABLE:
                slots = engine.slots.register_lines(request)
            else:
                slots = (None,) * len(request.lines)
        posted = self._posted[request.stage]
        # a what-if draft may reuse a reference; undoing it must not forget the first
        new_reference = bool(request.reference) and request.reference not in posted
        if new_reference:
            posted.add(request.reference)
        self._journal.append(
            _Posting(entries, slots, plan=plan, request=request, new_reference=new_reference)
        )

    def _rollback(self, mark: int) -> None:
        """Undo the journal back to its first ``mark`` steps (what-if and failed batches)."""
        journal = self._journal
        while len(journal) > mark:
            self._undo(journal.pop())

    def _undo(self, step: _Posting) -> None:
        request = step.request  # only commits are undone (what-if drafts)
        if request is not None and step.new_reference:
            self._posted[request.stage].discard(request.reference)
        for entry, slot in zip(reversed(_step_entries(step)), reversed(step.slots), strict=True):
            self._engine.remove(entry, slot)
        self._engine.relieve(step.plan, undo=True)

    @overload
    def reserve(
        self,
        request: SpendRequest,
        *,
        as_of: dt.date,
        roles: Collection[str] = (),
        explain: Literal[True] = True,
    ) -> BudgetCheck: ...

    @overload
    def reserve(
        self,
        request: SpendRequest,
        *,
        as_of: dt.date,
        roles: Collection[str] = (),
        explain: Literal[False],
    ) -> FundsDecision: ...

    def reserve(
        self,
        request: SpendRequest,
        *,
        as_of: dt.date,
        roles: Collection[str] = (),
        explain: bool = True,
    ) -> BudgetCheck | FundsDecision:
        """Check ``request`` and, when it passes (with or without a warning), commit it.

        A blocked request changes nothing (Oracle "Absolute"); one that passes
        with a warning is reserved (Oracle "Advisory still reserves funds").

        Args:
            request: The request.
            as_of: The day the check is made.
            roles: The roles of the person submitting.
            explain: True (default): return the [`BudgetCheck`][spendrules.budget.BudgetCheck];
                False: only its [`FundsDecision`][spendrules.budget.FundsDecision], without
                building the explanation.

        Raises:
            InvalidInputError: the request's reference already posted at its stage.
        """
        checked = _check_request(request)
        day = check_date(as_of, "as_of")
        granted = _check_roles(roles)
        self._check_reference(checked.reference, checked.stage, correction=False)
        return self._reserve(checked, granted, day, explain=explain)

    def _reserve(
        self, request: SpendRequest, granted: tuple[str, ...], day: dt.date, *, explain: bool
    ) -> BudgetCheck | FundsDecision:
        engine = self._engine
        if explain:
            result, plan = _run(engine, request, granted, day)
            decision = result.decision
        else:
            # Without a linear basis or zero budgets, the fast decision's own sums are the posting.
            increments: list[tuple[tuple[int, _NodeKey], int]] | None = (
                None if engine.linear or engine.zero else []
            )
            quick = _quick_decision(engine, request, granted, increments)
            if quick is None:
                result, plan = _run(engine, request, granted, day)
                decision, increments = result.decision, None
            else:
                plan, decision = NOTHING, quick
        if decision is _BLOCKED:
            engine.relieve(plan, undo=True)  # a blocked follow-on is not posted
        else:
            self._commit(request, plan, None if explain else increments)
        return result if explain else decision

    def what_if(
        self,
        requests: Iterable[SpendRequest],
        *,
        as_of: dt.date,
        roles: Collection[str] = (),
        commit: bool = False,
    ) -> WhatIf:
        """Check drafts in order, each seeing the earlier ones that passed reserved.

        As [`what_if`][spendrules.budget.what_if], on the book as it stands. The
        book is left as it was unless ``commit`` is True, in which case the
        drafts that passed stay reserved.
        """
        day = check_date(as_of, "as_of")
        granted = _check_roles(roles)
        if not isinstance(commit, bool):
            raise TypeError(f"commit must be a bool, not {type(commit).__name__}: {commit!r}")
        mark = len(self._journal)
        try:
            checks = tuple(self._stream(requests, granted, day))
        except BaseException:
            commit = False  # a batch that fails reserves nothing, even with commit=True
            raise
        finally:
            if not commit:
                self._rollback(mark)
        return _what_if(checks)

    def _stream(
        self, requests: Iterable[SpendRequest], granted: tuple[str, ...], day: dt.date
    ) -> Iterator[BudgetCheck]:
        for request in _items(requests, "requests"):
            result = self._reserve(_check_request(request), granted, day, explain=True)
            assert isinstance(result, BudgetCheck)  # noqa: S101 - explain=True
            yield result

    def headroom(
        self,
        request: SpendRequest,
        *,
        as_of: dt.date,
        line: int = 0,
        roles: Collection[str] = (),
    ) -> Headroom:
        """The largest amount line ``line`` could carry without being blocked, on the book as it stands.

        As [`headroom`][spendrules.budget.headroom]; the book does not change.
        """
        checked = _check_request(request)
        day = check_date(as_of, "as_of")
        granted = _check_roles(roles)
        return self._headroom(checked, line, granted, day)

    def _headroom(
        self, request: SpendRequest, line: int, granted: tuple[str, ...], day: dt.date
    ) -> Headroom:
        if isinstance(line, bool) or not isinstance(line, int):
            raise TypeError(f"line must be an int, not {type(line).__name__}: {line!r}")
        if not 0 <= line < len(request.lines):
            raise InvalidInputError(
                "line", line, f"an index of request.lines (0 to {len(request.lines) - 1})"
            )
        return _headroom(self._engine, request, line, granted, day)

    def evaluate_purchase(
        self,
        request: SpendRequest,
        *,
        matrix: ApprovalMatrix,
        as_of: dt.date,
        recent: Iterable[Transaction] = (),
        approved_suppliers: Iterable[ApprovedSuppliers] | None = None,
        split_window_days: int = 14,
        split_group_by: Iterable[SplitKey | str] = (SplitKey.REQUESTER, SplitKey.SUPPLIER),
        split_near_band: Decimal | int | None = Decimal("0.05"),
        split_near_upper: NearUpper | str = NearUpper.BELOW_APPROVAL,
        roles: Collection[str] = (),
    ) -> PurchaseDecision:
        """[`evaluate_purchase`][spendrules.budget.evaluate_purchase] with the funds checked on the book.

        The funds check is `check` (the book does not change); the route,
        split leads and supplier compliance are as for the one-shot function,
        with the book's budget rates and rounding.
        """
        from spendrules._budget.decision import (  # noqa: PLC0415 - it imports the one-shot functions, which import this module
            _check_purchase_options,
            _purchase_decision,
        )

        window, split_keys, near_upper = _check_purchase_options(
            request,
            matrix,
            split_window_days=split_window_days,
            split_group_by=split_group_by,
            split_near_band=split_near_band,
            split_near_upper=split_near_upper,
        )
        funds = self.check(request, as_of=as_of, roles=roles)
        return _purchase_decision(
            request,
            funds,
            matrix,
            rates=self._rates,
            rounding=self._engine.rounding,
            recent=recent,
            approved_suppliers=approved_suppliers,
            window=window,
            split_keys=split_keys,
            split_near_band=split_near_band,
            near_upper=near_upper,
        )

    # -- snapshots ----------------------------------------------------------------

    def snapshot(self) -> str:
        """The ledger state as JSON text, for `from_snapshot`.

        The snapshot holds the opening ledger and every posting and commit in
        order, the snapshot and rule versions, and a fingerprint of the
        budgets, policy, hierarchies, rates, calendar and rounding the book
        was built with.
        """
        steps: list[dict[str, Any]] = []
        for step in self._journal:
            if step.request is not None:
                steps.append({"commit": unstructure(step.request)})
            else:
                steps.append(
                    {
                        "post": [unstructure(entry) for entry in _step_entries(step)],
                        "correction": step.correction,
                    }
                )
        engine = self._engine
        document = {
            "format": SNAPSHOT_FORMAT,
            "version": SNAPSHOT_VERSION,
            "rule": _CHECK_RULE,
            "fingerprint": _fingerprint(
                self._budgets,
                engine.policy,
                self._hierarchies,
                self._rates,
                engine.calendar,
                engine.rounding,
            ),
            "opening": [unstructure(entry) for entry in self._opening],
            "journal": steps,
        }
        return json.dumps(document, separators=(",", ":"))

    @classmethod
    def from_snapshot(
        cls,
        snapshot: str,
        budgets: Iterable[Budget],
        *,
        policy: ControlPolicy,
        hierarchy: Hierarchy | Iterable[Hierarchy] | None = None,
        rates: Iterable[BudgetRate] | None = None,
        calendar: FiscalCalendar = _CALENDAR,
        rounding: str = decimal.ROUND_HALF_UP,
    ) -> BudgetBook:
        """Rebuild a book from `snapshot`, under the budgets and policy it was made with.

        The rebuilt book answers every check as the book that made the
        snapshot did, and its own snapshot is the same text.

        Raises:
            JSONInputError: the text is not JSON, or an entry in it does not
                read as a ledger entry or request.
            InvalidInputError: not a budget book snapshot; another snapshot or
                rule version; made under other budgets, policy, hierarchies,
                rates, calendar or rounding (its fingerprint differs).
        """
        document = _read_snapshot(snapshot)
        budgets = tuple(_items(budgets, "budgets"))
        hierarchies = _hierarchies(hierarchy)
        rates = () if rates is None else tuple(_items(rates, "rates"))
        expected = _fingerprint(budgets, policy, hierarchies, rates, calendar, rounding)
        if document.get("fingerprint") != expected:
            raise InvalidInputError(
                "snapshot.fingerprint",
                document.get("fingerprint"),
                f"{expected!r}, the fingerprint of the budgets, policy, hierarchies, rates, "
                "calendar and rounding given (the snapshot was made under others)",
            )
        book = cls(
            budgets,
            policy=policy,
            ledger=structure(document["opening"], list[LedgerEntry]),
            hierarchy=hierarchies,
            rates=rates,
            calendar=calendar,
            rounding=rounding,
        )
        for index, step in enumerate(document["journal"]):
            if "commit" in step:
                request = structure(step["commit"], SpendRequest)
                book._commit(request, book._relieve(request))
            else:
                entries = structure(step["post"], list[LedgerEntry])
                try:
                    book.post(entries, correction=step["correction"])
                except InvalidInputError as exc:
                    raise InvalidInputError(
                        f"snapshot.journal[{index}].{exc.field}", exc.value, exc.constraint
                    ) from None
        return book


def _fingerprint(  # noqa: PLR0917 - the six inputs of a book besides its ledger
    budgets: tuple[object, ...],
    policy: object,
    hierarchies: tuple[object, ...],
    rates: tuple[object, ...],
    calendar: object,
    rounding: object,
) -> str:
    """A SHA-256 of everything a book's answers depend on besides its ledger."""
    setup = {
        "budgets": [unstructure(budget) for budget in budgets],
        "policy": unstructure(policy),
        "hierarchies": [unstructure(item) for item in hierarchies],
        "rates": [unstructure(rate) for rate in rates],
        "calendar": unstructure(calendar),
        "rounding": str(rounding),
    }
    text = json.dumps(setup, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def _read_snapshot(snapshot: str) -> dict[str, Any]:
    document = _read_json(snapshot, "BudgetBook snapshot")
    if not isinstance(document, dict) or document.get("format") != SNAPSHOT_FORMAT:
        raise InvalidInputError(
            "snapshot.format",
            _format_of(document),
            f"the budget book snapshot format {SNAPSHOT_FORMAT!r}",
        )
    if document.get("version") != SNAPSHOT_VERSION:
        raise InvalidInputError(
            "snapshot.version", document.get("version"), f"snapshot version {SNAPSHOT_VERSION}"
        )
    if document.get("rule") != _CHECK_RULE:
        raise InvalidInputError(
            "snapshot.rule",
            document.get("rule"),
            f"the rule version of this spendrules ({_CHECK_RULE})",
        )
    _journal(document)
    return document


def _journal(document: dict[str, Any]) -> None:
    """Check the shape of a snapshot's ledger: the opening entries and the journal steps."""
    steps = document.get("journal")
    if not isinstance(steps, list) or not isinstance(document.get("opening"), list):
        raise InvalidInputError(
            "snapshot", "{...}", "an object with the lists 'opening' and 'journal'"
        )
    for index, step in enumerate(steps):
        commit = isinstance(step, dict) and set(step) == {"commit"}
        post = (
            isinstance(step, dict)
            and set(step) == {"post", "correction"}
            and isinstance(step["correction"], bool)
        )
        if not (commit or post):
            raise InvalidInputError(
                f"snapshot.journal[{index}]",
                step,
                "an object {'commit': request} or {'post': [entries], 'correction': bool}",
            )


def _format_of(document: object) -> object:
    return document.get("format") if isinstance(document, dict) else type(document).__name__


def _what_if(checks: tuple[BudgetCheck, ...]) -> WhatIf:
    warned = sum(check.decision is FundsDecision.PASS_WITH_WARNING for check in checks)
    blocked = sum(check.decision is FundsDecision.BLOCKED for check in checks)
    passed = len(checks) - warned - blocked
    reason = Reason.of(
        "BUDGET.WHAT_IF",
        f"{len(checks)} drafts checked in order with earlier passes reserved: {passed} pass, "
        f"{warned} pass with a warning, {blocked} blocked.",
        passed=passed,
        warned=warned,
        blocked=blocked,
    )
    return WhatIf(checks, passed, warned, blocked, reasons=(reason,))
