"""The security matrix's machinery: roles, answer classes, URL enumeration and the database fingerprint.

The expectations themselves are the table in test_matrix.py (one row per URL name)."""

import hashlib
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, reverse

#: Who asks. Each role is one user of the world (tests/security/world.py); None is anonymous.
ROLES = ("anon", "applicant", "unit", "expert", "chair", "expert_out", "office", "committee")
ROLE_USER = {
    "anon": None,
    "applicant": "applicant_a",
    "unit": "unit_a",
    "expert": "expert",
    "chair": "chair",
    "expert_out": "expert_out",
    "office": "office",
    "committee": "committee",
}

# Answer classes.
OK = "200"
LOGIN = "login"  # 302 to the login page
ADMIN_LOGIN = "admin-login"  # 302 to the admin's login page
REDIRECT = "302"  # 302 anywhere else (after a refused or accepted action, to the page that explains)
MOVED = "301"  # a permanent redirect (an old path to its new one)
MOVED_POST = "308"  # the same for a POST: permanent, the method and body kept
BAD = "400"
UNAUTHORIZED = "401"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"
CONFLICT = "409"
UNPROCESSABLE = "422"


def answer_class(response) -> str:
    if response.status_code in (301, 302):
        target = response["Location"].split("?")[0]
        if target == reverse("admin:login"):
            return ADMIN_LOGIN
        if target == settings.LOGIN_URL or target == reverse("login"):
            return LOGIN
        return MOVED if response.status_code == 301 else REDIRECT
    return str(response.status_code)


@dataclass
class Row:
    """One URL name: its arguments for "own" (a) and "another's" (b) objects, and the expected answer per role
    and method. An expectation is a class, or a pair (own, another's). `sides=False`: the URL names no object
    (or only one), requested once per role with side a."""

    #: callable (world, side) -> the URL's kwargs for reverse(), or a ready path (a str) for unnamed patterns
    #: such as old paths kept as redirects; a plain str is an admin route (tests/security/test_matrix.py).
    kwargs: object
    get: dict = field(default_factory=dict)
    post: dict = field(default_factory=dict)
    sides: bool = True
    #: Who may change data with a POST here ("role" or "role:side"); every other request must change nothing.
    writes: frozenset = frozenset()
    #: The roles asked (all by default).
    roles: tuple = ROLES

    def may_write(self, role: str, side: str) -> bool:
        return role in self.writes or f"{role}:{side}" in self.writes

    def expected(self, method: str, role: str, side: str) -> str:
        table = self.get if method == "get" else self.post
        value = table.get(role, table.get("*"))
        if callable(value):  # an answer that depends on the world's rows, asked at request time
            value = value()
        if isinstance(value, tuple):
            return value[0] if side == "a" else value[1]
        return value


def expect(default: str, **roles) -> dict:
    """{role: expectation} with `default` for every role not named."""
    return {"*": default, **roles}


def url_names() -> dict[str, str]:
    """Every URL pattern of the project, by name ("namespace:name"; unnamed patterns by their route)."""
    found: dict[str, str] = {}

    def walk(resolver, prefix: str, namespace: str) -> None:
        for pattern in resolver.url_patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                walk(pattern, route, ns)
            elif isinstance(pattern, URLPattern):
                found[namespace + (pattern.name or f"<unnamed {route}>")] = route

    walk(get_resolver(), "", "")
    return found


#: Tables whose changes are not the application's data: sessions (a login writes one), axes' access logs, the
#: security app's logs of sign-ins, sessions, browsers and refused requests (security/models.py; the second
#: factor's devices, in otp_* tables, stay watched).
UNWATCHED_PREFIXES = ("django_session", "axes_", "security_")


def _watched_tables() -> list[str]:
    tables = []
    for model in apps.get_models(include_auto_created=True):
        table = model._meta.db_table
        if model._meta.proxy or not model._meta.managed or table.startswith(UNWATCHED_PREFIXES):
            continue
        tables.append(table)
    return sorted(set(tables))


#: Answers to a signed-in user that say how they may be cached themselves and carry nothing personal: /favicon.ico (a
#: redirect to the static icon, cached a day). Every other answer to a signed-in role says no-store.
OWN_CACHING = frozenset({"favicon"})


