"""The office acts on a person's correction and deletion requests (issue 25 item 3; PIPL 第四十六–五十条;
decisions 295–299): reply, complete, refuse — each a service that refuses with a specific message, writes a
security event and tells the person, who sees the state and the answer on /me/privacy/."""

import datetime
import os

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from awards.models import Application, Campaign, DataRequest, Person
from awards.permissions import SECURITY_OFFICER_GROUP
from awards.services import privacy
from notices.models import Notification
from security.events import verify_security_log
from security.models import SecurityEvent, UserSession
from tests.awards.test_english import chinese_left, in_english
from tests.factories import make_resident_id, user_with_role
from tests.workflow.builders import application_in, campaign_in
from workflow.models import Honor
from workflow.services import data_requests

pytestmark = pytest.mark.django_db
S = DataRequest.State
P = Campaign.Phase


def _office():
    return user_with_role("office")


def _person_with(state=Application.State.SUBMITTED, archived_years_ago=None):
    """A person with one application (with rows and files) in a campaign, archived `archived_years_ago` or
    still running."""
    campaign = campaign_in(P.ARCHIVED if archived_years_ago is not None else P.ELIGIBILITY)
    if archived_years_ago is not None:
        campaign.archived_at = timezone.now() - datetime.timedelta(days=int(365.25 * archived_years_ago))
        campaign.save()
    app = application_in(campaign, state)
    app.applicant.email = "zhang@example.cn"
    app.applicant.first_name = "张三"
    app.applicant.save()
    return app


def _events(action):
    return [
        e
        for e in SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_REQUEST)
        if e.details.get("action") == action
    ]


# --- corrections ---------------------------------------------------------------------------------------------


def test_a_correction_is_answered_and_closed_with_a_notice_a_mail_and_a_security_event(
    django_capture_on_commit_callbacks,
):
    app = _person_with()
    office = _office()
    made = privacy.request_correction(user=app.applicant, text="职务应为正高级工程师")
    with pytest.raises(ValidationError) as empty:
        data_requests.data_request_complete(data_request=made, user=office, reply="  ")
    assert "请写明已更正的内容" in str(empty.value)

    with django_capture_on_commit_callbacks(execute=True):  # the mail goes after commit (notices.services)
        data_requests.data_request_complete(
            data_request=made, user=office, reply="职务已更正为正高级工程师。"
        )
    made.refresh_from_db()
    assert (made.state, made.reply, made.handled_by) == (S.DONE, "职务已更正为正高级工程师。", office)
    assert made.handled_at is not None
    notice = Notification.objects.get(user=app.applicant)
    assert "更正" in notice.subject and "已办结" in notice.subject
    assert "职务已更正为正高级工程师。" in notice.body and notice.link == reverse("awards:my_privacy")
    assert mail.outbox and mail.outbox[-1].to == ["zhang@example.cn"]
    (event,) = _events("complete")
    assert event.user == office and event.details["person"] == app.applicant.username
    assert event.details["data_request"] == made.pk and event.details["state"] == "done"
    assert verify_security_log() == []


def test_a_reply_keeps_the_request_open_and_a_second_action_on_a_closed_request_is_refused():
    app = _person_with()
    office = _office()
    made = privacy.request_correction(user=app.applicant, text="学历应为大学本科")
    data_requests.data_request_reply(data_request=made, user=office, reply="正在向您的单位核实。")
    made.refresh_from_db()
    assert made.state == S.OPEN and made.reply == "正在向您的单位核实。"
    assert _events("reply")

    data_requests.data_request_refuse(data_request=made, user=office, reason="单位核实，原学历无误。")
    made.refresh_from_db()
    assert made.state == S.REFUSED and made.reply == "单位核实，原学历无误。"
    for act, kwargs in (
        (data_requests.data_request_reply, {"reply": "再答复"}),
        (data_requests.data_request_complete, {"reply": "已更正"}),
        (data_requests.data_request_refuse, {"reason": "再拒绝"}),
    ):
        with pytest.raises(ValidationError) as closed:
            act(data_request=made, user=office, **kwargs)
        assert "不能再次办理" in str(closed.value) and "拒绝" in str(closed.value)
    made.refresh_from_db()
    assert made.reply == "单位核实，原学历无误。"
    assert len(SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_REQUEST)) == 2


