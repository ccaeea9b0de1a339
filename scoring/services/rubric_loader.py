"""Load `fixtures/rubrics.json` into the rubric tables (used by the data migration and by tests)."""

import json
from pathlib import Path

from django.apps import apps as global_apps

RUBRICS_FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "rubrics.json"


def load_rubrics(apps=None, path: Path = RUBRICS_FIXTURE) -> list[str]:
    """Create or update every rubric of the fixture. `apps` is a migration's app registry (or None)."""
    if apps is None:
        apps = global_apps
    Rubric = apps.get_model("scoring", "Rubric")
    Dimension = apps.get_model("scoring", "Dimension")
    Criterion = apps.get_model("scoring", "Criterion")
    Band = apps.get_model("scoring", "Band")
    Aspect = apps.get_model("scoring", "Aspect")

    data = json.loads(path.read_text(encoding="utf-8"))
    codes = []
    for r in data["rubrics"]:
        defaults = {
            "name": r["name"],
            "name_en": r["name_en"],
            "max_total": r["max_total"],
            "method": r["method"],
        }
        if any(f.name == "tiebreak_dimension" for f in Rubric._meta.fields):  # not yet in early migrations
            defaults["tiebreak_dimension"] = r.get("tiebreak_dimension", "")
        rubric, _ = Rubric.objects.update_or_create(code=r["code"], defaults=defaults)
        codes.append(rubric.code)
        order = 0
        for d_order, d in enumerate(r["dimensions"], start=1):
            dimension, _ = Dimension.objects.update_or_create(
                rubric=rubric,
                code=d["code"],
                defaults={
                    "name": d["name"],
                    "name_en": d["name_en"],
                    "max_points": d["max_points"],
                    "order": d_order,
                    "significance_name": d.get("significance_name", ""),
                    "significance_name_en": d.get("significance_name_en", ""),
                },
            )
            for c in d["criteria"]:
                order += 1
                criterion, _ = Criterion.objects.update_or_create(
                    code=c["code"],
                    defaults={
                        "dimension": dimension,
                        "name": c["name"],
                        "name_en": c["name_en"],
                        "meaning": c.get("meaning", ""),
                        "meaning_en": c.get("meaning_en", ""),
                        "max_points": c["max_points"],
                        "order": order,
                    },
                )
                criterion.bands.all().delete()
                for b in r["band_sets"][c["bands"]]:
                    Band.objects.create(
                        criterion=criterion,
                        order=b["order"],
                        name=b["name"],
                        name_en=b["name_en"],
                        min_points=b["min"],
                        max_points=b["max"],
                        aspects_min=b.get("aspects_min"),
                        aspects_max=b.get("aspects_max"),
                        significant=b.get("significant"),
                    )
                criterion.aspects.all().delete()
                for a_order, (text, text_en) in enumerate(c.get("aspects", []), start=1):
                    Aspect.objects.create(criterion=criterion, order=a_order, text=text, text_en=text_en)
    return codes
