"""The data zhnews ships: site profiles (``profiles/*.toml``) and the seed documents
(``documents/*.txt``) that define the corpus format. Installed as package data, so an
installed zhnews finds them wherever it runs."""

from importlib.resources import files
from pathlib import Path

# A real folder in both a source checkout and an installed wheel (never zipped: the
# package is installed unpacked), so callers can glob it.
SEEDS_DIR = Path(str(files(__name__)))
PROFILES_DIR = SEEDS_DIR / "profiles"
DOCUMENTS_DIR = SEEDS_DIR / "documents"
