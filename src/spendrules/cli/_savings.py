"""The ``spendrules savings`` subcommand and the savings demo (private).

One event from flags, or many: JSON lines of [`SavingsEvent`][spendrules.savings.SavingsEvent]
objects, or a CSV in the layout of ``frames.classify_savings`` (see `INPUT_HELP`),
through the batch layer (``spendrules.cli._batch``) or, for CSV to CSV with the
frames extra, through ``frames.classify_savings`` in chunks (``spendrules.cli._table``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from spendrules._savings.rows import DATES, FLAGS, NAMES, NUMBERS, event_of
from spendrules.cli._batch import BatchRule, add_batch_arguments, run_batch
from spendrules.cli._common import date_arg, decimal_arg, emit, sample_text
from spendrules.cli._table import (
    Layout,
    column_list,
    is_policy_file,
    money_text,
    places_of,
    policy_section,
    run_table,
    text_of,
    typed_values,
)
from spendrules.errors import FrameInputError, InvalidInputError
from spendrules.savings import (
    PRESETS,
    BaselineMethod,
    ComponentKind,
    DemandChange,
    FinanceSignOff,
    MarketIndex,
    Missing,
    SavingsClassification,
    SavingsEvent,
    SavingsPolicy,
    SummaryBy,
    SupplierProposal,
    classify_savings,
    summarise_savings,
)
from spendrules.serialization import structure, to_json

__all__ = ["INPUT_HELP", "OUTPUT_COLUMNS", "TITLE", "demo", "register"]

#: Section title in ``spendrules demo``.
TITLE = "Savings"

#: Flags that describe a single event; they cannot be combined with ``--events``.
_EVENT_FLAGS = (
    "baseline_price",
    "new_price",
    "quantity",
    "effective_date",
    "currency",
    "baseline_date",
    "baseline_quantity",
    "proposal_price",
    "index_base",
    "index_current",
    "signed_off_by",
    "signed_on",
)

#: A baseline date is required, never assumed: defaulting it would make every baseline fresh.
_REQUIRED = (
    "currency",
    "baseline_price",
    "new_price",
    "quantity",
    "effective_date",
    "baseline_date",
)


#: The CSV result columns (after ``line``, ``id``, ``ok``): ``frames.classify_savings``'s output.
OUTPUT_COLUMNS: tuple[str, ...] = (
    "currency",
    "finance_view",
    "procurement_view",
    "finance_recognised",
    "net_recognised",
    "primary",
    "status",
    "missing",
    "budget_flag",
    *(kind.value for kind in ComponentKind),
    "rule",
    "reason",
)
_TEXT = frozenset({"currency", "primary", "status", "missing", "budget_flag", "rule", "reason"})
_MONEY = tuple(name not in _TEXT for name in OUTPUT_COLUMNS)
_LAYOUT = Layout(NAMES, NUMBERS, DATES, FLAGS)
_SUMMARY_BY = [b.value for b in SummaryBy if b is not SummaryBy.PERIOD]

#: What ``--help`` says about the formats.
INPUT_HELP = f"""\
formats:
  JSON lines: one SavingsEvent per line (see `spendrules schema SavingsEvent`).
  CSV: one event per row in the layout of frames.classify_savings, the columns
{column_list(NAMES)}
    item, currency, baseline_price, baseline_method, baseline_date, new_price,
    effective_date and forecast_quantity are required; an empty cell or a missing
    column takes the default. A group (proposal, index, fx, signoff) is present when
    one of its numbers, dates or codes is given. Numbers are plain decimals, dates
    YYYY-MM-DD, same_spec true/false. Other columns are refused (except the
    --id-column). value_add and one_offs are not CSV columns: use JSON lines.
  CSV output columns:
{column_list(("line", "id", "ok", *OUTPUT_COLUMNS, "error_field", "error_constraint", "error_value", "error_message"))}
    Money is exact decimal text at the currency's minor units; missing lists what is
    missing, comma-separated. With the frames extra, CSV to CSV runs through
    frames.classify_savings (the same output; without --as-of, one call per
    effective date).
  --summary-by needs --summary PATH: the portfolio summary goes there (JSON for a
    .json/.jsonl path, else text), never into the records' output.

