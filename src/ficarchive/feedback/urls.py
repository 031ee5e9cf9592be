"""URLs of the feedback app."""

from django.urls import path

from ficarchive.feedback import views

app_name = "feedback"
urlpatterns = [
    path("works/<int:work_id>/kudos/", views.kudos_give, name="kudos_give"),
    path("works/<int:work_id>/comments/", views.comment_add, name="comment_add"),
    path(
        "works/<int:work_id>/comments/moderate/", views.comments_moderate, name="comments_moderate"
    ),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/moderate/", views.comment_moderate, name="comment_moderate"),
    path("comments/moderation/", views.moderation_queue, name="moderation_queue"),
    path("works/<int:work_id>/bookmark/", views.bookmark_edit, name="bookmark_edit"),
    path("bookmarks/<int:bookmark_id>/delete/", views.bookmark_delete, name="bookmark_delete"),
    path("bookmarks/", views.my_bookmarks, name="my_bookmarks"),
    path("users/<str:username>/bookmarks/", views.user_bookmarks, name="user_bookmarks"),
    path("subscriptions/", views.my_subscriptions, name="my_subscriptions"),
    path("subscriptions/new/", views.subscribe, name="subscribe"),
    path("subscriptions/<int:subscription_id>/delete/", views.unsubscribe, name="unsubscribe"),
    path("inbox/", views.inbox, name="inbox"),
    path("users/<str:username>/block/", views.user_block, name="user_block"),
    path("users/<str:username>/mute/", views.user_mute, name="user_mute"),
    path("report/", views.abuse_report, name="abuse_report"),
]
