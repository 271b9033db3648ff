from zhuanji.common.periodic import periodic

from .services.bulk import bulk_jobs_resume
from .services.pdfs import certificate_pdfs_requeue


@periodic("certificates.resume_bulk")
def resume_bulk() -> int:
    """Bulk issuing jobs whose worker died (lease expired) or whose message was lost are queued again."""
    return bulk_jobs_resume()


@periodic("certificates.make_pdfs")
def make_pdfs() -> int:
    """Certificates whose PDF was asked for minutes ago and is still missing are asked for again."""
    return certificate_pdfs_requeue()
