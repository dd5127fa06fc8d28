"""``spendrules budget-check``: funds checks from JSON, one request or a batch, explained (private).

**One request.** ``budget-check FILE`` reads one JSON object, from a file path
or ``-`` for standard input::

    {
      "as_of": "2026-06-15",
      "calendar": {"start_month": 4, "start_day": 1},      # optional, default 1 January
      "policy": {...},                                     # optional ControlPolicy, default ControlPolicy()
      "budgets": [{...}, ...],
      "ledger": [{...}, ...],                              # optional
      "hierarchies": [...], "rates": [...], "roles": [...],  # optional
      "rounding": "ROUND_HALF_UP",                         # optional, for amounts converted at a budget rate
      "request": {...}
    }

Every object has the fields of the spendrules class of the same name
(``Budget``, ``LedgerEntry``, ``SpendRequest``, ``ControlPolicy``...), amounts
as strings; unknown keys are rejected with their path. ``--headroom`` adds the
largest amount the first line could carry.

**A batch.** ``budget-check CONTEXT --input REQUESTS`` reads the same object
without ``request`` (a context with one is bad input) and checks every record
of ``REQUESTS`` against it. The budgets, policy and ledger are indexed once, in
a [`BudgetBook`][spendrules.budget.BudgetBook]; a check reads the book and never
rebuilds it. By default the checks are **independent**: each sees the context's
ledger only, as if it were the one request of the day. With ``--commit`` the
batch is a **queue**: a request that may go ahead (exit status 0 on its own) is
booked as committed at its stage before the next is checked, so later requests
see the budget it consumed; a held one (blocked, needs approval) books nothing.
A committed request's reference must not be booked already at its stage (the
record fails: a document is never counted twice).

* JSON lines: one [`SpendRequest`][spendrules.budget.SpendRequest] per line, as
  its JSON (``spendrules schema SpendRequest``); the output record carries the
  full result.
* CSV: one row per request *line*; consecutive rows with the same id (the
  ``--id-column``, default ``id``) are the lines of one request, in row order.
  A row without an id is a request of its own; an id whose rows are not
  consecutive is bad input at the row where it comes back. Columns:

  - per line: ``account``, ``amount``, ``currency``, and one
    ``dimensions.<name>`` column per dimension (``dimensions.cost_center``; an
    empty cell leaves the dimension out);
  - per request: ``date`` (required), ``stage`` (default ``order``),
    ``document_type``, ``category``, ``requester``, ``supplier``, ``reference``,
    ``relieves`` (a JSON list, ``["PR-1"]``). They may be given on the first row
    only; a later row of the request leaves them empty or repeats them exactly.

  A bad cell fails the whole request; the error record names the row's line.
  A row that cannot be read at all is an error record of its own.

CSV output: ``line``, ``id``, ``ok``, then the key figures of each request, then
the error columns. ``decision`` is the funds decision; the budget columns are
those of the line check that decided it (the first whose outcome is the
decision; ``line_checks`` counts them all, the JSON lines output has each)::

    decision verdict may_go_ahead reference stage date budget basis currency limit
    consumed this_request available_before available_after usage_after
    triggered_rule triggered_action threshold overridable override_applied
    line_checks approval_required approval_levels approval_amount approval_currency

``verdict`` and the ``approval_*`` columns are empty unless routes are computed.

**The agreed policy.** ``--policy FILE`` reads an agreed policy file
(`spendrules.policy.load`): its ``[budget]`` section is the control policy
(a file without it is bad input naming the file and the section), and a
context that also gives ``policy`` is bad input (two control policies: the
command will not pick one silently). When the file has an ``[approvals]``
section the command also routes each request under that matrix: the result is
then the [`PurchaseDecision`][spendrules.budget.PurchaseDecision] of
[`BudgetBook.evaluate_purchase`][spendrules.budget.BudgetBook.evaluate_purchase]
(funds on the book, route, split leads, verdict), in one request and in a batch.
The file's sections carry their source, so the results cite the policy
(``policy_reference``) as every rule given a loaded section does.

**Exit statuses.** 0 when every request may go ahead: funds ``pass``,
``pass_with_warning`` (a warning is for the eye, not a stop: Oracle's advisory
control still reserves funds) or ``not_controlled``; with routes, verdict ``go``
or ``go_with_warnings``. 1 when a request is held: funds ``blocked`` (an
overridable block too: the override is someone's decision), or with routes
verdict ``needs_approval`` or ``blocked``. 2 bad input; 3 some records failed
with ``--keep-going``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import decimal
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

import attrs

from spendrules._budget.approvals_demo import approvals_demo
from spendrules.budget import (
    ApprovalMatrix,
    Budget,
    BudgetBook,
    BudgetCheck,
    BudgetRate,
    ControlPolicy,
    FiscalCalendar,
    FundsDecision,
    Hierarchy,
    LedgerEntry,
    LineCheck,
    PurchaseDecision,
    SpendLine,
    SpendRequest,
    Verdict,
    check_budget,
    headroom,
)
from spendrules.cli._batch import (
    EXIT_DECISION,
    EXIT_OK,
    BatchRule,
    add_batch_arguments,
    run_batch,
)
from spendrules.cli._common import emit, load_json, read_input, sample_text
from spendrules.errors import InvalidInputError
from spendrules.policy import load as load_policy
from spendrules.serialization import structure, structure_cells, to_json

__all__ = [
    "COLUMNS",
    "DEMO_KEYS",
    "LINE_COLUMNS",
    "TITLE",
    "Checker",
    "demo",
    "held",
    "load_check_input",
    "load_context",
    "register",
    "row",
]

TITLE = "Budget checks and approvals"

#: The top-level keys ``budget-check`` reads.
DEMO_KEYS = frozenset(
    {
        "as_of",
        "calendar",
        "policy",
        "budgets",
        "ledger",
        "hierarchies",
        "rates",
        "roles",
        "rounding",
        "request",
    }
)

#: The CSV columns of one request line; every other column is a field of the request.
LINE_COLUMNS: Final = frozenset(field.name for field in attrs.fields(SpendLine))

#: The fields of a request (JSON lines keep an id column of this name in the record).
_REQUEST_FIELDS: Final = frozenset(field.name for field in attrs.fields(SpendRequest))

#: The CSV output columns (after ``line``, ``id``, ``ok``).
COLUMNS: Final = (
    "decision",
    "verdict",
    "may_go_ahead",
    "reference",
    "stage",
    "date",
    "budget",
    "basis",
    "currency",
    "limit",
    "consumed",
    "this_request",
    "available_before",
    "available_after",
    "usage_after",
    "triggered_rule",
    "triggered_action",
    "threshold",
    "overridable",
    "override_applied",
    "line_checks",
    "approval_required",
    "approval_levels",
    "approval_amount",
    "approval_currency",
)

#: The verdicts and funds decisions that hold a request (exit status 1).
_HELD_VERDICTS: Final = frozenset({Verdict.NEEDS_APPROVAL, Verdict.BLOCKED})

#: ``$.lines[2]...``: the path of a failure in the third line of a request.
_LINE_PATH: Final = re.compile(r"^\$\.lines\[(\d+)\]")


def _structure_context(data: Any, *, known: frozenset[str]) -> dict[str, Any]:
    """The keyword arguments of `check_budget` (without ``request``) from ``data``."""
    if not isinstance(data, dict):
        raise InvalidInputError("input", type(data).__name__, "a JSON object")
    extra = sorted(set(data) - known)
    if extra:
        raise InvalidInputError("input", extra, f"free of unknown keys (known: {sorted(known)})")
    for key in ("as_of", "budgets"):
        if key not in data:
            raise InvalidInputError(f"input.{key}", None, "present (a required key)")
    return {
        "budgets": structure(data["budgets"], tuple[Budget, ...]),
        "ledger": structure(data.get("ledger", []), tuple[LedgerEntry, ...]),
        "policy": structure(data.get("policy", {}), ControlPolicy),
        "as_of": structure(data["as_of"], dt.date),
        "calendar": structure(data.get("calendar", {}), FiscalCalendar),
        "hierarchies": structure(data.get("hierarchies", []), tuple[Hierarchy, ...]),
        "rates": structure(data.get("rates", []), tuple[BudgetRate, ...]),
        "roles": structure(data.get("roles", []), tuple[str, ...]),
        "rounding": structure(data.get("rounding", decimal.ROUND_HALF_UP), str),
    }


def load_check_input(data: Any, *, strict: bool = True) -> dict[str, Any]:
    """Structure the keyword arguments of `check_budget` from parsed JSON ``data``.

    Args:
        data: The parsed JSON object.
        strict: Reject top-level keys other than `DEMO_KEYS` (the bundled
            sample carries more keys for the approvals demo, so it reads with False).

    Returns:
        ``request`` plus the keyword arguments, ready for ``check_budget(**kwargs)``.

    Raises:
        InvalidInputError: not an object, a missing key, or an unknown key.
        JSONInputError: a value that does not fit its type (with its path).
    """
    if isinstance(data, dict) and not strict:
        data = {key: value for key, value in data.items() if key in DEMO_KEYS}
    kwargs = _structure_context(data, known=DEMO_KEYS)
    if "request" not in data:
        raise InvalidInputError("input.request", None, "present (a required key)")
    return {"request": structure(data["request"], SpendRequest), **kwargs}


def load_context(data: Any) -> dict[str, Any]:
    """Structure the context of a batch: the keyword arguments of `check_budget` but ``request``.

    Raises:
        InvalidInputError: not an object, a missing key, an unknown key, or a
            ``request`` (each record of the batch is one).
        JSONInputError: a value that does not fit its type (with its path).
    """
    if isinstance(data, dict) and "request" in data:
        raise InvalidInputError(
            "input.request", "{...}", "absent with --input (each record is a request)"
        )
    return _structure_context(data, known=DEMO_KEYS - {"request"})


class Checker:
    """Checks requests on one budget book built once from a context.

    Args:
        context: The keyword arguments of `check_budget` without ``request``.
        matrix: An approval matrix: each request is then evaluated as a
            purchase (funds, route, split leads, verdict); None: funds only.
        commit: Book each request that may go ahead as committed before the next.
    """

    def __init__(
        self, context: dict[str, Any], *, matrix: ApprovalMatrix | None, commit: bool
    ) -> None:
        self.book = BudgetBook(
            context["budgets"],
            policy=context["policy"],
            ledger=context["ledger"],
            hierarchy=context["hierarchies"],
            rates=context["rates"],
            calendar=context["calendar"],
            rounding=context["rounding"],
        )
        self.as_of: dt.date = context["as_of"]
        self.roles: tuple[str, ...] = context["roles"]
        self.matrix = matrix
        self.commit = commit

    def __call__(self, request: SpendRequest) -> BudgetCheck | PurchaseDecision:
        """The check (or purchase decision) of ``request``; committed when asked and not held."""
        result: BudgetCheck | PurchaseDecision
        if self.matrix is None:
            result = self.book.check(request, as_of=self.as_of, roles=self.roles)
        else:
            result = self.book.evaluate_purchase(
                request, matrix=self.matrix, as_of=self.as_of, roles=self.roles
            )
        if self.commit and not held(result):
            self.book.commit(request)
        return result


def held(result: BudgetCheck | PurchaseDecision) -> bool:
    """True when ``result`` does not let the request go ahead (exit status 1)."""
    if isinstance(result, PurchaseDecision):
        return result.verdict in _HELD_VERDICTS
    return result.decision is FundsDecision.BLOCKED


def _deciding_line(check: BudgetCheck) -> LineCheck | None:
    """The first line check whose outcome is the decision (else the first, else None)."""
    for line in check.lines:
        if line.outcome is check.decision:
            return line
    return check.lines[0] if check.lines else None


def row(result: BudgetCheck | PurchaseDecision) -> tuple[Any, ...]:
    """The CSV cells of ``result``, in `COLUMNS` order."""
    route = None
    verdict: Verdict | None = None
    if isinstance(result, PurchaseDecision):
        check, route, verdict = result.funds, result.route, result.verdict
    else:
        check = result
    line = _deciding_line(check)
    rule = None if line is None else line.triggered
    figures: tuple[Any, ...] = (None,) * 12
    if line is not None:
        figures = (
            line.budget,
            line.basis,
            line.currency,
            line.limit,
            line.consumed,
            line.this_request,
            line.available_before,
            line.available_after,
            line.usage_after,
            None if rule is None else rule.label,
            None if rule is None else rule.action,
            line.threshold,
        )
    approval: tuple[Any, ...] = (None,) * 4
    if route is not None:
        levels = ">".join(step.level for step in route.steps)
        approval = (route.approval_required, levels, route.amount, route.currency)
    return (
        check.decision,
        verdict,
        not held(result),
        check.reference,
        check.stage,
        check.date,
        *figures,
        check.overridable,
        check.override_applied,
        len(check.lines),
        *approval,
    )


# -- the policy file ---------------------------------------------------------------------------


def _apply_policy(
    context: dict[str, Any], data: dict[str, Any], path: str | None
) -> ApprovalMatrix | None:
    """Take ``[budget]`` of the policy file at ``path`` into ``context``; return ``[approvals]``."""
    if path is None:
        return None
    if "policy" in data:
        raise InvalidInputError(
            "input.policy",
            "{...}",
            "absent with --policy (the file's [budget] is the control policy; give one of them)",
        )
    agreed = load_policy(path)
    if agreed.budget is None:
        raise InvalidInputError(
            f"{path} [budget]", None, "a section of the policy file (the control policy)"
        )
    context["policy"] = agreed.budget
    return agreed.approvals


# -- one request -------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    if args.input is not None:
        return _run_batch(args)
    if args.commit:
        raise InvalidInputError("--commit", args.commit, "used with --input (it books a batch)")
    data = load_json(read_input(args.context), "input")
    kwargs = load_check_input(data)
    request = kwargs.pop("request")
    matrix = _apply_policy(kwargs, data, args.policy)
    result = Checker(kwargs, matrix=matrix, commit=False)(request)
    status = EXIT_DECISION if held(result) else EXIT_OK
    if not args.headroom:
        emit(result, as_json=args.json)
        return status
    room = headroom(request, **kwargs)
    if args.json:
        print(to_json({"check": result, "headroom": room}, indent=2))
    else:
        print(result.explain())
        print()
        print(room.explain())
    return status


# -- a batch -----------------------------------------------------------------------------------


def _run_batch(args: argparse.Namespace) -> int:
    if args.headroom:
        raise InvalidInputError(
            "--headroom", args.headroom, "used without --input (one request only)"
        )
    if args.input == "-" == args.context:
        raise InvalidInputError(
            "--input", args.input, "another source than CONTEXT's standard input (read once)"
        )
    data = load_json(read_input(args.context), "input")
    context = load_context(data)
    matrix = _apply_policy(context, data, args.policy)
    checker = Checker(context, matrix=matrix, commit=args.commit)
    rule = BatchRule(
        convert=lambda record, cells: (structure_cells if cells else structure)(
            record, SpendRequest
        ),
        compute=checker,
        row=row,
        columns=COLUMNS,
        fields=_REQUEST_FIELDS,
        held=held,
        group=lambda rows: _requests(rows, args.id_column),
        locate=_row_line,
    )
    return run_batch(args, rule)


def _row_line(failure: Mapping[str, Any], line: int, lines: Sequence[int]) -> int:
    """The CSV line of a failure: the row of the request line it names, else the request's."""
    found = _LINE_PATH.match(str(failure["field"]))
    if found is None:
        return line
    return lines[int(found.group(1))]


