"""Documents filled in sections: each section saved as the user leaves it, each validated on its own, and every
unmet condition of the whole document listed at once (一次性告知) when it is finished or submitted.

    WIZARD = Document("hours.wizard", (
        Section("info", "我的信息", form=MyInfoForm),
        Section("specialty", "选择认定专业", form=SpecialtyForm, validate=specialty_rules),
        Section("recognizer", "认定单位", validate=recognizer_rules),
    ))
    WIZARD.save_section(actor=user, key="info", data=request.POST)   # -> Saved(form, messages)
    WIZARD.unmet_conditions(WIZARD.draft_get(user))                   # -> [("选择认定专业", "…"), …]

Before the document exists its sections live in a `Draft` (one per owner and kind): the raw input of each
section, kept even when it is not valid yet, so nothing typed is lost when the 30-minute session ends; it is
validated again each time it is read. Once the document exists, a section's `save` writes straight onto it
through the document's own service, and `validate` reads the document.

A section's rules:
- `form`: a Django form class; it validates the section's own fields (on a draft: its stored input).
- `validate(target) -> list of messages`: what the form cannot see (rules across sections, database checks);
  run only once the section's form, if any, is valid. `target` is the draft or the document.
Drafts are scratch data private to their owner: saving one is not audited; creating the document is.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.datastructures import MultiValueDict

from .models import Draft
from .views import apply_errors


@dataclass(frozen=True)
class Section:
    key: str
    label: str
    form: type[forms.BaseForm] | None = None
    validate: Callable[[Any], Iterable[str]] | None = None
    # save(actor=, document=, data=cleaned_data): writes the section onto an existing document (its service).
    save: Callable[..., object] | None = None


@dataclass
class Saved:
    """One section after it was saved: its bound form (errors attached) and every message of the section."""

    section: Section
    form: forms.BaseForm | None
    messages: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.messages


@dataclass(frozen=True)
class Document:
    """The declaration of a document's sections, in order, and the one API over its draft or itself."""

    kind: str
    sections: tuple[Section, ...]

    def __post_init__(self):
        keys = [s.key for s in self.sections]
        if len(set(keys)) != len(keys) or len(self.kind) > Draft._meta.get_field("kind").max_length:
            raise ValueError(f"document {self.kind!r}: section keys must be unique and the kind short")

    def section(self, key: str) -> Section:
        for section in self.sections:
            if section.key == key:
                return section
        raise KeyError(key)

    # Drafts ----------------------------------------------------------------------------------------------------

    def draft_get(self, owner) -> Draft:
        """The owner's draft of this kind, or a new unsaved (empty) one."""
        return Draft.objects.filter(owner=owner, kind=self.kind).first() or Draft(owner=owner, kind=self.kind)

    def draft_discard(self, owner) -> None:
        """Remove the owner's draft (the document was created from it, or the owner starts again)."""
        Draft.objects.filter(owner=owner, kind=self.kind).delete()

    def cleaned(self, draft: Draft, key: str) -> dict | None:
        """A draft section's cleaned data, or None while its stored input is missing or not valid."""
        if self.section(key).form is None:
            return None
        form = self._bound(draft, key)
        return form.cleaned_data if form.is_valid() else None

    # One section -----------------------------------------------------------------------------------------------

    def form(self, key: str, target, *, initial: dict | None = None) -> forms.BaseForm | None:
        """The section's form to show: bound to a draft's stored input with every error of the section (its own
        and its `validate` messages, on top), else unbound with `initial`."""
        section = self.section(key)
        if section.form is None:
            return None
        if not (isinstance(target, Draft) and key in target.data):
            return section.form(initial=initial)
        form = section.form(data=MultiValueDict(target.data[key]))  # not the cached one: errors are added
        if form.is_valid() and section.validate is not None:
            for message in section.validate(target):
                form.add_error(None, message)
        return form

    def errors(self, key: str, target) -> list[str]:
        """Everything unmet in one section, on its own: its form's errors, then its `validate` messages."""
        section = self.section(key)
        if section.form is not None and isinstance(target, Draft):
            form = self._bound(target, key)
            if not form.is_valid():
                return _form_messages(form)
        return list(section.validate(target)) if section.validate is not None else []

    def is_complete(self, key: str, target) -> bool:
        return not self.errors(key, target)

    def first_incomplete(self, target) -> Section | None:
        return next((s for s in self.sections if not self.is_complete(s.key, target)), None)

    @transaction.atomic
    def save_section(self, *, actor, key: str, data, target=None) -> Saved:
        """Save one section as the user leaves it and validate it.

        On a draft (`target` None or a `Draft`), the input is stored even when not valid yet and the other
        sections' input is kept. On a document, the section's `save` runs only with valid input; a service's
        ValidationError lands on the form.
        """
        section = self.section(key)
        form = section.form(data=data) if section.form is not None else None
        if target is None or isinstance(target, Draft):
            if target is not None and target.owner_id != actor.pk:
                raise PermissionDenied("只能修改本人的草稿")
            draft, _ = Draft.objects.select_for_update().get_or_create(owner=actor, kind=self.kind)
            if form is not None:
                raw = _raw_input(form, data)
                if any(v not in ("", None) for values in raw.values() for v in values):
                    draft.data[key] = raw
                else:
                    draft.data.pop(key, None)  # an untouched section stays unfilled rather than invalid
                draft.save(update_fields=["data", "updated_at"])
            _forms_cache(draft).pop(key, None)  # read back from what was stored
            if target is not None:
                target.data, target.pk, target.updated_at = draft.data, draft.pk, draft.updated_at
                _forms_cache(target).clear()
            target = draft
        elif form is not None and form.is_valid():
            if section.save is None:
                raise ValueError(f"section {key!r} of {self.kind!r} cannot be saved onto a document")
            try:
                section.save(actor=actor, document=target, data=form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
        if form is not None and not form.is_valid():
            return Saved(section, form, _form_messages(form))
        messages = list(section.validate(target)) if section.validate is not None else []
        if form is not None:
            for message in messages:
                form.add_error(None, message)  # shown on the section itself, above its fields
        return Saved(section, form, messages)

    # The whole document ----------------------------------------------------------------------------------------

    def unmet_conditions(self, target) -> list[tuple[str, str]]:
        """Every unmet condition of the draft or document, section by section: `[(section label, message)]`."""
        return [(s.label, message) for s in self.sections for message in self.errors(s.key, target)]

    def _bound(self, draft: Draft, key: str) -> forms.BaseForm:
        """The section's form bound to the draft's stored input (empty when none: its required messages)."""
        cache = _forms_cache(draft)
        if key not in cache:
            cache[key] = self.section(key).form(data=MultiValueDict(draft.data.get(key, {})))
        return cache[key]


def _forms_cache(draft: Draft) -> dict:
    # Bound forms per section, so reading several sections' rules validates each stored input once.
    return draft.__dict__.setdefault("_section_forms", {})


def _raw_input(form: forms.BaseForm, data) -> dict[str, list[str]]:
    """The posted values of the form's fields (and their sub-widgets' `name_0`…) as JSON: `{name: [values]}`."""
    names = [form.add_prefix(name) for name in form.fields]
    raw = {}
    for key in data:
        if any(key == name or key.startswith(f"{name}_") for name in names):
            values = data.getlist(key) if hasattr(data, "getlist") else data[key]
            values = values if isinstance(values, (list, tuple)) else [values]
            raw[key] = ["" if v is None else str(v) for v in values]
    return raw


def _form_messages(form: forms.BaseForm) -> list[str]:
    return [str(m) for errors in form.errors.values() for m in errors]
