"""Private storage: where uploaded and generated files live, never under a public URL.

`STORAGES["private"]` is a local directory under `PRIVATE_ROOT` (outside `MEDIA_ROOT` and any URL) by default and
a private S3 bucket prefix when `FILE_STORAGE` is S3. Files are read back only by permission-checked views.

Storage writes are not transactional, so a file written inside a transaction that rolls back would outlive its
row: services that write files run in `atomic()` (a `transaction.atomic` that also deletes the files written
inside it when it rolls back), and remove files only once the deletion has committed (`delete_on_commit`).
"""

from contextlib import ContextDecorator
from contextvars import ContextVar

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.db import transaction
from django.dispatch import receiver
from django.utils.functional import cached_property


class PrivateFileSystemStorage(FileSystemStorage):
    """A local directory with no URL: `settings.PRIVATE_ROOT` unless a location is given."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_ROOT)

    def url(self, name):
        raise ValueError("private files have no URL; serve them through a permission-checked view")


@receiver(setting_changed)
def _private_root_changed(*, setting, **kwargs):
    # Tests point PRIVATE_ROOT at a temporary directory; the storage built at start-up follows.
    if setting == "PRIVATE_ROOT":
        storage = storages["private"]
        for name in ("base_location", "location"):
            storage.__dict__.pop(name, None)


def private_storage() -> Storage:
    """The private storage (also the `storage=` callable of generated-file fields)."""
    return storages["private"]


# The file names written inside each `atomic()` block now open, innermost last.
_written: ContextVar[tuple[list[str], ...]] = ContextVar("zhuanji_private_files_written", default=())


def track_written(name: str) -> None:
    """Note a file just written, so that every enclosing `atomic()` deletes it if it rolls back."""
    for names in _written.get():
        names.append(name)


class atomic(ContextDecorator):  # noqa: N801 - used like transaction.atomic
    """`transaction.atomic()` that deletes the private files written inside it (`track_written`) on rollback."""

    def _recreate_cm(self):
        return type(self)()  # as a decorator: a fresh block per call

    def __enter__(self):
        self._names: list[str] = []
        self._token = _written.set((*_written.get(), self._names))
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        return self

    def __exit__(self, exc_type, exc, tb):
        _written.reset(self._token)
        try:
            self._atomic.__exit__(exc_type, exc, tb)
        except BaseException:
            self._delete()
            raise
        if exc_type is not None:
            self._delete()
        return False

    def _delete(self):
        storage = private_storage()
        for name in self._names:
            storage.delete(name)


def delete_on_commit(names) -> None:
    """Remove stored files once the rows naming them are gone for good; a rollback keeps both."""
    names = [n for n in names if n]
    if not names:
        return

    def remove():
        storage = private_storage()
        for name in names:
            storage.delete(name)

    transaction.on_commit(remove)
