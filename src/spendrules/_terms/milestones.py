"""Milestone payments: installments that count from their own baseline event.

"50 % on order, 50 % on delivery" and "30 % advance, 60 % on delivery, 10 % 30
days after acceptance" are one [`PaymentTerms`][spendrules.payment_terms.PaymentTerms]:
each [`Installment`][spendrules.payment_terms.Installment] may name an ``event``, and
its due rule and discount deadlines count from that event's date instead of the
term's baseline. The dates come from the ``events`` mapping given to
[`schedule`][spendrules.payment_terms.schedule]; a missing event is an
[`InvalidInputError`][spendrules.errors.InvalidInputError] naming it, an event not used is
ignored.

Event names: the standard events below, or a custom name of 1 to 24 lowercase
ASCII letters (``"commissioning"``), written ``milestone commissioning`` in
trade notation. A [`Basis`][spendrules.payment_terms.Basis] member is accepted
wherever an event name is and stands for its value (``Basis.DELIVERY`` is
``"delivery"``).

==================  ===========================================  ==========================
name                trade notation (read and written)            also read
==================  ===========================================  ==========================
``order``           ``on order``, ``30 days after order``
``shipment``        ``on shipment``                              ``shipping``
``delivery``        ``on delivery``
``goods_receipt``   ``on goods receipt``, ``net 30 after goods   ``ROG``, ``receipt of
                    receipt``                                    goods``
``acceptance``      ``on acceptance``
``invoice``         ``on invoice``
``invoice_receipt`` ``on invoice receipt``                       ``receipt of invoice``
custom              ``on milestone commissioning``
==================  ===========================================  ==========================

Examples:
    >>> from datetime import date
    >>> check_event("acceptance", "event"), check_event("commissioning", "event")
    ('acceptance', 'commissioning')
    >>> event_text("goods_receipt"), event_text("commissioning")
    ('goods receipt', 'milestone commissioning')
    >>> check_events({"delivery": date(2026, 5, 4)})
    {'delivery': datetime.date(2026, 5, 4)}

References:
    X12 ITD02 / element 333 (terms basis date: 2 delivery, 9 purchase order,
    11 completion and acceptance, 15 receipt of goods); UBL 2.1
    ``cac:PaymentTerms/cbc:ReferenceEventCode``; ERPNext issue #38251 and Odoo
    PR #240830 (due dates from delivery); ediacademy "When do EDI invoice
    payment terms start".
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from spendrules._checks import check_date
from spendrules._terms.model import (
    Basis,
)
from spendrules.errors import InvalidInputError, _shown

__all__ = ["EVENTS", "check_event", "check_events", "event_date", "event_text"]

#: The standard events and their words in trade notation.
EVENTS: Mapping[str, str] = {
    "order": "order",
    "shipment": "shipment",
    "delivery": "delivery",
    "goods_receipt": "goods receipt",
    "acceptance": "acceptance",
    "invoice": "invoice",
    "invoice_receipt": "invoice receipt",
}

_CUSTOM = re.compile(r"[a-z]{1,24}")
_CONSTRAINT = (
    "an event name: one of " + ", ".join(repr(name) for name in EVENTS) + ", or a custom "
    "name of 1 to 24 lowercase letters a-z"
)


def check_event(value: object, field: str) -> str:
    """Return the event name ``value`` stands for (a [`Basis`][spendrules.payment_terms.Basis] member gives its value).

    Raises:
        TypeError: not a ``str``.
        InvalidInputError: not a standard event nor a custom name of 1 to 24 letters a-z.
    """
    if isinstance(value, Basis):
        value = value.value
    if not isinstance(value, str):
        raise TypeError(f"{field} must be a str, not {type(value).__name__}: {_shown(value)}")
    if value not in EVENTS and not _CUSTOM.fullmatch(value):
        raise InvalidInputError(field, value, _CONSTRAINT)
    return value


def check_events(events: object) -> dict[str, date]:
    """Return ``events`` checked: event names to dates (``None`` gives an empty mapping).

    Raises:
        TypeError: not a mapping, or a value that is not a ``date``.
        InvalidInputError: a key that is not an event name.
    """
    if events is None:
        return {}
    if not isinstance(events, Mapping):
        raise TypeError(
            f"events must be a mapping of event names to dates, not {type(events).__name__}: "
            f"{_shown(events)}"
        )
    checked: dict[str, date] = {}
    for key, value in events.items():
        name = check_event(key, "events")
        checked[name] = check_date(value, f"events[{name!r}]")
    return checked


def event_date(name: str, events: Mapping[str, date], installment: int) -> date:
    """Return the date of event ``name`` for installment number ``installment`` (1-based).

    Raises:
        InvalidInputError: the event is not in ``events`` (the message names it).
    """
    found = events.get(name)
    if found is None:
        raise InvalidInputError(
            f"events[{name!r}]",
            None,
            f"a date: installment {installment} counts from the {event_text(name)} event",
        )
    return found


def event_text(name: str) -> str:
    """Return the words of event ``name`` in trade notation (``milestone <name>`` for a custom one)."""
    return EVENTS.get(name, f"milestone {name}")
