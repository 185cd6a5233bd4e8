"""The area's protocol pages (issue 10 item 7)."""

from django.urls import path

from seenheard.protocols import views

app_name = "protocols"

urlpatterns = [
    path("protocol/", views.protocol_page, name="page"),
    path("protocol/<str:key>/change/", views.protocol_change, name="change"),
]
