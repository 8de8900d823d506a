"""Classifying survey columns: platform metadata by name first, then what the
answers look like.

The order of the rules (the first that applies wins):

1. the platform's respondent id (Qualtrics ``ResponseId``, SurveyMonkey
   ``Respondent ID``, REDCap's first field) -> ``id``
2. platform bookkeeping, by name or Qualtrics ImportId -> ``metadata``
3. REDCap fields described by the data dictionary (see ``redcap.py``)
4. personal contact data by name (e-mail, phone, address, first/last name) -> ``metadata``
5. no answers (only blanks or NA-like markers) -> ``ignore``
6. the same header and the same cells as an earlier column -> ``ignore``
7. no id yet, a name like ``id``/``respondent``/``participant``/``case``/``record``
   and unique non-empty values -> ``id``
8. a name like ``group``/``respondent group``/``role``/``cohort``/``arm`` and at most
   10 distinct values, some repeated -> ``group`` (the first such column only)
9. the content (``classify_content``): numbers and dates -> attribute; a platform
   text-entry field (Qualtrics ``_TEXT``, SurveyMonkey ``Open-Ended Response``) -> text;
   multi-select lists -> attribute; prose -> text; anything else -> attribute (text).

Prose: at least one answer with more than 5 words that no one else gave, and such
answers make up 30% of the answers or number 5 or more; or (half the answers
distinct) half the answers end like sentences; or (5+ answers, 90% distinct) a
median of 3+ words.  NA-like markers (NA, N/A, -, none...) do not count as answers.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter
from typing import Optional

from coding.cases import infer_type
from importers.surveys.layout import DATETIME, Draft, key

MISSING = {"", "na", "n/a", "n.a.", "-", "--", "none", ".", "null", "nan", "#n/a"}
LONG_WORDS = 5  # an answer with more than this many words is "long"
TEXT_SHARE = 0.3  # share of unique long answers that makes a column free text
TEXT_MIN_PROSE = 5  # ... or this many unique long answers whatever their share
GROUP_MAX_VALUES = 10
SENTENCE = re.compile(r"[^\W\d_]{3,}[.!?…]+[\"'”’)]*$")  # ends like a sentence: 'Hello World!'


QUALTRICS_META = {
    "startdate", "enddate", "status", "ipaddress", "progress", "durationinseconds", "duration",
    "finished", "recordeddate", "responseset", "recipientlastname", "recipientfirstname",
    "recipientemail", "externalreference", "externaldatareference", "locationlatitude",
    "locationlongitude", "locationaccuracy", "distributionchannel", "userlanguage", "name",
    "emailaddress",
}
QUALTRICS_META_IDS = {
    "startdate", "enddate", "status", "ipaddress", "progress", "duration", "finished",
    "recordeddate", "_recordid", "responseid", "responsesetid", "recipientlastname",
    "recipientfirstname", "recipientemail", "externaldatareference", "locationlatitude",
    "locationlongitude", "locationaccuracy", "distributionchannel", "userlanguage",
}
TEXT_IQ = re.compile(r" - (Parent )?(Topics?|Sentiment( Polarity| Score)?|Topic Sentiment (Label|Score)"
                     r"|Actionability|Emotion|Effort|Topic Hierarchy Level \d+)$", re.I)
SURVEYMONKEY_META = {"collectorid", "startdate", "enddate", "ipaddress", "emailaddress", "firstname",
                     "lastname", "customdata"}
GOOGLE_META = {"timestamp", "emailaddress", "marcatemporal", "horodateur", "zeitstempel",
               "carimbodedatahora", "informazionicronologiche", "tijdstempel"}
PLAIN_META = {"timestamp", "ipaddress", "submittedat", "submissiondate", "starttime", "completiontime",
              "lastmodifiedtime"}
PERSONAL = {"email", "emailaddress", "phone", "phonenumber", "telephone", "telephonenumber", "mobile",
            "mobilenumber", "address", "streetaddress", "homeaddress", "postaladdress", "firstname",
            "lastname", "surname", "familyname", "givenname", "fullname", "namefirst", "namelast"}
ID_NAMES = {"id", "respondent", "respondentid", "respondentno", "respondentnumber", "respondentcode",
            "participant", "participantid", "participantno", "participantnumber", "participantcode",
            "case", "caseid", "casename", "caseno", "record", "recordid", "subject", "subjectid",
            "responseid", "pid", "uid", "userid", "studyid", "interviewee", "intervieweeid"}
GROUP_NAMES = {"group", "respondentgroup", "participantgroup", "studygroup", "usergroup", "role",
               "cohort", "arm", "studyarm", "treatmentarm", "condition"}


def answers_of(values: list[str]) -> list[str]:
    """The real answers: stripped, without blanks and NA-like markers."""
    return [v.strip() for v in values if v.strip().lower() not in MISSING]


def words(text: str) -> int:
    return len(text.split())


def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def sample(values: list[str], n: int = 3) -> str:
    shown = [f"'{v if len(v) <= 30 else v[:29] + '…'}'" for v in values[:n]]
    return ", ".join(shown) + ("…" if len(values) > n else "")


def platform_id(draft: Draft, platform: str, j: int) -> Optional[str]:
    k = key(draft.name)
    if platform in ("qualtrics", "qualtrics-legacy") and (
            k == "responseid" or draft.import_id.lower() in ("_recordid", "responseid")):
        return f"Qualtrics response id {draft.name}"
    if platform == "surveymonkey" and k == "respondentid":
        return "SurveyMonkey Respondent ID"
    if platform == "redcap" and j == 0:
        return "REDCap record id: the first field"
    return None


def platform_metadata(draft: Draft, platform: str) -> Optional[str]:
    k, name = key(draft.name), draft.name
    if platform in ("qualtrics", "qualtrics-legacy"):
        imp = draft.import_id.lower()
        if imp in QUALTRICS_META_IDS or imp.startswith(("panel-", "location-")):
            return f"Qualtrics bookkeeping field, ImportId {draft.import_id}"
        if TEXT_IQ.search(name) or re.search(r"_TEXT_.+", draft.import_id):
            return "Qualtrics Text iQ analysis column"
        if k in QUALTRICS_META or name.lower().startswith("q_"):
            return f"Qualtrics bookkeeping field {name}"
    elif platform == "surveymonkey":
        if k in SURVEYMONKEY_META or k.startswith("customdata"):
            return f"SurveyMonkey bookkeeping field {name}"
    elif platform == "redcap":
        if name.startswith("redcap_"):
            return f"REDCap bookkeeping field {name}"
        if name.endswith("_complete"):
            return "REDCap form status (0 incomplete, 1 unverified, 2 complete)"
        if name.endswith("_timestamp"):
            return "REDCap survey completion time"
    elif platform == "google-forms":
        if k in GOOGLE_META:
            return "Google Forms submission time" if k != "emailaddress" else \
                "Google Forms collected e-mail address (personal data)"
    elif k in PLAIN_META:
        return f"form bookkeeping field {name}"
    return None


def personal_data(draft: Draft) -> Optional[str]:
    k = key(draft.name)
    if k in PERSONAL:
        return "named like personal contact data; not imported unless you choose"
    return None


def unique_ids(values: list[str]) -> bool:
    stripped = [v.strip() for v in values]
    return all(stripped) and len(set(stripped)) == len(stripped)


def id_by_name(draft: Draft) -> bool:
    k = key(draft.name)
    low = draft.name.strip().lower()
    return k in ID_NAMES or low.endswith((" id", "_id", "-id"))


def id_by_content(values: list[str]) -> bool:
    """Unique, short, non-empty codes; numbers only when they run 1, 2, 3... (an
    age or a score that happens to be unique is not an id)."""
    stripped = [v.strip() for v in values]
    if len(stripped) < 2 or not unique_ids(stripped):
        return False
    vtype = infer_type(stripped)
    if vtype == "integer":
        nums = sorted(int(v) for v in stripped)
        return nums == list(range(nums[0], nums[0] + len(nums)))
    if vtype in ("float", "date"):
        return False
    return all(len(v) <= 40 and words(v) <= 2 and not DATETIME.match(v) for v in stripped)


def is_group(draft: Draft, values: list[str]) -> bool:
    k = key(draft.name)
    short = words(draft.name) <= 4 and re.search(r"\b(group|cohort|arm)\b", draft.name.lower())
    if k not in GROUP_NAMES and not short:
        return False
    answers = answers_of(values)
    distinct = len(set(answers))
    return 0 < distinct <= GROUP_MAX_VALUES and distinct < len(answers)


def multi_select(answers: list[str]) -> Optional[tuple[str, Counter]]:
    """(separator, option counts) when the answers are lists of options from a
    small, recurring set: 'A, B, C' (Google Forms) or 'A;B;C'."""
    for sep in (";", ", "):
        split = [[p.strip() for p in a.split(sep) if p.strip()] for a in answers]
        if sum(1 for parts in split if len(parts) > 1) < 2:
            continue
        options = Counter(p for parts in split for p in parts)
        total = sum(options.values())
        if len(options) > 30 or any(words(p) > 12 for p in options):
            continue
        if sum(c for c in options.values() if c >= 2) >= 0.8 * total and len(options) < total:
            return sep, options
    return None


def _numbers(answers: list[str], vtype: str) -> str:
    nums = [float(a) for a in answers]
    lo, hi = min(nums), max(nums)
    if vtype == "integer":
        lo_i, hi_i = int(lo), int(hi)
        if lo_i == hi_i:
            return f"every answer is the whole number {lo_i}"
        if 0 <= lo_i and hi_i <= 10:
            return f"small whole numbers {lo_i}–{hi_i} (a rating scale or choice codes)"
        return f"whole numbers {lo_i}–{hi_i}"
    return f"numbers {lo:g}–{hi:g}"


def classify_content(values: list[str], open_ended: str = "") -> tuple[str, Optional[str], str]:
    """(role, value_type, reason) from the answers alone."""
    filled = [v for v in values if v.strip()]
    answers = answers_of(values)
    if not answers:
        if filled:
            return "ignore", None, f"no answers (only {sample(sorted(set(v.strip() for v in filled)))})"
        return "ignore", None, "no answers"
    vtype = infer_type(filled)  # the value type must hold every non-empty cell, NA included
    core = infer_type(answers)
    markers = sorted({v.strip() for v in filled} - set(answers))
    but = f", but also {sample(markers)}, so typed as text" if vtype != core else ""
    if core in ("integer", "float"):
        return "attribute", vtype, _numbers(answers, core) + but
    if core == "date":
        return "attribute", vtype, "dates (YYYY-MM-DD)" + but
    if all(DATETIME.match(a) for a in answers):
        return "attribute", vtype, "dates and times"
    counts = Counter(answers)
    n = len(answers)
    if open_ended:
        return "text", None, open_ended
    ms = multi_select(answers)
    if ms:
        sep, options = ms
        return "attribute", vtype, (f"multi-select: answers list {len(options)} options "
                                    f"joined with '{sep.strip()}', e.g. {sample(list(options), 2)}")
    long_ = [a for a in answers if words(a) > LONG_WORDS]
    prose = [a for a in answers if counts[a] == 1 and (
        words(a) > LONG_WORDS or ("\n" in a and words(a) > 3))]
    if prose and (len(prose) >= TEXT_SHARE * n or len(prose) >= TEXT_MIN_PROSE):
        if len(long_) >= TEXT_SHARE * n:
            return "text", None, f"{pct(len(long_) / n)} of answers have more than {LONG_WORDS} words"
        return "text", None, f"{len(prose)} different answers have more than {LONG_WORDS} words"
    distinct_ratio = len(counts) / n
    sentences = [a for a in answers if words(a) >= 2 and SENTENCE.search(a)]
    if distinct_ratio >= 0.5 and len(sentences) >= 0.5 * n:
        return "text", None, f"answers are written as sentences ({pct(len(sentences) / n)})"
    median_words = statistics.median(words(a) for a in answers)
    if n >= 5 and distinct_ratio >= 0.9 and median_words >= 3:
        return "text", None, (f"varied answers: {pct(distinct_ratio)} different, "
                              f"median {median_words:g} words")
    if len(counts) == 1:
        return "attribute", vtype, f"every answer is {sample(list(counts), 1)}"
    if len(counts) <= 12:
        common = [v for v, _ in counts.most_common()]
        return "attribute", vtype, f"{len(counts)} different answers: {sample(common)}"
    return "attribute", vtype, f"short answers (median {median_words:g} words)"
