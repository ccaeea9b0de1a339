"""Honors and certificates (第二十三条)."""

from awards.models import Application
from workflow.models import Honor


def create_honor_for(application: Application, *, awarded_on, document_number: str = "") -> Honor:
    kind = Honor.Kind.TITLE if application.state == Application.State.AWARDED else Honor.Kind.NOMINATION
    campaign = application.campaign
    prefix = campaign.award_type.number_prefix + ("" if kind == Honor.Kind.TITLE else "-TM")
    seq = Honor.objects.filter(application__campaign=campaign, kind=kind).count() + 1
    union = bool(application.union_member)
    return Honor.objects.create(
        application=application,
        kind=kind,
        certificate_number=f"{prefix}-{campaign.year}-{seq:03d}",
        awarded_on=awarded_on,
        document_number=document_number,
        may_day_medal_list=union and kind == Honor.Kind.TITLE,
        shanghai_craftsman_priority=union and kind == Honor.Kind.TITLE,
    )
