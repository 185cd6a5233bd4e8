"""Figures for boards and commissioners (R-LEAD-4)."""

from django.urls import path

from seenheard.figures import views

app_name = "figures"

urlpatterns = [path("figures/", views.figures, name="area")]
