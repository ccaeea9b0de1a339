"""The reference data and the PostgreSQL trigger that scoring's, awards' and workflow's data migrations left in a new
database: the rubrics, the industry taxonomy with its “其他（请注明）” subcategories, the two honors, the role
groups and the security officer's group, and the trigger that refuses an UPDATE of a frozen campaign field.

Squashed (docs/decisions.md 408): what the migrations it `replaces` built, written as one state, so that a new
database (a new deployment, every test run) is built in seconds instead of replaying the 78 migrations of the three apps. A database
that has applied every migration it replaces records it as applied and runs nothing; one that has applied only
some of them keeps running the old ones, which stay until every deployment has passed scoring
0016_panel_access_by_relation. The other data migrations it replaces only rewrote rows that a new database does
not have (grants, audit chains, fingerprints, encryption of clear-text rows)."""

from django.conf import settings
from django.db import migrations

ROLE_GROUPS = ("applicant", "recommender", "office", "expert", "committee", "security_officer")

RULES, WINDOW = "rules_approved", "window_opened"

#: The frozen campaign columns of awards 0015_h_fairness_score_normalisation (its own copy, as every trigger
#: migration keeps: a later change of awards/frozen.py FROZEN_FIELDS needs a new migration).
FROZEN_COLUMNS = {
    "quota": (RULES, ""),
    "nomination_quota": (RULES, ""),
    "shortlist_size": (RULES, ""),
    "min_composite_score": (RULES, ""),
    "weight_material": (RULES, ""),
    "weight_onsite": (RULES, ""),
    "weight_public": (RULES, ""),
    "public_weight_general": (RULES, ""),
    "public_weight_practitioner": (RULES, ""),
    "public_weight_organisation": (RULES, ""),
    "use_trimmed_mean": (RULES, ""),
    "public_input_enabled": (RULES, ""),
    "rules_approved": (RULES, ""),
    "rules_approved_at": (RULES, ""),
    "committee_quorum": (RULES, ""),
    "committee_majority_percent": (RULES, ""),
    "publicity_working_days": (RULES, ""),
    "opens_at": (WINDOW, "opens_at"),
    "closes_at": (WINDOW, "opens_at"),
    "public_input_opens_at": (WINDOW, "public_input_opens_at"),
    "public_input_closes_at": (WINDOW, "public_input_opens_at"),
    "public_unrated_rule": (RULES, ""),
    "public_min_ratings": (RULES, ""),
    "public_prior_weight": (RULES, ""),
    "tiebreak_order": (RULES, ""),
    "score_normalisation": (RULES, ""),
}


def load_reference_data(apps, schema_editor):
    from awards.fixture_loader import ensure_other_subcategories, load_award_types, load_taxonomy
    from scoring.services.rubric_loader import load_rubrics

    load_rubrics(apps)
    load_taxonomy(apps)
    load_award_types(apps)
    ensure_other_subcategories(apps)
    Group = apps.get_model("auth", "Group")
    for name in ROLE_GROUPS:
        Group.objects.get_or_create(name=name)


def _trigger(apps, schema_editor, which: int) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    from awards.frozen import trigger_sql

    table = apps.get_model("awards", "Campaign")._meta.db_table
    schema_editor.execute(trigger_sql(table, FROZEN_COLUMNS)[which])


def create_trigger(apps, schema_editor):
    _trigger(apps, schema_editor, 0)


def drop_trigger(apps, schema_editor):
    _trigger(apps, schema_editor, 1)


class Migration(migrations.Migration):
    replaces = [
        ("scoring", "0003_panel_stage_deadlines"),
        ("scoring", "0004_expert_related_organisations"),
        ("scoring", "0004_public_ballots"),
        ("scoring", "0004_rubric_titles"),
        ("scoring", "0004_score_comment_cap"),
        ("scoring", "0004_score_sheet_log"),
        ("scoring", "0005_backfill_audit_chains"),
        ("scoring", "0005_panel_shortlist_confirmation"),
        ("scoring", "0006_merge_20261130_0212"),
        ("scoring", "0007_rubric_tiebreak_dimension"),
        ("scoring", "0008_panel_results_permission"),
        ("scoring", "0009_panel_grants"),
        ("scoring", "0010_communication_wording_of_annex2"),
        ("scoring", "0010_h_audit_ballot_mac_keyed_chains"),
        ("scoring", "0010_h_ranking_most_band_three_aspects"),
        ("scoring", "0011_merge_20261204_1408"),
        ("scoring", "0012_merge_20261204_1412"),
        ("scoring", "0013_h_crypt_encrypt_expert_phone"),
        ("scoring", "0013_h_public_mail_domain_ranking_digest"),
        ("scoring", "0014_merge_20261204_2019"),
        ("scoring", "0015_h_rankcache_inputs_version"),
        ("scoring", "0016_panel_access_by_relation"),
    ]

    dependencies = [
        ("scoring", "0001_squashed_0002_load_rubrics"),
        ("awards", "0002_squashed_0020_application_access_by_relation"),
        ("workflow", "0001_squashed_0015_merge_20261204_2009"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("guardian", "0003_remove_groupobjectpermission_guardian_gr_content_ae6aec_idx_and_more"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(load_reference_data, migrations.RunPython.noop),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
