"""The security matrix (issue 10): every URL pattern of the project × every role × own/another's object, GET
and POST, with the expected answer class; POSTs that are refused change nothing in the database; and every answer to a
signed-in role says `no-store` (issue 21: pages with a resident ID or a phone are not kept by browsers or proxies;
config.middleware.NoStoreMiddleware), whatever the page and its status, but the few in `OWN_CACHING`.

`TABLE` has one row per URL name. A URL added to the project without a row here fails
`test_every_url_pattern_has_a_row` — add the row, with the answer each role must get. Admin rows are
generated from the admin site's registry (`admin_rows`): every admin page refuses non-staff roles the same way.
The world (tests/security/world.py) is built once for the module; each request runs inside the test's
transaction, which is rolled back.

Adding a row: `"app:name": Row(args, get=expect(DEFAULT, role=CLASS, …), post=expect(…))`, where `args(world,
side)` returns the kwargs for reverse() — side "a" is the requesting role's own object, "b" another's — or a
ready path (a str) for an unnamed pattern such as an old path kept as a redirect (expect MOVED). A class may
be a pair (own, another's). `writes=frozenset({"role", "role:side"})` names who may change data with a POST;
every other request must leave every table unchanged. Unnamed patterns are keyed "<unnamed ROUTE>" (with the
namespace prefix), as `url_names()` lists them.
"""

import functools
import time
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.contrib.auth.models import User, update_last_login
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from awards.models import Application
from security.middleware import LAST_ACTIVITY
from security.middleware import ROLES as SESSION_ROLES
from tests.security.matrix import (
    ADMIN_LOGIN,
    BAD,
    CONFLICT,
    EDITABLE_IN_ADMIN,
    FORBIDDEN,
    LOGIN,
    MOVED,
    MOVED_POST,
    NOT_ALLOWED,
    NOT_FOUND,
    OK,
    OWN_CACHING,
    REDIRECT,
    ROLE_USER,
    ROLES,
    UNAUTHORIZED,
    UNPROCESSABLE,
    Row,
    answer_class,
    expect,
    fingerprint,
    url_names,
)
from tests.security.world import build_world


# Arguments of each URL for side a ("own": applicant a, unit a, the panel's application …) and side b.
def none(w, s):
    return {}


def app(w, s):
    return {"pk": (w.app_a if s == "a" else w.app_b).pk}


def app_stage(w, s):
    return {**app(w, s), "stage": "material"}


def attachment(w, s):
    return {"pk": w.app_a.pk, "attachment_pk": (w.evidence_a if s == "a" else w.evidence_b).pk}


def notification(w, s):
    return {"pk": (w.notification_a if s == "a" else w.notification_b).pk}


def review(w, s):
    return {"pk": w.review.pk}


def review_stage(w, s):
    return {"pk": w.review.pk, "stage": "material"}


def campaign_stage(w, s):
    return {"campaign_pk": w.review.pk, "stage": "material"}


def publicity(w, s):
    return {"pk": w.publicity.pk}


def sheet(w, s):
    return {"sheet_pk": (w.sheet if s == "a" else w.chair_sheet).pk}


def panel(w, s):
    return {"panel_pk": w.panel.pk, "stage": "material" if s == "a" else "onsite"}


def decision(w, s):
    return {"pk": w.decision.pk}


def notice(w, s):
    return {"pk": (w.notice_a if s == "a" else w.notice_b).pk}


def objection(w, s):
    return {"pk": w.objection.pk}


def honor(w, s):
    return {"pk": (w.honor_c if s == "a" else w.honor_d).pk}


def export(w, s):
    return {"pk": w.review.pk, "kind": "roster"}


def imports(w, s):
    return {"pk": w.review.pk, "kind": "experts"}


def job(w, s):
    return {"job_id": w.job_id if s == "a" else "0" * 32}


