"""Reads of 公众评价: what the public sees of a candidate, a rater's current ballot, counts per group, the
office's report of suspicious patterns, comments for moderation and for the committee."""

from collections import Counter, defaultdict
from datetime import timedelta

from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from awards.models import Application, Campaign, Organization
from awards.selectors.applications import public_profile
from scoring.models import GROUP_WEIGHT_FIELDS, Ballot, PublicVote, VoterGroup

#: Thresholds of the suspicious-pattern report (docs/decisions.md).
SAME_IP = 3
SAME_SUBNET = 10
SAME_DEVICE = 2
IDENTICAL = 5
BURST_BALLOTS = 5
BURST_MINUTES = 10
#: Identities on one mail domain worth a look (decisions 242): a catch-all domain mints unlimited identities. The
#: large public providers, where many citizens share a domain, are counted but not flagged.
SAME_DOMAIN = 10
PUBLIC_MAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "139.com",
        "189.cn",
        "wo.cn",
        "aliyun.com",
        "gmail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "icloud.com",
        "yahoo.com",
    }
)
#: Rows of the per-domain and per-/24 identity counts shown on the office's page.
TOP_SOURCES = 15


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
    by_domain = defaultdict(list)
    for b in ballots:
        if b.mail_domain and b.mail_domain not in PUBLIC_MAIL_DOMAINS:
            by_domain[b.mail_domain].append(b)
    for domain, members in by_domain.items():
        if len(members) >= SAME_DOMAIN:
            add("domain", domain, domain, members)
    order = {"domain": 0, "burst": 1, "ip": 2, "device": 3, "identical": 4, "subnet": 5}
    return sorted(patterns, key=lambda p: (order[p["kind"]], -p["count"]))


def identity_sources(campaign: Campaign, limit: int = TOP_SOURCES) -> dict:
    """Identities (web ballots) per mail domain and per /24, the largest first, with how many are voided and over
    how many /24s a domain's identities are spread (decisions 242). Two queries."""
    web = Ballot.objects.filter(campaign=campaign, channel=Ballot.Channel.WEB)
    counts = {
        "ballots": Count("id"),
        "voided": Count("id", filter=Q(voided_at__isnull=False)),
    }
    domains = list(
        web.exclude(mail_domain="")
        .values("mail_domain")
        .annotate(**counts, subnets=Count("subnet", distinct=True))
        .order_by("-ballots", "mail_domain")[:limit]
    )
    subnets = list(
        web.exclude(subnet="")
        .values("subnet")
        .annotate(**counts, domains=Count("mail_domain", distinct=True))
        .order_by("-ballots", "subnet")[:limit]
    )
    for row in domains:
        row["public_provider"] = row["mail_domain"] in PUBLIC_MAIL_DOMAINS
    return {"domains": domains, "subnets": subnets}


#: Rows per page of the office's ballot list.
BALLOTS_PER_PAGE = 50


def ballot_list(campaign: Campaign, filters: dict, page: int = 1) -> dict:
    """The office's list of individual ballots (decisions 243): filtered by group, status (counted/voided), time
    and cluster (a mail domain or /24 of the report), each with its void/restore history. A fixed number of
    queries: the count, the page, the ratings and the logs of its ballots."""
    ballots = Ballot.objects.filter(campaign=campaign)
    if filters.get("group"):
        ballots = ballots.filter(group=filters["group"])
    if filters.get("status") == "counted":
        ballots = ballots.filter(voided_at__isnull=True)
    elif filters.get("status") == "voided":
        ballots = ballots.filter(voided_at__isnull=False)
    if filters.get("since"):
        ballots = ballots.filter(created_at__gte=filters["since"])
    if filters.get("until"):
        ballots = ballots.filter(created_at__lt=filters["until"])
    if filters.get("domain"):
        ballots = ballots.filter(mail_domain=filters["domain"].lower())
    if filters.get("subnet"):
        ballots = ballots.filter(subnet=filters["subnet"])
    total = ballots.count()
    pages = max((total + BALLOTS_PER_PAGE - 1) // BALLOTS_PER_PAGE, 1)
    page = min(max(page, 1), pages)
    start = (page - 1) * BALLOTS_PER_PAGE
    rows = list(
        ballots.select_related("organization")
        .prefetch_related("votes__application", "logs__user")
        .order_by("-created_at", "-id")[start : start + BALLOTS_PER_PAGE]
    )
    return {
        "ballots": rows,
        "total": total,
        "page": page,
        "pages": pages,
        "ids": ",".join(str(b.pk) for b in rows),
    }


def public_results(campaign: Campaign) -> list[dict]:
    """Per candidate and group: counted and voided ratings (the public page after the window, decisions 244). A
    unit's rating of its own candidate never counts (decisions 172) and is shown as not counted."""
    names = {
        a.pk: a
        for a in campaign.applications.filter(public_votes__isnull=False).distinct().order_by("number", "id")
    }
    rows = (
        PublicVote.objects.filter(campaign=campaign)
        .values("application_id", "ballot__group")
        .annotate(
            counted=Count("id", filter=Q(ballot__isnull=True) | Q(ballot__voided_at__isnull=True)),
            voided=Count("id", filter=Q(ballot__voided_at__isnull=False)),
        )
    )
    table: dict[int, dict] = {}
    for row in rows:
        group = row["ballot__group"] or VoterGroup.PUBLIC.value
        entry = table.setdefault(row["application_id"], {g.value: [0, 0] for g in VoterGroup})
        entry[group][0] += row["counted"]
        entry[group][1] += row["voided"]
    out = []
    for app_id, app in names.items():
        per_group = table.get(app_id, {})
        out.append(
            {
                "number": app.number,
                "name": app.name,
                "groups": [
                    {
                        "label": g.label,
                        "counted": per_group.get(g.value, [0, 0])[0],
                        "voided": per_group.get(g.value, [0, 0])[1],
                    }
                    for g in VoterGroup
                ],
            }
        )
    return out


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


def rules_campaign_or_404(pk: int) -> Campaign:
    """A campaign whose public-input rules page exists: it takes public input and its call is published."""
    campaign = get_object_or_404(Campaign.objects.select_related("award_type"), pk=pk)
    if not campaign.public_input_enabled or campaign.phase == Campaign.Phase.DRAFT:
        raise Http404
    return campaign


def rules_page(campaign: Campaign, window: str) -> dict:
    """What a voter is told about how a rating counts (decisions 244), from the campaign's rules (frozen once the
    committee approved them, 第八条（二）): the groups and their weights, the scale, the minimum sample, how an
    unrated group counts; after the window (`window` "after"), the counted and voided ratings per candidate."""
    groups = [
        {"value": g.value, "label": g.label, "weight": getattr(campaign, name)}
        for g, name in GROUP_WEIGHT_FIELDS
    ]
    total = sum(g["weight"] for g in groups) or 1
    for g in groups:
        g["share"] = round(100 * g["weight"] / total)
    composite_total = campaign.weight_material + campaign.weight_onsite + campaign.weight_public
    return {
        "groups": groups,
        "weight_public": campaign.weight_public,
        "public_share": round(100 * campaign.weight_public / composite_total) if composite_total else 0,
        "min_ratings": max(campaign.public_min_ratings, 1),
        "neutral": campaign.public_unrated_rule == Campaign.UnratedRule.NEUTRAL,
        "prior_weight": campaign.public_prior_weight,
        "approved": bool(campaign.rules_approved),
        "results": public_results(campaign) if window == "after" else None,
    }
