"""Eligibility thresholds (第十二条; 领军先锋 三) read from the honor type — shown as warnings before submit,
decided by the office at 资格审查. The thresholds and the rule each message cites are the honor's data
(`AwardType` fields and `wording`, awards/wording.py); and who may recommend whom (第十五条,
`recommender_problem`: the form's completeness, the unit's confirmation and the submit guard all ask it)."""

from django.utils.translation import gettext as _

from awards.models import Application
from awards.wording import text


def eligibility_rule(award_type) -> str:
    """The rule a refusal on the thresholds names (第十二条, or the honor's own 办法 section: 领军先锋办法三)."""
    return text(award_type, "rule_eligibility", "zh-hans")


def threshold_problems(application: Application) -> list[str]:
    t = application.campaign.award_type
    problems = []
    if application.years_in_industry is None or application.years_in_industry < t.min_industry_years:
        problems.append(
            _("%(rule)s：在本市智慧城市建设相关行业单位工作须不少于 %(n)s 年（填报 %(v)s 年）。")
            % {
                "rule": text(t, "rule_industry_years"),
                "n": t.min_industry_years,
                "v": application.years_in_industry if application.years_in_industry is not None else "—",
            }
        )
    if t.min_post_years and (
        application.years_in_post is None or application.years_in_post < t.min_post_years
    ):
        problems.append(
            _("%(rule)s：在现岗位或相似岗位工作须不少于 %(n)s 年（填报 %(v)s 年）。")
            % {
                "rule": text(t, "rule_post_years"),
                "n": t.min_post_years,
                "v": application.years_in_post if application.years_in_post is not None else "—",
            }
        )
    if t.min_management_years and (
        application.years_in_management is None or application.years_in_management < t.min_management_years
    ):
        problems.append(
            _("%(rule)s：从事智慧城市建设管理类工作须不少于 %(n)s 年（填报 %(v)s 年）。")
            % {
                "rule": text(t, "rule_management_years"),
                "n": t.min_management_years,
                "v": application.years_in_management if application.years_in_management is not None else "—",
            }
        )
    if t.requires_direct_technical_work and not application.direct_technical_work:
        problems.append(
            _("%(rule)s：岗位内容须为直接从事技术或技能型相关工作。")
            % {"rule": text(t, "rule_direct_technical_work")}
        )
    if not application.integrity_declared:
        problems.append(_("%(rule)s：须承诺守法诚信、遵守职业道德。") % {"rule": text(t, "rule_integrity")})
    return problems


def recommender_problem(application: Application) -> str:
    """第十五条: the recommender is the applicant's own unit (所在单位) or the industry association that unit belongs
    to. Returns the refusal, or "" when the recommender may recommend (or there is none)."""
    if application.route == Application.Route.SELF or not application.recommender_id:
        return ""
    recommender = application.recommender
    if not application.employer_id:
        return _("第十五条：请先填写所在单位，推荐机构须为所在单位或其所属行业协会。")
    if recommender.may_recommend_staff_of(application.employer):
        return ""
    return _(
        "第十五条：推荐机构须为申报人所在单位或所在单位所属的行业协会；“%(org)s”不是“%(employer)s”，"
        "也不是其所属的行业协会。"
    ) % {"org": recommender.name, "employer": application.employer.name}
