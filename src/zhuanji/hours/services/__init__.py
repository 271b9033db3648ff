"""Every state change of 专业课学时认定: applications (wizard, submit, delete), items and evidence, recognition."""

from .applications import application_create, application_delete, application_submit
from .items import evidence_add, evidence_delete, evidence_replace, item_create, item_delete, item_update

__all__ = [
    "application_create", "application_delete", "application_submit",
    "evidence_add", "evidence_delete", "evidence_replace", "item_create", "item_delete", "item_update",
]
