"""The public verification of a certificate (docs/decisions.md 220–222): what anyone holding the certificate's
code may learn — the name, the honor, the campaign year, the certificate number and date, and whether it still
stands (第二十八条: an employer or the press checks that the title is used by its holder, for the year shown).
Nothing else personal: no unit, ID number, address or phone."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from workflow import permissions
from workflow.models import Honor, Revocation
from workflow.verify_codes import is_well_formed, normalise_code


@dataclass(frozen=True)
class Verification:
    honor: Honor
    #: "valid", "revoked" (撤销, 第三十条) or "cancelled" (取消, 第二十九条)
    status: str
    #: when the certificate was recalled (revoked/cancelled), else None
    since: object = None
    article: str = ""

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


STATUS_LABELS = {
    "valid": _("有效"),
    "revoked": _("已撤销"),
    "cancelled": _("已取消"),
}
ARTICLES = {Revocation.Kind.REVOKE: "第三十条", Revocation.Kind.CANCEL: "第二十九条"}


def honor_for_code(text: str) -> Honor | None:
    """The honor whose certificate carries this code (any case, spaces and hyphens ignored), or None — also
    while the campaign's results are not published yet (第二十三条: the list is public only from 表彰 on)."""
    code = normalise_code(text)
    if not is_well_formed(code):
        return None
    honor = Honor.objects.select_related("application__campaign__award_type").filter(verify_code=code).first()
    if honor is None or not permissions.results_are_public(honor.application.campaign):
        return None
    return honor


def verification_of(honor: Honor) -> Verification:
    """Read fresh from the database on every request (no cache): a revocation shows at once."""
    if honor.certificate_recalled_at is None:
        return Verification(honor, "valid")
    revocation = (
        honor.revocations.filter(status=Revocation.Status.APPROVED).order_by("-executed_at", "-pk").first()
    )
    kind = revocation.kind if revocation else Revocation.Kind.REVOKE
    since = (revocation.executed_at if revocation and revocation.executed_at else None) or (
        honor.certificate_recalled_at
    )
    status = "cancelled" if kind == Revocation.Kind.CANCEL else "revoked"
    return Verification(honor, status, since, ARTICLES[kind])