def reset(w, s):
    user = User.objects.get(pk=w.applicant_a.pk)
    return {
        "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def token(w, s):
    return {"token": "not-a-token"}


def pioneer_app(w, s):
    """领军先锋 applications (the unit opinion is part of that form only): c is employed by unit a, d by unit b."""
    return {"pk": (w.app_c if s == "a" else w.app_d).pk}


def invitation(w, s):
    return {"pk": (w.invitation_a if s == "a" else w.invitation_b).pk}


def vote(w, s):
    return {"pk": w.vote.pk}


def vote_candidate(w, s):
    return {"pk": w.vote.pk, "app_pk": (w.app_e if s == "a" else w.app_f).pk}


def organization(w, s):
    return {"pk": w.org_a.pk}


def shortlist_panel(w, s):
    return {"panel_pk": w.panel.pk}


def revocation(w, s):
    return {"pk": w.revocation.pk}


def association(w, s):
    return {"pk": w.association.pk}


def consultation(w, s):
    return {"pk": w.consultation.pk}


def honor_c(w, s):
    return {"pk": w.honor_c.pk}


def old_path(prefix: str, name: str, kwargs=none, cut: str = ""):
    """An old address kept as a permanent redirect (config/urls.py, MOVED): `prefix` + the new path of `name`
    with `cut` taken off its start (the old addresses named code modules, the new ones name roles)."""

    def path(w, s):
        new = reverse(name, kwargs=kwargs(w, s))
        return prefix + new.removeprefix(cut)

    return path


def moved_row(path) -> Row:
    """Every role is sent on before any check: GET with 301, POST with 308 (the body kept, the new address
    then decides)."""
    return Row(path, get=expect(MOVED), post=expect(MOVED_POST), sides=False)


TABLE: dict[str, Row] = {
    "set_language": Row(
        none,
        get=expect(REDIRECT),
        post=expect(REDIRECT),
        sides=False,
    ),
    "login": Row(
        none,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "logout": Row(
        none,
        get=expect(NOT_ALLOWED),
        post=expect(REDIRECT),
        sides=False,
    ),
    "password_change": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(OK, anon=LOGIN),
        sides=False,
    ),
    "password_change_done": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(NOT_ALLOWED, anon=LOGIN),
        sides=False,
    ),
    "password_reset": Row(
        none,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "password_reset_done": Row(
        none,
        get=expect(OK),
        post=expect(NOT_ALLOWED),
        sides=False,
    ),
    "password_reset_confirm": Row(
        reset,
        get=expect(REDIRECT),
        post=expect(REDIRECT),
        sides=False,
    ),
    "password_reset_complete": Row(
        none,
        get=expect(OK),
        post=expect(NOT_ALLOWED),
        sides=False,
    ),
    # Two-factor sign-in and account security (security/urls.py). The world's users have no authenticator: the
    # enrolment page makes the pending one (a write on GET); the verify page sends them to enrolment.
    "security:otp_setup": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(BAD, anon=LOGIN),
        sides=False,
        writes=frozenset(r for r in ROLES if r != "anon"),
    ),
    "security:otp_qr": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(NOT_ALLOWED, anon=LOGIN),
        sides=False,
        writes=frozenset(r for r in ROLES if r != "anon"),
    ),
    "security:otp_verify": Row(
        none,
        get=expect(REDIRECT, anon=LOGIN),
        post=expect(REDIRECT, anon=LOGIN),
        sides=False,
    ),
    "security:backup_codes": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(FORBIDDEN, anon=LOGIN),  # new codes only in a verified session
        sides=False,
    ),
    "security:account": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(NOT_ALLOWED, anon=LOGIN),
        sides=False,
    ),
    "security:ping": Row(
        none,
        get=expect("204", anon=LOGIN),
        post=expect(NOT_ALLOWED, anon=LOGIN),
        sides=False,
    ),
    "security:sessions_end": Row(
        none,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(REDIRECT, anon=LOGIN),
        sides=False,
    ),
    "security:otp_disable": Row(
        none,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(FORBIDDEN, anon=LOGIN),  # only in a verified session
        sides=False,
    ),
    "security:office_members": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        sides=False,
    ),
    "security:office_reset": Row(
        lambda w, s: {"pk": w.expert.pk},
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),  # no reason given: refused, back to the list
        sides=False,
    ),
    "awards:home": Row(
        none,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "awards:campaign_list": Row(
        none,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "awards:campaign_detail": Row(
        review,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "awards:register": Row(
        none,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "awards:confirm_email": Row(
        token,
        get=expect(BAD),
        post=expect(BAD),
        sides=False,
    ),
    "awards:my_applications": Row(
        none,
        get=expect(OK, anon=LOGIN),
        post=expect(OK, anon=LOGIN),
        sides=False,
    ),
    "awards:application_start": Row(
        review,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(REDIRECT, anon=LOGIN),
        sides=False,
    ),
    "awards:application_detail": Row(
        app,
        get=expect(NOT_FOUND, anon=LOGIN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
        post=expect(NOT_FOUND, anon=LOGIN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
    ),
    "awards:application_edit": Row(
        app,
        get=expect(NOT_FOUND, anon=LOGIN, applicant=(REDIRECT, NOT_FOUND)),
        post=expect(NOT_FOUND, anon=LOGIN, applicant=(REDIRECT, NOT_FOUND)),
    ),
    "awards:application_autosave": Row(
        app,
        get=expect(NOT_ALLOWED),
        post=expect(NOT_FOUND, anon=UNAUTHORIZED, applicant=(CONFLICT, NOT_FOUND)),
    ),
    "awards:application_review": Row(
        app,
        get=expect(NOT_FOUND, anon=LOGIN, applicant=(OK, NOT_FOUND)),
        post=expect(NOT_FOUND, anon=LOGIN, applicant=(UNPROCESSABLE, NOT_FOUND)),
    ),
    "awards:application_retract": Row(
        app,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(NOT_FOUND, anon=LOGIN, applicant=(REDIRECT, NOT_FOUND)),
    ),
    "awards:notification_read": Row(
        notification,
        writes=frozenset({"applicant:a"}),
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(REDIRECT, anon=LOGIN),
    ),
    "awards:application_pdf": Row(
        app,
        writes=frozenset({"unit:a", "office"}),  # the access log (awards.AccessLog): a look by somebody else
        get=expect(NOT_FOUND, anon=FORBIDDEN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
        post=expect(NOT_FOUND, anon=FORBIDDEN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
    ),
    "awards:application_docx": Row(
        app,
        writes=frozenset({"unit:a", "office"}),  # the access log (awards.AccessLog)
        get=expect(NOT_FOUND, anon=FORBIDDEN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
        post=expect(NOT_FOUND, anon=FORBIDDEN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
    ),
    "awards:application_pdf_full": Row(
        app,
        get=expect(
            NOT_FOUND,
            anon=FORBIDDEN,
            applicant=(FORBIDDEN, NOT_FOUND),
            unit=(FORBIDDEN, NOT_FOUND),
            office=OK,
        ),
        post=expect(
            NOT_FOUND,
            anon=FORBIDDEN,
            applicant=(FORBIDDEN, NOT_FOUND),
            unit=(FORBIDDEN, NOT_FOUND),
            office=OK,
        ),
    ),
    "awards:privacy_notice": Row(none, get=expect(OK), post=expect(NOT_ALLOWED), sides=False),
    "awards:my_privacy": Row(none, get=expect(OK, anon=LOGIN), post=expect(OK, anon=LOGIN), sides=False),
    "awards:my_data": Row(
        lambda w, s: {"fmt": "json"},
        get=expect(OK, anon=LOGIN),
        post=expect(NOT_ALLOWED, anon=LOGIN),
        sides=False,
    ),
    "awards:consent": Row(
        lambda w, s: {"purpose": "sensitive", "action": "give"},
        writes=frozenset({"applicant", "unit", "expert", "chair", "expert_out", "office", "committee"}),
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(REDIRECT, anon=LOGIN),
        sides=False,
    ),
    "awards:data_request": Row(
        lambda w, s: {"kind": "correction"},
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(UNPROCESSABLE, anon=LOGIN),
        sides=False,
    ),
    "awards:access_log": Row(
        none, get=expect(FORBIDDEN, anon=LOGIN), post=expect(FORBIDDEN, anon=LOGIN), sides=False
    ),
    "awards:application_photo": Row(
        app,
        get=expect(NOT_FOUND, anon=FORBIDDEN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
        post=expect(NOT_FOUND, anon=FORBIDDEN, applicant=(OK, NOT_FOUND), unit=(OK, NOT_FOUND), office=OK),
    ),
    "awards:recommender_home": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, unit=OK),
        post=expect(FORBIDDEN, anon=LOGIN, unit=OK),
        sides=False,
    ),
    "awards:recommender_start": Row(
        none,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(FORBIDDEN, anon=LOGIN, unit=NOT_FOUND),
        sides=False,
    ),
    "awards:recommender_confirm": Row(
        app,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(FORBIDDEN, anon=LOGIN, unit=(REDIRECT, NOT_FOUND)),
    ),
    "awards:unit_opinion": Row(
        pioneer_app,
        get=expect(FORBIDDEN, anon=LOGIN, unit=(OK, NOT_FOUND)),
        post=expect(FORBIDDEN, anon=LOGIN, unit=(OK, NOT_FOUND)),
    ),
    "awards:invitation": Row(
        invitation,
        get=expect(NOT_FOUND, anon=LOGIN, applicant=(OK, NOT_FOUND)),
        post=expect(NOT_ALLOWED, anon=LOGIN),
    ),
    "awards:invitation_accept": Row(
        invitation,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(NOT_FOUND, anon=LOGIN, applicant=(REDIRECT, NOT_FOUND)),
        writes=frozenset({"applicant:a"}),
    ),
    "awards:invitation_decline": Row(
        invitation,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(NOT_FOUND, anon=LOGIN, applicant=(REDIRECT, NOT_FOUND)),
        writes=frozenset({"applicant:a"}),
    ),
    "awards:resend_confirmation": Row(
        none,
        get=expect(NOT_ALLOWED),
        post=expect(LOGIN),
        sides=False,
    ),
    "favicon": Row(
        none,
        get=expect(REDIRECT),
        post=expect(REDIRECT),
        sides=False,
    ),
    "scoring:expert_home": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, expert=OK, chair=OK, expert_out=OK),
        post=expect(FORBIDDEN, anon=LOGIN, expert=OK, chair=OK, expert_out=OK),
        sides=False,
    ),
    "scoring:application_read": Row(
        app,
        get=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), chair=(OK, NOT_FOUND)),
        post=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), chair=(OK, NOT_FOUND)),
    ),
    "scoring:attachment": Row(
        attachment,
        get=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), chair=(OK, NOT_FOUND)),
        post=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), chair=(OK, NOT_FOUND)),
    ),
    "scoring:conflict_declare": Row(
        app,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(NOT_FOUND, anon=LOGIN, expert=(REDIRECT, NOT_FOUND), chair=(REDIRECT, NOT_FOUND)),
    ),
    "scoring:sheet": Row(
        app_stage,
        writes=frozenset({"chair:a"}),
        get=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), chair=(OK, NOT_FOUND)),
        post=expect(NOT_FOUND, anon=LOGIN, expert=(BAD, NOT_FOUND), chair=(REDIRECT, NOT_FOUND)),
    ),
    "scoring:sheet_pdf": Row(
        sheet,
        get=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), office=(OK, NOT_FOUND)),
        post=expect(NOT_FOUND, anon=LOGIN, expert=(OK, NOT_FOUND), office=(OK, NOT_FOUND)),
    ),
    "scoring:sheet_reopen": Row(
        sheet,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
    ),
    "scoring:panel_results": Row(
        panel,
        get=expect(NOT_FOUND, anon=LOGIN, chair=OK, office=OK),
        post=expect(NOT_FOUND, anon=LOGIN, chair=OK, office=OK),
    ),
    "scoring:panel_opinion": Row(
        panel,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(NOT_FOUND, anon=LOGIN, chair=REDIRECT, office=REDIRECT),
    ),
    "scoring:panel_analytics": Row(
        panel,
        get=expect(NOT_FOUND, anon=LOGIN, chair=OK, office=OK),
        post=expect(NOT_FOUND, anon=LOGIN, chair=OK, office=OK),
    ),
    "scoring:panel_matrix": Row(
        panel,
        get=expect(NOT_FOUND, anon=LOGIN, chair=(NOT_FOUND, OK), office=OK),
        post=expect(NOT_FOUND, anon=LOGIN, chair=(NOT_FOUND, OK), office=OK),
    ),
    "scoring:panel_shortlist_confirm": Row(
        shortlist_panel,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(NOT_FOUND, anon=LOGIN, chair=REDIRECT, office=REDIRECT),
        sides=False,
    ),
    "scoring:panel_results_compute": Row(
        campaign_stage,
        get=expect(NOT_ALLOWED, anon=LOGIN),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:office_home": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:campaign_create": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:associations": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:association": Row(
        association,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:association_invite": Row(
        association,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:association_member": Row(
        association,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    # the office acts on the persons' requests (decisions 295–299); an empty POST chooses no action (422)
    "workflow:office_data_requests": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        sides=False,
    ),
    "workflow:office_data_request": Row(
        lambda w, s: {"pk": w.data_request.pk},
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=UNPROCESSABLE),
        sides=False,
    ),
    "workflow:campaign_dashboard": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:campaign_edit": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:campaign_phase": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:campaign_clock": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),  # a live campaign: refused, nothing changes
        sides=False,
    ),
    "workflow:office_attachment": Row(
        attachment,
        get=expect(FORBIDDEN, anon=LOGIN, office=(OK, NOT_FOUND)),
        post=expect(FORBIDDEN, anon=LOGIN, office=(OK, NOT_FOUND)),
    ),
    "workflow:employer_confirm": Row(
        organization,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:eligibility_queue": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:eligibility_bulk": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:office_application": Row(
        app,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
    ),
    "workflow:eligibility_review": Row(
        app,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
    ),
    "workflow:panels": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:panel_create": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:panel_expert_invite": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:panel_member_add": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:panel_chair": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:panel_member_remove": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:assignments_auto": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:assignment_override": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:conflict_record": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:stage": Row(
        review_stage,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:stage_remind": Row(
        review_stage,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
        writes=frozenset({"office"}),  # the experts' reminders (notices.models.Notification)
    ),
    "workflow:stage_compute": Row(
        review_stage,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:stage_shortlist": Row(
        review_stage,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),  # the confirmation page (issue 23.1)
        sides=False,
    ),
    "workflow:stage_schedule_save": Row(
        review_stage,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:stage_schedule_send": Row(
        review_stage,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),  # the confirmation page (issue 23.1)
        sides=False,
    ),
    "workflow:ranking": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:ranking_compute": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
        writes=frozenset({"office"}),  # the ranking (scoring.models.Ranking)
    ),
    "workflow:ranking_apply": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:office_decisions": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:decision_open": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:decision_close": Row(
        decision,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),  # the confirmation page (issue 23.1)
        sides=False,
    ),
    "workflow:publicity": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:publicity_close": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),  # the confirmation page (issue 23.1)
        sides=False,
    ),
    "workflow:publicity_notice_pdf": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:publicity_notice_docx": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:unit_notice_pdf": Row(
        notice,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
    ),
    "workflow:unit_notice_record": Row(
        notice,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
    ),
    "workflow:objection": Row(
        objection,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        sides=False,
    ),
    "workflow:objection_contact": Row(
        objection,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),  # no purpose: back to the page, nothing logged
        sides=False,
    ),
    "workflow:objection_investigate": Row(
        objection,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:objection_decide": Row(
        objection,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:objection_evidence": Row(
        objection,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:honors": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:certificate_pdf": Row(
        honor,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
    ),
    "workflow:revocation_new": Row(
        honor,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
    ),
    "workflow:honors_list_docx": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:honor_may_day_check": Row(
        honor_c,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:revocation_consent": Row(
        revocation,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:revocation_next_committee": Row(
        revocation,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:award_document": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:award_document_file": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:consultations": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:consultation_reply": Row(
        consultation,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:consultation_reply_file": Row(
        consultation,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:credit_records_csv": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:credit_records_submit": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:exports": Row(
        review,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "workflow:export_start": Row(
        export,
        writes=frozenset({"office"}),  # the export job's record (workflow.models.ExportJob)
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:import_upload": Row(
        imports,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:job": Row(
        job,
        get=expect(FORBIDDEN, anon=LOGIN, office=(OK, NOT_FOUND)),
        post=expect(FORBIDDEN, anon=LOGIN, office=(OK, NOT_FOUND)),
    ),
    "workflow:job_download": Row(
        job,
        get=expect(FORBIDDEN, anon=LOGIN, office=(OK, NOT_FOUND)),
        post=expect(FORBIDDEN, anon=LOGIN, office=(OK, NOT_FOUND)),
    ),
    "workflow:committee_home": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, committee=OK),
        post=expect(FORBIDDEN, anon=LOGIN, committee=OK),
        sides=False,
    ),
    "workflow:decision": Row(
        decision,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK, committee=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK, committee=OK),
        sides=False,
    ),
    "workflow:decision_vote": Row(
        decision,
        get=expect(FORBIDDEN, anon=LOGIN, committee=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, committee=REDIRECT),
        sides=False,
    ),
    # 组委会议事规则 (issue 22 item 5): a member or the office puts the committee's quorum/majority to its vote
    "workflow:standing_rules": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK, committee=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK, committee=OK),
        sides=False,
    ),
    "workflow:standing_rules_propose": Row(
        publicity,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED, committee=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT, committee=REDIRECT),
        sides=False,
    ),
    "workflow:call": Row(
        review,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "workflow:public_publicity": Row(
        publicity,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "workflow:public_objection": Row(
        publicity,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "workflow:public_results": Row(
        publicity,
        get=expect(NOT_FOUND),
        post=expect(NOT_FOUND),
        sides=False,
    ),
    "workflow:objection_received": Row(
        publicity,
        get=expect(REDIRECT),
        post=expect(REDIRECT),
        sides=False,
    ),
    # 证书核验 (docs/decisions.md 220–222): public, GET only; the honors of the world's 公示 campaign are not
    # published yet, so their codes find nothing for anyone (404), whoever asks.
    "verify:form": Row(
        none,
        get=expect(OK),
        post=expect(NOT_ALLOWED),
        sides=False,
    ),
    "verify:certificate": Row(
        lambda w, s: {"code": w.honor_c.verify_code},
        get=expect(NOT_FOUND),
        post=expect(NOT_ALLOWED),
        sides=False,
    ),
    # 公众评价 (第十九条): the public pages need no login; a ballot needs a verified code first.
    "public_input:index": Row(
        none,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "public_input:candidates": Row(
        vote,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "public_input:candidate": Row(
        vote_candidate,
        get=expect(OK),
        post=expect(OK),
    ),
    "public_input:verify": Row(
        vote,
        get=expect(OK),
        post=expect(BAD),
        sides=False,
    ),
    "public_input:ballot": Row(
        vote,
        get=expect(REDIRECT),
        post=expect(REDIRECT),
        sides=False,
    ),
    "public_input:done": Row(
        vote,
        get=expect(REDIRECT),
        post=expect(REDIRECT),
        sides=False,
    ),
    "public_input:rules": Row(
        vote,
        get=expect(OK),
        post=expect(OK),
        sides=False,
    ),
    "public_input:unit": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, unit=OK),
        post=expect(FORBIDDEN, anon=LOGIN, unit=OK),
        sides=False,
    ),
    "public_input:office": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        sides=False,
    ),
    "public_input:office_ballots": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=OK),
        post=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        sides=False,
    ),
    "public_input:office_void": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "public_input:office_restore": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "public_input:office_approve": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "public_input:office_reject": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "public_input:office_enter": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=OK),
        sides=False,
    ),
    "public_input:office_import": Row(
        vote,
        get=expect(FORBIDDEN, anon=LOGIN, office=NOT_ALLOWED),
        post=expect(FORBIDDEN, anon=LOGIN, office=REDIRECT),
        sides=False,
    ),
    "workflow:unit_notices": Row(
        none,
        get=expect(FORBIDDEN, anon=LOGIN, unit=OK),
        post=expect(FORBIDDEN, anon=LOGIN, unit=NOT_FOUND),
        sides=False,
    ),
    "workflow:unit_notice_pdf_for_unit": Row(
        notice,
        get=expect(FORBIDDEN, anon=LOGIN, unit=(OK, NOT_FOUND)),
        post=expect(FORBIDDEN, anon=LOGIN, unit=(OK, NOT_FOUND)),
    ),
}


