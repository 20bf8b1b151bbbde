"""Crawl scale: the unchanged per-document analysis and the same copy detection on a dataframe engine.

``quelle batch`` reads shards, analyses them on the engine (Daft; its native runner locally, its Ray
runner on a cluster) and writes Parquet tables; ``quelle load`` puts those tables into a store.
The engine packages live in the ``scale`` extra; nothing here imports them before they are needed.
"""
