"""``spendrules terms-convert``: payment terms from one system's format to another's (private).

Example::

    spendrules terms-convert --from odoo --to x12 term.json
    spendrules terms-convert --from x12 --to ubl - < itd.txt

reads the input (a file path, or ``-`` for standard input: JSON for Odoo,
Odoo 16, ERPNext, SAP and Tryton; text for X12, EDIFACT and XRechnung; XML
for UBL) and prints it in the target format (JSON or text). ``--to terms``
(the default) prints the terms' description. ``--json`` prints
``{"from", "to", "terms", "output"}``: the terms as spendrules JSON and the
converted value. Anything that cannot be read or converted exits with status
2 and the error naming the field.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from spendrules._interop._common import decimal_text
from spendrules.cli._common import load_json, read_input, sample_text
from spendrules.errors import InvalidInputError
from spendrules.interop import (
    NotRepresentableError,
    read_edifact,
    read_erpnext,
    read_odoo,
    read_odoo16,
    read_sap,
    read_tryton,
    read_ubl,
    read_x12,
    read_xrechnung,
    write_edifact,
    write_erpnext,
    write_odoo,
    write_odoo16,
    write_sap,
    write_tryton,
    write_ubl,
    write_x12,
    write_xrechnung,
)
from spendrules.payment_terms import NetDays, PaymentTerms
from spendrules.serialization import unstructure

__all__ = ["TITLE", "demo", "register"]

TITLE = "Payment terms interop"

#: The formats read from JSON (the others are text).
_JSON_FORMATS = ("odoo", "odoo16", "erpnext", "sap", "tryton")
_TEXT_FORMATS = ("x12", "edifact", "ubl", "xrechnung")
FORMATS = _JSON_FORMATS + _TEXT_FORMATS


def register(commands: Any) -> None:
    """Add the ``terms-convert`` subcommand to an argparse subparsers object."""
    parser = commands.add_parser(
        "terms-convert",
        help="convert payment terms between ERP and EDI formats",
        description="Read payment terms in one system's format and write them in another's.",
    )
    parser.add_argument(
        "input", nargs="?", default="-", help="file path, or - for standard input (default)"
    )
    parser.add_argument("--from", dest="source", required=True, choices=FORMATS)
    parser.add_argument(
        "--to",
        dest="target",
        choices=(*FORMATS, "terms"),
        default="terms",
        help="target format; 'terms' (default) describes the terms",
    )
    parser.add_argument(
        "--net-days",
        type=int,
        default=None,
        help="xrechnung input: the net days (BT-20 Skonto lines carry none)",
    )
    parser.add_argument(
        "--currency", default=None, help="tryton: the invoices' currency, for fixed lines"
    )
    parser.add_argument(
        "--sap-key", default="Z001", help="sap output: the ZTERM key (default Z001)"
    )
    parser.add_argument(
        "--sap-installment-keys",
        default=None,
        help="sap output: comma-separated ZTERM keys, one per installment (required for "
        "terms with several installments; never derived)",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=_run)


def _read(source: str, text: str, args: argparse.Namespace) -> PaymentTerms:
    if source in _JSON_FORMATS:
        data = load_json(text, "input")
        readers: dict[str, Callable[[Any], PaymentTerms]] = {
            "odoo": read_odoo,
            "odoo16": read_odoo16,
            "erpnext": read_erpnext,
            "sap": read_sap,
            "tryton": lambda d: read_tryton(d, currency=args.currency),
        }
        return readers[source](data)
    if source == "xrechnung":
        if args.net_days is None:
            raise InvalidInputError(
                "--net-days",
                None,
                "given for xrechnung input (BT-20 Skonto lines carry no net period)",
            )
        return read_xrechnung(text, due=NetDays(args.net_days))
    text_readers: dict[str, Callable[[str], PaymentTerms]] = {
        "x12": read_x12,
        "edifact": read_edifact,
        "ubl": read_ubl,
    }
    return text_readers[source](text)


def _write(target: str, terms: PaymentTerms, args: argparse.Namespace) -> Any:
    writers: dict[str, Callable[[PaymentTerms], Any]] = {
        "odoo": write_odoo,
        "odoo16": write_odoo16,
        "erpnext": write_erpnext,
        "sap": lambda t: write_sap(
            t,
            key=args.sap_key,
            installment_keys=(
                None
                if args.sap_installment_keys is None
                else [k.strip() for k in args.sap_installment_keys.split(",")]
            ),
        ),
        "tryton": lambda t: write_tryton(t, currency=args.currency),
        "x12": write_x12,
        "edifact": write_edifact,
        "ubl": write_ubl,
        "xrechnung": write_xrechnung,
        "terms": PaymentTerms.describe,
    }
    return writers[target](terms)


def dumps(value: Any, level: int = 0) -> str:
    """Return ``value`` as indented JSON, ``Decimal`` as an exact JSON number."""
    pad, end = "  " * (level + 1), "  " * level
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{pad}{json.dumps(str(k))}: {dumps(v, level + 1)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(f"{pad}{dumps(v, level + 1)}" for v in value) + f"\n{end}]"
    if isinstance(value, Decimal):
        return decimal_text(value)
    return json.dumps(value, ensure_ascii=False)


def _run(args: argparse.Namespace) -> int:
    terms = _read(args.source, read_input(args.input), args)
    output = _write(args.target, terms, args)
    if args.json:
        print(
            dumps(
                {
                    "from": args.source,
                    "to": args.target,
                    "terms": unstructure(terms),
                    "output": output,
                }
            )
        )
    elif isinstance(output, dict):
        print(dumps(output))
    else:
        print(output.rstrip("\n"))
    return 0


def demo() -> str:
    """Return the bundled sample term read from three ERPs and written in several formats."""
    data = json.loads(sample_text("interop_sample.json"), parse_float=Decimal)
    terms = read_odoo(data["odoo"])
    same = terms == read_erpnext(data["erpnext"]) == read_sap(data["sap"])
    lines = [
        f"Odoo term {data['odoo']['name']!r}: {terms.describe()}",
        f"The same term read from ERPNext and SAP gives equal terms: {same}",
        f"X12 ITD:      {write_x12(terms)}",
        "EDIFACT PAT:  " + write_edifact(terms).replace("\n", " "),
        f"XRechnung:    {write_xrechnung(terms).strip()}  (net due date in BT-9)",
        "SAP T052:     "
        + ", ".join(
            f"{key}={decimal_text(value) if isinstance(value, Decimal) else value}"
            for key, value in write_sap(terms, key="ZB02")["T052"][0].items()
            if value not in (0, "", Decimal(0))
        ),
    ]
    try:
        write_tryton(terms)
    except NotRepresentableError as exc:
        lines.append(f"Tryton:       not written: {exc}")
    return "\n".join(lines)
