"""Issue 22: the ranking's rules belong to the committee (第八条（二）), not to the code — unrated public groups,
small samples and shrinkage (item 1), a unit rating its own candidate (item 2), the tie-break order (item 4)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.models import Campaign
from scoring.models import Ballot, PublicVote, RankingEntry, ScoreSheet
from scoring.selectors.ranking import explain, verify_ranking
from scoring.services import ballots as ballot_services
from scoring.services.ranking import compute_ranking
from tests.factories import OrganizationFactory, user_with_role
from tests.scoring.public_input.builders import public_campaign
from tests.workflow.office.builders import campaign_in, candidate, panel_for, result, votes
from tests.xlsx import rows
from workflow.documents.exports import ballots_xlsx, ranking_xlsx
from workflow.services.committee import decision_open

pytestmark = pytest.mark.django_db
D = Decimal
REC, NONE = RankingEntry.Outcome.RECOMMENDED, RankingEntry.Outcome.NONE


def many_votes(app, rating: int, n: int, group: str = "public"):
    """`n` counted ballots of `group`, each rating `app` with `rating` (bulk: a city-size sample)."""
    start = Ballot.objects.filter(campaign=app.campaign).count()
    keys = [f"{group}-{app.pk}-{start + i}" for i in range(n)]
    ballots = Ballot.objects.bulk_create(
        Ballot(campaign=app.campaign, voter_key=k, group=group) for k in keys
    )
    PublicVote.objects.bulk_create(
        PublicVote(campaign=app.campaign, application=app, voter_key=b.voter_key, rating=rating, ballot=b)
        for b in ballots
    )


def ranked(campaign, specs):
    """Candidates with equal or given panel scores; `specs`: (name, material, onsite)."""
    panel = panel_for(campaign)
    experts = [m.expert for m in panel.members.order_by("id")]
    apps = {}
    for name, material, onsite in specs:
        app = candidate(campaign, name=name)
        for stage, score in (("material", material), ("onsite", onsite)):
            for expert in experts:  # the signed sheets verify_ranking recomputes from
                ScoreSheet.objects.create(
                    application=app,
                    expert=expert,
                    panel=panel,
                    stage=stage,
                    state=ScoreSheet.State.SUBMITTED,
                    total=score,
                )
            result(app, panel, stage, score, totals=[score] * len(experts))
        apps[name] = app
    return apps


def by_name(ranking):
    return {e.application.name: e for e in ranking.entries.select_related("application")}


# --- item 1: unrated groups, the minimum sample, shrinkage ------------------------------------------------------


def test_an_unrated_candidate_is_not_given_the_midpoint_by_default_the_public_weight_is_shared():
    """Equal panel scores 80: today the unrated candidate got the midpoint (P 60 → 76.000). By default the
    committee's rule shares the public weight over material and on-site: 80.000, and 600 ratings of 2/5 count."""
    campaign = campaign_in()
    apps = ranked(campaign, [("无人评价", 80, 80), ("六百人评两分", 80, 80)])
    many_votes(apps["六百人评两分"], 2, 600)
    ranking = compute_ranking(campaign=campaign)
    entries = by_name(ranking)
    unrated, rated = entries["无人评价"], entries["六百人评两分"]
    assert (unrated.public_score, unrated.composite) == (None, D("80.000"))
    assert unrated.breakdown["weights"] == {"material": "0.375", "onsite": "0.625", "public": "0.000"}
    assert rated.public_score == D("40.000")  # the public group alone: 2 / 5 × 100; the others unrated
    assert rated.composite == D("72.000")
    assert any("公众评价权重按比例分给材料评议和现场展示" in line for line in explain(unrated))
    assert ranking.inputs["public_unrated_rule"] == "redistribute"
    assert verify_ranking(ranking) == []


def test_the_committee_may_approve_the_midpoint_for_unrated_groups():
    campaign = campaign_in(public_unrated_rule=Campaign.UnratedRule.NEUTRAL)
    apps = ranked(campaign, [("无人评价", 80, 80)])
    entry = by_name(compute_ranking(campaign=campaign))["无人评价"]
    assert (entry.public_score, entry.composite) == (D("60.000"), D("76.000"))
    assert apps


def test_one_five_rating_per_group_no_longer_beats_a_thousand_ratings_averaging_four():
    """Today one 5 in each group gave P 100 (composite 80.0) against 1,000 ratings of 4 (P 68, 73.6). With the
    default minimum of 10 ratings per group the single ratings do not count (the panel's 75 stands), the
    thousand do: 76.000 ranks first."""
    campaign = campaign_in(quota=1)
    apps = ranked(campaign, [("各一票五分", 75, 75), ("千票四分", 75, 75)])
    for group in ("public", "practitioner", "organisation"):
        votes(apps["各一票五分"], 5, group=group)
    many_votes(apps["千票四分"], 4, 1000)
    ranking = compute_ranking(campaign=campaign)
    entries = by_name(ranking)
    assert (entries["千票四分"].composite, entries["千票四分"].rank, entries["千票四分"].outcome) == (
        D("76.000"),
        1,
        REC,
    )
    assert (entries["各一票五分"].composite, entries["各一票五分"].rank) == (D("75.000"), 2)
    group = entries["各一票五分"].breakdown["public"]["groups"]["practitioner"]
    assert (group["votes"], group["dropped"]) == (1, True)
    assert any("少于计入所需的 10 票" in line for line in explain(entries["各一票五分"]))
    assert verify_ranking(ranking) == []


