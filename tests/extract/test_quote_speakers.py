"""storyline_quotes: who a cue's speaker is when the subject is not a plain noun phrase.

Docs are built by hand with a dependency parse (word, lemma, pos, tag, head, dep).
"""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.extract.attribution import is_cue, load_cues, speaker_token
from storyline.extract.quotes import extract_quotes
from storyline.records import Entity, Mention

CUES = load_cues()

Row = tuple[str, str, str, str, int, str]


def parsed(blank_nlp: Language, rows: list[Row]) -> Doc:
    """A Doc from (word, lemma, pos, tag, head, dep) rows, with no entities."""
    words = [r[0] for r in rows]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=[
            i + 1 < len(words) and words[i + 1] not in ".,:?”" and w != "“"
            for i, w in enumerate(words)
        ],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        tags=[r[3] for r in rows],
        heads=[r[4] for r in rows],
        deps=[r[5] for r in rows],
    )
    doc._.sl_entities = []
    doc._.sl_entity_spans = []
    return doc


# "Officials who said that troops left met."
RELATIVE: list[Row] = [
    ("Officials", "official", "NOUN", "NNS", 6, "nsubj"),
    ("who", "who", "PRON", "WP", 2, "nsubj"),
    ("said", "say", "VERB", "VBD", 0, "relcl"),
    ("that", "that", "SCONJ", "IN", 5, "mark"),
    ("troops", "troop", "NOUN", "NNS", 5, "nsubj"),
    ("left", "leave", "VERB", "VBD", 2, "ccomp"),
    ("met", "meet", "VERB", "VBD", 6, "ROOT"),
    (".", ".", "PUNCT", ".", 6, "punct"),
]

# "Okoro began by saying that troops left."
BY_SAYING: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 1, "nsubj"),
    ("began", "begin", "VERB", "VBD", 1, "ROOT"),
    ("by", "by", "ADP", "IN", 1, "prep"),
    ("saying", "say", "VERB", "VBG", 2, "pcomp"),
    ("that", "that", "SCONJ", "IN", 6, "mark"),
    ("troops", "troop", "NOUN", "NNS", 6, "nsubj"),
    ("left", "leave", "VERB", "VBD", 3, "ccomp"),
    (".", ".", "PUNCT", ".", 1, "punct"),
]

# "After saying that troops left, Okoro was taken."
AFTER_SAYING: list[Row] = [
    ("After", "after", "ADP", "IN", 8, "prep"),
    ("saying", "say", "VERB", "VBG", 0, "pcomp"),
    ("that", "that", "SCONJ", "IN", 4, "mark"),
    ("troops", "troop", "NOUN", "NNS", 4, "nsubj"),
    ("left", "leave", "VERB", "VBD", 1, "ccomp"),
    (",", ",", "PUNCT", ",", 8, "punct"),
    ("Okoro", "Okoro", "PROPN", "NNP", 8, "nsubjpass"),
    ("was", "be", "AUX", "VBD", 8, "auxpass"),
    ("taken", "take", "VERB", "VBN", 8, "ROOT"),
    (".", ".", "PUNCT", ".", 8, "punct"),
]


def test_relative_pronoun_speaker_stands_where_the_pronoun_is(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, RELATIVE)
    assert speaker_token(doc[2], CUES).text == "Officials"
    assert speaker_token(doc[2], CUES, relative=False).text == "who"
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert quote.text == "troops left"
    assert quote.speaker is not None
    assert (quote.speaker.text, quote.speaker.name) == ("who", "Officials")
    assert (quote.speaker.start, quote.speaker.end) == (doc[1].idx, doc[1].idx + 3)


def test_participle_after_a_preposition_takes_the_clause_subject(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, BY_SAYING)
    assert speaker_token(doc[3], CUES).text == "Okoro"
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert quote.speaker is not None and quote.speaker.text == "Okoro"


def test_participle_before_a_passive_clause_takes_its_subject(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, AFTER_SAYING)
    assert speaker_token(doc[1], CUES).text == "Okoro"


