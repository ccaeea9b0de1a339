"""What an irreversible or mailing step of the office will do, said before it is done (issue 23.1).

Each function reads the current records and returns a `Confirmation` — the step, what happens, who is mailed, what
can no longer change — or None when the input is not one the step would take (the view then runs and reports the
refusal as before). The views ask through `workflow.views._common.confirm_first`; the page works without
JavaScript (a second POST of the same fields with `confirmed=1`)."""

import datetime
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from awards.articles import article_label
from awards.models import Application, Campaign
from workflow import procedure
from workflow.calendar import publicity_end

S = Application.State
P = Campaign.Phase


@dataclass
class Confirmation:
    title: str
    back: str  # where "取消" returns
    lines: list[str] = field(default_factory=list)  # what will happen
    mails: list[str] = field(default_factory=list)  # who is mailed
    final: list[str] = field(default_factory=list)  # what can no longer change
    button: str = ""


def _day(d: datetime.date) -> str:
    return date_format(d, "Y-m-d")


def _people(n: int) -> str:
    return ngettext("%(n)d 人", "%(n)d 人", n) % {"n": n}


#: What no longer changes after each campaign step (beyond the step itself, which cannot be undone).
_FINAL = {
    "open": gettext_lazy(
        "申报通知对外公布；评议规则、名额、权重和各期限此后只能经“发布后变更”（写明理由、留痕并公告）修改。"
    ),
    "close_applications": gettext_lazy("申报截止：申报人不能再提交或修改申报。"),
    "start_material_review": gettext_lazy("资格审查结论确定：合格的申报进入材料评议，不能再退回补正。"),
    "start_onsite": gettext_lazy("材料评议结束：评分表不能再提交，入围名单确定。"),
    "start_public_input": gettext_lazy("现场展示评议结束：现场评分表不能再提交。"),
    "start_composite": gettext_lazy("评分和公众评价结束，进入综合评价排名。"),
    "submit_for_approval": gettext_lazy("公示结束：不能再受理异议。"),
    "award": gettext_lazy("获荣名单对外公布，开始颁发证书；此后只能按第二十九、三十条撤销或取消荣誉。"),
    "archive": gettext_lazy("活动归档：所有记录只读，按第三十一条保存。"),
}


def for_transition(campaign: Campaign, action: str) -> Confirmation | None:
    row = procedure.find("campaign", action)
    if row is None or campaign.phase not in row.source:
        return None
    c = Confirmation(
        title=str(row.label),
        back=reverse("workflow:campaign_dashboard", args=[campaign.pk]),
        button=_("确认：%(step)s") % {"step": row.label},
    )
    c.lines.append(
        _("活动将从“%(from)s”阶段进入“%(to)s”阶段（%(article)s）。此操作不能撤销。")
        % {
            "from": campaign.get_phase_display(),
            "to": P(row.target).label,
            "article": article_label(row.article),
        }
    )
    if action == "start_onsite":
        n = campaign.applications.filter(state=S.SHORTLISTED).count()
        c.mails.append(_("向 %(n)s 名入围者发送现场展示安排。") % {"n": n})
    if action in _FINAL:
        c.final.append(str(_FINAL[action]))
    return c


def for_publicity_open(campaign: Campaign, starts_on: datetime.date | None) -> Confirmation | None:
    if starts_on is None:
        return None
    listed = campaign.applications.filter(state__in=[S.RECOMMENDED, S.NOMINATED])
    n = listed.count()
    units = listed.exclude(employer=None).values("employer").distinct().count()
    ends_on = publicity_end(starts_on, campaign.publicity_working_days)
    return Confirmation(
        title=_("向社会公示建议名单"),
        back=reverse("workflow:publicity", args=[campaign.pk]),
        button=_("确认开始公示"),
        lines=[
            _("公示 %(list)s，自 %(start)s 起，%(days)s 个工作日，至 %(end)s 结束（第二十一条）。")
            % {
                "list": _people(n),
                "start": _day(starts_on),
                "days": campaign.publicity_working_days,
                "end": _day(ends_on),
            },
            _("名单在公示页面对社会公开，公示期间任何人可提出异议。"),
        ],
        mails=[
            _("通知 %(n)s 名公示对象和 %(u)s 家所在单位（单位须同时在内部公示）。") % {"n": n, "u": units}
        ],
        final=[_("公示名单一经公布即为固定记录，不能修改；公示期不能缩短。")],
    )


