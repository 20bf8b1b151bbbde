"""The JSON Schema of the report (quelle.report/1), shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    return json.loads(resources.files("quelle.schema").joinpath("report.schema.json").read_text("utf-8"))
