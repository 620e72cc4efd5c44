"""A headless Chromium the workbench tests drive through the DevTools protocol, spoken over the pipe Chromium
opens with ``--remote-debugging-pipe`` (JSON messages ended by NUL on file descriptors 3 and 4), so clicking,
typing and uploading need no package beyond the standard library.

The page's console messages, uncaught exceptions, log entries (a CSP violation is one) and JavaScript dialogs
are all collected in :attr:`Browser.messages` and :attr:`Browser.dialogs`.
"""

from __future__ import annotations

import fcntl
import json
import os
import select
import subprocess
import time
from pathlib import Path
from typing import Any

from tests.conftest import chromium

# Seconds a command or a page load may take; an add runs the analysis (about 4 s on the demo corpus).
TIMEOUT = 60.0


def _high_pipe() -> tuple[int, int]:
    """Return a pipe whose ends are numbered 10 or more, clear of the 3 and 4 they are moved to in Chromium."""
    ends = os.pipe()
    high = tuple(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10) for end in ends)
    for end in ends:
        os.close(end)
    return high[0], high[1]


class Browser:
    """One headless Chromium with one page, driven command by command."""

    def __init__(self, profile: Path) -> None:
        commands_read, self._commands = _high_pipe()
        self._replies, replies_write = _high_pipe()
        # bash (dash takes one-digit fds only) puts the pipe ends on fds 3 and 4, where Chromium looks for them,
        # then becomes Chromium.
        script = f'exec "$0" "$@" 3<&{commands_read} 4>&{replies_write} {commands_read}<&- {replies_write}>&-'
        self.process = subprocess.Popen(
            [
                "/bin/bash",
                "-c",
                script,
                chromium("the workbench"),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                f"--user-data-dir={profile}",
                "--remote-debugging-pipe",
                "about:blank",
            ],
            pass_fds=(commands_read, replies_write),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(commands_read)
        os.close(replies_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        self.messages: list[str] = []
        self.dialogs: list[str] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log", "DOM"):
            self.send(f"{domain}.enable", session=True)

    def close(self) -> None:
        """Stop Chromium and close the pipes."""
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        os.close(self._replies)

    def send(self, method: str, *, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send one command (to the page when ``session``) and return its result; events met on the way are
        kept. Raises AssertionError with Chromium's message when the command fails."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params}
        if session:
            message["sessionId"] = self._session
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                assert "error" not in reply, f"{method}: {reply['error']}"
                result: dict[str, Any] = reply["result"]
                return result
            self._event(reply)

    def evaluate(self, expression: str) -> Any:
        """Return the value of a JavaScript expression evaluated in the page."""
        result = self.send("Runtime.evaluate", session=True, expression=expression, returnByValue=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def navigate(self, url: str) -> None:
        """Open ``url`` and return once it has loaded."""
        self._events.clear()
        self.send("Page.navigate", session=True, url=url)
        self.wait_for("Page.loadEventFired")

    def act(self, expression: str) -> None:
        """Run a script that makes the page navigate (a click, a form submit) and return once the next page
        has loaded."""
        self._events.clear()
        self.evaluate(expression)
        self.wait_for("Page.loadEventFired")

    def set_files(self, selector: str, files: list[Path]) -> None:
        """Choose ``files`` in the file input matching ``selector``, as a person picking them would."""
        root = self.send("DOM.getDocument", session=True)["root"]["nodeId"]
        node = self.send("DOM.querySelector", session=True, nodeId=root, selector=selector)["nodeId"]
        assert node, f"no element {selector}"
        self.send("DOM.setFileInputFiles", session=True, nodeId=node, files=[str(file) for file in files])

    def wait_for(self, method: str) -> dict[str, Any]:
        """Return the first event ``method`` since the last navigation, waiting for it to come."""
        deadline = time.monotonic() + TIMEOUT
        while True:
            for event in self._events:
                if event["method"] == method:
                    return event
            self._event(self._receive(deadline))

    def _event(self, event: dict[str, Any]) -> None:
        self._events.append(event)
        method, params = event.get("method"), event.get("params", {})
        if method == "Runtime.consoleAPICalled":
            args = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params["args"])
            self.messages.append(f"console.{params['type']}: {args}")
        elif method == "Runtime.exceptionThrown":
            self.messages.append(f"exception: {params['exceptionDetails'].get('text')}")
        elif method == "Log.entryAdded":
            entry = params["entry"]
            self.messages.append(f"log {entry['level']}: {entry['text']} ({entry.get('url', '')})")
        elif method == "Page.javascriptDialogOpening":
            self.dialogs.append(params["message"])
            self.send("Page.handleJavaScriptDialog", session=True, accept=False)

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            ready, _, _ = select.select([self._replies], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, "Chromium did not answer in time"
            chunk = os.read(self._replies, 1 << 16)
            assert chunk, "Chromium closed its DevTools pipe"
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        reply: dict[str, Any] = json.loads(message)
        return reply