"""


def register(commands: Any) -> None:
    """Add ``spendrules savings`` to the ``commands`` subparsers."""
    parser = commands.add_parser(
        "savings",
        help="classify savings events: finance view, procurement view, recognition",
        description=(
            "Classify one event given by flags, or many (--input: JSON lines of SavingsEvent "
            "objects or CSV rows), into hard savings, cost avoidance and the other "
            "components, under a policy preset or the [savings] section of a policy file."
        ),
    )
    parser.add_argument(
        "--events",
        metavar="PATH",
        help="JSON lines, one SavingsEvent per line (the same as --input; kept for scripts)",
    )
    parser.add_argument(
        "--policy",
        default="default",
        metavar="NAME|FILE",
        help=(
            "a preset (" + ", ".join(PRESETS) + "; default 'default') or an agreed policy file "
            "(a path that exists or ends in .toml: its [savings] section)"
        ),
    )
    parser.add_argument(
        "--as-of",
        type=date_arg,
        help="classification date YYYY-MM-DD (default: each event's effective date)",
    )
    parser.add_argument(
        "--summary-by",
        choices=_SUMMARY_BY,
        help="with --input and --summary: a portfolio summary grouped this way",
    )
    parser.add_argument(
        "--summary",
        metavar="PATH",
        help="write the --summary-by summary here (JSON for .json/.jsonl, else text)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable JSON output")
    add_batch_arguments(parser, what="SavingsEvent (JSON lines) or event row (CSV)")
    parser.epilog = INPUT_HELP + (parser.epilog or "")
    event = parser.add_argument_group("single event")
    event.add_argument("--item", default="item", help="item identifier (default 'item')")
    event.add_argument("--currency", help="ISO 4217 code, e.g. USD")
    event.add_argument("--baseline-price", type=decimal_arg, help="baseline unit price")
    event.add_argument(
        "--baseline-method",
        choices=[m.value for m in BaselineMethod],
        default=BaselineMethod.LAST_PRICE_PAID.value,
        help="how the baseline was set (default last_price_paid)",
    )
    event.add_argument(
        "--baseline-date",
        type=date_arg,
        help="date the baseline price was paid or set (required: it decides staleness)",
    )
    event.add_argument("--baseline-evidence", default="", help="reference for the baseline")
    event.add_argument("--new-price", type=decimal_arg, help="new unit price P1")
    event.add_argument("--effective-date", type=date_arg, help="first day of the new price")
    event.add_argument("--quantity", type=decimal_arg, help="forecast units, first 12 months")
    event.add_argument("--baseline-quantity", type=decimal_arg, help="units in the prior 12 months")
    event.add_argument(
        "--demand-change",
        choices=[d.value for d in DemandChange],
        default=DemandChange.NONE.value,
        help="why the quantity changed (default none)",
    )
    event.add_argument("--proposal-price", type=decimal_arg, help="supplier's written proposal")
    event.add_argument("--proposal-evidence", default="", help="reference for the proposal")
    event.add_argument("--index-base", type=decimal_arg, help="market index at the baseline")
    event.add_argument("--index-current", type=decimal_arg, help="market index now")
    event.add_argument(
        "--index-share", type=decimal_arg, default=Decimal(1), help="indexed share (default 1)"
    )
    event.add_argument("--index-evidence", default="", help="reference for the index values")
    event.add_argument(
        "--implementation-cost", type=decimal_arg, default=Decimal(0), help="one-off cost"
    )
    event.add_argument(
        "--different-spec", action="store_true", help="the item is not the baseline's spec"
    )
    event.add_argument("--signed-off-by", help="finance approver")
    event.add_argument("--signed-on", type=date_arg, help="sign-off date")
    parser.set_defaults(func=_run)


def _event_from_flags(args: argparse.Namespace) -> SavingsEvent:
    for name in _REQUIRED:
        if getattr(args, name) is None:
            flag = "--" + name.replace("_", "-")
            raise InvalidInputError(flag, None, "given for a single event (or use --input)")
    proposal = None
    if args.proposal_price is not None:
        proposal = SupplierProposal(price=args.proposal_price, evidence=args.proposal_evidence)
    index = None
    if args.index_base is not None or args.index_current is not None:
        if args.index_base is None or args.index_current is None:
            raise InvalidInputError(
                "--index-base/--index-current",
                (args.index_base, args.index_current),
                "given together",
            )
        index = MarketIndex(
            base=args.index_base,
            current=args.index_current,
            indexed_share=args.index_share,
            evidence=args.index_evidence,
        )
    signoff = None
    if (args.signed_off_by is None) != (args.signed_on is None):
        if args.signed_on is None:
            raise InvalidInputError("--signed-on", None, "given with --signed-off-by")
        raise InvalidInputError("--signed-off-by", None, "given with --signed-on")
    if args.signed_off_by is not None:
        signoff = FinanceSignOff(approver=args.signed_off_by, signed_on=args.signed_on)
    return SavingsEvent(
        item=args.item,
        currency=args.currency,
        baseline_price=args.baseline_price,
        baseline_method=BaselineMethod(args.baseline_method),
        baseline_date=args.baseline_date,
        baseline_evidence=args.baseline_evidence,
        new_price=args.new_price,
        effective_date=args.effective_date,
        forecast_quantity=args.quantity,
        baseline_quantity=args.baseline_quantity,
        demand_change=DemandChange(args.demand_change),
        proposal=proposal,
        market_index=index,
        implementation_cost=args.implementation_cost,
        same_spec=not args.different_spec,
        finance_signoff=signoff,
    )


def _classify(
    event: SavingsEvent, policy: SavingsPolicy, as_of: date | None
) -> SavingsClassification:
    return classify_savings(event, policy=policy, as_of=as_of or event.effective_date)


def _policy(value: str) -> SavingsPolicy:
    """``--policy``: a policy file's ``[savings]`` section, or a preset."""
    if is_policy_file(value):
        section: SavingsPolicy = policy_section(value, "savings")
        return section
    if value not in PRESETS:
        raise InvalidInputError(
            "--policy", value, "a preset (" + ", ".join(PRESETS) + ") or a policy file"
        )
    return SavingsPolicy.preset(value)


