"""Writes of the office pages that are not a procedure transition (B owns workflow/services/): campaign set-up.
Each one checks the role and runs in one transaction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import Campaign
from awards.roles import Role
from workflow.services._common import require_role

EDITABLE_PHASES = (Campaign.Phase.DRAFT, Campaign.Phase.OPEN)


def campaign_save(*, form, user) -> Campaign:
    """Create a campaign (筹备) or change its settings while it is in 筹备 or 申报 (第十四条)."""
    require_role(user, Role.OFFICE, _("设置评选活动"))
    campaign = form.instance
    if campaign.pk and campaign.phase not in EDITABLE_PHASES:
        raise ValidationError(
            _("评选活动已进入“%(phase)s”阶段，活动方案不能再修改。") % {"phase": campaign.get_phase_display()}
        )
    with transaction.atomic():
        campaign = form.save(commit=False)
        if not campaign.pk:
            campaign.created_by = user
        campaign._change_reason = "campaign_save"
        campaign._history_user = user
        campaign.save()
    return campaign
