"""个人信息保护 (PIPL, issue 25 items 3–4): consents, the person's own data and requests, and the access log.

- Consents (`Consent`) are per person and purpose, under the notice version in force (settings
  PRIVACY_NOTICE_VERSION); withdrawing publication takes the public summary and achievements off every public page
  at once, the page cache included (decisions 290).
- A deletion request is honoured within the retention of 第三十一条: the materials of a submitted application are
  kept 5 years after its campaign is archived (then `workflow.services.retention` purges them); the request says
  when and why it must wait (decisions 291).
- `log_access` records every look at personal data by somebody other than the person (decisions 292).

The office's handling of the requests (answer, complete — the deletion's purge —, refuse) is an office step:
`workflow.services.data_requests`.
"""

import datetime
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import AccessLog, Application, Consent, DataRequest, Person
from awards.models.campaigns import RETENTION_YEARS
from config import pagecache
from config.text import series

P = Consent.Purpose

#: The longest text of a correction or deletion request.
REQUEST_MAX_CHARS = 2000


def notice_version() -> str:
    return settings.PRIVACY_NOTICE_VERSION


def active_consent(user, purpose: str) -> Consent | None:
    """The consent in force for `purpose` (not withdrawn), or None."""
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).first()


def consents_of(user) -> list[dict]:
    """Each purpose with its consent in force (or None), whether it was given under the current notice, and the
    history of the purpose (given/withdrawn times) for the /me/privacy/ page."""
    rows = list(Consent.objects.filter(user=user))
    current = notice_version()
    result = []
    for purpose in P:
        history = [c for c in rows if c.purpose == purpose]
        active = next((c for c in history if c.withdrawn_at is None), None)
        result.append(
            {
                "purpose": purpose,
                "label": purpose.label,
                "active": active,
                "outdated": active is not None and active.notice_version != current,
                "history": history,
            }
        )
    return result


def consent_give(*, user, purpose: str) -> Consent:
    """同意 under the notice in force; a consent already in force under the same version is kept as it is."""
    if purpose not in P.values:
        raise ValidationError(_("未知的同意用途。"))
    with transaction.atomic():
        active = Consent.objects.select_for_update().filter(
            user=user, purpose=purpose, withdrawn_at__isnull=True
        )
        now = timezone.now()
        current = [c for c in active if c.notice_version == notice_version()]
        if current:
            return current[0]
        active.update(withdrawn_at=now)  # an older notice's consent is replaced by this one
        return Consent.objects.create(
            user=user, purpose=purpose, notice_version=notice_version(), given_at=now
        )


def consent_withdraw(*, user, purpose: str) -> int:
    """撤回同意 (PIPL 第十五条). Publication: every application of the person stops publishing its public summary
    and achievements, and the public pages of their campaigns are dropped from the cache at once (decisions 290).
    Returns the number of applications whose public texts were taken down."""
    if purpose not in P.values:
        raise ValidationError(_("未知的同意用途。"))
    taken_down = 0
    with transaction.atomic():
        Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if purpose == P.PUBLICATION:
            for app in Application.objects.select_for_update().filter(applicant=user, public_consent=True):
                app.public_consent = False
                app._change_reason = "publication consent withdrawn"
                app._history_user = user
                app.save(update_fields=["public_consent", "updated_at"])
                pagecache.changed(app.campaign_id)
                taken_down += 1
            pagecache.changed()
    return taken_down


def record_publication_choice(*, user, application: Application, before: bool) -> None:
    """The application form's 同意公开 checkbox, recorded as a consent (given) or a withdrawal (taken back)."""
    if application.public_consent and not before:
        consent_give(user=user, purpose=P.PUBLICATION)
    elif before and not application.public_consent:
        others = Application.objects.filter(applicant=user, public_consent=True).exclude(pk=application.pk)
        if not others.exists():
            Consent.objects.filter(user=user, purpose=P.PUBLICATION, withdrawn_at__isnull=True).update(
                withdrawn_at=timezone.now()
            )


