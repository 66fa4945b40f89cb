"""Room 11 (the top), cli: the ``claimkb`` command line: thin commands that parse options, call
one library function and print.

May import anything in kb; nothing imports it.
"""

from kb.cli.starting import quiet_start

quiet_start()  # before the imports below

from kb.cli.main import main  # noqa: E402

__all__ = ["main"]