class _Flat:
    """A CSV's columns: each input is read from the column of its name."""

    params = dict.fromkeys(NAMES)

    @staticmethod
    def column_of(name: str) -> str:
        return name


def _convert(record: dict[str, Any], cells: bool) -> SavingsEvent:  # noqa: FBT001 - BatchRule's
    if not cells:
        return structure(record, SavingsEvent)
    try:
        return event_of(_Flat(), 0, typed_values(record, _LAYOUT))
    except FrameInputError as exc:  # named by its column; the batch names the line
        raise InvalidInputError(exc.field, exc.value, exc.constraint) from None


def _compute(
    policy: SavingsPolicy, as_of: date | None, results: list[SavingsClassification] | None
) -> Any:
    def compute(event: SavingsEvent) -> SavingsClassification:
        result = _classify(event, policy, as_of)
        if results is not None:
            results.append(result)
        return result

    return compute


def _cells(values: Sequence[Any]) -> tuple[str, ...]:
    """One output row's text, ``values`` in the order of `OUTPUT_COLUMNS`."""
    places = places_of(values[0])
    return tuple(
        money_text(value, places) if money else text_of(value)
        for value, money in zip(values, _MONEY, strict=True)
    )


def _row(result: SavingsClassification) -> tuple[str, ...]:
    primary = result.primary_reason()
    return _cells(
        (
            result.currency,
            result.finance_view,
            result.procurement_view,
            result.finance_recognised,
            result.net_recognised,
            result.primary.value,
            result.status.value,
            ",".join(m.value for m in Missing if m in result.missing),
            result.budget_flag.value,
            *(result.amount(kind) for kind in ComponentKind),
            result.rule,
            None if primary is None else primary.code,
        )
    )


