"""Payment terms from and to the systems users already have.

One reader and one writer per source, each a pure function over plain dicts
or strings, all meeting in [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]:

=============  ==================================  ==================================
source         reader / writer                     shape
=============  ==================================  ==================================
Odoo 17/18     [`read_odoo`][spendrules.interop.read_odoo] / [`write_odoo`][spendrules.interop.write_odoo]          ``account.payment.term`` dict
Odoo 16        [`read_odoo16`][spendrules.interop.read_odoo16] / [`write_odoo16`][spendrules.interop.write_odoo16]      ``account.payment.term`` dict
ERPNext        [`read_erpnext`][spendrules.interop.read_erpnext] / [`write_erpnext`][spendrules.interop.write_erpnext]    Payment Terms Template dict
SAP            [`read_sap`][spendrules.interop.read_sap] / [`write_sap`][spendrules.interop.write_sap]            ``{"ZTERM", "T052", "T052S"}``
Tryton         [`read_tryton`][spendrules.interop.read_tryton] / [`write_tryton`][spendrules.interop.write_tryton]      payment term dict
X12            [`read_x12`][spendrules.interop.read_x12] / [`write_x12`][spendrules.interop.write_x12]            ITD segment text
EDIFACT        [`read_edifact`][spendrules.interop.read_edifact] / [`write_edifact`][spendrules.interop.write_edifact]    PAT/PCD segment text
UBL 2.1        [`read_ubl`][spendrules.interop.read_ubl] / [`write_ubl`][spendrules.interop.write_ubl]            ``cac:PaymentTerms`` XML text
XRechnung      [`read_xrechnung`][spendrules.interop.read_xrechnung] / [`write_xrechnung`][spendrules.interop.write_xrechnung]  BT-20 ``#SKONTO#`` lines
=============  ==================================  ==================================

Guarantees:

* **Validated.** A reader raises [`InteropError`][spendrules.interop.InteropError] naming the *source*
  field (``line_ids[1].nb_days``, ``T052[0].ZTAG2``, ``ITD[0].ITD05``) when a
  value is missing, malformed, contradictory or outside what the source
  allows, never a ``KeyError`` from deep inside.
* **Never approximated.** Where a source says something the model cannot
  (SAP's posting-date baseline, an X12 fixed due date, a negative Tryton delta), or
  the terms say something the target cannot (two discount tiers for Odoo, a
  ratio of 1/3 for ERPNext), the reader or writer raises
  [`NotRepresentableError`][spendrules.interop.NotRepresentableError] with the reason.
* **Round trips.** ``write_x(read_x(d))`` equals ``d`` up to the source's
  normal form (every semantic field written, informational fields such as
  names and ids dropped; the guide lists each format's normal form), and
  ``read_x(write_x(t)) == t`` for terms read from that source.
* **One term, one object.** Readers return canonical shares (30 % + 70 %
  is 30 % + the balance), so the same term read from two sources that state
  it the same way gives equal objects; [`normalize_terms`][spendrules.interop.normalize_terms] also equates
  rules that differ only in wording (the 10th of next month, 10 days after
  the end of the month).
* **Source bugs are not reproduced**: Odoo's month-end fixes are kept,
  ERPNext's grand-total discount is not applied, installments are rounded
  exactly (see the guide, "Where a schedule differs from the source").

Examples:
    >>> from spendrules.payment_terms import parse_terms
    >>> terms = parse_terms("2/10 net 30")
    >>> write_x12(terms)
    'ITD*01*3*2**10**30~'
    >>> print(write_edifact(terms))
    PAT+1++5:3:D:30'
    PAT+22++5:3:D:10'
    PCD+12:2'
    >>> read_erpnext(write_erpnext(terms)) == read_x12("ITD*01*3*2**10**30~") == terms
    True

References:
    Domain notes ``payment_terms.md`` sections 2.1 to 2.6; each function's
    References name the source definitions it follows.
"""

from __future__ import annotations

from spendrules._interop._common import InteropError, NotRepresentableError, normalize_terms
from spendrules._interop.documents import read_erpnext_document, read_odoo_purchase_order
from spendrules._interop.edifact import MAX_EDIFACT_LENGTH, read_edifact, write_edifact
from spendrules._interop.erpnext import read_erpnext, write_erpnext
from spendrules._interop.odoo import read_odoo, read_odoo16, write_odoo, write_odoo16
from spendrules._interop.sap import read_sap, write_sap
from spendrules._interop.tryton import PercentOf, read_tryton, write_tryton
from spendrules._interop.ubl import MAX_UBL_LENGTH, read_ubl, write_ubl
from spendrules._interop.x12 import read_x12, write_x12
from spendrules._interop.xrechnung import MAX_BT20_LENGTH, read_xrechnung, write_xrechnung

__all__ = [
    "MAX_BT20_LENGTH",  # size limits, refused before any work
    "MAX_EDIFACT_LENGTH",
    "MAX_UBL_LENGTH",
    "InteropError",
    "NotRepresentableError",
    "PercentOf",
    "normalize_terms",
    "read_edifact",
    "read_erpnext",
    "read_erpnext_document",  # purchasing document -> budget SpendRequest
    "read_odoo",
    "read_odoo16",
    "read_odoo_purchase_order",  # purchasing document -> budget SpendRequest
    "read_sap",
    "read_tryton",
    "read_ubl",
    "read_x12",
    "read_xrechnung",
    "write_edifact",
    "write_erpnext",
    "write_odoo",
    "write_odoo16",
    "write_sap",
    "write_tryton",
    "write_ubl",
    "write_x12",
    "write_xrechnung",
]
