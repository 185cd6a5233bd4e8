from django.urls import path

from seenheard.web.views import accounts, auth, children, emergency, home, inbox

app_name = "web"

urlpatterns = [
    path("", home.home, name="home"),
    path("health/", home.health, name="health"),
    path("sign-in/", auth.sign_in, name="sign-in"),
    path("sign-out/", auth.sign_out, name="sign-out"),
    path("two-factor/", auth.two_factor, name="two-factor"),
    path("children/search/", children.search, name="child-search"),
    path("children/emergency-access/", emergency.request_access, name="break-glass"),
    path("children/<id:child_id>/", children.summary, name="child-summary"),
    path("children/<id:child_id>/access/", children.access_history, name="child-access"),
    path("emergency-access/", emergency.review_list, name="break-glass-review"),
    path("emergency-access/oversight/", emergency.oversight_list, name="break-glass-oversight"),
    path(
        "emergency-access/<id:grant_id>/reviewed/",
        emergency.mark_reviewed,
        name="break-glass-reviewed",
    ),
    path("inbox/", inbox.inbox, name="inbox"),
    path("inbox/<id:notification_id>/", inbox.message, name="inbox-message"),
    path("accounts/", accounts.account_list, name="accounts"),
    path("accounts/add/", accounts.account_add, name="account-add"),
    path("accounts/people/<id:user_id>/", accounts.person, name="person"),
    path(
        "accounts/people/<id:user_id>/reset-password/",
        accounts.person_password_reset,
        name="person-reset-password",
    ),
    *(
        path(
            f"accounts/people/<id:user_id>/{change}/",
            accounts.person_change,
            {"change": change},
            name=f"person-{change}",
        )
        for change in ("disable", "enable", "unlock", "reset-two-factor")
    ),
    path("accounts/tokens/new/", accounts.token_issue, name="token-issue"),
    path("accounts/tokens/<id:token_id>/revoke/", accounts.token_revoke, name="token-revoke"),
]