def fingerprint() -> str:
    """A mark of every row of every table the application owns: any write shows. On PostgreSQL the server
    hashes each table in one round trip; on SQLite a temporary trigger on every watched table counts each
    insert, update and delete on this connection (reading and hashing every row here cost five minutes of the
    matrix), so an update that rewrites a row with its own values shows too."""
    tables = _watched_tables()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            parts = ", ".join(
                f"(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM \"{table}\" t)"
                for table in tables
            )
            cursor.execute(f"SELECT ARRAY[{parts}]")
            return hashlib.sha256(repr(cursor.fetchone()).encode()).hexdigest()
        _count_writes(cursor, tables)
        cursor.execute("SELECT n FROM matrix_writes")
        return f"writes:{cursor.fetchone()[0]}"


def _count_writes(cursor, tables: list[str]) -> None:
    """The SQLite write counter of fingerprint(): a temporary table and three temporary triggers per watched
    table, made once per connection (and again if a rolled-back transaction took them away)."""
    cursor.execute(
        "SELECT count(*) FROM sqlite_temp_master WHERE type = 'trigger' AND name LIKE 'mw\\_%' ESCAPE '\\'"
    )
    if cursor.fetchone()[0] == 3 * len(tables):
        return
    cursor.execute("CREATE TEMP TABLE IF NOT EXISTS matrix_writes (n INTEGER NOT NULL)")
    cursor.execute("INSERT INTO matrix_writes (n) SELECT 0 WHERE NOT EXISTS (SELECT 1 FROM matrix_writes)")
    for i, table in enumerate(tables):
        for event in ("INSERT", "UPDATE", "DELETE"):
            cursor.execute(
                f'CREATE TEMP TRIGGER IF NOT EXISTS "mw_{i}_{event.lower()}" AFTER {event} ON main."{table}" '
                "BEGIN UPDATE matrix_writes SET n = n + 1; END"
            )


#: Every admin registration where anyone (the superuser included) may add, change or delete, with the reason.
#: Everything else is view-only (awards/admin_records.py); every model deciding an outcome is view-only unless a
#: row here says why. A new editable registration without a row fails
#: tests/security/test_admin_readonly.py and the office's add/change rows of the security matrix (issue 21).
EDITABLE_IN_ADMIN = {
    "auth.Group": "accounts' roles: kept by the superuser (not an office app: the office gets 403)",
    "auth.User": "accounts: kept by the superuser (not an office app: the office gets 403)",
    "axes.AccessAttempt": "lockout records: the superuser lifts a lockout (not an office app)",
    "axes.AccessFailureLog": "lockout records: the superuser clears them (not an office app)",
    "axes.AccessLog": "login records: the superuser clears them (not an office app)",
    "awards.AccountProfile": "an account's contact data, corrected at the owner's request",
    "awards.Application": "the applicant's data corrected at the applicant's request; state, number, person, "
    "submission and confirmation are read-only, eligibility, scores and decisions are separate view-only records",
    "awards.Attachment": "an uploaded file's record (purging follows 第三十一条 through the retention service)",
    "awards.Campaign": "the plan's wording and dates; the frozen fields (awards/frozen.py: approved rules, voting "
    "rules, publicity length, opened windows) are read-only and guarded in save()/update() (decisions 121)",
    "awards.EducationEntry": "a row of the application form, corrected at the applicant's request",
    "awards.IndustryCategory": "reference data (行业类别)",
    "awards.IndustrySubcategory": "reference data (行业类别)",
    "awards.Organization": "units and their accounts; application access follows by signals (§6)",
    "awards.Person": "a person's name and data, corrected at their request",
    "awards.TechDomain": "reference data (技术领域)",
    "awards.WorkEntry": "a row of the application form, corrected at the applicant's request",
    "scoring.ExpertProfile": "the expert's organisation and related units: a change only adds detected 回避 "
    "(recorded conflicts are view-only)",
    "otp_static.StaticDevice": "backup codes of two-factor sign-in: the superuser removes a lost set (decisions "
    "271; every admin change is in the security event log)",
    "otp_totp.TOTPDevice": "authenticators of two-factor sign-in: the superuser removes a lost one (decisions 271; "
    "the office's reset page is the usual way; every admin change is in the security event log)",
    "workflow.CalendarOverride": "the working-day calendar (State Council holidays); a 公示's dates are fixed "
    "when it opens (decisions 121)",
}
