"""A DNS that rebinds: ``rebind.test`` is a public address on every odd question and
127.0.0.1 on every even one (tested in test_rebinding.py)."""

from __future__ import annotations

from itertools import count

from twisted.internet import defer

from crawler.resolver import PublicAddressResolver

REBINDING_HOST = "rebind.test"
PUBLIC_ADDRESS = "93.184.216.34"


class RebindingResolver(PublicAddressResolver):
    questions = count(1)

    def lookup(self, name, timeout=()):
        if name != REBINDING_HOST:
            return super().lookup(name, timeout)
        return defer.succeed(PUBLIC_ADDRESS if next(self.questions) % 2 else "127.0.0.1")