def test_shrinkage_toward_the_groups_mean_with_the_approved_prior_weight():
    """k = 10: a group mean is (Σ ratings + 10 × the group's mean over all candidates) / (n + 10)."""
    campaign = campaign_in(public_min_ratings=1, public_prior_weight=10)
    apps = ranked(campaign, [("一票五分", 70, 70), ("九票三分", 70, 70)])
    votes(apps["一票五分"], 5)
    votes(apps["九票三分"], *[3] * 9)
    ranking = compute_ranking(campaign=campaign)
    entries = by_name(ranking)
    overall = D(5 + 27) / 10
    expected_one = ((D(5) + 10 * overall) / 11 / 5 * 100).quantize(D("0.001"))
    expected_nine = ((D(27) + 10 * overall) / 19 / 5 * 100).quantize(D("0.001"))
    assert entries["一票五分"].public_score == expected_one  # 67.273, not 100
    assert entries["九票三分"].public_score == expected_nine
    assert verify_ranking(ranking) == []


# --- item 2: a unit cannot rate the candidate it employs or recommended -----------------------------------------


@pytest.fixture
def unit2():
    user = user_with_role("recommender")
    org = OrganizationFactory()
    org.staff.add(user)
    return user, org


def test_a_unit_rating_its_own_employee_is_refused_the_other_ratings_are_kept(unit2):
    user, org = unit2
    campaign, apps = public_campaign(3)
    apps[0].employer = org
    apps[0].save()
    apps[1].recommender = org
    apps[1].save()
    ballot = ballot_services.unit_ballot_submit(
        campaign=campaign,
        organization=org,
        user=user,
        ratings={apps[0].pk: 5, apps[1].pk: 5, apps[2].pk: 1},
        comments={},
        version=0,
    )
    assert dict(ballot.votes.values_list("application_id", "rating")) == {apps[2].pk: 1}
    assert ballot.refused == [apps[0].name, apps[1].name]
    message = ballot_services.own_candidate_message(ballot.refused)
    assert "本单位不能评价本单位职工或本单位推荐的候选人" in message and apps[0].name in message


def test_a_unit_rating_only_its_own_candidate_gets_a_clear_refusal(unit2):
    user, org = unit2
    campaign, apps = public_campaign(2)
    apps[0].employer = org
    apps[0].save()
    with pytest.raises(ValidationError, match="本单位不能评价本单位职工或本单位推荐的候选人"):
        ballot_services.unit_ballot_submit(
            campaign=campaign, organization=org, user=user, ratings={apps[0].pk: 5}, comments={}, version=0
        )
    assert not Ballot.objects.exists()


def test_the_unit_page_tells_the_unit_which_ratings_were_not_accepted(client, unit2):
    user, org = unit2
    campaign, apps = public_campaign(2)
    apps[0].employer = org
    apps[0].save()
    client.force_login(user)
    data = {"version": 0, f"rating_{apps[0].pk}": 5, f"rating_{apps[1].pk}": 1}
    page = client.post(reverse("public_input:unit", args=[campaign.pk]), data, follow=True).content.decode()
    assert "未予接受" in page and apps[0].name in page
    assert PublicVote.objects.get().application == apps[1]


def test_an_own_units_rating_stored_before_does_not_count_and_the_export_says_so(unit2):
    """unit2 rated its own candidate 5 and the rival 1 (stored before the refusal existed): only the rival's
    rating counts; the ballots export shows each rating's group, source and whether it counts."""
    _user, org = unit2
    campaign = campaign_in(public_min_ratings=1)
    apps = ranked(campaign, [("本单位职工", 80, 80), ("对手", 80, 80)])
    apps["本单位职工"].employer = org
    apps["本单位职工"].save()
    ballot = Ballot.objects.create(
        campaign=campaign, voter_key="unit2", group="organisation", channel="unit", organization=org
    )
    for name, rating in (("本单位职工", 5), ("对手", 1)):
        PublicVote.objects.create(
            campaign=campaign, application=apps[name], voter_key="unit2", rating=rating, ballot=ballot
        )
    entries = by_name(compute_ranking(campaign=campaign))
    assert entries["本单位职工"].breakdown["public"]["groups"]["organisation"]["votes"] == 0
    assert entries["对手"].breakdown["public"]["groups"]["organisation"]["votes"] == 1
    header, *data = rows(ballots_xlsx(campaign))
    assert header[-4:] == ("类别", "来源", "是否计入", "作废原因")
    by_app = {r[1]: r[-4:-1] for r in data}
    assert by_app["本单位职工"] == (
        "企事业单位",
        f"单位账户：{org.name}",
        "否（本单位职工或本单位推荐的候选人）",
    )
    assert by_app["对手"] == ("企事业单位", f"单位账户：{org.name}", "是")


