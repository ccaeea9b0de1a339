"""资料的保存 (第三十一条): application materials are kept 5 years after the campaign is archived. Then **all**
personal data of each application goes — the files, the ID number, phone, e-mail, addresses, every text of the
form, the education and work rows, the unit opinion, the objectors' names and contacts, and the same fields in
the history tables — while the honors list (name, unit, domain and certificate of each honoree), the scores, the
decisions and the transition logs stay. Applicants without an honor keep only a pseudonym. See docs/decisions.md.
"""

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from awards.crypto import blind_index
from awards.models import Application, Attachment, Campaign, Person
from awards.models.campaigns import RETENTION_YEARS
from config import pagecache
from workflow.models import Honor
from workflow.services.history import save_with_history

#: Application fields that are personal data, with the value they are replaced by.
PERSONAL_FIELDS = {
    "resident_id": "",
    "phone": "",
    "email": "",
    "unit_address": "",
    "unit_postcode": "",
    "title_name": "",
    "social_posts": "",
    "awards_received": "",
    "punishments": "",
    "section_basic": "",
    "section_second": "",
    "section_third": "",
    "representative_achievements": "",
    "unit_contact": "",
    "unit_opinion": "",
    "unit_responsible": "",
    "gender": "",
    "political_status": "",
    "education": "",
    "degree": "",
}
#: Kept for honorees (the honors list); replaced by a pseudonym for everybody else.
HONORS_LIST_FIELDS = ("name", "unit_name", "position")
OBJECTOR_FIELDS = {
    "objector_name": "",
    "objector_id_or_contact": "",
    "objector_phone": "",
    "objector_email": "",
}


@dataclass
class PurgedApplication:
    campaign: str
    application_id: int
    number: str
    honoree: bool
    fields: list = field(default_factory=list)  # the field names cleared
    files: list = field(default_factory=list)  # (attachment id, file name, size)
    rows: int = 0  # education and work rows deleted
    objections: int = 0  # objections whose objector's name and contact are cleared


@dataclass
class PurgeReport:
    campaigns: list = field(default_factory=list)
    applications: list = field(default_factory=list)
    files: list = field(default_factory=list)  # (campaign title, attachment id, file name, size)
    bytes: int = 0
    dry_run: bool = False