@attrs.define
class _Group:
    """The rows of one request read so far: its first line, id, JSON form (or error), row lines."""

    line: int
    ident: object
    record: dict[str, Any] | Exception
    lines: list[int]


def _requests(
    rows: Iterator[tuple[int, object, dict[str, Any] | Exception]], id_column: str
) -> Iterator[tuple[int, object, dict[str, Any] | Exception, list[int]]]:
    """Group consecutive rows of one id into request records: ``(line, id, record, row lines)``.

    ``record`` is the request's JSON form (``lines`` from the line columns, the
    other columns from its rows), or the error of its first bad row.
    """
    seen: set[object] = set()
    group: _Group | None = None
    for line, ident, record in rows:
        if group is not None and ident is not None and ident == group.ident:
            group.lines.append(line)
            if not isinstance(group.record, Exception) and isinstance(record, dict):
                group.record = _add_row(group.record, record, id_column)
                if isinstance(group.record, Exception):
                    group.line = line  # the error record names the row at fault
            continue
        if group is not None:
            yield group.line, group.ident, group.record, group.lines
        group = _Group(line, ident, record, [line])
        if isinstance(record, Exception):
            continue
        if ident in seen:
            group.record = InvalidInputError(
                f"column {id_column}",
                ident,
                "the id of one request, its rows consecutive (rows of another request came between)",
            )
            continue
        if ident is not None:
            seen.add(ident)
        group.record = _add_row({"lines": []}, record, id_column)
    if group is not None:
        yield group.line, group.ident, group.record, group.lines