# "Okoro said it would show that the plan works."
SAID_IT_SHOWS: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 1, "nsubj"),
    ("said", "say", "VERB", "VBD", 1, "ROOT"),
    ("it", "it", "PRON", "PRP", 4, "nsubj"),
    ("would", "would", "AUX", "MD", 4, "aux"),
    ("show", "show", "VERB", "VB", 1, "ccomp"),
    ("that", "that", "SCONJ", "IN", 8, "mark"),
    ("the", "the", "DET", "DT", 7, "det"),
    ("plan", "plan", "NOUN", "NN", 8, "nsubj"),
    ("works", "work", "VERB", "VBZ", 4, "ccomp"),
    (".", ".", "PUNCT", ".", 1, "punct"),
]


def test_it_of_a_nested_cue_gives_the_speaker_of_the_cue_around_it(
    blank_nlp: Language,
) -> None:
    doc = parsed(blank_nlp, SAID_IT_SHOWS)
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert quote.text == "the plan works"
    assert quote.speaker is not None and quote.speaker.text == "Okoro"


@pytest.mark.model
def test_a_colon_ending_the_paragraph_before_introduces_the_quote(nlp: Language) -> None:
    text = (
        "The city council met on Monday. Mayor Ann Okoro wrote to residents:\n\n"
        "“The bridge will close for repairs next week, and we are sorry for the trouble.”\n\n"
        "Traffic was light on Tuesday."
    )
    quote = next(q for q in nlp(text)._.sl_quotes if q.kind == "direct")
    assert quote.speaker is not None and "Okoro" in quote.speaker.name


# "The plan, Okoro said, was dead."
PARENTHETICAL: list[Row] = [
    ("The", "the", "DET", "DT", 1, "det"),
    ("plan", "plan", "NOUN", "NN", 6, "nsubj"),
    (",", ",", "PUNCT", ",", 6, "punct"),
    ("Okoro", "Okoro", "PROPN", "NNP", 4, "nsubj"),
    ("said", "say", "VERB", "VBD", 6, "parataxis"),
    (",", ",", "PUNCT", ",", 6, "punct"),
    ("was", "be", "AUX", "VBD", 6, "ROOT"),
    ("dead", "dead", "ADJ", "JJ", 6, "acomp"),
    (".", ".", "PUNCT", ".", 6, "punct"),
]

# "“Panic mode,” Okoro said." (the parser took the quote for a second subject)
TWO_SUBJECTS: list[Row] = [
    ("“", "“", "PUNCT", "``", 6, "punct"),
    ("Panic", "panic", "NOUN", "NN", 2, "compound"),
    ("mode", "mode", "NOUN", "NN", 6, "nsubj"),
    (",", ",", "PUNCT", ",", 6, "punct"),
    ("”", "”", "PUNCT", "''", 6, "punct"),
    ("Okoro", "Okoro", "PROPN", "NNP", 6, "nsubj"),
    ("said", "say", "VERB", "VBD", 6, "ROOT"),
    (".", ".", "PUNCT", ".", 6, "punct"),
]


def test_a_said_set_into_the_clause_reports_the_whole_clause(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, PARENTHETICAL)
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert (quote.kind, quote.text) == ("indirect", "The plan, Okoro said, was dead")
    assert quote.speaker is not None and quote.speaker.text == "Okoro"


def test_of_two_subjects_the_one_next_to_the_cue_speaks(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, TWO_SUBJECTS)
    assert speaker_token(doc[6], CUES).text == "Okoro"


# "“Why did troops leave?” Okoro asked."
ASKED: list[Row] = [
    ("“", "“", "PUNCT", "``", 4, "punct"),
    ("Why", "why", "ADV", "WRB", 4, "advmod"),
    ("did", "do", "AUX", "VBD", 4, "aux"),
    ("troops", "troop", "NOUN", "NNS", 4, "nsubj"),
    ("leave", "leave", "VERB", "VB", 8, "ccomp"),
    ("?", "?", "PUNCT", ".", 4, "punct"),
    ("”", "”", "PUNCT", "''", 4, "punct"),
    ("Okoro", "Okoro", "PROPN", "NNP", 8, "nsubj"),
    ("asked", "ask", "VERB", "VBD", 8, "ROOT"),
    (".", ".", "PUNCT", ".", 8, "punct"),
]


