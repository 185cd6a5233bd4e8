from django.urls import path

from seenheard.tasks import views

app_name = "tasks"

urlpatterns = [
    path("tasks/", views.task_list, name="list"),
    path("tasks/new/", views.task_new, name="new"),
    path("tasks/<id:task_id>/", views.task_detail, name="detail"),
]
