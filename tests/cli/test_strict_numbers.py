"""Offsets and counts are whole numbers written with 0-9: Python's int()
would take "7_0" as 70 and Arabic-Indic or full-width digits as numbers."""
from __future__ import annotations

import pytest

from coding.text import whole_number
from tests.cli.test_cli import run


@pytest.mark.parametrize("text", ["7_0", "٣", "７", "1e3", "", " ", "0x10", "1.0"])
def test_only_ascii_digits_make_a_whole_number(text):
    with pytest.raises(ValueError):
        whole_number(text)


def test_what_int_alone_would_take():
    assert (int("7_0"), int("٣"), int("７")) == (70, 3, 7)


def test_plain_numbers_still_do():
    assert [whole_number(t) for t in ("70", " 3 ", "-2", "+5", "007")] == [70, 3, -2, 5, 7]


def test_the_cli_refuses_them_in_one_line(demo_copy, capsys):
    before = demo_copy.read_bytes()
    code, _o, err = run(capsys, "themes", str(demo_copy), "--depth", "1_0", "--as", "Priya Raman")
    assert code != 0 and err.count("\n") == 1 and "1_0" in err
    code, _o, err = run(capsys, "reconcile", str(demo_copy), "--as", "Priya Raman", "--decide", "abc=accept-a",
                        "--span", "٣-٧")
    assert code == 1 and err.count("\n") == 1 and "--span takes START-END" in err
    assert demo_copy.read_bytes() == before
