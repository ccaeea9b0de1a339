"""Frozen campaign fields (issue 21 item 1, decisions 121): the one declared list of the campaign's fields that
stop being freely editable, from which moment, and through which sanctioned path alone they may still change.

Once the committee approves the rules (第八条（二）, `Campaign.rules_approved_at`), the rules, the committee's
quorum and majority and the publicity length are frozen; once a window opens (申报, 公众评价), its dates are
frozen. Every door — pages, the admin, services, management commands, `QuerySet.update` — goes through the
same guard: `Campaign.save()` and `CampaignQuerySet.update()` refuse a change of a frozen field unless it runs
inside `sanctioned_change(path, reason)`, which only two services open:

- ``COMMITTEE``: `workflow.services.rules.apply_approved_rules`, after the committee approved a rules decision,
  and `workflow.services.rules.apply_standing_rules`, after it adopted its 议事规则 (quorum, majority; decisions
  201 — the office has no path to change them);
- ``PLAN``: `workflow.services.campaigns.campaign_save`, the plan page's change after publication (a reason, a
  phase-log entry, a notice, a window never shortened).

On PostgreSQL a trigger (migration `awards/0013_h_rules_frozen_fields`) refuses the same UPDATEs in the
database, unless the sanctioned path set the transaction-local flag `honors.frozen_change`.
`python manage.py verify_audit` also checks the frozen fields (`workflow/rules_verify.py`).

**Adding a field** (e.g. a new committee-approved ranking rule): add it to `workflow.selectors.rules.RULE_FIELDS`
and one `Frozen(name, RULES, COMMITTEE)` row to `FROZEN_FIELDS` below, then add a migration that re-creates the
PostgreSQL trigger with `trigger_sql(...)` for the new list (copy `awards/migrations/0013_…`).
`tests/security/test_frozen_rules.py` fails while the two lists or the trigger disagree."""

import contextlib
import contextvars
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config import clock
from config.text import series

#: Since when a field is frozen.
RULES = "rules_approved"  # the committee approved the rules (第八条（二）)
WINDOW = "window_opened"  # the call is published and the field's window has opened (its `opens` date passed)

#: The only paths that may change a frozen field.
COMMITTEE = "committee"  # a new rules decision approved by the committee (workflow/services/rules.py)
PLAN = "plan"  # the plan page's change after publication (workflow/services/campaigns.py)


@dataclass(frozen=True)
class Frozen:
    name: str
    since: str
    path: str
    #: WINDOW only: the field holding the moment the window opens.
    opens: str = ""

    def is_frozen(self, campaign, now=None) -> bool:
        """Is the field frozen on `campaign` (as stored)?"""
        if self.since == RULES:
            return campaign.rules_approved_at is not None
        opens_at = getattr(campaign, self.opens)
        published = campaign.phase != "draft"  # a draft's dates are a plan, not yet a promise
        return published and opens_at is not None and opens_at <= (now or clock.now(campaign))


FROZEN_FIELDS: tuple[Frozen, ...] = (
    # 第八条（二）: the rules the committee approves (workflow.selectors.rules.RULE_FIELDS)
    Frozen("quota", RULES, COMMITTEE),
    Frozen("nomination_quota", RULES, COMMITTEE),
    Frozen("shortlist_size", RULES, COMMITTEE),
    Frozen("min_composite_score", RULES, COMMITTEE),
    Frozen("weight_material", RULES, COMMITTEE),
    Frozen("weight_onsite", RULES, COMMITTEE),
    Frozen("weight_public", RULES, COMMITTEE),
    Frozen("public_weight_general", RULES, COMMITTEE),
    Frozen("public_weight_practitioner", RULES, COMMITTEE),
    Frozen("public_weight_organisation", RULES, COMMITTEE),
    Frozen("use_trimmed_mean", RULES, COMMITTEE),
    Frozen("public_input_enabled", RULES, COMMITTEE),
    # the ranking's rules (issue 22, decisions 171–175; trigger: awards/0014)
    Frozen("public_unrated_rule", RULES, COMMITTEE),
    Frozen("public_min_ratings", RULES, COMMITTEE),
    Frozen("public_prior_weight", RULES, COMMITTEE),
    Frozen("tiebreak_order", RULES, COMMITTEE),
    Frozen("score_normalisation", RULES, COMMITTEE),  # decisions 210; trigger: awards/0015
    # the approval itself: unsetting it would unfreeze everything
    Frozen("rules_approved", RULES, COMMITTEE),
    Frozen("rules_approved_at", RULES, COMMITTEE),
    # the committee's own standing rules (议事规则): changed only by its own vote (decisions 201)
    Frozen("committee_quorum", RULES, COMMITTEE),
    Frozen("committee_majority_percent", RULES, COMMITTEE),
    # the publicity length, fixed with the rules (decisions 121)
    Frozen("publicity_working_days", RULES, PLAN),
    # the windows the published call promised (第十四条, 第十九条): frozen once they open
    Frozen("opens_at", WINDOW, PLAN, opens="opens_at"),
    Frozen("closes_at", WINDOW, PLAN, opens="opens_at"),
    Frozen("public_input_opens_at", WINDOW, PLAN, opens="public_input_opens_at"),
    Frozen("public_input_closes_at", WINDOW, PLAN, opens="public_input_opens_at"),
)
FROZEN_BY_NAME = {f.name: f for f in FROZEN_FIELDS}