def test_a_question_is_attributed_to_who_asked_it(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, ASKED)
    assert is_cue(doc[8], CUES)
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert quote.kind == "direct"
    assert quote.speaker is not None and quote.speaker.text == "Okoro"


# "Okoro said the plan “has failed the town”."
PARTIAL: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 1, "nsubj"),
    ("said", "say", "VERB", "VBD", 1, "ROOT"),
    ("the", "the", "DET", "DT", 3, "det"),
    ("plan", "plan", "NOUN", "NN", 6, "nsubj"),
    ("“", "“", "PUNCT", "``", 6, "punct"),
    ("has", "have", "AUX", "VBZ", 6, "aux"),
    ("failed", "fail", "VERB", "VBN", 1, "ccomp"),
    ("the", "the", "DET", "DT", 8, "det"),
    ("town", "town", "NOUN", "NN", 6, "dobj"),
    ("”", "”", "PUNCT", "''", 6, "punct"),
    (".", ".", "PUNCT", ".", 1, "punct"),
]


def test_a_partial_quote_is_one_attribution_of_the_reported_clause(
    blank_nlp: Language,
) -> None:
    doc = parsed(blank_nlp, PARTIAL)
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert quote.kind == "direct"
    assert quote.text.startswith("the plan “has failed the town")
    assert quote.speaker is not None and quote.speaker.text == "Okoro"


# "Okoro said “the plan has failed the town”."
WHOLE_CLAUSE: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 1, "nsubj"),
    ("said", "say", "VERB", "VBD", 1, "ROOT"),
    ("“", "“", "PUNCT", "``", 6, "punct"),
    ("the", "the", "DET", "DT", 4, "det"),
    ("plan", "plan", "NOUN", "NN", 6, "nsubj"),
    ("has", "have", "AUX", "VBZ", 6, "aux"),
    ("failed", "fail", "VERB", "VBN", 1, "ccomp"),
    ("the", "the", "DET", "DT", 8, "det"),
    ("town", "town", "NOUN", "NN", 6, "dobj"),
    ("”", "”", "PUNCT", "''", 6, "punct"),
    (".", ".", "PUNCT", ".", 1, "punct"),
]


def test_a_quote_that_is_the_whole_clause_stays_as_it_is(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, WHOLE_CLAUSE)
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert (quote.kind, quote.text) == ("direct", "the plan has failed the town")


# "Okoro: troops will leave the town." (a headline's "Name: claim")
HEADLINE: list[Row] = [
    ("Okoro", "Okoro", "PROPN", "NNP", 0, "ROOT"),
    (":", ":", "PUNCT", ":", 0, "punct"),
    ("troops", "troop", "NOUN", "NNS", 4, "nsubj"),
    ("will", "will", "AUX", "MD", 4, "aux"),
    ("leave", "leave", "VERB", "VB", 0, "appos"),
    ("the", "the", "DET", "DT", 6, "det"),
    ("town", "town", "NOUN", "NN", 4, "dobj"),
    (".", ".", "PUNCT", ".", 0, "punct"),
]


def test_a_line_opening_with_a_name_and_a_colon_is_that_persons_claim(
    blank_nlp: Language,
) -> None:
    doc = parsed(blank_nlp, HEADLINE)
    mention = Mention(0, 5, "Okoro")
    doc._.sl_entities = [Entity("e1", "Okoro", "PERSON", (mention,))]
    doc._.sl_entity_spans = [(0, 5, "e1")]
    (quote,) = extract_quotes(doc, CUES, learned=False)
    assert (quote.kind, quote.text) == ("indirect", "troops will leave the town")
    assert quote.speaker is not None and quote.speaker.entity == "e1"
