"""Recommenders (推荐机构, 第十五条): the unit confirms the recommendation and its employer writes 所在单位推荐意见
(领军先锋 附件1 二)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.eligibility import recommender_problem
from awards.models import Application
from awards.permissions import EDITABLE_STATES, may_confirm_recommendation, may_write_unit_opinion
from awards.services.notices import tell_unit


def tell_recommender(application: Application) -> None:
    """An applicant named a recommender (第十五条): its accounts are told in the page and by email."""
    subject = _("%(name)s 申请由贵单位推荐参加“%(title)s”") % {
        "name": application.name or application.applicant.username,
        "title": application.campaign.title,
    }
    body = _("请登录推荐机构工作台确认推荐%(opinion)s。") % {
        "opinion": _("并填写所在单位推荐意见")
        if application.campaign.award_type.requires_unit_opinion
        else ""
    }
    tell_unit(application.recommender, subject, body)


def recommender_confirm(*, application: Application, user) -> Application:
    """推荐机构确认推荐 — only the applicant's own unit or the association that unit belongs to (第十五条)."""
    if not application.recommender_id or not may_confirm_recommendation(user, application):
        raise PermissionDenied(_("只有申报表所列推荐机构的账号可以确认推荐。"))
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("申报已提交，无需再确认。"))
    problem = recommender_problem(application)
    if problem:
        raise ValidationError(problem)
    with transaction.atomic():
        application.recommender_confirmed_at = timezone.now()
        application._change_reason = "recommender confirmed"
        application.save(update_fields=["recommender_confirmed_at", "updated_at"])
    return application


def unit_opinion_save(*, application: Application, user, data: dict) -> Application:
    """所在单位推荐意见 (领军先锋): written by an account of the applicant's employer, never by the applicant nor by
    an association that recommends them."""
    if not application.employer_id or not may_write_unit_opinion(user, application):
        raise PermissionDenied(_("只有申报人所在单位（工作单位）的账号可以填写所在单位推荐意见。"))
    if application.state not in EDITABLE_STATES:
        raise ValidationError(_("申报已提交，推荐意见不能再修改。"))
    with transaction.atomic():
        for name, value in data.items():
            setattr(application, name, value)
        application.unit_opinion_by = user
        application._change_reason = "unit opinion"
        application.save()
    return application
