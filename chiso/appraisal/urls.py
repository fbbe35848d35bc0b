from django.urls import path

from chiso.appraisal import views, views_approval, views_contest, views_form

app_name = "appraisal"

urlpatterns = [
    # The unit's form page composes the appraisal's side with the unit's (views_form.py).
    path("forms/<int:pk>/", views_form.show_form, name="show-form"),
    path("campaigns/<int:pk>/appraisal/", views.show_queue, name="queue"),
    path("campaigns/<int:pk>/approval/", views_approval.show_approval, name="approval"),
    path("campaigns/<int:pk>/approval/<str:step>/", views_approval.move, name="move"),
    path("appraisal/forms/<int:pk>/", views.show_review, name="review"),
    path("appraisal/forms/<int:pk>/criteria/<str:code>/", views.decide_criterion, name="decide"),
    path("appraisal/forms/<int:pk>/groups/<str:code>/", views.decide_group, name="decide-group"),
    path("appraisal/forms/<int:pk>/ask/", views.ask, name="ask"),
    path("appraisal/forms/<int:pk>/return/", views.return_form, name="return"),
    path("appraisal/forms/<int:pk>/verify/", views.verify_form, name="verify"),
    path("appraisal/forms/<int:pk>/reopen/", views.reopen_form, name="reopen"),
    path(
        "appraisal/forms/<int:pk>/accept-remaining/",
        views.accept_remaining,
        name="accept-remaining",
    ),
    path("appraisal/forms/<int:pk>/assign/", views.assign, name="assign"),
    path("appraisal/forms/<int:pk>/exclude/", views_approval.exclude, name="exclude"),
    path("forms/<int:pk>/reply/", views.reply, name="reply"),
    path("campaigns/<int:pk>/contest/", views_contest.open_window, name="open-contest"),
    path("campaigns/<int:pk>/objections/", views_contest.list_objections, name="objections"),
    path(
        "forms/<int:pk>/objections/<str:code>/",
        views_contest.file_objection,
        name="file-objection",
    ),
    path(
        "appraisal/objections/<int:pk>/answer/",
        views_contest.answer_objection,
        name="answer-objection",
    ),
]
