"""What the procedure allows next (docs/architecture.md §4): the checks of a row of the procedure table — the
role, the source state, the phase, the reason and the guards, each refusal naming its rule — and, for pages, what a
user may do next with a campaign or an application and why not (`allowed_actions`).

A read: it runs the guards, which only read, and writes nothing. `workflow/services/transitions.py`, the only
writer of phases and states, runs the same checks (`role_for`, `check_row`) under its locks before it writes; a
selector reaches no service (docs/architecture.md §3).
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from awards.articles import article_label
from awards.models import Campaign
from awards.permissions import roles_of
from config.text import series
from workflow import procedure
from workflow.errors import TransitionRefused
from workflow.guards import Context


def role_for(row: procedure.Transition, user, system: bool) -> str:
    """The role in which `user` (`system`: the procedure itself) may run `row`, or the refusal naming who may."""
    if system:
        if procedure.SYSTEM not in row.roles:
            raise TransitionRefused(
                _("“%(label)s”不能由系统自动执行。") % {"label": row.label}, rule="procedure"
            )
        return procedure.SYSTEM
    if procedure.SYSTEM in row.roles and len(row.roles) == 1:
        raise PermissionDenied(
            _("“%(label)s”只能通过相应程序（如组委会决定）执行，不能直接操作。") % {"label": row.label}
        )
    user_roles = roles_of(user)
    for role in row.roles:
        if role in user_roles:
            return role
    raise PermissionDenied(
        _("您的角色无权执行“%(label)s”（依据%(article)s，须由%(roles)s执行）。")
        % {
            "label": row.label,
            "article": article_label(row.article),
            "roles": series(str(_role_label(r)) for r in row.roles if r != procedure.SYSTEM),
        }
    )


def _role_label(role: str):
    from awards.permissions import Role

    try:
        return Role(role).label
    except ValueError:
        return role


def run_guard(guard, ctx: Context, outcomes: dict | None = None) -> None:
    """`guard(ctx)`, or its outcome already found for this page (`outcomes`: guard → the refusal it raised, or
    None). Only for one page's list of what a campaign may do next (`allowed_actions`, `phase_rows`): the rows
    leaving one phase share guards (a current ranking, the counts of the lists), and a campaign guard reads the
    campaign, the user and the time, never the row's own action, so one outcome holds for every row of the page
    (docs/decisions.md 406). A transition itself always runs its guards anew (`check_row` without `outcomes`)."""
    if outcomes is None:
        guard(ctx)
        return
    if guard not in outcomes:
        try:
            guard(ctx)
            outcomes[guard] = None
        except TransitionRefused as refusal:
            outcomes[guard] = refusal
    if outcomes[guard] is not None:
        raise outcomes[guard]


def check_row(row, current: str, ctx: Context, phase: str | None, outcomes: dict | None = None) -> None:
    """`row` may leave `current`: in `phase` (application rows), with a reason when one is required, and every
    guard holds (`outcomes`: `run_guard`); otherwise the refusal naming the rule."""
    if current not in row.source:
        raise TransitionRefused(
            _("程序不允许从“%(current)s”执行“%(label)s”（%(article)s）。")
            % {
                "current": ctx.extra["current_label"],
                "label": row.label,
                "article": article_label(row.article),
            },
            rule="procedure",
        )
    if phase is not None and row.phases and phase not in row.phases:
        raise TransitionRefused(
            _("“%(label)s”只能在%(phases)s阶段进行，当前活动处于“%(phase)s”阶段（%(article)s）。")
            % {
                "label": row.label,
                "phases": series(str(Campaign.Phase(p).label) for p in row.phases),
                "phase": Campaign.Phase(phase).label,
                "article": article_label(row.article),
            },
            rule=row.article,
        )
    if row.reason_required and not ctx.reason.strip():
        raise TransitionRefused(_("“%(label)s”须填写理由。") % {"label": row.label}, rule="procedure")
    for guard in row.guards:
        run_guard(guard, ctx, outcomes)


def allowed_actions(
    subject: str, obj, user, *, outcomes: dict | None = None
) -> list[tuple[procedure.Transition, str | None]]:
    """What `user` may do next with `obj`, and why not for each row that leaves its state (for pages).
    `outcomes` (campaign rows only): the guards' outcomes shared by the page (`run_guard`)."""
    if outcomes is not None and subject != "campaign":
        raise ValueError("guard outcomes are shared only between the rows of one campaign")
    state = obj.phase if subject == "campaign" else obj.state
    campaign = obj if subject == "campaign" else obj.campaign
    result = []
    for row in procedure.rows_from(subject, state):
        try:
            role_for(row, user, system=False)
            ctx = Context(
                campaign=campaign,
                user=user,
                application=None if subject == "campaign" else obj,
                reason="-",
                extra={"action": row.action, "current_label": ""},
            )
            check_row(
                row, state, ctx, phase=None if subject == "campaign" else campaign.phase, outcomes=outcomes
            )
            result.append((row, None))
        except (TransitionRefused, PermissionDenied) as e:
            result.append((row, " ".join(getattr(e, "messages", [str(e)]))))
    return result
