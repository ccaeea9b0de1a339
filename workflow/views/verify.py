"""Public verification of a certificate (docs/decisions.md 220–222): anyone with the certificate's code — an
employer, the press — checks that the honor exists and still stands (第二十八条). No login, never cached (a
revocation shows at once), a per-client limit on lookups."""

from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from config.client_ip import client_key
from config.ratelimit import count_in_window
from workflow.selectors.verification import honor_for_code, verification_of
from workflow.verify_codes import ALPHABET, LENGTH, grouped, is_well_formed, normalise_code

TEMPLATE = "workflow/public/verify.html"


def _format_help() -> str:
    return _("核验码共 %(n)d 位，由数字 2–9 和字母组成（不含 0、O、1、I、L、U），印在证书二维码下方。") % {
        "n": LENGTH
    }


def _context(**extra) -> dict:
    return {"format_help": _format_help(), "alphabet": ALPHABET, "length": LENGTH, **extra}


@never_cache
@require_GET
def verify_form(request):
    """证书核验: a form with one field; a well-formed code goes to its result page."""
    typed = request.GET.get("code")
    error = ""
    if typed is not None:
        code = normalise_code(typed)
        if not code:
            error = _("请输入证书上的核验码。")
        elif not is_well_formed(code):
            error = _("“%(code)s”不是有效的核验码格式。") % {"code": typed.strip()[:40]} + _format_help()
        else:
            return redirect("verify:certificate", code=code)
    return render(
        request,
        TEMPLATE,
        _context(typed=(typed or "").strip()[:40], error=error),
        status=400 if error else 200,
    )


def _over_limit(request) -> bool:
    key = f"verify:{client_key(request) or 'unknown'}"
    return count_in_window(key, settings.VERIFY_LIMIT_WINDOW_SECONDS) > settings.VERIFY_LIMIT


@never_cache
@require_GET
def verify_certificate(request, code: str):
    """The result: name, honor, campaign year, certificate number and date, status (valid / revoked / cancelled,
    with the date and the article). An unknown code: 404 with the form again. A code typed in lower case or
    with spaces/hyphens goes first to its one address (no lookup counted for that)."""
    normal = normalise_code(code)
    if normal != code and is_well_formed(normal):
        return redirect("verify:certificate", code=normal)
    if _over_limit(request):
        minutes = max(1, settings.VERIFY_LIMIT_WINDOW_SECONDS // 60)
        response = render(
            request,
            TEMPLATE,
            _context(
                limited=_("查询过于频繁：每个网络每 %(minutes)d 分钟最多核验 %(limit)d 次，请稍后再试。")
                % {"minutes": minutes, "limit": settings.VERIFY_LIMIT}
            ),
            status=429,
        )
        response["Retry-After"] = str(settings.VERIFY_LIMIT_WINDOW_SECONDS)
        return response
    honor = honor_for_code(normal)
    if honor is None:
        return render(request, TEMPLATE, _context(not_found=True, typed=code[:40]), status=404)
    result = verification_of(honor)
    return render(
        request,
        TEMPLATE,
        _context(result=result, honor=honor, campaign=honor.application.campaign, code=grouped(normal)),
    )
