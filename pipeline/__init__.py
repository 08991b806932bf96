"""baocao's stages: read, extract, store, reconcile, review, export."""
