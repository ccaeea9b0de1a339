from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import redirect
from django.templatetags.static import static as static_url
from django.urls import include, path, re_path
from django.views.decorators.cache import cache_control
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import RedirectView
from django.views.i18n import set_language

from awards.views.accounts import LoginView, PasswordResetView
from security import views as security_views


@cache_control(max_age=86400, public=True)
def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says; send them to the site's icon."""
    return redirect(static_url("favicon.svg"))


class Moved(RedirectView):
    """An address that moved for good (docs/decisions.md, "Addresses name roles"): 301 to the new address with the
    query string kept; other methods than GET and HEAD get 308, so a form posted from a page opened before the
    move still arrives as a POST with its data."""

    permanent = True
    query_string = True

    def _preserving(self, request, *args, **kwargs):
        url = self.get_redirect_url(*args, **kwargs)
        return HttpResponsePermanentRedirect(url, preserve_request=True)

    post = put = patch = delete = _preserving


def moved(old: str, new: str):
    """`old` is a regular expression of the old address; `new` the new one, with %(name)s for its groups."""
    return re_path(old, Moved.as_view(url=new))


# Every page lives under the role that uses it — /office/, /expert/, /committee/, /unit/ (recommending units),
# /me/ (applicants) — and public pages under /campaigns/<id>/. The URL names did not change; only these old
# addresses, which named code modules, now redirect.
MOVED = [
    moved(r"^workflow/office/(?P<rest>.*)$", "/office/%(rest)s"),
    moved(r"^workflow/committee/(?P<rest>.*)$", "/committee/%(rest)s"),
    moved(r"^workflow/unit/(?P<rest>.*)$", "/unit/%(rest)s"),
    moved(r"^workflow/calls/(?P<pk>[0-9]+)/$", "/campaigns/%(pk)s/call/"),
    moved(r"^workflow/public/campaigns/(?P<rest>.*)$", "/campaigns/%(rest)s"),
    moved(r"^scoring/expert/(?P<rest>.*)$", "/expert/%(rest)s"),
    moved(r"^scoring/sheets/(?P<pk>[0-9]+)/pdf/$", "/expert/sheets/%(pk)s/pdf/"),
    moved(r"^scoring/sheets/(?P<pk>[0-9]+)/reopen/$", "/office/sheets/%(pk)s/reopen/"),
    moved(r"^scoring/panels/(?P<rest>.*)$", "/expert/panels/%(rest)s"),
    moved(r"^scoring/campaigns/(?P<rest>.*)$", "/office/campaigns/%(rest)s"),
    moved(r"^recommender/(?P<rest>.*)$", "/unit/%(rest)s"),
    moved(
        r"^applications/(?P<rest>[0-9]+/(?:(?:edit|autosave|review|retract)/)?)$", "/me/applications/%(rest)s"
    ),
    moved(r"^notifications/(?P<rest>[0-9]+/read/)$", "/me/notifications/%(rest)s"),
]

urlpatterns = [
    path("favicon.ico", favicon, name="favicon"),
    path("admin/", admin.site.urls),
    # The language switch posts without a form token (decisions 186): choosing the language of the pages is no
    # action another site could abuse, and a page with no token is the same for every visitor, so nginx's
    # micro-cache may keep it (deploy/nginx/microcache.conf).
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # Login tells an unconfirmed account to confirm its email; the reset mail is readable text (awards.forms).
    path("accounts/login/", LoginView.as_view(), name="login"),
    path(
        "accounts/password_reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    # 修改密码 in the site's layout, recorded in the security log (Django's own view would show the admin's look).
    path("accounts/password_change/", security_views.PasswordChangeView.as_view(), name="password_change"),
    path("", include("security.urls")),  # before Django's accounts/: the /accounts/2fa/ pages
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("awards.urls")),
    path("", include("scoring.urls")),
    path("", include("scoring.urls_public")),
    path("", include("workflow.urls")),
    path("", include("workflow.urls_verify")),
    *MOVED,
]

# No `static(MEDIA_URL, …)`, not even with DEBUG=1: uploaded files hold personal data and go out only through the
# permission-checked download views (config/downloads.py; issue 21, tests/security/test_media.py).
