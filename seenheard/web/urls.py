from django.urls import path

from seenheard.web.views import auth, home

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", home.health, name="health"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("two-factor/", auth.two_factor, name="two-factor"),
]
