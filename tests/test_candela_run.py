"""`candela run` as a newcomer starts it: a real process on a free port, SQLite in a fresh data
directory, the web server and the in-process task worker together."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
PASSWORD = "a-long-test-passphrase-1"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RunningServer:
    def __init__(self, process: subprocess.Popen[str], base_url: str) -> None:
        self.process = process
        self.base_url = base_url
        self.output: list[str] = []
        self.reader = threading.Thread(target=self._collect, daemon=True)
        self.reader.start()

    def _collect(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.output.append(line)

    def wait_for_output(self, pattern: str, timeout: float) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = "".join(self.output)
            if re.search(pattern, text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"{pattern!r} not printed; output:\n{''.join(self.output)}")

    def post_form(
        self, session: requests.Session, path: str, data: dict[str, str]
    ) -> requests.Response:
        page = session.get(self.base_url + path, timeout=10)
        data = {"csrfmiddlewaretoken": CSRF_FIELD.search(page.text).group(1), **data}
        return session.post(
            self.base_url + path,
            data=data,
            headers={"Referer": self.base_url + path},
            timeout=10,
            allow_redirects=False,
        )


@pytest.fixture
def candela_run(tmp_path: Path) -> Iterator[RunningServer]:
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("CANDELA_") and key != "DJANGO_SETTINGS_MODULE"
    }
    env |= {"CANDELA_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "candela.cli", "run", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    server = RunningServer(process, f"http://127.0.0.1:{port}")
    try:
        server.wait_for_output(r"Candela is running at http://127\.0\.0\.1:\d+/", timeout=60)
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(server.base_url + "/", timeout=2)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        yield server
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        server.reader.join(timeout=10)
        assert process.stdout is not None
        process.stdout.close()


def test_candela_run_serves_sign_up_login_and_sends_mail_from_its_task_worker(candela_run):
    newcomer = requests.Session()
    signed_up = candela_run.post_form(
        newcomer,
        "/signup/",
        {"username": "aino", "email": "aino@example.org", "password": PASSWORD, "language": "fi"},
    )
    assert signed_up.status_code == 302
    assert signed_up.headers["Location"] == "/settings/profile/"
    profile = requests.get(candela_run.base_url + "/@aino", timeout=10)
    assert profile.status_code == 200

    returning = requests.Session()
    logged_in = candela_run.post_form(
        returning, "/login/", {"username": "AINO", "password": PASSWORD}
    )
    assert logged_in.status_code == 302
    settings_page = returning.get(candela_run.base_url + "/settings/", timeout=10)
    assert '<html lang="fi">' in settings_page.text

    reset = candela_run.post_form(
        requests.Session(), "/password-reset/", {"email": "aino@example.org"}
    )
    assert reset.status_code == 302
    # The console e-mail backend prints the message once the worker thread has sent it.
    output = candela_run.wait_for_output(r"To: aino@example.org", timeout=30)
    assert "/password-reset/" in output


def test_ctrl_c_stops_candela_run_cleanly(candela_run):
    candela_run.process.send_signal(signal.SIGINT)
    assert candela_run.process.wait(timeout=20) == 0
