"""Headless Chromium for checking and photographing the HTML report, installed from
Debian's ``chromium`` package (and ``fonts-noto-cjk``) when it is missing and this
process may install it. ``python -m zhnews.browser`` installs it, for a Makefile step."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser")


class NoBrowser(RuntimeError):
    """Chromium is not installed and cannot be."""


def chromium() -> str:
    """The path of a Chromium binary, installing Debian's package first if needed."""
    found = next(filter(None, map(shutil.which, CANDIDATES)), None)
    if found:
        return found
    if shutil.which("apt-get") is None or os.geteuid() != 0:
        raise NoBrowser("chromium is not installed, and apt-get is missing or this is not root: "
                        "install Debian's `chromium` package")
    # fonts-noto-cjk: without a CJK font the report's Chinese renders as boxes
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium", "fonts-noto-cjk"]):
        done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"})
        if done.returncode != 0:
            raise NoBrowser(f"`{' '.join(command)}` failed: {done.stderr.strip()[-500:]}")
    found = next(filter(None, map(shutil.which, CANDIDATES)), None)
    if not found:
        raise NoBrowser("apt-get installed chromium but no binary is on PATH")
    return found


def _headless(page: Path, *flags: str) -> subprocess.CompletedProcess:
    command = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
               "--virtual-time-budget=20000", *flags, page.resolve().as_uri()]
    return subprocess.run(command, capture_output=True, text=True, timeout=180, check=True)


def rendered_dom(page: Path) -> str:
    """The page's DOM once its scripts have run."""
    return _headless(page, "--dump-dom").stdout


def screenshot(page: Path, png: Path, width: int = 1200, height: int = 2800) -> Path:
    png.parent.mkdir(parents=True, exist_ok=True)
    _headless(page, f"--screenshot={png.resolve()}", f"--window-size={width},{height}", "--hide-scrollbars")
    return png


if __name__ == "__main__":
    print(chromium())
