"""Time: recognise time expressions, anchor them, and normalise them TIMEX3-style.

One room per step:

- :mod:`.grammar` loads and compiles ``data/time_expressions.json`` and finds candidate
  expressions in raw text;
- :mod:`.recognise` joins them with the model's DATE/TIME entities on a parsed ``Doc``;
- :mod:`.tense` reads the tense of the governing clause (a bare "March 30" lies ahead in
  "will meet on March 30");
- :mod:`.anchor` picks the date to resolve against (the publication date, or the date of
  an earlier report a quote comes from);
- :mod:`.normalise` turns an expression into a TIMEX3 value with the handlers of
  :mod:`.absolute` (calendar dates), :mod:`.relative` (days, weeks, clock times, "ago"),
  :mod:`.durations` and :mod:`.sets`, over the periods of :mod:`.periods`;
- :mod:`.component` is the ``storyline_times`` spaCy component.
"""

from __future__ import annotations

from .anchor import ReportFrame
from .component import TimesFinder, make_times
from .grammar import clean_expression, find_time_expressions, looks_like_time, time_lexicon
from .normalise import PatternTimeNormalizer, make_time_normalizer, normalize

__all__ = [
    "PatternTimeNormalizer",
    "ReportFrame",
    "TimesFinder",
    "clean_expression",
    "find_time_expressions",
    "looks_like_time",
    "make_time_normalizer",
    "make_times",
    "normalize",
    "time_lexicon",
]