def _frames_call(policy: SavingsPolicy, as_of: date | None) -> Any:
    def call(frame: Any, nw: Any) -> list[tuple[str, ...]] | None:
        from spendrules import frames  # noqa: PLC0415 - the optional extra

        if as_of is not None:
            parts = [(as_of, frame)]
        else:  # each event's own effective date: one frames call per date
            if "effective_date" not in frame.columns:
                return None
            frame = frame.with_row_index("__position")
            days = frame.get_column("effective_date").unique().to_list()
            if None in days:
                return None
            parts = [(_day(day), frame.filter(nw.col("effective_date") == day)) for day in days]
        rows: list[tuple[str, ...]] = [()] * len(frame)
        for day, part in parts:
            keep = ("__position",) if as_of is None else ()
            out = frames.classify_savings(
                nw.to_native(part), as_of=day, policy=policy, keep=keep, errors="collect"
            )
            result = nw.from_native(out, eager_only=True)
            if result.get_column("error_code").null_count() != len(result):
                return None
            lists = [result.get_column(name).to_list() for name in OUTPUT_COLUMNS]
            place = result.get_column(keep[0] if keep else "row").to_list()
            for at, values in zip(place, zip(*lists, strict=True), strict=True):
                rows[at] = _cells(values)
        return rows

    return call


def _day(value: Any) -> date:
    """A date from a date column (pandas holds midnight timestamps)."""
    return value.date() if isinstance(value, datetime) else value


def _write_summary(path: str, results: list[SavingsClassification], by: str) -> None:
    summary = summarise_savings(results, by=SummaryBy(by))
    as_json = path.lower().endswith((".json", ".jsonl"))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write((to_json(summary) if as_json else summary.explain()) + "\n")


def _run(args: argparse.Namespace) -> int:
    policy = _policy(args.policy)
    if args.events is not None:
        if args.input is not None:
            raise InvalidInputError("--events", args.events, "left out when --input is given")
        args.input = args.events
    if (args.summary_by is None) != (args.summary is None):
        if args.summary is None:
            raise InvalidInputError(
                "--summary-by", args.summary_by, "given with --summary PATH (where it goes)"
            )
        raise InvalidInputError("--summary", args.summary, "given with --summary-by")
    if args.input is None:
        if args.summary_by is not None:
            raise InvalidInputError("--summary-by", args.summary_by, "used with --input")
        emit(_classify(_event_from_flags(args), policy, args.as_of), as_json=args.json)
        return 0
    clashing = [name for name in _EVENT_FLAGS if getattr(args, name) is not None]
    if clashing:
        flag = "--" + clashing[0].replace("_", "-")
        raise InvalidInputError(flag, getattr(args, clashing[0]), "left out when --input is used")
    results: list[SavingsClassification] | None = None if args.summary is None else []
    rule = BatchRule(
        convert=_convert,
        compute=_compute(policy, args.as_of, results),
        row=_row,
        columns=OUTPUT_COLUMNS,
        fields=frozenset(NAMES),
    )
    call = None if results is not None else _frames_call(policy, args.as_of)
    status = run_table(args, rule, _LAYOUT, call)
    if status is None:
        status = run_batch(args, rule)
    if results is not None:
        _write_summary(args.summary, results, args.summary_by)
    return status


def _side_by_side(event: SavingsEvent, as_of: date) -> list[str]:
    rows = [
        f"  {'policy':<18} {'primary':<15} {'finance':>9} {'procurement':>12} "
        f"{'recognised':>11}  status"
    ]
    for name in PRESETS:
        r: SavingsClassification = classify_savings(
            event, policy=SavingsPolicy.preset(name), as_of=as_of
        )
        rows.append(
            f"  {name:<18} {r.primary.value:<15} {r.finance_view!s:>9} {r.procurement_view:>12} "
            f"{r.finance_recognised:>11}  {r.status.value}"
        )
    return rows


def demo() -> str:
    """Classify the bundled motivating cases and show them under every preset."""
    data = json.loads(sample_text("savings_sample.json"), parse_float=Decimal)
    as_of = structure(data["as_of"], date)
    lines: list[str] = []
    titles = (
        "1,000 units last paid at 10.00, renegotiated to 9.50",
        "a supplier asks for +8 % in writing and settles at +3 %",
    )
    for title, raw in zip(titles, data["events"], strict=True):
        event = structure(raw, SavingsEvent)
        if lines:
            lines.append("")
        lines.append(f"-- {title} --")
        lines.append(classify_savings(event, as_of=as_of).explain())
        lines.append("Under each preset:")
        lines.extend(_side_by_side(event, as_of))
    return "\n".join(lines)
