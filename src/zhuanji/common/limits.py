"""A request body larger than any form accepts is refused from its Content-Length, before a byte is read."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.template.loader import render_to_string

TOO_LARGE = "上传内容过大（超过{mb}MB），已拒绝处理"


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if not (declared.isascii() and declared.isdigit()):  # "²" is a digit to isdigit(), not to int()
            return HttpResponseBadRequest("Content-Length 无效")
        limit = settings.MAX_REQUEST_BODY
        if int(declared) > limit:
            message = TOO_LARGE.format(mb=limit // (1024 * 1024))
            # Rendered without the request (no session or user yet), as the other edge refusals are.
            return HttpResponse(render_to_string("400.html", {"message": message}), status=413)
        return self.get_response(request)
