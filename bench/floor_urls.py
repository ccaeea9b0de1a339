from django.shortcuts import render
from django.urls import path


def floor(request):
    return render(request, "bench/floor.html", {"title": "floor"})


urlpatterns = [path("", floor)]
