"""The commands of ``claimkb``, one module per command (or per pair that share their data):
each parses its options, calls one library function and prints.

``kb.cli.main`` gathers them into the ``claimkb`` group.
"""
