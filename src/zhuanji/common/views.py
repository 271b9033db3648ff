"""What thin views share: putting a service's ValidationError on a form, and answering htmx or plain posts."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def apply_errors(form, exc: ValidationError) -> None:
    """Attach a service's ValidationError to the form: per field where it names one, else on top."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def run_service(form, service, **kwargs):
    """Call a service; on ValidationError its messages land on the form and None is returned."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def error_text(exc: ValidationError) -> str:
    """A service's refusal as one line, for a flash message."""
    if hasattr(exc, "error_dict"):
        return "；".join(m for errors in exc.message_dict.values() for m in errors)
    return "；".join(exc.messages)


def next_url(request, default: str) -> str:
    """Where to go next: the request's `next` (form field, else query string) when it is a path on this site, else
    `default` (a URL, a URL name, or "" for none). Only a path: a bare word given to `redirect()` would be reversed
    as a URL name (NoReverseMatch: a 500), another host or scheme would lead off the site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(default) if default else default


def done(request, url: str):
    """After a state change: htmx follows HX-Redirect (reloading the page behind a dialog), a plain POST redirects."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def call_and_redirect(request, to, service, success, /, **kwargs):
    """A button's POST: run `service(**kwargs)`, flash `success` (text, or a function of the service's result) or
    the service's refusal (`error_text`), and redirect to `to` (a URL, a URL name or a model). Positional-only, so
    a service may take a `request=` of its own."""
    try:
        result = service(**kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success(result) if callable(success) else success)
    return redirect(to)
