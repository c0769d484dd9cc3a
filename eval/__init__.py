"""Evaluation of extraction against pinned floors."""
