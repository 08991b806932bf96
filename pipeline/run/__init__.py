"""A batch run: find the reports under some paths, extract the changed ones in parallel,
store each in its own transaction, then reconcile the whole store."""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import resource
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import PlaceHint, extraction_version
from pipeline.run.placing import UNPLACED, batch_hints, guess_unit, unplaced
from pipeline.store import Store, open_store, prepare_document, stored_record
from schemas.errors import InputError, PipelineError
from schemas.flags import Flag
from schemas.record import Record
from schemas.run import FailedFile, RunSummary

SUFFIXES = {".docx", ".doc"}
# Below this many files to read, starting worker processes (each loading the NLP models)
# costs more than it saves: extract in this process.
POOL_MIN_FILES = 4

# An extractor maps a file path (and a PlaceHint, for a report placed by its batch) to
# {"record": Record, "blocks": [...], "source_format": ..., "warnings": [...],
# "normalizer_version": ...}; it must be a module-level function so worker processes can
# receive it.
Extractor = Callable[..., dict]
# A reconciler maps the stored records (and, as `unreadable`, the reports that could not be
# read, put beside their unit) to flags.
Reconciler = Callable[..., list[Flag]]


@dataclass(frozen=True)
class _Found:
    given: Path  # as found under the user's path: what messages and records show
    key: str  # resolved absolute path: the document's key in the store
    sha256: str
    size: int
    mtime: float


def find_reports(paths: Sequence[Path]) -> list[Path]:
    """Return every .docx/.doc file under `paths` (files given directly count too), sorted,
    without Word's "~$" lock files, hidden files and folders (".git", ".venv") and
    duplicates."""
    seen, out = set(), []
    for root in paths:
        for p in [root] if root.is_file() else _walk(root):
            if (p.suffix.lower() in SUFFIXES and not p.name.startswith("~$") and p.is_file()
                    and p.resolve() not in seen):
                seen.add(p.resolve())
                out.append(p)
    return out


def _walk(root: Path) -> list[Path]:
    """Return the files under `root`, sorted, not descending into hidden folders."""
    out = []
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [Path(folder) / n for n in names if not n.startswith(".")]
    return sorted(out)