#: The old addresses (config/urls.py, MOVED), keyed as `url_names()` lists unnamed patterns.
TABLE.update(
    {
        "<unnamed ^workflow/office/(?P<rest>.*)$>": moved_row(old_path("/workflow", "workflow:office_home")),
        "<unnamed ^workflow/committee/(?P<rest>.*)$>": moved_row(
            old_path("/workflow", "workflow:committee_home")
        ),
        "<unnamed ^workflow/unit/(?P<rest>.*)$>": moved_row(old_path("/workflow", "workflow:unit_notices")),
        "<unnamed ^workflow/calls/(?P<pk>[0-9]+)/$>": moved_row(
            lambda w, s: f"/workflow/calls/{w.review.pk}/"
        ),
        "<unnamed ^workflow/public/campaigns/(?P<rest>.*)$>": moved_row(
            old_path("/workflow/public", "workflow:public_publicity", publicity)
        ),
        "<unnamed ^scoring/expert/(?P<rest>.*)$>": moved_row(old_path("/scoring", "scoring:expert_home")),
        "<unnamed ^scoring/sheets/(?P<pk>[0-9]+)/pdf/$>": moved_row(
            old_path("/scoring", "scoring:sheet_pdf", sheet, cut="/expert")
        ),
        "<unnamed ^scoring/sheets/(?P<pk>[0-9]+)/reopen/$>": moved_row(
            old_path("/scoring", "scoring:sheet_reopen", sheet, cut="/office")
        ),
        "<unnamed ^scoring/panels/(?P<rest>.*)$>": moved_row(
            old_path("/scoring", "scoring:panel_results", panel, cut="/expert")
        ),
        "<unnamed ^scoring/campaigns/(?P<rest>.*)$>": moved_row(
            old_path("/scoring", "scoring:panel_results_compute", campaign_stage, cut="/office")
        ),
        "<unnamed ^recommender/(?P<rest>.*)$>": moved_row(
            old_path("/recommender", "awards:recommender_home", cut="/unit")
        ),
        "<unnamed ^applications/(?P<rest>[0-9]+/(?:(?:edit|autosave|review|retract)/)?)$>": moved_row(
            old_path("", "awards:application_edit", app, cut="/me")
        ),
        "<unnamed ^notifications/(?P<rest>[0-9]+/read/)$>": moved_row(
            old_path("", "awards:notification_read", notification, cut="/me")
        ),
    }
)


