"""`<id:pk>`: a database id in a URL, or no match (404).

Django's `<int:…>` takes any run of digits, and a number past the database's 64-bit
integers then fails the query with an OverflowError (a 500) instead of "not found". Ids
are ASCII digits only, within 1 … 2⁶³ − 1.
"""

from __future__ import annotations

from django.urls import register_converter

MAX_ID = 2**63 - 1


class IdConverter:
    regex = "[0-9]{1,19}"

    def to_python(self, value: str) -> int:
        number = int(value)
        if not 0 < number <= MAX_ID:
            raise ValueError(value)  # Django reads this as "no match": 404
        return number

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(IdConverter, "id")
