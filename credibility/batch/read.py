"""The batch's CSV reader: rows of CSV files in chunks that end at exact byte offsets.

The CSV is parsed with the csv module one physical line at a time, each line decoded on its
own: an undecodable byte or a malformed line costs one row (reported with its line number),
never the batch, and every chunk ends at an exact byte offset to resume from. A row with the
wrong number of fields is not scored; it is written with as many cells as the header (the
first ones it has, missing ones empty). Blank lines are not rows. The dask engine (dask.py)
reads its partitions with this same reader, so both engines see the same rows.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from credibility.batch.errors import ENCODING, BatchInputError
from credibility.batch.records import Row, Spec
from credibility.errors import quoted

# A chunk also ends after this many input bytes, so rows of huge HTML pages cannot make the
# chunks in flight (two per worker) take more than a few tens of MB.
CHUNK_BYTES = 8 << 20
# What a row with bytes the encoding cannot read is told to do: the command line's words by
# default; a server passes its own (BatchOptions.encoding_advice), as the row goes into the
# file its user downloads.
ENCODING_ADVICE = "try --encoding"
# csv refuses fields over 128 KiB by default; saved HTML pages are often larger. A record is
# held in memory whole; score() then refuses texts over its own limit (2 MB) row by row.
FIELD_LIMIT = 2**31 - 1


def check_encoding(name: str) -> str:
    """The codec's name; only codecs that keep ASCII bytes as they are can split at b"\\n"."""
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise BatchInputError(
            "unknown encoding {name}", settings=("encoding",), name=quoted(name)
        ) from None
    if '\n\r,"a'.encode(codec) != b'\n\r,"a':
        raise BatchInputError(f"batch reads ASCII-compatible encodings only, not {name}")
    return "utf-8" if codec == "utf-8-sig" else codec  # Lines skips a UTF-8 BOM itself


class Lines:
    """Decoded physical lines of a binary stream, with the byte offset and line number.

    Decoding line by line lets a bad byte spoil only its own record: the line is decoded
    with U+FFFD replacements and ``bad`` keeps its number for the record's error.
    """

    def __init__(self, stream: IO[bytes], encoding: str, offset: int = 0, line: int = 0):
        self.stream, self.encoding, self.offset, self.line = stream, encoding, offset, line
        self.bad = 0
        self.record: list[str] = []  # the lines of the record being read, for its repair

    def __iter__(self) -> Lines:
        return self

    def __next__(self) -> str:
        raw = self.stream.readline()
        if not raw:
            raise StopIteration
        if self.offset == 0 and self.encoding == "utf-8":
            if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                raise BatchInputError("the input is UTF-16; convert it to UTF-8")
            if raw.startswith(codecs.BOM_UTF8):
                self.offset, raw = len(codecs.BOM_UTF8), raw[len(codecs.BOM_UTF8) :]
        self.offset += len(raw)
        self.line += 1
        try:
            text = raw.decode(self.encoding)
        except UnicodeDecodeError:
            self.bad = self.bad or self.line
            text = raw.decode(self.encoding, "replace")
        self.record.append(text)
        return text


def fields_before_bare_cr(record: str) -> list[str]:
    """The whole fields of a record that csv refused for a CR inside an unquoted field: those
    before the field holding it, so the row keeps its id; [] when there is no bare CR."""
    cut = record.rstrip("\r\n").find("\r")
    if cut < 0:
        return []
    try:
        return next(csv.reader([record[:cut]]), [""])[:-1]  # the last one is cut in two
    except csv.Error:
        return []


def open_input(path: str, offset: int = 0) -> contextlib.AbstractContextManager[IO[bytes]]:
    """A binary stream at ``offset``; "-" is standard input (read once, never seeked)."""
    if path == "-":
        return contextlib.nullcontext(sys.stdin.buffer)
    stream = open(path, "rb")  # noqa: SIM115 - returned to a with-statement
    stream.seek(offset)
    return stream


