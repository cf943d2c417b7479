"""Beyond one machine: the same ``analyze()`` on a Dask cluster, into a partitioned Parquet dataset."""

from __future__ import annotations

from .cluster import analyze_partition, ingest_dask

__all__ = ["analyze_partition", "ingest_dask"]
