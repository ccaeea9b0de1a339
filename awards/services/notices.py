"""Awards' notices: a person or a unit's accounts told of an invitation, an employer link or a 推荐 (the rows and
their mail are the notices app's, `notices.services`)."""

from django.urls import reverse

from notices.services import notify


def tell(user, subject: str, body: str = "", link: str = "", *, mail: bool = True) -> None:
    """A notice on the user's page (/me/ or /unit/) and, with `mail`, a `body` and the user's email, a mail after
    commit."""
    notify([user], subject=subject, body=body, link=link, mail=mail)


def tell_unit(organization, subject: str, body: str = "") -> None:
    """Every account of `organization`, with a link to its workbench (推荐机构工作台)."""
    for user in organization.staff.all():
        tell(user, subject, body, link=reverse("awards:recommender_home"))
