"""Readers and fact extractors. Heavy NLP libraries are imported lazily, on first use."""
