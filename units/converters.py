"""URL converter for official commune-level codes (digits), shared by every app's URLs.

Matching digits only keeps "<code>/" from swallowing sibling pages such as "map/" or
"roadmap/" that an app mounts beside it.
"""

from django.urls import register_converter


class WardCodeConverter:
    regex = "[0-9]{1,10}"  # ASCII only: a bare \d would also take other scripts' digits

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(WardCodeConverter, "ward_code")
