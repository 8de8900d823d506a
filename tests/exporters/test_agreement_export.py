"""Agreement reports written to CSV, XLSX and DOCX: real reports from a small
real project (three coders, an exclusive group, a rare code and a code with no
variation), checked cell by cell against the report."""
from __future__ import annotations

import csv
import os
import random
import re

import pytest
from docx import Document
from openpyxl import load_workbook

from coding import access, codebook, coders, sources
from coding.agreement.corpus import AgreementRequest
from coding.agreement.report import COEFFICIENTS, LABELS, krippendorff_band, landis_koch
from coding.agreement.service import compute_agreement
from coding.codings import NewCoding, apply_codings
from coding.sources import SectionSpec
from coding.text import sha256
from exporters import agreement_csv, agreement_xlsx
from exporters.agreement import ExportFailed, check_path, export_report
from storage import create_project
from storage.errors import TandemError

CODERS = ("Priya", "Daniel", "Mina")
# code path -> share of turns it truly applies to (None: every turn, by everyone)
CODES = {"Support/Practical help": 0.4, "Support/Emotional support": 0.3,
         "Barriers/Rare": 0.04, "Barriers/Everything": None}


def _build(path):
    rng = random.Random(3)
    store = create_project(path, "Agreement study")
    with store.transaction(access.system("tester")) as s:
        people = [coders.create_coder(s, name) for name in CODERS]
        codes = {p: codebook.ensure_path(s, p) for p in CODES}
        tone = codebook.create_code(s, "Tone", codable=False, exclusive=True)
        for leaf in ("Positive", "Negative"):
            codes[f"Tone/{leaf}"] = codebook.create_code(s, leaf, parent=tone)
        items = []
        for d in range(2):
            text, specs = "", []
            for i in range(30):
                turn = f"P{i % 6}: " + "word " * rng.randrange(5, 15)
                specs.append(SectionSpec(len(text), len(text) + len(turn), speaker=turn[:2]))
                text += turn + "\n"
            source = sources.add_source(s, f"Interview {d + 1}", "interview", text,
                                        sha256(text.encode()), sections=specs)
            for spec in specs:
                truth = {p: q is None or rng.random() < q for p, q in CODES.items()}
                tone_value = rng.choice(["Tone/Positive", "Tone/Negative"])
                for coder in people:
                    for p, on in truth.items():
                        if CODES[p] is None or (on and rng.random() > .1) or (not on and rng.random() < .06):
                            items.append(NewCoding(source, codes[p], coder, spec.start, spec.end))
                    value = tone_value if rng.random() > .15 else (
                        "Tone/Negative" if tone_value == "Tone/Positive" else "Tone/Positive")
                    items.append(NewCoding(source, codes[value], coder, spec.start + 4, spec.end))
        apply_codings(s, items)
    return store


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    store = _build(tmp_path_factory.mktemp("agreement") / "study.tandem")
    out = {}
    with store.session() as s:
        for name, who, unit in (("three", CODERS, "section"), ("two", CODERS[:2], "section"),
                                ("segment", CODERS[:2], "segment"),
                                ("segment3", CODERS, "segment"),
                                ("unitized", CODERS[:2], "unitized"),
                                ("frequency", CODERS, "frequency")):
            out[name] = compute_agreement(s, access.system("t"), AgreementRequest(coders=who, unit=unit, n_boot=200))
    store.close()
    return out


def _num(text):
    return None if text == "" else float(text)


def _close(a, b):
    return (a is None and b is None) or (a is not None and b is not None and a == pytest.approx(b, abs=1e-9))


# ----------------------------------------------------------------------------
# CSV
# ----------------------------------------------------------------------------

