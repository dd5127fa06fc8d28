"""The ``spendrules scorecard`` subcommand and the demo's last step (private)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from typing import Any, Final

from spendrules import policy as agreed_policy
from spendrules.cli._common import date_arg
from spendrules.errors import InvalidInputError, MissingExtraError
from spendrules.scorecard import (
    BalanceRow,
    BudgetRow,
    InvoiceRow,
    SavingsRow,
    Scorecard,
    StockRow,
    build_scorecard,
    read_rows,
    render_html,
    sample_policy_text,
    sample_rows,
)
from spendrules.serialization import to_json

__all__ = ["demo_report", "register", "write_report"]

#: The data files, their flag (``--<name>``) and row type.
_DATA: Final[dict[str, type[Any]]] = {
    "invoices": InvoiceRow,
    "savings": SavingsRow,
    "stock": StockRow,
    "budget": BudgetRow,
    "balances": BalanceRow,
}

#: The demo's directory under the system's temporary directory (without ``--out-dir``).
DEMO_DIR: Final = "spendrules-demo"

#: The line printed where charts are left out for want of matplotlib.
CHARTS_HINT: Final = 'the charts need pip install "spendrules[charts]"; the report has none.'


def register(commands: Any) -> None:
    """Add ``spendrules scorecard`` to the ``commands`` subparsers."""
    parser = commands.add_parser(
        "scorecard",
        help="the KPIs against the agreed targets, as one self-contained HTML page",
        description=(
            "Compute the KPIs of a period from data files (CSV with a header row, or JSON "
            "lines) against the targets of the agreed policy, and write one self-contained "
            "HTML report with its charts. With no data file, the bundled sample data is used."
        ),
    )
    parser.add_argument("--policy", metavar="FILE", required=True, help="the agreed policy (TOML)")
    parser.add_argument(
        "--period",
        nargs=2,
        type=date_arg,
        metavar=("START", "END"),
        help="first and last day YYYY-MM-DD (default: the policy's effective dates)",
    )
    for name in _DATA:
        parser.add_argument(f"--{name}", metavar="FILE", help=f"{name} rows (.csv or JSON lines)")
    parser.add_argument("--out", metavar="PATH", required=True, help="the HTML file to write")
    parser.add_argument(
        "--no-charts", action="store_true", help="write the KPI table only (no matplotlib needed)"
    )
    parser.add_argument(
        "--json", action="store_true", help="also print the scorecard as JSON on standard output"
    )
    parser.set_defaults(func=_run)


def write_report(card: Scorecard, path: str, *, charts: bool = True) -> bool:
    """Write ``card`` as HTML to ``path``; return whether the charts were drawn.

    Without matplotlib the report is written without charts (and ``False`` returned).
    The page is written to a temporary file beside ``path`` and renamed over it, so a
    reader never sees half a report, even while another run writes the same path.
    """
    try:
        page = render_html(card, charts=charts)
    except MissingExtraError:
        page, charts = render_html(card, charts=False), False
    folder = os.path.dirname(os.path.abspath(path))
    with tempfile.NamedTemporaryFile(
        "w", encoding="utf-8", dir=folder, prefix=".scorecard-", suffix=".tmp", delete=False
    ) as handle:
        handle.write(page)
    os.replace(handle.name, path)
    return charts


def _run(args: argparse.Namespace) -> int:
    agreed = agreed_policy.load(args.policy)
    start, end = args.period if args.period is not None else _policy_period(agreed)
    given = {name: getattr(args, name) for name in _DATA if getattr(args, name) is not None}
    data: dict[str, Any]
    if given:
        data = {name: read_rows(path, _DATA[name]) for name, path in given.items()}
    else:
        print("No data file given: using the bundled sample data.", file=sys.stderr)
        data = {name: sample_rows(kind) for name, kind in _DATA.items()}
    card = build_scorecard(policy=agreed, period=(start, end), **data)
    drawn = write_report(card, args.out, charts=not args.no_charts)
    if not drawn and not args.no_charts:
        print(f"spendrules: {CHARTS_HINT}", file=sys.stderr)
    if args.json:
        print(to_json(card, indent=2))
    else:
        summary = card.reasons[0].message
        print(f"{summary}\nScorecard written to {os.path.abspath(args.out)}")
    return 0


def _policy_period(agreed: agreed_policy.AgreedPolicy) -> tuple[date, date]:
    end = agreed.header.effective_to
    if end is None:
        raise InvalidInputError("--period", None, "given (the policy has no effective_to)")
    return agreed.header.effective_from, end


def demo_report(out_dir: str | None = None) -> str:
    """Write the sample scorecard into ``out_dir`` (default: `DEMO_DIR` in the temporary directory).

    The default is one fixed directory, overwritten by each run, so that runs do not
    pile up temporary directories.

    Returns the lines to print: the summary, a note when the charts are left out,
    and the report's path.
    """
    folder = out_dir if out_dir is not None else os.path.join(tempfile.gettempdir(), DEMO_DIR)
    os.makedirs(folder, exist_ok=True)
    agreed = agreed_policy.loads(sample_policy_text(), source="scorecard_policy.toml")
    data: dict[str, Any] = {name: sample_rows(kind) for name, kind in _DATA.items()}
    card = build_scorecard(policy=agreed, period=_policy_period(agreed), **data)
    path = os.path.abspath(os.path.join(folder, "scorecard.html"))
    lines = [card.reasons[0].message]
    if not write_report(card, path):
        lines.append(f"Note: {CHARTS_HINT}")
    lines.append(f"Scorecard written to {path}")
    return "\n".join(lines)