# --- item 4: the tie-break order is the committee's ---------------------------------------------------------------


def test_a_tie_at_the_quota_line_is_flagged_for_the_committee_when_the_rules_give_no_order(client):
    """Composite 80.000 for both (on-site 85 vs 75 used to decide silently): without an approved order the tie
    at the line is flagged “并列，提请组委会决定” on the page and in the export, and neither is recommended."""
    campaign = campaign_in(quota=1, public_input_enabled=False, weight_public=0)
    ranked(
        campaign, [("现场高", 75, 83), ("现场低", 85, 77)]
    )  # 0.375·75 + 0.625·83 = 80 = 0.375·85 + 0.625·77
    ranking = compute_ranking(campaign=campaign)
    entries = by_name(ranking)
    assert [(e.composite, e.rank, e.tied, e.outcome) for e in entries.values()] == [
        (D("80.000"), 1, True, NONE)
    ] * 2
    assert "并列，提请组委会决定" in explain(entries["现场高"])
    assert verify_ranking(ranking) == []
    header, *data = rows(ranking_xlsx(campaign))
    assert {r[header.index("并列")] for r in data} == {"并列，提请组委会决定"}
    client.force_login(user_with_role("office"))
    page = client.get(reverse("workflow:ranking", args=[campaign.pk])).content.decode()
    assert page.count("并列，提请组委会决定") >= 2
    assert "综合得分相同者名次并列" in page


def test_an_approved_tie_break_order_decides_in_that_order():
    campaign = campaign_in(quota=1, public_input_enabled=False, weight_public=0, tiebreak_order=["material"])
    ranked(campaign, [("现场高", 75, 83), ("材料高", 85, 77)])
    ranking = compute_ranking(campaign=campaign)
    entries = by_name(ranking)
    assert (entries["材料高"].rank, entries["材料高"].outcome, entries["现场高"].rank) == (1, REC, 2)
    assert ranking.inputs["tiebreak_order"] == ["material"]
    assert verify_ranking(ranking) == []


def test_a_proposal_with_an_unknown_tie_break_key_is_refused():
    campaign = campaign_in(Campaign.Phase.DRAFT)
    with pytest.raises(ValidationError, match="综合得分相同时的比较项只能从以下各项中选择"):
        decision_open(
            campaign=campaign, user=user_with_role("office"), kind="rules", rules={"tiebreak_order": ["name"]}
        )


def test_the_committee_page_shows_the_ranking_rules_it_approves_in_words(client):
    campaign = campaign_in(Campaign.Phase.DRAFT)
    decision = decision_open(
        campaign=campaign,
        user=user_with_role("office"),
        kind="rules",
        rules={"tiebreak_order": ["onsite", "material"], "public_min_ratings": 30},
    )
    client.force_login(user_with_role("committee"))
    page = client.get(reverse("workflow:decision", args=[decision.pk])).content.decode()
    assert "综合得分相同时依次比较：现场展示得分、材料评议得分" in page
    assert "评价少于 30 份时，该类按“未获评价”处理" in page
    assert "未获评价的类别不计入，其权重按比例分给已获评价的类别" in page
    assert "企事业单位不能评价本单位职工或本单位推荐的候选人" in page
    assert "评议组得分：每位候选人一律取全部专家总分的平均" in page


@pytest.mark.django_db
def test_campaigns_existing_before_the_ranking_rules_keep_the_behaviour_they_were_approved_under():
    """A new default must not change who wins an existing campaign without a vote: the migration gives existing
    campaigns the former behaviour, and an approval snapshot without the new rules reads them as that."""
    import importlib

    from django.apps import apps as django_apps

    from scoring.selectors.ranking import LEGACY_RULES
    from workflow.selectors.rules import approved_rules

    migration = importlib.import_module("awards.migrations.0013_h_ranking_rules")
    campaign = campaign_in(Campaign.Phase.COMPOSITE)
    assert campaign.public_unrated_rule == "redistribute"  # the default of a new campaign
    migration.keep_the_rules_of_existing_campaigns(django_apps, None)
    campaign.refresh_from_db()
    assert {name: getattr(campaign, name) for name in LEGACY_RULES} == LEGACY_RULES
    Campaign.objects.filter(pk=campaign.pk).update(
        rules_approved={"quota": 10}, rules_approved_at=campaign.created_at
    )
    campaign.refresh_from_db()
    assert {name: approved_rules(campaign)[name] for name in LEGACY_RULES} == LEGACY_RULES
