"""Which engine runs a batch: Daft's native runner (one machine) or its Ray runner (a cluster).

Why an import guard: the engine packages are an extra (``pip install -e ".[scale]"``), and a user
without it must get one line that says so, not a traceback. Telemetry of both engines is switched
off before they are imported: machines here reach only package registries.
"""

from __future__ import annotations

import os
from typing import Any

from quelle.errors import EXIT_USAGE, QuelleError

EXTRA_HINT = "quelle batch needs the scale extra: pip install -e '.[scale]' (Daft and Ray)"
_QUIET = {"DAFT_ANALYTICS_ENABLED": "0", "DO_NOT_TRACK": "1", "SCARF_NO_ANALYTICS": "true",
          "RAY_USAGE_STATS_ENABLED": "0", "DAFT_PROGRESS_BAR": "0"}


class MissingExtra(QuelleError):
    exit_code = EXIT_USAGE
    kind = "usage"


def quiet_env() -> None:
    for name, value in _QUIET.items():
        os.environ.setdefault(name, value)


def daft() -> Any:
    """The daft module, or MissingExtra with the install line."""
    quiet_env()
    try:
        import daft as module
    except ImportError:
        raise MissingExtra(EXTRA_HINT) from None
    return module


def start(engine: str, address: str | None = None, num_cpus: int | None = None,
          object_store_bytes: int | None = None) -> Any:
    """Choose the runner for this process; returns the daft module.

    ``ray`` without ``address`` starts a local Ray (``num_cpus``, a capped object store), as the tests do;
    with ``address`` (``ray://host:10001`` or ``auto`` inside a RayJob) it joins that cluster.
    """
    module = daft()
    if engine == "local":
        module.set_runner_native()
        return module
    if engine != "ray":
        raise MissingExtra(f"unknown engine {engine!r}: use local or ray")
    try:
        import ray
    except ImportError:
        raise MissingExtra(EXTRA_HINT) from None
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus or os.cpu_count() or 1, object_store_memory=object_store_bytes,
                     include_dashboard=False, log_to_driver=False,
                     runtime_env={"env_vars": dict(_QUIET)})
    module.set_runner_ray(address=address, noop_if_initialized=True)
    return module
