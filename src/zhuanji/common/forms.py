from django import forms


class StyledFormMixin:
    """Bootstrap classes on every widget, and `is-invalid` on fields with errors."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)):
                css = "form-check-input" if isinstance(widget, forms.CheckboxInput) else ""
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            classes = [c for c in (widget.attrs.get("class", ""), css) if c]
            if self.is_bound and name in self.errors:
                classes.append("is-invalid")
            widget.attrs["class"] = " ".join(classes)
            if getattr(field, "max_length", None) and isinstance(widget, (forms.TextInput, forms.Textarea)):
                widget.attrs.setdefault("maxlength", field.max_length)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
