"""Writes of 公众评价 (第十九条): one-time codes, ballots (web, unit accounts, office entry), voiding and restoring,
comment moderation. Every write is one transaction; bad input is refused before anything is written."""

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from awards.models import Application, Campaign
from awards.permissions import Role, has_role
from config import clock, pagecache
from config.mail import normalise_mailbox
from config.text import series
from scoring.ballot_mac import ballot_mac
from scoring.models import Ballot, BallotLog, PublicVote, VerificationCode, VoterGroup
from scoring.services import ranking_inputs
from scoring.services import vote_limits as limits
from scoring.services.code_senders import channels as offered_channels
from scoring.services.code_senders import no_sms_message, sender_for
from scoring.services.voter_identity import (
    EMAIL,
    PHONE,
    canonical_mailbox,
    disposable_domain,
    identity_key,
    keyed_hash,
    mail_domain,
    normalise_contact,
    organisation_voter,
    subnet_of,
    voter_key,
)
from workflow.seals import seal_record

CODE_MINUTES = 10
CODE_TRIES = 5
COMMENT_MAX = 200
RATINGS = range(1, 6)
WEB_GROUPS = (VoterGroup.PUBLIC, VoterGroup.PRACTITIONER)


# --- the window ---------------------------------------------------------------------------------------------------


def window_open(campaign: Campaign, now=None) -> bool:
    """公众评价 accepts input while the campaign is in 公众评价 and inside its optional start/end times."""
    now = now or clock.now(campaign)
    if campaign.phase != Campaign.Phase.PUBLIC_INPUT or not campaign.public_input_enabled:
        return False
    if campaign.public_input_opens_at and now < campaign.public_input_opens_at:
        return False
    return not (campaign.public_input_closes_at and now >= campaign.public_input_closes_at)


_PHASES = list(Campaign.Phase.values)


def window_state(campaign: Campaign, now=None) -> str:
    """Where the 公众评价 window stands, for what a visitor is told: "open", "before" (it has not opened yet:
    an earlier phase, or before its start time) or "after" (closed, or this campaign takes no public input)."""
    now = now or clock.now(campaign)
    if window_open(campaign, now):
        return "open"
    if not campaign.public_input_enabled:
        return "after"
    phase = _PHASES.index(campaign.phase) if campaign.phase in _PHASES else len(_PHASES)
    if phase < _PHASES.index(Campaign.Phase.PUBLIC_INPUT):
        return "before"
    if (
        campaign.phase == Campaign.Phase.PUBLIC_INPUT
        and campaign.public_input_opens_at
        and now < (campaign.public_input_opens_at)
    ):
        return "before"
    return "after"


def window_message(campaign: Campaign, now=None) -> str:
    """Why a rating is not taken now, saying when the window opens if it has not yet (第十九条)."""
    if window_state(campaign, now) == "before":
        if campaign.public_input_opens_at:
            return _("公众评价尚未开始，将于 %(start)s 开始（第十九条）。") % {
                "start": date_format(timezone.localtime(campaign.public_input_opens_at), "Y-m-d H:i")
            }
        return _("公众评价尚未开始，开始时间以组委会办公室公布为准（第十九条）。")
    return _("公众评价不在开放时间内，不再接受评价（第十九条）。")


def require_open(campaign: Campaign) -> None:
    if not window_open(campaign):
        raise ValidationError(window_message(campaign), code="closed")


#: How long the ids of the candidates the public may rate stay cached at most; the key carries the campaign's
#: public-page version, so every change of the candidates (a transition, an application saved) is seen at once.
CANDIDATES_SECONDS = 24 * 3600


def candidate_ids(campaign: Campaign) -> frozenset[int]:
    """The shortlisted candidates the public may rate: cached under the campaign's public-page version
    (config/pagecache.py), which every transition and every save of a submitted application replaces
    (docs/decisions.md, "The ballot write path")."""
    return pagecache.public_cached(
        "candidates",
        lambda: frozenset(
            campaign.applications.filter(state=Application.State.SHORTLISTED).values_list("id", flat=True)
        ),
        campaign_id=campaign.pk,
        seconds=CANDIDATES_SECONDS,
    )


