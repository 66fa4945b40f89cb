"""The exceptions of grading sources, named as facts."""


class LexiconError(ValueError):
    """A cue lexicon file has a malformed row or an unknown level."""