# ---- the admin: generated from the admin site's registry ------------------------------------------------------
#: The admin refuses every account without `is_staff` by the same check, before any model is looked at: three of
#: them (anonymous, the least and the most trusted non-staff role) stand for all, to keep the module fast.
ADMIN_REFUSED_ROLES = ("anon", "applicant", "committee")
#: Apps whose reference data the office keeps in the admin (demo/world.py grants view/add/change there).
OFFICE_ADMIN_APPS = {"notices", "awards", "scoring", "workflow"}


def _admin_path(route: str, world) -> str:
    """A concrete path for an admin route: the first object of the route's model, or of the application."""
    path = route.replace(
        "^(?P<app_label>auth|axes|django_tasks_database|awards|scoring|workflow|notices)/$", "awards/"
    )
    parts = path.split("/")
    if "<path:object_id>" in parts and len(parts) > 3 and parts[1] != "r":
        model = apps.get_model(parts[1], parts[2])
        first = model._base_manager.order_by("pk").values_list("pk", flat=True).first()
        path = path.replace("<path:object_id>", str(first or 0))
    path = path.replace("<id>", str(world.applicant_a.pk))
    path = path.replace("<path:content_type_id>", str(ContentType.objects.get_for_model(Application).pk))
    path = path.replace("<path:object_id>", str(world.app_a.pk))
    return "/" + path


