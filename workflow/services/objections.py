"""异议 (第二十一条、第二十六条): filed by a named person during publicity; the office investigates and decides."""

import hashlib
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from config import clock
from config.ratelimit import count_in_window
from workflow import permissions
from workflow.models import Objection
from workflow.notifications import notify_objector
from workflow.selectors.publicity import LISTED
from workflow.services.history import save_with_history
from workflow.services.states import OBJECTION_STATES


def comparable_text(text: str) -> str:
    """Text as a reader sees it: Unicode compatibility forms folded (NFKC: full-width letters, digits and
    spaces become their plain forms), invisible format characters dropped (zero-width space and joiners, word
    joiner, byte-order mark, bidirectional marks: category Cf) and runs of whitespace counted as one space."""
    folded = unicodedata.normalize("NFKC", text or "")
    visible = "".join(ch for ch in folded if unicodedata.category(ch) != "Cf")
    return " ".join(visible.split())


def comparable_contact(contact: str) -> str:
    """A contact as the duplicate check and the throttle compare it: as `comparable_text`, without any space,
    case-folded."""
    return "".join(comparable_text(contact).split()).casefold()


def objection_fingerprint(application_id: int, contact: str, content: str) -> str:
    """The same objection: same application, same contact (case, spaces and invisible characters ignored), same
    text (`comparable_text`: a zero-width space or a full-width letter does not make a new objection)."""
    contact = comparable_contact(contact)
    text = comparable_text(content)
    return hashlib.sha256(f"{application_id}\x1f{contact}\x1f{text}".encode()).hexdigest()


def _duplicate_error(existing: Objection | None) -> ValidationError:
    when = timezone.localtime(existing.created_at).strftime("%Y-%m-%d %H:%M") if existing else ""
    return ValidationError(
        _("您已对该人员提交过内容相同的异议（%(when)s），无需重复提交；组委会办公室将一并调查核实。")
        % {"when": when}
    )


