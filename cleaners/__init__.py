"""Pure text and HTML cleaning for Chinese news: one module per kind of noise.

The order in which the steps run is in ``cleaners.pipeline``.
"""

# The version of what extraction and cleaning produce. Bump it with every change that
# changes a document's text or metadata, so rows from different versions can be told
# apart; tests/test_golden.py fails when the output changes and this does not.
PIPELINE_VERSION = "5"
