"""Test settings: the platform's own, plus test-only apps (e.g. the review engine's demo document type)."""

from zhuanji.settings import *  # noqa: F403
from zhuanji.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.reviews.docapp"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.Argon2PasswordHasher"]
