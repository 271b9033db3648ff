from django.db import connection
from django.http import JsonResponse


def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception as exc:  # a health check reports, never raises
        database = f"error: {exc.__class__.__name__}"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded", "database": database,
                         "vendor": connection.vendor}, status=status)


def home(request):
    from django.shortcuts import render

    return render(request, "portal/home.html", {})