def admin_rows(names: dict[str, str]) -> dict[str, Row]:
    """One row per admin URL. Non-staff accounts are sent to the admin's login page (its login page itself
    answers, logging out redirects). The office: a model's list is open for the apps it keeps and closed
    (403) for accounts, lockouts and tasks; nothing can be deleted (no delete permission). The office's
    add/change pages offer a form only for the registrations of `EDITABLE_IN_ADMIN` (`_office_admin_form`)."""
    rows = {}
    for name, route in names.items():
        if not name.startswith("admin:"):
            continue
        refused = {role: ADMIN_LOGIN for role in ADMIN_REFUSED_ROLES}
        roles = ADMIN_REFUSED_ROLES
        get, post = dict(refused), dict(refused)
        if name == "admin:login":
            get = post = expect(OK)
        elif name == "admin:logout":
            get = post = expect(REDIRECT)
        app_label = route.split("/")[1] if route.count("/") >= 3 else ""
        if name.endswith("_changelist") or name == "admin:index":
            roles = (*ADMIN_REFUSED_ROLES, "office")
            get["office"] = OK if name == "admin:index" or app_label in OFFICE_ADMIN_APPS else FORBIDDEN
            post["office"] = get["office"]
        elif name.endswith("_delete"):
            roles = (*ADMIN_REFUSED_ROLES, "office")
            get["office"] = post["office"] = FORBIDDEN
        elif name.endswith(("_add", "_change")) and route.count("/") >= 3:
            roles = (*ADMIN_REFUSED_ROLES, "office")
            get["office"], post["office"] = _office_admin_form(route, app_label, name.endswith("_add"))
        rows[name] = Row(route, get=get, post=post, sides=False, roles=roles)
    return rows


