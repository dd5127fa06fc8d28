"""ERPNext and Odoo purchasing documents read as budget spend requests.

The sample documents follow the field names and types of ERPNext's ``Purchase Order``,
``Material Request`` and ``Purchase Invoice`` doctypes (and their ``* Item`` child
tables) as ``GET /api/resource/{doctype}/{name}`` returns them, and of Odoo's
``purchase.order`` / ``purchase.order.line`` as the External API's ``read`` returns them.
"""

from __future__ import annotations

import copy
import json
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from spendrules.budget import SpendLine, Stage
from spendrules.interop import (
    InteropError,
    NotRepresentableError,
    read_erpnext_document,
    read_odoo_purchase_order,
)

D = Decimal

# --------------------------------------------------------------------------- ERPNext samples

#: ERPNext Purchase Order (buying/doctype/purchase_order), as the REST API returns it.
PURCHASE_ORDER = """{
  "name": "PUR-ORD-2024-00012", "owner": "buyer@example.com", "creation": "2024-03-15 10:02:11.123456",
  "docstatus": 1, "idx": 0, "doctype": "Purchase Order", "naming_series": "PUR-ORD-.YYYY.-",
  "supplier": "Zuckerman Security Ltd.", "supplier_name": "Zuckerman Security Ltd.",
  "transaction_date": "2024-03-15", "schedule_date": "2024-04-01", "company": "Wind Power LLC",
  "currency": "USD", "conversion_rate": 1.0, "status": "To Receive and Bill",
  "total_qty": 9.0, "total": 1310.50, "net_total": 1310.50, "grand_total": 1402.24,
  "taxes": [], "payment_schedule": [],
  "items": [
    {"name": "a1b2c3", "doctype": "Purchase Order Item", "parent": "PUR-ORD-2024-00012",
     "parentfield": "items", "parenttype": "Purchase Order", "idx": 1,
     "item_code": "CAM-4K", "item_name": "4K camera", "qty": 3.0, "uom": "Nos", "rate": 400.0,
     "amount": 1200.0, "net_amount": 1200.0, "base_amount": 1200.0,
     "expense_account": "5118 - Security - WP", "cost_center": "Main - WP", "project": null,
     "material_request": "MAT-MR-2024-00007", "schedule_date": "2024-04-01"},
    {"name": "d4e5f6", "doctype": "Purchase Order Item", "idx": 2,
     "item_code": "CABLE-20M", "qty": 5.0, "rate": 15.10, "amount": 75.50, "net_amount": 75.50,
     "expense_account": "5118 - Security - WP", "cost_center": "Main - WP", "project": "",
     "material_request": "MAT-MR-2024-00007"},
    {"name": "g7h8i9", "doctype": "Purchase Order Item", "idx": 3,
     "item_code": "SVC-INSTALL", "qty": 1.0, "rate": 35.0, "amount": 35.0, "net_amount": 35.0,
     "expense_account": "5118 - Security - WP", "cost_center": "Main - WP",
     "project": "PROJ-0003", "material_request": "MAT-MR-2024-00008"}
  ]
}"""


def material_request() -> dict[str, Any]:
    """ERPNext Material Request (stock/doctype/material_request); no currency field."""
    return {
        "name": "MAT-MR-2024-00007",
        "owner": "engineer@example.com",
        "doctype": "Material Request",
        "docstatus": 1,
        "material_request_type": "Purchase",
        "transaction_date": "2024-03-10",
        "schedule_date": "2024-03-31",
        "company": "Wind Power LLC",
        "items": [
            {
                "doctype": "Material Request Item",
                "item_code": "CAM-4K",
                "qty": D("3"),
                "rate": D("395.00"),
                "amount": D("1185.00"),
                "expense_account": "5118 - Security - WP",
                "cost_center": "Main - WP",
                "warehouse": "Stores - WP",
            },
            {
                "doctype": "Material Request Item",
                "item_code": "CABLE-20M",
                "qty": 5,
                "rate": D("15.10"),
                "amount": D("75.50"),
                "cost_center": "Main - WP",
            },
        ],
    }


