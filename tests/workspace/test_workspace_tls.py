"""The workspace over TLS (``--tls-cert``, ``--tls-key``): HTTPS only, the cookie ``Secure``."""

from __future__ import annotations

import shutil
import signal
import ssl
import subprocess
import sys
from pathlib import Path

import pytest

from apsperf.segmentation.io._samples import sample_calibration_paths


def test_tls_serves_https_with_a_secure_cookie(tmp_path: Path) -> None:
    httpx = pytest.importorskip("httpx")
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("needs openssl to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            *(openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    process = subprocess.Popen(
        [
            *(sys.executable, "-m", "apsperf", "council", str(sample_calibration_paths()[0])),
            *("--no-browser", "--port", "0", "--chair", "Chair", "--in-memory"),
            *("--tls-cert", str(cert), "--tls-key", str(key)),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        assert first.startswith("Council workspace: https://127.0.0.1:"), first
        url = first.split(": ", 1)[1].strip()
        base, token = url.split("?token=")
        trusted = ssl.create_default_context(cafile=str(cert))
        with httpx.Client(verify=trusted, timeout=20) as client:
            page = client.get(url)
            assert page.status_code == 200
            cookie = page.headers["set-cookie"]
            assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
            state = client.get(base + "api/session", headers={"Authorization": f"Bearer {token}"})
            assert state.status_code == 200 and state.json()["rows_placed"] == 1836
            # A change from the page's own origin is https, not http
            body = {"employee_id": "E00002", "to": "top-talent", "reason": "r"}
            http_origin = {"origin": base.replace("https:", "http:").rstrip("/")}
            refused = client.post(base + "api/changes", json=body, headers=http_origin)
            assert refused.status_code == 403
        with httpx.Client(timeout=20) as plain, pytest.raises(httpx.HTTPError):
            plain.get(base.replace("https:", "http:") + "api/session")
    finally:
        process.send_signal(signal.SIGINT)
        _out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
