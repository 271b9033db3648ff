from zhuanji.common.views import run_service


def submit(request, form, service, *, fields=None, **kwargs):
    """For a valid POST, the result of `service(**kwargs, **cleaned data)`; otherwise None.

    The service's ValidationError lands on the form's fields; `fields` limits which cleaned values are passed.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    data = {k: v for k, v in form.cleaned_data.items() if fields is None or k in fields}
    return run_service(form, service, **kwargs, **data)

