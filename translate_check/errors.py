"""Errors the CLI turns into one line on stderr and exit code 2.

Each message says what went wrong, with which file, and what to do about it.
"""


class TranslateCheckError(Exception):
    """A problem with the user's input, options or model: reported, never a traceback."""


class InputError(TranslateCheckError):
    """An input file cannot be read, decoded or used."""


class OutputError(TranslateCheckError):
    """A report cannot be written where the user asked."""


class ModelError(TranslateCheckError):
    """An MT model cannot be found, loaded or run."""


class MissingTranslationError(TranslateCheckError):
    """A precomputed translation file does not cover every source sentence."""
