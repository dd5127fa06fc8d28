"""Purchasing documents from ERPs as budget requests: ERPNext and Odoo, read strictly.

Two readers turn a purchasing document, as the ERP's REST or JSON-RPC API
returns it (JSON text, or the parsed mapping), into one
`SpendRequest` (`spendrules.budget`):

* `read_erpnext_document`: an ERPNext ``Material Request``
  (requisition), ``Purchase Order`` (order) or ``Purchase Invoice`` (actual,
  a return when ``is_return`` is 1), told apart by their ``doctype`` field;
* `read_odoo_purchase_order`: an Odoo ``purchase.order`` record as
  ``read`` returns it (many2one fields as ``[id, "name"]`` pairs, ``false``
  for empty fields), with its ``order_line`` records inline or read
  separately.

**One request per document, one line per budget key.** Account, cost centre,
project and analytic account live on the item lines, and a budget check
consumes by (account, dimensions); the date, stage, supplier, requester and
reference belong to the document, and approval matrices and split detection
look at the document as a whole. So each document is one request whose
lines are the item lines grouped by (account, dimensions), in order of first
appearance, their amounts added exactly. Two items on the same account and
cost centre are one line; an item split over two analytic accounts is two.

**Strict, as the payment-term readers.** Numbers are exact: JSON text is
read with ``parse_float=Decimal``; a mapping holding a ``float`` is refused
(``float`` cannot hold 0.1 exactly), as are booleans and strings where a
number belongs. Every key must be a field the reader reads, a documented
informational field of the model, or named in ``ignore`` (custom fields,
accounting dimensions of your site); anything else (a typo, a field of
another doctype) is refused. Totals the document states (ERPNext ``total``
and ``net_total``, Odoo ``amount_untaxed``) must equal the sum of its lines.
Every error is an `InteropError` naming the JSON
path (``items[2].amount``, ``order_line[0].analytic_distribution``).

References:
    ERPNext ``erpnext/buying/doctype/purchase_order/purchase_order.json``,
    ``purchase_order_item.json``, ``stock/doctype/material_request/material_request.json``,
    ``material_request_item.json``, ``accounts/doctype/purchase_invoice/purchase_invoice.json``,
    ``purchase_invoice_item.json``; Frappe REST API (``GET /api/resource/{doctype}/{name}``
    returns ``{"data": {...}}``). Odoo ``addons/purchase/models/purchase_order.py``,
    ``purchase_order_line.py``, ``addons/analytic/models/analytic_mixin.py``
    (``analytic_distribution``: ``{"<analytic account id>": percent}``); Odoo External
    API (``read`` returns many2one fields as ``[id, display_name]``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Mapping, Sequence
from decimal import Decimal
from typing import Any

from spendrules._budget.model import SpendLine, SpendRequest, Stage
from spendrules._decimal import exact
from spendrules._interop._common import InteropError, Record
from spendrules.errors import _shown
from spendrules.money import allocate, currencies, quantize

__all__ = ["read_erpnext_document", "read_odoo_purchase_order"]

ERPNEXT = "erpnext"
ODOO = "odoo"

_HUNDRED = Decimal(100)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2}(\.\d{1,6})?)?", re.ASCII)
_ANALYTIC_ID = re.compile(r"[1-9]\d{0,17}", re.ASCII)


# --------------------------------------------------------------------------- shared


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _RepeatedKeyError(key)
        result[key] = value
    return result


class _RepeatedKeyError(Exception):
    """A key that a JSON object repeats (``json`` would keep the last silently)."""


def _load(source: str, document: object, name: str) -> object:
    """Return ``document`` parsed when it is JSON text (numbers exact), else as given."""
    if isinstance(document, bytes | bytearray):
        try:
            document = bytes(document).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InteropError(source, "$", exc.object[:40], f"UTF-8 text ({exc.reason})") from None
    if isinstance(document, str):
        try:
            return json.loads(document, parse_float=Decimal, object_pairs_hook=_no_repeats)
        except _RepeatedKeyError as exc:
            raise InteropError(
                source, "$", exc.args[0], "a JSON object without repeated keys"
            ) from None
        except (ValueError, RecursionError) as exc:
            raise InteropError(source, "$", document, f"JSON text ({exc})") from None
    if not isinstance(document, Mapping):
        raise TypeError(
            f"{name} must be JSON text or a mapping (dict), not {type(document).__name__}: "
            f"{_shown(document)}"
        )
    return document


def _check_ignore(ignore: object) -> frozenset[str]:
    if isinstance(ignore, str) or not isinstance(ignore, Collection):
        raise TypeError(f"ignore must be a collection of field names, not {_shown(ignore)}")
    for key in ignore:
        if not isinstance(key, str):
            raise TypeError(f"ignore must hold field names (str), not {_shown(key)}")
    return frozenset(ignore)


def _check_keys(
    record: Record,
    known: Collection[str],
    informational: Collection[str],
    ignore: frozenset[str],
    prefixes: tuple[str, ...] = (),
) -> None:
    """Refuse a key that is neither read, informational, named in ``ignore`` nor prefixed so."""
    custom = {key for key in record.data if isinstance(key, str) and key.startswith(prefixes)}
    record.check_keys(known, {*informational, *ignore, *custom})


def _iso_date(record: Record, key: str, value: object, pattern: re.Pattern[str]) -> dt.date:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        kind = "YYYY-MM-DD" if pattern is _DATE else "YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"
        record.fail(key, value, f"a date as text, {kind}")
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return record.fail(key, value, "a calendar date")


def _currency(record: Record, key: str, value: object) -> str:
    if not isinstance(value, str) or value not in currencies():
        record.fail(key, value, "an active ISO 4217 currency code")
    return value


def _total(record: Record, key: str, amounts: Sequence[Decimal]) -> None:
    """Check a stated total against the sum of the lines it sums."""
    if not record.has(key):
        return
    stated = record.decimal(key)
    with exact():
        computed = sum(amounts, Decimal(0))
    if stated != computed:
        record.fail(key, stated, f"the sum of the lines ({computed})")


def _grouped(
    keyed: Sequence[tuple[str, tuple[tuple[str, str], ...], Decimal]], currency: str
) -> tuple[SpendLine, ...]:
    """Return one line per (account, dimensions), first appearance first, amounts added."""
    sums: dict[tuple[str, tuple[tuple[str, str], ...]], Decimal] = {}
    with exact():
        for account, dimensions, amount in keyed:
            key = (account, dimensions)
            sums[key] = sums.get(key, Decimal(0)) + amount
    return tuple(
        SpendLine(account, amount, currency, dict(dimensions))
        for (account, dimensions), amount in sums.items()
    )


# --------------------------------------------------------------------------- ERPNext

_ERPNEXT_META = (
    "name",
    "owner",
    "creation",
    "modified",
    "modified_by",
    "docstatus",
    "idx",
    "doctype",
    "_user_tags",
    "_comments",
    "_assign",
    "_liked_by",
    "_seen",
)
#: Header fields of the three doctypes that say nothing about what is spent where.
_ERPNEXT_HEADER_INFO = frozenset(
    {
        *_ERPNEXT_META,
        "title",
        "naming_series",
        "company",
        "status",
        "amended_from",
        "supplier_name",
        "order_confirmation_no",
        "order_confirmation_date",
        "conversion_rate",
        "buying_price_list",
        "price_list_currency",
        "plc_conversion_rate",
        "ignore_pricing_rule",
        "set_warehouse",
        "set_from_warehouse",
        "set_reserve_warehouse",
        "is_subcontracted",
        "supplier_warehouse",
        "total_qty",
        "total_net_weight",
        "base_total",
        "base_net_total",
        "taxes_and_charges",
        "taxes",
        "base_taxes_and_charges_added",
        "base_taxes_and_charges_deducted",
        "base_total_taxes_and_charges",
        "taxes_and_charges_added",
        "taxes_and_charges_deducted",
        "total_taxes_and_charges",
        "apply_discount_on",
        "base_discount_amount",
        "additional_discount_percentage",
        "discount_amount",
        "base_grand_total",
        "base_rounding_adjustment",
        "base_rounded_total",
        "base_in_words",
        "grand_total",
        "rounding_adjustment",
        "rounded_total",
        "disable_rounded_total",
        "in_words",
        "advance_paid",
        "payment_terms_template",
        "payment_schedule",
        "tc_name",
        "terms",
        "per_billed",
        "per_received",
        "per_ordered",
        "supplier_address",
        "address_display",
        "contact_person",
        "contact_display",
        "contact_mobile",
        "contact_email",
        "shipping_address",
        "shipping_address_display",
        "billing_address",
        "billing_address_display",
        "letter_head",
        "select_print_heading",
        "language",
        "tax_category",
        "tax_id",
        "is_internal_supplier",
        "represents_company",
        "inter_company_order_reference",
        "group_same_items",
        "auto_repeat",
        "from_date",
        "to_date",
        "customer",
        "customer_name",
        "schedule_date",
        "posting_time",
        "set_posting_time",
        "due_date",
        "bill_no",
        "bill_date",
        "return_against",
        "is_paid",
        "update_stock",
        "credit_to",
        "party_account_currency",
        "outstanding_amount",
        "write_off_amount",
        "paid_amount",
        "remarks",
        "on_hold",
        "release_date",
        "hold_comment",
        "transfer_status",
        "work_order",
        "job_card",
        "cost_center",
        "project",
    }
)
#: Item fields that say nothing about what is spent where (amounts in company currency,
#: stock quantities, links to other documents, pricing details behind ``rate``).
_ERPNEXT_ITEM_INFO = frozenset(
    {
        *_ERPNEXT_META,
        "parent",
        "parentfield",
        "parenttype",
        "item_name",
        "description",
        "item_group",
        "brand",
        "image",
        "uom",
        "stock_uom",
        "stock_qty",
        "conversion_factor",
        "received_qty",
        "rejected_qty",
        "returned_qty",
        "ordered_qty",
        "received_stock_qty",
        "billed_amt",
        "price_list_rate",
        "base_price_list_rate",
        "discount_percentage",
        "discount_amount",
        "margin_type",
        "margin_rate_or_amount",
        "rate_with_margin",
        "base_rate_with_margin",
        "base_rate",
        "base_amount",
        "net_rate",
        "base_net_rate",
        "base_net_amount",
        "valuation_rate",
        "pricing_rules",
        "item_tax_template",
        "item_tax_rate",
        "weight_per_unit",
        "total_weight",
        "weight_uom",
        "warehouse",
        "from_warehouse",
        "schedule_date",
        "expected_delivery_date",
        "material_request_item",
        "po_detail",
        "purchase_receipt",
        "pr_detail",
        "sales_order",
        "sales_order_item",
        "supplier_quotation",
        "supplier_quotation_item",
        "supplier_part_no",
        "manufacturer",
        "manufacturer_part_no",
        "is_fixed_asset",
        "asset_category",
        "page_break",
        "delivered_by_supplier",
        "against_blanket_order",
        "blanket_order",
        "blanket_order_rate",
    }
)
_ERPNEXT_ITEM_FIELDS = frozenset(
    {
        "item_code",
        "qty",
        "rate",
        "amount",
        "net_amount",
        "expense_account",
        "cost_center",
        "project",
        "material_request",
        "purchase_order",
    }
)


class _Doctype:
    """What differs between the three ERPNext doctypes read here."""

    def __init__(
        self, stage: Stage, kind: str, item: str, date_key: str, relieves_key: str | None
    ) -> None:
        self.stage = stage
        self.kind = kind
        self.item = item
        self.date_key = date_key
        self.relieves_key = relieves_key


_DOCTYPES = {
    "Material Request": _Doctype(
        Stage.REQUISITION, "material_request", "Material Request Item", "transaction_date", None
    ),
    "Purchase Order": _Doctype(
        Stage.ORDER, "purchase_order", "Purchase Order Item", "transaction_date", "material_request"
    ),
    "Purchase Invoice": _Doctype(
        Stage.ACTUAL, "purchase_invoice", "Purchase Invoice Item", "posting_date", "purchase_order"
    ),
}
_HEADER_FIELDS = frozenset(
    {
        "doctype",
        "docstatus",
        "name",
        "owner",
        "supplier",
        "currency",
        "items",
        "total",
        "net_total",
        "is_return",
        "material_request_type",
        "transaction_date",
        "posting_date",
    }
)


def _erpnext_text(record: Record, key: str) -> str:
    """Return an optional Data/Link field ("" when missing or null)."""
    return record.text(key, default="")


def read_erpnext_document(
    document: str | bytes | Mapping[str, Any],
    *,
    currency: str | None = None,
    ignore: Collection[str] = (),
) -> SpendRequest:
    """Read an ERPNext Material Request, Purchase Order or Purchase Invoice as a spend request.

    Mapping (one request per document; its lines are the ``items`` grouped by
    account and dimensions, see the module docstring for why):

    ==================  ===========================================================
    request             ERPNext
    ==================  ===========================================================
    ``stage``           ``Material Request`` requisition, ``Purchase Order`` order,
                        ``Purchase Invoice`` actual (``doctype``)
    ``document_type``   ``material_request``, ``purchase_order``, ``purchase_invoice``
    ``date``            ``transaction_date`` (requests, orders), ``posting_date`` (invoices)
    ``reference``       ``name``
    ``requester``       ``owner`` (the user who created the document)
    ``supplier``        ``supplier`` (requests have none)
    ``relieves``        orders: the items' ``material_request``; invoices: the items'
                        ``purchase_order`` (each once, first appearance first); a
                        return relieves nothing
    line ``account``    item ``expense_account`` ("" when unset: the budget check
                        reports ``BUDGET.MISSING_ACCOUNT``)
    line dimensions     item ``cost_center`` and ``project``, when set
    line ``amount``     item ``net_amount`` (after the document's discount) when
                        present, else ``amount`` (``qty`` x ``rate``), in ``currency``
    ==================  ===========================================================

    ``qty`` and ``rate`` are checked to be numbers but the stated amount is
    used, as ERPNext rounds it to the currency's precision. A return invoice
    (``is_return`` 1, a debit note) has amounts <= 0, every other document
    amounts >= 0. The REST envelope ``{"data": {...}}`` is unwrapped (paths
    then start ``data.``).

    Args:
        document: The document as JSON text (UTF-8 bytes or str) or a mapping
            whose numbers are ``Decimal`` or ``int``.
        currency: The currency of a document that states none (a Material
            Request is in the company's currency); ignored when the document
            has ``currency``.
        ignore: Further field names to accept and ignore, on the header and the
            items (custom fields, accounting dimensions).

    Returns:
        The spend request.

    Raises:
        TypeError: ``document`` is neither text nor a mapping, or ``ignore`` is
            not a collection of names.
        InteropError: invalid JSON, a missing, unknown or wrongly typed field, a
            ``float`` number, a cancelled document (``docstatus`` 2), a sign
            against the document kind, a stated total that is not the sum of the
            items, an unknown currency, no items.
        NotRepresentableError: a doctype other than the three, a Material
            Request whose type is not ``Purchase`` (a transfer or issue spends
            nothing).

    Examples:
        >>> request = read_erpnext_document('''{"doctype": "Purchase Order", "name": "PUR-ORD-2024-00012",
        ...   "owner": "buyer@example.com", "supplier": "Zuckerman Security Ltd.",
        ...   "transaction_date": "2024-03-15", "currency": "USD", "total": 1275.50,
        ...   "items": [{"item_code": "CAM-4K", "qty": 3, "rate": 400.00, "amount": 1200.00,
        ...              "expense_account": "5118 - Security - ZS", "cost_center": "Main - ZS"},
        ...             {"item_code": "CABLE-20M", "qty": 5, "rate": 15.10, "amount": 75.50,
        ...              "expense_account": "5118 - Security - ZS", "cost_center": "Main - ZS",
        ...              "material_request": "MAT-MR-2024-00007"}]}''')
        >>> request.stage, request.date, request.relieves
        (<Stage.ORDER: 'order'>, datetime.date(2024, 3, 15), ('MAT-MR-2024-00007',))
        >>> request.lines[0].amount, request.lines[0].dimensions
        (Decimal('1275.50'), (('cost_center', 'Main - ZS'),))

    References:
        ERPNext doctypes ``Purchase Order`` / ``Purchase Order Item``,
        ``Material Request`` / ``Material Request Item``, ``Purchase Invoice`` /
        ``Purchase Invoice Item`` (field names and types); the Budget doctype's
        controls on Material Request, Purchase Order and actual expense.
    """
    names = _check_ignore(ignore)
    data = _load(ERPNEXT, document, "document")
    path = ""
    if isinstance(data, Mapping) and set(data) == {"data"}:
        data, path = data["data"], "data"
    header = Record(ERPNEXT, path, data)
    doctype_name = header.text("doctype")
    doctype = _DOCTYPES.get(doctype_name)
    if doctype is None:
        header.refuse(
            "doctype", doctype_name, "only Material Request, Purchase Order and Purchase Invoice"
        )
    _check_keys(header, _HEADER_FIELDS, _ERPNEXT_HEADER_INFO, names)
    if header.integer("docstatus", low=0, high=2, default=0) == 2:
        header.fail("docstatus", 2, "0 (draft) or 1 (submitted); 2 is a cancelled document")
    if doctype.stage is Stage.REQUISITION:
        kind = header.text("material_request_type", default="Purchase")
        if kind != "Purchase":
            header.refuse("material_request_type", kind, "only a Purchase request spends")
    is_return = (
        doctype.stage is Stage.ACTUAL and header.integer("is_return", low=0, high=1, default=0) == 1
    )
    if header.has("currency"):
        money = _currency(header, "currency", header.get("currency"))
    elif currency is not None:
        money = _currency(header, "currency", currency)
    else:
        header.fail("currency", None, "present (or pass currency=, the company's)")
    date = _iso_date(header, doctype.date_key, header.get(doctype.date_key), _DATE)
    rows = header.items("items", minimum=1)
    keyed: list[tuple[str, tuple[tuple[str, str], ...], Decimal]] = []
    amounts: list[Decimal] = []
    net_amounts: list[Decimal] = []
    relieves: list[str] = []
    for index, raw in enumerate(rows):
        row = Record(ERPNEXT, header.name(f"items[{index}]"), raw)
        row.check_keys(_ERPNEXT_ITEM_FIELDS, {*_ERPNEXT_ITEM_INFO, *names})
        if row.has("doctype") and row.get("doctype") != doctype.item:
            row.fail("doctype", row.get("doctype"), f"{doctype.item!r}")
        row.text("item_code")
        row.decimal("qty")
        row.decimal("rate")
        amount = row.decimal("amount")
        amounts.append(amount)
        used_key = "net_amount" if row.has("net_amount") else "amount"
        used = row.decimal(used_key)
        net_amounts.append(used)
        if is_return and used > 0:
            row.fail(used_key, used, "a number <= 0 (a return, is_return = 1, gives money back)")
        if not is_return and used < 0:
            row.fail(used_key, used, "a number >= 0 (a negative line belongs on a return)")
        dimensions = tuple(
            (key, value) for key in ("cost_center", "project") if (value := _erpnext_text(row, key))
        )
        keyed.append((_erpnext_text(row, "expense_account"), dimensions, used))
        if doctype.relieves_key is not None and not is_return:
            source = _erpnext_text(row, doctype.relieves_key)
            if source and source not in relieves:
                relieves.append(source)
    _total(header, "total", amounts)
    _total(header, "net_total", net_amounts)
    return SpendRequest(
        _grouped(keyed, money),
        date,
        stage=doctype.stage,
        document_type=doctype.kind,
        requester=_erpnext_text(header, "owner"),
        supplier=_erpnext_text(header, "supplier"),
        reference=_erpnext_text(header, "name"),
        relieves=relieves,
    )


# --------------------------------------------------------------------------- Odoo

_ODOO_PREFIXES = ("message_", "activity_", "access_", "website_", "x_")
#: ``purchase.order`` fields that say nothing about what is spent where.
_ODOO_ORDER_INFO = frozenset(
    {
        "id",
        "display_name",
        "__last_update",
        "priority",
        "origin",
        "partner_ref",
        "date_approve",
        "date_planned",
        "date_calendar_start",
        "dest_address_id",
        "notes",
        "invoice_count",
        "invoice_ids",
        "invoice_status",
        "amount_tax",
        "amount_total",
        "amount_total_cc",
        "tax_totals",
        "tax_calculation_rounding_method",
        "fiscal_position_id",
        "tax_country_id",
        "payment_term_id",
        "incoterm_id",
        "incoterm_location",
        "product_id",
        "company_id",
        "country_code",
        "currency_rate",
        "mail_reception_confirmed",
        "mail_reminder_confirmed",
        "receipt_reminder_email",
        "reminder_date_before_receipt",
        "picking_type_id",
        "picking_ids",
        "incoming_picking_count",
        "group_id",
        "is_shipped",
        "effective_date",
        "default_location_dest_id_usage",
        "receipt_status",
        "requisition_id",
        "has_message",
        "lock_confirmed_orders",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)
_ODOO_ORDER_FIELDS = frozenset(
    {
        "name",
        "state",
        "partner_id",
        "user_id",
        "currency_id",
        "date_order",
        "order_line",
        "amount_untaxed",
    }
)
#: ``purchase.order.line`` fields that say nothing about what is spent where.
_ODOO_LINE_INFO = frozenset(
    {
        "id",
        "display_name",
        "__last_update",
        "name",
        "sequence",
        "product_uom_qty",
        "product_uom",
        "product_uom_category_id",
        "product_type",
        "product_packaging_id",
        "product_packaging_qty",
        "product_template_id",
        "product_description_variants",
        "date_planned",
        "date_order",
        "taxes_id",
        "price_total",
        "price_tax",
        "discount",
        "order_id",
        "company_id",
        "state",
        "partner_id",
        "invoice_lines",
        "qty_invoiced",
        "qty_received",
        "qty_received_method",
        "qty_received_manual",
        "qty_to_invoice",
        "move_ids",
        "move_dest_ids",
        "propagate_cancel",
        "analytic_precision",
        "analytic_tag_ids",
        "distribution_analytic_account_ids",
        "sale_line_id",
        "sale_order_id",
        "forecasted_issue",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
    }
)
_ODOO_LINE_FIELDS = frozenset(
    {
        "product_id",
        "product_qty",
        "price_unit",
        "price_subtotal",
        "currency_id",
        "display_type",
        "analytic_distribution",
        "account_analytic_id",
    }
)
_ODOO_STATES = ("draft", "sent", "to approve", "purchase", "done", "cancel")


def _many2one(record: Record, key: str, *, required: bool = False) -> tuple[int, str] | None:
    """Return a many2one ``[id, "name"]`` pair (None for ``false``/null unless required)."""
    value = record.data.get(key, False)
    if (value is False or value is None) and not required:
        return None
    if (
        isinstance(value, list | tuple)
        and len(value) == 2
        and isinstance(value[0], int)
        and not isinstance(value[0], bool)
        and value[0] > 0
        and isinstance(value[1], str)
    ):
        return value[0], value[1]
    return record.fail(
        key, value, 'a many2one [id, "name"] pair' + ("" if required else " or false")
    )


def _odoo_name(record: Record, key: str) -> str:
    pair = _many2one(record, key)
    return "" if pair is None else pair[1]


def _analytic(
    line: Record, amount: Decimal, currency: str
) -> list[tuple[tuple[tuple[str, str], ...], Decimal]]:
    """Return the line's amount split by its analytic accounts (dimension ``analytic_account``)."""
    old = _many2one(line, "account_analytic_id")
    raw = line.data.get("analytic_distribution", False)
    if raw is False or raw is None or raw == {}:
        if old is None:
            return [((), amount)]
        return [((("analytic_account", str(old[0])),), amount)]
    if old is not None:
        line.fail("account_analytic_id", list(old), "false when analytic_distribution is set")
    distribution = Record(ODOO, line.name("analytic_distribution"), raw)
    keys: list[str] = []
    percents: list[Decimal] = []
    for key in distribution.data:
        if not isinstance(key, str) or not _ANALYTIC_ID.fullmatch(key):
            if isinstance(key, str) and "," in key:
                distribution.refuse(
                    key,
                    key,
                    "a key naming several analytic accounts (one per plan); "
                    "a spend line holds one analytic account",
                )
            distribution.fail(str(key), key, "an analytic account id")
        percent = distribution.decimal(key)
        if not 0 < percent <= _HUNDRED:
            distribution.fail(key, percent, "a percent above 0 and at most 100")
        keys.append(key)
        percents.append(percent)
    with exact():
        total = sum(percents, Decimal(0))
        rest = _HUNDRED - total
    if rest < 0:
        line.fail("analytic_distribution", raw, f"percents adding up to at most 100 ({total})")
    shares = allocate(amount, [*percents, rest], currency)
    parts: list[tuple[tuple[tuple[str, str], ...], Decimal]] = [
        ((("analytic_account", key),), share) for key, share in zip(keys, shares, strict=False)
    ]
    if rest:
        parts.append(((), shares[-1]))
    return parts


def _odoo_lines(order: Record, lines: Sequence[Mapping[str, Any]] | None) -> list[Record]:
    """Return the order's line records, resolving ids against ``lines`` (a separate ``read``)."""
    entries = order.items("order_line", minimum=1)
    by_id: dict[int, Record] = {}
    if lines is not None:
        if isinstance(lines, str | bytes) or not isinstance(lines, Sequence):
            raise TypeError(
                f"lines must be a sequence of purchase.order.line records: {_shown(lines)}"
            )
        for index, raw in enumerate(lines):
            record = Record(ODOO, f"lines[{index}]", raw)
            key = record.integer("id", low=1, high=2**63 - 1)
            if key in by_id:
                record.fail("id", key, "an id that appears once in lines")
            by_id[key] = record
    records: list[Record] = []
    for index, entry in enumerate(entries):
        path = order.name(f"order_line[{index}]")
        if isinstance(entry, int) and not isinstance(entry, bool):
            if entry not in by_id:
                raise InteropError(
                    ODOO, path, entry, "the id of a record in lines= (read purchase.order.line)"
                )
            records.append(by_id.pop(entry))
        else:
            records.append(Record(ODOO, path, entry))
    if by_id:
        unused = next(iter(by_id.values()))
        unused.fail("id", unused.data["id"], "the id of one of the order's order_line")
    return records


def read_odoo_purchase_order(
    order: str | bytes | Mapping[str, Any] | list[Mapping[str, Any]],
    *,
    lines: Sequence[Mapping[str, Any]] | None = None,
    accounts: Mapping[int, str] | None = None,
    ignore: Collection[str] = (),
) -> SpendRequest:
    """Read an Odoo ``purchase.order`` record as a spend request (stage order).

    Mapping (one request per order; its lines are the order lines grouped by
    account and analytic account, see the module docstring for why):

    ==================  ===========================================================
    request             Odoo ``purchase.order``
    ==================  ===========================================================
    ``date``            ``date_order`` (a UTC datetime; its date part)
    ``reference``       ``name`` (``P00012``)
    ``requester``       ``user_id`` name (the purchase representative)
    ``supplier``        ``partner_id`` name
    ``document_type``   ``purchase_order``
    line ``amount``     ``price_subtotal`` (untaxed, after the line discount), in the
                        order's ``currency_id``
    line ``account``    ``accounts[product id]``; "" otherwise (a purchase line
                        has no account: Odoo takes it from the product category
                        when billing, and the budget check reports
                        ``BUDGET.MISSING_ACCOUNT``)
    line dimensions     ``analytic_account``: the analytic account id (as text) of
                        ``analytic_distribution`` (Odoo 16+, split by its percents
                        in whole minor units by largest remainder, so the parts add
                        up to the subtotal, where Odoo rounds each analytic line on
                        its own; below 100 % the rest has no analytic account) or of
                        ``account_analytic_id`` (Odoo 15)
    ==================  ===========================================================

    Section and note lines (``display_type`` set) carry no amount and are
    skipped. Every state but ``cancel`` is read as an order (the budget check
    comes before confirmation as well). ``read`` returns ``order_line`` as ids:
    pass the ``purchase.order.line`` records (a second ``read``) as ``lines``,
    or inline the records in ``order_line`` (``web_read`` does).

    Args:
        order: The record as JSON text or a mapping whose numbers are
            ``Decimal`` or ``int`` (a JSON-RPC ``read`` result, a list of one
            record, is accepted too).
        lines: The order's line records when ``order_line`` holds ids.
        accounts: Expense account per product id (``product_id[0]``).
        ignore: Further field names to accept and ignore (``x_`` custom fields
            are always ignored).

    Returns:
        The spend request.

    Raises:
        TypeError: ``order`` is neither text nor a mapping (or a list of one),
            or an option of the wrong type.
        InteropError: invalid JSON, a missing, unknown or wrongly typed field, a
            ``float``, a cancelled order, a negative subtotal or one not in whole
            minor units of the currency, a line currency
            other than the order's, an ``amount_untaxed`` that is not the sum of
            the subtotals, analytic percents above 100, no product line.
        NotRepresentableError: an ``analytic_distribution`` key naming several
            analytic accounts (``"3,7"``, one per analytic plan).

    Examples:
        >>> request = read_odoo_purchase_order('''{"id": 12, "name": "P00012",
        ...   "state": "purchase", "partner_id": [14, "Azure Interior"],
        ...   "user_id": [2, "Mitchell Admin"], "currency_id": [1, "USD"],
        ...   "date_order": "2024-03-15 09:30:00", "amount_untaxed": 1500.0,
        ...   "order_line": [{"id": 31, "product_id": [27, "[FURN_8888] Office Lamp"],
        ...     "product_qty": 10.0, "price_unit": 150.0, "price_subtotal": 1500.0,
        ...     "analytic_distribution": {"3": 60.0, "5": 40.0}}]}''', accounts={27: "600000"})
        >>> [(line.account, line.amount, line.dimensions) for line in request.lines]
        [('600000', Decimal('900.00'), (('analytic_account', '3'),)), ('600000', Decimal('600.00'), (('analytic_account', '5'),))]

    References:
        Odoo ``purchase.order`` and ``purchase.order.line`` field definitions
        (``addons/purchase/models/``), ``analytic.mixin``
        (``analytic_distribution``), the External API's ``read``.
    """
    names = _check_ignore(ignore)
    if accounts is None:
        accounts = {}
    if not isinstance(accounts, Mapping):
        raise TypeError(f"accounts must be a mapping of product id to account: {_shown(accounts)}")
    data = _load(ODOO, order, "order") if not isinstance(order, list) else order
    path = ""
    if isinstance(data, list):
        if len(data) != 1:
            raise InteropError(ODOO, "$", data, "one record (a read of one id)")
        data, path = data[0], "[0]"
    header = Record(ODOO, path, data)
    _check_keys(header, _ODOO_ORDER_FIELDS, {*_ODOO_ORDER_INFO}, names, _ODOO_PREFIXES)
    if header.choice("state", _ODOO_STATES, default="draft") == "cancel":
        header.fail(
            "state", "cancel", "a state other than cancel (a cancelled order spends nothing)"
        )
    pair = _many2one(header, "currency_id", required=True)
    assert pair is not None  # noqa: S101 - required
    currency = _currency(header, "currency_id", pair[1])
    date = _iso_date(header, "date_order", header.get("date_order"), _DATETIME)
    keyed: list[tuple[str, tuple[tuple[str, str], ...], Decimal]] = []
    subtotals: list[Decimal] = []
    for line in _odoo_lines(header, lines):
        _check_keys(line, _ODOO_LINE_FIELDS, _ODOO_LINE_INFO, names, _ODOO_PREFIXES)
        if line.data.get("display_type") not in (False, None):
            line.choice("display_type", ("line_section", "line_note"))
            continue
        product = _many2one(line, "product_id", required=True)
        assert product is not None  # noqa: S101 - required
        line.decimal("product_qty")
        line.decimal("price_unit")
        subtotal = line.decimal("price_subtotal")
        if subtotal < 0:
            line.fail("price_subtotal", subtotal, "a number >= 0 (a purchase order line buys)")
        if quantize(subtotal, currency) != subtotal:
            line.fail(
                "price_subtotal", subtotal, f"in whole minor units of {currency} (Odoo rounds it)"
            )
        subtotals.append(subtotal)
        line_currency = _many2one(line, "currency_id")
        if line_currency is not None and line_currency[1] != currency:
            line.fail("currency_id", list(line_currency), f"the order's currency ({currency})")
        account = accounts.get(product[0], "")
        if not isinstance(account, str):
            raise TypeError(f"accounts[{product[0]}] must be a str, not {_shown(account)}")
        for dimensions, amount in _analytic(line, subtotal, currency):
            keyed.append((account, dimensions, amount))
    if not keyed:
        header.fail("order_line", header.get("order_line"), "at least one product line")
    _total(header, "amount_untaxed", subtotals)
    return SpendRequest(
        _grouped(keyed, currency),
        date,
        stage=Stage.ORDER,
        document_type="purchase_order",
        requester=_odoo_name(header, "user_id"),
        supplier=_odoo_name(header, "partner_id"),
        reference=header.text("name", default=""),
    )
