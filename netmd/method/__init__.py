"""The networking method (SPEC §1): facts per note (`facts`), the vault's `Method` (`core`),
and the plain-data answers `agenda` and `stats` (`report`)."""

from __future__ import annotations

from netmd.method.core import Method, Referral
from netmd.method.facts import (
    CLOSED,
    QUIET,
    Contact,
    Facts,
    FollowUp,
    Meeting,
    Opportunity,
    facts_of,
    pack_facts,
    unpack_facts,
)
from netmd.method.report import agenda, stats

__all__ = [
    "CLOSED",
    "QUIET",
    "Contact",
    "Facts",
    "FollowUp",
    "Meeting",
    "Method",
    "Opportunity",
    "Referral",
    "agenda",
    "facts_of",
    "pack_facts",
    "stats",
    "unpack_facts",
]
