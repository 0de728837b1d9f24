from django.urls import path

from pusula.plans import views

app_name = "plans"
urlpatterns = [
    path("<int:round_pk>/plan/", views.plan, name="plan"),
    path("<int:round_pk>/plan/priorities/", views.priorities, name="priorities"),
    path("<int:round_pk>/plan/priorities/add/", views.add_candidate, name="add_candidate"),
    path("<int:round_pk>/plan/actions/new/", views.action_create, name="action_create"),
    path("<int:round_pk>/plan/actions/<int:action_pk>/", views.action_detail, name="action"),
    path("<int:round_pk>/plan/actions/<int:action_pk>/progress/", views.action_progress, name="action_progress"),
    path("<int:round_pk>/plan/plan.xlsx", views.plan_xlsx, name="xlsx"),
    path("<int:round_pk>/plan/plan.ics", views.plan_ics, name="ics"),
]
