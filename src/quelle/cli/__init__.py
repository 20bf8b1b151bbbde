"""The `quelle` command: a thin Typer app; each command group lives in its own module."""

from __future__ import annotations

import os
import signal
import sys

import typer

from quelle.errors import EXIT_INTERNAL, EXIT_SETUP, QuelleError

app = typer.Typer(
    name="quelle",
    help="Where a news article comes from, who is quoted saying what, and how the story spread.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_version(value: bool) -> None:
    if value:
        from quelle import __version__

        print(__version__)
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_print_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Where a news article comes from, who is quoted saying what, and how the story spread."""


def _register(argv: list[str] | None = None) -> None:
    """Add the commands. ``quelle analyze`` loads only its own module (start-up time: issue 14)."""
    from quelle.cli import analyze_cmd

    analyze_cmd.register(app)
    if argv and argv[0] == "analyze":
        return
    for name in ("store_cmds", "eval_cmds", "copies_cmds", "serve_cmd", "scale_cmds", "setup_cmd"):
        try:
            module = __import__(f"quelle.cli.{name}", fromlist=["register"])
        except ModuleNotFoundError as err:
            if err.name != f"quelle.cli.{name}":
                raise
            continue
        module.register(app)


def report_error(message: str) -> None:
    """Print a one-line error on stderr (a command over several documents goes on after it)."""
    one_line = " ".join(message.split())
    print(f"quelle: error: {one_line}", file=sys.stderr, flush=True)


def fail(message: str, exit_code: int) -> None:
    """Print a one-line error on stderr and exit: the only way commands report failure."""
    report_error(message)
    raise SystemExit(exit_code)


def _fail_on_missing_package(err: ImportError) -> None:
    """A missing dependency is a set-up problem: name the package and the install command."""
    from quelle.setup_check import install_hint, missing_package

    package = missing_package(err)
    if package is None or os.environ.get("QUELLE_DEBUG"):
        return
    fail(install_hint(package), EXIT_SETUP)


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: stop cleanly with one line (exit 143)."""


def _terminate(_signum, _frame) -> None:
    raise Terminated()


def stopped(err: KeyboardInterrupt, detail: str = "") -> SystemExit:
    """The one line for Ctrl-C / SIGTERM, and the exit to raise (marked as reported)."""
    word = "terminated" if isinstance(err, Terminated) else "interrupted"
    print(f"quelle: {word}{': ' + detail if detail else ''}", file=sys.stderr)
    exit_ = SystemExit(143 if isinstance(err, Terminated) else 130)
    exit_.reported = True  # type: ignore[attr-defined]
    return exit_


def main() -> None:
    signal.signal(signal.SIGTERM, _terminate)
    try:
        _register(sys.argv[1:])
        app()
    except ImportError as err:
        _fail_on_missing_package(err)
        if os.environ.get("QUELLE_DEBUG"):
            raise
        fail(f"internal error: {type(err).__name__}: {err} (set QUELLE_DEBUG=1 for details)", EXIT_INTERNAL)
    except QuelleError as err:
        fail(err.message, err.exit_code)
    except KeyboardInterrupt as err:
        raise stopped(err) from None
    except SystemExit as err:
        # Typer turns a Ctrl-C inside a command into a silent exit 130: say so in one line
        if err.code == 130 and not getattr(err, "reported", False):
            raise stopped(KeyboardInterrupt()) from None
        raise
    except typer.Exit:
        raise
    except Exception as err:  # noqa: BLE001 - the user gets one line, not a traceback
        if os.environ.get("QUELLE_DEBUG"):
            raise
        fail(f"internal error: {type(err).__name__}: {err} (set QUELLE_DEBUG=1 for details)", EXIT_INTERNAL)
