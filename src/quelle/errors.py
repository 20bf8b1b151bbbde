"""Errors a user can act on, each with the exit code the CLI returns for it.

Exit codes (documented in docs/cli.md):
  0  success
  2  usage error (bad option or argument; Typer/Click's own code)
  3  the input cannot be read: missing path, a directory, no permission
  4  the input is not an article quelle can read: empty, binary, undecodable,
     too large, no letters, HTML without a body
  5  the store (database) cannot be used
  6  an unexpected internal error (reported in one line; QUELLE_DEBUG=1 shows the traceback)
  7  the installation is incomplete: a package the code imports is missing (the message names it
     and the command that installs it)
  8  the document went past its time or memory budget (--timeout, --max-memory)
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_USAGE = 2
EXIT_UNREADABLE = 3
EXIT_BAD_INPUT = 4
EXIT_STORE = 5
EXIT_INTERNAL = 6
EXIT_SETUP = 7
EXIT_BUDGET = 8


class QuelleError(Exception):
    """An error with a one-line message meant for the user."""

    exit_code = EXIT_INTERNAL
    kind = "internal"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableInput(QuelleError):
    exit_code = EXIT_UNREADABLE
    kind = "unreadable"


class BadInput(QuelleError):
    exit_code = EXIT_BAD_INPUT
    kind = "bad_input"


class StoreError(QuelleError):
    exit_code = EXIT_STORE
    kind = "store"


class NoText(BadInput):
    """The page has no article text: only scripts, or every line is site furniture."""

    kind = "no_text"
