"""The core: a page or a text becomes a document or a reject, and datasets hold them.

Above the pure cleaners (``cleaners``), below the crawler (``crawler``) and the command
line (``zhnews``): nothing here imports Scrapy or either of those packages.
"""