# --- the person's own requests -------------------------------------------------------------------------------


def _clean_text(text: str, *, required: bool) -> str:
    text = (text or "").strip()
    if required and not text:
        raise ValidationError({"text": _("请写明需要更正的内容和正确的内容。")})
    if len(text) > REQUEST_MAX_CHARS:
        raise ValidationError(
            {"text": _("说明最多 %(n)s 字，现为 %(m)s 字。") % {"n": REQUEST_MAX_CHARS, "m": len(text)}}
        )
    return text


def request_correction(*, user, text: str) -> DataRequest:
    """更正请求 (PIPL 第四十六条): the office answers it; the person's text is kept as written."""
    return DataRequest.objects.create(
        user=user, kind=DataRequest.Kind.CORRECTION, text=_clean_text(text, required=True)
    )


def retention_of(user) -> tuple[datetime.date | None, str]:
    """(the first day every submitted application of `user` may be deleted, the reason it must wait) under
    第三十一条 — 5 years after each campaign is archived. (None, "") when nothing is kept: only drafts or nothing.
    (None, reason) while a campaign is not yet archived (the date is not known yet)."""
    kept = list(
        Application.objects.filter(applicant=user)
        .exclude(state__in=[Application.State.DRAFT, Application.State.RETRACTED])
        .select_related("campaign")
    )
    if not kept:
        return None, ""
    open_campaigns = sorted({a.campaign.title for a in kept if a.campaign.archived_at is None})
    if open_campaigns:
        return None, _(
            "您在“%(c)s”中提交的申报材料是评选的档案。《活动办法》第三十一条规定材料在活动归档后保存5年；"
            "活动尚未归档，归档5年后将全部删除（获荣者保留获荣名单中的姓名、单位与荣誉）。"
        ) % {"c": series(open_campaigns)}
    last = max(timezone.localtime(a.campaign.archived_at).date() for a in kept)
    try:
        honour_on = last.replace(year=last.year + RETENTION_YEARS)
    except ValueError:  # 29 February
        honour_on = last.replace(year=last.year + RETENTION_YEARS, day=28)
    if honour_on <= timezone.localdate():
        return None, ""
    return honour_on, _(
        "《活动办法》第三十一条规定申报材料在活动归档后保存5年，到 %(d)s 为止；届时全部删除"
        "（获荣者保留获荣名单中的姓名、单位与荣誉）。"
    ) % {"d": honour_on.isoformat()}


def request_deletion(*, user, text: str = "") -> DataRequest:
    """删除请求 (PIPL 第四十七条): recorded at once. Materials under the retention of 第三十一条 wait for its end
    (the date and the reason are kept on the request and shown); the rest is for the office to delete now."""
    text = _clean_text(text, required=False)
    honour_on, reason = retention_of(user)
    waiting = bool(reason)
    return DataRequest.objects.create(
        user=user,
        kind=DataRequest.Kind.DELETION,
        text=text,
        state=DataRequest.State.WAITING if waiting else DataRequest.State.OPEN,
        honour_on=honour_on,
        wait_reason=reason,
    )


def requests_of(user):
    return DataRequest.objects.filter(user=user)


# --- download all my data ------------------------------------------------------------------------------------

APPLICATION_SKIP = {"campaign", "applicant", "person"}


