"""The data model's records as plain JSON values and back, for the store.

factfile/1 (`outputs/factfile_json.py`) is what users read: it names things for people and
leaves out what only the stages need (a claim's lemmas, a mention's rule). The store keeps
every field, so that a document annotated once can be handed to the corpus-wide stages later
as if it had just been annotated. `encode` and `decode` follow the dataclasses' own type
hints: a field added to `model.py` is stored without a change here.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import types
import typing
from typing import Any, TypeVar

import orjson

T = TypeVar("T")


def encode(record: object) -> Any:
    """`record` (a model dataclass, or tuples, dicts and scalars of them) as JSON values."""
    if dataclasses.is_dataclass(record) and not isinstance(record, type):
        return {f.name: encode(getattr(record, f.name)) for f in dataclasses.fields(record)}
    if isinstance(record, (tuple, list)):
        return [encode(item) for item in record]
    if isinstance(record, dict):
        return {key: encode(item) for key, item in record.items()}
    return record


def decode(kind: type[T], data: Any) -> T:
    """The record of type `kind` that `encode` turned into `data`."""
    return _decoder(kind)(data)


def dumps(record: object) -> str:
    """`record` as one compact JSON text, keys in field order (the same record gives the same text).
    orjson writes dataclasses itself, field by field, as `encode` does: the text is the same and a
    report's record costs a tenth of the time. orjson refuses integers beyond 64 bits, which no
    report's offsets reach; the standard library writes those."""
    try:
        return orjson.dumps(record).decode("utf-8")
    except TypeError:
        return json.dumps(encode(record), ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def loads(kind: type[T], text: str | bytes) -> T:
    """The record of type `kind` that `dumps` wrote."""
    return decode(kind, json.loads(text))


def _same(data: Any) -> Any:
    return data


@functools.cache
def _decoder(kind: Any) -> typing.Callable[[Any], Any]:
    origin = typing.get_origin(kind)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        fields = [(f.name, _decoder(hints[f.name])) for f in dataclasses.fields(kind)]
        # Most fields are strings and numbers, taken as they are: only the others are walked.
        names = [name for name, _ in fields]
        walked = [(name, read) for name, read in fields if read is not _same]

        def record(data: dict) -> Any:
            # A field missing from older stored data takes its default (the dataclass's own).
            values = {name: data[name] for name in names if name in data}
            for name, read in walked:
                if name in values:
                    values[name] = read(values[name])
            return kind(**values)
        return record
    if origin in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(kind) if option is not type(None)]
        if len(options) != 1:
            raise TypeError(f"cannot decode {kind}: only 'X | None' unions are stored")
        inner = _decoder(options[0])
        return lambda data: None if data is None else inner(data)
    if origin is tuple:
        args = typing.get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _decoder(args[0])
            return tuple if item is _same else lambda data: tuple(map(item, data))
        items = [_decoder(arg) for arg in args]
        if all(read is _same for read in items):
            return tuple
        return lambda data: tuple(read(x) for read, x in zip(items, data, strict=True))
    if origin is dict:
        key_type, value_type = typing.get_args(kind)
        value = _decoder(value_type)
        return lambda data: {key: value(item) for key, item in data.items()}
    if kind in (str, int, float, bool):
        # Kept as JSON read it: a float field given an int stays an int, so outputs stay byte-identical.
        return _same
    raise TypeError(f"cannot decode {kind}")
