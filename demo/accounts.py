"""Demo accounts (docs/architecture.md §10): office, committee1–5, expert1–20, applicant1–40, unit1–5 —
password `demo-pass-2026`. One password hash is computed once and shared (hashing 75 times would take a
minute)."""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from awards.permissions import Role
from demo.people import COMMITTEE, CRAFTSMEN, EXPERTS, OFFICE, PIONEERS, RECOMMENDERS

DEMO_PASSWORD = "demo-pass-2026"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    full_name: str


def demo_accounts() -> list[DemoAccount]:
    """Every demo account in the order `print_demo_accounts` lists them."""
    accounts = [DemoAccount("office", Role.OFFICE, OFFICE)]
    accounts += [DemoAccount(f"committee{i}", Role.COMMITTEE, n) for i, n in enumerate(COMMITTEE, start=1)]
    accounts += [DemoAccount(f"expert{i}", Role.EXPERT, e[0]) for i, e in enumerate(EXPERTS, start=1)]
    applicants = [p[0] for p in CRAFTSMEN + PIONEERS]
    accounts += [DemoAccount(f"applicant{i}", Role.APPLICANT, n) for i, n in enumerate(applicants, start=1)]
    accounts += [DemoAccount(f"unit{i}", Role.RECOMMENDER, n) for i, n in enumerate(RECOMMENDERS, start=1)]
    return accounts


def ensure_accounts() -> dict[str, User]:
    """Create the missing demo accounts; existing ones are left as they are (idempotent)."""
    groups = {role: Group.objects.get_or_create(name=role)[0] for role in Role.values}
    existing = {
        u.username: u for u in User.objects.filter(username__in=[a.username for a in demo_accounts()])
    }
    password_hash = None
    users = {}
    for account in demo_accounts():
        user = existing.get(account.username)
        if user is None:
            password_hash = password_hash or make_password(DEMO_PASSWORD)
            user = User.objects.create(
                username=account.username,
                first_name=account.full_name,
                email=f"{account.username}@demo.smartcity-honors.example",
                password=password_hash,
                is_staff=account.role == Role.OFFICE,
            )
        user.groups.add(groups[account.role])
        users[account.username] = user
    return users
