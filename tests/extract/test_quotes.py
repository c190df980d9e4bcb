"""storyline_quotes: direct quotes, reported speech, speakers, source chains and hedges.

Logic tests build Docs by hand with a dependency parse; the ``model`` tests run the whole
pipeline on small invented articles, one convention per case.
"""

from __future__ import annotations

from typing import Any

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from storyline.errors import ExtractError
from storyline.extract.attribution import (
    content_of,
    cue_text,
    is_cue,
    load_cues,
    outer_cues,
    speaker_token,
)
from storyline.extract.quotes import extract_quotes
from storyline.records import Entity, Mention, Quote

CUES = load_cues()


def parsed(
    blank_nlp: Language,
    rows: list[tuple[str, str, str, int, str]],
    ents: dict[str, Any] | None = None,
) -> Doc:
    """A Doc from (word, lemma, pos, head, dep) rows; ``ents`` maps a word to (id, label)."""
    words = [r[0] for r in rows]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=[i + 1 < len(words) and words[i + 1] not in ".,:" for i in range(len(words))],
        lemmas=[r[1] for r in rows],
        pos=[r[2] for r in rows],
        tags=["VBG" if r[0].endswith("ing") and r[2] == "VERB" else "XX" for r in rows],
        heads=[r[3] for r in rows],
        deps=[r[4] for r in rows],
    )
    entities, spans = [], []
    for word, (eid, label) in (ents or {}).items():
        tok = next(t for t in doc if t.text == word)
        mention = Mention(tok.idx, tok.idx + len(tok), word)
        entities.append(Entity(eid, word, label, (mention,)))
        spans.append((mention.start, mention.end, eid))
    doc._.sl_entities = entities
    doc._.sl_entity_spans = spans
    return doc


# "Okoro said that troops left ."
SAID_THAT = [
    ("Okoro", "Okoro", "PROPN", 1, "nsubj"),
    ("said", "say", "VERB", 1, "ROOT"),
    ("that", "that", "SCONJ", 4, "mark"),
    ("troops", "troop", "NOUN", 4, "nsubj"),
    ("left", "leave", "VERB", 1, "ccomp"),
    (".", ".", "PUNCT", 1, "punct"),
]

# "The paper said that officials said that troops left ."
CHAIN = [
    ("The", "the", "DET", 1, "det"),
    ("paper", "paper", "NOUN", 2, "nsubj"),
    ("said", "say", "VERB", 2, "ROOT"),
    ("that", "that", "SCONJ", 5, "mark"),
    ("officials", "official", "NOUN", 5, "nsubj"),
    ("said", "say", "VERB", 2, "ccomp"),
    ("that", "that", "SCONJ", 9, "mark"),
    ("troops", "troop", "NOUN", 9, "nsubj"),
    ("had", "have", "AUX", 9, "aux"),
    ("left", "leave", "VERB", 5, "ccomp"),
    (".", ".", "PUNCT", 2, "punct"),
]

# "According to Okoro , troops left ."
ACCORDING = [
    ("According", "accord", "VERB", 5, "prep"),
    ("to", "to", "ADP", 0, "prep"),
    ("Okoro", "Okoro", "PROPN", 1, "pobj"),
    (",", ",", "PUNCT", 5, "punct"),
    ("troops", "troop", "NOUN", 5, "nsubj"),
    ("left", "leave", "VERB", 5, "ROOT"),
    (".", ".", "PUNCT", 5, "punct"),
]

# "Okoro met the press , saying that troops left ."
PARTICIPLE = [
    ("Okoro", "Okoro", "PROPN", 1, "nsubj"),
    ("met", "meet", "VERB", 1, "ROOT"),
    ("the", "the", "DET", 3, "det"),
    ("press", "press", "NOUN", 1, "dobj"),
    (",", ",", "PUNCT", 1, "punct"),
    ("saying", "say", "VERB", 1, "advcl"),
    ("that", "that", "SCONJ", 8, "mark"),
    ("troops", "troop", "NOUN", 8, "nsubj"),
    ("left", "leave", "VERB", 5, "ccomp"),
    (".", ".", "PUNCT", 1, "punct"),
]


