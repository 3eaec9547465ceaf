"""A registry of demo-data builders: each app lists its own in `<app>/demo.py`, the core imports none of them.

Builders run in registration order (app order in INSTALLED_APPS), must be idempotent, and return lines to
print (e.g. the demo log-ins).
"""

_builders = []


def register(func):
    _builders.append(func)
    return func


def builders():
    return list(_builders)
