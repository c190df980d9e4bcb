"""The grammar of time expressions: load and compile the data file, find expressions in text.

``data/time_expressions.json`` holds word lists and patterns; each pattern has a ``kind``
that names its normaliser in :mod:`.normalise`. Everything is compiled once,
on first use (:func:`time_lexicon`).
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ...datafiles import read_json
from ...errors import Errors, ResolveError

DATA_FILE = "time_expressions.json"


@dataclass(frozen=True)
class TimePattern:
    """One compiled pattern of the grammar."""

    kind: str
    find: bool
    whole: re.Pattern[str]  # matches a whole (lower-cased, single-spaced) expression
    search: re.Pattern[str]  # finds the expression in running text
    #: the trigger words the pattern spells out: a window holding none of them (and no
    #: number) cannot hold a match, so the pattern is not run over it
    triggers: frozenset[str] = frozenset()
    #: whether the pattern can read a digit (a window with a number is then always read)
    numeric: bool = True
    #: strings one of which every match holds (None: no such list), see :func:`_required`
    required: tuple[str, ...] | None = None


@dataclass(frozen=True)
class TimeLexicon:
    """The data file, loaded and compiled."""

    raw: dict[str, Any]
    patterns: tuple[TimePattern, ...]
    leading: re.Pattern[str]
    month_words: frozenset[str]
    weekday_words: frozenset[str]
    time_words: frozenset[str]

    def words(self, name: str) -> Any:
        """A word list or table of the data file by name."""
        return self.raw[name]


def _alternation(words: list[str]) -> str:
    """A non-capturing alternation of ``words``, longest first, blanks matching any spacing."""
    alts = sorted(set(words), key=len, reverse=True)
    return "(?:" + "|".join(r"\s+".join(map(re.escape, w.split())) for w in alts) + ")"


def _expand(regex: str, raw: dict[str, Any]) -> str:
    """Expand {MACRO} and {CLASS} names, then turn blanks into whitespace runs."""
    macros: dict[str, str] = raw["macros"]
    for _ in range(5):
        new = re.sub(r"\{([A-Z]+)\}", lambda m: macros.get(m[1], m[0]), regex)
        if new == regex:
            break
        regex = new
    classes: dict[str, str] = raw["classes"]

    def word_class(m: re.Match[str]) -> str:
        table = raw[classes[m[1]]]
        return _alternation(list(table))

    regex = re.sub(r"\{([A-Z]+)\}", word_class, regex)
    out: list[str] = []
    in_class = False
    for i, ch in enumerate(regex):
        escaped = i > 0 and regex[i - 1] == "\\"
        if ch == "[" and not escaped:
            in_class = True
        elif ch == "]" and not escaped:
            in_class = False
        out.append(r"\s+" if ch == " " and not in_class else ch)
    return "".join(out).replace(r"\s+?", r"\s*")


def _spelled_words(regex: str) -> frozenset[str]:
    """The lower-case words a pattern spells out (escapes such as ``\\d`` left out)."""
    return frozenset(re.findall(r"[a-z]+", re.sub(r"\\[a-zA-Z]", " ", regex.lower())))


def _reads_digits(regex: str) -> bool:
    """Can the pattern match a digit: a digit, ``\\d``, or any wildcard (``\\w``, ``.``, ``[^``)."""
    return bool(re.search(r"\\[dwWDS]|[0-9.]|\[\^", regex.replace("\\.", "")))


def _required(regex: str) -> tuple[str, ...] | None:
    """Lower-case strings one of which every match of ``regex`` holds, read off its parse
    tree (``re._parser``: the standard library's own reading of the pattern, so the list
    follows the regex exactly); None when no such list of strings of two letters or more
    exists. A window without any of them is not searched."""
    # the standard library's private parser modules have no type stubs: typed as modules
    sre = importlib.import_module("re._constants")
    _parser = importlib.import_module("re._parser")

    def of(items: Any) -> set[str] | None:
        found: list[set[str]] = []
        run: list[str] = []
        for op, av in [*items, (None, None)]:
            if op is sre.LITERAL:
                run.append(chr(av))
                continue
            if run:
                found.append({"".join(run).lower()})
                run = []
            need: set[str] | None = None
            if op is sre.SUBPATTERN:
                need = of(av[3].data)
            elif op is sre.BRANCH:
                parts = [of(branch.data) for branch in av[1]]
                need = None if None in parts else set().union(*parts)  # type: ignore[arg-type]
            elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT) and av[0] >= 1:
                need = of(av[2].data)
            if need is not None:
                found.append(need)
        usable = [need for need in found if need and min(map(len, need)) >= 2]
        return max(usable, key=lambda need: (min(map(len, need)), -len(need))) if usable else None

    need = of(_parser.parse(regex, re.IGNORECASE).data)
    return tuple(sorted(need)) if need is not None else None


def _folded(text: str) -> str:
    """``text`` lower-cased as IGNORECASE matching reads it (the dotless i and the long s
    match "i" and "s")."""
    low = text.lower()
    return low if low.isascii() else low.replace("ı", "i").replace("ſ", "s")


@lru_cache(maxsize=1)
def time_lexicon() -> TimeLexicon:
    """Load and compile ``data/time_expressions.json`` (once per process).

    Raises:
        ResolveError: E204 when the data file is missing or not JSON, E303 when its rules are
            malformed.
    """
    try:
        raw: dict[str, Any] = read_json(DATA_FILE, ResolveError)
        time_words = frozenset(
            phrase.split()[-1].rstrip(".")
            for name in (
                "months",
                "weekdays",
                "seasons",
                "units",
                "day_words",
                "day_parts",
                "sets",
                "references",
                "time_words",
            )
            for phrase in raw[name]
        ) | {"noon", "midnight", "midday", "weekend", "weekends", "ago", "quarter", "half"}
        patterns = []
        for spec in raw["patterns"]:
            body = _expand(spec["regex"], raw)
            patterns.append(
                TimePattern(
                    kind=spec["kind"],
                    find=bool(spec["find"]),
                    whole=re.compile(body, re.IGNORECASE),
                    search=re.compile(
                        r"(?<![\w$£€@#'’-])(?<!\d[,.])(?:" + body + r")(?![\w%]|[.,]\d)",
                        re.IGNORECASE,
                    ),
                    triggers=_spelled_words(body) & time_words,
                    numeric=_reads_digits(body),
                    required=_required(body),
                )
            )
        leading = re.compile(r"^(?:" + _alternation(raw["leading_words"]) + r")\s+", re.IGNORECASE)
    except (OSError, ValueError, KeyError, re.error) as err:
        raise ResolveError(Errors.E303.format(path=DATA_FILE, reason=err)) from err
    return TimeLexicon(
        raw=raw,
        patterns=tuple(patterns),
        leading=leading,
        month_words=frozenset(w.rstrip(".") for w in raw["months"]),
        weekday_words=frozenset(raw["weekdays"]),
        time_words=time_words,
    )


# --- recognition ------------------------------------------------------------------------


def find_time_expressions(text: str) -> list[tuple[int, int, str]]:
    """Candidate time expressions in ``text``: ``(start, end, kind)``, longest first wins.

    Month and weekday names must be capitalised ("may" is a modal verb), abbreviated month
    names must come with a day or year, and spans never overlap. The patterns only run
    over windows around a digit or a time word, so most of a text is read once, and a
    pattern only over the windows that hold one of the time words it spells out, or a
    number if it reads digits (every expression holds one: "ago" is not looked for around
    "Monday", nor "weekend" around "2019"), and that holds one of the strings every match of
    the pattern holds.
    """
    lex = time_lexicon()
    found: list[tuple[int, int, str]] = []
    for start, end, words, number in _windows(text, lex):
        low = _folded(text[start:end])
        for pat in lex.patterns:
            if not pat.find or (not (number and pat.numeric) and pat.triggers.isdisjoint(words)):
                continue
            if pat.required is not None and not any(need in low for need in pat.required):
                continue
            for m in pat.search.finditer(text, start, end):
                if m.end() > m.start() and _plausible(m, pat.kind, lex):
                    found.append((m.start(), m.end(), pat.kind))
    found.sort(key=lambda f: (-(f[1] - f[0]), f[0]))
    taken: list[tuple[int, int, str]] = []
    used = bytearray(len(text))
    for start, end, kind in found:
        if not any(used[start:end]):
            taken.append((start, end, kind))
            used[start:end] = b"\x01" * (end - start)
    return sorted(taken)


_WINDOW_MARGIN = 60  # characters around a trigger word; longer than any one expression
# a word (kept if it is a time word) or a number that can start or end a time expression
# by itself: a year, a clock time or numeric date, a decade, "3 p.m."
_TRIGGER = re.compile(
    r"(?<!\d)(?:(?:1[5-9]|20)\d\d(?!\d)|\d{1,2}(?=[:./]\d)|\d0'?s\b|\d{1,2}\s*[ap]\.?m\b)"
    r"|[^\W\d_]+"
)


def _windows(text: str, lex: TimeLexicon) -> list[tuple[int, int, frozenset[str], bool]]:
    """Stretches of ``text`` around digits and time words, cut at blanks, each with the time
    words it holds and whether it holds a number."""
    windows: list[list[int]] = []
    words: list[set[str]] = []  # the time words of each window
    numbers: list[bool] = []  # whether each window holds a number
    triggers = lex.time_words
    for m in _TRIGGER.finditer(text):
        word = m.group()
        low = word.lower()
        number = word[0].isdigit()
        if not (number or low in triggers):
            continue
        start, end = max(0, m.start() - _WINDOW_MARGIN), m.end() + _WINDOW_MARGIN
        if windows and start <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], end)
        else:
            windows.append([start, end])
            words.append(set())
            numbers.append(False)
        if number:
            numbers[-1] = True
        else:
            words[-1].add(low)
    out = []
    for (start, end), held, number in zip(windows, words, numbers, strict=True):
        while start > 0 and not text[start - 1].isspace():
            start -= 1
        while end < len(text) and not text[end].isspace():
            end += 1
        out.append((start, min(end, len(text)), frozenset(held), number))
    return out


def _plausible(m: re.Match[str], kind: str, lex: TimeLexicon) -> bool:
    """Reject lower-case month/weekday names and bare abbreviated months."""
    for word in re.findall(r"[A-Za-z]+\.?", m.group()):
        bare = word.rstrip(".").lower()
        if (bare in lex.month_words or bare in lex.weekday_words) and word[0].islower():
            return False
    if kind == "month":
        groups = m.groupdict()
        month = groups.get("month") or ""
        if not (groups.get("y") or groups.get("part") or groups.get("rel")):
            return len(month.rstrip(".")) > 3 or month.lower() == "may"
    return True


def looks_like_time(text: str) -> bool:
    """Does ``text`` hold a word or number that can make a time expression?

    Used to drop the model's DATE spans that are no time at all ("A380-800", "1.1.1").
    """
    lex = time_lexicon()
    low = text.lower().replace("’", "'")
    if re.search(r"\b(?:1[5-9]|20)\d\d\b|\d0'?s\b|\d:\d\d|\d\s*[ap]\.?m\b", low):
        return True
    words = set(re.findall(r"[a-z]+", low))
    return bool(words & lex.time_words)


_ONES = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_SPOKEN = re.compile(
    r"\b(?:(?P<c>seventeen|eighteen|nineteen)|(?<=the year )(?P<k>two thousand))"
    r"(?:(?: and)? (?P<r>hundred|oh[- ][a-z]+|[a-z]+(?:[- ][a-z]+)?))?\b"
)


def _spoken_year(m: re.Match[str]) -> str:
    """ "nineteen ninety-four" -> "1994", "the year two thousand" -> "the year 2000"."""
    numbers: dict[str, int] = time_lexicon().words("numbers")
    rest = (m["r"] or "").replace("-", " ").split()
    if rest[:1] == ["oh"]:
        rest = rest[1:]
    if rest == ["hundred"] or not rest:
        tail = 0
    elif len(rest) == 2 and rest[1] in _ONES and numbers.get(rest[0], 0) >= 20:
        tail = numbers[rest[0]] + numbers[rest[1]]
    elif len(rest) == 1 and rest[0] in numbers and numbers[rest[0]] < 100:
        tail = numbers[rest[0]]
    else:
        return m[0]
    if m["c"] and not m["r"]:
        return m[0]  # "nineteen" alone is a number
    head = 2000 if m["k"] else numbers[m["c"]] * 100
    return str(head + tail)


def clean_expression(text: str) -> str:
    """Lower-case, single-spaced, without leading prepositions or a trailing possessive;
    a year in words ("nineteen ninety-four", broadcast transcripts) in digits."""
    s = " ".join(text.replace("’", "'").replace("–", "-").split()).lower()
    s = _SPOKEN.sub(_spoken_year, s)
    s = re.sub(r" or so\b", "", s)  # "a week or so ago", "the next year or so"
    s = s.strip(" ,;:!?\"'()")
    s = re.sub(r"'s$", "", s)
    lex = time_lexicon()
    prev = None
    while prev != s:
        prev = s
        s = lex.leading.sub("", s, count=1)
    return s


__all__ = [
    "DATA_FILE",
    "TimeLexicon",
    "TimePattern",
    "clean_expression",
    "find_time_expressions",
    "looks_like_time",
    "time_lexicon",
]