def purchase_invoice(*, is_return: bool = False) -> dict[str, Any]:
    """ERPNext Purchase Invoice (accounts/doctype/purchase_invoice) with a 10 % document discount."""
    sign = -1 if is_return else 1
    invoice: dict[str, Any] = {
        "name": "ACC-PINV-2024-00031",
        "owner": "ap@example.com",
        "doctype": "Purchase Invoice",
        "docstatus": 1,
        "supplier": "Zuckerman Security Ltd.",
        "posting_date": "2024-04-05",
        "bill_no": "ZS-4471",
        "currency": "EUR",
        "is_return": 1 if is_return else 0,
        "apply_discount_on": "Net Total",
        "additional_discount_percentage": D("10"),
        "total": sign * D("1275.50"),
        "net_total": sign * D("1147.95"),
        "items": [
            {
                "doctype": "Purchase Invoice Item",
                "item_code": "CAM-4K",
                "qty": sign * 3,
                "rate": D("400.00"),
                "amount": sign * D("1200.00"),
                "net_amount": sign * D("1080.00"),
                "expense_account": "5118 - Security - WP",
                "cost_center": "Main - WP",
                "purchase_order": "PUR-ORD-2024-00012",
            },
            {
                "doctype": "Purchase Invoice Item",
                "item_code": "CABLE-20M",
                "qty": sign * 5,
                "rate": D("15.10"),
                "amount": sign * D("75.50"),
                "net_amount": sign * D("67.95"),
                "expense_account": "5119 - Cabling - WP",
                "cost_center": "Main - WP",
                "purchase_order": "PUR-ORD-2024-00012",
            },
        ],
    }
    if is_return:
        invoice["return_against"] = "ACC-PINV-2024-00030"
    return invoice


def test_erpnext_purchase_order_groups_items_by_account_and_dimensions() -> None:
    request = read_erpnext_document(PURCHASE_ORDER)
    assert request.stage is Stage.ORDER
    assert request.document_type == "purchase_order"
    assert request.date == date(2024, 3, 15)
    assert request.reference == "PUR-ORD-2024-00012"
    assert request.requester == "buyer@example.com"
    assert request.supplier == "Zuckerman Security Ltd."
    assert request.relieves == ("MAT-MR-2024-00007", "MAT-MR-2024-00008")
    assert request.lines == (
        SpendLine("5118 - Security - WP", D("1275.50"), "USD", {"cost_center": "Main - WP"}),
        SpendLine(
            "5118 - Security - WP",
            D("35.0"),
            "USD",
            {"cost_center": "Main - WP", "project": "PROJ-0003"},
        ),
    )
    assert str(request.lines[0].amount) == "1275.50"  # exact, from the JSON text


def test_erpnext_rest_envelope_and_bytes() -> None:
    enveloped = json.dumps({"data": json.loads(PURCHASE_ORDER)}).encode()
    assert read_erpnext_document(enveloped).lines[0].amount == D("1275.5")
    broken = json.loads(PURCHASE_ORDER, parse_float=Decimal)
    broken["items"][1]["amount"] = "75.50"
    with pytest.raises(InteropError) as info:
        read_erpnext_document({"data": broken})
    assert info.value.field == "data.items[1].amount"


def test_erpnext_material_request_is_a_requisition_in_the_given_currency() -> None:
    request = read_erpnext_document(material_request(), currency="EUR")
    assert request.stage is Stage.REQUISITION
    assert request.date == date(2024, 3, 10)
    assert request.supplier == ""
    assert request.relieves == ()
    assert request.lines == (
        SpendLine("5118 - Security - WP", D("1185.00"), "EUR", {"cost_center": "Main - WP"}),
        SpendLine("", D("75.50"), "EUR", {"cost_center": "Main - WP"}),
    )
    stated = material_request() | {"currency": "INR"}
    assert read_erpnext_document(stated, currency="EUR").lines[0].currency == "INR"
    with pytest.raises(InteropError, match=r"currency must be present \(or pass currency="):
        read_erpnext_document(material_request())
    with pytest.raises(InteropError) as info:
        read_erpnext_document(material_request(), currency="EURO")
    assert info.value.field == "currency"


