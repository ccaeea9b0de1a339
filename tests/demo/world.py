"""What the demo world holds, counted (to compare one `seed_demo` run with the next)."""

from django.contrib.auth.models import User

from awards.models import Application, Campaign, Organization
from scoring.models import ScoreSheet
from workflow.models import Honor, TransitionLog


def demo_counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "organisations": Organization.objects.count(),
        "campaigns": Campaign.objects.count(),
        "applications": Application.objects.count(),
        "sheets": ScoreSheet.objects.count(),
        "logs": TransitionLog.objects.count(),
        "honors": Honor.objects.count(),
    }
