"""The egg that deploys zhnews to Scrapyd: the entry point Scrapyd looks for, and no code.

Scrapyd puts a project's egg on ``sys.path`` as a zip file. zhnews reads its profiles and
seed documents as files, and its worker processes import the pipeline afresh, so it runs
from its installed package in the virtualenv Scrapyd runs in (``pip install zhnews
scrapyd`` there). The egg names the settings module (``scrapy: settings =
crawler.settings``) and the zhnews version it was made from; upgrading the code is pip's
job on the Scrapyd host, and a new egg then records the version that runs.

    python -m zhnews.scrapyd_egg dist/zhnews-scrapyd.egg
    scrapyd-deploy --egg dist/zhnews-scrapyd.egg     # to the [deploy] target of scrapy.cfg
"""

from __future__ import annotations

import sys
import zipfile
from importlib import metadata
from pathlib import Path

SETTINGS_MODULE = "crawler.settings"


def write_egg(path: Path) -> Path:
    version = metadata.version("zhnews")
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as egg:
        egg.writestr("EGG-INFO/PKG-INFO", f"Metadata-Version: 1.1\nName: zhnews\nVersion: {version}\n")
        egg.writestr("EGG-INFO/entry_points.txt", f"[scrapy]\nsettings = {SETTINGS_MODULE}\n")
        egg.writestr("EGG-INFO/top_level.txt", "")
    return path


if __name__ == "__main__":
    print(write_egg(Path(sys.argv[1] if len(sys.argv) > 1 else "dist/zhnews-scrapyd.egg")))
