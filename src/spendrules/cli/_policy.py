"""The ``spendrules policy`` subcommand: validate, diff and replay agreed policy files (private).

``spendrules policy replay OLD NEW`` reads each data file as CSV (a header row) or
JSON lines, by its extension (``.csv`` is CSV), with the rule commands' batch
reader (``spendrules.cli._batch.read_records``): a dotted CSV header nests
(``demand.mean``), a cell starting with ``[`` or ``{`` is JSON, an empty cell
takes the field's default, and numbers and dates are read exactly from text.

* ``--invoices``: [ReplayInvoice][spendrules.policy.ReplayInvoice] fields
  (``amount``, ``currency``, ``invoice_date``, ``terms``, ``reference``); an
  empty ``terms`` is "the standard terms";
* ``--events``: [SavingsEvent][spendrules.savings.SavingsEvent] objects, or the
  flat columns ``frames.classify_savings`` reads (``proposal_price``,
  ``index_base``, ``fx_current_rate``, ``signoff_date``...);
* ``--stock``: [StockItem][spendrules.inventory.StockItem] objects, or the flat
  columns of ``frames.review_stock`` (``demand_mean``, ``lead_time``,
  ``lead_time_sd``...);
* ``--requests``: [SpendRequest][spendrules.budget.SpendRequest] objects
  (``lines`` as a JSON list in a CSV cell), checked against ``--context``: one
  JSON object as ``spendrules budget-check`` reads it (``budgets``, ``ledger``,
  ``hierarchies``, ``rates``, ``calendar``, ``roles``, ``rounding``, ``as_of``);
  its ``policy`` and ``request`` are ignored (the policies are OLD and NEW).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any, Final

import attrs

from spendrules.budget import (
    Budget,
    BudgetRate,
    FiscalCalendar,
    Hierarchy,
    LedgerEntry,
    SpendRequest,
)
from spendrules.cli._batch import RecordError, failure_of, read_records
from spendrules.cli._common import date_arg, load_json, read_input
from spendrules.errors import InvalidInputError, PolicyFileError
from spendrules.inventory import StockItem
from spendrules.policy import (
    BudgetContext,
    PolicyReplay,
    ReplayInvoice,
    check_agreement,
    diff,
    example_text,
    load,
    loads,
    replay,
)
from spendrules.savings import SavingsEvent
from spendrules.serialization import structure, structure_cells, to_json, unstructure

__all__ = ["TITLE", "demo", "register"]

#: The demo section's title.
TITLE = "The agreed policy"


def demo() -> str:
    """Read the bundled example policy and show what it is, who signed it, and whether it holds."""
    policy = loads(example_text(), source="policy_example.toml")
    header = policy.header
    lines = [
        f"{header.name}, version {header.version}, effective from "
        f"{header.effective_from.isoformat()} (reference currency {header.reference_currency}).",
        f"Fingerprint {policy.fingerprint} (of every setting, not of the file's bytes).",
        check_agreement(policy).explain(),
    ]
    return "\n".join(lines)


def register(commands: Any) -> None:
    """Add ``spendrules policy validate``, ``diff`` and ``replay`` to ``commands``."""
    parser = commands.add_parser(
        "policy",
        help="validate an agreed policy file, diff two versions, or replay data under both",
        description=(
            "Work with the agreed policy file (TOML) that finance and procurement sign: "
            "check it and its sign-offs, or list every setting two versions differ in."
        ),
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    validate = actions.add_parser(
        "validate",
        help="check a policy file; print its fingerprint and sign-off status",
        description=(
            "Read FILE; exit 0 and print name, version, fingerprint and each side's sign-off "
            "(current, stale or missing) when it is valid, else exit 2 with one line naming "
            "the line and key path at fault (with --json, that error as JSON on standard "
            "output)."
        ),
    )
    validate.add_argument("file", metavar="FILE", help="the policy file")
    validate.add_argument("--json", action="store_true", help="print JSON")
    validate.set_defaults(func=_validate)
    changes = actions.add_parser(
        "diff",
        help="every setting that differs between two versions, side by side",
        description="List every setting that differs from OLD to NEW, and added or removed sections.",
    )
    changes.add_argument("old", metavar="OLD", help="the old policy file")
    changes.add_argument("new", metavar="NEW", help="the new policy file")
    changes.add_argument("--json", action="store_true", help="print JSON")
    changes.set_defaults(func=_diff)
    _register_replay(actions)


def _validate(args: argparse.Namespace) -> int:
    try:
        policy = load(args.file)
    except PolicyFileError as err:
        if not args.json:
            raise
        problem = {"key": err.key, "line": err.line, "column": err.column}
        problem |= {"constraint": err.constraint, "message": str(err)}
        print(json.dumps({"valid": False, "error": problem}, indent=2, ensure_ascii=False))
        return 2
    agreement = check_agreement(policy)
    if args.json:
        data = {"valid": True, **unstructure(agreement)}
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return 0
    header = policy.header
    until = "open-ended" if header.effective_to is None else str(header.effective_to)
    lines = [
        f"{args.file}: valid",
        f"  name: {header.name}",
        f"  version: {header.version} (effective {header.effective_from} to {until})",
        f"  fingerprint: {agreement.fingerprint}",
    ]
    for role in agreement.roles:
        signed = "" if role.by is None else f" ({role.by}, {role.on})"
        lines.append(f"  {role.role}: {role.status.value}{signed}")
    lines.append(f"  agreed: {'yes' if agreement.agreed else 'no'}")
    print("\n".join(lines))
    return 0


def _diff(args: argparse.Namespace) -> int:
    result = diff(load(args.old), load(args.new))
    if args.json:
        print(json.dumps(unstructure(result), indent=2, ensure_ascii=False))
        return 0
    lines = [
        f"{args.old} ({result.old_version}, {result.old_fingerprint})",
        f"{args.new} ({result.new_version}, {result.new_fingerprint})",
    ]
    lines += [f"  section added: [{name}]" for name in result.added_sections]
    lines += [f"  section removed: [{name}]" for name in result.removed_sections]
    if result.same:
        lines.append("  no setting differs")
    else:
        width = max(len(change.key) for change in result.changes)
        for change in result.changes:
            old = "(absent)" if change.old is None else change.old
            new = "(absent)" if change.new is None else change.new
            lines.append(f"  {change.key:<{width}}  {old}  ->  {new}")
    print("\n".join(lines))
    return 0


# -- replay -----------------------------------------------------------------------------------

#: Each data flag's row type.
KINDS: Final[dict[str, type[Any]]] = {
    "invoices": ReplayInvoice,
    "events": SavingsEvent,
    "items": StockItem,
    "requests": SpendRequest,
}

#: Flat columns (as the frames functions read them) and where they nest.
_FLAT: Final[dict[type[Any], dict[str, tuple[str, str]]]] = {
    SavingsEvent: {
        "proposal_price": ("proposal", "price"),
        "proposal_evidence": ("proposal", "evidence"),
        "index_base": ("market_index", "base"),
        "index_current": ("market_index", "current"),
        "index_share": ("market_index", "indexed_share"),
        "index_name": ("market_index", "name"),
        "index_evidence": ("market_index", "evidence"),
        "supplier_currency": ("fx", "supplier_currency"),
        "fx_baseline_rate": ("fx", "baseline_rate"),
        "fx_current_rate": ("fx", "current_rate"),
        "signoff_approver": ("finance_signoff", "approver"),
        "signoff_date": ("finance_signoff", "signed_on"),
    },
    StockItem: {
        "demand_mean": ("demand", "mean"),
        "demand_sd": ("demand", "sd"),
        "demand_period": ("demand", "period"),
        "demand_distribution": ("demand", "distribution"),
        "demand_pattern": ("demand", "pattern"),
        "lead_time_sd": ("lead_time", "sd"),
        "lead_time_period": ("lead_time", "period"),
    },
}


def _nested(record: dict[str, Any], kind: type[Any]) -> dict[str, Any]:
    """``record`` with its flat columns nested (``proposal_price`` is ``proposal.price``)."""
    flat = _FLAT.get(kind, {})
    out: dict[str, Any] = {}
    if kind is StockItem and "lead_time" in record and not isinstance(record["lead_time"], dict):
        out["lead_time"] = {"mean": record.pop("lead_time")}
    for key, value in record.items():
        if key in flat:
            group, field = flat[key]
            out.setdefault(group, {})[field] = value
        else:
            out[key] = value
    return out


def read_rows(path: str, kind: type[Any]) -> tuple[list[Any], list[int]]:
    """The rows of ``path`` as ``kind`` and each row's line in the file.

    Raises:
        RecordError: a record that does not read (its line, field, constraint and value).
    """
    form = "csv" if path.lower().endswith(".csv") else "jsonl"
    cells = form == "csv"
    fields = frozenset(attrs.fields_dict(kind)) | frozenset(_FLAT.get(kind, {}))
    rows: list[Any] = []
    lines: list[int] = []
    for line, ident, record in read_records(path, form, "id", fields):
        try:
            if isinstance(record, Exception):
                raise record
            data = _nested(record, kind)
            rows.append(structure_cells(data, kind) if cells else structure(data, kind))
        except (InvalidInputError, ValueError, TypeError) as exc:
            raise RecordError(line, ident, failure_of(exc)) from None
        lines.append(line)
    return rows, lines


_CONTEXT_KEYS: Final = frozenset(
    {"as_of", "budgets", "ledger", "hierarchies", "rates", "calendar", "roles", "rounding"}
)


def read_context(path: str) -> tuple[BudgetContext, dt.date | None]:
    """The budget context of ``path`` and its ``as_of`` (None when it has none)."""
    data = load_json(read_input(path), path)
    if not isinstance(data, dict):
        raise InvalidInputError(path, type(data).__name__, "a JSON object")
    extra = sorted(set(data) - _CONTEXT_KEYS - {"policy", "request"})
    if extra:
        raise InvalidInputError(
            path, extra, f"free of unknown keys (known: {sorted(_CONTEXT_KEYS)})"
        )
    if "budgets" not in data:
        raise InvalidInputError(f"{path}.budgets", None, "present (a required key)")
    context = BudgetContext(
        structure(data["budgets"], tuple[Budget, ...]),
        structure(data.get("ledger", []), tuple[LedgerEntry, ...]),
        structure(data.get("hierarchies", []), tuple[Hierarchy, ...]),
        structure(data.get("rates", []), tuple[BudgetRate, ...]),
        structure(data.get("calendar", {}), FiscalCalendar),
        structure(data.get("roles", []), tuple[str, ...]),
        structure(data.get("rounding", "ROUND_HALF_UP"), str),
    )
    as_of = structure(data["as_of"], dt.date) if "as_of" in data else None
    return context, as_of


def _changes(result: PolicyReplay) -> Iterator[dict[str, Any]]:
    families = (
        ("invoices", result.terms.changes),
        ("events", result.savings.changes),
        ("items", result.stock.changes),
        ("requests", result.budget.changes),
    )
    for family, changes in families:
        for change in changes:
            yield {"family": family, **unstructure(change)}


def write_changes(result: PolicyReplay, path: str) -> int:
    """Write every changed row to ``path`` (CSV for ``.csv``, else JSON lines); return how many."""
    records = list(_changes(result))
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if path.lower().endswith(".csv"):
            columns = list(dict.fromkeys(key for record in records for key in record))
            writer = csv.DictWriter(handle, columns or ["family"], lineterminator="\n")
            writer.writeheader()
            writer.writerows(records)
        else:
            for record in records:
                handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return len(records)


#: The data flags, their ``replay`` keyword and their row type.
_DATA: Final[tuple[tuple[str, str, type[Any]], ...]] = (
    ("invoices", "invoices", ReplayInvoice),
    ("events", "events", SavingsEvent),
    ("stock", "items", StockItem),
    ("requests", "requests", SpendRequest),
)


def _register_replay(actions: Any) -> None:
    parser = actions.add_parser(
        "replay",
        help="re-run data under two versions: the rows whose outcome changes, and by how much",
        description=(
            "Re-run invoices, savings events, SKUs and spend requests (CSV or JSON lines) "
            "under OLD and NEW; print per family the rows whose outcome changes and the "
            "totals: cash released, savings recognised, stock reserved, requests held."
        ),
    )
    parser.add_argument("old", metavar="OLD", help="the policy file in force")
    parser.add_argument("new", metavar="NEW", help="the proposed policy file")
    parser.add_argument("--invoices", metavar="FILE", help="invoices (.csv or JSON lines)")
    parser.add_argument("--events", metavar="FILE", help="savings events (.csv or JSON lines)")
    parser.add_argument("--stock", metavar="FILE", help="SKUs (.csv or JSON lines)")
    parser.add_argument("--requests", metavar="FILE", help="spend requests (needs --context)")
    parser.add_argument(
        "--context", metavar="FILE", help="budgets and ledger (JSON, as budget-check reads)"
    )
    parser.add_argument(
        "--as-of",
        type=date_arg,
        help="YYYY-MM-DD: when events are classified, SKUs reviewed and requests checked "
        "(default: the context's as_of)",
    )
    parser.add_argument("--json", action="store_true", help="print the replay as JSON")
    parser.add_argument(
        "--changes", metavar="PATH", help="write the changed rows (.csv, else JSON lines)"
    )
    parser.set_defaults(func=_replay)


_ROW = re.compile(r"(invoices|events|items|requests)\[(\d+)\]")


def _replay(args: argparse.Namespace) -> int:
    old, new = load(args.old), load(args.new)
    data: dict[str, list[Any]] = {}
    where: dict[str, tuple[str, list[int]]] = {}
    for flag, keyword, kind in _DATA:
        path = getattr(args, flag)
        if path is not None:
            data[keyword], lines = read_rows(path, kind)
            where[keyword] = (path, lines)
    if not data:
        raise InvalidInputError("data", None, "--invoices, --events, --stock or --requests")
    context, as_of = None, args.as_of
    if args.context is not None:
        context, given = read_context(args.context)
        as_of = as_of or given
    if args.requests is not None and context is None:
        raise InvalidInputError("--context", None, "given with --requests")
    if as_of is None:
        raise InvalidInputError("--as-of", None, "given (or an as_of in --context)")
    try:
        result = replay(
            old,
            new,
            invoices=data.get("invoices", ()),
            events=data.get("events", ()),
            items=data.get("items", ()),
            requests=data.get("requests", ()),
            context=context,
            as_of=as_of,
        )
    except InvalidInputError as exc:
        found = _ROW.match(exc.field)
        if found is None:
            raise
        path, lines = where[found.group(1)]
        line = lines[int(found.group(2))]
        raise InvalidInputError(
            f"{path} line {line}: {exc.field}", exc.value, exc.constraint
        ) from None
    if args.changes is not None:
        write_changes(result, args.changes)
    if args.json:
        print(to_json(result, indent=2))
    else:
        print(result.explain())
    return 0
