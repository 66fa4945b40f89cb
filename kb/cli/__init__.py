"""Room 11 (the top), cli: the ``claimkb`` command line: thin commands that parse options, call
one library function and print.

May import anything in kb; nothing imports it.
"""

from kb.cli.main import main

__all__ = ["main"]
