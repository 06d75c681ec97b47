"""The one error for damage an operator must see to (import it without pyarrow)."""


class DatasetDamaged(RuntimeError):
    """A dataset, or its crawl state, that cannot be used as it is: a one-line message
    naming the file and what to do. ``zhnews`` prints it and exits 2, writing nothing."""