def test_attribution_said_that_gives_cue_content_and_speaker(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, SAID_THAT)
    said = doc[1]
    assert is_cue(said, CUES)
    assert cue_text(said, CUES) == "said"
    lo, hi, root = content_of(said, CUES) or (0, 0, said)
    assert doc[lo:hi].text == "troops left"
    assert root.text == "left"
    assert speaker_token(said, CUES).text == "Okoro"


def test_attribution_according_to_content_leaves_out_the_phrase(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, ACCORDING)
    according = doc[0]
    assert is_cue(according, CUES)
    assert cue_text(according, CUES) == "according to"
    lo, hi, _ = content_of(according, CUES) or (0, 0, according)
    assert doc[lo:hi].text == "troops left"
    assert speaker_token(according, CUES).text == "Okoro"


def test_attribution_participle_takes_the_main_subject(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, PARTICIPLE)
    assert speaker_token(doc[5], CUES).text == "Okoro"


def test_attribution_outer_cues_of_a_chain(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, CHAIN)
    assert [t.i for t in outer_cues(doc[5], CUES)] == [2]
    assert outer_cues(doc[2], CUES) == []


def test_quotes_chain_speaker_via_outlet_by_hand(blank_nlp: Language) -> None:
    rows = [("The", "the", "DET", 1, "det"), ("Courier", "Courier", "PROPN", 2, "nsubj")]
    rows += [("reported", "report", "VERB", 2, "ROOT"), (".", ".", "PUNCT", 2, "punct")]
    rows += [(w, lemma, pos, head + 4, dep) for w, lemma, pos, head, dep in CHAIN]
    doc = parsed(blank_nlp, rows, {"Courier": ("e1", "ORG")})
    (quote,) = extract_quotes(doc)
    assert quote.kind == "indirect"
    assert quote.text == "troops had left"
    assert quote.speaker is not None and quote.speaker.name == "officials"
    assert quote.anonymous
    assert quote.via == ("e1",)


def test_quotes_participle_speaker_by_hand(blank_nlp: Language) -> None:
    doc = parsed(blank_nlp, PARTICIPLE, {"Okoro": ("e1", "PERSON")})
    (quote,) = extract_quotes(doc)
    assert quote.speaker is not None and quote.speaker.entity == "e1"
    assert quote.cue == "saying"


def test_quotes_bad_lexicon_raises_numbered_error(tmp_path: Any) -> None:
    path = tmp_path / "cues.json"
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(ExtractError, match="E204"):
        load_cues(str(path))


# -- the full pipeline on invented articles --------------------------------------------------


def quotes_of(nlp: Language, text: str) -> list[Quote]:
    return list(nlp(text)._.sl_quotes)


def find(quotes: list[Quote], key: str) -> Quote:
    hits = [q for q in quotes if key in q.text]
    assert hits, f"no quote holds {key!r}: {[q.text for q in quotes]}"
    return hits[0]


def names_of(nlp: Language, text: str, ids: tuple[str, ...]) -> list[str]:
    entities = {e.id: e.name for e in nlp(text)._.sl_entities}
    return [entities[i] for i in ids]


