"""Entry point of the ``gametheory`` command line.

Commands are registered by name and imported only when invoked, so that
``gametheory --help`` and every command start fast: heavy libraries (sympy,
scipy, networkx, nashpy) are imported inside the commands that need them.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any

import click

#: command name -> "module:attribute" inside gametheory.cli (explicit: no discovery).
COMMANDS: dict[str, str] = {
    "solve": "solve:solve",
    "models": "models:models",
    "convert": "convert:convert",
    "repeated": "repeated:repeated",
    "tournament": "tournament:tournament",
    "bargain": "bargain:bargain",
    "sensitivity": "sensitivity:sensitivity",
    "thresholds": "thresholds:thresholds",
    "sweep": "sweep:sweep",
    "report": "report:report",
    "credibility": "credibility:credibility",
    "tree": "tree:tree",
    "robustness": "robustness:robustness",
}


class LazyGroup(click.Group):
    """A click group that imports a command's module only when it runs."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(name for name in COMMANDS if self._find(name))

    @staticmethod
    def _find(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(f"gametheory.cli.{module}") is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        target = COMMANDS.get(name)
        if target is None or not self._find(name):
            return None
        module, attr = target.split(":")
        return getattr(importlib.import_module(f"gametheory.cli.{module}"), attr)

    def invoke(self, ctx: click.Context) -> Any:
        from gametheory.exceptions import GameTheoryError

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except GameTheoryError as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except BrokenPipeError:   # output piped into `head` and the like: stop quietly, as Unix tools do
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - the interpreter flushes stdout at exit
            ctx.exit(0)
        except (OSError, ValueError) as exc:
            click.echo(f"error: {exc}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("interrupted", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug of ours: still one line, unless asked for the traceback
            if os.environ.get("GAMETHEORY_DEBUG"):
                raise
            click.echo(f"error: internal error ({type(exc).__name__}: {exc}); "
                       "set GAMETHEORY_DEBUG=1 for the traceback and please report it", err=True)
            ctx.exit(1)


def _version() -> str:
    from gametheory import __version__

    return __version__


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=_version(), prog_name="gametheory")
def cli() -> None:
    """Model negotiations as games: equilibria, credibility of threats, repeated games."""


def main(argv: list[str] | None = None) -> None:
    """Run the command line (the console script ``gametheory``)."""
    cli.main(args=argv, prog_name="gametheory")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