def _csv(report, tmp_path):
    path = export_report(report, tmp_path / "agreement.csv")
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_csv_rows_carry_the_json_values(reports, tmp_path):
    report = reports["three"]
    data = report.to_json()
    rows = _csv(report, tmp_path)
    everyone = "; ".join(CODERS)
    first = rows[0]  # what was compared, stated in the file itself
    assert (first["kind"], first["code"], _num(first["n_units"])) == ("report", report.unit, report.n_units)
    assert first["method"] == report.unit_description and "sources=" in first["details"]
    assert "filters=" in first["details"]
    codes = [r for r in rows if r["kind"] == "code" and r["coders"] == everyone]
    assert [r["code"] for r in codes] == [c["code"] for c in data["codes"]]
    for row, code in zip(codes, data["codes"]):
        for name in COEFFICIENTS + ("n_units", "prevalence", "coded_by_0", "coded_by_3"):
            assert _close(_num(row[name]), code[name]), (code["code"], name)
        for name in ("krippendorff_alpha", "gwet_ac1"):
            low, high = code["ci95"][name] or ("", "")
            assert (row[f"{name}_ci95_low"], row[f"{name}_ci95_high"]) == (str(low), str(high))
        assert row["warnings"] == "; ".join(code["warnings"])
        for reason in code["undefined"].values():
            assert reason in row["undefined"]
    everything = next(r for r in codes if r["code"] == "Barriers/Everything")
    assert everything["krippendorff_alpha"] == "" and "no variation" in everything["undefined"]
    assert "κ paradox" in everything["warnings"]

    (group,) = [r for r in rows if r["kind"] == "group" and r["coders"] == everyone]
    assert group["code"] == "Tone" and group["values"] == "Tone/Positive; Tone/Negative"
    assert _close(_num(group["fleiss_kappa"]), data["groups"][0]["fleiss_kappa"])
    per_pair = [r for r in rows if r["kind"] == "group" and r["coders"] != everyone]
    assert len(per_pair) == len(report.pairs) == 3  # the group for every pair of coders too
    for row, pair in zip(per_pair, data["pairs"]):
        assert _close(_num(row["cohen_kappa"]), pair["groups"][0]["cohen_kappa"])

    overall = {r["code"]: r for r in rows if r["kind"] == "overall" and r["coders"] == everyone}
    assert set(overall) == set(data["overall"])
    for name in COEFFICIENTS:
        assert _close(_num(overall["unweighted_mean"][name]), data["overall"]["unweighted_mean"][name])
    assert _num(overall["pooled_kappa"]["fleiss_kappa"]) == data["overall"]["pooled_kappa"]["value"]
    assert _num(overall["pooled_alpha"]["krippendorff_alpha"]) == data["overall"]["pooled_alpha"]["value"]
    assert overall["pooled_kappa"]["method"].startswith("pooled κ")


def test_csv_has_a_row_per_pair_and_code_for_three_coders(reports, tmp_path):
    report = reports["three"]
    rows = _csv(report, tmp_path)
    for pair, pair_json in zip(report.pairs, report.to_json()["pairs"]):
        mine = [r for r in rows if r["coders"] == "; ".join(pair.coders)]
        codes = [r for r in mine if r["kind"] == "code"]
        assert [r["code"] for r in codes] == [c.code for c in pair.codes]
        for row, code in zip(codes, pair_json["codes"]):
            assert _close(_num(row["cohen_kappa"]), code["cohen_kappa"])
            assert _close(_num(row["both"]), code["both"])
        pooled = next(r for r in mine if r["code"] == "pooled_kappa")
        assert _close(_num(pooled["cohen_kappa"]), pair_json["overall"]["pooled_kappa"]["value"])
    assert len(report.pairs) == 3


def test_csv_segment_and_unitized_columns(reports, tmp_path):
    segment = reports["segment"]
    data = segment.to_json()
    rows = _csv(segment, tmp_path)
    code = next(r for r in rows if r["kind"] == "code")
    first = data["codes"][0]
    assert _close(_num(code["holsti"]), first["holsti"])
    assert _close(_num(code["maxqda_kappa"]), first["maxqda_kappa"])
    assert int(code["matched"]) == first["matched"]
    assert code["cohen_kappa"] == "" and "segment units have no 'neither' cell" in code["undefined"]
    pooled = next(r for r in rows if r["code"] == "pooled")
    assert _close(_num(pooled["holsti"]), data["overall"]["pooled"]["holsti"])

    unitized = reports["unitized"]
    data = unitized.to_json()
    rows = _csv(unitized, tmp_path)
    for row, result in zip([r for r in rows if r["kind"] == "code"], data["codes"]):
        assert _close(_num(row["krippendorff_alpha"]), result["krippendorff_alpha"])
        assert int(row["n_sections"]) == result["n_sections"]
    overall = next(r for r in rows if r["code"] == "unitized_alpha")
    assert _close(_num(overall["krippendorff_alpha"]), data["overall"]["unitized_alpha"]["value"])


