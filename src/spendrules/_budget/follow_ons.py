"""Follow-on documents on a budget: where relieved commitments land, and when a follow-on stays within them (private)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal

import attrs

from spendrules._budget.engine import (
    _Book,
    _money,
    _NodeKey,
)
from spendrules._budget.model import (
    Dimensions,
    Stage,
    key_label,
)
from spendrules._budget.policy import (
    _STAGE_INDEX,
    ZERO,
    StagePolicy,
)
from spendrules._budget.relief import Plan, Relief, Slot
from spendrules._decimal import exact
from spendrules.money import quantize
from spendrules.results import Reason

_Key = tuple[str, Dimensions, str]


@attrs.frozen
class _Landing:
    """One cut of a relief plan as a budget item counts it."""

    date: dt.date
    stage: int  # index in _STAGES
    amount: Decimal  # in the budget currency: what ``_Book.relieve`` took out of the sums
    part: Decimal  # in the commitment's (and the follow-on key's) own currency
    relief: Relief


#: Per budget item, the relief landing in it.
_ReliefIndex = dict[tuple[int, "_NodeKey"], list[_Landing]]


def _reliefs_by_id(plan: Plan) -> dict[tuple[str, Stage, _Key], Relief]:
    return {
        (relief.reference, relief.stage, (relief.account, relief.dimensions, relief.currency)): (
            relief
        )
        for relief in plan.reliefs
    }


def _relief_index(book: _Book, plan: Plan) -> _ReliefIndex:
    """Where each cut of a relief plan lands: the budget items its entry consumes."""
    found: _ReliefIndex = {}
    reliefs = _reliefs_by_id(plan)
    # The book is already relieved: walk the cuts back to each one's open amounts.
    open_now: dict[int, Decimal] = {}
    steps: list[tuple[Slot, Decimal, Decimal, Decimal]] = []
    for slot, part in reversed(plan.cuts):
        after = open_now.get(slot.order, slot.open)
        with exact():
            before = open_now[slot.order] = after + part
        steps.append((slot, part, before, after))
    for slot, part, before, after in reversed(steps):
        entry = slot.entry
        relief = reliefs[(entry.reference, entry.stage, slot.key)]
        for key in book.items_on(entry.account, entry.dimensions, entry.date):
            position = key[0]
            # What ``_Book.relieve`` took out of the sums, so the two agree to the cent.
            currency = book.index[position].budget.currency
            counted = book.convert(before, entry.currency, currency)
            left = book.convert(after, entry.currency, currency)
            if counted is None or left is None:
                continue  # the entry itself was not counted on this budget
            with exact():
                amount = counted - left
            found.setdefault(key, []).append(
                _Landing(entry.date, _STAGE_INDEX[entry.stage], amount, part, relief)
            )
    return found


def _key_landings(plan: Plan) -> dict[_Key, list[_Landing]]:
    """Every cut of a relief plan by the key it relieves (for lines no budget controls)."""
    found: dict[_Key, list[_Landing]] = {}
    reliefs = _reliefs_by_id(plan)
    for slot, part in plan.cuts:
        entry = slot.entry
        relief = reliefs[(entry.reference, entry.stage, slot.key)]
        found.setdefault(slot.key, []).append(
            _Landing(entry.date, _STAGE_INDEX[entry.stage], part, part, relief)
        )
    return found


def _within_commitment(
    amounts: Mapping[_Key, Decimal],
    landings: Iterable[_Landing],
    stage_policy: StagePolicy,
    stage: Stage,
    budget: str,
) -> list[Reason]:
    """``BUDGET.WITHIN_COMMITMENT`` reasons when the request adds nothing beyond what it relieves.

    Returns one reason per key where the request adds spending, when on every
    such key the relieved commitments the check counts (their stage in
    ``counts``, landed on this budget) cover the request's amount there;
    otherwise (or with ``recheck_follow_ons``, or nothing added) an empty list.
    """
    if stage_policy.recheck_follow_ons:
        return []
    counted = {_STAGE_INDEX[s] for s in stage_policy.counts}
    relieved: dict[_Key, Decimal] = {}
    commitments: dict[_Key, dict[Relief, None]] = {}
    with exact():
        for landing in landings:
            if landing.stage not in counted:
                continue
            relief = landing.relief
            key = (relief.account, relief.dimensions, relief.currency)
            relieved[key] = relieved.get(key, ZERO) + landing.part
            commitments.setdefault(key, {})[relief] = None
    spending = {key: amount for key, amount in amounts.items() if amount > 0}
    if not spending or any(relieved.get(key, ZERO) < spending[key] for key in spending):
        return []
    reasons = []
    what = f"budget {budget}" if budget else "the zero budget of the line"
    for key in sorted(spending):
        account, dimensions, currency = key
        listed = list(commitments[key])
        with exact():
            open_total = sum((relief.open_before for relief in listed), ZERO)
        names = ", ".join(f"{relief.stage.value} {relief.reference}" for relief in listed)
        reasons.append(
            Reason.of(
                "BUDGET.WITHIN_COMMITMENT",
                f"This {stage.value}'s {_money(spending[key], currency)} on "
                f"{key_label(account, dimensions)} stays within the open commitment it relieves "
                f"there ({names}: open {_money(open_total, currency)}, relieved "
                f"{_money(relieved[key], currency)}): that money was checked when it was "
                f"committed, so this {stage.value} adds no consumption to {what} and is not "
                "checked again (recheck_follow_ons is off).",
                account=account,
                currency=currency,
                amount=quantize(spending[key], currency),
                relieved=quantize(relieved[key], currency),
                open_commitment=quantize(open_total, currency),
                references=", ".join(relief.reference for relief in listed),
            )
        )
    return reasons
