"""Reads of the office's panel page (专家评议组, 第十条)."""

from django.db.models import Prefetch

from awards.models import Campaign
from awards.permissions import Role, users_with_role
from scoring.models import ConflictOfInterest, PanelAssignment, PanelMember


def panels_page(campaign: Campaign) -> dict:

    panels = list(
        campaign.panels.prefetch_related(
            "tech_domains",
            Prefetch(
                "members",
                queryset=PanelMember.objects.select_related("expert__expert_profile__organization").order_by(
                    "-is_chair", "expert__username"
                ),
            ),
        )
    )
    apps = list(
        campaign.applications.filter(state__in=("eligible", "shortlisted", "not_shortlisted"))
        .select_related("tech_domain", "employer", "recommender", "panel_assignment__panel")
        .order_by("number", "id")
    )
    conflicts: dict[int, list] = {}
    for c in ConflictOfInterest.objects.filter(application__campaign=campaign).select_related("expert"):
        conflicts.setdefault(c.application_id, []).append(c)
    for app in apps:
        app.conflict_list = conflicts.get(app.pk, [])
        app.assignment = getattr(app, "panel_assignment", None)
    experts = list(
        users_with_role(Role.EXPERT).select_related("expert_profile__organization").order_by("username")
    )
    for panel in panels:  # 加入专家 offers only the experts not yet on this panel
        on_panel = {m.expert_id for m in panel.members.all()}
        panel.addable_experts = [e for e in experts if e.pk not in on_panel]
    return {
        "campaign": campaign,
        "panels": panels,
        "apps": apps,
        "experts": experts,
        "unassigned": sum(1 for a in apps if a.assignment is None),
        "assignments": PanelAssignment.objects.filter(application__campaign=campaign).count(),
    }
