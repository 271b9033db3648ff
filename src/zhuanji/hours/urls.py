from django.urls import path

from .views import applicant, ledger, review, shared, wizard

app_name = "hours"
urlpatterns = [
    path("", applicant.application_list, name="list"),
    path("new/", wizard.wizard, name="new"),
    path("<id:pk>/edit/", applicant.application_edit, name="edit"),
    path("<id:pk>/submit/", applicant.application_submit_view, name="submit"),
    path("<id:pk>/delete/", applicant.application_delete_view, name="delete"),
    path("<id:pk>/items/<slug:category>/new/", applicant.item_new, name="item_new"),
    path("items/<id:pk>/", applicant.item_edit, name="item_edit"),
    path("items/<id:pk>/delete/", applicant.item_delete_view, name="item_delete"),
    path("items/<id:pk>/evidence/", applicant.item_evidence, name="item_evidence"),
    path("items/<id:pk>/evidence/new/", applicant.evidence_new, name="evidence_new"),
    path("evidence/<id:pk>/", applicant.evidence_edit, name="evidence_edit"),
    path("evidence/<id:pk>/delete/", applicant.evidence_delete_view, name="evidence_delete"),
    path("<id:pk>/", shared.application_detail, name="detail"),
    path("certificates/", shared.my_certificates, name="certificates"),
    path("review/unit/", review.unit_review, name="unit_review"),
    path("review/recognizer/", review.recognizer_review, name="recognizer_review"),
    path("account/", ledger.my_account, name="account"),
    path("accounts/", ledger.unit_accounts, name="unit_accounts"),
    path("accounts/<id:pk>/", ledger.unit_account_detail, name="unit_account_detail"),
]
