"""The JSON API and web pages over a store (FastAPI)."""
