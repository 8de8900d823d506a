"""A Word interview whose turns are bold "Name:" paragraphs and then go on in
a speaker | text table: every paragraph and every cell is stored, in reading
order, and a passage without a speaker stays without one (it is not glued
onto the turn before)."""
from __future__ import annotations

from docx import Document

from importers import documents


def _interview(path):
    doc = Document()
    for name, speech in (("Interviewer", "How did it start?"), ("Ana", "We met at a workshop.")):
        p = doc.add_paragraph()
        p.add_run(f"{name}:").bold = True
        p.add_run(f" {speech}")
    doc.add_paragraph("Notes before the table, no speaker.")
    table = doc.add_table(rows=3, cols=2)
    for i, (who, said) in enumerate((("Interviewer", "And then?"), ("Ana", "She invited me to a project."),
                                     ("Interviewer", "Thanks."))):
        table.cell(i, 0).text, table.cell(i, 1).text = who, said
    doc.add_paragraph("Closing remark after the table.")
    doc.save(path)
    return path


def test_paragraphs_and_table_rows_are_kept_in_order_with_their_speakers(tmp_path):
    planned = documents.plan(_interview(tmp_path / "i.docx"), documents.ImportOptions())
    turns = [(s.speaker, planned.text[s.start:s.end]) for s in planned.sections]
    assert turns == [("Interviewer", "How did it start?"), ("Ana", "We met at a workshop."),
                     (None, "Notes before the table, no speaker."), ("Interviewer", "And then?"),
                     ("Ana", "She invited me to a project."), ("Interviewer", "Thanks."),
                     (None, "Closing remark after the table.")]
    for text in ("workshop", "invited me", "Closing remark", "Notes before"):
        assert text in planned.text


def test_a_teams_word_transcript_reads_as_turns_with_speakers_and_times(tmp_path):
    doc = Document()
    doc.add_paragraph("Mentorship focus group - Transcript")
    for name, at, said in (("Ana Souza", "0:03", "Hello everyone, thanks for joining."), ("Ben Ortiz", "0:10", "Hi."),
                           ("Ben Ortiz", "0:12", "Glad to be here."), ("Ana Souza", "1:02:05", "Let's start.")):
        doc.add_paragraph(f"{name}   {at}")
        doc.add_paragraph(said)
    doc.save(tmp_path / "teams.docx")
    planned = documents.plan(tmp_path / "teams.docx", documents.ImportOptions())
    turns = [(s.speaker, s.meta.get("start_ms"), planned.text[s.start:s.end]) for s in planned.sections]
    assert turns[0] == (None, None, "Mentorship focus group - Transcript")
    assert turns[1:] == [("Ana Souza", 3000, "Hello everyone, thanks for joining."),
                         ("Ben Ortiz", 10000, "Hi. Glad to be here."),  # one speaker's turns merged, as for VTT
                         ("Ana Souza", 3725000, "Let's start.")]
