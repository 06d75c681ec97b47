"""Replicas of the sites we crawl, served on 127.0.0.1 so crawls can be tested offline."""
