"""The command line: commands.py parses the arguments and calls the API; progress.py and
fields_table.py print what it returns."""

from .commands import app, main

__all__ = ["app", "main"]
