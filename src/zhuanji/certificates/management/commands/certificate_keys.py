"""The certificate key store: create it once for production, check it, show the published root, verify the chain
of signed status statements.

    manage.py certificate_keys init          # the platform root + the passphrase check (never replaces a root)
    manage.py certificate_keys check         # what production start-up checks, plus the statement chain
    manage.py certificate_keys root          # the published root's subject and SHA-256 fingerprint
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from zhuanji.certificates import keys, statements


class Command(BaseCommand):
    help = "Create (init), check (check) or show (root) the certificate signing key store."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["init", "check", "root"])

    def handle(self, *args, action, **options):
        try:
            if action == "init":
                created = keys.init_store()
                self.stdout.write(f"key store {settings.CERTIFICATE_KEY_DIR}: "
                                  f"{'created' if created else 'already there, nothing changed'}")
                keys.check_store()
            elif action == "check":
                keys.check_store()
                self.stdout.write(f"key store {settings.CERTIFICATE_KEY_DIR}: opens with the configured passphrase")
                result = statements.chain_check()
                if not result.ok:
                    raise CommandError(str(result))
                self.stdout.write(str(result))
        except keys.KeyStoreError as exc:
            raise CommandError(str(exc)) from None
        root = keys.published_root()
        self.stdout.write(f"published root: {root.subject.rfc4514_string()}\nSHA-256: {keys.fingerprint(root)}")