def test_a_refusal_needs_a_reason_and_only_the_office_acts_and_never_on_its_own_request():
    app = _person_with()
    made = privacy.request_correction(user=app.applicant, text="电话应为13900000000")
    with pytest.raises(ValidationError) as no_reason:
        data_requests.data_request_refuse(data_request=made, user=_office(), reason="")
    assert "第五十条" in str(no_reason.value)
    for other in (app.applicant, user_with_role("committee"), user_with_role("expert")):
        with pytest.raises(PermissionDenied):
            data_requests.data_request_reply(data_request=made, user=other, reply="好")
    clerk = _office()
    own = privacy.request_correction(user=clerk, text="我的电话有误")
    with pytest.raises(PermissionDenied) as mine:
        data_requests.data_request_complete(data_request=own, user=clerk, reply="已改")
    assert "不能办理本人" in str(mine.value)
    made.refresh_from_db()
    assert made.state == S.OPEN and not SecurityEvent.objects.filter(kind=SecurityEvent.Kind.DATA_REQUEST)


# --- deletions -----------------------------------------------------------------------------------------------


def test_a_deletion_under_retention_cannot_be_completed_and_is_refused_with_the_date_and_reason():
    app = _person_with(archived_years_ago=1)
    office = _office()
    made = privacy.request_deletion(user=app.applicant)
    assert made.state == S.WAITING and made.honour_on is not None
    honour_on = made.honour_on.isoformat()
    with pytest.raises(ValidationError) as early:
        data_requests.data_request_complete(data_request=made, user=office, reply="")
    assert "保存期未满" in str(early.value) and honour_on in str(early.value)
    app.refresh_from_db()
    assert app.personal_data_purged_at is None and app.attachments.filter(purged_at__isnull=True).count() == 2

    data_requests.data_request_refuse(
        data_request=made, user=office, reason="申报材料是评选档案，保存期内不能删除。"
    )
    made.refresh_from_db()
    assert made.state == S.REFUSED and made.honour_on.isoformat() == honour_on
    assert "保存期内不能删除" in made.reply and honour_on in made.reply and "第三十一条" in made.reply
    (event,) = _events("refuse")
    assert event.details["honour_on"] == honour_on
    assert honour_on in Notification.objects.get(user=app.applicant).body


def test_a_deletion_while_the_campaign_runs_cannot_be_completed():
    app = _person_with()
    made = privacy.request_deletion(user=app.applicant)
    with pytest.raises(ValidationError) as running:
        data_requests.data_request_complete(data_request=made, user=_office(), reply="")
    assert "尚未归档" in str(running.value)


