"""Each answer is checked, and normalised where that is safe, as it is typed."""

from __future__ import annotations

import datetime as dt

import pytest

from sme_registry.staff import answers
from sme_registry.staff.errors import InputError

COUNTIES = ("东昌府区", "茌平区", "阳谷县", "莘县", "东阿县", "冠县", "高唐县", "临清市")


@pytest.mark.parametrize(("typed", "stored"), [
    ("0635 1234567", "0635-1234567"), ("(0635)1234567", "0635-1234567"), ("０６３５－１２３４５６７", "0635-1234567"),
    ("06351234567", "0635-1234567"), ("0635-1234567 转 801", "0635-1234567-801"), ("138 1234 5678", "13812345678"),
    ("0635-8888888", "0635-8888888"),
])
def test_phone_numbers_are_normalised(typed, stored):
    assert answers.normalise_phone(typed) == stored


@pytest.mark.parametrize(("typed", "needle"), [("8888888", "缺少区号"), ("电话号码", "格式不正确")])
def test_bad_phone_numbers_are_refused_with_the_reason(typed, needle):
    with pytest.raises(InputError, match=needle):
        answers.normalise_phone(typed)


def test_a_web_address_without_scheme_is_offered_with_https():
    with pytest.raises(answers.Proposal) as caught:
        answers.normalise_url("www.example.org")
    assert caught.value.value == "https://www.example.org" and "https://" in str(caught.value)
    assert answers.normalise_url("https://example.org/a") == "https://example.org/a"
    with pytest.raises(InputError, match="格式不正确"):
        answers.normalise_url("平台网站")


@pytest.mark.parametrize(("typed", "meant"), [("冠具", "冠县"), ("高唐", "高唐县"), ("临清", "临清市")])
def test_county_near_misses_are_offered_the_likely_county(typed, meant):
    with pytest.raises(answers.Proposal) as caught:
        answers.check_county(typed, COUNTIES)
    assert caught.value.value == meant and typed in str(caught.value)
    with pytest.raises(InputError, match="不是可选的县"):
        answers.check_county("济南", COUNTIES)


def test_counties_services_and_categories_by_number_or_name():
    assert answers.check_county("6", COUNTIES) == "冠县"
    assert answers.check_category("综合类") == "综合类"
    with pytest.raises(answers.Proposal) as caught:
        answers.check_category("综合")
    assert caught.value.value == "综合类"
    assert answers.check_services("1、2，4 6", "综合类") == ["信息服务", "技术服务", "培训服务", "咨询服务"]
    with pytest.raises(answers.Proposal) as caught:
        answers.check_services("信息服务,技术服物", "专业类")
    assert caught.value.value == ["信息服务", "技术服务"] and "技术服物" in str(caught.value)
    with pytest.raises(InputError, match="不少于 4 项"):
        answers.check_services("1,2", "综合类")


def test_dates_in_chinese_are_offered_as_iso():
    assert answers.parse_date("2026-11-23", "公示开始日期") == dt.date(2026, 11, 23)
    with pytest.raises(answers.Proposal) as caught:
        answers.parse_date("2026年11月23日", "公示开始日期")
    assert caught.value.value == dt.date(2026, 11, 23)
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        answers.parse_date("下周一", "公示开始日期")


def test_free_text_is_held_to_the_schema_length():
    with pytest.raises(InputError, match="平台简介不能超过 300 个字符"):
        answers.check_text(("description",), "平台简介")("长" * 301)
    assert answers.check_credit_code(" 91371525ma0000200g ") == "91371525MA0000200G"
