"""``crossfact serve`` for real: the command starts uvicorn on a free localhost port, says where and that it is
local only, and answers the summary page and the claims API over HTTP; ``crossfact demo --serve`` analyses the
demo corpus into a store and serves it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

from crossfact.model import Report


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def test_server_serves_the_store_over_http_on_localhost(served: tuple[Path, Report]) -> None:
    path, report = served
    port = _free_port()
    command = [sys.executable, "-m", "crossfact", "serve", str(path), "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        said = [server.stdout.readline(), server.stdout.readline()]
        assert f"http://127.0.0.1:{port}/" in said[0], said
        assert "Local only" in said[1]
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while True:
            try:
                summary = httpx.get(f"{base}/", timeout=5)
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not start listening"
                time.sleep(0.1)
        assert summary.status_code == 200 and "crossfact workbench" in summary.text
        claims = httpx.get(f"{base}/api/claims", params={"limit": 3}, timeout=5).json()
        assert claims["total"] == len(report.claims) and len(claims["items"]) == 3
        # Another host name is refused while the server is local only (no DNS rebinding).
        assert httpx.get(f"{base}/", headers={"Host": "attacker.example"}, timeout=5).status_code == 400
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert server.returncode is not None


def test_server_demo_serve_analyses_the_demo_and_serves_it(tmp_path: Path) -> None:
    port = _free_port()
    out = tmp_path / "demo"
    command = [sys.executable, "-m", "crossfact", "demo", "--out", str(out), "--serve", "--port", str(port)]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        lines = iter(server.stdout.readline, "")
        said = next(line for line in lines if "crossfact workbench for" in line)
        assert str(out / "crossfact.db") in said and f"http://127.0.0.1:{port}/" in said
        deadline = time.monotonic() + 20
        while True:
            try:
                articles = httpx.get(f"http://127.0.0.1:{port}/api/articles", timeout=5).json()
                break
            except httpx.ConnectError:
                assert time.monotonic() < deadline, "the server did not start listening"
                time.sleep(0.1)
        assert articles["total"] == 8  # the demo corpus's eight articles (demo/MANIFEST.md)
        assert (out / "report.html").is_file()
    finally:
        server.terminate()
        server.wait(timeout=10)
