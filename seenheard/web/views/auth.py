"""Signing in (password, then TOTP where required), signing out, and lockout."""

from __future__ import annotations

import io
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from seenheard.access.actor import NoActiveRole, actor_for
from seenheard.audit.models import AuditAction
from seenheard.audit.services import audit_record
from seenheard.web.forms import DesignSystemMixin
from seenheard.web.pages import page


class SignInForm(DesignSystemMixin, AuthenticationForm):
    field_names = {"username": "Username", "password": "Password"}
    error_messages = {
        "invalid_login": ("Enter a correct username and password. Both are case-sensitive."),
        "inactive": "This account is no longer active. Ask your system administrator.",
    }


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.get_user()
        try:
            actor = actor_for(user, channel="web")
        except NoActiveRole:
            form.add_error(
                None,
                "Your account has no active role at any organisation. "
                "Ask your system administrator.",
            )
        else:
            login(request, user)
            with transaction.atomic():
                audit_record(actor=actor, action=AuditAction.SIGN_IN, object_type="Session")
            if settings.REQUIRE_TWO_FACTOR:
                return redirect(f"/two-factor/?next={_next_url(request)}")
            return redirect(_next_url(request))
    return page(
        request,
        "web/sign_in.jinja",
        {"form": form, "next": _next_url(request)},
        title="Sign in",
        status=400 if form.errors else 200,
    )


def sign_out(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if request.user.is_authenticated:
            try:
                actor = actor_for(request.user, channel="web")
            except NoActiveRole:
                actor = None
            if actor is not None:
                with transaction.atomic():
                    audit_record(actor=actor, action=AuditAction.SIGN_OUT, object_type="Session")
        logout(request)
        return redirect("/sign-in/?signed_out=1")
    return page(request, "web/sign_out.jinja", title="Sign out")


def locked_out(
    request: HttpRequest, response: Any = None, credentials: Any = None, *args: Any, **kwargs: Any
) -> HttpResponse:
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    return page(
        request, "web/locked_out.jinja", {"minutes": minutes}, title="Account locked", status=429
    )


def _qr_svg(uri: str) -> str:
    image = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = io.BytesIO()
    image.save(buffer)
    return buffer.getvalue().decode()


@require_http_methods(["GET", "POST"])
def two_factor(request: HttpRequest) -> HttpResponse:
    """Enter the 6-digit code from an authenticator app; first time, set the app up."""
    user = request.user
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    setting_up = device is None
    if setting_up:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
        if device is None:
            device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    error = None
    if request.method == "POST":
        token = (request.POST.get("token") or "").replace(" ", "")
        if not (token.isdigit() and len(token) == 6):
            error = "Enter the 6-digit code shown in your authenticator app."
        elif not device.verify_token(token):
            error = "That code is not right, or it has expired. Enter the code shown now."
        else:
            if setting_up:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return redirect(_next_url(request))
    context = {"setting_up": setting_up, "error": error, "next": _next_url(request)}
    if setting_up:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = device.config_url.split("secret=")[1].split("&")[0]
    return page(
        request,
        "web/two_factor.jinja",
        context,
        title="Set up two-factor sign-in" if setting_up else "Enter your security code",
        status=400 if error else 200,
    )