def _add_row(
    request: dict[str, Any], record: dict[str, Any], id_column: str
) -> dict[str, Any] | Exception:
    """``request`` with the row ``record`` added: its line, and its request cells checked."""
    first = not request["lines"]
    request["lines"].append({key: value for key, value in record.items() if key in LINE_COLUMNS})
    for key, value in record.items():
        if key in LINE_COLUMNS:
            continue
        if first:
            request[key] = value
        elif request.get(key) != value:
            return InvalidInputError(
                f"column {key}",
                value,
                f"empty or the request's first row's value {request.get(key)!r}"
                f" (one request, id column {id_column})",
            )
    return request


# -- the command -------------------------------------------------------------------------------

#: ``budget-check --help`` (shown as written: the batch flags make the help text raw).
_DESCRIPTION = (
    """\
Check a spend request against budgets: JSON with as_of, budgets, ledger, policy
and request in; the decision with its arithmetic out.

Batch: with --input, CONTEXT is that JSON without request, and each record is a
request, checked against one budget book built once from CONTEXT: independent
checks against its ledger, or with --commit a queue (a request that may go
ahead is booked before the next is checked).
  JSON lines: one SpendRequest per line (spendrules schema SpendRequest).
  CSV: one row per request line; consecutive rows with the same id are one
    request. Line columns: account, amount, currency, dimensions.<name>.
    Request columns (first row; later rows empty or the same): date, stage,
    document_type, category, requester, supplier, reference, relieves
    (a JSON list).
  CSV output columns (figures of the line check that decided):
    """
    + textwrap.fill(", ".join(COLUMNS), width=76, subsequent_indent="    ")
    + """

Decisions: pass, pass_with_warning and not_controlled let a request go ahead
(exit 0); blocked holds it (exit 1). With --policy FILE, [budget] is the control
policy (CONTEXT must then have none) and [approvals], when present, routes each
request: the result is the purchase decision, and needs_approval holds it too."""
)


