"""Honors and certificates (第二十三条); the 五一劳动奖章 and 上海工匠 priority lists."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from awards.models import Application
from workflow import permissions
from workflow.models import Honor
from workflow.services.history import save_with_history


def create_honor_for(application: Application, *, awarded_on, document_number: str = "") -> Honor:
    """Create the honor with its certificate number, e.g. ZHGJ-2026-001 (title) or ZHGJ-TM-2026-001."""
    kind = Honor.Kind.TITLE if application.state == Application.State.AWARDED else Honor.Kind.NOMINATION
    campaign = application.campaign
    prefix = campaign.award_type.number_prefix + ("" if kind == Honor.Kind.TITLE else "-TM")
    union = bool(application.union_member)
    seq = Honor.objects.filter(application__campaign=campaign, kind=kind).count() + 1
    while True:
        try:
            with transaction.atomic():
                return Honor.objects.create(
                    application=application,
                    kind=kind,
                    certificate_number=f"{prefix}-{campaign.year}-{seq:03d}",
                    awarded_on=awarded_on,
                    document_number=document_number,
                    may_day_medal_list=union and kind == Honor.Kind.TITLE,
                    shanghai_craftsman_priority=union and kind == Honor.Kind.TITLE,
                )
        except IntegrityError:
            if Honor.objects.filter(application=application).exists():
                raise
            seq += 1


def _valid_titles():
    return (
        Honor.objects.filter(
            kind=Honor.Kind.TITLE,
            certificate_recalled_at__isnull=True,
            application__campaign__is_training=False,
        )
        .select_related("application__campaign__award_type", "application__employer")
        .order_by("application__campaign__year", "certificate_number")
    )


def honors_may_day_list(*, year: int | None = None, campaign=None):
    """第二十三条 “对符合综合条件且为工会会员的获荣个人，即时申报五一劳动奖章”: union-member honorees whose
    综合条件 the office checked and found met (`honor_may_day_check`)."""
    qs = _valid_titles().filter(may_day_medal_list=True, may_day_conditions_ok=True)
    if campaign is not None:
        qs = qs.filter(application__campaign=campaign)
    if year is not None:
        qs = qs.filter(application__campaign__year=year)
    return qs


def honors_may_day_to_check(*, campaign):
    """Union-member honorees whose 综合条件 the office has not checked yet (第二十三条)."""
    return _valid_titles().filter(
        may_day_medal_list=True, may_day_conditions_ok__isnull=True, application__campaign=campaign
    )


def honor_may_day_check(*, honor: Honor, user, ok: bool, note: str = "") -> Honor:
    """第二十三条: the office's check of one honoree's 综合条件, for the 五一劳动奖章 and the 上海工匠 priority alike
    (one condition for both, docs/decisions.md 202); a “no” needs a reason."""

    permissions.require_office(user, _("核对五一劳动奖章综合条件"))
    if not honor.may_day_medal_list:
        raise ValidationError(_("第二十三条：只有工会会员的获荣个人才申报五一劳动奖章。"))
    note = (note or "").strip()
    if not ok and not note:
        raise ValidationError({"note": _("请说明不符合综合条件的原因。")})
    honor.may_day_conditions_ok = ok
    honor.may_day_note = note[:300]
    honor.may_day_checked_by = user
    save_with_history(
        honor, user, update_fields=["may_day_conditions_ok", "may_day_note", "may_day_checked_by"]
    )
    return honor


def honors_shanghai_craftsman_priority_list(*, year: int):
    """第二十三条 “对符合综合条件且为工会会员的获荣个人……在次年上海工匠评选中予以优先推荐”: union-member
    honorees of `year - 1` whose 综合条件 the office checked and found met — the one check of
    `honor_may_day_check` serves both follow-ups (docs/decisions.md 202)."""
    return _valid_titles().filter(
        shanghai_craftsman_priority=True, may_day_conditions_ok=True, application__campaign__year=year - 1
    )