def for_eligibility(application: Application, choice: str) -> Confirmation | None:
    back = reverse("workflow:eligibility_review", args=[application.pk])
    words = {
        "declare_eligible": (
            _("确认资格审查合格"),
            _("“%(name)s”资格审查合格，系统将自动编号，申报进入评议（第十六条）。"),
            _("合格结论和编号确定后不能撤回。"),
        ),
        "declare_ineligible": (
            _("确认资格审查不合格"),
            _("“%(name)s”资格审查不合格，申报结束，不参加本次评议（第十六条）。"),
            _("不合格结论作出后不能撤回；申报人可向组委会办公室咨询。"),
        ),
        "return_for_supplement": (
            _("确认退回补正"),
            _("“%(name)s”退回申报人补正，申报人按所写内容和期限补正后重新提交（第十六条）。"),
            "",
        ),
    }
    if choice not in words:
        return None
    title, line, final = words[choice]
    return Confirmation(
        title=str(title),
        back=back,
        button=str(title),
        lines=[line % {"name": application.name}],
        mails=[
            _("邮件通知申报人%(unit)s。") % {"unit": _("及推荐单位") if application.recommender_id else ""}
        ],
        final=[str(final)] if final else [],
    )


def for_shortlist(campaign: Campaign, selected: int) -> Confirmation:
    eligible = campaign.applications.filter(state__in=[S.ELIGIBLE, S.SHORTLISTED, S.NOT_SHORTLISTED]).count()
    return Confirmation(
        title=_("确定入围名单"),
        back=reverse("workflow:stage", args=[campaign.pk, "material"]),
        button=_("确认入围名单"),
        lines=[
            _("入围现场展示 %(yes)s 人，未入围 %(no)s 人（第十七条）。")
            % {"yes": selected, "no": max(eligible - selected, 0)},
            _("名单提交各评议组组长确认；组长全部确认后，系统才通知申报人。"),
        ],
        mails=[_("通知各评议组组长确认名单；申报人在组长确认后收到入围或未入围通知。")],
        final=[_("组长确认后，入围名单不能再改。")],
    )


def for_schedule_send(campaign: Campaign) -> Confirmation:
    n = campaign.applications.filter(state=S.SHORTLISTED).count()
    return Confirmation(
        title=_("发送现场展示安排"),
        back=reverse("workflow:stage", args=[campaign.pk, "onsite"]),
        button=_("确认发送"),
        lines=[_("将现场展示的日期、时段和地点发给入围者和评议组专家（第十八条）。")],
        mails=[_("向 %(n)s 名入围者和各评议组专家各发送一封邮件。") % {"n": n}],
    )


def for_ranking_apply(campaign: Campaign) -> Confirmation:
    return Confirmation(
        title=_("按综合排名形成建议名单"),
        back=reverse("workflow:ranking", args=[campaign.pk]),
        button=_("确认形成名单"),
        lines=[
            _("按当前综合排名和名额形成建议名单和提名名单（第二十条）；并列跨线者提请组委会裁定。"),
            _("名单随后提请组委会审核确认，确认后才能公示。"),
        ],
        final=[_("各申报的状态随之改为建议名单、提名或未推荐。")],
    )


def for_decision_close(decision) -> Confirmation:
    votes = decision.votes.count()
    return Confirmation(
        title=_("结束表决并计票"),
        back=reverse("workflow:decision", args=[decision.pk]),
        button=_("确认结束表决"),
        lines=[
            _("“%(kind)s”的表决结束，按已投的 %(n)s 票计票；未投票的委员不能再投票。")
            % {"kind": decision.get_kind_display(), "n": votes}
        ],
        final=[_("计票结果即为组委会决定，不能修改。")],
    )


def for_objection_decide(objection, upheld: str) -> Confirmation | None:
    if upheld not in ("yes", "no"):
        return None
    result = _("异议成立") if upheld == "yes" else _("异议不成立")
    return Confirmation(
        title=_("作出异议处理结论"),
        back=reverse("workflow:objection", args=[objection.pk]),
        button=_("确认：%(r)s") % {"r": result},
        lines=[
            _("对“%(name)s”的异议：%(r)s（第二十二条）。")
            % {"name": objection.application.name, "r": result},
            _("异议成立时，是否撤销推荐由组委会表决决定。")
            if upheld == "yes"
            else _("被异议人保留在公示名单中。"),
        ],
        mails=[_("通知异议人处理结果（如留有联系方式）。")],
        final=[_("处理结论作出后不能修改。")],
    )