def register(commands: Any) -> None:
    """Add ``budget-check`` to the ``spendrules`` subcommands."""
    parser = commands.add_parser(
        "budget-check",
        help="check spend requests against budgets (JSON in, explained decision out; batches)",
        description=_DESCRIPTION,
    )
    parser.add_argument(
        "context",
        metavar="CONTEXT",
        help="JSON file (with request, or without it for --input), or - for standard input",
    )
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--headroom",
        action="store_true",
        help="also print the largest amount the first line could carry (one request only)",
    )
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="agreed policy file: [budget] is the control policy (CONTEXT must then have no "
        "policy) and [approvals], when present, routes each request (verdict and route out)",
    )
    batch = add_batch_arguments(parser, what="SpendRequest (CSV: one request line)")
    batch.add_argument(
        "--commit",
        action="store_true",
        help="a queue: book each request that may go ahead before checking the next "
        "(default: independent checks against the context's ledger)",
    )
    parser.set_defaults(func=_run)


def demo() -> str:
    """Return the explained check of the bundled sample request, then its approval route."""
    kwargs = load_check_input(
        load_json(sample_text("budget_sample.json"), "budget_sample.json"), strict=False
    )
    request = kwargs.pop("request")
    checked = check_budget(request, **kwargs)
    room = headroom(request, **kwargs)
    return "\n".join(
        [
            "Funds check of the sample purchase order:",
            checked.explain(),
            "",
            room.explain(),
            "",
            approvals_demo(request, kwargs),
        ]
    )