def read_header(path: str, encoding: str) -> tuple[list[str], int, int]:
    """The header's fields and where the data starts (byte offset, lines before)."""
    csv.field_size_limit(FIELD_LIMIT)
    try:
        with open_input(path) as stream:
            lines = Lines(stream, encoding)
            for fields in csv.reader(lines):
                if lines.bad:
                    raise BatchInputError(
                        f"undecodable header for {encoding}", path=path, fix=ENCODING
                    )
                if fields:
                    return fields, lines.offset, lines.line
    except csv.Error as exc:
        raise BatchInputError(f"unreadable header line ({exc})", path=path) from None
    except BatchInputError as exc:  # UTF-16 from Lines: name the file
        if exc.path is None:
            raise BatchInputError(exc.what, path=path) from None
        raise
    except IsADirectoryError:
        raise BatchInputError("is a directory", path=path) from None
    except FileNotFoundError:
        raise BatchInputError("no such file", path=path) from None
    except OSError as exc:
        raise BatchInputError(f"cannot read ({exc.strerror})", path=path) from None
    raise BatchInputError("empty, no header line", path=path)


@dataclass(frozen=True)
class Reader:
    """How to read the inputs; picklable, so dask workers read their partitions themselves."""

    paths: tuple[str, ...]
    starts: tuple[tuple[int, int], ...]  # per input: data offset and line after the header
    encoding: str
    width: int
    chunksize: int
    advice: str = ENCODING_ADVICE

    def records(
        self, i: int, stream: IO[bytes], offset: int, line: int
    ) -> Iterator[tuple[Row, int, int]]:
        """Rows from ``stream`` at ``offset``, each with the offset and line it ends at."""
        csv.field_size_limit(FIELD_LIMIT)
        lines = Lines(stream, self.encoding, offset, line)
        reader, where = csv.reader(lines), f"{self.paths[i]} " if len(self.paths) > 1 else ""
        while True:
            lines.bad, first, lines.record = 0, lines.line + 1, []
            try:
                fields, problem = next(reader), ""
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a bare CR inside an unquoted field
                fields, problem = (
                    fields_before_bare_cr("".join(lines.record)),
                    f"malformed CSV ({exc})",
                )
            else:
                if not fields:
                    continue
            n = len(fields)
            if lines.bad:
                first, problem = lines.bad, f"undecodable bytes for {self.encoding}; {self.advice}"
            elif not problem and n != self.width:
                problem = f"{n} fields, the header has {self.width}: not scored"
                if n > self.width:
                    problem += f"; the first {self.width} kept, {n - self.width} dropped"
            fields = (fields + [""] * (self.width - n))[: self.width]
            row = Row(first, fields, f"{where}line {first}: {problem}" if problem else "")
            yield row, lines.offset, lines.line

    def chunks(
        self, position: tuple[int, int, int] | None = None
    ) -> Iterator[tuple[Spec, list[Row]]]:
        """Chunks of rows from ``position`` (input, byte offset, line) to the end."""
        first = position[0] if position else 0
        for i in range(first, len(self.paths)):
            offset, line = position[1:] if position and i == first else self.starts[i]
            with open_input(self.paths[i], offset) as stream:
                rows: list[Row] = []
                start, start_line = end, end_line = offset, line
                for row, end, end_line in self.records(i, stream, offset, line):
                    rows.append(row)
                    if len(rows) >= self.chunksize or end - start >= CHUNK_BYTES:
                        yield Spec(i, start, end, start_line, end_line), rows
                        rows, start, start_line = [], end, end_line
                if rows:
                    yield Spec(i, start, end, start_line, end_line), rows

    def read(self, spec: Spec) -> list[Row]:
        """The rows of one chunk found by ``chunks`` (the dask engine's partitions)."""
        with open_input(self.paths[spec.input], spec.start) as stream:
            limited: IO[bytes] = LimitedReader(stream, spec.end - spec.start)  # type: ignore[assignment]
            return [row for row, _, _ in self.records(spec.input, limited, spec.start, spec.line)]


class LimitedReader:
    """readline() that stops at a byte count: a chunk's end is always a record's end."""

    def __init__(self, stream: IO[bytes], size: int) -> None:
        self.stream, self.left = stream, size

    def readline(self) -> bytes:
        if self.left <= 0:
            return b""
        raw = self.stream.readline(self.left)
        self.left -= len(raw)
        return raw
