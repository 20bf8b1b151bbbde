"""Evaluation: score quotation attribution and speaker names against gold data (issue 3, item 4)."""
