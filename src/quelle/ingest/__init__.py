"""Readers that turn files, streams and archives into Documents."""
