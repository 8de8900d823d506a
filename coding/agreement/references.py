"""The works an agreement report cites: how the methods text names them, and
the full reference the Word report lists (APA style, in alphabetical order)."""
from __future__ import annotations

# key -> (citation as the running text gives it, full reference)
WORKS = {
    "brennan_prediger_1981": (
        "Brennan & Prediger, 1981",
        "Brennan, R. L., & Prediger, D. J. (1981). Coefficient kappa: Some uses, misuses, and "
        "alternatives. Educational and Psychological Measurement, 41(3), 687–699."),
    "cohen_1960": (
        "Cohen, 1960",
        "Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and "
        "Psychological Measurement, 20(1), 37–46."),
    "de_vries_2008": (
        "De Vries et al., 2008",
        "De Vries, H., Elliott, M. N., Kanouse, D. E., & Teleki, S. S. (2008). Using pooled kappa "
        "to summarize interrater agreement across many items. Field Methods, 20(3), 272–282."),
    "feinstein_cicchetti_1990": (
        "Feinstein & Cicchetti, 1990",
        "Feinstein, A. R., & Cicchetti, D. V. (1990). High agreement but low kappa: I. The "
        "problems of two paradoxes. Journal of Clinical Epidemiology, 43(6), 543–549."),
    "fleiss_1971": (
        "Fleiss, 1971",
        "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. "
        "Psychological Bulletin, 76(5), 378–382."),
    "gwet_2008": (
        "Gwet, 2008",
        "Gwet, K. L. (2008). Computing inter-rater reliability and its variance in the presence "
        "of high agreement. British Journal of Mathematical and Statistical Psychology, 61(1), "
        "29–48."),
    "gwet_2014": (
        "Gwet, 2014",
        "Gwet, K. L. (2014). Handbook of inter-rater reliability (4th ed.). Advanced Analytics."),
    "holsti_1969": (
        "Holsti, 1969",
        "Holsti, O. R. (1969). Content analysis for the social sciences and humanities. "
        "Addison-Wesley."),
    "krippendorff_2004a": (
        "Krippendorff, 2004a",
        "Krippendorff, K. (2004a). Content analysis: An introduction to its methodology "
        "(2nd ed.). Sage."),
    "krippendorff_2004b": (
        "Krippendorff, 2004b",
        "Krippendorff, K. (2004b). Measuring the reliability of qualitative text analysis data. "
        "Quality & Quantity, 38(6), 787–800."),
    "krippendorff_2011": (
        "Krippendorff, 2011",
        "Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School "
        "for Communication Departmental Papers, University of Pennsylvania."),
    "landis_koch_1977": (
        "Landis & Koch, 1977",
        "Landis, J. R., & Koch, G. G. (1977). The measurement of observer agreement for "
        "categorical data. Biometrics, 33(1), 159–174."),
    "light_1971": (
        "Light, 1971",
        "Light, R. J. (1971). Measures of response agreement for qualitative data: Some "
        "generalizations and alternatives. Psychological Bulletin, 76(5), 365–377."),
    "scott_1955": (
        "Scott, 1955",
        "Scott, W. A. (1955). Reliability of content analysis: The case of nominal scale coding. "
        "Public Opinion Quarterly, 19(3), 321–325."),
}


def cite(key: str) -> str:
    """The in-text citation of ``key`` ("Cohen, 1960")."""
    return WORKS[key][0]


def year(key: str) -> str:
    """The year of ``key`` as a narrative citation gives it ("Krippendorff's (2004a)")."""
    return WORKS[key][0].rsplit(", ", 1)[1]


def reference_list(keys) -> list[str]:
    """The full references of ``keys``, each once, in alphabetical order."""
    return sorted({WORKS[k][1] for k in keys})
