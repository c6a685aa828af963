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


def exchange(host: str, port: int, raw: bytes, timeout: float
             ) -> tuple[int, list[tuple[str, str]], bytes]:
    """Send one raw HTTP/1.1 request (Connection: close) and read the whole reply: its
    status, its headers as (lowercase name, value) in order, and its body."""
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(raw)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = []
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers.append((name.strip().lower(), value.strip()))
    return int(lines[0].split()[1]), headers, body
