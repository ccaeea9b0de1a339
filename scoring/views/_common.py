"""Small helpers shared by the scoring views."""

from django.http import Http404

from scoring.models import Stage


def stage_or_404(stage: str) -> str:
    if stage not in Stage.values:
        raise Http404
    return stage
