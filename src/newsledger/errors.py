"""The one exception tree of newsledger.

    NewsledgerError                 anything newsledger reports to a person
     ├── InputError                 a record or file that cannot be read (names file, line and fix)
     ├── DataFileError              a rule or lexicon file that does not validate (names file and line)
     ├── ModelError                 no usable spaCy model is installed
     ├── StoreError                 the DuckDB ledger cannot be opened or written
     └── RequestError               an HTTP request the explorer cannot answer (unknown id, missing token, ...)

The CLI turns each into a one-line message and a non-zero exit; the HTTP API into one JSON error shape.
"""

from __future__ import annotations


class NewsledgerError(Exception):
    """Base class: ``str(error)`` is a one-line message that says how to fix the problem."""

    code = "NL000"

    def __init__(self, message: str, *, fix: str | None = None) -> None:
        self.message = message
        self.fix = fix
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return f"{self.message} — {self.fix}" if self.fix else self.message


class InputError(NewsledgerError):
    code = "NL100"

    def __init__(self, message: str, *, source: str | None = None, line: int | None = None,
                 fix: str | None = None) -> None:
        self.source = source
        self.line = line
        where = source or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}", fix=fix)


class DataFileError(NewsledgerError):
    code = "NL200"

    def __init__(self, message: str, *, path: str, line: int | None = None, fix: str | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {message}", fix=fix)


class ModelError(NewsledgerError):
    code = "NL300"


class StoreError(NewsledgerError):
    code = "NL400"


class RequestError(NewsledgerError):
    """Carries the HTTP status the explorer answers with; ``code`` tells the cases apart (NL601 not found, ...)."""

    code = "NL600"

    def __init__(self, message: str, *, status: int = 400, code: str | None = None, fix: str | None = None) -> None:
        self.status = status
        if code:
            self.code = code
        super().__init__(message, fix=fix)
