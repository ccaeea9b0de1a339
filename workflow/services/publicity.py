"""公示 (第二十一条): the public notice of the recommended list, the in-unit postings and closing."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Campaign
from config import clock
from workflow import permissions
from workflow.calendar import publicity_end, unofficial_years
from workflow.models import Publicity, UnitNotice
from workflow.services.history import save_with_history
from workflow.services.transitions import campaign_transition


def publicity_preview(*, campaign: Campaign, starts_on: datetime.date) -> tuple[datetime.date, list[int]]:
    """For the office page before opening: the end date the calendar gives, and the years in the period for
    which there is neither official holiday data nor an office override (warn: weekends-only counting)."""

    ends_on = publicity_end(starts_on, campaign.publicity_working_days)
    return ends_on, unofficial_years(starts_on, ends_on)


def publicity_open(
    *,
    campaign: Campaign,
    user,
    starts_on: datetime.date,
    notice_text: str = "",
    reason: str = "",
    ip: str | None = None,
    now=None,
) -> Publicity:
    """Open publicity (campaign row `open_publicity`): the end date is `starts_on` plus
    `campaign.publicity_working_days` working days (≥ 5) on the working-day calendar, and one `UnitNotice`
    is created per employer of a recommended or nominated application."""
    campaign_transition(
        campaign=campaign,
        action="open_publicity",
        user=user,
        reason=reason,
        ip=ip,
        now=now,
        starts_on=starts_on,
        notice_text=notice_text,
    )
    return Publicity.objects.get(campaign=campaign)


def unit_notice_confirm(
    *, notice: UnitNotice, user, posted_on: datetime.date, place: str, now=None
) -> UnitNotice:
    """The applicant's unit confirms when and where it posted the in-unit publicity. A recommender account on
    the staff of that organisation confirms online; for a unit without an account the office records the unit's
    written receipt (书面回执), and the history says so."""
    given_now, now = now, now or timezone.now()
    with transaction.atomic():
        notice = (
            UnitNotice.objects.select_for_update(of=("self",))
            .select_related("publicity__campaign", "organization")
            .get(pk=notice.pk)
        )

        by_office = permissions.may_manage_campaigns(user)
        if not permissions.may_confirm_unit_notice(user, notice):
            raise PermissionDenied(
                _("只有“%(org)s”的推荐机构账号（或登记书面回执的组委会办公室）可以确认该单位的内部公示。")
                % {"org": notice.organization.name}
            )
        publicity = notice.publicity
        if publicity.campaign.phase != Campaign.Phase.PUBLICITY:
            raise ValidationError(_("第二十一条：当前不在公示阶段。"))
        errors = {}
        if not place.strip():
            errors["place"] = _("请填写张贴地点或公示方式。")
        if posted_on is None:
            errors["posted_on"] = _("请填写张贴日期。")
        elif posted_on < publicity.starts_on or posted_on > publicity.ends_on:
            errors["posted_on"] = _("张贴日期须在公示期 %(start)s 至 %(end)s 之内。") % {
                "start": publicity.starts_on.isoformat(),
                "end": publicity.ends_on.isoformat(),
            }
        elif posted_on > timezone.localdate(given_now or clock.now(publicity.campaign)):
            errors["posted_on"] = _("张贴日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)
        notice.posted_on = posted_on
        notice.place = place.strip()
        notice.confirmed_by = user
        notice.confirmed_at = now
        save_with_history(notice, user, _("组委会办公室登记单位书面回执") if by_office else "")
    return notice


def publicity_close(
    *, campaign: Campaign, user, reason: str = "", ip: str | None = None, now=None
) -> Campaign:
    """End publicity and submit the list for the committee's decision (campaign row `submit_for_approval`):
    refused before the end date, while a unit has not confirmed or an objection is unresolved."""
    return campaign_transition(
        campaign=campaign, action="submit_for_approval", user=user, reason=reason, ip=ip, now=now
    )
