"""Corpus mode: many documents at once, with CI-friendly reports and a baseline."""
