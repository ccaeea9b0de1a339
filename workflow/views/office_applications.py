"""The office's page of one application at any stage (issue 23.4): every name the office sees after eligibility
(ranking, panels, honors) opens it — the facts, the documents and the procedure's history."""

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from awards.models import Application
from awards.permissions import office_required
from workflow.selectors.eligibility import application_record


@office_required
@require_safe
def application(request, pk: int):
    try:
        app, history = application_record(pk)
    except Application.DoesNotExist:
        raise Http404
    return render(
        request,
        "workflow/office/application.html",
        {"application": app, "campaign": app.campaign, "history": history},
    )