CASES = [
    # (convention, text, key, expected fields)
    (
        "pronoun speaker",
        "Maria Costa runs the only bakery in the market. “We have no flour left,” she said.",
        "We have no flour left",
        {"kind": "direct", "name": "Maria Costa", "speaker_text": "she", "cue": "said"},
    ),
    (
        "named speaker after the quote",
        "“The bridge will reopen in May,” said Tomas Lindqvist, the regional engineer.",
        "The bridge will reopen in May",
        {"kind": "direct", "name": "Tomas Lindqvist", "certainty": "reported"},
    ),
    (
        "speaker before a colon",
        "Governor Ruth Adeyemi told reporters: “The dam is safe and nobody needs to leave.”",
        "The dam is safe",
        {"kind": "direct", "name": "Ruth Adeyemi", "cue": "told"},
    ),
    (
        "interrupted quote, second part",
        "“We are tired,” said Elena Marsh, “and we have no more beds left in the ward.”",
        "no more beds left",
        {"kind": "direct", "name": "Elena Marsh"},
    ),
    (
        "multi-paragraph quote",
        "Farmer Kwame Mensah described the night of the flood.\n\n“The river rose quickly."
        "\n\n“We carried the children to the roof,” he said.",
        "The river rose quickly",
        {"kind": "direct", "name": "Kwame Mensah", "contains": "We carried the children"},
    ),
    (
        "continuation paragraph",
        "“The river rose quickly and took the goats,” said Kwame Mensah.\n\n"
        "“Nobody came to help us for three days.”",
        "Nobody came to help us",
        {"kind": "direct", "name": "Kwame Mensah", "cue": None},
    ),
    (
        "nominal outlet speaker",
        "The Harbor Tribune reported on Sunday that the mayor had resigned.\n\n"
        "“The city is bankrupt and the banks know it,” the newspaper said.",
        "The city is bankrupt",
        {
            "kind": "direct",
            "name": "Harbor Tribune",
            "speaker_text": "the newspaper",
            "certainty": "asserted",
        },
    ),
    (
        "the outlet's reporter",
        "The Harbor Tribune ran a story on the strike. Its correspondent wrote "
        "that “the port lost millions of dollars in a week”.",
        "the port lost millions",
        {"kind": "direct", "name": "Harbor Tribune", "speaker_text": "Its correspondent"},
    ),
    (
        "anonymous official",
        "An intelligence officer said that the convoy was attacked near the border.",
        "the convoy was attacked",
        {"kind": "indirect", "name": "intelligence officer", "anonymous": True},
    ),
    (
        "anonymous source close to",
        "A source close to the ministry said that the minister would resign.",
        "the minister would resign",
        {"kind": "indirect", "name": "source close to the ministry", "anonymous": True},
    ),
    (
        "via chain",
        "The Harbor Tribune reported on the convoy on Monday. The newspaper wrote in its story "
        "that "
        "unnamed officials said that “the convoy carried weapons across the border at night”.",
        "the convoy carried weapons",
        {
            "kind": "direct",
            "name": "unnamed officials",
            "anonymous": True,
            "via": ["Harbor Tribune"],
        },
    ),
    (
        "witness frame of an outlet",
        "The Harbor Tribune published a report on Omar Haddad, a fisherman who fled the island, "
        "saying that the boats had been seized.\n\n“They took everything we had and burned the "
        "nets,” he said.",
        "They took everything",
        {"kind": "direct", "name": "Omar Haddad", "via": ["Harbor Tribune"]},
    ),
    (
        "told the outlet",
        "The Harbor Tribune published a report on the clinic. Nadia Karimi told the newspaper "
        "that the clinic had run out of medicine.",
        "the clinic had run out",
        {"kind": "indirect", "name": "Nadia Karimi", "via": ["Harbor Tribune"]},
    ),
    (
        "plural pronoun",
        "Unnamed officials said that the border would close. “The decision is final and nobody "
        "will cross,” they said.",
        "The decision is final",
        {"kind": "direct", "name": "Unnamed officials", "speaker_text": "they", "anonymous": True},
    ),
    (
        "evidence verb",
        "A survey of farmers shows that most growers expect a poor harvest.",
        "most growers expect a poor harvest",
        {"kind": "indirect"},
    ),
    (
        "pledge verb",
        "The governor pledged that the bridge would reopen by the spring.",
        "the bridge would reopen",
        {"kind": "indirect", "name": "governor"},
    ),
    (
        "hedge verb",
        "Officials believe that the commander fled to the mountains.",
        "the commander fled",
        {"kind": "indirect", "certainty": "hedged", "hedge": "believe", "anonymous": True},
    ),
    (
        "hedge adverb in the content",
        "The army said that the commander had reportedly fled to the mountains.",
        "the commander had reportedly fled",
        {"kind": "indirect", "certainty": "hedged", "hedge": "reportedly", "anonymous": False},
    ),
    (
        "hedge inside a relative clause does not hedge the content",
        "The army said that the convoy reached a village where it is believed that the "
        "commander hid.",
        "the convoy reached a village",
        {"kind": "indirect", "certainty": "reported", "hedge": None},
    ),
    (
        "confident that",
        "Police are confident that the suspect left the country.",
        "the suspect left the country",
        {"kind": "indirect", "certainty": "hedged", "hedge": "confident that", "name": "Police"},
    ),
    (
        "is said to",
        "The water is said to have reached the second floor, the mayor said.",
        "The water is said to have reached",
        {"kind": "indirect", "certainty": "hedged", "hedge": "is said to"},
    ),
    (
        "according to",
        "According to the Harbor Tribune, the mayor resigned on Friday.",
        "the mayor resigned on Friday",
        {"kind": "indirect", "name": "Harbor Tribune", "cue": "according to"},
    ),
    (
        "went on to say",
        "Mayor Lena Ortiz spoke for an hour. She went on to say, “The budget is empty and the "
        "banks will not lend.”",
        "The budget is empty",
        {"kind": "direct", "name": "Lena Ortiz", "cue": "went on to say"},
    ),
    (
        "said that clause ending on a direct quote",
        "The minister Paul Okafor said that the talks had failed and that “the army is ready "
        "to move”.",
        "the army is ready",
        {"kind": "direct", "name": "Paul Okafor"},
    ),
    (
        "in a statement",
        "The ministry said in a statement that fourteen soldiers were killed in the attack.",
        "fourteen soldiers were killed",
        {"kind": "indirect", "cue": "said in a statement", "name": "ministry"},
    ),
    (
        "quoted sentence after a quoted sentence",
        "“It was chaos,” one witness told the radio. “People were running everywhere.”",
        "People were running everywhere",
        {"kind": "direct", "name": "witness", "anonymous": True, "cue": None},
    ),
    (
        "quoted as saying",
        "The agency quoted commander Yusuf Dar as saying that the town had fallen.",
        "the town had fallen",
        {"kind": "indirect", "name": "Yusuf Dar"},
    ),
]