def test_erpnext_purchase_invoice_uses_net_amounts_and_relieves_orders() -> None:
    request = read_erpnext_document(purchase_invoice())
    assert request.stage is Stage.ACTUAL
    assert request.document_type == "purchase_invoice"
    assert request.date == date(2024, 4, 5)
    assert request.relieves == ("PUR-ORD-2024-00012",)
    assert [(line.account, line.amount) for line in request.lines] == [
        ("5118 - Security - WP", D("1080.00")),
        ("5119 - Cabling - WP", D("67.95")),
    ]


def test_erpnext_return_invoice_is_a_negative_actual_relieving_nothing() -> None:
    request = read_erpnext_document(purchase_invoice(is_return=True))
    assert [line.amount for line in request.lines] == [D("-1080.00"), D("-67.95")]
    assert request.relieves == ()


def _set(path: str, value: Any) -> Any:
    def change(document: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = document
        for step in parents:
            target = target[int(step)] if step.isdigit() else target[step]
        key: Any = int(last) if last.isdigit() else last
        if value is _DELETE:
            del target[key]
        else:
            target[key] = value

    return change


_DELETE = object()


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        pytest.param(_set("items.0.amount", 1200.0), InteropError, "items[0].amount", id="float"),
        pytest.param(_set("items.0.amount", _DELETE), InteropError, "items[0].amount", id="missing"),
        pytest.param(_set("items.0.qty", True), InteropError, "items[0].qty", id="bool qty"),
        pytest.param(_set("items.0.rate", "400"), InteropError, "items[0].rate", id="str rate"),
        pytest.param(_set("items.0.item_code", None), InteropError, "items[0].item_code", id="no item"),
        pytest.param(_set("suplier", "X"), InteropError, "suplier", id="unknown header key"),
        pytest.param(_set("items.1.cost_centre", "X"), InteropError, "items[1].cost_centre", id="unknown item key"),
        pytest.param(_set("items.0.cost_center", 7), InteropError, "items[0].cost_center", id="int cost center"),
        pytest.param(_set("items.0.doctype", "Sales Order Item"), InteropError, "items[0].doctype", id="child doctype"),
        pytest.param(_set("items.0", "CAM-4K"), InteropError, "items[0]", id="item not an object"),
        pytest.param(_set("items", {}), InteropError, "items", id="items not an array"),
        pytest.param(_set("items", []), InteropError, "items", id="no items"),
        pytest.param(_set("doctype", "Sales Order"), NotRepresentableError, "doctype", id="unknown doctype"),
        pytest.param(_set("doctype", _DELETE), InteropError, "doctype", id="no doctype"),
        pytest.param(_set("docstatus", 2), InteropError, "docstatus", id="cancelled"),
        pytest.param(_set("docstatus", "1"), InteropError, "docstatus", id="docstatus text"),
        pytest.param(_set("posting_date", "05/04/2024"), InteropError, "posting_date", id="date format"),
        pytest.param(_set("posting_date", "2024-02-30"), InteropError, "posting_date", id="no such day"),
        pytest.param(_set("posting_date", _DELETE), InteropError, "posting_date", id="no date"),
        pytest.param(_set("currency", "XXY"), InteropError, "currency", id="unknown currency"),
        pytest.param(_set("total", D("1275.49")), InteropError, "total", id="total off by a cent"),
        pytest.param(_set("net_total", D("1275.50")), InteropError, "net_total", id="net total ignores discount"),
        pytest.param(_set("is_return", 2), InteropError, "is_return", id="is_return not 0/1"),
        pytest.param(_set("items.0.net_amount", D("-1080.00")), InteropError, "items[0].net_amount", id="negative invoice line"),
        pytest.param(_set("owner", 42), InteropError, "owner", id="owner not text"),
    ],
)  # fmt: skip
def test_erpnext_refusals_name_the_path(change: Any, error: type[Exception], field: str) -> None:
    document = purchase_invoice()
    change(document)
    with pytest.raises(error) as info:
        read_erpnext_document(document)
    assert isinstance(info.value, InteropError)
    assert type(info.value) is error
    assert info.value.source == "erpnext"
    assert info.value.field == field


