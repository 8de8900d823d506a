"""Published values, reproduced through real projects (SQLite, and PostgreSQL
when reachable): codings are stored, then the service computes from them."""
from __future__ import annotations

import math

import pytest

from coding import access, codebook, coders, sources
from coding.agreement.corpus import AgreementRequest
from coding.agreement.service import compute_agreement
from coding.codings import NewCoding, apply_codings
from coding.text import sha256


def build(store, text: str, spans: dict[str, dict[str, list[tuple[int, int]]]],
          n_coders: int = 2, exclusive: tuple[str, ...] = (), source_name: str = "doc"):
    """``spans[code_path][coder] = [(start, end), ...]``; coders are C1, C2, ..."""
    names = [f"C{i + 1}" for i in range(n_coders)]
    with store.transaction(access.system("tester")) as s:
        source = sources.add_source(s, source_name, "document", text, sha256(text.encode()))
        people = {name: coders.create_coder(s, name) for name in names}
        for parent in exclusive:
            codebook.update_code(s, codebook.ensure_path(s, parent), exclusive=True)
        items = []
        for path, by_coder in spans.items():
            code = codebook.ensure_path(s, path)
            for coder, ranges in by_coder.items():
                items += [NewCoding(source, code, people[coder], a, b) for a, b in ranges]
        apply_codings(s, items)
    return tuple(names)


def agree(store, coder_names, **options):
    with store.session() as s:
        return compute_agreement(s, access.system("t"), AgreementRequest(coders=coder_names, **options))


def test_cohen_kappa_table_20_5_10_15_on_a_50_character_text(store):
    # 2×2 table [[20, 5], [10, 15]]: both 20, C1 only 5, C2 only 10, neither 15.
    text = "x" * 50
    names = build(store, text, {"Theme/Code": {"C1": [(0, 25)], "C2": [(0, 20), (25, 35)]}})
    result = agree(store, names, unit="char").code("Theme/Code")
    assert result.counts == {"both": 20, "a_only": 5, "b_only": 10, "neither": 15}
    assert result.coefficients.cohen_kappa == pytest.approx(0.40, abs=1e-3)
    assert result.coefficients.percent_agreement == pytest.approx(0.70, abs=1e-9)
    assert result.coefficients.positive_agreement == pytest.approx(40 / 55, abs=1e-9)
    # NVivo's κ formula on the character table equals Cohen's κ.
    n, a, b, c, d = 50, 20, 5, 10, 15
    po = (a + d) / n
    pe = ((a + b) * (a + c) + (c + d) * (b + d)) / n ** 2
    assert (po - pe) / (1 - pe) == pytest.approx(result.coefficients.cohen_kappa, abs=1e-12)
    # Scott's π and Brennan–Prediger by hand.
    p_yes = ((a + b) + (a + c)) / (2 * n)
    pe_pi = p_yes ** 2 + (1 - p_yes) ** 2
    assert result.coefficients.scott_pi == pytest.approx((po - pe_pi) / (1 - pe_pi), abs=1e-12)
    assert result.coefficients.brennan_prediger == pytest.approx(2 * po - 1, abs=1e-12)
    ac1_pe = 2 * p_yes * (1 - p_yes)
    assert result.coefficients.gwet_ac1 == pytest.approx((po - ac1_pe) / (1 - ac1_pe), abs=1e-12)


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability": 4 observers,
# 12 units, values 1–5, missing values marked None.  Nominal α = 0.743.
K2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def test_krippendorff_2011_example_as_an_exclusive_group_over_twelve_paragraphs(store):
    paragraphs = [f"Paragraph {i + 1} of the reliability data." for i in range(12)]
    text = "\n".join(paragraphs)
    offsets, at = [], 0
    for p in paragraphs:
        offsets.append((at, at + len(p)))
        at += len(p) + 1
    spans: dict[str, dict[str, list]] = {}
    for coder, row in enumerate(K2011):
        for unit, value in enumerate(row):
            if value is not None:
                spans.setdefault(f"Rating/Value {value}", {}).setdefault(f"C{coder + 1}", []).append(
                    offsets[unit])
    names = build(store, text, spans, n_coders=4, exclusive=("Rating",))
    report = agree(store, names, unit="paragraph")
    group = report.group("Rating")
    assert group.coefficients.krippendorff_alpha == pytest.approx(0.743, abs=1e-3)
    # The same data in irrCAC's documentation (raw_4raters, Gwet 2014's treatment of the
    # missing ratings): Fleiss' κ 0.76117, AC1 0.77544, Brennan–Prediger 0.77273.
    assert group.coefficients.fleiss_kappa == pytest.approx(0.76117, abs=5e-6)
    assert group.coefficients.gwet_ac1 == pytest.approx(0.77544, abs=5e-6)
    assert group.coefficients.brennan_prediger == pytest.approx(0.77273, abs=5e-6)
    assert "Gwet 2014" in report.methods["fleiss_kappa"] and "Gwet 2014" in report.methods["gwet_ac1"]
    assert group.extra["conflicts"] == 0
    assert group.n_units == 12  # unit 12 has a single value but is still a unit
    assert len(report.pairs) == 6


def test_krippendorff_2004_unitized_example(store):
    text = "y" * 300
    names = build(store, text, {
        "Cat/c": {"C1": [(75, 145), (220, 250)], "C2": [(70, 150), (205, 225), (250, 270)]},
        "Cat/k": {"C1": [(30, 90), (150, 200)], "C2": [(30, 90), (150, 200)]},
    })
    report = agree(store, names, unit="unitized")
    assert report.code("Cat/c").coefficients.krippendorff_alpha == pytest.approx(0.7286, abs=1e-3)
    assert report.code("Cat/k").coefficients.krippendorff_alpha == pytest.approx(1.0, abs=1e-9)
    assert report.overall["unitized_alpha"]["value"] == pytest.approx(0.8587, abs=1e-3)


def test_undefined_coefficients_are_null_with_a_reason_and_agreement_still_shown(store):
    text = "z" * 40
    names = build(store, text, {"T/Never": {}, "T/Everywhere": {"C1": [(0, 40)], "C2": [(0, 40)]}})
    report = agree(store, names, unit="char", codes=("T/Never", "T/Everywhere"))
    never = report.code("T/Never")
    assert never.coefficients.percent_agreement == 1.0
    for name in ("cohen_kappa", "scott_pi", "krippendorff_alpha"):
        assert never.value(name) is None
        assert "no variation" in never.coefficients.undefined[name]
    assert never.coefficients.undefined["positive_agreement"] == "no coder applied the code"
    everywhere = report.code("T/Everywhere")
    assert everywhere.coefficients.cohen_kappa is None and everywhere.coefficients.positive_agreement == 1.0
    data = report.to_json()
    assert not any(isinstance(v, float) and math.isnan(v) for c in data["codes"] for v in c.values()
                   if isinstance(v, float))
    assert data["codes"][0]["cohen_kappa"] is None
