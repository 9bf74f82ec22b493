"""Where the per-document stages run: in this process, in N worker processes on this machine, or on
a Dask distributed cluster.

Reading a report with the model (names, claims, dates: `stages.annotate`) is most of a build's work
and depends on nothing but the report and the configuration, so reports can be read anywhere and in
any order; their results come back in the corpus's order, so the fact base is the same byte for byte
whichever way they were read. Each worker loads the model once (`nlp()` is cached in its process).
The corpus-wide stages run here, after.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice

from factfile.config import Config
from factfile.model import Document

# Reads documents with the model: (documents, configuration) -> the same documents annotated, in order.
Annotator = Callable[[Iterable[Document], Config], Iterator[Document]]


def _chunks(documents: Iterable[Document], size: int) -> Iterator[list[Document]]:
    iterator = iter(documents)
    while chunk := list(islice(iterator, size)):
        yield chunk


def _annotate_chunk(chunk: list[Document], cfg: Config) -> list[Document]:
    from factfile.stages.annotate import annotate

    return list(annotate(chunk, cfg))


def in_processes(workers: int) -> Annotator:
    """An annotator reading reports in `workers` processes of this machine (spawned: each imports
    factfile and loads the model itself, whatever this process holds)."""
    def annotator(documents: Iterable[Document], cfg: Config) -> Iterator[Document]:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Chunks of a few model batches: big enough that sending them costs little, small enough that
        # both workers stay busy to the end and progress moves.
        size = cfg.nlp_batch_size * 2
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            pending = _chunks(documents, size)
            # At most two chunks a worker in flight: the corpus is not all held in memory at once.
            futures = [pool.submit(_annotate_chunk, chunk, cfg) for chunk in islice(pending, workers * 2)]
            while futures:
                done = futures.pop(0)
                futures += [pool.submit(_annotate_chunk, chunk, cfg) for chunk in islice(pending, 1)]
                yield from done.result()
    return annotator


def on_cluster(address: str) -> Annotator:
    """An annotator reading reports on the Dask distributed cluster whose scheduler is at `address`
    (tcp://HOST:8786). Every worker needs factfile installed, as here."""
    def annotator(documents: Iterable[Document], cfg: Config) -> Iterator[Document]:
        from distributed import Client

        with Client(address) as client:
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            size = cfg.nlp_batch_size * 2
            pending = _chunks(documents, size)
            futures = [client.submit(_annotate_chunk, chunk, cfg, pure=False) for chunk in islice(pending, workers * 2)]
            while futures:
                done = futures.pop(0)
                futures += [client.submit(_annotate_chunk, chunk, cfg, pure=False) for chunk in islice(pending, 1)]
                yield from done.result()
    return annotator


def here(documents: Iterable[Document], cfg: Config) -> Iterator[Document]:
    """Reports read in this process."""
    from factfile.stages.annotate import annotate

    return annotate(documents, cfg)


def chosen(workers: int = 1, scheduler: str | None = None) -> Annotator:
    """The annotator a command asked for."""
    if scheduler:
        return on_cluster(scheduler)
    return in_processes(workers) if workers > 1 else here


def reachable(address: str, timeout: float = 10.0) -> None:
    """Stop with a clear error unless a Dask scheduler answers at `address`."""
    from factfile.errors import UsageError

    try:
        from distributed import Client

        with Client(address, timeout=timeout):
            pass
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"no Dask scheduler answers at {address} ({type(exc).__name__}); start one "
                         "('dask scheduler', then 'dask worker ADDRESS' on each machine with factfile installed) "
                         "or check the address") from None