def _throttle(key: str, limit: int, message: str) -> None:
    """Count one filing under `key` in the cache's fixed window; refuse beyond `limit`."""
    window = settings.OBJECTION_LIMIT_WINDOW_SECONDS
    if count_in_window(key, window) > limit:
        raise ValidationError(message % {"n": limit, "minutes": window // 60})


def objection_throttle(*, ip: str | None, contact: str) -> None:
    """Abuse limits (settings OBJECTION_LIMIT_*): per client IP and per objector contact."""
    if ip:
        _throttle(
            f"objection:ip:{ip}",
            settings.OBJECTION_LIMIT_PER_IP,
            _("提交过于频繁：同一网络地址每 %(minutes)s 分钟最多提交 %(n)s 条异议，请稍后再试。"),
        )
    digest = hashlib.sha256(comparable_contact(contact).encode()).hexdigest()
    _throttle(
        f"objection:contact:{digest}",
        settings.OBJECTION_LIMIT_PER_CONTACT,
        _("提交过于频繁：同一联系方式每 %(minutes)s 分钟最多提交 %(n)s 条异议，请稍后再试。"),
    )


def objection_file(
    *,
    application: Application,
    objector_name: str,
    objector_id_or_contact: str,
    content: str,
    objector_phone: str = "",
    objector_email: str = "",
    evidence=None,
    now=None,
    ip: str | None = None,
) -> Objection:
    """Anyone may object, under their real name with an ID number or contact, only while the list is in
    publicity and only against an application on it. The same objection (application, contact, text) is
    filed once; a filing from the public page (`ip` given) is throttled per client IP and per contact
    (docs/decisions.md)."""
    given_now, now = now, now or timezone.now()
    errors = {}
    if not objector_name.strip():
        errors["objector_name"] = _("异议须实名提出，请填写真实姓名。")
    if not objector_id_or_contact.strip():
        errors["objector_id_or_contact"] = _("请填写身份证号或联系方式，以便核实和反馈。")
    if not content.strip():
        errors["content"] = _("请填写异议内容。")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        app = Application.objects.select_related("campaign__publicity").get(pk=application.pk)
        campaign = app.campaign
        publicity = getattr(campaign, "publicity", None)
        today = timezone.localdate(given_now or clock.now(campaign))
        if (
            campaign.phase != Campaign.Phase.PUBLICITY
            or publicity is None
            or not (publicity.starts_on <= today <= publicity.ends_on)
        ):
            raise ValidationError(_("第二十一条：只能在公示期内提出异议。"))
        if app.state not in LISTED:
            raise ValidationError(_("第二十一条：只能对公示名单上的人员提出异议。"))
        fingerprint = objection_fingerprint(app.pk, objector_id_or_contact, content)
        existing = Objection.objects.filter(
            campaign=campaign, application=app, fingerprint=fingerprint
        ).first()
        if existing is not None:
            raise _duplicate_error(existing)
        if ip is not None:  # a filing from the public page (the demo and data loads are not throttled)
            objection_throttle(ip=ip, contact=objector_id_or_contact)
        objection = Objection(
            campaign=campaign,
            application=app,
            objector_name=objector_name.strip(),
            objector_id_or_contact=objector_id_or_contact.strip(),
            objector_phone=objector_phone.strip(),
            objector_email=objector_email.strip(),
            content=content.strip(),
            fingerprint=fingerprint,
        )
        if evidence is not None:
            objection.evidence = evidence
        objection.full_clean(exclude=["evidence", "fingerprint"], validate_constraints=False)
        try:
            with transaction.atomic():
                save_with_history(objection, None, "objection_file")
        except IntegrityError:  # the same objection filed at the same moment
            raise _duplicate_error(
                Objection.objects.filter(campaign=campaign, application=app, fingerprint=fingerprint).first()
            )
    return objection


def _locked(objection: Objection) -> Objection:
    return (
        Objection.objects.select_for_update(of=("self",))
        .select_related("application", "campaign")
        .get(pk=objection.pk)
    )


def _check_open(obj: Objection, action: str) -> None:
    if not OBJECTION_STATES.can(obj, action):
        raise ValidationError(_("该异议已处理完毕，不能再修改。"))


def objection_investigate(*, objection: Objection, user, investigation: str) -> Objection:
    """Record the office's investigation (调查记录); the objection is then 调查中."""
    permissions.require_office(user, _("处理异议"))
    if not investigation.strip():
        raise ValidationError({"investigation": _("请填写调查情况。")})
    with transaction.atomic():
        obj = _locked(objection)
        _check_open(obj, "investigate")
        obj.investigation = investigation.strip()
        OBJECTION_STATES.apply(obj, "investigate")
        save_with_history(obj, user, "objection_investigate")
    return obj


def objection_decide(
    *,
    objection: Objection,
    user,
    upheld: bool,
    outcome: str,
    investigation: str = "",
    ip: str | None = None,
    now=None,
) -> Objection:
    """The office's finding (调查结论). 第二十二条: an upheld objection does not remove the candidate by itself —
    the finding goes with the final list to the committee, which decides after 汇总公示意见 (the final-list
    decision's `withdrawn`, run by `workflow.services.committee`). The objector is emailed the outcome."""
    permissions.require_office(user, _("处理异议"))
    if not outcome.strip():
        raise ValidationError({"outcome": _("请填写处理结果。")})
    now = now or timezone.now()
    with transaction.atomic():
        obj = _locked(objection)
        action = "uphold" if upheld else "reject"
        _check_open(obj, action)
        if investigation.strip():
            obj.investigation = investigation.strip()
        if not obj.investigation.strip():
            raise ValidationError({"investigation": _("请先填写调查情况，再作出处理结果。")})
        OBJECTION_STATES.apply(obj, action)
        obj.outcome = outcome.strip()
        obj.decided_by = user
        obj.decided_at = now
        save_with_history(obj, user, "objection_decide")
        transaction.on_commit(lambda: notify_objector(obj.pk))
    return obj
