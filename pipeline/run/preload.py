"""Imported by the forkserver of `baocao run` before it forks any worker: imports the worker's
modules and warms extraction once (`pipeline.extract.warm`), so workers start in
milliseconds instead of ~1.8 s each and share the loaded pages (copy-on-write)."""
from __future__ import annotations

import gc

import pipeline.run  # noqa: F401  (what a worker unpickles its task from)
from pipeline.extract import warm

try:
    warm()
except Exception:  # noqa: BLE001  a worker then loads lazily and reports the real error
    pass
# Objects made so far live as long as the process: keep the collector from touching (and so
# copying) their pages in every worker.
gc.freeze()
