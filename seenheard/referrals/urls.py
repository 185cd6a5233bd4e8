"""Referral pages (R-REF-1, R-REF-3)."""

from django.urls import URLPattern, URLResolver, path

from seenheard.referrals import audit_views, views

app_name = "referrals"

urlpatterns: list[URLPattern | URLResolver] = [
    path("referrals/", views.referral_list, name="list"),
    path("referrals/incoming/", views.referral_incoming, name="incoming"),
    # The quality audit (R-REF-2).
    path("referrals/audit/", audit_views.audit_home, name="audit"),
    path("referrals/audit/<id:audit_id>/", audit_views.audit_score, name="audit-score"),
    path("children/<id:child_id>/referrals/new/", views.referral_new, name="new"),
    path("referrals/<id:referral_id>/", views.referral_detail, name="detail"),
    path("referrals/<id:referral_id>/edit/", views.referral_edit, name="edit"),
    path("referrals/<id:referral_id>/decide/", views.referral_decide_page, name="decide"),
]
