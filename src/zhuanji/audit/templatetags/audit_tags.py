from django import template

from zhuanji.audit.masking import mask_numbers_in_text

register = template.Library()

# Audit labels embed usernames, and a person's username is their ID number: mask inside any text shown.
register.filter("mask_numbers", mask_numbers_in_text)
