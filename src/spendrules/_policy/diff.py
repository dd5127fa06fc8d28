"""Every setting that differs between two versions of a policy (private)."""

from __future__ import annotations

from typing import Any

import attrs

from spendrules._policy.canonical import policy_data
from spendrules._policy.model import AgreedPolicy
from spendrules._policy.read import key_path
from spendrules._policy.toml_lines import Steps
from spendrules._policy.toml_write import value_text
from spendrules.results import Explained, Reason, Severity

__all__ = ["PolicyChange", "PolicyDiff", "diff"]


@attrs.frozen
class PolicyChange:
    """One setting that differs.

    Attributes:
        key: Its TOML key path (``payment_terms.standard_terms``).
        old: Its value in the old version, as TOML writes it, or None when absent.
        new: Its value in the new version, or None when absent.
    """

    key: str
    old: str | None
    new: str | None


@attrs.frozen
class PolicyDiff(Explained):
    """What changed from one version of a policy to the next.

    Attributes:
        old_version: The old version label.
        new_version: The new version label.
        old_fingerprint: The old content's fingerprint.
        new_fingerprint: The new content's fingerprint.
        same: True when no setting differs (the fingerprints are equal).
        changes: Every setting that differs, in file order (header first).
        added_sections: Family sections only the new version has.
        removed_sections: Family sections only the old version has.
        rule: ``"policy.diff@1"``.
        reasons: ``POLICY.DIFF.SAME``, or ``POLICY.DIFF.SECTION_ADDED`` and
            ``POLICY.DIFF.SECTION_REMOVED`` per section and ``POLICY.DIFF.CHANGED``
            with the count.
    """

    old_version: str
    new_version: str
    old_fingerprint: str
    new_fingerprint: str
    same: bool
    changes: tuple[PolicyChange, ...]
    added_sections: tuple[str, ...] = ()
    removed_sections: tuple[str, ...] = ()
    rule: str = "policy.diff@1"
    reasons: tuple[Reason, ...] = ()

    def _detail_lines(self) -> list[str]:
        width = max((len(change.key) for change in self.changes), default=0)
        return [
            f"  {change.key:<{width}}  {_shown(change.old)}  ->  {_shown(change.new)}"
            for change in self.changes
        ]


def _shown(text: str | None) -> str:
    return "(absent)" if text is None else text


def _leaves(data: Any, steps: Steps, out: dict[Steps, Any]) -> None:
    if isinstance(data, dict) and data:
        for key, value in data.items():
            _leaves(value, (*steps, key), out)
    elif isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        for index, item in enumerate(data):
            _leaves(item, (*steps, index), out)
    else:
        out[steps] = data


def _same(old: Any, new: Any) -> bool:
    # Decimals compare by value: 0.950 and 0.95 are one setting, as in the fingerprint.
    return type(old) is type(new) and bool(old == new)


def diff(old: AgreedPolicy, new: AgreedPolicy) -> PolicyDiff:
    """Return every setting that differs between ``old`` and ``new`` (sign-offs left out)."""
    for name, value in (("old", old), ("new", new)):
        if not isinstance(value, AgreedPolicy):
            raise TypeError(f"{name} must be an AgreedPolicy, not {type(value).__name__}")
    before: dict[Steps, Any] = {}
    after: dict[Steps, Any] = {}
    old_data = policy_data(old, sign_offs=False)
    new_data = policy_data(new, sign_offs=False)
    _leaves(old_data, (), before)
    _leaves(new_data, (), after)
    keys = list(dict.fromkeys([*before, *after]))
    changes = tuple(
        PolicyChange(
            key_path(steps),
            value_text(before[steps]) if steps in before else None,
            value_text(after[steps]) if steps in after else None,
        )
        for steps in keys
        if not (steps in before and steps in after and _same(before[steps], after[steps]))
    )
    added = tuple(name for name in new_data if name not in old_data)
    removed = tuple(name for name in old_data if name not in new_data)
    old_print, new_print = old.fingerprint, new.fingerprint
    reasons = [
        Reason.of(
            "POLICY.DIFF.SECTION_ADDED",
            f"Section [{name}] is new in version {new.header.version}.",
            severity=Severity.WARNING,
            section=name,
        )
        for name in added
    ]
    reasons += [
        Reason.of(
            "POLICY.DIFF.SECTION_REMOVED",
            f"Section [{name}] of version {old.header.version} is gone.",
            severity=Severity.WARNING,
            section=name,
        )
        for name in removed
    ]
    if changes:
        reasons.append(
            Reason.of(
                "POLICY.DIFF.CHANGED",
                f"{len(changes)} setting(s) differ from version {old.header.version} to "
                f"{new.header.version}: sign-offs of {old_print} do not cover {new_print}.",
                severity=Severity.WARNING,
                count=len(changes),
            )
        )
    else:
        reasons.append(
            Reason.of(
                "POLICY.DIFF.SAME",
                f"No setting differs: both versions have the fingerprint {new_print}.",
                fingerprint=new_print,
            )
        )
    return PolicyDiff(
        old.header.version,
        new.header.version,
        old_print,
        new_print,
        not changes,
        changes,
        added,
        removed,
        reasons=tuple(reasons),
    )
