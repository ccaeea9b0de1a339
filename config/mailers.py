"""The mailer (Django 6.1 `MAILERS`) from the environment, and the system check that refuses to start without
the options its backend needs (docs/deployment.md, "Mail").

`EMAIL_BACKEND` chooses the backend as before; its options come from `EMAIL_HOST`, `EMAIL_PORT`,
`EMAIL_HOST_USER`, `EMAIL_HOST_PASSWORD`, `EMAIL_USE_TLS`, `EMAIL_USE_SSL`, `EMAIL_TIMEOUT` (SMTP) and
`EMAIL_FILE_PATH` (file backend). Only the options a backend accepts are passed to it: Django refuses unknown
ones (`InvalidMailer: Unknown options`)."""

SMTP = "django.core.mail.backends.smtp.EmailBackend"
FILE = "django.core.mail.backends.filebased.EmailBackend"

#: The environment variable of each option, per backend (the option names are Django's).
SMTP_VARIABLES = {
    "host": "EMAIL_HOST",
    "port": "EMAIL_PORT",
    "username": "EMAIL_HOST_USER",
    "password": "EMAIL_HOST_PASSWORD",
    "use_tls": "EMAIL_USE_TLS",
    "use_ssl": "EMAIL_USE_SSL",
    "timeout": "EMAIL_TIMEOUT",
}
FILE_VARIABLES = {"file_path": "EMAIL_FILE_PATH"}
#: Seconds an SMTP connection may wait before the send fails (and the page says so): never the socket's forever.
DEFAULT_SMTP_TIMEOUT = 10

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(name: str, value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true/false), not {value!r}.")


def _number(name: str, value: str, kind=int):
    try:
        return kind(value)
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}.") from None


def mailer_from_environ(environ, *, default_backend: str) -> dict:
    """One `MAILERS` entry: the backend of `EMAIL_BACKEND` (else `default_backend`) with the options set in
    `environ` that this backend takes. An option left unset stays out, so the system check can name it."""
    backend = (environ.get("EMAIL_BACKEND") or "").strip() or default_backend
    options: dict = {}
    if backend == SMTP:
        for option, name in SMTP_VARIABLES.items():
            raw = environ.get(name)
            if raw is None or raw.strip() == "":
                continue
            if option in ("use_tls", "use_ssl"):
                options[option] = _flag(name, raw)
            elif option == "port":
                options[option] = _number(name, raw)
            elif option == "timeout":
                options[option] = _number(name, raw, float)
            else:
                options[option] = raw
        options.setdefault("timeout", DEFAULT_SMTP_TIMEOUT)
    elif backend == FILE:
        raw = (environ.get("EMAIL_FILE_PATH") or "").strip()
        if raw:
            options["file_path"] = raw
    entry = {"BACKEND": backend}
    if options:
        entry["OPTIONS"] = options
    return entry


def check_mailers(app_configs=None, **kwargs):
    """System check (registered in AwardsConfig.ready): every mailer can be built from its settings — an SMTP
    backend without `EMAIL_HOST`, a file backend without `EMAIL_FILE_PATH`, TLS and SSL together, an unknown
    backend are errors, so `migrate`/`runserver`/`check` stop before the first mail would fail."""
    from django.conf import settings
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured
    from django.core.mail import mailers

    errors = []
    for alias, config in getattr(settings, "MAILERS", {}).items():
        backend = config.get("BACKEND", SMTP)
        options = config.get("OPTIONS", {})
        variables = SMTP_VARIABLES if backend == SMTP else FILE_VARIABLES if backend == FILE else {}
        required = ["host"] if backend == SMTP else ["file_path"] if backend == FILE else []
        missing = [variables[name] for name in required if not options.get(name)]
        if missing:
            errors.append(
                checks.Error(
                    f"MAILERS[{alias!r}] uses {backend} but {', '.join(missing)} is not set.",
                    hint="Set it in the environment (docs/deployment.md, 'Mail'), or choose another "
                    "EMAIL_BACKEND.",
                    id="honors.E101",
                )
            )
            continue
        try:
            mailers.create_connection(alias)
        except ImproperlyConfigured as error:
            errors.append(
                checks.Error(
                    str(error),
                    hint="Check EMAIL_BACKEND and the EMAIL_* variables (docs/deployment.md, 'Mail').",
                    id="honors.E102",
                )
            )
    return errors


def refuse_broken_mailers() -> None:
    """For the app servers (config/wsgi.py), which run no system checks: ImproperlyConfigured with the check's
    messages when a mailer cannot be built, so the server does not start (gunicorn: "Worker failed to boot")."""
    from django.core.exceptions import ImproperlyConfigured

    errors = check_mailers()
    if errors:
        raise ImproperlyConfigured("; ".join(f"{error.msg} {error.hint}" for error in errors))
