"""The crawl's DNS resolver: no connection to a non-public address, whatever DNS says when.

``AddressPolicyMiddleware`` resolves a host before its request is sent, but the
connection resolves it again: a DNS server that answers a public address first and a
private one next (DNS rebinding) would pass the check and reach the private address.
This resolver (``TWISTED_DNS_RESOLVER``) checks every answer it gives, so the address a
connection is made to is an address that was checked. Hosts the user named
(``ZHNEWS_USER_ORIGINS``: a replica on 127.0.0.1) are exempt, as in the middleware.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any, Sequence
from urllib.parse import urlsplit

from scrapy.resolver import CachingThreadedResolver
from twisted.internet.error import DNSLookupError

if TYPE_CHECKING:
    from twisted.internet.defer import Deferred


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A globally routable unicast address: not private, loopback, link-local, multicast…"""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class NonPublicAddress(DNSLookupError):
    """A host name that resolves to a private, loopback, link-local… address.

    A DNSLookupError: to Twisted's connection code, a host that must not be reached is
    a host that cannot be resolved."""


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's caching resolver, refusing non-public answers for hosts the user did not name."""

    owner: Any  # the CrawlerProcess (Scrapy builds resolvers from it) or a Crawler

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> PublicAddressResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.owner = crawler
        return resolver

    def _user_hosts(self) -> set[str]:
        # The spider sets ZHNEWS_USER_ORIGINS on its crawler's settings, after this was built.
        crawlers = getattr(self.owner, "crawlers", None) or [self.owner]
        return {urlsplit(origin).hostname or "" for c in crawlers for origin in c.settings.getlist("ZHNEWS_USER_ORIGINS")}

    def _checking(self) -> bool:
        crawlers = getattr(self.owner, "crawlers", None) or [self.owner]
        return all(c.settings.getbool("ZHNEWS_ADDRESS_POLICY_ENABLED") for c in crawlers)

    def lookup(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        """The answer of DNS (through Scrapy's cache)."""
        return super().getHostByName(name, timeout)

    def getHostByName(self, name: str, timeout: Sequence[int] = ()) -> Deferred[str]:
        answer = self.lookup(name, timeout)
        if self._checking() and name not in self._user_hosts():
            answer.addCallback(self._public_only, name)
        return answer

    @staticmethod
    def _public_only(address: str, name: str) -> str:
        if not is_public(ipaddress.ip_address(address)):
            raise NonPublicAddress(f"{name} resolves to the non-public address {address}")
        return address