def _office_admin_form(route: str, app_label: str, add: bool) -> tuple:
    """The office's answer on an admin add or change page (issue 21): only the registrations of
    `EDITABLE_IN_ADMIN` offer a form; every other model of the office's apps is view-only (its add page 403, its
    change page readable and a POST 403); other apps 403. A change page of a model without rows redirects to
    the index. An empty POST to an editable form is answered with the form's errors."""
    if app_label not in OFFICE_ADMIN_APPS:
        return FORBIDDEN, FORBIDDEN
    model = apps.get_model(app_label, route.split("/")[2])
    editable = model._meta.label in EDITABLE_IN_ADMIN
    if add:
        return (OK, OK) if editable else (FORBIDDEN, FORBIDDEN)

    def answer(post: bool):
        def ask():
            if not model._base_manager.exists():
                return REDIRECT
            return FORBIDDEN if post and not editable else OK

        return ask

    return answer(False), answer(True)


@functools.cache
def all_rows() -> dict[str, Row]:
    """The table and the admin's rows, made once per process (each test reads its row from it)."""
    return {**admin_rows(url_names()), **TABLE}


# ---- the tests ---------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("matrix-media")
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=fast):
        with transaction.atomic():
            w = build_world()
            w.media = media
            w.sessions = _signed_in_sessions(w)
            # On SQLite, fingerprint()'s write counter (temporary triggers on every watched table) is made here,
            # in the module's transaction, so that each test's rollback keeps it: made in a test, it went with
            # the test's transaction and was made again, 333 statements, by each of the 650 rows.
            fingerprint()
            yield w
            transaction.set_rollback(True)


def _signed_in_sessions(world) -> dict[str, SimpleCookie]:
    """Each role signed in once for the module, through the test client's sign-in (`force_login`: the session,
    the security event, the tracked session, the roles and second-factor state it keeps): role → its cookies.
    The sessions live in the module's transaction, so the rollback that ends each test (and each savepoint of
    `_ask`) restores them to their signed-in state: every row meets each role just signed in, as a sign-in per
    row did at a tenth of the cost (a sign-in writes a chained security event, a tracked session and reads the
    devices and roles)."""
    sessions = {}
    for role, attribute in ROLE_USER.items():
        if attribute:
            client = Client()
            client.force_login(User.objects.get(pk=getattr(world, attribute).pk))
            sessions[role] = client.cookies
    return sessions


@pytest.fixture(autouse=True)
def _media_root(request, settings):
    """The world's files stay where the module's world put them (tests without the database need no world:
    pytest-django runs them last, after transactional tests emptied the database)."""
    if "world" in request.fixturenames:
        settings.MEDIA_ROOT = request.getfixturevalue("world").media


def test_every_url_pattern_has_a_row():
    patterns = set(url_names())
    rows = set(all_rows())
    assert sorted(patterns - rows) == [], "URL patterns without a row in the security matrix"
    assert sorted(rows - patterns) == [], "rows for URL patterns that no longer exist"


def _url(name: str, row: Row, world, side: str) -> str:
    if isinstance(row.kwargs, str):
        return _admin_path(row.kwargs, world)
    value = row.kwargs(world, side)
    return value if isinstance(value, str) else reverse(name, kwargs=value)


@pytest.fixture(autouse=True)
def _logins_write_nothing():
    """A login stamps `last_login`; here it must not count as a write of the request that follows it."""
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    yield
    user_logged_in.connect(update_last_login, dispatch_uid="update_last_login")


def _sign_in_as(client, world, role: str) -> None:
    """The client as `role` (anonymous: no cookies, as `client.logout()` leaves them), in the role's session
    signed in for the module (`_signed_in_sessions`), its activity and roles stamped now as a sign-in stamps them
    (security/signals.py), so that a long run never meets the idle limit or a roles re-read a fresh sign-in
    would not. The previous role's session is left, not signed out: signing out writes a security event and
    ends the tracked session, no part of what the matrix checks (the sign-out has its own row)."""
    client.cookies = SimpleCookie()
    if not ROLE_USER[role]:
        return
    for name, morsel in world.sessions[role].items():
        client.cookies[name] = morsel.value
    session = client.session
    if SESSION_ROLES not in session:  # not restored (sessions kept outside the database, e.g. with REDIS_URL)
        client.cookies = SimpleCookie()
        client.force_login(User.objects.get(pk=getattr(world, ROLE_USER[role]).pk))
        return
    now = time.time()
    session[LAST_ACTIVITY] = now
    session[SESSION_ROLES] = [session[SESSION_ROLES][0], now, session[SESSION_ROLES][2]]
    session.save()


