from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("options/", views.options, name="options"),
    path("manage/series/", views.series_list, name="series_list"),
    path("manage/specialties/", views.specialty_list, name="specialty_list"),
    path("manage/qualifications/", views.qualification_list, name="qualification_list"),
    path("manage/qualifications/<id:pk>/exam-only/", views.qualification_exam_only, name="qualification_exam_only"),
    path("manage/import/", views.catalog_upload, name="import"),
    path("manage/export/", views.catalog_export, name="export"),
]
