"""Test configuration shared by every test module.

Hypothesis profiles. No test may depend on how busy the machine is, so no
profile has a deadline:

* ``CI=true`` (or any variable by which hypothesis recognises a CI service): its
  built-in ``ci`` profile, which hypothesis loads by itself when it is imported
  (derandomised, no example database, ``too_slow`` health check off), here
  re-registered with ``deadline=None`` stated rather than inherited;
* anywhere else, as for ``pip install ".[test]" && python -m pytest`` on a laptop:
  the ``local`` profile registered here, which is hypothesis' default (random
  examples, the example database) without the 200 ms deadline and without the
  health checks that fail on load or on big generated inputs (``too_slow``,
  ``large_base_example``, ``data_too_large``).

``--hypothesis-profile=NAME`` on the pytest command line still wins: the plugin
loads it after this file. Under pytest-xdist every worker loads this file and
picks the same profile (the workers inherit the environment); the local example
database is one directory that the workers share safely (one entry per test,
written atomically, each test run by one worker).

The ``xdist_group`` marker (pytest-xdist's, used with ``--dist loadgroup`` to keep
the Spark module on one worker) is declared here too, so that a run without
pytest-xdist installed still passes ``--strict-markers``. Also, ``st.builds()`` is told how to make a ``Decimal``:
a finite amount with at most 6 places, never NaN or Infinity (which every rule
refuses by contract).
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

#: Health checks that trip on a loaded machine or on large generated inputs, not on a bug.
LOAD_HEALTH_CHECKS = (
    HealthCheck.too_slow,
    HealthCheck.large_base_example,
    HealthCheck.data_too_large,
)

if settings.get_current_profile_name() == "ci":
    settings.register_profile("ci", settings.get_profile("ci"), deadline=None)
else:
    settings.register_profile(
        "local",
        settings.get_profile("default"),
        deadline=None,
        suppress_health_check=LOAD_HEALTH_CHECKS,
    )
    settings.load_profile("local")

st.register_type_strategy(
    Decimal,
    st.decimals(
        min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False
    ),
)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "xdist_group(name): run these tests on one pytest-xdist worker (loadgroup)"
    )
