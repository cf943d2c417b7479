"""`newsledger serve` as a user starts it: the address it prints, Ctrl-C, and the refusals."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
import urllib.request

from conftest import ROOT

from .conftest import free_port


def serve(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsledger.cli", "serve", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, **kwargs)


def test_cli_serve_prints_its_address_answers_and_stops_on_ctrl_c(explorer_db):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-u", "-m", "newsledger.cli", "serve", "--db", str(explorer_db),
                                "--port", str(port)], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True)
    try:
        line = process.stdout.readline()
        assert line.startswith(f"newsledger explorer: http://127.0.0.1:{port}/ (explorer.duckdb, read-only)"), line
        assert str(explorer_db.parent) not in line
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as response:
                    assert response.status == 200 and b"newsledger" in response.read()
                    break
            except OSError:
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read()
                time.sleep(0.2)
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
        process.communicate()


def test_cli_serve_beyond_loopback_needs_a_token(explorer_db):
    result = serve("--db", str(explorer_db), "--host", "0.0.0.0", "--port", str(free_port()))
    assert result.returncode == 2
    assert "--token" in result.stderr and "Traceback" not in result.stderr


def test_cli_serve_without_a_ledger_says_how_to_make_one(tmp_path):
    result = serve("--db", str(tmp_path / "none.duckdb"))
    assert result.returncode == 1
    assert result.stderr.startswith("Error: no ledger at") and "newsledger ingest" in result.stderr