def test_a_deletion_after_the_retention_purges_the_materials_closes_the_account_and_the_request(
    django_capture_on_commit_callbacks,
):
    app = _person_with(archived_years_ago=4)
    paths = [a.file.path for a in app.attachments.all()]
    person = app.applicant
    record = Person.objects.create(
        name="张三", resident_id=make_resident_id(901), phone="13812345678", user=person
    )
    made = privacy.request_deletion(user=person)
    assert made.state == S.WAITING
    # a year later the retention has ended (the date is recomputed at the action, not read from the request)
    Campaign.objects.filter(pk=app.campaign_id).update(
        archived_at=timezone.now() - datetime.timedelta(days=int(365.25 * 6))
    )
    office = _office()
    with django_capture_on_commit_callbacks(execute=True):
        done = data_requests.data_request_complete(data_request=made, user=office, reply="")
    made.refresh_from_db()
    assert made.state == S.DONE and "已删除" in made.reply
    assert [a.application_id for a in done["purged"].applications] == [app.pk]
    app.refresh_from_db()
    assert app.personal_data_purged_at is not None and app.resident_id == "" and app.phone == ""
    assert "资料已清除" in app.name  # not an honoree: a pseudonym
    assert not any(os.path.exists(p) for p in paths)
    assert not app.education_entries.exists() and not app.work_entries.exists()
    account = User.objects.get(pk=person.pk)
    assert not account.is_active and not account.has_usable_password()
    assert account.email == "" and account.first_name == "" and account.username == f"deleted-{person.pk}"
    record.refresh_from_db()
    assert record.resident_id == f"purged-{record.pk}" and record.phone == "" and "资料已清除" in record.name
    # the person was told by mail before the address was cleared
    assert mail.outbox[-1].to == ["zhang@example.cn"] and "已办结" in mail.outbox[-1].subject
    (event,) = _events("complete")
    assert event.details["applications"] == [app.pk] and event.details["files"] == 2
    assert event.details["person"] == person.username


def test_closing_the_account_ends_its_sessions_through_the_security_receiver():
    """The purge is workflow's and the sessions are security's (decisions 325): the account closed by a completed
    deletion (signal `account_closed`) loses every open session, which no longer signs the person in."""
    app = _person_with(archived_years_ago=6)
    person = app.applicant
    browser = Client()
    browser.force_login(person)
    assert browser.get(reverse("awards:my_privacy")).status_code == 200
    assert UserSession.objects.filter(user=person, ended_at__isnull=True).count() == 1
    made = privacy.request_deletion(user=person)
    data_requests.data_request_complete(data_request=made, user=_office(), reply="")
    assert not UserSession.objects.filter(user=person, ended_at__isnull=True).exists()
    gone = browser.get(reverse("awards:my_privacy"))
    assert gone.status_code == 302 and "/accounts/login/" in gone["Location"]


def test_an_honoree_keeps_name_and_unit_on_the_honors_list_after_the_deletion():
    app = _person_with(state=Application.State.AWARDED, archived_years_ago=6)
    Honor.objects.create(
        application=app,
        kind=Honor.Kind.TITLE,
        certificate_number="ZH-2019-001",
        awarded_on=datetime.date(2019, 6, 1),
    )
    name = app.name
    made = privacy.request_deletion(user=app.applicant)
    assert made.state == S.OPEN  # nothing under retention any more
    data_requests.data_request_complete(data_request=made, user=_office(), reply="")
    app.refresh_from_db()
    assert app.name == name and app.resident_id == "" and app.personal_data_purged_at is not None


def test_a_deletion_of_an_account_with_another_role_is_refused():
    app = _person_with(state=Application.State.DRAFT)
    app.applicant.groups.add(Group.objects.get_or_create(name="expert")[0])
    made = privacy.request_deletion(user=app.applicant)
    with pytest.raises(ValidationError) as expert:
        data_requests.data_request_complete(data_request=made, user=_office(), reply="")
    assert "专家" in str(expert.value)
    assert User.objects.get(pk=app.applicant.pk).is_active


# --- the pages -----------------------------------------------------------------------------------------------


def test_the_office_page_lists_and_filters_and_other_roles_are_refused():
    correction = privacy.request_correction(user=_person_with().applicant, text="姓名有误")
    waiting = privacy.request_deletion(user=_person_with(archived_years_ago=1).applicant, text="不再参评")
    url = reverse("workflow:office_data_requests")
    office = Client()
    office.force_login(_office())
    page = office.get(url).content.decode()
    assert f'id="request-{correction.pk}"' in page and f'id="request-{waiting.pk}"' in page
    assert "姓名有误" in page and waiting.honour_on.isoformat() in page and "第三十一条" in page
    only = office.get(url, {"kind": "deletion", "state": "waiting"}).content.decode()
    assert f'id="request-{waiting.pk}"' in only and f'id="request-{correction.pk}"' not in only
    assert "个人信息请求" in office.get(reverse("workflow:office_home")).content.decode()
    for role in ("applicant", "recommender", "expert", "committee"):
        other = Client()
        other.force_login(user_with_role(role))
        assert other.get(url).status_code == 403
        assert other.get(reverse("workflow:office_data_request", args=[correction.pk])).status_code == 403
        post = other.post(
            reverse("workflow:office_data_request", args=[correction.pk]), {"action": "refuse", "reply": "x"}
        )
        assert post.status_code == 403
    correction.refresh_from_db()
    assert correction.state == S.OPEN


