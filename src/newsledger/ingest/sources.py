"""Opening an input as bytes: a file or stdin, gzip undone (by its magic bytes), a head kept for sniffing."""

from __future__ import annotations

import codecs
import gzip
import io
import itertools
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from typing import BinaryIO

from .rejects import UndecodableInput

HEAD_SIZE = 8192
CHUNK_SIZE = 1 << 16
GZIP_MAGIC = b"\x1f\x8b"
STDIN_NAME = "<stdin>"


@dataclass(slots=True)
class Source:
    name: str  # the path as given, or <stdin>
    stream: BinaryIO  # the whole content from its start, decompressed
    head: bytes  # its first bytes, for sniffing
    offset: int = 0  # bytes of the (decompressed) content consumed through lines()
    first_line: int = 1
    seekable: BinaryIO | None = None  # the plain file underneath, when it is neither stdin nor gzipped

    def lines(self) -> Iterator[tuple[int, bytes]]:
        for number, raw in enumerate(self.stream, start=self.first_line):
            self.offset += len(raw)
            yield number, raw

    def skip_to(self, offset: int, line: int) -> None:
        """Continue from byte ``offset`` of the content, which starts line ``line``: a plain file is seeked,
        stdin and gzip are read up to it (and not parsed)."""
        if self.seekable is not None:
            self.seekable.seek(offset)
            self.stream = _peekable(self.seekable, HEAD_SIZE)
        else:
            remaining = offset
            while remaining and (data := self.stream.read(min(remaining, CHUNK_SIZE))):
                remaining -= len(data)
        self.offset, self.first_line = offset, line

    def chunks(self) -> Iterator[bytes]:
        return iter(lambda: self.stream.read(CHUNK_SIZE), b"")


@contextmanager
def open_source(path: str, stdin: BinaryIO | None = None) -> Iterator[Source]:
    with ExitStack() as stack:
        if path == "-":
            name, raw = STDIN_NAME, stdin or sys.stdin.buffer
        else:
            name, raw = path, stack.enter_context(open(path, "rb"))
        stream: BinaryIO = _peekable(raw, len(GZIP_MAGIC))
        seekable = raw if path != "-" else None
        if stream.peek(len(GZIP_MAGIC))[:len(GZIP_MAGIC)] == GZIP_MAGIC:
            stream = stack.enter_context(gzip.GzipFile(fileobj=stream, mode="rb"))
            seekable = None
        stream = _peekable(stream, HEAD_SIZE)
        yield Source(name, stream, stream.peek(HEAD_SIZE)[:HEAD_SIZE], seekable=seekable)


def _peekable(stream: BinaryIO, size: int) -> io.BufferedReader:
    return io.BufferedReader(_Readable(stream), buffer_size=max(size, io.DEFAULT_BUFFER_SIZE))


class _Readable(io.RawIOBase):
    """Any binary stream (stdin, a GzipFile) as a raw stream a BufferedReader can peek into."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


def is_binary(head: bytes) -> bool:
    """NUL bytes mean binary (or UTF-16/32, which the line readers cannot split, so it is refused too)."""
    return b"\x00" in head


def decode_line(raw: bytes, encoding: str, number: int) -> str:
    try:
        text = raw.decode(encoding)
    except UnicodeDecodeError as error:
        raise UndecodableInput(number, error) from None
    return text.lstrip("\ufeff") if number == 1 else text


def decode_whole(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except UnicodeDecodeError as error:
        raise UndecodableInput(data.count(b"\n", 0, error.start) + 1, error) from None


def decoded_chunks(source: Source, encoding: str) -> Iterator[str]:
    """The source as text, chunk by chunk, so a large JSON document is never held whole."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line = 1
    for index, chunk in enumerate(itertools.chain(source.chunks(), [b""])):
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as error:
            raise UndecodableInput(line + chunk.count(b"\n", 0, error.start), error) from None
        text = text.lstrip("\ufeff") if index == 0 else text
        line += chunk.count(b"\n")
        if text:
            yield text