def _hash(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def extract_for_store(path: str, hint: PlaceHint | None = None) -> dict:
    """Read and extract one file; return its record, blocks and reader facts for the store.
    `hint`: the district of a commune report whose text names none."""
    from extractors.reader import read_document

    # CPU time of this thread, not wall time: on a busy machine a stage waiting for a core
    # would otherwise look slow; LibreOffice converting a .doc is a child process
    mark, children = time.thread_time(), _children_cpu()
    doc = read_document(Path(path))
    timings = {"read": time.thread_time() - mark + _children_cpu() - children}
    from pipeline.extract import (
        extract_document,  # after reading: a bad file fails fast
    )

    return {"record": extract_document(doc, timings, hint=hint), "blocks": list(doc.blocks),
            "source_format": doc.source_format, "warnings": list(doc.warnings),
            "normalizer_version": doc.normalizer_version, "timings": timings}


def _children_cpu() -> float:
    """Return the CPU seconds of this process's finished child processes."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _work(extractor: Extractor, found: _Found, hint: PlaceHint | None = None
          ) -> tuple[str, dict | None, str | None, str | None]:
    """Run `extractor` on one file and turn the result into store rows: ("ok", rows, None,
    None) or ("failed", None, reason, traceback-or-None). Never raises, so one bad file
    cannot stop the batch. `hint` goes to the extractor when given."""
    try:
        result = extractor(str(found.given)) if hint is None else \
            extractor(str(found.given), hint)
        mark = time.thread_time()
        rows = prepare_document(
            found.key, result["record"], result["blocks"], size=found.size, mtime=found.mtime,
            source_format=result["source_format"], warnings=result.get("warnings", ()),
            normalizer_version=result.get("normalizer_version", ""))
        timings = dict(result.get("timings", {}))
        timings["store"] = time.thread_time() - mark
        return "ok", (rows, timings), None, None
    except InputError as e:  # the summary names the file beside the reason
        return "failed", None, _one_line(e.problem), None
    except PipelineError as e:
        return "failed", None, _one_line(str(e)), None
    except Exception as e:  # a bug on one document: record it, keep the batch going
        return "failed", None, _one_line(f"{type(e).__name__}: {e}"), traceback.format_exc()


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _pool_context():
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # The forkserver loads the models once and forks warm workers that share those pages
    # (without it each worker spent ~1.8 s CPU loading them).
    context.set_forkserver_preload(["pipeline.run.preload"])
    return context


def _start_forkserver() -> None:
    """Start the forkserver now (it loads the models, ~1.2 s) rather than when the pool
    first needs a worker."""
    if _pool_context().get_start_method() == "forkserver":
        from multiprocessing import forkserver

        forkserver.ensure_running()


def _results(todo: list[_Found], extractor: Extractor, workers: int) -> Iterator[tuple]:
    """Yield (found, outcome) in the order extraction completes."""
    if workers <= 1 or len(todo) < POOL_MIN_FILES:
        for found in todo:
            yield found, _work(extractor, found)
        return
    yield from _pooled(todo, extractor, workers)


def _pooled(todo: list[_Found], extractor: Extractor, workers: int) -> Iterator[tuple]:
    """Yield (found, outcome) from worker processes. A worker that dies (a crash in a
    native library, out of memory) breaks the pool and every file still waiting with it:
    those not yet handed to a worker are retried in a new pool, the few that may have been
    in a worker are then tried one by one, so only the file that kills a worker fails."""
    broken: list[_Found] = []
    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        futures = {}
        for i, found in enumerate(todo):
            try:
                futures[pool.submit(_work, extractor, found)] = found
            except BrokenProcessPool:
                broken += todo[i:]
                break
        for future in as_completed(futures):
            # pop: a finished future holds its rows; keeping them all would grow memory
            # with the size of the batch
            found = futures.pop(future)
            try:
                outcome = future.result()
            except BrokenProcessPool:
                broken.append(found)
                continue
            yield found, outcome
    if not broken:
        return
    if len(todo) == 1:
        yield todo[0], ("failed", None, "tiến trình đọc tệp bị dừng đột ngột / the worker "
                        "process died while reading this file", None)
        return
    order = {f.key: i for i, f in enumerate(todo)}
    broken.sort(key=lambda f: order[f.key])
    # files go to workers in submission order: the first few unfinished ones were in a
    # worker (or queued for one) when it died
    suspects, rest = broken[:workers + 1], broken[workers + 1:]
    if rest:
        yield from _pooled(rest, extractor, workers)
    for found in suspects:
        yield from _pooled([found], extractor, 1)


class _Progress:
    """A rich progress bar on a terminal, one plain line per document otherwise (stderr)."""

    def __init__(self, total: int, enabled: bool):
        self.total, self.done, self.bar = total, 0, None
        if enabled and total:
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True))
            self.bar.start()
            self.task = self.bar.add_task("baocao run", total=total)

    def step(self, name: str, reason: str | None) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=Path(name).name[:40])
        else:
            state = f"failed: {reason}" if reason else "ok"
            print(f"[{self.done}/{self.total}] {name} {state}", file=sys.stderr, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def run_batch(paths: list[Path], db: Path, *, workers: int | None = None,
              progress: bool = False, extractor: Extractor | None = None,
              reconciler: Reconciler | None = None, place: PlaceHint | None = None
              ) -> RunSummary:
    """Extract every changed report under `paths` into `db` and reconcile; return a summary.

    workers: processes for extraction (None = the machine's cores). Bad files are recorded
    and listed in the summary; only a store failure raises (StoreError). A commune report
    whose text names no district is placed from its folder's other reports, or in `place`
    (`run --district --province`) when that district has its commune, and extracted again
    there; a file that cannot be read is put beside the unit its name most likely means."""
    started = time.monotonic()
    paths = [Path(p) for p in paths]
    workers = workers or os.cpu_count() or 1
    # a record made by another version of the extractors is read again, file unchanged or
    # not; an extractor given by the caller has no version to compare
    version = extraction_version() if extractor is None else None
    with open_store(db) as store:  # first: a database that cannot be used fails fast
        files = find_reports(paths)
        stored, versions = store.stored_hashes(), store.stored_versions()
        outdated = {path for path, v in versions.items() if v != version}
        if len(outdated) == len(stored) and workers > 1 and len(files) >= POOL_MIN_FILES:
            _start_forkserver()  # every file is to be read: warm workers up while hashing
        found, unreadable = _scan(files)
        todo = [f for f in found if stored.get(f.key) != f.sha256 or f.key in outdated]
        removed = _vanished(store, paths, {f.key for f in found} |
                            {str(p.resolve()) for p, _ in unreadable})
        run_id = store.start_run(len(found) + len(unreadable))
        stages = {"scan": time.monotonic() - started}
        work: dict[str, float] = {}
        # A store with no record yet will hold exactly the records written now: keep them
        # for the reconciler instead of reading them all back (0.7 s on 1,184 reports).
        kept: dict[str, Record] | None = None if stored else {}
        failed = _extract_all(store, run_id, todo, extractor or extract_for_store,
                              workers, progress, work, kept, version)
        read = len(todo) - len(failed)
        failed = sorted(failed + _record_unreadable(store, run_id, unreadable),
                        key=lambda f: f.file)
        store.remove_documents(removed)
        placed, left = _place(store, run_id, found, extractor or extract_for_store, place,
                              version, kept, work)
        failed = _beside_units(store, failed, {f.key for f in found} |
                               {str(p.resolve()) for p, _ in unreadable})
        stages["extract"] = time.monotonic() - started - stages["scan"]
        # Reconcile only when the stored records changed since the flags were saved (a
        # file failing again the same way changes nothing)
        reconciled = store.flags_stale()
        new = gone = 0
        if reconciled:
            if reconciler is None:
                from pipeline.reconcile import reconcile as reconciler
            mark = time.monotonic()
            new, gone = store.save_flags(run_id, reconciler(
                _records(store, kept), unreadable=store.unreadable_reports()))
            stages["reconcile"] = time.monotonic() - mark
        store.finish_run(run_id, read=read, skipped=len(found) - len(todo),
                         failed=len(failed), removed=len(removed), reconciled=int(reconciled))
        rows = [r for r in store.flag_rows("all") if r["effective_status"] != "gone"]
        unread = store.unread_totals()
    return RunSummary(
        run_id=run_id, db=str(db), found=len(found) + len(unreadable), read=read,
        skipped=len(found) - len(todo), failed=failed, removed=len(removed),
        reconciled=reconciled, flags_by_rule=dict(sorted(Counter(r["rule"] for r in rows).items())),
        flags_open=sum(r["effective_status"] == "open" for r in rows), flags_new=new,
        flags_gone=gone, seconds=round(time.monotonic() - started, 3),
        stages={k: round(v, 3) for k, v in stages.items()},
        work={k: round(v, 3) for k, v in work.items()}, placed=placed, unplaced=left, **unread)


def _scan(files: list[Path]) -> tuple[list[_Found], list[tuple[Path, str]]]:
    """Return each file with its hash, size and time, and the files that cannot even be
    opened (permissions, removed meanwhile) with the reason."""
    found, unreadable = [], []
    for p in files:
        try:
            st = p.stat()
            found.append(_Found(p, str(p.resolve()), _hash(p), st.st_size, st.st_mtime))
        except OSError as e:
            unreadable.append((p, f"không mở được tệp / cannot open the file ({e.strerror})"))
    return found, unreadable


def _record_unreadable(store: Store, run_id: int,
                       unreadable: list[tuple[Path, str]]) -> list[FailedFile]:
    for p, reason in unreadable:
        store.write_failure(run_id, str(p.resolve()), file=str(p), sha256="", size=0, mtime=0.0,
                            reason=reason)
    return [FailedFile(file=str(p), reason=reason) for p, reason in unreadable]


def _place(store: Store, run_id: int, found: list[_Found], extractor: Extractor,
           option: PlaceHint | None, version: str | None, kept: dict[str, Record] | None,
           work: dict[str, float]) -> tuple[int, int]:
    """Place the commune reports under the paths whose text names no district, from their
    folder's other reports or `option`, extracting each again in its district; return how
    many were placed and how many are left unplaced."""
    here = {f.key: f for f in found}
    if not store.unplaced_paths() & here.keys():
        return 0, 0
    records = store.records_by_path()
    placed = 0
    for path, hint in sorted(batch_hints(records, option).items()):
        if path not in here:
            continue
        state, result, _, _ = _work(extractor, here[path], hint)
        if state != "ok" or unplaced(stored_record(result[0])):
            continue
        rows, timings = result
        store.write_prepared(run_id, rows, version)
        records[path] = stored_record(rows)
        if kept is not None:
            kept[path] = records[path]
        for stage, seconds in timings.items():
            work[stage] = work.get(stage, 0.0) + seconds
        placed += 1
    return placed, sum(unplaced(r) for path, r in records.items() if path in here)


def _beside_units(store: Store, failed: list[FailedFile], here: set[str]) -> list[FailedFile]:
    """Put each document under the paths that could not be read beside the unit its file or
    folder name most likely means (in the store); return the failures with those units. A
    file failing again while no record changed keeps what it was given (no gazetteer is
    loaded for a run with nothing to do)."""
    failing = {path: file for path, file in store.failed_documents().items() if path in here}
    if not failing:
        return failed
    stale = store.flags_stale()
    records = None
    units = {}
    for path, file in failing.items():
        kept = store.failed_place(path)
        if not stale and kept.get("placement_by"):
            units[file] = kept.get("unit")
            continue
        if records is None:
            records = store.records_by_path()
        guess = guess_unit(path, records)
        store.place_failed(path, {"placement_by": UNPLACED} if guess is None else {
            "level": guess.level.value, "unit": guess.unit, "district": guess.district,
            "province": guess.province, "period_year": guess.period.year,
            "period_half": guess.period.half, "placement_by": guess.by,
            "placement_names": json.dumps([guess.words], ensure_ascii=False),
            "placement_candidates": json.dumps([f"{guess.district}, {guess.province}"],
                                               ensure_ascii=False),
            "placement_sources": json.dumps([file], ensure_ascii=False)})
        units[file] = guess.unit if guess else None
    return [f.model_copy(update={"unit": units.get(f.file)}) for f in failed]


def _records(store: Store, kept: dict[str, Record] | None) -> list[Record]:
    """Return the stored records in path order: those kept while writing when they are
    exactly the store's, else read back from the store."""
    if kept is not None and kept.keys() == store.stored_hashes().keys():
        return store.reviewed(kept[path] for path in sorted(kept))
    return store.load_records()


def _extract_all(store: Store, run_id: int, todo: list[_Found], extractor: Extractor,
                 workers: int, progress: bool, work: dict[str, float],
                 kept: dict[str, Record] | None = None,
                 version: str | None = None) -> list[FailedFile]:
    """Extract and store each file of `todo`; return the failures. `work` receives the
    seconds each stage took, summed over documents and processes; `kept`, when given, each
    stored record by path, as the store would load it (from the JSON it stores); `version`
    is stored with each record (`extraction_version`)."""
    failed = []
    bar = _Progress(len(todo), progress)
    try:
        for found, (state, result, reason, trace) in _results(todo, extractor, workers):
            if state == "ok":
                rows, timings = result
                mark = time.thread_time()
                store.write_prepared(run_id, rows, version)
                if kept is not None:
                    kept[found.key] = stored_record(rows)
                timings["store"] = timings.get("store", 0.0) + time.thread_time() - mark
                for stage, seconds in timings.items():
                    work[stage] = work.get(stage, 0.0) + seconds
            else:
                if trace:
                    print(f"baocao: unexpected error on {found.given}:\n{trace}",
                          file=sys.stderr, flush=True)
                store.write_failure(run_id, found.key, file=str(found.given),
                                    sha256=found.sha256, size=found.size, mtime=found.mtime,
                                    reason=reason, detail=trace)
                failed.append(FailedFile(file=str(found.given), reason=reason))
            bar.step(str(found.given), reason)
    finally:
        bar.close()
    return sorted(failed, key=lambda f: f.file)


def _vanished(store: Store, roots: list[Path], present: set[str]) -> list[str]:
    """Return stored paths under the given directories (or equal to a given file) that are
    no longer there."""
    dirs = [str(p.resolve()) + os.sep for p in roots if p.is_dir()]
    given = {str(p.resolve()) for p in roots if p.is_file()}
    return [path for path in store.stored_paths()
            if path not in present and (path in given or any(path.startswith(d) for d in dirs))]
