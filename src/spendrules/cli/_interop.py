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

Many terms: ``--input PATH`` reads records (JSON lines or CSV; see
``spendrules.cli._batch``), each ``{"terms": ..., "from"?, "to"?, "net_days"?,
"currency"?, "sap_key"?, "sap_installment_keys"?}``: ``terms`` is the document in
the source format (an object, or its JSON text, for the JSON formats; the text
for the others), and a key the record leaves out takes its flag's value. Each
output record is ``{"from", "to", "terms", "output"}`` where ``output`` is always
text: the converted document (JSON formats as compact JSON whose numbers are
exact). CSV output columns: ``from``, ``to``, ``terms`` (their description),
``output``. ``--policy FILE``: a record (or a run without an input document)
without terms converts the agreed policy's ``[payment_terms]`` standard terms.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from spendrules._interop._common import decimal_text
from spendrules.cli._batch import BatchRule, add_batch_arguments, run_batch
from spendrules.cli._common import load_json, read_input, sample_text
from spendrules.cli._payment_terms_rows import (
    description,
    payment_terms_policy,
    read_fields,
    whole,
)
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
        description=description(
            "Read payment terms in one system's format and write them in another's.",
            "Batch (--input): one document per record, keys terms (the document: for the JSON "
            "formats an object or its JSON text), and optionally from, to, net_days, currency, "
            "sap_key, sap_installment_keys (the flags' names). A key a record leaves out takes "
            "its flag's value.",
            "CSV output columns: line, id, ok, "
            + ", ".join(_COLUMNS)
            + ", then the error columns. terms: their description; output: the converted "
            "document as text (JSON on one line, numbers exact).",
            "JSON lines output: {from, to, terms, output}: the terms as spendrules JSON, the "
            "output as text.",
        ),
    )
    parser.add_argument(
        "document",
        nargs="?",
        default=None,
        metavar="input",
        help="file path, or - for standard input (default; with --policy and no input: the "
        "policy's standard terms)",
    )
    parser.add_argument(
        "--from", dest="source", default=None, choices=FORMATS, help="required for a document"
    )
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
    parser.add_argument(
        "--policy",
        metavar="FILE",
        help="agreed policy TOML file: without an input document (or a record's terms), "
        "convert its [payment_terms] standard terms",
    )
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    add_batch_arguments(parser, what="document")
    parser.set_defaults(func=_run, parser=parser)


def _read(source: str, document: object, options: Mapping[str, Any]) -> PaymentTerms:
    if source in _JSON_FORMATS:
        data = load_json(document, "input") if isinstance(document, str) else document
        readers: dict[str, Callable[[Any], PaymentTerms]] = {
            "odoo": read_odoo,
            "odoo16": read_odoo16,
            "erpnext": read_erpnext,
            "sap": read_sap,
            "tryton": lambda d: read_tryton(d, currency=options["currency"]),
        }
        return readers[source](data)
    if not isinstance(document, str):
        raise InvalidInputError("terms", document, f"{source} text")
    if source == "xrechnung":
        if options["net_days"] is None:
            raise InvalidInputError(
                "--net-days",
                None,
                "given for xrechnung input (BT-20 Skonto lines carry no net period)",
            )
        return read_xrechnung(document, due=NetDays(options["net_days"]))
    text_readers: dict[str, Callable[[str], PaymentTerms]] = {
        "x12": read_x12,
        "edifact": read_edifact,
        "ubl": read_ubl,
    }
    return text_readers[source](document)


def _installment_keys(value: object) -> list[str] | None:
    if value is None or isinstance(value, list):
        return value
    return [key.strip() for key in str(value).split(",")]


def _write(target: str, terms: PaymentTerms, options: Mapping[str, Any]) -> Any:
    writers: dict[str, Callable[[PaymentTerms], Any]] = {
        "odoo": write_odoo,
        "odoo16": write_odoo16,
        "erpnext": write_erpnext,
        "sap": lambda t: write_sap(
            t,
            key=options["sap_key"],
            installment_keys=_installment_keys(options["sap_installment_keys"]),
        ),
        "tryton": lambda t: write_tryton(t, currency=options["currency"]),
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


def compact(value: Any) -> str:
    """Return ``value`` as one line of JSON, ``Decimal`` as an exact JSON number."""
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k))}:{compact(v)}" for k, v in value.items())
        return "{" + ",".join(items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ",".join(compact(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return decimal_text(value)
    return json.dumps(value, ensure_ascii=False)


def _options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "from": args.source,
        "to": args.target,
        "net_days": args.net_days,
        "currency": args.currency,
        "sap_key": args.sap_key,
        "sap_installment_keys": args.sap_installment_keys,
    }


class Converted(dict[str, Any]):
    """One converted record: ``from``, ``to``, ``terms`` (spendrules JSON) and ``output`` (text)."""

    def __init__(self, data: Mapping[str, Any], description: str) -> None:
        super().__init__(data)
        self.description = description

    def explain(self) -> str:
        """The converted document, as ``terms-convert`` prints it."""
        return str(self["output"]).rstrip("\n")


#: A record's keys and how each is read (the flags' names; ``terms`` is the document).
_FIELDS: Final[Mapping[str, Callable[[object, str], Any]]] = {
    "terms": lambda value, _name: value,
    "from": lambda value, name: _format(value, name, FORMATS),
    "to": lambda value, name: _format(value, name, (*FORMATS, "terms")),
    "net_days": whole,
    "currency": lambda value, name: _format(value, name, None),
    "sap_key": lambda value, name: _format(value, name, None),
    "sap_installment_keys": lambda value, _name: value,
}

_COLUMNS: Final = ("from", "to", "terms", "output")


def _format(value: object, name: str, choices: tuple[str, ...] | None) -> str:
    if not isinstance(value, str) or (choices is not None and value not in choices):
        raise InvalidInputError(
            name, value, "text" if choices is None else "one of " + ", ".join(choices)
        )
    return value


def _convert(values: Mapping[str, Any]) -> Converted:
    document = values["terms"]
    if document is None:
        raise InvalidInputError("terms", None, "given (in the record, or by --policy FILE)")
    if isinstance(document, PaymentTerms):
        terms = document  # the policy's standard terms
    else:
        if values["from"] is None:
            raise InvalidInputError("from", None, "given (in the record, or by --from)")
        terms = _read(values["from"], document, values)
    output = _write(values["to"], terms, values)
    text = compact(output) if isinstance(output, dict) else output
    data = {"from": values["from"], "to": values["to"], "terms": unstructure(terms), "output": text}
    return Converted(data, terms.describe())


def _row(result: Converted) -> tuple[Any, ...]:
    return (result["from"], result["to"], result.description, result["output"])


def _run(args: argparse.Namespace) -> int:
    policy = payment_terms_policy(args.policy)
    defaults = _options(args)
    if args.input is not None:
        if args.document is not None:
            args.parser.error("give an input document or --input, not both")
        defaults["terms"] = None if policy is None else policy.standard_terms
        rule = BatchRule(
            convert=lambda record, cells: read_fields(record, _FIELDS, defaults),
            compute=_convert,
            row=_row,
            columns=_COLUMNS,
            fields=frozenset(_FIELDS),
        )
        return run_batch(args, rule)
    if args.document is None and policy is not None:
        terms = policy.standard_terms
    else:
        if args.source is None:
            args.parser.error("the following arguments are required: --from")
        terms = _read(args.source, read_input(args.document or "-"), defaults)
    output = _write(args.target, terms, defaults)
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
