"""``python -m translate_check`` runs the CLI."""

from translate_check.cli import main

main()
