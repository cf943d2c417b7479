"""The JSON API in-process: the contract record, the page twins, the one error shape, the guards, and a
property-based run of schemathesis against the OpenAPI document."""

from __future__ import annotations

import json
import re
import shutil
import urllib.parse

import hypothesis
import pytest
import schemathesis
from jsonschema import Draft202012Validator

from conftest import ROOT
from newsledger.serve import create_app
from newsledger.serve.pages import PAGES
from newsledger.store.ledger import open_ledger

from .conftest import XSS_ARTICLE

CONTRACT = Draft202012Validator(json.loads((ROOT / "docs" / "article.schema.json").read_text(encoding="utf-8")))
HTML = {"accept": "text/html"}


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fix"}
    assert re.fullmatch(r"NL\d{3}", body["error"]["code"]) and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


def test_api_routes_of_the_issue_are_documented(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/events", "/api/entities", "/api/quotes",
                 "/api/places", "/api/stats", "/api/analyze", "/api/timeline", "/api/map", "/api/network",
                 "/api/entities/{name}", "/api/canonical", "/api/canonical/{canonical_id}", "/api/outlets",
                 "/api/outlets/{name}"):
        assert path in paths, path
    events = {p["name"] for p in paths["/api/events"]["get"]["parameters"]}
    assert events >= {"outlet", "since", "until", "entity", "country", "code", "root", "quad", "source_country",
                      "target_country", "modality", "limit", "offset", "sort"}
    assert {p["name"] for p in paths["/api/articles"]["get"]["parameters"]} >= {"q", "outlet", "since", "until",
                                                                                "limit", "offset"}


def test_api_openapi_document_validates(app):
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    schema.validate()


def test_api_article_is_exactly_the_stored_contract_record(client, explorer_db):
    ids = [row["id"] for row in client.get("/api/articles", params={"limit": 1000}).json()["rows"]]
    assert "layers-001" in ids and "xss-001" in ids and len(ids) >= 15
    with open_ledger(explorer_db) as ledger:
        for article_id in ids:
            record = client.get(f"/api/articles/{article_id}").json()
            assert record == json.loads(json.dumps(ledger.analysis(article_id).to_dict()))
            assert not list(CONTRACT.iter_errors(record)), article_id


def test_api_every_page_has_a_json_twin(client):
    canonical_id = client.get("/api/canonical", params={"limit": 1}).json()["rows"][0]["id"]
    examples = {"article": "layers-001", "entity": "Port Meridian", "canonical_event": canonical_id,
                "outlet": "Northern Wire"}  # a page's one path parameter, by page
    for page in PAGES:
        path = re.sub(r"\{(\w+)(:path)?\}", lambda m: examples[page.name], page.path)
        html = client.get(path, headers=HTML)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html"), path
        twin = re.search(r'class="json-twin" href="([^"]+)"', html.text).group(1)
        assert client.get(twin.replace("&amp;", "&")).status_code == 200, twin
        api = re.sub(r"\{(\w+)(:path)?\}", lambda m: examples[page.name], page.api)
        assert twin.split("?")[0].replace("%20", " ") == api


def test_api_twin_keeps_the_query(client):
    html = client.get("/events?quad=4&sort=-date", headers=HTML).text
    assert 'class="json-twin" href="/api/events?quad=4&amp;sort=-date"' in html
    rows = client.get("/api/events", params={"quad": 4, "sort": "-date"}).json()["rows"]
    assert len(re.findall(r'<tr class="event ', html)) == len(rows)


@pytest.mark.parametrize("query", ["since=yesterday", "quad=9", "sort=bogus", "country=IRAN", "limit=-1",
                                   "modality=maybe", "root=21", "code=1a"])
def test_api_invalid_parameters_are_422_in_the_error_shape(client, query):
    error = assert_error(client.get(f"/api/events?{query}"), 422, "NL604")
    assert query.split("=")[0] in error["message"]


def test_api_blank_parameters_mean_not_given(client):
    blank = client.get("/api/events?outlet=&since=&until=&quad=&modality=&sort=&root=").json()
    assert blank["rows"] == client.get("/api/events").json()["rows"] and blank["filters"] == {}


def test_api_not_found_and_wrong_method_are_in_the_error_shape(client):
    assert_error(client.get("/api/articles/no-such-id"), 404, "NL601")
    assert_error(client.get("/api/entities/No Such Entity"), 404, "NL601")
    assert_error(client.get("/api/canonical/no-such-event"), 404, "NL601")
    assert_error(client.get("/api/outlets/No Such Outlet"), 404, "NL601")
    assert_error(client.get("/api/nothing-here"), 404, "NL601")
    assert_error(client.post("/api/events", json={}), 405)
    page = client.get("/articles/no-such-id", headers=HTML)
    assert page.status_code == 404 and "text/html" in page.headers["content-type"]
    assert 'data-code="NL601"' in page.text


def test_api_store_error_is_503_and_names_no_folder(explorer_db, tmp_path):
    from fastapi.testclient import TestClient

    copy = tmp_path / "copy.duckdb"
    shutil.copy(explorer_db, copy)
    with TestClient(create_app(copy), raise_server_exceptions=False) as client:
        copy.unlink()
        response = client.get("/api/stats")
    error = assert_error(response, 503, "NL400")
    assert "copy.duckdb" in error["message"] and str(tmp_path) not in response.text


