"""The 行业协会 route on the office's pages (第十五条, issue 22 item 9, docs/decisions.md 232): the office registers an
association, invites its account by mail and records its member units; the association then recommends a member
unit's employee, and a membership a recommendation rests on cannot be removed."""

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from awards.eligibility import recommender_problem
from awards.models import Application, Campaign, Organization
from awards.services.associations import association_create, association_member_add, association_member_remove
from tests.factories import ApplicationFactory, OrganizationFactory, make_credit_code, user_with_role

pytestmark = pytest.mark.django_db


def test_the_office_sets_up_an_association_on_its_pages_and_it_may_recommend_member_staff(
    client, office, django_capture_on_commit_callbacks
):
    client.force_login(office)
    assert "行业协会与会员单位" in client.get(reverse("workflow:office_home")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("workflow:associations"),
            {"name": "上海市软件行业协会", "contact_name": "王敏", "contact_email": "Xiehui@Example.cn"},
        )
    association = Organization.objects.get(name="上海市软件行业协会")
    assert association.kind == Organization.Kind.ASSOCIATION
    assert response.url == reverse("workflow:association", args=[association.pk])
    account = User.objects.get(email="xiehui@example.cn")
    assert list(association.staff.all()) == [account] and not account.has_usable_password()
    assert account.groups.filter(name="recommender").exists()
    assert [m.to for m in mail.outbox] == [["xiehui@example.cn"]] and "请设置账号密码" in mail.outbox[
        0
    ].subject

    member = OrganizationFactory(name="上海数联科技有限公司")
    url = reverse("workflow:association_member", args=[association.pk])
    refused = client.post(url, {"action": "add", "unit": "不存在的公司"}, follow=True).content.decode()
    assert "没有找到已登记的工作单位“不存在的公司”" in refused
    client.post(url, {"action": "add", "unit": member.credit_code})
    assert list(member.member_of.all()) == [association]
    page = client.get(reverse("workflow:association", args=[association.pk])).content.decode()
    assert "上海数联科技有限公司" in page and "已邀请，尚未设置密码" in page

    application = ApplicationFactory(employer=member, route="association", recommender=association)
    assert recommender_problem(application) == ""
    outsider = ApplicationFactory(
        employer=OrganizationFactory(), route="association", recommender=association
    )
    assert "第十五条" in recommender_problem(outsider)

    removed = client.post(url, {"action": "remove", "unit_id": member.pk}, follow=True).content.decode()
    assert "不能移除" in removed and member.member_of.filter(pk=association.pk).exists()
    application.state = Application.State.INELIGIBLE
    application.save()
    client.post(url, {"action": "remove", "unit_id": member.pk})
    assert not member.member_of.exists()


def test_association_set_up_is_the_offices_and_checked(office):
    with pytest.raises(PermissionDenied):
        association_create(user=user_with_role("recommender"), name="某协会")
    with pytest.raises(ValidationError) as e:
        association_create(user=office, name=" ", credit_code="123")
    assert set(e.value.message_dict) == {"name", "credit_code"}
    association = association_create(user=office, name="某协会", credit_code=make_credit_code(901))
    with pytest.raises(ValidationError):
        association_create(user=office, name="某协会")
    with pytest.raises(ValidationError) as e:  # a unit proposed by an applicant, not yet confirmed
        association_member_add(
            association=association, user=office, unit=OrganizationFactory(needs_confirmation=True)
        )
    assert "已登记的工作单位" in e.value.messages[0]
    other = association_create(user=office, name="另一协会")
    with pytest.raises(ValidationError):  # an association is not a member unit
        association_member_add(association=association, user=office, unit=other)
    with pytest.raises(ValidationError):
        association_member_remove(association=OrganizationFactory(), user=office, unit=other)
    assert Campaign.objects.count() == 0
