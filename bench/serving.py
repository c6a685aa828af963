"""gunicorn for the benches that drive the project over HTTP (ingest, mixed load)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess


def free_port(host: str) -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def stop_gunicorn(server: subprocess.Popen) -> None:
    """Stop a gunicorn started in its own process group, its workers with it."""
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=5)
