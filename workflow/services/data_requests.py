"""The office acts on a person's personal-information requests (issue 25 item 3; PIPL 第四十六–五十条; decisions
295–299): answer (`data_request_reply`, the request stays open), close (`data_request_complete`) or refuse with a
reason (`data_request_refuse`). The person's own side — making a request, the retention of 第三十一条 that a
deletion waits for — is awards' (`awards.services.privacy`).

An office step, so it lives in workflow: completing a deletion runs the purge of 第三十一条
(`workflow.services.retention.person_materials_purge`) and closes the account. The security event of each action
and the end of the closed account's sessions are security's: sent as the signals of `awards/signals.py`
(`data_request_handled`, `account_closed`) and recorded by `security/signals.py` in the same transaction, since
workflow and security never import each other (docs/architecture.md §3).
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.models import DataRequest
from awards.permissions import Role, require_role, roles_of
from awards.services.notices import tell
from awards.services.privacy import retention_of
from awards.signals import account_closed, data_request_handled
from config.text import series
from workflow.services.retention import person_materials_purge

#: The longest answer of the office.
REPLY_MAX_CHARS = 2000


def _office(user, action: str) -> None:
    require_role(user, Role.OFFICE, action)


def _answer(text: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"reply": message})
    if len(text) > REPLY_MAX_CHARS:
        raise ValidationError(
            {"reply": _("答复最多 %(n)s 字，现为 %(m)s 字。") % {"n": REPLY_MAX_CHARS, "m": len(text)}}
        )
    return text


def _open_request(data_request: DataRequest, user) -> DataRequest:
    """The request locked for this action; a closed one (done, refused) is refused, and so is one's own."""
    row = DataRequest.objects.select_for_update().select_related("user").get(pk=data_request.pk)
    if row.user_id == user.pk:
        raise PermissionDenied(_("不能办理本人提出的个人信息请求：请另一位办公室人员办理。"))
    if row.state in DataRequest.CLOSED:
        when = timezone.localtime(row.handled_at).strftime("%Y-%m-%d %H:%M") if row.handled_at else ""
        raise ValidationError(
            _("该请求已于 %(t)s 办结（%(state)s），不能再次办理；如需补充，请联系本人后由其重新提出。")
            % {"t": when, "state": row.get_state_display()}
        )
    return row


def _handled(row: DataRequest, *, user, action: str, request=None, **details) -> None:
    """The security event of the action (`data_request_handled`: security/signals.py records it now, in this
    transaction) and the notice to the person (on /me/ and by mail)."""
    data_request_handled.send(
        sender=DataRequest, data_request=row, user=user, action=action, request=request, details=details
    )
    subject = _("您的个人信息%(kind)s请求：%(state)s") % {
        "kind": row.get_kind_display(),
        "state": row.get_state_display(),
    }
    body = _("组委会办公室答复：\n%(reply)s\n\n请求的状态和答复也可在“我的个人信息”页面查看。") % {
        "reply": row.reply
    }
    tell(row.user, subject, body, link=reverse("awards:my_privacy"))


def _stamp(row: DataRequest, *, user, reply: str, state: str) -> None:
    row.reply = reply
    row.state = state
    row.handled_by = user
    row.handled_at = timezone.now()
    row.save(update_fields=["reply", "state", "handled_by", "handled_at"])


def data_request_reply(*, data_request: DataRequest, user, reply: str, request=None) -> DataRequest:
    """答复 without closing (PIPL 第五十条: the office answers; e.g. "we are checking with your unit"): the
    request stays open (or waiting), the person sees the answer and is told."""
    _office(user, _("答复个人信息请求"))
    reply = _answer(reply, _("请写明答复内容。"))
    with transaction.atomic():
        row = _open_request(data_request, user)
        _stamp(row, user=user, reply=reply, state=row.state)
        _handled(row, user=user, action="reply", request=request)
    return row


