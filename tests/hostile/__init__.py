"""Hostile input: what the tests of this folder share."""

import sys

#: ``claimkb`` as a user runs it, in a process of its own (its name in messages: ``claimkb``).
CLI = [sys.executable, "-c", "import sys; from kb.cli import main; sys.argv[0] = 'claimkb'; main()"]
