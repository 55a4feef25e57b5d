"""Wrapping a method of Odoo's core, once per process.

Every patch of this addon goes through ``wrap_once``: it wraps and calls the
original (never copies it), and it is idempotent, even when several of the
addon's modules wrap the same method (the WSGI entry point) or the module is
loaded again for another database.
"""

_APPLIED = "_auth_rest_session_wrappers"


def wrap_once(owner, name, key, make_wrapper):
    """Replace ``owner.name`` by ``make_wrapper(original)`` unless ``key`` is applied already."""
    original = getattr(owner, name)
    applied = getattr(original, _APPLIED, frozenset())
    if key in applied:
        return
    wrapper = make_wrapper(original)
    setattr(wrapper, _APPLIED, applied | {key})
    setattr(owner, name, wrapper)
