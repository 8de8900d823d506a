"""The three sizes every benchmark runs at.  "large" is what the issues'
targets name, so that each target is checked at its own size:

* corpus — the agreement project (issue 4, 12): sources of 20,000 characters
  × 30 codes × 2 coders × 3 codings per source, code and coder; 5, 200 and
  800 sources (900, 36,000 and 144,000 codings: the codings-import sizes of
  issue 13; 200 sources and 36,000 codings is issue 14's REFI-QDA project);
* workspace — long transcripts (issue 5, 9, 10): at large 20 transcripts of
  1 MB with 5,000 codings each (100,000 codings), 93 % of B's codings on A's
  spans (about 5,000 discrepancies), 50 themes;
* files — 1,000 transcripts of 60 KB per transcript format and a survey of
  10,000 respondents × 5 free-text questions at large (issue 3).
"""
from __future__ import annotations

from dataclasses import dataclass

from benchmarks.generator import FileSpec, Spec


@dataclass(frozen=True)
class Size:
    name: str
    corpus: Spec
    workspace: Spec
    files: FileSpec


def _corpus(n: int) -> Spec:
    return Spec(sources=n, chars=20_000, codes=30, per_code=3, agree=0.6, span=(50, 800))


def _workspace(n: int, chars: int, codes: int, per_code: int) -> Spec:
    return Spec(sources=n, chars=chars, codes=codes, per_code=per_code, agree=0.93, span=(20, 400), seed=11)


SIZES = {
    "small": Size("small", _corpus(5), _workspace(2, 100_000, 10, 25),
                  FileSpec(transcripts=10, documents=5, respondents=100)),
    "medium": Size("medium", _corpus(200), _workspace(10, 500_000, 25, 50),
                   FileSpec(transcripts=100, documents=20, respondents=1000)),
    "large": Size("large", _corpus(800), _workspace(20, 1_000_000, 50, 50),
                  FileSpec(transcripts=1000, documents=100, respondents=10_000)),
}
