from __future__ import annotations

import inspect

import newsledger.ingest as ingest

PUBLIC = {"FORMATS", "Position", "ReadOptions", "RejectsFile", "content_id", "expand_paths", "parse_date",
          "read_articles", "read_positioned", "repair_text"}


def test_exported_members_are_the_curated_public_api() -> None:
    assert set(ingest.__all__) == PUBLIC
    defined = {name for name, value in vars(ingest).items()
               if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"}
    assert defined == PUBLIC


def test_exported_members_come_from_the_ingest_modules() -> None:
    for name in PUBLIC - {"FORMATS"}:
        assert getattr(ingest, name).__module__.startswith("newsledger.ingest.")