def test_erpnext_float_refusal_points_to_parse_float() -> None:
    document = purchase_invoice()
    document["items"][0]["amount"] = 1200.0
    with pytest.raises(InteropError, match="parse_float=Decimal"):
        read_erpnext_document(document)


def test_erpnext_positive_line_on_a_return_is_refused() -> None:
    document = purchase_invoice(is_return=True)
    document["items"][1]["net_amount"] = D("67.95")
    with pytest.raises(InteropError, match="<= 0") as info:
        read_erpnext_document(document)
    assert info.value.field == "items[1].net_amount"


def test_erpnext_material_transfer_spends_nothing() -> None:
    document = material_request() | {"material_request_type": "Material Transfer"}
    with pytest.raises(NotRepresentableError) as info:
        read_erpnext_document(document, currency="EUR")
    assert info.value.field == "material_request_type"


def test_erpnext_ignore_accepts_site_fields_on_header_and_items() -> None:
    document = purchase_invoice()
    document["custom_budget_holder"] = "CFO"
    document["items"][0]["custom_budget_holder"] = "CFO"
    with pytest.raises(InteropError):
        read_erpnext_document(document)
    request = read_erpnext_document(document, ignore={"custom_budget_holder"})
    assert request == read_erpnext_document(purchase_invoice())


@pytest.mark.parametrize(
    ("text", "constraint"),
    [
        pytest.param('{"doctype": "Purchase Order",', "JSON text", id="truncated"),
        pytest.param(
            '{"doctype": "Purchase Order", "doctype": "x"}', "repeated keys", id="repeated"
        ),
        pytest.param("[" * 100_000 + "]" * 100_000, "JSON text", id="deep nesting"),
        pytest.param('{"total": ' + "9" * 5000 + "}", "JSON text", id="5000-digit integer"),
        pytest.param(b"\xff\xfe{}", "UTF-8 text", id="invalid UTF-8"),
        pytest.param("[]", "an object", id="not an object"),
        pytest.param('"x"', "an object", id="a string"),
    ],
)
def test_erpnext_bad_json_text_is_an_interop_error(text: str | bytes, constraint: str) -> None:
    with pytest.raises(InteropError, match=constraint) as info:
        read_erpnext_document(text)
    assert info.value.field == "$"


@pytest.mark.parametrize(
    ("document", "options"),
    [
        pytest.param(42, {}, id="int document"),
        pytest.param([{}], {}, id="list document"),
        pytest.param("{}", {"ignore": "custom_x"}, id="ignore as a string"),
        pytest.param("{}", {"ignore": [1]}, id="ignore of ints"),
        pytest.param("{}", {"ignore": 3}, id="ignore not a collection"),
    ],
)
def test_erpnext_wrong_argument_types(document: Any, options: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        read_erpnext_document(document, **options)


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)
keys = st.tuples(st.sampled_from(["5110", "5118", ""]), st.sampled_from(["Main", "R&D", None]))


@given(st.lists(st.tuples(keys, amounts), min_size=1, max_size=12))
def test_erpnext_grouping_conserves_every_key_total(items: list[Any]) -> None:
    document = {
        "doctype": "Purchase Order",
        "transaction_date": "2024-03-15",
        "currency": "USD",
        "items": [
            {
                "item_code": f"I{index}",
                "qty": 1,
                "rate": amount,
                "amount": amount,
                "expense_account": account,
                "cost_center": center,
            }
            for index, ((account, center), amount) in enumerate(items)
        ],
    }
    request = read_erpnext_document(document)
    expected: dict[tuple[str, str | None], Decimal] = {}
    for key, amount in items:
        expected[key] = expected.get(key, D(0)) + amount
    assert {
        (line.account, line.dimension("cost_center")): line.amount for line in request.lines
    } == expected
    assert len(request.lines) == len(expected)


# --------------------------------------------------------------------------- Odoo samples

