"""quelle: where a news article comes from, who is quoted saying what, how the story spread."""

__version__ = "0.1.0"
