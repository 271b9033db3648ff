"""Per-app registries: each app declares data in a module of its own (`menu.py`, `permissions.py`), read here.

Start-up code asks for one attribute of one module name across the installed apps, so no app edits another's
files to plug in.
"""

from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def declared(module: str, attr: str):
    """Every item of `<app>.<module>.<attr>` over the installed apps that have such a module, in app order."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, module):
            yield from getattr(import_module(f"{config.name}.{module}"), attr, ())