#: The marker the sanctioned paths put in front of the history reason; verify_audit looks for it.
REASON_PREFIX = "frozen-change"

_sanctioned: contextvars.ContextVar = contextvars.ContextVar("frozen_change", default=None)


class FrozenFieldChanged(ValidationError):
    """A frozen field was changed outside its sanctioned path."""


@contextlib.contextmanager
def sanctioned_change(path: str, reason: str):
    """Open the sanctioned `path` (COMMITTEE or PLAN) for the saves inside the block, in one transaction.
    Only the two services named in the module docstring call it; it needs a reason."""
    reason = (reason or "").strip()
    if path not in (COMMITTEE, PLAN) or not reason:
        raise ValueError("sanctioned_change needs a known path and a reason")
    token = _sanctioned.set((path, reason))
    try:
        with transaction.atomic():
            _set_database_flag("on")
            yield f"{REASON_PREFIX}:{path}: {reason}"
            # on an error the savepoint's rollback undoes the flag; otherwise it is switched off here, so the
            # rest of an enclosing transaction is guarded again
            _set_database_flag("")
    finally:
        _sanctioned.reset(token)


def _set_database_flag(value: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('honors.frozen_change', %s, true)", [value])


def field_path(name: str) -> str:
    """The sanctioned path of a frozen field."""
    return FROZEN_BY_NAME[name].path


def current_path() -> str | None:
    active = _sanctioned.get()
    return active[0] if active else None


def _labels(model, names) -> str:
    """The fields' names as the campaign's form shows them (`model`: the campaign model the caller holds)."""
    return series(str(model._meta.get_field(name).verbose_name) for name in names)


def _refuse(model, names) -> None:
    raise FrozenFieldChanged(
        _(
            "第八条（二）、第十四条：%(fields)s 已冻结（评议规则经组委会审议通过后、窗口开始后），"
            "只能通过活动方案页的“发布后修改”（填写原因、记入阶段记录并通知）或组委会审议规则修改来变更。"
        )
        % {"fields": _labels(model, names)}
    )


def check_save(instance, update_fields=None, now=None) -> None:
    """Called by `Campaign.save()`: refuse a change of a frozen field outside its sanctioned path."""
    if instance.pk is None or instance._state.adding:
        return
    names = [f.name for f in FROZEN_FIELDS if update_fields is None or f.name in update_fields]
    if not names:
        return
    stored = type(instance)._base_manager.filter(pk=instance.pk).first()
    if stored is None:
        return
    path = current_path()
    refused = [
        name
        for name in names
        if getattr(stored, name) != getattr(instance, name)
        and FROZEN_BY_NAME[name].is_frozen(stored, now)
        and FROZEN_BY_NAME[name].path != path
    ]
    if refused:
        _refuse(type(instance), refused)


def check_update(queryset, values: dict, now=None) -> None:
    """Called by `CampaignQuerySet.update()`: refuse an UPDATE that sets a frozen field of a row where it is
    frozen, outside the field's sanctioned path."""
    from django.db.models import Q

    names = [name for name in values if name in FROZEN_BY_NAME]
    if not names:
        return
    now = now or timezone.now()
    path = current_path()
    refused = []
    for name in names:
        frozen = FROZEN_BY_NAME[name]
        if frozen.path == path:
            continue
        if frozen.since == RULES:
            condition = Q(rules_approved_at__isnull=False)
        else:
            condition = Q(**{f"{frozen.opens}__lte": now}) & ~Q(phase="draft")
        if queryset.filter(condition).exists():
            refused.append(name)
    if refused:
        _refuse(queryset.model, refused)


def frozen_now(campaign, now=None) -> list[str]:
    """The names frozen on this (stored) campaign now — the admin shows them read-only."""
    if campaign is None or campaign.pk is None:
        return []
    return [f.name for f in FROZEN_FIELDS if f.is_frozen(campaign, now)]


def trigger_sql(table: str, columns: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """(create, drop) SQL of the PostgreSQL trigger. `columns`: column → (since, opens column). Migrations pass
    their own copy of the list, so a later change here does not rewrite an applied migration."""
    checks = []
    for column, (since, opens) in columns.items():
        frozen = (
            "OLD.rules_approved_at IS NOT NULL"
            if since == RULES
            else f"OLD.phase <> 'draft' AND OLD.\"{opens}\" <= now()"
        )
        checks.append(f'(({frozen}) AND NEW."{column}" IS DISTINCT FROM OLD."{column}")')
    create = f"""
CREATE OR REPLACE FUNCTION honors_campaign_frozen() RETURNS trigger AS $$
BEGIN
    IF coalesce(current_setting('honors.frozen_change', true), '') <> 'on' AND ({" OR ".join(checks)}) THEN
        RAISE EXCEPTION 'frozen campaign field changed outside the sanctioned path (decisions 121)'
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS honors_campaign_frozen ON "{table}";
CREATE TRIGGER honors_campaign_frozen BEFORE UPDATE ON "{table}"
    FOR EACH ROW EXECUTE FUNCTION honors_campaign_frozen();
"""
    drop = f"""
DROP TRIGGER IF EXISTS honors_campaign_frozen ON "{table}";
DROP FUNCTION IF EXISTS honors_campaign_frozen();
"""
    return create, drop
