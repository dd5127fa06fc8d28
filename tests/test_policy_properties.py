"""Properties of the agreed policy file (issue 18, "Done means"): round trip and fingerprint.

* ``loads(dump(p)) == p`` for generated policies (every section, any text in names);
* the fingerprint does not move when the file is rewritten with its keys and tables
  shuffled, comments and blank lines added, and numbers spelled with trailing zeros;
* it moves when any one setting changes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from contract_policy import policies
from spendrules import policy as pol
from spendrules._policy.canonical import policy_data
from spendrules._policy.read import key_path
from spendrules._policy.toml_lines import key_lines
from spendrules._policy.toml_write import dumps, key_text
from spendrules.errors import PolicyFileError


@settings(max_examples=40)
@given(policies())
def test_load_of_dump_is_the_policy(policy: pol.AgreedPolicy) -> None:
    text = pol.dump(policy)
    again = pol.loads(text)
    assert again == policy
    assert again.fingerprint == policy.fingerprint
    assert pol.dump(again) == text


def _shuffled(data: Any, rng: random.Random) -> Any:
    """The same data with every table's keys in another order and decimals respelled."""
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {key: _shuffled(data[key], rng) for key in keys}
    if isinstance(data, list):
        return [_shuffled(item, rng) for item in data]
    if isinstance(data, Decimal) and data.is_finite() and rng.random() < 0.5:
        return Decimal(f"{data}0") if "E" not in str(data) and "." in str(data) else data
    return data


def _commented(text: str, rng: random.Random) -> str:
    lines = []
    for line in text.split("\n"):
        if rng.random() < 0.3:
            lines.append(rng.choice(["", "# a note", "   # indented [note] = 'x'", "\t"]))
        lines.append(line + (rng.choice(["", "  # trailing"]) if " = " in line else ""))
    return "\n".join(lines) + "\n"


@settings(max_examples=40)
@given(policies(), st.randoms(use_true_random=False))
def test_fingerprint_ignores_order_comments_and_spelling(
    policy: pol.AgreedPolicy, rng: random.Random
) -> None:
    data = _shuffled(policy_data(policy), rng)
    text = _commented(dumps(data), rng)
    again = pol.loads(text)
    assert again == policy
    assert again.fingerprint == policy.fingerprint
    assert again.agreement() == policy.agreement()


def _leaves(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        return [leaf for index, item in enumerate(data) for leaf in _leaves(item, (*path, index))]
    return [path]


def _changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return value + 1
    if isinstance(value, Decimal):
        return value / 2 if value else Decimal("0.5")
    if isinstance(value, date):
        return value + timedelta(days=1)
    if isinstance(value, str):
        return value + "x"
    if isinstance(value, list):
        return value[1:] if value else ["x"]
    return {}  # an empty table: give it an entry's worth of change below


def _set(data: Any, path: tuple[Any, ...], value: Any) -> None:
    for step in path[:-1]:
        data = data[step]
    data[path[-1]] = value


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


@settings(max_examples=60)
@given(policies(), st.data())
def test_changing_any_setting_changes_the_fingerprint(
    policy: pol.AgreedPolicy, draw: st.DataObject
) -> None:
    data = policy_data(policy, sign_offs=False)
    path = draw.draw(st.sampled_from(_leaves(data)))
    old = _get(data, path)
    if isinstance(old, dict):  # an empty table (no KPIs, no service levels)
        reject()
    _set(data, path, _changed(old))
    try:
        changed = pol.loads(dumps(data))
    except PolicyFileError:
        reject()  # the new value breaks a constraint (a fraction past 1, an unknown enum...)
    if changed == policy:  # a different spelling of the same terms, or a set (roles) reordered
        reject()
    assert changed.fingerprint != policy.fingerprint
    assert not pol.diff(policy, changed).same


@settings(max_examples=40)
@given(policies(), st.randoms(use_true_random=False))
def test_every_key_of_a_written_file_has_its_own_line(
    policy: pol.AgreedPolicy, rng: random.Random
) -> None:
    """The scanner finds each setting on the line that holds it, whatever the key's text."""
    text = _commented(dumps(_shuffled(policy_data(policy), rng)), rng)
    lines = text.split("\n")
    found = key_lines(text)
    for path in _leaves(policy_data(policy)):
        line = lines[found[path] - 1]
        assert line.startswith(key_text(path[-1]) + " = ") or line == f"[{key_path(path)}]"
