"""Every state change of 专业课学时认定: applications (wizard, submit, delete), items and evidence, recognition,
and the yearly hours ledger every module credits (`credit_hours`)."""

from .applications import application_create, application_delete, application_submit
from .items import evidence_add, evidence_delete, evidence_replace, item_create, item_delete, item_update
from .ledger import credit_hours

__all__ = [
    "application_create", "application_delete", "application_submit", "credit_hours",
    "evidence_add", "evidence_delete", "evidence_replace", "item_create", "item_delete", "item_update",
]
