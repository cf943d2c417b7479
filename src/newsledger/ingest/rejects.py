"""Rejected records: making them, and writing them to a rejects file so nothing is lost silently."""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import TextIO

from ..records import Reject

RAW_LIMIT = 2000


def reject(source: str, line: int | None, reason: str, fix: str, raw: str | None = None) -> Reject:
    return Reject(source=source, line=line, reason=reason, fix=fix, raw=None if raw is None else raw[:RAW_LIMIT])


class UndecodableInput(Exception):
    """Bytes that are not valid in the chosen encoding, at a 1-based line of the source."""

    def __init__(self, line: int, error: UnicodeDecodeError) -> None:
        super().__init__(str(error))
        self.line = line
        data = bytes(error.object)
        self.byte = data[error.start:error.start + 1]
        start = data.rfind(b"\n", 0, error.start) + 1
        end = data.find(b"\n", error.start)
        self.raw = data[start:None if end < 0 else end].decode(error.encoding, errors="backslashreplace")


def undecodable(source: str, line: int, problem: UndecodableInput, encoding: str, what: str = "line") -> Reject:
    where = "" if line == problem.line else f" on line {problem.line}"
    return reject(source, line, f"{what} is not valid {encoding} (byte 0x{problem.byte.hex()}{where})",
                  "pass --encoding with the file's real encoding (e.g. --encoding cp1252) or fix the bytes",
                  problem.raw)


class RejectsFile:
    """Writes rejects as JSON lines (source, line, reason, fix, raw); the file is created at the first reject."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.count = 0
        self.size = 0  # bytes written, including what a resumed run kept
        self._handle: TextIO | None = None
        self._mode = "w"

    def resume(self, size: int) -> None:
        """Continue an interrupted run's file: keep its first ``size`` bytes (what that run had committed) and
        append after them."""
        if size and self.path.exists():
            with self.path.open("r+b") as handle:
                handle.truncate(size)
            self._mode, self.size = "a", size

    def write(self, item: Reject) -> None:
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open(self._mode, encoding="utf-8", newline="\n")
        line = json.dumps(item.to_dict(), ensure_ascii=False) + "\n"
        self._handle.write(line)
        self.size += len(line.encode("utf-8"))
        self.count += 1

    def flush(self) -> None:
        """Hand what is written to the operating system (it then survives the process being killed)."""
        if self._handle is not None:
            self._handle.flush()

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self) -> RejectsFile:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.close()
