"""A keyed MAC per public ballot (docs/security.md §3): cheap evidence for the high-volume part of the record.

Ballots are not chained row by row (a chain serializes every write of a campaign behind one lock, and the first
ballot of an identity is one INSERT … SELECT on PostgreSQL, scoring/services/ballots.py). Instead each ballot
stores `mac` = "<key id>:<HMAC-SHA256>" under the audit key (audit/keys.py) of what it counts: its
campaign, identity, group, channel, source, unit, version and its ratings. Computing it is one HMAC in Python,
written with the same statement. `verify_audit` recomputes it for every ballot (a rating, a group or a ballot
edited or inserted behind the application's back has no valid MAC without the key), checks each ballot's voiding
against its chained voiding/restoring log (workflow/seals.py) and checks the ballots counted in the signed
checkpoints are all still there (workflow/anchors.py: a deleted ballot). What it cannot see: a ballot set back to an
earlier version of itself (an old row with its old MAC replayed) — the checkpoints bound that to changes since
the last checkpoint.
"""

import json

from audit.keys import current_key_id, mac, mac_matches


def ballot_text(
    *, campaign_id, voter_key, group, channel, source, organization_id, version, ratings: dict
) -> str:
    content = {
        "campaign": campaign_id,
        "voter": voter_key,
        "group": group,
        "channel": channel,
        "source": source or "",
        "organization": organization_id,
        "version": version,
        "ratings": sorted([int(a), int(r)] for a, r in ratings.items()),
    }
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def ballot_mac(**content) -> str:
    key_id = current_key_id()
    return f"{key_id}:{mac(ballot_text(**content), key_id)}"


def ballot_mac_matches(stored: str, **content) -> bool:
    key_id, _sep, digest = (stored or "").partition(":")
    if not digest:
        return False
    try:
        return mac_matches(ballot_text(**content), digest, key_id)
    except LookupError:
        return False


def ballot_content(ballot, ratings: dict) -> dict:
    return {
        "campaign_id": ballot.campaign_id,
        "voter_key": ballot.voter_key,
        "group": ballot.group,
        "channel": ballot.channel,
        "source": ballot.source,
        "organization_id": ballot.organization_id,
        "version": ballot.version,
        "ratings": ratings,
    }


def ballot_reseal(ballot) -> str:
    """Recompute and store the MAC of a ballot from what the database holds (its ratings included)."""
    ballot.refresh_from_db()
    ratings = dict(ballot.votes.values_list("application_id", "rating"))
    ballot.mac = ballot_mac(**ballot_content(ballot, ratings))
    type(ballot).objects.filter(pk=ballot.pk).update(mac=ballot.mac)
    return ballot.mac
