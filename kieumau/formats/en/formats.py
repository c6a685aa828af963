# English users see the same dd/mm/yyyy dates as everyone else; only number separators differ.
from kieumau.formats.vi.formats import *  # noqa: F403

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
