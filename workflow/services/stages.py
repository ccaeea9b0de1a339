"""Writes of the office's stage pages (第十七条、第十八条、第二十条): reminders, shortlist, on-site schedule,
applying the proposed lists of the ranking. Each one checks the role; state changes go through the procedure."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from awards.models import Application
from config.text import series
from notices.services import notify
from scoring.models import PanelAssignment, PanelMember, RankingEntry, ScoreSheet
from scoring.selectors.panels import expected_sheets
from scoring.selectors.ranking import ranking_stale
from scoring.services.ranking import STALE_MESSAGE
from workflow import permissions
from workflow.services.transitions import application_transition

S = Application.State


def reminders_send(*, campaign, stage: str, user) -> int:
    """Email and notify every expert with sheets still open in the stage; returns how many experts."""
    permissions.require_office(user, _("催办专家评分"))
    submitted = set(
        ScoreSheet.objects.filter(
            application__campaign=campaign, stage=stage, state=ScoreSheet.State.SUBMITTED
        ).values_list("expert_id", "application_id")
    )
    open_per_expert: dict[int, int] = {}
    for pairs in expected_sheets(campaign, stage).values():
        for pair in pairs:
            if pair not in submitted:
                open_per_expert[pair[0]] = open_per_expert.get(pair[0], 0) + 1
    experts = get_user_model().objects.filter(pk__in=open_per_expert)
    for expert in experts:
        notify(
            [expert],
            subject=_("评分提醒：%(title)s") % {"title": campaign.title},
            body=_("您在“%(title)s”中还有 %(n)s 张评分表未提交，请尽快完成。")
            % {"title": campaign.title, "n": open_per_expert[expert.pk]},
            link=reverse("scoring:expert_home"),
        )
    return len(open_per_expert)


def shortlist_apply(*, campaign, user, selected_ids, ip=None) -> tuple[int, int]:
    """入围 (第十七条): the selected eligible applications are shortlisted, the other eligible ones are not.
    All or nothing."""
    permissions.require_office(user, _("确定入围名单"))
    selected = set(int(i) for i in selected_ids)
    if len(selected) > campaign.shortlist_size:
        raise ValidationError(
            _("第十七条：入围 %(n)s 人，超过本活动入围人数 %(max)s 人。")
            % {"n": len(selected), "max": campaign.shortlist_size}
        )
    apps = list(campaign.applications.filter(state=S.ELIGIBLE).order_by("id"))
    with transaction.atomic():
        for app in apps:
            action = "shortlist" if app.pk in selected else "not_shortlist"
            application_transition(application=app, action=action, user=user, ip=ip)
    shortlisted = sum(1 for a in apps if a.pk in selected)
    return shortlisted, len(apps) - shortlisted


def schedule_save(*, campaign, user, rows: list[dict]) -> int:
    """现场展示安排: date, room, order and time slot per shortlisted applicant (on PanelAssignment)."""
    permissions.require_office(user, _("安排现场展示"))
    assignments = {
        a.application_id: a
        for a in PanelAssignment.objects.filter(
            application__campaign=campaign, application__state=S.SHORTLISTED
        )
    }
    seen_orders: dict[tuple, int] = {}
    for row in rows:
        assignment = assignments.get(row["application_id"])
        if assignment is None:
            raise ValidationError(_("只能为已入围且已分配评议组的申报安排现场展示。"))
        key = (row["date"], row["room"], row["order"])
        if row["order"] is not None and key in seen_orders:
            raise ValidationError(
                _("%(date)s %(room)s 的第 %(order)s 位重复安排。")
                % {"date": row["date"], "room": row["room"], "order": row["order"]}
            )
        seen_orders[key] = row["application_id"]
    with transaction.atomic():
        for row in rows:
            a = assignments[row["application_id"]]
            a.onsite_date, a.onsite_room, a.onsite_order, a.onsite_slot = (
                row["date"],
                row["room"],
                row["order"],
                row["slot"],
            )
        PanelAssignment.objects.bulk_update(
            [assignments[r["application_id"]] for r in rows],
            ["onsite_date", "onsite_room", "onsite_order", "onsite_slot"],
        )
    return len(rows)


def schedule_send(*, campaign, user) -> int:
    """Send the on-site schedule to each shortlisted applicant and to the experts of each panel."""
    permissions.require_office(user, _("发送现场展示安排"))
    assignments = list(
        PanelAssignment.objects.filter(application__campaign=campaign, application__state=S.SHORTLISTED)
        .select_related("application__applicant", "panel")
        .order_by("panel_id", "onsite_date", "onsite_order")
    )
    missing = [a.application.name for a in assignments if not (a.onsite_date and a.onsite_room)]
    if missing:
        raise ValidationError(_("以下入围者尚未安排日期和地点：%(names)s") % {"names": series(missing)})
    lines_per_panel: dict[int, list[str]] = {}
    for a in assignments:
        line = _("%(date)s %(slot)s %(room)s 第 %(order)s 位：%(number)s %(name)s") % {
            "date": a.onsite_date.isoformat(),
            "slot": a.onsite_slot,
            "room": a.onsite_room,
            "order": a.onsite_order or "—",
            "number": a.application.number,
            "name": a.application.name,
        }
        lines_per_panel.setdefault(a.panel_id, []).append(line)
        notify(
            [a.application.applicant],
            subject=_("现场展示安排：%(title)s") % {"title": campaign.title},
            body=_("您的现场展示安排在 %(date)s %(slot)s，地点 %(room)s，出场顺序第 %(order)s 位。")
            % {
                "date": a.onsite_date.isoformat(),
                "slot": a.onsite_slot,
                "room": a.onsite_room,
                "order": a.onsite_order or "—",
            },
        )
    for member in PanelMember.objects.filter(panel_id__in=lines_per_panel).select_related("expert"):
        notify(
            [member.expert],
            subject=_("现场展示安排：%(title)s") % {"title": campaign.title},
            body="\n".join(lines_per_panel[member.panel_id]),
        )
    return len(assignments)


def ranking_lists_apply(*, campaign, user, ranking, ip=None) -> dict:
    """Apply the proposed lists of the current ranking: recommended → `recommend`, nominated → `nominate`, the
    rest → `not_recommend` (with the rank as reason). Tied entries straddling a line are left for the committee.
    All or nothing."""
    permissions.require_office(user, _("形成建议名单"))
    if not ranking.is_current or ranking.campaign_id != campaign.pk:
        raise ValidationError(_("只能按当前的综合排名形成名单，请刷新页面。"))
    if ranking_stale(ranking):  # decisions 245: a void, a restore or a changed score since it was computed
        raise ValidationError(str(STALE_MESSAGE), code="stale")
    entries = list(ranking.entries.select_related("application").order_by("rank", "id"))
    counts = {"recommended": 0, "nominated": 0, "not_recommended": 0, "left": 0}
    with transaction.atomic():
        for entry in entries:
            app = entry.application
            if app.state != S.SHORTLISTED:
                continue
            if entry.outcome == RankingEntry.Outcome.RECOMMENDED:
                application_transition(application=app, action="recommend", user=user, ip=ip)
                counts["recommended"] += 1
            elif entry.outcome == RankingEntry.Outcome.NOMINATED:
                application_transition(application=app, action="nominate", user=user, ip=ip)
                counts["nominated"] += 1
            elif entry.breakdown.get("tie_at_line"):
                counts["left"] += 1
            else:
                application_transition(
                    application=app,
                    action="not_recommend",
                    user=user,
                    ip=ip,
                    reason=_("综合排名第 %(rank)s 名，综合得分 %(score)s，未进入名额。")
                    % {"rank": entry.rank, "score": entry.composite},
                )
                counts["not_recommended"] += 1
    return counts
