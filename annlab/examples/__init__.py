"""Runnable examples (``python -m annlab.examples.seed``)."""
