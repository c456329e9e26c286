"""Reading many watch files: in worker processes when there are many (parsing is CPU-bound, so
threads would not help), in order, with cancel between files.

Processes are started fresh ("spawn"), never forked from the window's process with its threads.
A packaged (frozen) build reads in this process: its entry point does not start workers.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor

from clinic_app.domain.load.run_import import Activity, BadFile
from clinic_app.services import run_import_files as files
from clinic_app.services.run_import_files import Source, SourceReader, parse_activity_bytes

logger = logging.getLogger(__name__)

PARALLEL_FROM = 24
"""Fewer files than this are read in this process (starting workers costs about a second)."""
UNEXPECTED = "the file could not be read (unexpected content)"

Outcome = tuple[list[Activity] | None, str]


def default_workers() -> int:
    """Worker processes to use: one per core, at most 4; none in a frozen build."""
    if getattr(sys, "frozen", False):
        return 1
    return max(1, min(os.cpu_count() or 1, 4))


def _parse(reader: SourceReader, source: Source) -> tuple[list[Activity] | None, str, int]:
    try:
        data = reader.read(source)
        return parse_activity_bytes(source.label, data), "", len(data)
    except BadFile as exc:
        return None, str(exc), 0
    except Exception as exc:  # noqa: BLE001 - a parser bug must not stop the other files
        logger.warning("could not read %s: %r", source.label, exc)
        return None, UNEXPECTED, 0


def parse_source(source: Source) -> tuple[list[Activity] | None, str, int]:
    """Read and parse one file in a worker: (activities or None, reason, bytes read)."""
    reader = SourceReader()
    try:
        return _parse(reader, source)
    finally:
        reader.close()


def read_sources(sources: Sequence[Source], cancelled: Callable[[], bool],
                 workers: int | None = None) -> Iterator[tuple[Source, Outcome]]:
    """Each source with its activities (or the reason it has none), in the order given.

    Stops early when ``cancelled()`` turns true; a zip that unpacks past its limit in total has its
    remaining members refused.
    """
    count = default_workers() if workers is None else workers
    if count <= 1 or len(sources) < PARALLEL_FROM:
        reader = SourceReader()
        try:
            for source in sources:
                if cancelled():
                    return
                activities, reason, _size = _parse(reader, source)
                yield source, (activities, reason)
        finally:
            reader.close()
        return
    unpacked: dict[str, int] = {}
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
    try:
        futures: list[Future[tuple[list[Activity] | None, str, int]]] = [
            pool.submit(parse_source, s) for s in sources]
        for source, future in zip(sources, futures, strict=True):
            if cancelled():
                return
            activities, reason, size = future.result()
            if source.member is not None:
                key = str(source.path)
                unpacked[key] = unpacked.get(key, 0) + size
                if unpacked[key] > files.MAX_ZIP_BYTES:
                    activities, reason = None, (f"the zip has unpacked to more than "
                                                f"{files.MAX_ZIP_BYTES / 2**20:.0f} MB: stopped "
                                                "(a possible zip bomb)")
            yield source, (activities, reason)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
