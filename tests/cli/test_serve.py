import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

MURMUR = str(Path(sys.executable).parent / "murmur")


def _environment(data_dir: Path) -> dict[str, str]:
    env = {**os.environ, "MURMUR_DATA_DIR": str(data_dir), "WEB_CONCURRENCY": "1"}
    # The server gets its own SQLite file, never the database the test run uses.
    env.pop("DATABASE_URL", None)
    env.pop("DEBUG", None)
    return env


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 (a local http URL)
    with urllib.request.urlopen(request, timeout=5) as response:  # noqa: S310
        return response.status, dict(response.headers), response.read()


def test_it_explains_its_options():
    result = subprocess.run(
        [MURMUR, "serve", "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0
    assert "--workers" in result.stdout and "gunicorn" in result.stdout


def test_it_serves_pages_and_compressed_static_files(tmp_path):
    env = _environment(tmp_path)
    subprocess.run([MURMUR, "migrate", "--noinput", "-v0"], env=env, timeout=120, check=True)
    port = _free_port()
    server = subprocess.Popen(
        [MURMUR, "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                status, _headers, body = _get(f"http://127.0.0.1:{port}/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
                assert time.monotonic() < deadline, "the server did not answer within 30 s"
                time.sleep(0.2)
        assert status == 200
        assert b"Murmuration" in body
        # collectstatic ran first: pages link to hashed names, served pre-compressed.
        manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["murmuration/site.css"]
        _status, headers, _body = _get(
            f"http://127.0.0.1:{port}/static/{hashed}", **{"Accept-Encoding": "gzip"}
        )
        assert headers.get("Content-Encoding") == "gzip"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
