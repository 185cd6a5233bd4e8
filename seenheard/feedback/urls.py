"""Children's feedback (R-VOICE-2): the child's pages, and the professionals'."""

from django.urls import URLPattern, URLResolver, path

from seenheard.feedback import views

app_name = "feedback"

urlpatterns: list[URLPattern | URLResolver] = [
    # The child's pages: no account (web.middleware.PUBLIC_PATHS).
    path("feedback/", views.start, name="start"),
    path("feedback/tell-us/", views.tell_us, name="tell-us"),
    path("feedback/thank-you/", views.thank_you, name="thank-you"),
    # Staff pages.
    path("feedback/report/", views.report, name="report"),
    path("feedback/received/<id:feedback_id>/", views.received, name="received"),
    path("children/<id:child_id>/feedback-code/", views.code_new, name="code-new"),
]
