"""Reads of 公众评价: what the public sees of a candidate, a rater's current ballot, counts per group, the
office's report of suspicious patterns, comments for moderation and for the committee."""

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import Application, Campaign, Organization
from scoring.models import Ballot, PublicVote, VoterGroup

#: Thresholds of the suspicious-pattern report (docs/decisions.md).
SAME_IP = 3
SAME_SUBNET = 10
SAME_DEVICE = 2
IDENTICAL = 5
BURST_BALLOTS = 5
BURST_MINUTES = 10


def open_campaign_or_404(pk: int, *, light: bool = False) -> Campaign:
    """A campaign whose 公众评价 pages exist: in 公众评价 with public input enabled (404 otherwise). `light`: without
    its award type and rubric joined (a ballot POST, which needs them only if the page is shown again; reading
    the rubric's row costs about two thirds of this query at city scale)."""
    campaigns = Campaign.objects if light else Campaign.objects.select_related("award_type__rubric")
    campaign = get_object_or_404(campaigns, pk=pk)
    if campaign.phase != Campaign.Phase.PUBLIC_INPUT or not campaign.public_input_enabled:
        raise Http404
    return campaign


def unit_of(user) -> Organization | None:
    """The organisation a unit account speaks for (its first, as the unit pages do)."""
    return Organization.objects.filter(staff=user).order_by("id").first()


def voided_ballots(campaign: Campaign, limit: int = 200):
    return campaign.ballots.filter(voided_at__isnull=False).order_by("-voided_at")[:limit]


def public_input_campaigns():
    return Campaign.objects.filter(
        phase=Campaign.Phase.PUBLIC_INPUT, public_input_enabled=True, is_training=False
    ).select_related("award_type")


def public_profile(app: Application) -> dict:
    """What the public sees of a candidate: name, unit, technical domain and — only with the applicant's
    consent — the public summary and representative achievements. Never ID, phone, email, address or the form."""
    unit = app.employer.name if getattr(app, "employer", None) else app.unit_name
    consent = app.public_consent
    return {
        "id": app.pk,
        "number": app.number,
        "name": app.name,
        "unit": unit,
        "domain": app.tech_domain.label() if app.tech_domain else "",
        "award": app.campaign.award_type.name if hasattr(app, "campaign") else "",
        "consent": consent,
        "summary": app.public_summary if consent else "",
        "achievements": app.public_achievements if consent else "",
    }


def public_candidates(campaign: Campaign) -> list[dict]:
    apps = (
        campaign.applications.filter(state=Application.State.SHORTLISTED)
        .select_related("employer", "tech_domain", "campaign__award_type")
        .order_by("number", "id")
    )
    return [public_profile(a) for a in apps]


def current_ballot(campaign: Campaign, voter: str) -> Ballot | None:
    if not voter:
        return None
    return Ballot.objects.filter(campaign=campaign, voter_key=voter).prefetch_related("votes").first()


def group_counts(campaign: Campaign) -> list[dict]:
    """Per group: counted ballots, voided ballots, counted ratings."""
    ballots = {
        row["group"]: row
        for row in Ballot.objects.filter(campaign=campaign)
        .values("group")
        .annotate(
            counted=Count("id", filter=Q(voided_at__isnull=True)),
            voided=Count("id", filter=Q(voided_at__isnull=False)),
        )
    }
    ratings = dict(
        PublicVote.objects.filter(campaign=campaign, ballot__voided_at__isnull=True)
        .values_list("ballot__group")
        .annotate(n=Count("id"))
    )
    return [
        {
            "group": g.value,
            "label": g.label,
            "counted": ballots.get(g.value, {}).get("counted", 0),
            "voided": ballots.get(g.value, {}).get("voided", 0),
            "ratings": ratings.get(g.value, 0),
        }
        for g in VoterGroup
    ]


def suspicious_patterns(campaign: Campaign) -> list[dict]:
    """Groups of web ballots worth a look: many from one IP or /24, many identities on one device cookie,
    bursts from one /24 within a few minutes, identical ballots. Each with its ballot ids (voided included)."""
    ballots = list(
        Ballot.objects.filter(campaign=campaign, channel=Ballot.Channel.WEB)
        .prefetch_related("votes")
        .order_by("created_at")
    )
    patterns = []

    def add(kind, label, key, members):
        patterns.append(
            {
                "kind": kind,
                "label": label,
                "key": key,
                "ids": [b.pk for b in members],
                "count": len(members),
                "voided": sum(1 for b in members if b.voided_at),
                "first": members[0].created_at,
                "last": members[-1].created_at,
            }
        )

    for field, threshold, kind in (
        ("ip_key", SAME_IP, "ip"),
        ("subnet", SAME_SUBNET, "subnet"),
        ("device_key", SAME_DEVICE, "device"),
    ):
        grouped = defaultdict(list)
        for b in ballots:
            value = getattr(b, field)
            if value:
                grouped[value].append(b)
        for value, members in grouped.items():
            if len(members) >= threshold:
                add(kind, value[:12] if kind != "subnet" else value, value, members)
    by_subnet = defaultdict(list)
    for b in ballots:
        if b.subnet:
            by_subnet[b.subnet].append(b)
    window = timedelta(minutes=BURST_MINUTES)
    for subnet, members in by_subnet.items():
        start = 0
        best = (0, 0)
        for end in range(len(members)):
            while members[end].created_at - members[start].created_at > window:
                start += 1
            if end - start + 1 > best[1] - best[0]:
                best = (start, end + 1)
        if best[1] - best[0] >= BURST_BALLOTS:
            add("burst", subnet, subnet, members[best[0] : best[1]])
    signatures = defaultdict(list)
    for b in ballots:
        signature = tuple(sorted((v.application_id, v.rating) for v in b.votes.all()))
        if signature:
            signatures[signature].append(b)
    for signature, members in signatures.items():
        if len(members) >= IDENTICAL:
            add("identical", " ".join(f"#{a}:{r}" for a, r in signature), str(signature), members)
    order = {"burst": 0, "ip": 1, "device": 2, "identical": 3, "subnet": 4}
    return sorted(patterns, key=lambda p: (order[p["kind"]], -p["count"]))


def comments_for_moderation(campaign: Campaign):
    return (
        PublicVote.objects.filter(campaign=campaign)
        .exclude(comment="")
        .select_related("application", "ballot")
        .order_by("comment_status", "-created_at")
    )


def approved_comments(campaign: Campaign) -> dict[int, list[PublicVote]]:
    """{application id: approved comments of counted ballots} — what the committee reads."""
    out = defaultdict(list)
    for vote in (
        PublicVote.objects.filter(campaign=campaign, comment_status=PublicVote.CommentStatus.APPROVED)
        .filter(Q(ballot__isnull=True) | Q(ballot__voided_at__isnull=True))
        .select_related("ballot")
        .order_by("application_id", "created_at")
    ):
        out[vote.application_id].append(vote)
    return dict(out)


def rating_histogram(campaign: Campaign) -> Counter:
    return Counter(
        PublicVote.objects.filter(campaign=campaign, ballot__voided_at__isnull=True).values_list(
            "rating", flat=True
        )
    )
