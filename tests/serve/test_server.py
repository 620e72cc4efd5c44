"""``crossfact serve`` for real: the command starts uvicorn on a free localhost port, says where and that it is
local only, and answers the summary page and the claims API over HTTP."""

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
