from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect


def run_service(form, service, **kwargs):
    """Call a service; its errors land on the form (on the named field when the form has it)."""
    try:
        return service(**kwargs)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


def errors_of(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "；".join(m for errors in exc.message_dict.values() for m in errors)
    return "；".join(exc.messages)


def back(request, url: str):
    """After an htmx dialog action, reload the page behind it; a plain POST redirects."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)

