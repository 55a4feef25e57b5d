"""Messages for people, in the language the client asks for.

Messages are written in English and marked with ``_`` so that Odoo's term
extraction puts them in ``i18n/auth_rest_session.pot``. They are translated
when an answer is written, not when the module is imported: the language
belongs to the request. The language is the best match of the request's
``Accept-Language`` among the languages installed in the database, else the
language of the logged-in user; English when neither gives one, or when no
database is known yet.
"""

import logging

from odoo import SUPERUSER_ID
from odoo.http import request

from . import compat

_logger = logging.getLogger(__name__)

#: The language the messages are written in.
SOURCE_LANGUAGE = "en"


def _(source):
    """Mark ``source`` for extraction; ``Translator`` translates it when answering."""
    return source


class Translator:
    """Translates marked messages for one answer, and says in which language it did."""

    def __init__(self, env=None, lang=None):
        self.env = env
        self.lang = lang
        self.translated = False

    def __call__(self, source):
        if not self.lang:
            return source
        try:
            text = compat.code_translation(self.env, self.lang, source)
        except Exception:  # an answer in English beats no answer
            _logger.warning("Could not translate a message into %s", self.lang, exc_info=True)
            return source
        self.translated = self.translated or text != source
        return text

    def content_language(self):
        """The answer's ``Content-Language``: a language only claimed when used."""
        if self.translated:
            return self.lang.replace("_", "-")
        return SOURCE_LANGUAGE


def request_translator():
    """A translator into the request's language, or one that leaves English as it is."""
    wanted = _wanted_languages()
    if not wanted or _primary(wanted[0]) == SOURCE_LANGUAGE or not request.db:
        return Translator()
    try:
        env = request.env(user=SUPERUSER_ID)
        lang = _best_installed(wanted, [code for code, _name in env["res.lang"].get_installed()])
    except Exception:  # e.g. the database just went away: answer in English
        _logger.warning("Could not read the installed languages", exc_info=True)
        return Translator()
    return Translator(env, lang)


def _wanted_languages():
    """The client's ``Accept-Language`` ranges by preference, then the user's language."""
    accepted = [value for value, quality in request.httprequest.accept_languages if quality > 0 and value != "*"]
    user_lang = (request.session.context or {}).get("lang")
    return accepted + ([user_lang] if user_lang else [])


def _primary(tag):
    return tag.replace("_", "-").split("-")[0].lower()


def _best_installed(wanted, installed):
    """The first wanted language that is installed, exactly or by its primary
    subtag (``fr-CA`` or ``fr`` pick ``fr_FR`` when that is what is installed);
    None when English comes first."""
    by_code = {code.lower(): code for code in installed}
    for tag in wanted:
        primary = _primary(tag)
        if primary == SOURCE_LANGUAGE:
            return None
        exact = by_code.get(tag.replace("-", "_").lower())
        if exact:
            return exact
        same_primary = sorted(code for code in installed if _primary(code) == primary)
        if same_primary:
            preferred = "%s_%s" % (primary, primary.upper())
            return preferred if preferred in same_primary else same_primary[0]
    return None