def data_request_refuse(*, data_request: DataRequest, user, reason: str, request=None) -> DataRequest:
    """拒绝 with the reason (PIPL 第五十条 第一款: 拒绝个人行使权利的请求的，应当说明理由). A deletion still under the
    retention of 第三十一条 is refused with the retention reason and the date it ends (recomputed now), which the
    person sees with the office's reason; the purge of 第三十一条 deletes the materials on that date anyway."""
    _office(user, _("拒绝个人信息请求"))
    reason = _answer(reason, _("拒绝请求须写明理由（《个人信息保护法》第五十条），理由将告知本人。"))
    with transaction.atomic():
        row = _open_request(data_request, user)
        if row.kind == DataRequest.Kind.DELETION:
            honour_on, wait_reason = retention_of(row.user)
            row.honour_on, row.wait_reason = honour_on, wait_reason
            row.save(update_fields=["honour_on", "wait_reason"])
            if wait_reason and wait_reason not in reason:
                reason = f"{reason}\n{wait_reason}"
        _stamp(row, user=user, reply=reason, state=DataRequest.State.REFUSED)
        _handled(
            row,
            user=user,
            action="refuse",
            request=request,
            honour_on=row.honour_on.isoformat() if row.honour_on else "",
        )
    return row


def data_request_complete(*, data_request: DataRequest, user, reply: str, request=None) -> dict:
    """办结. A correction: the office has corrected the data through its pages (the admin's person, application and
    account pages, or 退回补正 while the call is open) and says what it changed. A deletion (PIPL 第四十七条): only
    when nothing of the person is under the retention of 第三十一条 any more (recomputed now, not the date stored
    when the request was made); then the purge of `workflow.services.retention` clears every application of the
    person, their person records and the account (name, e-mail, phone; it can no longer sign in). Returns
    {"request": the request, "purged": the purge report or None}."""
    _office(user, _("办结个人信息请求"))
    purged = None
    with transaction.atomic():
        row = _open_request(data_request, user)
        if row.kind == DataRequest.Kind.CORRECTION:
            reply = _answer(
                reply, _("请写明已更正的内容（例如“职务已更正为正高级工程师”），答复将告知本人。")
            )
        else:
            honour_on, wait_reason = retention_of(row.user)
            if wait_reason:
                row.honour_on, row.wait_reason = honour_on, wait_reason
                row.save(update_fields=["honour_on", "wait_reason"])
                if honour_on:
                    raise ValidationError(
                        _(
                            "保存期未满，不能删除：《活动办法》第三十一条规定申报材料在活动归档后保存5年，到 %(d)s 为止。"
                            "请到期后再办结，或写明理由拒绝。"
                        )
                        % {"d": honour_on.isoformat()}
                    )
                raise ValidationError(
                    _(
                        "保存期未满，不能删除：本人的申报所在活动尚未归档，材料在归档后还须保存5年（第三十一条）。"
                        "请写明理由拒绝，或到期后再办结。"
                    )
                )
            others = _other_roles(row.user)
            if others:
                raise ValidationError(
                    _(
                        "该账号还担任%(roles)s，其评分、意见等是评选档案；请先由系统管理员取消这些角色，再办结删除。"
                    )
                    % {"roles": series(others)}
                )
            purged = person_materials_purge(user=row.user)
            reply = (reply or "").strip() or _(
                "您的申报材料、附件和个人资料已删除，账号已注销（获荣者在获荣名单中的姓名、单位与荣誉依照"
                "《活动办法》保留）。"
            )
            reply = _answer(reply, "")
        _stamp(row, user=user, reply=reply, state=DataRequest.State.DONE)
        details = {}
        if purged is not None:
            details = {
                "applications": [a.application_id for a in purged.applications],
                "files": len(purged.files),
                "bytes": purged.bytes,
            }
        # the notice and the mail go out before the account's e-mail is cleared
        _handled(row, user=user, action="complete", request=request, **details)
        if purged is not None:
            _close_account(row.user)
    return {"request": row, "purged": purged}


def _other_roles(person) -> list[str]:
    return [str(Role(r).label) for r in sorted(roles_of(person) - {Role.APPLICANT})]


def _close_account(person) -> None:
    """注销 after a deletion: the account keeps its row (the records that name it stay whole) but loses the name,
    e-mail and phone, cannot sign in, and every session ends (`account_closed`: security/signals.py ends them)."""
    profile = getattr(person, "profile", None)
    if profile is not None:
        profile.phone = ""
        profile.save()
    person.first_name = person.last_name = person.email = ""
    person.username = f"deleted-{person.pk}"
    person.is_active = False
    person.set_unusable_password()
    person.save()
    account_closed.send(sender=get_user_model(), user=person)
