"""The query parameters the explorer's views take, declared once: the same names, types and help as the CLI's
options, validated by FastAPI and documented in the OpenAPI document. An empty value (a blank field of a submitted
form) means "not given"."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator, Field, StringConstraints

from ..store.ledger import Ledger, open_ledger
from ..store.queries import EVENT_SORTS, Filters


def _blank_is_none(value: object) -> object:
    return None if isinstance(value, str) and not value.strip() else value


def _text(description: str, pattern: str | None = None) -> object:
    text = Annotated[str, StringConstraints(max_length=200, pattern=pattern)]
    return Annotated[text | None, BeforeValidator(_blank_is_none), Query(description=description)]


def request_ledger(request: Request):
    """The ledger for one request, on its own connection (DuckDB connections are not shared between threads)."""
    with open_ledger(request.app.state.db) as ledger:
        yield ledger


LedgerDep = Annotated[Ledger, Depends(request_ledger)]

Q = _text("Only rows whose title or text (name, for places) contains this.")
Outlet = _text("Only this outlet (case-insensitive).")
Since = Annotated[date | None, BeforeValidator(_blank_is_none),
                  Query(description="Published on or after this date (YYYY-MM-DD).")]
Until = Annotated[date | None, BeforeValidator(_blank_is_none),
                  Query(description="Published on or before this date (YYYY-MM-DD).")]
Entity = _text("Only records naming this entity (substring of its name, or an alias).")
Country = _text("Only records involving this country (ISO 3166-1 alpha-3).", pattern="^[A-Za-z]{3}$")
SourceCountry = _text("Only events whose source is of this country (ISO alpha-3).", pattern="^[A-Za-z]{3}$")
TargetCountry = _text("Only events whose target is of this country (ISO alpha-3).", pattern="^[A-Za-z]{3}$")
Code = _text("A CAMEO code; its sub-codes match too (19 → 190, 193, 1951 …).", pattern="^[0-9]{1,4}$")
Root = _text("A CAMEO root code, 01–20.", pattern="^(0?[1-9]|1[0-9]|20)$")
Quad = Annotated[Annotated[int, Field(ge=1, le=4)] | None, BeforeValidator(_blank_is_none),
                 Query(description="Quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict, "
                                   "4 material conflict.")]
Modality = Annotated[Literal["asserted", "negated", "future", "hypothetical", "claimed"] | None,
                     BeforeValidator(_blank_is_none), Query(description="Only events of this modality.")]
Source = _text("Only events whose source is this actor (exact name, case-insensitive).")
Target = _text("Only events whose target is this actor (exact name, case-insensitive).")
SORTS = tuple(key for name in EVENT_SORTS for key in (name, f"-{name}"))
Sort = Annotated[Literal[SORTS] | None, BeforeValidator(_blank_is_none),  # type: ignore[valid-type]
                 Query(description="Order by this column; a leading - for descending.")]
EntityType = Annotated[Literal["PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"] | None, BeforeValidator(_blank_is_none),
                       Query(description="Only this entity type.")]
Speaker = _text("Only quotes whose speaker's name contains this.")
Bucket = Annotated[Literal["year", "month", "day"], Query(description="Count events per year, month or day.")]
Limit = Annotated[int, Query(ge=0, le=1000, description="At most this many rows.")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Skip this many rows.")]


def filters(outlet: str | None = None, since: date | None = None, until: date | None = None,
            entity: str | None = None, country: str | None = None, limit: int | None = None,
            offset: int = 0) -> Filters:
    return Filters(outlet=outlet, since=since.isoformat() if since else None,
                   until=until.isoformat() if until else None, entity=entity, country=country, limit=limit,
                   offset=offset)


def given(**params: object) -> dict[str, object]:
    """The parameters that were given, as they would be written in a query string."""
    return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in params.items() if v not in (None, "")}