@pytest.mark.model
@pytest.mark.parametrize(
    ("convention", "text", "key", "expected"), CASES, ids=[c[0] for c in CASES]
)
def test_quotes_convention(
    nlp: Language, convention: str, text: str, key: str, expected: dict[str, Any]
) -> None:
    quote = find(quotes_of(nlp, text), key)
    assert quote.kind == expected["kind"]
    if "name" in expected:
        assert quote.speaker is not None
        assert expected["name"] in quote.speaker.name
    if "speaker_text" in expected:
        assert quote.speaker is not None and quote.speaker.text == expected["speaker_text"]
    for field in ("cue", "anonymous", "certainty", "hedge"):
        if field in expected:
            assert getattr(quote, field) == expected[field], field
    if "via" in expected:
        assert [n for n in expected["via"] if any(n in v for v in names_of(nlp, text, quote.via))]
    if "contains" in expected:
        assert expected["contains"] in quote.text


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The rebels call the town their “capital” and the group “Northern Shield” controls it.",
        "Police arrested “Abu Sa’id al Qasri” near the port on Friday.",
        "Officials said the so-called “peace corridor” was closed again on Tuesday morning.",
        "The militia, known as the “Sons of the Valley”, withdrew from the hills overnight.",
    ],
)
def test_quotes_scare_quotes_are_not_quotes(nlp: Language, text: str) -> None:
    assert [q for q in quotes_of(nlp, text) if q.kind == "direct"] == []


@pytest.mark.model
def test_quotes_unclosed_quote_stops_at_paragraph(nlp: Language) -> None:
    text = (
        "The driver Hassan Mirza met reporters at the camp.\n\n"
        "“We walked for three days and nobody stopped us.\n\n"
        "Police said that the road had been closed since Monday."
    )
    quotes = quotes_of(nlp, text)
    direct = find(quotes, "We walked")
    assert "Police" not in direct.text
    indirect = find(quotes, "the road had been closed")
    assert indirect.kind == "indirect"
    assert indirect.speaker is not None and indirect.speaker.text == "Police"


