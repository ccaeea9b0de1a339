"""`manage.py verify_ranking CAMPAIGN` — recompute the stored current ranking from the stored score sheets and
ballots (第二十条) and show every difference; exit status 1 when it does not reproduce."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from awards.models import Campaign
from scoring.selectors.ranking import verify_ranking


def find_campaign(value: str) -> Campaign:
    """A campaign by id or by `<award type code>-<year>` (e.g. craftsman-2026)."""
    qs = Campaign.objects.select_related("award_type__rubric")
    if value.isdigit():
        campaign = qs.filter(pk=int(value)).first()
    else:
        code, _sep, year = value.rpartition("-")
        campaign = qs.filter(award_type__code=code, year=int(year)).first() if year.isdigit() else None
    if campaign is None:
        raise CommandError(
            _("找不到评选活动“%(c)s”（请写活动编号或“类别-年度”，如 craftsman-2026）。") % {"c": value}
        )
    return campaign


class Command(BaseCommand):
    help = "Recompute the stored composite ranking of a campaign from its sheets and ballots; non-zero on a difference."

    def add_arguments(self, parser):
        parser.add_argument("campaign", help="campaign id or <award type code>-<year>, e.g. craftsman-2026")

    def handle(self, *args, campaign, **options):
        found = find_campaign(campaign)
        ranking = found.rankings.filter(is_current=True).first()
        if ranking is None:
            raise CommandError(_("%(c)s 尚未计算综合排名。") % {"c": found})
        diffs = verify_ranking(ranking)
        for line in diffs:
            self.stdout.write(line)
        if diffs:
            raise CommandError(
                _("综合排名（计算于 %(at)s）与复核结果有 %(n)s 处不同。")
                % {"at": ranking.computed_at.isoformat(timespec="seconds"), "n": len(diffs)}
            )
        self.stdout.write(
            _("综合排名（计算于 %(at)s，%(n)s 人）与按评分表和公众评价复核的结果一致。")
            % {"at": ranking.computed_at.isoformat(timespec="seconds"), "n": ranking.entries.count()}
        )