def test_the_security_officer_reads_but_does_not_act():
    made = privacy.request_correction(user=_person_with().applicant, text="姓名有误")
    officer = user_with_role("applicant")
    officer.groups.add(Group.objects.get_or_create(name=SECURITY_OFFICER_GROUP)[0])
    client = Client()
    client.force_login(officer)
    log = client.get(reverse("awards:access_log")).content.decode()
    assert reverse("workflow:office_data_requests") in log  # found from the officer's own page
    assert client.get(reverse("workflow:office_data_requests")).status_code == 200
    detail = client.get(reverse("workflow:office_data_request", args=[made.pk]))
    assert detail.status_code == 200 and 'id="act-form"' not in detail.content.decode()
    refused = client.post(
        reverse("workflow:office_data_request", args=[made.pk]),
        {"action": "refuse", "reply": "无", "confirmed": "1"},
    )
    assert refused.status_code == 403
    made.refresh_from_db()
    assert made.state == S.OPEN


def test_the_page_asks_first_then_acts_and_the_person_sees_the_reply_and_state():
    app = _person_with()
    made = privacy.request_correction(user=app.applicant, text="职务应为正高级工程师")
    office = Client()
    office.force_login(_office())
    url = reverse("workflow:office_data_request", args=[made.pk])
    detail = office.get(url).content.decode()
    assert (
        "职务应为正高级工程师" in detail and reverse("workflow:office_application", args=[app.pk]) in detail
    )
    asked = office.post(url, {"action": "complete", "reply": "职务已更正。"})
    assert asked.status_code == 200 and 'id="confirm"' in asked.content.decode()
    made.refresh_from_db()
    assert made.state == S.OPEN
    empty = office.post(url, {"action": "complete", "reply": "", "confirmed": "1"})
    assert empty.status_code == 422 and "请写明已更正的内容" in empty.content.decode()
    done = office.post(url, {"action": "complete", "reply": "职务已更正。", "confirmed": "1"})
    assert done.status_code == 302
    again = office.post(url, {"action": "refuse", "reply": "重复", "confirmed": "1"})
    assert again.status_code == 422 and "不能再次办理" in again.content.decode()
    person = Client()
    person.force_login(app.applicant)
    mine = person.get(reverse("awards:my_privacy")).content.decode()
    assert "职务已更正。" in mine and "已办结" in mine


def test_the_office_pages_and_the_confirmation_are_in_english():
    app = _person_with(archived_years_ago=1)
    made = privacy.request_deletion(user=app.applicant, text="请删除")
    client = in_english(Client())
    client.force_login(_office())
    listing = client.get(reverse("workflow:office_data_requests")).content.decode()
    assert "Personal information request" in listing
    user_data = [
        "请删除",
        made.wait_reason,  # the person's own notice, kept as it was made
        app.applicant.get_full_name(),
        app.campaign.title,
        app.get_state_display(),
    ]
    assert chinese_left(listing, *user_data) == []
    url = reverse("workflow:office_data_request", args=[made.pk])
    detail = client.get(url).content.decode()
    assert "Delete and close" in detail
    assert chinese_left(detail, *user_data, privacy.retention_of(app.applicant)[1]) == []
    asked = client.post(url, {"action": "refuse", "reply": "Kept for the archive."}).content.decode()
    assert "Refuse the request" in asked and chinese_left(asked, *user_data) == []
