"""Running the app under uvicorn, with one or N worker processes.

With ``--workers N`` uvicorn starts each worker from an import string, so the store URL and the
settings travel to the workers in one environment variable and each worker opens its own store.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict

from quelle.api.settings import ServeSettings

CONFIG_VARIABLE = "QUELLE_SERVE_CONFIG"


def app_from_environment():
    """The factory uvicorn calls in each worker."""
    from quelle.api.app import create_app
    from quelle.store.core import open_store

    config = json.loads(os.environ[CONFIG_VARIABLE])
    settings = config["settings"]
    settings["allowed_hosts"] = tuple(settings["allowed_hosts"])
    return create_app(open_store(config["db"], create=False), ServeSettings(**settings))


def run(db_url: str, settings: ServeSettings, host: str, port: int, workers: int) -> None:
    import uvicorn

    if workers <= 1:
        from quelle.api.app import create_app
        from quelle.store.core import open_store

        store = open_store(db_url, create=False)
        try:
            uvicorn.run(create_app(store, settings), host=host, port=port, log_level="warning")
        finally:
            store.close()
        return
    os.environ[CONFIG_VARIABLE] = json.dumps({"db": db_url, "settings": asdict(settings)})
    uvicorn.run("quelle.api.serve:app_from_environment", factory=True, host=host, port=port, workers=workers,
                log_level="warning")
