from django.urls import path
from django.views.generic import RedirectView

app_name = "orgs"
urlpatterns = [path("switch/", RedirectView.as_view(url="/"), name="switch")]
