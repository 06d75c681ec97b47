"""Pure text and HTML cleaning for Chinese news: one module per kind of noise.

The order in which the steps run is in ``cleaners.pipeline``.
"""
