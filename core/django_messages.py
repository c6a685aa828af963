"""Django's own messages that its Vietnamese catalogue leaves in English.

Listed here so that `make messages` puts them in this project's catalogue, which Django
reads before its own (LOCALE_PATHS): a resident or an officer then never meets one of
them in English. Only the messages a user of this system can be shown are listed: form
and model validation, the paginator and the CSRF and permission pages.
"""

from django.utils.translation import gettext_noop

DJANGO_MESSAGES = [
    gettext_noop("Null characters are not allowed."),
    gettext_noop("“%(pk)s” is not a valid value."),
    gettext_noop("Enter a complete value."),
    gettext_noop("Enter a valid duration."),
    gettext_noop("Enter a valid UUID."),
    gettext_noop("Enter a valid JSON."),
    gettext_noop("Value must be valid JSON."),
    gettext_noop("File extension “%(extension)s” is not allowed. Allowed extensions are: "
                 "%(allowed_extensions)s."),
    gettext_noop("“%(value)s” value must be either True or False."),
    gettext_noop("“%(value)s” value must be either True, False, or None."),
    gettext_noop("“%(value)s” value must be an integer."),
    gettext_noop("“%(value)s” value must be a decimal number."),
    gettext_noop("“%(value)s” value must be a float."),
    gettext_noop("“%(value)s” value has an invalid date format. It must be in YYYY-MM-DD "
                 "format."),
    gettext_noop("“%(value)s” value has the correct format (YYYY-MM-DD) but it is an invalid "
                 "date."),
    gettext_noop("%(model)s instance with %(field)s %(value)r does not exist."),
    gettext_noop("ManagementForm data is missing or has been tampered with"),
    gettext_noop("That page number is not an integer"),
    gettext_noop("That page number is less than 1"),
    gettext_noop("That page contains no results"),
    gettext_noop("Forbidden"),
    gettext_noop("CSRF verification failed. Request aborted."),
]