def _plain(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return str(value)
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def _fields(obj, skip=()) -> dict:
    out = {}
    for f in obj._meta.concrete_fields:
        if f.name in skip:
            continue
        value = getattr(obj, f.name)
        if f.choices and value not in (None, ""):
            value = str(getattr(obj, f"get_{f.name}_display")())
        elif f.get_internal_type() in ("FileField", "ImageField"):
            value = value.name if value else ""
        out[str(f.verbose_name)] = _plain(value)
    return out


def my_data(user) -> dict:
    """Everything this system keeps about the person (PIPL 第四十五条): the account, the person record, every
    application with its rows and attachments' names, consents, requests, and who else looked at the data."""
    profile = getattr(user, "profile", None)
    applications = (
        Application.objects.filter(applicant=user)
        .select_related("campaign", "recommender", "employer", "tech_domain", "industry_subcategory")
        .prefetch_related("education_entries", "work_entries", "attachments")
        .order_by("pk")
    )
    apps = []
    for a in applications:
        apps.append(
            {
                "campaign": a.campaign.title,
                "fields": _fields(a, APPLICATION_SKIP),
                "education": [_fields(e, {"application"}) for e in a.education_entries.all()],
                "work": [_fields(w, {"application"}) for w in a.work_entries.all()],
                "attachments": [_fields(f, {"application"}) for f in a.attachments.all()],
            }
        )
    seen = AccessLog.objects.filter(application__applicant=user).select_related("user", "campaign")
    return {
        "generated_at": timezone.localtime().isoformat(),
        "notice_version": notice_version(),
        "account": {
            _("用户名"): user.get_username(),
            _("电子邮箱"): user.email,
            _("姓名"): user.get_full_name(),
            _("注册时间"): _plain(user.date_joined),
            _("最近登录"): _plain(user.last_login),
        },
        "profile": _fields(profile, {"user"}) if profile is not None else {},
        "persons": [_fields(p, {"user"}) for p in Person.objects.filter(user=user)],
        "applications": apps,
        "consents": [
            {
                _("用途"): str(c.get_purpose_display()),
                _("告知版本"): c.notice_version,
                _("同意时间"): _plain(c.given_at),
                _("撤回时间"): _plain(c.withdrawn_at),
            }
            for c in Consent.objects.filter(user=user)
        ],
        "requests": [
            {
                _("类别"): str(r.get_kind_display()),
                _("状态"): str(r.get_state_display()),
                _("提出时间"): _plain(r.created_at),
                _("说明"): r.text,
                _("可删除日期"): _plain(r.honour_on),
                _("暂不删除的原因"): r.wait_reason,
                _("办公室答复"): r.reply,
                _("办理时间"): _plain(r.handled_at),
            }
            for r in requests_of(user)
        ],
        "access_log": [
            {
                _("时间"): _plain(e.at),
                _("查看人"): e.user.get_full_name() or e.user.get_username(),
                _("内容"): e.what,
                _("完整显示身份证号与电话"): e.full,
                _("用途"): e.purpose,
            }
            for e in seen
        ],
    }


def my_data_json(user) -> bytes:
    return json.dumps(my_data(user), ensure_ascii=False, indent=2).encode()


def my_data_pdf(user) -> bytes:
    from config.pdf import html_to_pdf

    html = render_to_string("documents/my_data.html", {"data": my_data(user), "user": user})
    return html_to_pdf(html)


# --- the access log ------------------------------------------------------------------------------------------


def log_access(
    *,
    user,
    kind: str,
    what: str,
    campaign=None,
    rows: int = 0,
    full: bool = False,
    purpose: str = "",
    file_kind: str = "",
    application=None,
) -> AccessLog:
    """One look at personal data by `user` (never the person's own). A full (unmasked) look needs a purpose."""
    if user is None or not user.is_authenticated:
        raise PermissionDenied
    if full and not purpose.strip():
        raise ValidationError({"purpose": _("查看完整的身份证号和电话须写明用途。")})
    row = AccessLog.objects.create(
        user=user,
        kind=kind,
        what=str(what)[:120],
        campaign=campaign,
        rows=rows,
        full=full,
        purpose=purpose.strip(),
        file_kind=file_kind,
        application=application,
    )
    # ... and the security event log (issue 25 item 6): security/signals.py, on this row's save.
    return row


def watermark(user, when=None) -> str:
    """The line every full (unmasked) file carries on each page: who exported it and when."""
    when = timezone.localtime(when or timezone.now())
    who = user.get_full_name() or user.get_username()
    return _("含完整个人信息，仅限所述用途 — %(who)s（%(login)s）导出于 %(when)s") % {
        "who": who,
        "login": user.get_username(),
        "when": when.strftime("%Y-%m-%d %H:%M"),
    }
