"""The policy as TOML-shaped data, its fingerprint, and the sign-off check (private).

`policy_data` turns an [`AgreedPolicy`][spendrules.policy.AgreedPolicy] into the nested dicts, lists and
scalars (``str``, ``int``, ``bool``, ``Decimal``, ``date``) the file holds, every
field written (defaults too), so the file and the fingerprint state every setting.
The fingerprint hashes that data without the sign-offs as JSON with sorted keys and
no whitespace, each Decimal with trailing zeros dropped (``0.950`` and ``0.95`` are
one setting).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any

import attrs

from spendrules._policy.model import (
    AgreedPolicy,
    Agreement,
    InventoryPolicy,
    KpiTarget,
    RoleAgreement,
    SignOff,
    SignOffStatus,
)
from spendrules._policy.reference import SOURCE
from spendrules.errors import InvalidInputError
from spendrules.payment_terms import PaymentTerms, format_terms
from spendrules.results import Reason, Severity

__all__ = ["NONE", "SECTIONS", "check_agreement", "fingerprint", "policy_data"]

#: The family sections, in file order.
SECTIONS = ("payment_terms", "savings", "budget", "approvals", "inventory", "kpis")

#: How the file writes "no value" for a field whose default is a value (TOML has no null):
#: only ``savings.signoff_threshold`` (no sign-off ever) needs it.
NONE = "none"


def _value(value: object) -> Any:
    if isinstance(value, PaymentTerms):
        return format_terms(value)  # canonical: parse_terms(format_terms(t)) == t
    if attrs.has(type(value)):
        return _object(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_value(item) for item in value]
    return value


def _object(obj: Any) -> dict[str, Any]:
    if isinstance(obj, InventoryPolicy):
        data = _fields(obj)
        data["service_levels"] = {level.item_class: level.level for level in obj.service_levels}
        return data
    return _fields(obj)


def _fields(obj: Any) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for field in attrs.fields(type(obj)):
        if field.metadata.get(SOURCE):
            continue  # where the section came from is not a setting
        value = getattr(obj, field.name)
        if value is None:
            if field.default is not None:
                data[field.name] = NONE
            continue
        data[field.name] = _value(value)
    return data


def _kpi(kpi: KpiTarget) -> dict[str, Any]:
    return {"definition": kpi.definition, "target": kpi.target, "direction": kpi.direction.value}


def policy_data(policy: AgreedPolicy, *, sign_offs: bool = True) -> dict[str, Any]:
    """Return the policy as the data of its TOML file (sections in file order)."""
    data: dict[str, Any] = {"policy": _object(policy.header)}
    if sign_offs and policy.sign_offs:
        data["sign_off"] = [_object(sign_off) for sign_off in policy.sign_offs]
    for name in SECTIONS:
        section = getattr(policy, name)
        if section is None:
            continue
        if name == "kpis":
            data[name] = {kpi.name: _kpi(kpi) for kpi in section}
        else:
            data[name] = _object(section)
    return data


def decimal_text(number: Decimal) -> str:
    """``number`` without trailing zeros, exactly (no context rounding); zero is ``"0"``.

    Examples:
        >>> decimal_text(Decimal("0.950")), decimal_text(Decimal("1E+2")), decimal_text(Decimal("-0.0"))
        ('0.95', '1E+2', '0')
    """
    if not number:
        return "0"
    sign, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # noqa: S101 - finite numbers only
    kept = list(digits)
    while kept[-1] == 0:
        kept.pop()
        exponent += 1
    return str(Decimal((sign, tuple(kept), exponent)))


def _canonical(value: object) -> object:
    if isinstance(value, Decimal):
        return {"decimal": decimal_text(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, dict):
        return {key: _canonical(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_canonical(item) for item in value]
    return value


def canonical_text(policy: AgreedPolicy) -> str:
    """The text the fingerprint hashes: the content without sign-offs, as canonical JSON."""
    data = _canonical(policy_data(policy, sign_offs=False))
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def fingerprint(policy: AgreedPolicy) -> str:
    """Return ``"sha256:"`` and the hex digest of `canonical_text`."""
    digest = hashlib.sha256(canonical_text(policy).encode("utf-8")).hexdigest()
    return f"sha256:{digest}"


def _role(role: str, signed: list[SignOff], current: str) -> RoleAgreement:
    if not signed:
        return RoleAgreement(role, SignOffStatus.MISSING)
    matching = [sign_off for sign_off in signed if sign_off.fingerprint == current]
    status = SignOffStatus.CURRENT if matching else SignOffStatus.STALE
    chosen = max(matching or signed, key=lambda sign_off: sign_off.on)
    return RoleAgreement(role, status, chosen.by, chosen.on, chosen.fingerprint)


def _role_reason(role: RoleAgreement, current: str) -> Reason:
    if role.status is SignOffStatus.MISSING:
        return Reason.of(
            "POLICY.SIGNOFF_MISSING",
            f"No {role.role} sign-off.",
            severity=Severity.WARNING,
            role=role.role,
        )
    if role.status is SignOffStatus.STALE:
        return Reason.of(
            "POLICY.SIGNOFF_STALE",
            f"The {role.role} sign-off by {role.by} on {role.on} approved {role.fingerprint}, "
            f"not the current content {current}: the policy changed after they signed.",
            severity=Severity.WARNING,
            role=role.role,
            by=role.by,
            on=role.on,
            signed=role.fingerprint,
            current=current,
        )
    return Reason.of(
        "POLICY.SIGNOFF_CURRENT",
        f"{role.role.capitalize()} signed the current content ({role.by}, {role.on}).",
        role=role.role,
        by=role.by,
        on=role.on,
    )


def check_agreement(
    policy: AgreedPolicy, *, roles: Iterable[str] = ("finance", "procurement")
) -> Agreement:
    """Return whether each of ``roles`` signed the policy's current content."""
    if isinstance(roles, str):
        raise TypeError(f"roles must be a collection of str, not str: {roles!r}")
    wanted = tuple(dict.fromkeys(roles))
    for role in wanted:
        if not isinstance(role, str):
            raise TypeError(f"roles[] must be a str, not {type(role).__name__}: {role!r}")
    if not wanted:
        raise InvalidInputError("roles", wanted, "at least one role")
    current = fingerprint(policy)
    statuses = tuple(
        _role(role, [s for s in policy.sign_offs if s.role == role], current) for role in wanted
    )
    reasons = [_role_reason(status, current) for status in statuses]
    agreed = all(status.status is SignOffStatus.CURRENT for status in statuses)
    header = policy.header
    title = f"{header.name!r} version {header.version}"
    if agreed:
        reasons.append(
            Reason.of(
                "POLICY.AGREED",
                f"{title} is agreed: {', '.join(wanted)} signed {current}.",
                fingerprint=current,
            )
        )
    else:
        waiting = [status.role for status in statuses if status.status is not SignOffStatus.CURRENT]
        reasons.append(
            Reason.of(
                "POLICY.NOT_AGREED",
                f"{title} is not agreed: no current sign-off from {', '.join(waiting)}; "
                "results computed under it are not agreed either.",
                severity=Severity.WARNING,
                fingerprint=current,
                waiting=", ".join(waiting),
            )
        )
    return Agreement(header.name, header.version, current, agreed, statuses, reasons=tuple(reasons))