@pytest.mark.model
def test_quotes_direct_content_is_not_duplicated_as_indirect(nlp: Language) -> None:
    text = "The minister said that “the army will not cross the river tonight”."
    quotes = quotes_of(nlp, text)
    assert [q.kind for q in quotes] == ["direct"]


@pytest.mark.model
def test_quotes_ids_offsets_and_order(nlp: Language) -> None:
    text = (
        "An aid worker said that the camp was full. “We turned away forty families,” said "
        "Ines Duarte. According to the regional council, more tents will arrive on Monday."
    )
    quotes = quotes_of(nlp, text)
    assert [q.id for q in quotes] == [f"q{i}" for i in range(1, len(quotes) + 1)]
    assert [q.start for q in quotes] == sorted(q.start for q in quotes)
    assert all(text[q.start : q.end] == q.text for q in quotes)
    assert len(quotes) == 3


@pytest.mark.model
def test_quotes_most_quotes_have_a_speaker(nlp: Language) -> None:
    text = "\n\n".join(c[1] for c in CASES)
    quotes = quotes_of(nlp, text)
    missing = [q for q in quotes if q.speaker is None]
    assert len(missing) < 0.1 * len(quotes)


@pytest.mark.model
def test_quotes_speaker_named_where_the_model_missed_the_mention(nlp):
    from .annotate import annotate

    text = (
        "Maria Okonkwo, the mayor, opened the bridge on Friday.\n\n"
        '"It took ten years," Okonkwo said.'
    )
    doc = annotate(nlp, text)
    start = text.index("Maria Okonkwo")
    full = Entity("e1", "Maria Okonkwo", "PERSON", (Mention(start, start + 13, "Maria Okonkwo"),))
    doc._.sl_entities, doc._.sl_entity_spans = [full], [(start, start + 13, "e1")]
    (quote,) = [q for q in extract_quotes(doc) if q.kind == "direct"]
    assert quote.speaker is not None
    assert (quote.speaker.entity, quote.speaker.name) == ("e1", "Maria Okonkwo")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "The minutes record the exchange.\n\n"
            "Deputy Minister of Transport Lena Varga: “We cannot wait another year.”",
            "Lena Varga",
        ),
        (
            "Paolo Ricci answered the critics in a post on his blog: “The plan was sound.”",
            "Paolo Ricci",
        ),
    ],
)
def test_quotes_speaker_introduced_by_a_colon(nlp, text, speaker):
    doc = nlp(text)
    (quote,) = [q for q in doc._.sl_quotes if q.kind == "direct"]
    assert quote.speaker is not None and quote.speaker.name == speaker


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Tomas Berg runs the ferry. He said that the boat would sail. "
            '"He is late," he said of the pilot.',
            "he",
        ),
        ('"The road is closed," said Amina Farouk, a local official.', "Amina Farouk"),
    ],
)
def test_quotes_speaker_offsets_point_at_its_own_words(nlp: Language, text: str, words: str):
    quotes = quotes_of(nlp, text)
    last = max(quotes, key=lambda q: q.start)
    assert last.speaker is not None
    start, end = last.speaker.start, last.speaker.end
    assert start is not None and end is not None
    assert text[start:end].casefold() == words.casefold() == last.speaker.text.casefold()
    assert not last.start <= start < last.end  # the speaker's words, not a "he" in the quote
    assert last.speaker.to_dict()["start"] == start


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Readers wrote in about the new bridge.\n\n"
            "“It has cut my commute in half.” ― Daniela Moreno\n\n"
            "“The tolls are far too high.” — Viktor Hallberg",
            ["Daniela Moreno", "Viktor Hallberg"],
        ),
        # a dash before something other than a name sets no speaker
        ("Readers wrote in.\n\n“It has cut my commute in half.” — a common view.", [None]),
    ],
)
def test_quotes_speaker_signed_after_a_dash(nlp: Language, text: str, speaker: list[str | None]):
    quotes = [q for q in quotes_of(nlp, text) if q.kind == "direct"]
    assert [q.speaker.name if q.speaker else None for q in quotes] == speaker