# --- one-time codes -----------------------------------------------------------------------------------------------


def code_request(*, campaign: Campaign, contact: str, ip: str, channels=None) -> str:
    """Send a 6-digit code to a mobile number or email; returns the identity's key (for the session).
    `channels`: what the page offered (`code_senders.channels()`, the default); another kind is refused with
    a message before any limit is counted."""
    require_open(campaign)
    channels = channels if channels is not None else offered_channels()
    try:
        kind, value = normalise_contact(contact)
    except ValidationError as error:
        if PHONE in channels or "@" in (contact or ""):
            raise
        raise ValidationError(_("请填写电子邮箱，例如 name@example.cn。"), code="contact") from error
    if kind not in channels:
        raise ValidationError(no_sms_message(), code="no_sms")
    domain = mail_domain(value) if kind == EMAIL else ""
    if domain and disposable_domain(domain):
        message = (
            _("不接受临时邮箱（%(domain)s）的验证码，请使用您常用的邮箱或手机号码。")
            if PHONE in channels
            else _("不接受临时邮箱（%(domain)s）的验证码，请使用您常用的邮箱。")
        )
        raise ValidationError(message % {"domain": domain}, code="disposable")
    voter = _voter_of(campaign, kind, value)
    limits.check_code_request(
        ip=ip, subnet=subnet_of(ip), voter=voter, mailbox=normalise_mailbox(value) if kind == EMAIL else ""
    )
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        VerificationCode.objects.filter(campaign=campaign, voter_key=voter, used_at__isnull=True).update(
            used_at=now
        )
        VerificationCode.objects.create(
            campaign=campaign,
            voter_key=voter,
            code_key=keyed_hash("code", f"{voter}:{code}"),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
            mail_domain=domain,
        )
        sender_for(kind).send(kind=kind, address=value, code=code, campaign=campaign, minutes=CODE_MINUTES)
    return voter


def _voter_of(campaign: Campaign, kind: str, value: str) -> str:
    """The voter key of a contact (decisions 240): the canonical mailbox's key, except for an email whose ballot in
    this campaign was stored under the key of the address as typed (lower-cased) before mailboxes were made
    canonical — that voter keeps their ballot (sees and changes it) instead of getting a second one."""
    voter = identity_key(kind, value)
    if kind != EMAIL or canonical_mailbox(value) == value:
        return voter
    legacy = voter_key(kind, value)
    found = set(
        Ballot.objects.filter(campaign=campaign, voter_key__in=[voter, legacy]).values_list(
            "voter_key", flat=True
        )
    )
    return legacy if legacy in found and voter not in found else voter


