"""Hand corrections of events: "not an event" and "wrong type", kept by document and
trigger, applied now and again at every ingest (both backends)."""

from __future__ import annotations

import pytest

from storyline.errors import NotFound, Refused
from storyline.kb import KnowledgeBase

TOWN = (14.35, 1.45, "NE")
CLASH = "Gunmen attacked the garrison at Tillaberi on Monday, the ministry said."
SPEECH = "The minister attacked the budget in a speech in Tillaberi on Monday."
EDITED = "Updated at noon. " + SPEECH  # offsets move, the sentence stays


def _clash(make_doc, key="clash", text=CLASH):
    return make_doc(
        key, text, [("Tillaberi", "GPE", TOWN)], [dict(place="Tillaberi", date="2024-05-06")]
    )


def _speech(make_doc, text=SPEECH):
    return make_doc(
        "speech", text, [("Tillaberi", "GPE", TOWN)], [dict(place="Tillaberi", date="2024-05-06")]
    )


@pytest.fixture
def kb(db_url):
    return KnowledgeBase(db_url, create=True)


def _kinds(kb):
    return sorted((e.type, e.subtype, len(e.reports)) for e in kb.export_events())


def test_event_reject_leaves_timeline_and_exports_and_survives_reingest(kb, make_doc):
    kb.ingest(_clash(make_doc))
    kb.ingest(_speech(make_doc))
    # the same kind, place and day: one event with two reports
    assert _kinds(kb) == [("Battles", "Armed clash", 2)]
    done = kb.reject_event("speech", "v1")
    assert done.action == "reject" and done.was_type == "Battles"
    assert _kinds(kb) == [("Battles", "Armed clash", 1)]
    assert kb.stats()["events"] == 1
    assert [r.document for e in kb.timeline() for r in e.reports] == ["clash"]
    # an edited article is analysed and stored again: the correction still holds
    assert kb.ingest(_speech(make_doc, EDITED)).status == "replaced"
    assert [r.document for e in kb.timeline() for r in e.reports] == ["clash"]
    assert [c.action for c in kb.event_corrections("speech")] == ["reject"]
    # the other document's report of the same words is untouched
    assert kb.event_corrections("clash") == []


def test_event_retype_moves_a_report_to_an_event_of_its_kind_and_survives(kb, make_doc):
    kb.ingest(_clash(make_doc))
    kb.ingest(_speech(make_doc))
    done = kb.retype_event("speech", "v1", "Strategic developments", "Other")
    assert (done.type, done.subtype, done.was_type) == (
        "Strategic developments",
        "Other",
        "Battles",
    )
    assert _kinds(kb) == [
        ("Battles", "Armed clash", 1),
        ("Strategic developments", "Other", 1),
    ]
    assert kb.ingest(_speech(make_doc, EDITED)).status == "replaced"
    assert _kinds(kb) == [
        ("Battles", "Armed clash", 1),
        ("Strategic developments", "Other", 1),
    ]
    # corrected again: the newest correction wins, and the type it had first is kept
    kb.reject_event("speech", "v1")
    (only,) = kb.event_corrections("speech")
    assert (only.action, only.was_type) == ("reject", "Battles")
    assert _kinds(kb) == [("Battles", "Armed clash", 1)]


def test_event_retype_of_a_lone_report_retypes_its_event(kb, make_doc):
    kb.ingest(_clash(make_doc))
    kb.retype_event("clash", "v1", "Violence against civilians", "Attack")
    assert _kinds(kb) == [("Violence against civilians", "Attack", 1)]


def test_event_corrections_refuse_unknown_kinds_and_events(kb, make_doc):
    kb.ingest(_clash(make_doc))
    with pytest.raises(Refused) as err:
        kb.retype_event("clash", "v1", "Battles", "Picnic")
    assert err.value.code == "E414" and err.value.http_status == 400
    with pytest.raises(Refused):
        kb.retype_event("clash", "v1", "Battles")  # ACLED types need a sub-type
    with pytest.raises(NotFound) as missing:
        kb.reject_event("clash", "v9")
    assert missing.value.code == "E415"
    with pytest.raises(NotFound):
        kb.reject_event("nowhere", "v1")
    assert _kinds(kb) == [("Battles", "Armed clash", 1)]


def test_event_correction_follows_its_trigger_not_its_id(kb, make_doc):
    kb.ingest(_clash(make_doc))
    kb.reject_event("clash", "v1")
    # a new text under the same key whose report stands in another sentence is not the
    # report corrected: it is stored
    other = "Gunmen attacked a convoy near Tillaberi on Monday."
    assert kb.ingest(_clash(make_doc, text=other)).status == "replaced"
    assert _kinds(kb) == [("Battles", "Armed clash", 1)]
