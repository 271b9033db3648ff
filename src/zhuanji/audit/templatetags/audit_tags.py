from django import template

from zhuanji.audit.labels import action_label, object_type_label
from zhuanji.audit.masking import mask_numbers_in_text

register = template.Library()

# Audit labels embed usernames, and a person's username is their ID number: mask inside any text shown.
register.filter("mask_numbers", mask_numbers_in_text)

# 操作 and 对象类型 in Chinese (`audit/labels.py`), falling back to the stored code.
register.filter("action_label", action_label)
register.filter("object_type_label", object_type_label)
