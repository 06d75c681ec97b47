"""Choose the held-out part of ../shared/cleaning-dev once, before any tuning.

Seeded and stratified: files are drawn at random (seed 8, for issue #8), and a draw is
kept only if every noise kind with a check still has a checked page on both sides.
Run once; its output is ``tests/cleaning/dev_split.json``. Reads only checks.json.
"""

import json
import random
import sys
from pathlib import Path

HELD_OUT = 15


def main(checks_path: Path, out: Path) -> None:
    checks = json.loads(checks_path.read_text(encoding="utf-8"))
    kinds = {e["file"]: set(e["must_not_contain_kinds"]) for e in checks}
    every_kind = set().union(*kinds.values())
    rng = random.Random(8)
    files = sorted(kinds)
    while True:
        held = set(rng.sample(files, HELD_OUT))
        tuned = set(files) - held
        if all(any(k in kinds[f] for f in held) and any(k in kinds[f] for f in tuned) for k in every_kind):
            break
    out.write_text(json.dumps({"held_out": sorted(held), "tuned": sorted(tuned)}, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
