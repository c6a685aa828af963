"""Value parsing, judging against targets and rolling scores up (services + Criterion)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from assessments.models import Criterion
from assessments.services import parse_value


def _criterion(value_type, comparison="none", target="", max_score="10", choices=""):
    return Criterion(value_type=value_type, comparison=comparison, target=target,
                     max_score=Decimal(max_score), choices=choices, code="1.1")


@pytest.mark.parametrize("raw, expected", [("có", "yes"), ("Không", "no"), ("x", "yes"),
                                           ("", "")])
def test_it_reads_yes_and_no_in_vietnamese(raw, expected):
    assert parse_value(_criterion("yes_no"), raw) == expected


def test_it_reads_a_decimal_comma():
    assert parse_value(_criterion("percentage"), "92,5") == "92.5"


@pytest.mark.parametrize("raw, code", [("140", "percentage"), ("abc", "number"),
                                       ("-1", "negative"), ("NaN", "number")])
def test_it_refuses_bad_percentages(raw, code):
    with pytest.raises(ValidationError) as error:
        parse_value(_criterion("percentage"), raw)
    assert error.value.code == code


def test_it_refuses_a_score_above_the_maximum():
    with pytest.raises(ValidationError) as error:
        parse_value(_criterion("score", max_score="5"), "6")
    assert error.value.code == "score"


def test_it_refuses_an_option_that_is_not_listed():
    criterion = _criterion("choice", choices="Tốt\nKhá\nTrung bình")
    assert parse_value(criterion, "Khá") == "Khá"
    with pytest.raises(ValidationError):
        parse_value(criterion, "Xuất sắc")


@pytest.mark.parametrize("comparison, target, value, met", [
    ("gte", "90", "90", True), ("gte", "90", "89.9", False),
    ("lte", "0", "0", True), ("lte", "0", "1", False), ("eq", "100", "100", True),
])
def test_it_judges_numbers_against_the_target(comparison, target, value, met):
    judgement = _criterion("percentage", comparison, target).evaluate(value)
    assert judgement.met is met
    assert judgement.score == (Decimal(10) if met else Decimal(0))


def test_it_gives_a_score_criterion_the_score_entered():
    assert _criterion("score", max_score="5").evaluate("3.5").score == Decimal("3.5")


def test_it_has_no_judgement_without_a_value():
    judgement = _criterion("yes_no", "yes").evaluate("")
    assert judgement.met is None and judgement.score == 0
