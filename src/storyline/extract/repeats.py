"""Names the model found once and missed where the document uses them again.

The small model reads each sentence alone: it tags "Loamshire" in one line and misses it in
the next ("Loamshire kept up the hunt ..."), or finds "Wessex" in a report and not at the
start of a scores line. A reader knows the name from its first mention, and so does this
room: an uncovered occurrence of a name found elsewhere in the document becomes a mention
with that name's label, and the linker's vote then gives all of its mentions one label
(one document, one label).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from .extensions import doc_text, token_table
from .persons import alone

MAX_NAME_TOKENS = 4
#: shortest name taken again: two-letter words ("US", "Mr") are too often something else
MIN_CHARS = 3


def name_labels(spans: list[Span], stop_words: set[str]) -> dict[str, str]:
    """Each name's most frequent label among ``spans``: names written as names only (a
    capital first letter, a letter in them, not a stop word and not a single short word)."""
    votes: dict[str, Counter[str]] = {}
    inside: set[str] = set()
    for span in spans:
        text = span.text
        if len(text) < MIN_CHARS or not text[:1].isupper() or len(span) > MAX_NAME_TOKENS:
            continue
        if all(t.lower_ in stop_words or not t.is_alpha for t in span):
            continue
        votes.setdefault(text, Counter())[span.label_] += 1
        if not _line_start(span):
            inside.add(text)
    # a name seen only where every word is capitalised ("Men 's 800 metres") may be a word
    return {text: c.most_common(1)[0][0] for text, c in votes.items() if text in inside}


def _line_start(span: Span) -> bool:
    """Whether ``span`` opens a sentence or a line, where a capital says nothing."""
    if span[0].is_sent_start:
        return True
    before = span.doc[span.start - 1]
    return "\n" in before.text or before.is_space


def missed_repeats(doc: Doc, taken: list[Span], stop_words: set[str]) -> list[Span]:
    """Spans over uncovered occurrences of names that ``taken`` holds elsewhere, each with
    the name's label; the longest name wins at each token."""
    labels = name_labels(taken, stop_words)
    if not labels:
        return []
    firsts = {text.split()[0] for text in labels}
    covered = {i for span in taken for i in range(span.start, span.end)}
    found: list[Span] = []
    n = len(doc)
    table, text = token_table(doc), doc_text(doc)
    words = table.text
    i = 0
    while i < n:
        if i in covered or words[i] not in firsts:
            i += 1
            continue
        for j in range(min(n, i + MAX_NAME_TOKENS), i, -1):
            label = labels.get(table.span_text(i, j, text))
            if label is None or any(k in covered for k in range(i, j)):
                continue
            if alone(doc, i, j, covered):
                found.append(Span(doc, i, j, label=label))
                i = j - 1
            break
        i += 1
    return found


__all__ = ["missed_repeats", "name_labels"]