def _ask(client, world, name: str, row: Row, *, isolate: bool) -> list[str]:
    """Every role, side and method of one row. With `isolate`, each (role, side) runs in its own savepoint
    and is fingerprinted on its own (rows that allow some writes); otherwise the caller fingerprints the row."""
    wrong = []
    for role in row.roles:
        _sign_in_as(client, world, role)
        for side in ("a", "b") if row.sides else ("a",):
            url = _url(name, row, world, side)
            if isolate:
                before = fingerprint()
                savepoint = transaction.savepoint_create()
            for method in ("get", "post"):
                response = getattr(client, method)(url, {})
                got = answer_class(response)
                expected = row.expected(method, role, side)
                if got != expected:
                    wrong.append(f"{method.upper()} {url} as {role} ({side}): expected {expected}, got {got}")
                if (
                    ROLE_USER[role]
                    and name not in OWN_CACHING
                    and "no-store" not in response.get("Cache-Control", "")
                ):
                    wrong.append(
                        f"{method.upper()} {url} as {role} ({side}) may be stored: Cache-Control "
                        f"{response.get('Cache-Control')!r}"
                    )
            if isolate:
                changed = fingerprint() != before
                transaction.savepoint_rollback(savepoint)
                if changed and not row.may_write(role, side):
                    wrong.append(f"GET/POST {url} as {role} ({side}) changed the database")
    return wrong


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(all_rows()))
def test_every_role_gets_the_expected_answer_and_refused_posts_change_nothing(name, world, client):
    row = all_rows()[name]
    if row.writes:
        wrong = _ask(client, world, name, row, isolate=True)
    else:
        # No role may write here: one fingerprint around the whole row, and only when it moved, once more
        # request by request to name the culprit.
        before = fingerprint()
        savepoint = transaction.savepoint_create()
        wrong = _ask(client, world, name, row, isolate=False)
        changed = fingerprint() != before
        transaction.savepoint_rollback(savepoint)
        if changed:
            wrong += _ask(client, world, name, row, isolate=True) or [
                f"a request to {name} changed the database"
            ]
    assert not wrong, "\n".join(wrong)


#: Every page and document of one application that its recommending or employing unit may open.
UNIT_APPLICATION_PAGES = (
    ("get", "awards:application_detail", app),
    ("get", "awards:application_pdf", app),
    ("get", "awards:application_docx", app),
    ("get", "awards:application_photo", app),
    ("post", "awards:recommender_confirm", app),
    ("get", "awards:unit_opinion", pioneer_app),
    ("post", "awards:unit_opinion", pioneer_app),
)


@pytest.mark.django_db
def test_a_unit_that_stopped_being_the_recommender_gets_404_on_the_applications_pages(world, client):
    """Issue 10 defect 1: unit a recommends application a and employs candidate c. Once the applicant names
    another recommender and employer, unit a gets 404 on every page and document of these applications, as if
    they never existed, and its queue no longer lists them."""
    client.force_login(User.objects.get(pk=world.unit_a.pk))
    before = {
        name: getattr(client, method)(reverse(name, kwargs=args(world, "a"))).status_code
        for method, name, args in UNIT_APPLICATION_PAGES
    }
    assert 404 not in before.values(), before
    for application in (world.app_a, world.app_c):
        Application.objects.filter(pk=application.pk).update(recommender=world.org_b, employer=world.org_b)
    after = {
        f"{method.upper()} {name}": getattr(client, method)(
            reverse(name, kwargs=args(world, "a"))
        ).status_code
        for method, name, args in UNIT_APPLICATION_PAGES
    }
    assert set(after.values()) == {404}, after
    queue = client.get(reverse("awards:recommender_home")).content.decode()
    assert world.app_a.name not in queue and world.app_c.name not in queue


@pytest.mark.django_db
def test_the_unit_opinion_page_is_404_for_a_craftsman_application(world, client):
    """The 智慧工匠 form has no 所在单位推荐意见: its unit gets 404 there, while the application itself opens."""
    client.force_login(User.objects.get(pk=world.unit_a.pk))
    assert client.get(reverse("awards:application_detail", kwargs=app(world, "a"))).status_code == 200
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("awards:unit_opinion", kwargs=app(world, "a")))
        assert response.status_code == 404


@pytest.mark.django_db
def test_the_fingerprint_sees_any_write(world):
    """The "changes nothing" check above is only as good as the fingerprint: an edited field shows."""
    before = fingerprint()
    Application.objects.filter(pk=world.app_b.pk).update(position="改过的职务")
    assert fingerprint() != before


#: The only URLs that take a POST without a form token, each with the reason (docs/decisions.md).
CSRF_EXEMPT = {
    "set_language": "decisions 186: the language of the pages is no action another site could abuse; a page "
    "without a token is the same for every visitor (nginx's micro-cache)",
}


def test_no_view_is_exempt_from_the_csrf_check_without_a_stated_reason():
    from django.urls import get_resolver

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                ns = f"{p.namespace}:" if p.namespace else ""
                yield from walk(p.url_patterns, prefix + ns)
            elif getattr(p.callback, "csrf_exempt", False):
                yield prefix + (p.name or str(p.pattern))

    exempt = {name for name in walk(get_resolver().url_patterns) if not name.startswith("admin:")}
    assert exempt == set(CSRF_EXEMPT)


