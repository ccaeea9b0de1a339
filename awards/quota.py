"""第三条 “每届选树10人”: the regulation's number of titles a year, per honor type (docs/decisions.md 230).

The number is data — `AwardType.default_quota`, loaded from `fixtures/award_types.json` as the 办法 states it —
and a ceiling: a campaign may select fewer (第四条 宁缺毋滥) but never more. The campaign form, a rules proposal,
the recommended list and the award step all check it here."""

from django.utils.translation import gettext as _

from awards.wording import cite


def quota_ceiling(award_type) -> int:
    """The regulation's number of titles per 届 (one campaign a year per honor type)."""
    return award_type.default_quota


def effective_quota(campaign) -> int:
    """The campaign's quota, never above the regulation's number."""
    return min(campaign.quota, quota_ceiling(campaign.award_type))


def quota_error(award_type, quota) -> str | None:
    """The message refusing a quota above the regulation's number, or None."""
    if award_type is None or quota is None or quota <= quota_ceiling(award_type):
        return None
    return _("%(rule)s：“%(name)s”每届选树 %(max)s 人，名额不能设为 %(q)s 人。") % {
        "rule": cite(award_type, "第三条"),
        "name": award_type.label(),
        "max": quota_ceiling(award_type),
        "q": quota,
    }


def quota_in_words(campaign, quota: int | None = None) -> str:
    """The rule as the committee's pages state it (`quota`: a proposed quota instead of the campaign's)."""
    ceiling = quota_ceiling(campaign.award_type)
    quota = effective_quota(campaign) if quota is None else min(int(quota), ceiling)
    return _(
        "%(rule)s：“%(name)s”每届选树 %(max)s 人。本届名额 %(q)s 人；综合得分达到最低分的候选人按排名列入，"
        "不足名额时宁缺毋滥，任何一步都不能超过名额。"
    ) % {
        "rule": cite(campaign.award_type, "第三条"),
        "name": campaign.award_type.label(),
        "max": ceiling,
        "q": quota,
    }
