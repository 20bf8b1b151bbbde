"""Name a missing package and the command that installs it, instead of an "internal error".

A missing dependency is a set-up problem the user can fix in one command, so the CLI turns an
ImportError into that command (exit code 7, docs/cli.md) rather than into a traceback.
"""

from __future__ import annotations

import re
import sys
from importlib import metadata

# Messages of libraries that moved a module into a separate project, e.g. lxml 5.2+:
# "lxml.html.clean module is now a separate project lxml_html_clean.\nInstall lxml[html-clean] or ..."
_SEPARATE_PROJECT = re.compile(r"separate project ([A-Za-z0-9_.\-]*[A-Za-z0-9_])")


def missing_package(err: ImportError) -> str | None:
    """The distribution to install for this ImportError, or None when it is not a missing package."""
    match = _SEPARATE_PROJECT.search(str(err))
    if match:
        return match.group(1)
    module = getattr(err, "name", None)
    if not isinstance(err, ModuleNotFoundError) or not module:
        return None
    top = module.split(".")[0]
    if top == "quelle":
        return None
    try:
        dists = metadata.packages_distributions().get(top)
    except Exception:  # noqa: BLE001 - metadata of a broken environment must not hide the real problem
        dists = None
    return dists[0] if dists else top


def install_hint(package: str) -> str:
    """One line: what is missing and the exact command that installs it into this interpreter."""
    return (
        f"a required package is missing: {package}; install it with: {sys.executable} -m pip install {package}"
        " (or reinstall quelle with its dependencies)"
    )