# ----------------------------------------------------------------------------
# XLSX
# ----------------------------------------------------------------------------

def _columns(sheet, row):
    return {cell.value: cell.column for cell in sheet[row] if cell.value is not None}


def _header_row(sheet, first="Code"):
    return next(cell.row for cell in sheet["A"] if cell.value == first)


def _rgb(cell):
    return cell.fill.fgColor.rgb[-6:]


def test_xlsx_agreement_sheet(reports, tmp_path):
    report = reports["three"]
    book = load_workbook(export_report(report, tmp_path / "agreement.xlsx"))
    assert book.sheetnames == ["Agreement", "Heat map", "Pairs", "Methods"]
    sheet = book["Agreement"]
    labels = {sheet.cell(r, 1).value: sheet.cell(r, 2).value for r in range(2, 8)}
    assert labels["Coders"] == ", ".join(CODERS)
    assert labels["Number of units"] == report.n_units == 60
    assert labels["Unit"].startswith("section — ")
    assert "200 bootstrap resamples" in labels["Confidence intervals"]

    top = _header_row(sheet)
    assert sheet.freeze_panes == f"B{top + 1}"
    cols = _columns(sheet, top)
    rows = {sheet.cell(r, 1).value: r for r in range(top + 1, sheet.max_row + 1)}
    for result in report.codes:
        row = rows[result.code]
        for name in COEFFICIENTS:
            cell = sheet.cell(row, cols[LABELS[name]])
            value = result.value(name)
            if value is None:
                assert cell.value == "—"
                assert cell.comment.text == result.coefficients.undefined[name]
                continue
            assert cell.value == pytest.approx(value)
            assert cell.number_format == ("0.0%" if name == "percent_agreement" else "0.000")
            if name == "krippendorff_alpha":
                expected = agreement_xlsx.KRIPPENDORFF_FILLS[krippendorff_band(value).split()[0]]
                assert _rgb(cell) == expected
            elif name in ("cohen_kappa", "fleiss_kappa", "gwet_ac1"):
                assert _rgb(cell) == agreement_xlsx.LANDIS_KOCH_FILLS[landis_koch(value)]
        low = sheet.cell(row, cols["α 95 % CI low"]).value
        if result.ci95.get("krippendorff_alpha"):
            assert low == pytest.approx(result.ci95["krippendorff_alpha"].low)
    everything = rows["Barriers/Everything"]
    alpha = sheet.cell(everything, cols[LABELS["krippendorff_alpha"]])
    assert alpha.value == "—" and "no variation" in alpha.comment.text
    assert "κ paradox" in sheet.cell(everything, cols["Notes"]).value

    group = sheet.cell(rows["Tone"], cols[LABELS["fleiss_kappa"]])
    assert group.value == pytest.approx(report.group("Tone").coefficients.fleiss_kappa)
    pooled = rows["Pooled κ (De Vries et al. 2008)"]
    assert sheet.cell(pooled, cols[LABELS["fleiss_kappa"]]).value == pytest.approx(
        report.overall["pooled_kappa"]["value"])
    assert "De Vries" in sheet.cell(pooled, cols["Notes"]).value
    mean = rows["Mean over codes (unweighted)"]
    assert sheet.cell(mean, cols[LABELS["gwet_ac1"]]).value == pytest.approx(
        report.overall["unweighted_mean"]["gwet_ac1"])


def test_xlsx_heatmap_pairs_and_methods(reports, tmp_path):
    report = reports["three"]
    book = load_workbook(export_report(report, tmp_path / "agreement.xlsx"))
    heat = book["Heat map"]
    top = _header_row(heat, LABELS[report.heatmap.measure])
    assert [c.value for c in heat[top]][1:] == report.heatmap.sources
    for i, code in enumerate(report.heatmap.codes):
        for j, value in enumerate(report.heatmap.values[i]):
            cell = heat.cell(top + 1 + i, 2 + j)
            assert cell.value == ("—" if value is None else pytest.approx(value))
    assert heat.conditional_formatting  # the colour scale

    pairs = book["Pairs"]
    cols = _columns(pairs, 1)
    found = {(pairs.cell(r, 1).value, pairs.cell(r, 2).value): r for r in range(2, pairs.max_row + 1)}
    for pair in report.pairs:
        for result in pair.codes:
            row = found[(" & ".join(pair.coders), result.code)]
            kappa = pairs.cell(row, cols[LABELS["cohen_kappa"]]).value
            assert kappa == ("—" if result.coefficients.cohen_kappa is None
                             else pytest.approx(result.coefficients.cohen_kappa))
    assert pairs.freeze_panes == "C2"

    methods = book["Methods"]
    texts = [c.value for row in methods.iter_rows() for c in row if isinstance(c.value, str)]
    assert report.methods_paragraph in texts
    assert report.methods["cohen_kappa"] in texts
    assert any(t.startswith("Krippendorff: tentative") for t in texts)


