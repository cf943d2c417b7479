"""How to read the input: the options the CLI's flags fill in, checked once before reading."""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from ..errors import InputError
from .dates import ACCEPTED, parse_date
from .fields import CONTRACT_FIELDS
from .formats import FORMATS


@dataclass(slots=True)
class ReadOptions:
    format: str | None = None  # one of FORMATS; None decides by extension, then by sniffing the content
    fields: dict[str, str] = field(default_factory=dict)  # contract field -> input field (--field text=body)
    outlet: str | None = None  # for records that name none, and the only metadata of a plain .txt
    published: str | None = None  # YYYY-MM-DD, for records that give no date
    encoding: str = "utf-8"


def check_options(options: ReadOptions) -> None:
    """Raise ``InputError`` naming the option and its fix when an option cannot work."""
    if options.format is not None and options.format not in FORMATS:
        raise InputError(f"unknown format {options.format!r}", source="--format",
                         fix=f"use one of {', '.join(FORMATS)}, or leave it out to decide by file extension")
    for key, name in options.fields.items():
        if key not in CONTRACT_FIELDS or not name:
            raise InputError(f"cannot map {key!r} to {name!r}", source="--field",
                             fix=f"write --field FIELD=NAME with FIELD one of {', '.join(CONTRACT_FIELDS)}")
    try:
        codecs.lookup(options.encoding)
    except LookupError:
        raise InputError(f"unknown encoding {options.encoding!r}", source="--encoding",
                         fix="use a Python codec name such as utf-8, cp1252 or latin-1") from None
    if options.published:
        try:
            valid = parse_date(options.published)
        except ValueError as error:
            raise InputError(str(error), source="--published", fix="give a real calendar date") from None
        if valid is None:
            raise InputError(f"unparseable date {options.published!r}", source="--published",
                             fix=f"write it as {ACCEPTED}")
