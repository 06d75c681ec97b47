"""Headless Chromium for checking and photographing the HTML report: Debian's
``chromium`` package, which ``make services`` (scripts/install-services.sh) installs with
a CJK font."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CANDIDATES = ("chromium", "chromium-browser")


class NoBrowser(RuntimeError):
    """Chromium is not installed and cannot be."""


def chromium() -> str:
    """The path of a Chromium binary."""
    found = next(filter(None, map(shutil.which, CANDIDATES)), None)
    if not found:
        raise NoBrowser("chromium is not installed: run `make services` (scripts/install-services.sh)")
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