def test_xlsx_segment_and_unitized_show_their_measures(reports, tmp_path):
    book = load_workbook(export_report(reports["segment"], tmp_path / "segment.xlsx"))
    assert book.sheetnames == ["Agreement", "Methods"]
    sheet = book["Agreement"]
    cols = _columns(sheet, _header_row(sheet))
    assert {"Percent agreement", "Holsti", "MAXQDA κ (chance 1/k)"} <= set(cols)
    assert LABELS["cohen_kappa"] not in cols

    report = reports["unitized"]
    sheet = load_workbook(export_report(report, tmp_path / "unitized.xlsx"))["Agreement"]
    top = _header_row(sheet)
    cols = _columns(sheet, top)
    assert "Krippendorff's uα" in cols and "Percent agreement" not in cols
    assert sheet.cell(top + 1, cols["Krippendorff's uα"]).value == pytest.approx(
        report.codes[0].coefficients.krippendorff_alpha)


# ----------------------------------------------------------------------------
# DOCX
# ----------------------------------------------------------------------------

def _table_rows(table):
    return [[cell.text for cell in row.cells] for row in table.rows]


def _f(value, digits=2):
    return "—" if value is None else f"{value:.{digits}f}".replace("-", "−")


def test_docx_tables_hold_the_report_values(reports, tmp_path):
    report = reports["two"]
    doc = Document(str(export_report(report, tmp_path / "agreement.docx")))
    assert doc.paragraphs[0].text == "Inter-coder agreement"
    settings = doc.paragraphs[1].text
    assert "Coders: Priya, Daniel" in settings and "Units: 60" in settings

    codes, groups = doc.tables[0], doc.tables[1]
    assert codes.style.name == "Light List Accent 1"
    rows = _table_rows(codes)
    header = [h.replace("\n", " ").replace("\u00a0", " ") for h in rows[0]]
    assert header[:5] == ["Code", "Agreement (%)", "Positive agreement", "Negative agreement",
                          "Cohen's κ"]
    kappa, alpha = header.index("Cohen's κ"), header.index("Krippendorff's α [95 % CI]")
    by_name = {re.sub(r" [ab](,[ab])?$", "", r[0]): r for r in rows}  # marks off
    for result in report.codes:
        row = by_name[result.code.rpartition("/")[2]]
        assert row[kappa] == _f(result.coefficients.cohen_kappa)
        interval = result.ci95.get("krippendorff_alpha")
        if result.coefficients.krippendorff_alpha is not None and interval:
            # α to three decimals, as Krippendorff's limits (0.667, 0.800) are written
            assert row[alpha] == (f"{_f(result.coefficients.krippendorff_alpha, 3)} "
                                  f"[{_f(interval.low, 3)}, {_f(interval.high, 3)}]")
        else:
            assert row[alpha] == "—"
    assert codes.rows[0].cells[kappa].paragraphs[0].alignment == 2  # right
    assert any(r[0] == "Support" for r in rows)  # the parent as a heading row
    mean = next(r for r in rows if r[0] == "Mean over codes (unweighted)")
    assert mean[kappa] == _f(report.overall["unweighted_mean"]["cohen_kappa"])
    pooled = next(r for r in rows if r[0].startswith("Pooled κ"))
    assert pooled[kappa] == _f(report.overall["pooled_kappa"]["value"])

    group = _table_rows(groups)
    assert group[1][:2] == ["Tone", "Positive, Negative"]
    assert _f(report.group("Tone").coefficients.cohen_kappa) in group[1]

    text = "\n".join(p.text.replace("\u00a0", " ") for p in doc.paragraphs)
    assert "Methods" in [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert report.methods_paragraph in text
    assert "κ paradox" in text
    assert "Everything (Cohen's κ, Krippendorff's α): undefined (—), no variation" in text
    assert "0.667 ≤ α < 0.800" in text and "0.61–0.80 substantial" in text


def test_docx_three_coders_has_fleiss_kappa_and_pairs(reports, tmp_path):
    report = reports["three"]
    doc = Document(str(export_report(report, tmp_path / "agreement.docx")))
    assert len(doc.tables) == 3
    header = [h.replace("\n", " ") for h in _table_rows(doc.tables[0])[0]]
    assert "Fleiss' κ" in header
    pairs = _table_rows(doc.tables[2])
    assert [r[0] for r in pairs[1:]] == [" and ".join(p.coders) for p in report.pairs]
    first = report.pairs[0].overall
    assert pairs[1][3] == _f(first["pooled_kappa"]["value"])


def test_docx_segment_and_unitized(reports, tmp_path):
    report = reports["segment"]
    doc = Document(str(export_report(report, tmp_path / "segment.docx")))
    rows = _table_rows(doc.tables[0])
    assert rows[0][1:] == ["Codings", "Matched", "Agreement (%)", "Holsti", "MAXQDA κ"]
    pooled = next(r for r in rows if r[0] == "Pooled over codes")
    assert pooled[4] == _f(report.overall["pooled"]["holsti"])
    assert "Overlap threshold: 90%" in doc.paragraphs[1].text

    doc = Document(str(export_report(reports["segment3"], tmp_path / "segment3.docx")))
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == [f"Table {i}. Agreement per code, {a} and {b}"
                        for i, (a, b) in enumerate((p.coders for p in reports["segment3"].pairs),
                                                   start=1)]
    assert len(doc.tables) == 3

    report = reports["unitized"]
    rows = _table_rows(Document(str(export_report(report, tmp_path / "u.docx"))).tables[0])
    assert rows[0][1:] == ["uα", "Krippendorff's limits"]
    together = next(r for r in rows if r[0] == "uα, all codes together")
    assert together[1] == f"{report.overall['unitized_alpha']['value']:.3f}"


def test_every_unit_and_format_writes(reports, tmp_path):
    for name, report in reports.items():
        for ext in ("csv", "xlsx", "docx"):
            path = export_report(report, tmp_path / f"{name}.{ext}")
            assert path.stat().st_size > 0
    book = load_workbook(tmp_path / "frequency.xlsx")
    assert "Heat map" not in book.sheetnames and "Pairs" in book.sheetnames


def test_a_report_without_codings_exports(tmp_path):
    with create_project(tmp_path / "empty.tandem", "Empty") as store:
        with store.transaction(access.system("t")) as s:
            for name in CODERS[:2]:
                coders.create_coder(s, name)
            sources.add_source(s, "Notes", "document", "Nothing coded.", sha256(b"x"))
        with store.session() as s:
            report = compute_agreement(s, access.system("t"), AgreementRequest(coders=CODERS[:2], unit="section"))
    for ext in ("csv", "xlsx", "docx"):
        assert export_report(report, tmp_path / f"empty.{ext}").exists()


# ----------------------------------------------------------------------------
# Errors and atomic writing
# ----------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["agreement.pdf", "agreement", "agreement.json"])
def test_unsupported_extension_is_a_clear_error_and_writes_nothing(reports, tmp_path, name):
    with pytest.raises(ExportFailed) as caught:
        export_report(reports["two"], tmp_path / name)
    message = str(caught.value)
    assert str(tmp_path / name) in message and ".csv, .xlsx, .docx" in message
    assert isinstance(caught.value, TandemError)
    assert list(tmp_path.iterdir()) == []


def test_a_folder_is_refused_and_paths_can_be_checked_first(tmp_path):
    assert check_path(tmp_path / "a.Docx") == ".docx"
    with pytest.raises(ExportFailed, match="folder"):
        check_path(tmp_path)
    with pytest.raises(ExportFailed, match="no extension"):
        check_path(tmp_path / "report")


def test_extension_case_is_ignored_and_the_path_returned(reports, tmp_path):
    path = export_report(reports["two"], tmp_path / "Agreement.XLSX")
    assert path == tmp_path / "Agreement.XLSX"
    assert load_workbook(path).sheetnames[0] == "Agreement"


def test_missing_folder_is_a_clear_error(reports, tmp_path):
    with pytest.raises(ExportFailed, match="folder exists"):
        export_report(reports["two"], tmp_path / "nowhere" / "agreement.csv")


def _half_write():
    def broken(self, target, *args, **kwargs):
        with open(target, "wb") as fh:
            fh.write(b"PK\x03\x04 half a file")
        raise RuntimeError("disk on fire")
    return broken


@pytest.mark.parametrize("ext", ["csv", "xlsx", "docx"])
def test_a_failure_mid_write_leaves_the_existing_file_alone(reports, tmp_path, monkeypatch, ext):
    target = tmp_path / f"agreement.{ext}"
    target.write_bytes(b"the good export")
    if ext == "csv":
        real = agreement_csv.rows

        def rows(report):
            iterator = real(report)
            yield next(iterator)
            raise RuntimeError("disk on fire")
        monkeypatch.setattr(agreement_csv, "rows", rows)
    elif ext == "xlsx":
        import openpyxl
        monkeypatch.setattr(openpyxl.Workbook, "save", _half_write())
    else:
        import docx.document
        monkeypatch.setattr(docx.document.Document, "save", _half_write())
    with pytest.raises(RuntimeError, match="disk on fire"):
        export_report(reports["two"], target)
    assert target.read_bytes() == b"the good export"
    assert list(tmp_path.iterdir()) == [target]  # no temporary file left behind


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_export_gets_the_usual_file_mode(reports, tmp_path):
    mask = os.umask(0o022)
    try:
        path = export_report(reports["two"], tmp_path / "agreement.csv")
    finally:
        os.umask(mask)
    assert path.stat().st_mode & 0o777 == 0o644


# ----------------------------------------------------------------------------
# The methods paragraph against the Word tables
# ----------------------------------------------------------------------------

LIMITS = {"0.667", "0.800", "0.60"}  # Krippendorff's limits and the κ-paradox rule, not results


@pytest.mark.parametrize("name", ["two", "three", "segment", "unitized", "frequency"])
def test_every_number_in_the_methods_paragraph_is_in_a_table(reports, tmp_path, name):
    report = reports[name]
    doc = Document(str(export_report(report, tmp_path / f"{name}.docx")))
    cells = " | ".join(cell.text for table in doc.tables for row in table.rows for cell in row.cells)
    numbers = re.findall(r"(?<![\w.])−?\d+\.\d+", report.methods_paragraph)
    assert numbers
    for number in numbers:
        if number in LIMITS:
            continue
        assert re.search(rf"(?<![\d.]){re.escape(number)}(?!\d)", cells), (number, report.methods_paragraph)


def test_docx_lists_the_works_the_paragraph_cites(reports, tmp_path):
    report = reports["two"]
    doc = Document(str(export_report(report, tmp_path / "refs.docx")))
    paragraphs = [p.text for p in doc.paragraphs]
    start = paragraphs.index("References")
    listed = paragraphs[start + 1:]
    assert listed == report.references and len(listed) >= 8
    assert any(r.startswith("Landis, J. R., & Koch, G. G. (1977)") for r in listed)
    assert any(r.startswith("Gwet, K. L. (2014)") for r in listed)


def test_aggregates_carry_no_band_fill_in_the_workbook(reports, tmp_path):
    report = reports["two"]
    sheet = load_workbook(export_report(report, tmp_path / "bands.xlsx"))["Agreement"]
    top = _header_row(sheet)
    cols = _columns(sheet, top)
    rows = {sheet.cell(r, 1).value: r for r in range(top + 1, sheet.max_row + 1)}
    for label in ("Mean over codes (unweighted)", "Pooled κ (De Vries et al. 2008)", "Pooled α",
                  "Size-weighted mean (NVivo)"):
        for measure in ("cohen_kappa", "krippendorff_alpha", "gwet_ac1"):
            cell = sheet.cell(rows[label], cols[LABELS[measure]])
            assert cell.fill.fgColor.rgb in (None, "00000000"), (label, measure)
    code = report.codes[0]
    cell = sheet.cell(rows[code.code], cols[LABELS["cohen_kappa"]])
    if code.coefficients.cohen_kappa is not None:  # a code's own value is banded
        assert _rgb(cell) == agreement_xlsx.LANDIS_KOCH_FILLS[landis_koch(code.coefficients.cohen_kappa)]
