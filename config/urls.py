from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpResponsePermanentRedirect
from django.urls import include, path, re_path
from django.views.generic import RedirectView


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
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("awards.urls")),
    path("", include("scoring.urls")),
    path("", include("workflow.urls")),
    *MOVED,
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
