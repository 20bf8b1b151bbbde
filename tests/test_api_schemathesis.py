"""Property tests of the JSON API against its own /openapi.json (schemathesis, bounded examples):
no answer is a server error, and every status code is one the schema documents.

The operations are driven with Hypothesis directly (schemathesis' lazy pytest fixture loader
does not work with this pytest version)."""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings

schemathesis = pytest.importorskip("schemathesis")
from schemathesis.checks import not_a_server_error  # noqa: E402
from schemathesis.specs.openapi.checks import status_code_conformance  # noqa: E402

from quelle.api.app import create_app  # noqa: E402
from quelle.api.settings import ServeSettings  # noqa: E402
from quelle.store.core import open_store  # noqa: E402

EXAMPLES = 20  # per operation: about a minute for the whole API on the development machine


@pytest.fixture(scope="module")
def api_schema(web_store_url):
    store = open_store(web_store_url, create=False)
    app = create_app(store, ServeSettings(allowed_hosts=("testserver", "127.0.0.1", "localhost")))
    yield schemathesis.openapi.from_asgi("/openapi.json", app)
    app.state.analyzer.close()
    store.close()


def test_api_answers_only_documented_statuses(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:
        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def check(case):
            case.call_and_validate(checks=[not_a_server_error, status_code_conformance])

        started = time.monotonic()
        check()
        print(f"{operation.label}: {time.monotonic() - started:.1f} s")