@pytest.mark.django_db
def test_the_language_switch_without_a_token_changes_only_the_language(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(pk=world.office.pk))
    before = fingerprint()
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"
    assert fingerprint() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["office", "applicant", "unit", "chair", "committee"])
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(role, world):
    """The test client above skips CSRF checks; a browser does not. With the checks on, a POST without the
    token is refused by the CSRF check (403) on every URL of the project, whoever is logged in, and nothing changes."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(pk=getattr(world, ROLE_USER[role]).pk))
    before = fingerprint()
    accepted = []
    for name, row in all_rows().items():
        if name in CSRF_EXEMPT:
            continue
        for side in ("a", "b") if row.sides else ("a",):
            url = _url(name, row, world, side)
            response = client.post(url, {})
            if response.status_code != 403 or b"CSRF" not in response.content:
                accepted.append(f"POST {url}: {response.status_code}")
    assert not accepted, "\n".join(accepted)
    assert fingerprint() == before


# ---- refused POSTs with a well-formed body (issue 21) -----------------------------------------------------------
#: Answer classes that refuse a role. A role is refused on a row's object when both its GET and its POST are
#: refused (an allowed role may get 404 or 405 for a bad body or method): a well-formed body must then get the
#: same answer as an empty one, and change nothing.
REFUSALS = {LOGIN, ADMIN_LOGIN, FORBIDDEN, NOT_FOUND, UNAUTHORIZED}


def _forms_of(html: str, page_url: str) -> dict[str, dict]:
    """The POST forms of a page: action path → the body its submit button sends, as a browser would send it
    (hidden, text, selected and checked values; the first named submit button)."""
    from urllib.parse import urljoin, urlsplit

    import lxml.html

    try:
        document = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return {}
    found = {}
    for form in document.forms:
        if (form.method or "get").lower() != "post":
            continue
        path = urlsplit(urljoin(page_url, form.get("action") or page_url)).path
        body: dict[str, list[str]] = {}
        for key, value in form.form_values():
            body.setdefault(key, []).append(value)
        for select in form.xpath(".//select[@name]"):  # a select without a chosen option sends its first one
            options = select.xpath(".//option/@value")
            if select.get("name") not in body and options:
                body[select.get("name")] = [next((o for o in options if o), options[0])]
        buttons = form.xpath(".//button[@name] | .//input[@type='submit'][@name]")
        if buttons:
            body.setdefault(buttons[0].get("name"), [buttons[0].get("value") or "1"])
        found.setdefault(path, body)
    return found


def _harvest(client, world) -> dict[str, dict]:
    """Every POST form of every page the matrix lets a role read (each page once, as the office where it may,
    else as the first role that may): path → a well-formed body. Each page is read in its own savepoint, in the
    module's world and a just-signed-in session, as the matrix reads it."""
    bodies: dict[str, dict] = {}
    for name, row in sorted(all_rows().items()):
        readers = [
            r for r in sorted(row.roles, key=lambda r: r != "office") if row.expected("get", r, "a") == OK
        ]
        if not readers:
            continue
        savepoint = transaction.savepoint_create()
        _sign_in_as(client, world, readers[0])
        url = _url(name, row, world, "a")
        response = client.get(url)
        transaction.savepoint_rollback(savepoint)
        if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
            for path, body in _forms_of(response.content.decode(), url).items():
                bodies.setdefault(path, body)
    return bodies


def _admin_body(route: str) -> dict:
    """An admin form's well-formed body: every field of the route's model, filled from its first row (a change
    page) or left at the defaults (an add page), as an editable admin would take it."""
    from tests.security.admin_forms import model_form_data

    model = apps.get_model(route.split("/")[1], route.split("/")[2])
    obj = model._base_manager.order_by("pk").first() if route.endswith("/change/") else None
    return model_form_data(model, obj)


@pytest.mark.django_db
def test_refused_posts_with_a_well_formed_body_change_nothing(world, client):
    """Issue 21: the matrix's POSTs above send empty bodies. Here every form the pages offer is sent filled in
    as its page fills it — by every role the row refuses (login, 401, 403, 404), for its own and another's
    object; every admin add and change page gets its model's fields filled in, by every role it refuses (the
    office on a view-only model included): the answer is the row's, and nothing in the database changes."""
    bodies = _harvest(client, world)
    assert len(bodies) >= 60, f"only {len(bodies)} forms found: the harvest no longer reads the pages"
    wrong, posted = [], 0
    for name, row in sorted(all_rows().items()):
        for role in row.roles:
            posts = []
            for side in ("a", "b") if row.sides else ("a",):
                expected = row.expected("post", role, side)
                admin_form = isinstance(row.kwargs, str) and row.kwargs.endswith(("/add/", "/change/"))
                # the admin refuses a POST by its permissions, whoever may read the page
                readable = row.expected("get", role, side) not in REFUSALS and not admin_form
                if expected not in REFUSALS or readable or row.may_write(role, side):
                    continue
                url = _url(name, row, world, side)
                body = _admin_body(row.kwargs) if admin_form else bodies.get(url.split("?")[0])
                if body is not None:
                    posts.append((side, expected, url, body))
            if not posts:
                continue
            # signed in afresh for each row and role that has a POST to send (only those: a sign-in is the
            # most expensive step here, and most rows refuse a role nothing the pages offer)
            _sign_in_as(client, world, role)
            for side, expected, url, body in posts:
                before = fingerprint()
                savepoint = transaction.savepoint_create()
                got = answer_class(client.post(url, body))
                changed = fingerprint() != before
                transaction.savepoint_rollback(savepoint)
                posted += 1
                if got != expected:
                    wrong.append(f"POST {url} (filled) as {role} ({side}): expected {expected}, got {got}")
                if changed:
                    wrong.append(f"POST {url} (filled) as {role} ({side}) changed the database")
    print(f"{len(bodies)} page forms; {posted} filled POSTs")  # noqa: T201 (shown with -s)
    assert posted >= 200, f"only {posted} filled POSTs were sent"
    assert not wrong, "\n".join(wrong)