def code_verify(*, campaign: Campaign, voter: str, code: str) -> str:
    """Accept the latest unused code of this identity once; a wrong code uses up one of `CODE_TRIES`. Returns the
    mail domain the code was sent to ("" for a mobile number), which the ballot stores (decisions 242)."""
    require_open(campaign)
    code = (code or "").strip()
    now = timezone.now()
    error = None
    with transaction.atomic():
        record = (
            VerificationCode.objects.select_for_update()
            .filter(campaign=campaign, voter_key=voter or "", used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if record is None:
            error = _("请先获取验证码。")
        elif record.expires_at <= now:
            error = _("验证码已过期（%(m)s 分钟内有效），请重新获取。") % {"m": CODE_MINUTES}
        elif record.attempts >= CODE_TRIES:
            error = _("验证码输入错误次数过多，请重新获取。")
        elif not constant_time_compare(record.code_key, keyed_hash("code", f"{voter}:{code}")):
            record.attempts += 1
            record.save(update_fields=["attempts"])
            left = CODE_TRIES - record.attempts
            error = (
                _("验证码不正确，还可以再试 %(n)s 次。") % {"n": left}
                if left
                else _("验证码输入错误次数过多，请重新获取。")
            )
        else:
            record.used_at = now
            record.save(update_fields=["used_at"])
    if error:
        raise ValidationError(error, code="code")
    return record.mail_domain


# --- ballots ------------------------------------------------------------------------------------------------------


def _check_ratings(campaign: Campaign, ratings: dict, comments: dict, allowed=None) -> tuple[dict, dict]:
    """{application id: rating}, {application id: comment} after every check; ValidationError naming the first
    problem otherwise (nothing is written). `allowed`: `candidate_ids(campaign)` when the caller has it."""
    if not ratings:
        raise ValidationError(_("请至少为一位候选人评分。"), code="empty")
    if allowed is None:
        allowed = candidate_ids(campaign)
    clean_ratings, clean_comments = {}, {}
    for app_id, rating in ratings.items():
        try:
            app_id, rating = int(app_id), int(rating)
        except (TypeError, ValueError):
            raise ValidationError(_("评分须为 1–5 的整数。"), code="rating") from None
        if app_id not in allowed:
            raise ValidationError(_("候选人不在本次公众评价名单中。"), code="candidate")
        if rating not in RATINGS:
            raise ValidationError(_("评分须为 1–5 的整数。"), code="rating")
        clean_ratings[app_id] = rating
    for app_id, comment in (comments or {}).items():
        comment = (comment or "").replace("\r\n", "\n").strip()
        if not comment:
            continue
        try:
            app_id = int(app_id)
        except (TypeError, ValueError):
            raise ValidationError(_("候选人不在本次公众评价名单中。"), code="candidate") from None
        if app_id not in clean_ratings:
            raise ValidationError(_("请先为要留言的候选人评分。"), code="comment_unrated")
        if len(comment) > COMMENT_MAX:
            raise ValidationError(
                _("意见不能超过 %(max)s 字（现为 %(n)s 字）。") % {"max": COMMENT_MAX, "n": len(comment)},
                code="comment_long",
            )
        if "<" in comment or ">" in comment:
            raise ValidationError(_("意见不能包含 HTML 标记或脚本（“<”“>”）。"), code="comment_html")
        clean_comments[app_id] = comment
    return clean_ratings, clean_comments


def _store(
    *,
    campaign,
    voter: str,
    group: str,
    ratings: dict,
    comments: dict,
    version: int | None,
    channel: str,
    ip: str = "",
    device: str = "",
    organization=None,
    entered_by=None,
    source: str = "",
    domain: str = "",
) -> Ballot:
    """Create the identity's ballot or replace its ratings (one ballot per identity per campaign).

    `version` is the ballot version the rater's form was based on (0 for a new one); a ballot changed meanwhile
    (a second submission in parallel) is refused. None replaces without that check (office entry)."""
    fields = {
        "group": group,
        "channel": channel,
        "ip_key": keyed_hash("ip", ip) if ip else "",
        "subnet": subnet_of(ip) if ip else "",
        "device_key": device,
        "organization": organization,
        "entered_by": entered_by,
        "source": source,
        "mail_domain": domain,
    }
    with transaction.atomic():
        created = False
        try:
            with transaction.atomic():
                seal = ballot_mac(**_mac_content(campaign, voter, fields, 1, ratings))
                ballot = Ballot.objects.create(
                    campaign=campaign, voter_key=voter, version=1, mac=seal, **fields
                )
                created = True
        except IntegrityError:
            ballot = Ballot.objects.select_for_update().get(campaign=campaign, voter_key=voter)
        previous = {}
        if not created:
            if ballot.voided_at is not None:
                raise ValidationError(voided_message(ballot), code="voided")
            if version is not None and version != ballot.version:
                raise ValidationError(
                    _("您的评价已在另一处提交或修改，请刷新页面查看后再提交。"), code="concurrent"
                )
            previous = {v.application_id: v for v in ballot.votes.all()}
            for name, value in fields.items():
                if name != "mail_domain" or value:  # a session verified before domains were kept: keep it
                    setattr(ballot, name, value)
            ballot.version += 1
            ballot.mac = ballot_mac(**_mac_content(campaign, voter, fields, ballot.version, ratings))
            ballot.save()
            ballot.votes.exclude(application_id__in=list(ratings)).delete()
        created_votes, changed_votes = [], []
        for app_id, rating in ratings.items():
            comment = comments.get(app_id, "")
            old = previous.get(app_id)
            status = ""
            if comment:
                keep = old is not None and old.comment == comment
                status = old.comment_status if keep else PublicVote.CommentStatus.PENDING
            if old is None:
                created_votes.append(
                    PublicVote(
                        campaign=campaign,
                        application_id=app_id,
                        voter_key=voter,
                        rating=rating,
                        comment=comment,
                        comment_status=status,
                        ballot=ballot,
                    )
                )
            else:
                old.rating, old.comment, old.comment_status = rating, comment, status
                changed_votes.append(old)
        PublicVote.objects.bulk_create(created_votes)
        PublicVote.objects.bulk_update(changed_votes, ["rating", "comment", "comment_status"])
    return ballot


def _mac_content(campaign, voter, fields, version, ratings) -> dict:
    organization = fields["organization"]
    return {
        "campaign_id": campaign.pk,
        "voter_key": voter,
        "group": fields["group"],
        "channel": fields["channel"],
        "source": fields["source"],
        "organization_id": organization.pk if organization is not None else None,
        "version": version,
        "ratings": ratings,
    }


def ballot_submit(
    *,
    campaign,
    voter: str,
    group: str,
    ratings: dict,
    comments: dict,
    version: int,
    ip: str,
    device: str = "",
    allowed: frozenset[int] | None = None,
    domain: str = "",
) -> Ballot:
    """A verified citizen's ballot (web): group 社会公众 or 从业人员. `allowed`: the ids of `candidate_ids`, when
    the caller (the view) has just read them.

    A first ballot (`version` 0) on PostgreSQL is written by one statement that also checks the window at the
    moment of writing (`_insert_first_ballot`); the campaign passed in (read by this request) decides the error
    message only. Anything else — a change of one's ballot, a ballot already there, the window closed meanwhile,
    another database — takes `_store` with the campaign read again."""
    fast = version == 0 and connection.vendor == "postgresql"
    if not fast:
        campaign = Campaign.objects.get(pk=campaign.pk)
    require_open(campaign)
    if not voter:
        raise ValidationError(_("请先通过验证码核验身份。"), code="unverified")
    if group not in WEB_GROUPS:
        raise ValidationError(_("请选择您是智慧城市领域从业人员还是社会公众。"), code="group")
    ratings, comments = _check_ratings(campaign, ratings, comments, allowed if fast else None)
    limits.check_ballot(ip=ip, subnet=subnet_of(ip), voter=voter)
    fields = _web_fields(group, ip, device, domain)
    if fast:
        ballot = _insert_first_ballot(
            campaign=campaign, voter=voter, fields=fields, ratings=ratings, comments=comments
        )
        if ballot is not None:
            # The statement sends no post_save: the office's cached data (ballots per group) changes here.
            pagecache.office_changed(campaign.pk)
            return ballot
        campaign = Campaign.objects.get(pk=campaign.pk)  # not written: closed meanwhile, or a ballot is there
        require_open(campaign)
    return _store(
        campaign=campaign,
        voter=voter,
        group=group,
        ratings=ratings,
        comments=comments,
        version=version,
        channel=Ballot.Channel.WEB,
        ip=ip,
        device=device,
        domain=domain,
    )


def _web_fields(group: str, ip: str, device: str, domain: str = "") -> dict:
    return {
        "group": group,
        "channel": Ballot.Channel.WEB,
        "ip_key": keyed_hash("ip", ip) if ip else "",
        "subnet": subnet_of(ip) if ip else "",
        "device_key": device,
        "organization": None,
        "entered_by": None,
        "source": "",
        "mail_domain": domain,
    }


def _insert_first_ballot(
    *, campaign, voter: str, fields: dict, ratings: dict, comments: dict
) -> Ballot | None:
    """PostgreSQL: the identity's first ballot and its ratings in one statement (one round trip, atomic on its
    own) — INSERT … SELECT of the ballot from the campaign row only while the campaign is in 公众评价 inside its
    window, ON CONFLICT (one ballot per identity) DO NOTHING, and the ratings inserted from what that returned.
    The stored rows are those `_store` writes for a new ballot. None when nothing was written (the window closed,
    or the identity has a ballot already)."""
    now = timezone.now()
    q = connection.ops.quote_name
    seal = ballot_mac(**_mac_content(campaign, voter, fields, 1, ratings))
    ballot_values = {
        "campaign_id": ("c.id", None),
        "voter_key": ("%s", voter),
        "group": ("%s", fields["group"]),
        "channel": ("%s", fields["channel"]),
        "source": ("%s", fields["source"]),
        "organization_id": ("NULL", None),
        "entered_by_id": ("NULL", None),
        "ip_key": ("%s", fields["ip_key"]),
        "subnet": ("%s", fields["subnet"]),
        "device_key": ("%s", fields["device_key"]),
        "mail_domain": ("%s", fields["mail_domain"]),
        "version": ("1", None),
        "created_at": ("%s", now),
        "updated_at": ("%s", now),
        "voided_at": ("NULL", None),
        "void_reason": ("''", None),
        "mac": ("%s", seal),
    }
    vote_values = {
        "campaign_id": ("%s", campaign.pk),
        "application_id": ("r.application_id", None),
        "voter_key": ("%s", voter),
        "rating": ("r.rating", None),
        "comment": ("r.comment", None),
        "ballot_id": ("b.id", None),
        "comment_status": ("r.status", None),
        "moderated_by_id": ("NULL", None),
        "moderated_at": ("NULL", None),
        "created_at": ("%s", now),
    }
    ballot_fields = [f for f in Ballot._meta.concrete_fields if not f.primary_key]
    vote_fields = [f for f in PublicVote._meta.concrete_fields if not f.primary_key]
    campaign_field = Campaign._meta.get_field
    ids = list(ratings)
    sql = (
        f"WITH b AS (INSERT INTO {q(Ballot._meta.db_table)} ({', '.join(q(f.column) for f in ballot_fields)}) "
        f"SELECT {', '.join(ballot_values[f.attname][0] for f in ballot_fields)} "
        f"FROM {q(Campaign._meta.db_table)} c WHERE c.id = %s AND c.{q(campaign_field('phase').column)} = %s "
        f"AND c.{q(campaign_field('public_input_enabled').column)} "
        f"AND (c.{q(campaign_field('public_input_opens_at').column)} IS NULL "
        f"OR c.{q(campaign_field('public_input_opens_at').column)} <= %s) "
        f"AND (c.{q(campaign_field('public_input_closes_at').column)} IS NULL "
        f"OR c.{q(campaign_field('public_input_closes_at').column)} > %s) "
        f"ON CONFLICT ({q(Ballot._meta.get_field('campaign').column)}, {q(Ballot._meta.get_field('voter_key').column)})"
        f" DO NOTHING RETURNING {q(Ballot._meta.pk.column)}), "
        # the ranking's inputs change with the ballot, in the same statement (decisions 360)
        f"v AS ({ranking_inputs.upsert_sql(source='FROM b LIMIT 1')}) "
        f"INSERT INTO {q(PublicVote._meta.db_table)} ({', '.join(q(f.column) for f in vote_fields)}) "
        f"SELECT {', '.join(vote_values[f.attname][0] for f in vote_fields)} "
        "FROM b CROSS JOIN unnest(%s::bigint[], %s::smallint[], %s::text[], %s::text[]) "
        "AS r(application_id, rating, comment, status) "
        f"RETURNING {q(PublicVote._meta.get_field('ballot').column)}"
    )
    params = [value for f in ballot_fields for expr, value in [ballot_values[f.attname]] if expr == "%s"]
    window_now = clock.now(campaign)  # the window by the campaign's clock (decisions 262)
    params += [campaign.pk, Campaign.Phase.PUBLIC_INPUT, window_now, window_now]
    params += [campaign.pk, ranking_inputs.random_shard()]
    params += [value for f in vote_fields for expr, value in [vote_values[f.attname]] if expr == "%s"]
    params += [
        ids,
        [ratings[i] for i in ids],
        [comments.get(i, "") for i in ids],
        [PublicVote.CommentStatus.PENDING if comments.get(i) else "" for i in ids],
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not rows:
        return None
    ballot = Ballot(
        pk=rows[0][0], campaign=campaign, voter_key=voter, version=1, created_at=now, updated_at=now, mac=seal
    )
    for name, value in fields.items():
        setattr(ballot, name, value)
    ballot._state.adding = False
    return ballot


def unit_ballot_submit(
    *, campaign, organization, user, ratings: dict, comments: dict, version: int
) -> Ballot:
    """企事业单位的评价意见 through the unit's account: one ballot per unit per campaign.

    A unit cannot rate a candidate it employs or recommended (decisions 172): those ratings are refused and
    named in `ballot.refused` (the page tells the unit), the other candidates' ratings are stored."""
    campaign = Campaign.objects.get(pk=campaign.pk)
    require_open(campaign)
    if not organization.staff.filter(pk=user.pk).exists():
        raise PermissionDenied(_("只有本单位账户可以代表单位提出评价意见。"))
    ratings, comments = _check_ratings(campaign, ratings, comments)
    own = list(
        Application.objects.filter(pk__in=list(ratings))
        .filter(Q(employer_id=organization.pk) | Q(recommender_id=organization.pk))
        .order_by("number", "pk")
        .values_list("pk", "name")
    )
    if own and len(own) == len(ratings):
        raise ValidationError(
            _("本单位不能评价本单位职工或本单位推荐的候选人（%(names)s），请为其他候选人评分。")
            % {"names": series(name for _pk, name in own)},
            code="own_candidate",
        )
    for pk, _name in own:
        ratings.pop(pk)
        comments.pop(pk, None)
    ballot = _store(
        campaign=campaign,
        voter=organisation_voter(organization),
        group=VoterGroup.ORGANISATION,
        ratings=ratings,
        comments=comments,
        version=version,
        channel=Ballot.Channel.UNIT,
        organization=organization,
        entered_by=user,
    )
    ballot.refused = [name for _pk, name in own]
    return ballot


def voided_message(ballot: Ballot) -> str:
    """What a voter whose ballot the office voided is told, on every page that shows their ballot and when they
    submit again (decisions 243): it does not count, why, and how to object."""
    return _(
        "您的评价已被组委会办公室作废，不计入公众评价结果，也不能再修改。作废原因：%(reason)s。"
        "如有异议，请在公众评价截止前向组委会办公室提出（联系方式见“评价规则与个人信息说明”页）。"
    ) % {"reason": ballot.void_reason or _("未注明")}


def own_candidate_message(refused: list[str]) -> str:
    """What the unit is told about the ratings refused on its ballot (decisions 172)."""
    return _(
        "本单位不能评价本单位职工或本单位推荐的候选人，对 %(names)s 的评价未予接受；对其他候选人的评价已保存。"
    ) % {"names": series(refused)}


def office_ballot_enter(
    *, campaign, user, group: str, source: str, reference: str, ratings: dict, comments: dict
):
    """An opinion gathered through another channel (paper, a survey), entered by the office with its source.
    The same source and reference again replace the earlier entry (an import can be repeated)."""
    if not has_role(user, Role.OFFICE):
        raise PermissionDenied(_("只有组委会办公室可以录入其他渠道的评价意见。"))
    campaign = Campaign.objects.get(pk=campaign.pk)
    if campaign.phase != Campaign.Phase.PUBLIC_INPUT:
        raise ValidationError(_("只能在公众评价阶段录入评价意见（第十九条）。"), code="closed")
    source, reference = (source or "").strip(), (reference or "").strip()
    if not source:
        raise ValidationError(_("请填写意见来源（如纸质问卷、协会调查）。"), code="source")
    if not reference:
        raise ValidationError(_("请填写意见编号（如问卷编号），用于避免重复录入。"), code="reference")
    if group not in VoterGroup.values:
        raise ValidationError(_("请选择意见所属类别。"), code="group")
    ratings, comments = _check_ratings(campaign, ratings, comments)
    return _store(
        campaign=campaign,
        voter=keyed_hash("office", f"{source}\x1f{reference}"),
        group=group,
        ratings=ratings,
        comments=comments,
        version=None,
        channel=Ballot.Channel.OFFICE,
        entered_by=user,
        source=source[:200],
    )


# --- voiding, restoring, moderation -------------------------------------------------------------------------------


def _office(user, what):
    if not has_role(user, Role.OFFICE):
        raise PermissionDenied(_("只有组委会办公室可以%(what)s。") % {"what": what})


def ballots_void(*, campaign, ballot_ids, reason: str, user) -> int:
    """Void ballots (they stay stored, stop counting), each with the reason in `BallotLog`."""
    return _set_void(campaign, ballot_ids, reason, user, void=True)


def ballots_restore(*, campaign, ballot_ids, reason: str, user) -> int:
    return _set_void(campaign, ballot_ids, reason, user, void=False)


def _set_void(campaign, ballot_ids, reason, user, *, void: bool) -> int:
    _office(user, _("作废或恢复选票"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("请填写作废或恢复的原因。"), code="reason")
    if len(reason) > 500:
        raise ValidationError(_("原因不能超过 500 字。"), code="reason")
    ids = {int(i) for i in ballot_ids}
    if not ids:
        raise ValidationError(_("请选择选票。"), code="empty")
    with transaction.atomic():
        ballots = list(Ballot.objects.select_for_update().filter(campaign=campaign, pk__in=ids))
        if len(ballots) != len(ids):
            raise ValidationError(_("所选选票不属于本次活动。"), code="foreign")
        now = timezone.now()
        changed = [b for b in ballots if (b.voided_at is None) == void]
        for b in changed:
            b.voided_at = now if void else None
            b.void_reason = reason if void else ""
            b.save(update_fields=["voided_at", "void_reason"])
        logs = BallotLog.objects.bulk_create(
            BallotLog(
                ballot=b,
                action=BallotLog.Action.VOID if void else BallotLog.Action.RESTORE,
                reason=reason,
                user=user,
            )
            for b in changed
        )
        for log in logs:  # bulk_create sends no post_save: each voiding/restoring is sealed here
            seal_record(log)
    return len(changed)


def comment_moderate(*, campaign, vote_ids, approve: bool, user) -> int:
    """The office approves or rejects comments; only approved ones are shown to anyone else."""
    _office(user, _("审核意见"))
    status = PublicVote.CommentStatus.APPROVED if approve else PublicVote.CommentStatus.REJECTED
    n = (
        PublicVote.objects.filter(campaign=campaign, pk__in=[int(i) for i in vote_ids])
        .exclude(comment="")
        .update(comment_status=status, moderated_by=user, moderated_at=timezone.now())
    )
    pagecache.office_changed(campaign.pk)  # the committee's evidence shows the approved comments
    return n