#: Odoo 17 ``purchase.order`` as ``web_read`` returns it (order lines inline).
ODOO_ORDER = """{
  "id": 12, "name": "P00012", "display_name": "P00012", "priority": "0", "origin": false,
  "partner_ref": false, "state": "purchase", "date_order": "2024-03-15 09:30:00",
  "date_approve": "2024-03-15 09:41:12", "partner_id": [14, "Azure Interior"],
  "user_id": [2, "Mitchell Admin"], "currency_id": [1, "USD"], "company_id": [1, "YourCompany"],
  "amount_untaxed": 1580.05, "amount_tax": 237.01, "amount_total": 1817.06,
  "invoice_status": "no", "message_follower_ids": [7], "activity_ids": [],
  "x_studio_budget_owner": "CFO",
  "order_line": [
    {"id": 30, "display_type": "line_section", "name": "Furniture", "product_id": false,
     "product_qty": 0.0, "price_unit": 0.0, "price_subtotal": 0.0},
    {"id": 31, "display_type": false, "name": "[FURN_8888] Office Lamp",
     "product_id": [27, "[FURN_8888] Office Lamp"], "product_qty": 10.0, "price_unit": 150.0,
     "discount": 0.0, "price_subtotal": 1500.0, "price_total": 1725.0, "currency_id": [1, "USD"],
     "analytic_distribution": {"3": 60.0, "5": 40.0}, "analytic_precision": 2, "taxes_id": [1]},
    {"id": 32, "display_type": false, "name": "[FURN_0269] Office Chair Black",
     "product_id": [12, "[FURN_0269] Office Chair Black"], "product_qty": 1.0, "price_unit": 80.05,
     "price_subtotal": 80.05, "analytic_distribution": {"3": 50.0, "5": 50.0}},
    {"id": 33, "display_type": "line_note", "name": "Deliver to gate 2", "product_id": false}
  ]
}"""


def odoo_order() -> dict[str, Any]:
    order: dict[str, Any] = json.loads(ODOO_ORDER, parse_float=Decimal)
    return order


def test_odoo_purchase_order_splits_by_analytic_distribution() -> None:
    request = read_odoo_purchase_order(ODOO_ORDER, accounts={27: "600000", 12: "600000"})
    assert request.stage is Stage.ORDER
    assert request.document_type == "purchase_order"
    assert request.date == date(2024, 3, 15)
    assert request.reference == "P00012"
    assert request.supplier == "Azure Interior"
    assert request.requester == "Mitchell Admin"
    # 80.05 at 50/50: 40.025 rounds half-up to 40.03; the last account takes 40.02.
    assert request.lines == (
        SpendLine("600000", D("940.03"), "USD", {"analytic_account": "3"}),
        SpendLine("600000", D("640.02"), "USD", {"analytic_account": "5"}),
    )


def test_odoo_without_accounts_or_analytics() -> None:
    order = odoo_order()
    line = order["order_line"][1]
    del line["analytic_distribution"]
    order["order_line"] = [line]
    order["amount_untaxed"] = D("1500.0")
    request = read_odoo_purchase_order(order)
    assert request.lines == (SpendLine("", D("1500.0"), "USD"),)


def test_odoo_partial_distribution_leaves_the_rest_without_analytic_account() -> None:
    order = odoo_order()
    order["order_line"][2]["analytic_distribution"] = {"7": D("25")}
    request = read_odoo_purchase_order(order, accounts={12: "610000"})
    assert request.lines[-2:] == (
        SpendLine("610000", D("20.01"), "USD", {"analytic_account": "7"}),
        SpendLine("610000", D("60.04"), "USD"),
    )


def test_odoo15_account_analytic_id() -> None:
    order = odoo_order()
    for line in order["order_line"][1:3]:
        del line["analytic_distribution"]
        line["account_analytic_id"] = [4, "Administrative"]
    order["user_id"] = False
    request = read_odoo_purchase_order(order)
    assert request.lines == (SpendLine("", D("1580.05"), "USD", {"analytic_account": "4"}),)
    assert request.requester == ""


