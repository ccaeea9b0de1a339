"""One way to write a POST action in a view (issue 26 item 5), for every app's views.

A view reads its input through a form, then asks `attempt` to run the one service call::

    done = attempt(request, services.recommender_confirm, application=app, user=request.user,
                   success=_("已确认推荐。"))
    if done is REFUSED:
        return redirect(...)          # or render the page again with the form (pass on_form=form)
    return redirect(...)

A service refuses with `ValidationError` (the rules, 第X条 in the message) or `PermissionDenied` (the role or the
relation). `attempt` shows the refusal to the user — as error messages on the next page, or, given `on_form=`, as
the form's errors, so that the page shown again keeps what was typed — and gives `REFUSED`; otherwise it shows
`success` (a message, or a function of the service's result giving one) and gives the result. Nothing else is
caught: any other exception is a bug and must reach the error page.

`report_refusal` is the same display for the few views whose call is not one service call (a refusal that
changes the status code, a form-level check before the call).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _


class _Refused:
    """The one answer of a refused action; compare with `is`."""

    def __repr__(self) -> str:
        return "REFUSED"


REFUSED = _Refused()

#: What a service may refuse with; anything else is not a refusal.
REFUSALS = (ValidationError, PermissionDenied)


def refusal_messages(error: Exception, denied: str | None = None) -> list[str]:
    """The words of a refusal: each message of a ValidationError; a PermissionDenied's own words, or `denied`
    (by default 您无权进行此操作)."""
    if isinstance(error, ValidationError):
        return list(error.messages)
    return [str(error) or denied or _("您无权进行此操作。")]


def report_refusal(request, error: Exception, *, form=None, denied: str | None = None) -> None:
    """Show a refusal: as the form's errors when `form` is given (a ValidationError naming the form's fields goes
    to those fields), else as one error message per refusal message on the next page."""
    if form is not None:
        named = getattr(error, "error_dict", None)
        if named is not None:
            for name, errors in named.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, refusal_messages(error, denied))
        return
    for message in refusal_messages(error, denied):
        messages.error(request, message)


def attempt(request, call, /, *args, success=None, on_form=None, denied: str | None = None, **kwargs):
    """Run `call(*args, **kwargs)`, one service write of a POST action. A refusal (ValidationError /
    PermissionDenied) is shown by `report_refusal` (on the form `on_form` when given) and gives REFUSED; otherwise `success`
    (a message, or a function of the result giving one; None: no message) is shown and the result returned."""
    try:
        result = call(*args, **kwargs)
    except REFUSALS as error:
        report_refusal(request, error, form=on_form, denied=denied)
        return REFUSED
    if success is not None:
        message = success(result) if callable(success) else success
        if message:
            messages.success(request, message)
    return result
