"""Where a build's independent pieces of work run: in this process, in N worker processes on this
machine, or on a Dask distributed cluster.

Cleaning a report, reading it with the model (names, claims, dates: most of a build's work) and
working through one story (names merged, claims grouped, timeline, warnings) each depend only on
their own input and the configuration, so they can run anywhere and in any order. A `Runner` maps a
function over chunks of such inputs and gives the results back in the inputs' order, so the fact
base is the same byte for byte however the work was spread. Each worker process loads the model once
(`nlp()` is cached in its process) and keeps it for the whole build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


# Allocations between two collections of the youngest objects (Python's default is 700).
_COLLECT_EVERY = 20_000


def collect_rarely() -> None:
    """Tune this process's garbage collector for a build. A build makes millions of small records that
    live until it ends and seldom form cycles, and Python's default walks them again every few
    hundred allocations: a fifth of an `add` to a 1,000-report store went to that. Collecting every
    20,000 allocations still frees cycles (spaCy's documents make some) long before they add up."""
    import gc

    gc.set_threshold(_COLLECT_EVERY, *gc.get_threshold()[1:])


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


class Runner:
    """Runs in this process. `map(function, items, size)` calls `function` on chunks of at most
    `size` items (it returns one result per item) and yields the results in the items' order."""

    def map(self, function: Callable[[list[T]], list[R]], items: Iterable[T], size: int) -> Iterator[R]:
        for chunk in _chunks(items, size):
            yield from function(chunk)

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


class _Spread(Runner):
    """A runner that hands chunks to workers, at most two a worker in flight (so that a corpus is
    never all in transit at once), and yields results in order as they come back."""

    workers = 1

    def _submit(self, function: Callable[[list[Any]], list[Any]], chunk: list[Any]) -> Any:
        raise NotImplementedError

    def map(self, function: Callable[[list[T]], list[R]], items: Iterable[T], size: int) -> Iterator[R]:
        pending = _chunks(items, size)
        futures = [self._submit(function, chunk) for chunk in islice(pending, self.workers * 2)]
        while futures:
            done = futures.pop(0)
            futures += [self._submit(function, chunk) for chunk in islice(pending, 1)]
            yield from done.result()


class Processes(_Spread):
    """Runs in `workers` processes of this machine, spawned: each imports factfile and loads the
    model itself, whatever this process holds."""

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self._pool: Any = None

    def __enter__(self) -> Processes:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        self._pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
                                         initializer=collect_rarely)
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)

    def _submit(self, function, chunk):
        return self._pool.submit(function, chunk)


class Cluster(_Spread):
    """Runs on the Dask distributed cluster whose scheduler is at `address` (tcp://HOST:8786); every
    worker needs factfile installed, as here."""

    def __init__(self, address: str) -> None:
        self.address = address
        self._client: Any = None

    def __enter__(self) -> Cluster:
        from distributed import Client

        self._client = Client(self.address, timeout=10)
        self.workers = max(1, len(self._client.scheduler_info().get("workers", {})))
        return self

    def __exit__(self, *exc: object) -> None:
        self._client.close()

    def _submit(self, function, chunk):
        return self._client.submit(function, chunk, pure=False)


def chosen(workers: int = 1, scheduler: str | None = None) -> Runner:
    """The runner a command asked for (use it as a context manager for the whole build)."""
    if scheduler:
        return Cluster(scheduler)
    return Processes(workers) if workers > 1 else Runner()


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
