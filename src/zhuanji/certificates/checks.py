"""`manage.py check --deploy`: the certificate key store opens (what production start-up also requires)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def key_store(app_configs, **kwargs):
    if not settings.CERTIFICATE_KEY_STARTUP_CHECK:
        return []
    from .keys import KeyStoreError, check_store

    try:
        check_store()
    except KeyStoreError as exc:
        return [Error(str(exc), hint="mount the key store at CERTIFICATE_KEY_DIR with its passphrase, or create it "
                                     "once with `manage.py certificate_keys init`", id="certificates.E001")]
    return []