def test_odoo_read_result_with_line_ids_and_separate_lines() -> None:
    order = odoo_order()
    records = order["order_line"]
    order["order_line"] = [record["id"] for record in records]
    whole = read_odoo_purchase_order(ODOO_ORDER)
    assert read_odoo_purchase_order([order], lines=records[::-1]) == whole
    assert read_odoo_purchase_order(json.dumps([json.loads(ODOO_ORDER)])) == whole

    with pytest.raises(InteropError) as info:
        read_odoo_purchase_order(order, lines=records[1:])
    assert info.value.field == "order_line[0]"
    with pytest.raises(InteropError) as info:
        read_odoo_purchase_order(order, lines=[*records, {"id": 99}])
    assert info.value.field == "lines[4].id"
    with pytest.raises(InteropError) as info:
        read_odoo_purchase_order(order, lines=[*records, records[0]])
    assert info.value.field == "lines[4].id"
    with pytest.raises(InteropError) as info:
        read_odoo_purchase_order([order], lines=records[:3])
    assert info.value.field == "[0].order_line[3]"
    with pytest.raises(InteropError) as info:
        read_odoo_purchase_order([order, order], lines=records)
    assert info.value.field == "$"


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        pytest.param(_set("state", "cancel"), InteropError, "state", id="cancelled"),
        pytest.param(_set("state", "approved"), InteropError, "state", id="unknown state"),
        pytest.param(_set("order_line.1.price_subtotal", 1500.0), InteropError, "order_line[1].price_subtotal", id="float"),
        pytest.param(_set("order_line.1.price_subtotal", D("-1500.0")), InteropError, "order_line[1].price_subtotal", id="negative"),
        pytest.param(_set("order_line.1.price_subtotal", D("1500.001")), InteropError, "order_line[1].price_subtotal", id="below the cent"),
        pytest.param(_set("order_line.1.price_subtotal", _DELETE), InteropError, "order_line[1].price_subtotal", id="missing"),
        pytest.param(_set("order_line.1.product_qty", "10"), InteropError, "order_line[1].product_qty", id="qty text"),
        pytest.param(_set("order_line.1.product_id", False), InteropError, "order_line[1].product_id", id="no product"),
        pytest.param(_set("order_line.1.currency_id", [2, "EUR"]), InteropError, "order_line[1].currency_id", id="line currency"),
        pytest.param(_set("order_line.1.display_type", "line_image"), InteropError, "order_line[1].display_type", id="display type"),
        pytest.param(_set("order_line.1.analytic_distribution", {"3": D("60"), "5": D("41")}), InteropError, "order_line[1].analytic_distribution", id="over 100 %"),
        pytest.param(_set("order_line.1.analytic_distribution", {"3": D("0")}), InteropError, "order_line[1].analytic_distribution.3", id="0 %"),
        pytest.param(_set("order_line.1.analytic_distribution", {"3": 60.0}), InteropError, "order_line[1].analytic_distribution.3", id="float percent"),
        pytest.param(_set("order_line.1.analytic_distribution", {"3,7": D("100")}), NotRepresentableError, "order_line[1].analytic_distribution.3,7", id="multi-plan key"),
        pytest.param(_set("order_line.1.analytic_distribution", {"Admin": D("100")}), InteropError, "order_line[1].analytic_distribution.Admin", id="name as key"),
        pytest.param(_set("order_line.1.analytic_distribution", {3: D("100")}), InteropError, "order_line[1].analytic_distribution.3", id="int key"),
        pytest.param(_set("order_line.1.analytic_distribution", "3"), InteropError, "order_line[1].analytic_distribution", id="not an object"),
        pytest.param(_set("order_line.1.account_analytic_id", [4, "Administrative"]), InteropError, "order_line[1].account_analytic_id", id="both analytic fields"),
        pytest.param(_set("order_line.1.price_unti", D("1")), InteropError, "order_line[1].price_unti", id="unknown line key"),
        pytest.param(_set("order_line.2", 32), InteropError, "order_line[2]", id="id without lines="),
        pytest.param(_set("order_line.2", "32"), InteropError, "order_line[2]", id="line not an object"),
        pytest.param(_set("order_line", [30]), InteropError, "order_line[0]", id="ids only"),
        pytest.param(_set("order_line", []), InteropError, "order_line", id="no lines"),
        pytest.param(_set("amount_untaxed", D("1580.00")), InteropError, "amount_untaxed", id="untaxed total"),
        pytest.param(_set("partner_id", "Azure Interior"), InteropError, "partner_id", id="many2one as text"),
        pytest.param(_set("partner_id", [0, "Azure Interior"]), InteropError, "partner_id", id="many2one id 0"),
        pytest.param(_set("partner_id", [True, "Azure Interior"]), InteropError, "partner_id", id="many2one bool id"),
        pytest.param(_set("partner_id", [14, False]), InteropError, "partner_id", id="many2one no name"),
        pytest.param(_set("currency_id", False), InteropError, "currency_id", id="no currency"),
        pytest.param(_set("currency_id", [99, "Bitcoin"]), InteropError, "currency_id", id="unknown currency"),
        pytest.param(_set("date_order", "2024-03-15T09:30:00Z"), InteropError, "date_order", id="date format"),
        pytest.param(_set("date_order", "2024-13-15 09:30:00"), InteropError, "date_order", id="no such month"),
        pytest.param(_set("amount_totl", D("1")), InteropError, "amount_totl", id="unknown order key"),
        pytest.param(_set("name", False), InteropError, "name", id="name false"),
    ],
)  # fmt: skip
def test_odoo_refusals_name_the_path(change: Any, error: type[Exception], field: str) -> None:
    order = odoo_order()
    change(order)
    with pytest.raises(error) as info:
        read_odoo_purchase_order(order)
    assert isinstance(info.value, InteropError)
    assert type(info.value) is error
    assert info.value.source == "odoo"
    assert info.value.field == field


