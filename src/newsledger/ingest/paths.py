"""From the paths a user gives (files, directories, globs, ``-``) to the list of files to read."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence

from ..errors import InputError
from .formats import EXTENSIONS, extension_format

KNOWN = ", ".join(EXTENSIONS)


def expand_paths(paths: Sequence[str]) -> list[str]:
    """Files as given, directories walked recursively (known extensions, sorted), globs expanded (``**`` too),
    ``-`` kept for stdin; each file once. Raises ``InputError`` for a path that matches nothing."""
    files: list[str] = []
    seen: set[str] = set()
    for path in paths:
        for file in _expand(path):
            key = file if file == "-" else os.path.realpath(file)
            if key not in seen:
                seen.add(key)
                files.append(file)
    return files


def _expand(path: str) -> list[str]:
    if path == "-":
        return [path]
    if os.path.isdir(path):
        return _walk(path) or _fail(path, f"no {KNOWN} files (or .gz of them) in this directory")
    if os.path.exists(path):
        return [path]
    if any(char in path for char in "*?["):
        return _glob(path) or _fail(path, "no readable files match this pattern")
    return _fail(path, "no such file or directory")


def _walk(directory: str) -> list[str]:
    return sorted(_known_files(directory))


def _known_files(directory: str) -> Iterator[str]:
    for folder, subfolders, names in os.walk(directory):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        yield from (os.path.join(folder, name) for name in names
                    if not name.startswith(".") and extension_format(name))


def _glob(pattern: str) -> list[str]:
    files: list[str] = []
    for match in sorted(glob.glob(pattern, recursive=True)):
        if os.path.isdir(match):
            files.extend(_walk(match))
        elif extension_format(match):
            files.append(match)
    return files


def _fail(path: str, message: str) -> list[str]:
    raise InputError(message, source=path, fix=f"check the path; directories and globs read {KNOWN} files and "
                     "their .gz, and a glob should be quoted so the shell leaves it to newsledger ('data/**/*.jsonl')")
