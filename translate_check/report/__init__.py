"""Renderers: each turns a :class:`~translate_check.model.Report` into one output format."""
