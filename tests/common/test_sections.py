"""The section framework without any business module: a toy two-section wizard over a `Draft`, and a toy
document (a numbering `Counter`) whose section is saved straight onto it."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from zhuanji.common.models import Counter, Draft
from zhuanji.common.sections import Document, Section

from ..factories import UserFactory


class NameForm(forms.Form):
    name = forms.CharField(max_length=5, error_messages={"required": "请填写名称"})
    tags = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")], required=False)


class SizeForm(forms.Form):
    size = forms.IntegerField(error_messages={"required": "请填写数量", "invalid": "数量必须是整数"})


def _size_rules(target) -> list[str]:
    named = TOY.cleaned(target, "name")
    size = TOY.cleaned(target, "size")["size"]
    return [f"“{named['name']}”最多{len(named['name'])}个"] if named and size > len(named["name"]) else []


def _always_unmet(target) -> list[str]:
    return ["请确认提交"]


TOY = Document("test.toy", (
    Section("name", "名称", form=NameForm),
    Section("size", "数量", form=SizeForm, validate=_size_rules),
    Section("confirm", "确认", validate=_always_unmet),
))


@pytest.fixture
def owner(db):
    return UserFactory()


def test_declaration_refuses_duplicate_keys():
    with pytest.raises(ValueError):
        Document("test.bad", (Section("a", "甲"), Section("a", "乙")))
    with pytest.raises(KeyError):
        TOY.section("nope")


def test_a_section_is_saved_even_when_not_valid_yet(owner):
    saved = TOY.save_section(actor=owner, key="name", data={"name": "太长的一个名称"})
    assert not saved.complete and len(saved.messages) == 1 and saved.form.errors["name"]
    draft = Draft.objects.get(owner=owner, kind="test.toy")
    assert draft.data == {"name": {"name": ["太长的一个名称"]}}  # nothing typed is lost
    form = TOY.form("name", draft)
    assert form.is_bound and form.data["name"] == "太长的一个名称" and form.errors


def test_multi_valued_input_round_trips(owner):
    from django.http import QueryDict

    TOY.save_section(actor=owner, key="name", data=QueryDict("name=ab&tags=a&tags=b&other=x"))
    draft = TOY.draft_get(owner)
    assert draft.data["name"] == {"name": ["ab"], "tags": ["a", "b"]}  # only the form's own fields
    assert TOY.cleaned(draft, "name") == {"name": "ab", "tags": ["a", "b"]}


def test_sections_are_kept_side_by_side_and_an_empty_one_is_dropped(owner):
    TOY.save_section(actor=owner, key="name", data={"name": "abc"})
    TOY.save_section(actor=owner, key="size", data={"size": "2"})
    assert set(TOY.draft_get(owner).data) == {"name", "size"}
    TOY.save_section(actor=owner, key="size", data={"size": ""})
    draft = TOY.draft_get(owner)
    assert set(draft.data) == {"name"}
    assert not TOY.form("size", draft).is_bound  # shown fresh, not as an error


def test_rules_run_once_the_form_is_valid_and_show_on_the_form(owner):
    TOY.save_section(actor=owner, key="name", data={"name": "ab"})
    saved = TOY.save_section(actor=owner, key="size", data={"size": "x"})
    assert saved.messages == ["数量必须是整数"]  # the rule did not run on input it cannot read
    saved = TOY.save_section(actor=owner, key="size", data={"size": "3"})
    assert saved.messages == ["“ab”最多2个"] and saved.form.non_field_errors() == ["“ab”最多2个"]
    draft = TOY.draft_get(owner)
    assert TOY.form("size", draft).non_field_errors() == ["“ab”最多2个"]  # shown again when come back to
    assert TOY.cleaned(draft, "size") == {"size": 3}  # the form's own data is still readable


def test_unmet_conditions_lists_every_section_at_once(owner):
    draft = TOY.draft_get(owner)
    assert draft.pk is None
    assert TOY.unmet_conditions(draft) == [("名称", "请填写名称"), ("数量", "请填写数量"), ("确认", "请确认提交")]
    TOY.save_section(actor=owner, key="name", data={"name": "ab"})
    TOY.save_section(actor=owner, key="size", data={"size": "9"})
    draft = TOY.draft_get(owner)
    assert TOY.unmet_conditions(draft) == [("数量", "“ab”最多2个"), ("确认", "请确认提交")]
    assert TOY.first_incomplete(draft).key == "size"
    assert [s.key for s in TOY.sections if TOY.is_complete(s.key, draft)] == ["name"]


def test_one_draft_per_owner_and_kind(owner):
    other = UserFactory()
    TOY.save_section(actor=owner, key="name", data={"name": "ab"})
    TOY.save_section(actor=owner, key="name", data={"name": "cd"})
    TOY.save_section(actor=other, key="name", data={"name": "ef"})
    assert Draft.objects.filter(kind="test.toy").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Draft.objects.create(owner=owner, kind="test.toy")
    with pytest.raises(PermissionDenied):
        TOY.save_section(actor=other, key="name", data={"name": "gh"}, target=TOY.draft_get(owner))
    assert TOY.cleaned(TOY.draft_get(owner), "name")["name"] == "cd"
    TOY.draft_discard(owner)
    assert list(Draft.objects.values_list("owner", flat=True)) == [other.pk]


def test_saving_updates_the_draft_the_caller_holds(owner):
    draft = TOY.draft_get(owner)
    TOY.save_section(actor=owner, key="name", data={"name": "ab"}, target=draft)
    assert draft.pk is not None and TOY.cleaned(draft, "name") == {"name": "ab", "tags": []}


# A document that exists: its section is written straight onto it, through its own "service".

class ValueForm(forms.Form):
    value = forms.IntegerField(min_value=0)


def _save_value(*, actor, document, data):
    if data["value"] == 13:
        raise ValidationError({"value": "不吉利"})
    Counter.objects.filter(pk=document.pk).update(value=data["value"])


COUNTER = Document("test.counter", (Section("value", "数值", form=ValueForm, save=_save_value,
                                            validate=lambda c: [] if c.key else ["请填写键"]),))


def test_a_section_saved_onto_the_document(owner):
    counter = Counter.objects.create(key="toy")
    saved = COUNTER.save_section(actor=owner, key="value", data={"value": "7"}, target=counter)
    assert saved.complete and Counter.objects.get(pk=counter.pk).value == 7
    saved = COUNTER.save_section(actor=owner, key="value", data={"value": "13"}, target=counter)
    assert saved.messages == ["不吉利"] and saved.form.errors == {"value": ["不吉利"]}
    saved = COUNTER.save_section(actor=owner, key="value", data={"value": "-1"}, target=counter)
    assert not saved.complete and Counter.objects.get(pk=counter.pk).value == 7  # nothing invalid is written
    assert not Draft.objects.exists()
    assert COUNTER.unmet_conditions(counter) == []
    assert COUNTER.unmet_conditions(Counter(key="")) == [("数值", "请填写键")]
