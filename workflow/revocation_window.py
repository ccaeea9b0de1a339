"""第三十条 “获荣起2年内”: when the two years start and end (docs/decisions.md 234). No dependency on the services,
so the procedure's guards and the pages read the same dates."""

from workflow.models import AwardDocument, Honor

REVOCATION_YEARS = 2


def revocation_window_start(honor: Honor):
    """第三十条 “获荣起2年内”: the honor is conferred by the 主办单位's 发文 (第二十三条), so the two years run from the
    date of that document when the office recorded it, from the committee's decision otherwise (decisions 234)."""
    document = AwardDocument.objects.filter(campaign_id=honor.application.campaign_id).first()
    return document.issued_on if document is not None else honor.awarded_on


def revocation_deadline(honor: Honor):
    return deadline_from(revocation_window_start(honor))


def deadline_from(d):
    """Two years after `d`."""
    try:
        return d.replace(year=d.year + REVOCATION_YEARS)
    except ValueError:  # 29 February
        return d.replace(year=d.year + REVOCATION_YEARS, day=28)
