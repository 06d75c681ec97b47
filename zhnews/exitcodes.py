"""The exit codes of every zhnews command, for cron, systemd and monitoring.

They are documented in the README; a script may rely on them.
"""

OK = 0
CRASHED = 1  # an unexpected error: a traceback was printed
USAGE = 2  # an operator error: a missing file, a bad option, a dataset that cannot be read
BUSY = 3  # another process holds the dataset; nothing was written
NOTHING_FETCHED = 4  # a crawl in which every request failed (a dead site, no network)
FINISHED_WITH_ERRORS = 5  # the work was done, but some of it failed (see the rejects)
INTERRUPTED = 130  # stopped by Ctrl-C or SIGTERM: what was written is kept; run again to continue
