"""Load the taxonomy and honor-type fixtures (data migration, tests)."""

import json
from pathlib import Path

from django.apps import apps as global_apps

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def load_taxonomy(apps=None, path: Path = FIXTURES / "taxonomy.json") -> None:
    apps = apps or global_apps
    IndustryCategory = apps.get_model("awards", "IndustryCategory")
    IndustrySubcategory = apps.get_model("awards", "IndustrySubcategory")
    TechDomain = apps.get_model("awards", "TechDomain")
    data = json.loads(path.read_text(encoding="utf-8"))
    for order, c in enumerate(data["industry_categories"], start=1):
        category, _ = IndustryCategory.objects.update_or_create(
            code=c["code"],
            defaults={
                "name": c["name"],
                "name_en": c["name_en"],
                "order": order,
                "subcategory_count": c["subcategory_count"],
            },
        )
        for s_order, (name, name_en) in enumerate(c["subcategories"], start=1):
            IndustrySubcategory.objects.update_or_create(
                category=category, name=name, defaults={"name_en": name_en, "order": s_order}
            )
    for order, d in enumerate(data["tech_domains"], start=1):
        TechDomain.objects.update_or_create(
            code=d["code"],
            defaults={
                "name": d["name"],
                "name_en": d["name_en"],
                "order": order,
                "description": d["description"],
            },
        )


def load_award_types(apps=None, path: Path = FIXTURES / "award_types.json") -> list[str]:
    """Create or update every honor of the fixture (its rubric must be loaded first: `load_rubrics`); returns
    the codes. Everything an honor needs is here — docs/architecture.md §11 “Add an honor type”."""
    apps = apps or global_apps
    AwardType = apps.get_model("awards", "AwardType")
    Rubric = apps.get_model("scoring", "Rubric")
    TechDomain = apps.get_model("awards", "TechDomain")
    data = json.loads(path.read_text(encoding="utf-8"))
    # an early migration's AwardType lacks the fields added since (e.g. `wording`): those come with their migration
    codes = []
    known = {f.name for f in AwardType._meta.fields} - {"id", "code", "rubric"}
    fields_today = {f.name for f in global_apps.get_model("awards", "AwardType")._meta.get_fields()}
    for t in data["award_types"]:
        unknown = set(t) - fields_today
        if unknown:
            raise ValueError(f"{path.name}: {t.get('code')}: unknown keys {sorted(unknown)}")
        fields = {k: v for k, v in t.items() if k in known}
        award_type, _ = AwardType.objects.update_or_create(
            code=t["code"], defaults={**fields, "rubric": Rubric.objects.get(code=t["rubric"])}
        )
        award_type.tech_domains.set(TechDomain.objects.filter(code__in=t["tech_domains"]))
        codes.append(award_type.code)
    return codes


OTHER_NAME, OTHER_NAME_EN = "其他（请注明）", "Other (please specify)"


def ensure_other_subcategories(apps=None) -> None:
    """“其他（请注明）” under each industry category (docs/decisions.md): the regulation names only ten of the 23
    subcategories; the form offers it until the office has named all of a category's subcategories."""
    apps = apps or global_apps
    IndustryCategory = apps.get_model("awards", "IndustryCategory")
    IndustrySubcategory = apps.get_model("awards", "IndustrySubcategory")
    for category in IndustryCategory.objects.all():
        IndustrySubcategory.objects.get_or_create(
            category=category,
            name=OTHER_NAME,
            defaults={"name_en": OTHER_NAME_EN, "order": 999, "is_other": True},
        )
