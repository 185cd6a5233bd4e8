from django.urls import URLPattern, URLResolver, path

from seenheard.screening import views

app_name = "screening"

urlpatterns: list[URLPattern | URLResolver] = [
    path("children/<id:child_id>/sdq/", views.child_sdqs, name="child-sdqs"),
    path("children/<id:child_id>/sdq/new/", views.sdq_new, name="sdq-new"),
    path("sdq/reviews/", views.reviews_waiting, name="sdq-reviews"),
    path("sdq/reviews/<id:review_id>/seen/", views.review_seen, name="sdq-review-seen"),
]
