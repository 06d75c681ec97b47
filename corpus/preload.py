"""The last module a worker pool's forkserver imports (``corpus.forkserver``): the
processing path with the data it loads on first use, shared by every worker.

langdetect's profiles (64 MiB), OpenCC's dictionaries and the topic lexicon load on the
first document; loaded here, in the forkserver, they are one copy for all workers
instead of one each. The garbage collector is then told to leave these objects alone:
a full collection writes to every object it visits, which would copy each shared page
into every worker.
"""

from __future__ import annotations

import gc

from cleaners.lang import detect_language
from cleaners.script import to_simplified
from corpus.documents import Source, process_text
from corpus.topic import similarity

_SAMPLE = "新闻标题\n\n這是一段繁體中文的新聞報道,记者在上海报道了经济发展的最新情况。"

process_text(_SAMPLE, Source(origin="preload"))
# A text this short is rejected before its language is tagged: the loaders by name.
detect_language(_SAMPLE)
to_simplified(_SAMPLE)
similarity(_SAMPLE)
gc.freeze()
