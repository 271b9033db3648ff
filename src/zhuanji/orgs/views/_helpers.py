from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from zhuanji.common.views import error_text, run_service


def submit(request, form, service, *, fields=None, **kwargs):
    """For a valid POST, the result of `service(**kwargs, **cleaned data)`; otherwise None.

    The service's ValidationError lands on the form's fields; `fields` limits which cleaned values are passed.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if fields is None or k in fields}
    return run_service(form, service, **kwargs, **data)


def call_and_redirect(request, to, service, success: str, **kwargs):
    """A button's POST: run the service, report success or its error as a message, go back to the list."""
    try:
        service(**kwargs)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, success)
    return redirect(to)
