from django import forms

_GENERIC_REQUIRED = forms.Field.default_error_messages["required"]
_CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.FileField, forms.DateField, forms.BooleanField)


def required_message(field, name: str) -> str:
    """`请填写姓名` / `请选择民族`: the manual's field name in the message, not Django's generic one."""
    label = str(field.label or name)
    return f"请选择{label}" if isinstance(field, _CHOSEN) else f"请填写{label}"


class StyledFormMixin:
    """Bootstrap classes on every widget, `is-invalid` on fields with errors, Chinese required messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            self.style_field(name, field)

    @staticmethod
    def style_field(name: str, field) -> None:
        """Style one field; forms that add fields after __init__ call it for those."""
        if field.error_messages.get("required") == _GENERIC_REQUIRED:  # keep a form's own wording
            field.error_messages = {**field.error_messages, "required": required_message(field, name)}
        widget = field.widget
        if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
            css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else ""
        elif isinstance(widget, forms.Select):
            css = "form-select"
        else:
            css = "form-control"
        classes = [c for c in (widget.attrs.get("class", ""), css) if c]
        widget.attrs["class"] = " ".join(classes)
        if getattr(field, "max_length", None) and isinstance(widget, (forms.TextInput, forms.Textarea)):
            widget.attrs.setdefault("maxlength", field.max_length)

    def full_clean(self):
        # Marked after validation, not in __init__: reading `self.errors` there would validate the form
        # before a subclass's __init__ has set its querysets (every dynamic choice would then be refused).
        super().full_clean()
        for name in getattr(self, "_errors", None) or ():
            if name in self.fields:
                widget = self.fields[name].widget
                if "is-invalid" not in widget.attrs.get("class", "").split():
                    widget.attrs["class"] = (widget.attrs.get("class", "") + " is-invalid").strip()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
