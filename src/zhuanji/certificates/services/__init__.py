"""Every state change of the certificates app (see the app's package docstring for the interface)."""

from .bulk import bulk_job_create, bulk_job_run, bulk_job_start
from .issuing import certificate_issue, certificate_replace, certificate_revoke
from .keys import issuer_key_revoke, issuer_key_rotate
from .requests import request_create, request_fulfil, request_resubmit

__all__ = [
    "bulk_job_create", "bulk_job_run", "bulk_job_start",
    "certificate_issue", "certificate_replace", "certificate_revoke",
    "issuer_key_revoke", "issuer_key_rotate",
    "request_create", "request_fulfil", "request_resubmit",
]
