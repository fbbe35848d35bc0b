from django.contrib.auth import views as auth_views
from django.urls import path

from chiso.accounts import sso_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("me/", views.show_me, name="show-me"),
    path("me/tokens/", views.tokens, name="tokens"),
    path("me/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke-token"),
    path("sso/", sso_views.sso_start, name="sso"),
    path("sso/callback/", sso_views.sso_callback, name="sso-callback"),
]