def test_odoo_sections_only_is_no_order() -> None:
    order = odoo_order()
    order["order_line"] = [order["order_line"][0], order["order_line"][3]]
    del order["amount_untaxed"]
    with pytest.raises(InteropError, match="at least one product line"):
        read_odoo_purchase_order(order)


def test_odoo_ignore_and_custom_prefixes() -> None:
    order = odoo_order()
    order["budget_owner"] = "CFO"
    with pytest.raises(InteropError):
        read_odoo_purchase_order(order)
    assert read_odoo_purchase_order(order, ignore=["budget_owner"]) == read_odoo_purchase_order(
        ODOO_ORDER
    )


@pytest.mark.parametrize(
    ("order", "options"),
    [
        pytest.param(42, {}, id="int order"),
        pytest.param(ODOO_ORDER, {"accounts": [(27, "600000")]}, id="accounts as pairs"),
        pytest.param(ODOO_ORDER, {"accounts": {27: 600000}}, id="account not text"),
        pytest.param(ODOO_ORDER, {"lines": "31"}, id="lines as text"),
        pytest.param(ODOO_ORDER, {"ignore": "x"}, id="ignore as text"),
    ],
)
def test_odoo_wrong_argument_types(order: Any, options: dict[str, Any]) -> None:
    with pytest.raises(TypeError):
        read_odoo_purchase_order(order, **options)


percents = st.lists(
    st.decimals(min_value=D("0.01"), max_value=100, places=2), min_size=1, max_size=5
).filter(lambda p: sum(p) <= 100)


@given(amounts, percents)
def test_odoo_analytic_split_conserves_the_subtotal(
    subtotal: Decimal, split: list[Decimal]
) -> None:
    order = copy.deepcopy(_BASE)
    line = order["order_line"][1]
    line["price_subtotal"] = subtotal
    line["analytic_distribution"] = {str(index + 1): p for index, p in enumerate(split)}
    order["order_line"] = [line]
    del order["amount_untaxed"]
    request = read_odoo_purchase_order(order)
    assert sum(line.amount for line in request.lines) == subtotal
    for line in request.lines:
        assert line.amount >= 0


_BASE = odoo_order()


def test_odoo_deep_copy_independence() -> None:
    # the property test mutates copies only: the sample still reads to the same request
    assert read_odoo_purchase_order(copy.deepcopy(_BASE)) == read_odoo_purchase_order(ODOO_ORDER)
