"""Bounded attack scripts against a server or proxy of this project on loopback (issue 10)."""
