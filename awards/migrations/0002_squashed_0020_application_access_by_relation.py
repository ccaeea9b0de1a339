"""The awards tables' references to scoring's.

Squashed (docs/decisions.md 408): what the migrations it `replaces` built, written as one state, so that a new
database (a new deployment, every test run) is built in seconds instead of replaying the 78 migrations of the three apps. A database
that has applied every migration it replaces records it as applied and runs nothing; one that has applied only
some of them keeps running the old ones, which stay until every deployment has passed awards 0020_application_access_by_relation."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    replaces = [
        ('awards', '0002_initial'),
        ('awards', '0003_load_taxonomy_and_award_types'),
        ('awards', '0004_account_profile'),
        ('awards', '0005_organisation_membership_and_confirmation'),
        ('awards', '0005_public_profile_weights_and_rules_approval'),
        ('awards', '0005_recommendation_invitation'),
        ('awards', '0006_application_personal_data_purged'),
        ('awards', '0006_text_length_caps'),
        ('awards', '0007_industry_other_subcategory'),
        ('awards', '0007_text_caps'),
        ('awards', '0008_industry_other_options'),
        ('awards', '0008_merge_20261130_0212'),
        ('awards', '0009_merge_20261130_0240'),
        ('awards', '0010_application_access_grants'),
        ('awards', '0010_award_type_wording_as_data'),
        ('awards', '0011_fill_award_type_wording'),
        ('awards', '0012_merge_20261130_0522'),
        ('awards', '0013_h_ranking_rules'),
        ('awards', '0013_h_rules_frozen_fields'),
        ('awards', '0014_frozen_ranking_rules'),
        ('awards', '0015_h_fairness_score_normalisation'),
        ('awards', '0016_h_clock_training'),
        ('awards', '0016_h_crypt_encrypt_personal_data'),
        ('awards', '0016_h_pipl_privacy'),
        ('awards', '0017_merge_20261204_2009'),
        ('awards', '0018_merge_0016_h_clock_training_0017_merge_20261204_2009'),
        ('awards', '0019_h_requests_office_reply'),
        ('awards', '0020_application_access_by_relation'),
    ]

    dependencies = [
        ('awards', '0001_squashed_0001_initial'),
        ('scoring', '0001_squashed_0002_load_rubrics'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='awardtype',
            name='rubric',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, to='scoring.rubric', verbose_name='评分标准'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='award_type',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='campaigns', to='awards.awardtype'),
        ),
        migrations.AddField(
            model_name='campaign',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='application',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='awards.campaign'),
        ),
        migrations.AddField(
            model_name='accesslog',
            name='campaign',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='awards.campaign', verbose_name='活动'),
        ),
        migrations.AddField(
            model_name='consent',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='consents', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='datarequest',
            name='handled_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='办理人'),
        ),
        migrations.AddField(
            model_name='datarequest',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='data_requests', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='educationentry',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='education_entries', to='awards.application'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='applicant',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='申报账号'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='campaign',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.campaign'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='unit_opinion_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalattachment',
            name='application',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.application'),
        ),
        migrations.AddField(
            model_name='historicalattachment',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalattachment',
            name='uploaded_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalawardtype',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalawardtype',
            name='rubric',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='scoring.rubric', verbose_name='评分标准'),
        ),
        migrations.AddField(
            model_name='historicalcampaign',
            name='award_type',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.awardtype'),
        ),
        migrations.AddField(
            model_name='historicalcampaign',
            name='created_by',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalcampaign',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalindustrycategory',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalindustrysubcategory',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalorganization',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalorganization',
            name='proposed_by',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填写人'),
        ),
        migrations.AddField(
            model_name='historicalorganization_member_of',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='awards.historicalorganization'),
        ),
        migrations.AddField(
            model_name='historicalorganization_staff',
            name='history',
            field=models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, to='awards.historicalorganization'),
        ),
        migrations.AddField(
            model_name='historicalorganization_staff',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalperson',
            name='user',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicaltechdomain',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalindustrysubcategory',
            name='category',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.industrycategory'),
        ),
        migrations.AddField(
            model_name='industrysubcategory',
            name='category',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='subcategories', to='awards.industrycategory'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='industry_subcategory',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.industrysubcategory', verbose_name='行业小类'),
        ),
        migrations.AddField(
            model_name='application',
            name='industry_subcategory',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='awards.industrysubcategory', verbose_name='行业小类'),
        ),
        migrations.AddField(
            model_name='organization',
            name='member_of',
            field=models.ManyToManyField(blank=True, help_text='第十五条：单位所属的行业协会可以推荐本单位人员。', limit_choices_to={'kind': 'association'}, related_name='members', to='awards.organization', verbose_name='所属行业协会'),
        ),
        migrations.AddField(
            model_name='organization',
            name='proposed_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='填写人'),
        ),
        migrations.AddField(
            model_name='organization',
            name='staff',
            field=models.ManyToManyField(blank=True, related_name='organizations', to=settings.AUTH_USER_MODEL, verbose_name='推荐机构账号'),
        ),
        migrations.AddField(
            model_name='historicalorganization_staff',
            name='organization',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.organization'),
        ),
        migrations.AddField(
            model_name='historicalorganization_member_of',
            name='from_organization',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.organization'),
        ),
        migrations.AddField(
            model_name='historicalorganization_member_of',
            name='to_organization',
            field=models.ForeignKey(blank=True, db_constraint=False, db_tablespace='', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.organization'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='employer',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.organization', verbose_name='所在单位'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='recommender',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.organization', verbose_name='推荐机构'),
        ),
        migrations.AddField(
            model_name='application',
            name='employer',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='employee_applications', to='awards.organization', verbose_name='所在单位'),
        ),
        migrations.AddField(
            model_name='application',
            name='recommender',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='recommended_applications', to='awards.organization', verbose_name='推荐机构'),
        ),
        migrations.AddField(
            model_name='person',
            name='user',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='person', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='person',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.person'),
        ),
        migrations.AddField(
            model_name='application',
            name='person',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='applications', to='awards.person'),
        ),
        migrations.AddField(
            model_name='recommendationinvitation',
            name='application',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='awards.application'),
        ),
        migrations.AddField(
            model_name='recommendationinvitation',
            name='campaign',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='awards.campaign'),
        ),
        migrations.AddField(
            model_name='recommendationinvitation',
            name='invited_by',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='recommendationinvitation',
            name='organization',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='invitations', to='awards.organization'),
        ),
        migrations.AddField(
            model_name='recommendationinvitation',
            name='user',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='recommendation_invitations', to=settings.AUTH_USER_MODEL, verbose_name='被邀请账号'),
        ),
        migrations.AddField(
            model_name='historicalapplication',
            name='tech_domain',
            field=models.ForeignKey(blank=True, db_constraint=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='awards.techdomain', verbose_name='技术领域'),
        ),
        migrations.AddField(
            model_name='awardtype',
            name='tech_domains',
            field=models.ManyToManyField(to='awards.techdomain', verbose_name='可申报技术领域'),
        ),
        migrations.AddField(
            model_name='application',
            name='tech_domain',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, to='awards.techdomain', verbose_name='技术领域'),
        ),
        migrations.AddField(
            model_name='workentry',
            name='application',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='work_entries', to='awards.application'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.UniqueConstraint(condition=models.Q(('is_training', False)), fields=('award_type', 'year'), name='uniq_campaign_per_type_year'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('is_training', True), ('clock_offset_days', 0), _connector='OR'), name='live_campaign_real_clock'),
        ),
        migrations.AddConstraint(
            model_name='campaign',
            constraint=models.CheckConstraint(condition=models.Q(('publicity_working_days__gte', 5)), name='publicity_at_least_5'),
        ),
        migrations.AddIndex(
            model_name='consent',
            index=models.Index(fields=['user', 'purpose'], name='awards_cons_user_id_5799e7_idx'),
        ),
        migrations.AddConstraint(
            model_name='industrysubcategory',
            constraint=models.UniqueConstraint(fields=('category', 'name'), name='uniq_subcategory_name'),
        ),
        migrations.AddConstraint(
            model_name='recommendationinvitation',
            constraint=models.UniqueConstraint(condition=models.Q(('status', 'pending')), fields=('campaign', 'organization', 'user'), name='uniq_pending_invitation'),
        ),
        migrations.AddIndex(
            model_name='application',
            index=models.Index(fields=['campaign', 'state'], name='awards_appl_campaig_973bd5_idx'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.UniqueConstraint(condition=models.Q(('number', ''), _negated=True), fields=('campaign', 'number'), name='uniq_application_number'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('social_posts__length__lte', 2000)), name='application_social_posts_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('awards_received__length__lte', 4000)), name='application_awards_received_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('punishments__length__lte', 2000)), name='application_punishments_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('section_basic__length__lte', 4400)), name='application_section_basic_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('section_second__length__lte', 4400)), name='application_section_second_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('section_third__length__lte', 4400)), name='application_section_third_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('representative_achievements__length__lte', 4000)), name='application_representative_achievements_max_length'),
        ),
        migrations.AddConstraint(
            model_name='application',
            constraint=models.CheckConstraint(condition=models.Q(('unit_opinion__length__lte', 2000)), name='application_unit_opinion_max_length'),
        ),
    ]