def _cutoff(now: datetime.datetime) -> datetime.datetime:
    try:
        return now.replace(year=now.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        return now.replace(year=now.year - RETENTION_YEARS, day=28)


def expired_campaigns(*, now=None):
    """Campaigns archived more than 5 years ago."""
    now = now or timezone.now()
    return Campaign.objects.filter(
        phase=Campaign.Phase.ARCHIVED, archived_at__isnull=False, archived_at__lt=_cutoff(now)
    ).order_by("archived_at")


def pseudonym(application: Application) -> str:
    return _("申报人%(id)s（资料已清除）") % {"id": application.pk}


def _plan(application: Application, campaign_title: str) -> PurgedApplication:

    honoree = Honor.objects.filter(application=application).exists()
    item = PurgedApplication(
        campaign=campaign_title, application_id=application.pk, number=application.number, honoree=honoree
    )
    item.fields = [
        name for name, blank in PERSONAL_FIELDS.items() if getattr(application, name) not in (blank, None)
    ]
    if application.union_member is not None:
        item.fields.append("union_member")
    for name in ("years_in_industry", "years_in_post", "years_in_management", "applied_on"):
        if getattr(application, name) is not None:
            item.fields.append(name)
    if not honoree:
        item.fields += [n for n in HONORS_LIST_FIELDS if getattr(application, n)]
    item.files = [
        (a.pk, (a.file.name if a.file else "") or a.original_name, a.size)
        for a in application.attachments.filter(purged_at__isnull=True).order_by("id")
    ]
    item.rows = application.education_entries.count() + application.work_entries.count()
    item.objections = application.objections.exclude(objector_name="").count()
    return item


def _purge(application: Application, item: PurgedApplication, now) -> None:
    values = dict(PERSONAL_FIELDS)
    values.update(union_member=None, years_in_industry=None, years_in_post=None, years_in_management=None)
    values["applied_on"] = None
    values["resident_id_bidx"] = ""  # the blind index goes with the ID (queryset updates skip pre_save)
    if not item.honoree:
        values.update(name=pseudonym(application), unit_name="", position="")
    with transaction.atomic():
        for att in application.attachments.filter(purged_at__isnull=True):
            if att.file:
                att.file.delete(save=False)
            att.file = None
            att.purged_at = now
            att.original_name = ""
            save_with_history(
                att, None, "第三十一条：保存期满清除", update_fields=["file", "purged_at", "original_name"]
            )
        Attachment.history.filter(application_id=application.pk).update(original_name="", file="")
        application.education_entries.all().delete()
        application.work_entries.all().delete()
        application.objections.update(**OBJECTOR_FIELDS)
        application.objections.model.history.filter(application_id=application.pk).update(**OBJECTOR_FIELDS)
        Application.objects.filter(pk=application.pk).update(personal_data_purged_at=now, **values)
        pagecache.changed(application.campaign_id)  # a pseudonym replaces the name on the public lists
        Application.history.filter(id=application.pk).update(**values)
        person = application.person
        if (
            person is not None
            and not person.applications.filter(personal_data_purged_at__isnull=True).exists()
        ):
            anonymous = {
                "phone": "",
                "email": "",
                "gender": "",
                "political_status": "",
                "education": "",
                "degree": "",
            }
            if not person.applications.filter(honor__isnull=False).exists():
                anonymous["name"] = _("人员%(id)s（资料已清除）") % {"id": person.pk}
            anonymous.update(
                resident_id=f"purged-{person.pk}",
                resident_id_bidx=blind_index(f"purged-{person.pk}", "resident_id"),
                phone_bidx="",
            )
            type(person).objects.filter(pk=person.pk).update(**anonymous)
            type(person).history.filter(id=person.pk).update(**anonymous)


def materials_purge_expired(*, now=None, dry_run: bool = False) -> PurgeReport:
    """第三十一条: purge every application of the expired campaigns (see the module); `dry_run` lists exactly what
    would go — per application the fields, files, rows and objector contacts — and changes nothing."""
    now = now or timezone.now()
    report = PurgeReport(dry_run=dry_run)
    for campaign in expired_campaigns(now=now):
        report.campaigns.append(campaign.title)
        for application in (
            Application.objects.filter(campaign=campaign, personal_data_purged_at__isnull=True)
            .select_related("person")
            .order_by("id")
        ):
            item = _plan(application, campaign.title)
            report.applications.append(item)
            for pk, name, size in item.files:
                report.files.append((campaign.title, pk, name, size))
                report.bytes += size
            if not dry_run:
                _purge(application, item, now)
    return report


def person_materials_purge(*, user, now=None) -> PurgeReport:
    """A person's deletion request carried out (PIPL 第四十七条; issue 25 item 3): the same purge as above, for
    every application of `user` not purged yet — submitted ones only once 第三十一条's retention has ended (the
    caller checks it, `awards.services.privacy.retention_of`), drafts and retracted ones at any time — and the
    person records of `user` without applications. Honorees keep name, unit and honor on the honors list."""
    now = now or timezone.now()
    report = PurgeReport()
    applications = (
        Application.objects.filter(applicant=user, personal_data_purged_at__isnull=True)
        .select_related("campaign", "person")
        .order_by("id")
    )
    for application in applications:
        item = _plan(application, application.campaign.title)
        report.applications.append(item)
        if application.campaign.title not in report.campaigns:
            report.campaigns.append(application.campaign.title)
        for pk, name, size in item.files:
            report.files.append((application.campaign.title, pk, name, size))
            report.bytes += size
        _purge(application, item, now)
    for person in Person.objects.filter(user=user, applications__isnull=True):
        anonymous = {
            "name": _("人员%(id)s（资料已清除）") % {"id": person.pk},
            "phone": "",
            "email": "",
            "gender": "",
            "political_status": "",
            "education": "",
            "degree": "",
            "resident_id": f"purged-{person.pk}",
            "resident_id_bidx": blind_index(f"purged-{person.pk}", "resident_id"),
            "phone_bidx": "",
        }
        Person.objects.filter(pk=person.pk).update(**anonymous)
        Person.history.filter(id=person.pk).update(**anonymous)
    return report
