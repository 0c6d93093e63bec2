"""translate-check: find where an English translation says something its Hebrew source does not."""

__version__ = "0.1.0"