def test_api_unexpected_error_is_500_without_traceback_or_path(client, monkeypatch):
    from newsledger.store.queries import Queries

    def broken(self):
        raise ValueError("boom in /work/secret/place.py")

    monkeypatch.setattr(Queries, "stats", broken)
    response = client.get("/api/stats")
    error = assert_error(response, 500, "NL999")
    assert "Traceback" not in response.text and "secret" not in response.text and error["fix"]


def test_api_analyze_runs_the_real_pipeline(client):
    response = client.post("/api/analyze", json={"text": "Police arrested 17 protesters in Brussels on Monday.",
                                                 "outlet": "Harbour Gazette", "published": "2024-12-10"})
    assert response.status_code == 200, response.text
    record = response.json()
    assert not list(CONTRACT.iter_errors(record))
    assert record["article"]["published"] == "2024-12-10"
    assert "Brussels" in {e["name"] for e in record["entities"]}
    assert any(e["cameo"].startswith("17") for e in record["events"])


def test_api_analyze_refuses_what_it_should(client):
    assert_error(client.post("/api/analyze", json={"text": ""}), 422, "NL604")
    assert_error(client.post("/api/analyze", json={"text": "x", "extra": 1}), 422, "NL604")
    assert_error(client.post("/api/analyze", json={"text": "   "}), 400, "NL100")
    assert_error(client.post("/api/analyze", json={"text": "a" * 100_001}), 422, "NL604")
    assert_error(client.post("/api/analyze", json={"text": "a" * 500_000}), 413, "NL603")
    assert_error(client.post("/api/analyze", content=b'{"text": "x"}', headers={"content-type": "text/plain"}),
                 422, "NL604")
    assert_error(client.post("/api/analyze", content=iter([b'{"text": "x"}'])), 411, "NL608")


def test_api_token_protects_post_and_leaves_get_open(explorer_db, pipeline):
    from fastapi.testclient import TestClient

    with TestClient(create_app(explorer_db, token="s3cret", pipeline=pipeline)) as client:
        body = {"text": "The minister met the ambassador."}
        missing = client.post("/api/analyze", json=body)
        assert_error(missing, 401, "NL602")
        assert missing.headers["www-authenticate"] == "Bearer"
        assert_error(client.post("/api/analyze", json=body, headers={"authorization": "Bearer wrong"}), 401)
        assert client.post("/api/analyze", json=body, headers={"authorization": "Bearer s3cret"}).status_code == 200
        assert client.get("/api/stats").status_code == 200 and client.get("/events").status_code == 200


def test_api_host_guard_refuses_other_host_names(explorer_db):
    from fastapi.testclient import TestClient

    with TestClient(create_app(explorer_db, allowed_hosts={"127.0.0.1", "localhost"}),
                    base_url="http://127.0.0.1:8000") as client:
        assert client.get("/api/stats").status_code == 200
        assert client.get("/api/stats", headers={"host": "localhost:8000"}).status_code == 200
        assert_error(client.get("/api/stats", headers={"host": "rebound.example:8000"}), 400, "NL606")


def test_api_security_headers_on_pages_and_json(client):
    for path in ("/", "/api/stats", "/nowhere"):
        headers = client.get(path).headers
        assert "script-src 'self'" in headers["content-security-policy"]
        assert "unsafe-inline" not in headers["content-security-policy"]
        assert headers["x-content-type-options"] == "nosniff"


def test_api_pages_escape_untrusted_text(client):
    hostile_outlet = "/outlets/" + urllib.parse.quote(XSS_ARTICLE["outlet"], safe="")
    hostile_events = {r["canonical_id"] for r in client.get("/api/events", params={"limit": 1000}).json()["rows"]
                      if r["article_id"] in ("xss-001", "layers-001")}
    assert client.get(hostile_outlet, headers=HTML).status_code == 200 and hostile_events
    for path in ("/articles/xss-001", "/articles/layers-001", "/articles", "/events", "/entities", "/network",
                 "/map", "/quotes", "/", "/outlets", "/canonical", hostile_outlet,
                 *(f"/canonical/{canonical_id}" for canonical_id in sorted(hostile_events))):
        html = client.get(path, headers=HTML).text
        assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html, path
        assert not re.search(r'href="\s*javascript:', html, flags=re.IGNORECASE), path
        assert len(re.findall(r"<script\b", html)) == 1, path
    assert "&lt;script&gt;window.__xss=" in client.get("/articles/xss-001", headers=HTML).text


def test_api_schemathesis_finds_no_server_error(app):
    """Every operation of the OpenAPI document, fed generated parameters and bodies (valid and invalid): no
    server error, and every response as the document describes it (status, content type, schema)."""
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 12
    for operation in operations:
        examples = 10 if operation.method.upper() == "POST" else 20

        @hypothesis.given(case=operation.as_strategy())
        @hypothesis.settings(max_examples=examples, deadline=None, derandomize=True, database=None,
                             suppress_health_check=list(hypothesis.HealthCheck), phases=[hypothesis.Phase.generate])
        def no_server_error(case):
            case.call_and_validate()

        no_server_error()
