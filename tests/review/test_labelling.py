"""Retraining loop: export to a labelling file, merge labelled rows into data/nlu."""
import shutil

import pytest
import yaml

from rugpoli.labelling import (apply_merge, held_out_texts, known_intents, plan_merge,
                               read_labelling_file, rows_to_label, write_labelling_file)
from rugpoli.review import review_conversation, worth_a_look
from rugpoli.settings import PROJECT_ROOT
from rugpoli.tracker_db import connect, conversations
from rugpoli.training_data import examples, nlu_examples


def exported_rows(store):
    engine = connect(f"sqlite:///{store.path}")
    return rows_to_label(worth_a_look(review_conversation(s, e) for s, e in conversations(engine)))


def test_export_lists_unsure_fallback_and_unhelpfully_answered_messages_masked(filled_store):
    rows = {row["message"]: row for row in exported_rows(filled_store)}
    assert set(rows) == {"mijn naam is [naam], bel me op [telefoonnummer]", "wat is een hnp",
                         "<script>alert(1)</script>"}
    assert rows["wat is een hnp"]["reason"] == "antwoord hielp niet"
    assert rows["wat is een hnp"]["predicted_intent"] == "hernia/what_is"
    assert all(row["intent"] == "" for row in rows.values())


def test_labelling_file_round_trips_and_accepts_comma_separated_files(filled_store, tmp_path):
    rows = exported_rows(filled_store)
    path = tmp_path / "labels.csv"
    write_labelling_file(rows, path)
    assert read_labelling_file(path) == rows
    comma = tmp_path / "comma.csv"
    comma.write_text("message,intent\nmri nodig?,imaging/scan_needed\n", encoding="utf-8")
    assert read_labelling_file(comma) == [{"message": "mri nodig?", "intent": "imaging/scan_needed"}]
    bad = tmp_path / "bad.csv"
    bad.write_text("text;label\nx;y\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing column"):
        read_labelling_file(bad)


def test_known_intents_need_the_sub_question_of_a_faq_topic():
    known = known_intents()
    assert "imaging/scan_needed" in known and "contact" in known and "out_of_scope" in known
    assert "imaging" not in known


def test_merge_plan_rejects_unknown_skips_duplicates_and_held_out_copies():
    training = [t for _, t in nlu_examples()]
    held_out = held_out_texts()
    rows = [{"message": "zit er   een verschil tussen een mri en een ct", "intent": "imaging/scan_types"},
            {"message": training[0], "intent": "imaging/scan_needed"},
            {"message": held_out[0], "intent": "imaging/scan_needed"},
            {"message": "iets", "intent": "imaging"},
            {"message": "nog niet gelabeld", "intent": ""}]
    result = plan_merge(rows, known_intents() | {"imaging/scan_types"}, training, held_out)
    assert result.added == [("imaging/scan_types", "zit er een verschil tussen een mri en een ct")]
    assert result.duplicates == [training[0]]
    assert result.held_out == [held_out[0]]
    assert result.unknown == [("iets", "imaging")]
    assert result.unlabelled == 1


def test_merge_appends_to_the_right_intent_and_keeps_the_files_valid(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data)
    added = [("imaging/scan_needed", "moet er een foto van mijn rug gemaakt worden of niet"),
             ("out_of_scope", "waar kan ik mijn fiets stallen")]
    written = apply_merge(added, data)
    assert {p.name: n for p, n in written.items()} == {"imaging.yml": 1, "conversation.yml": 1}
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.startswith('version: "3.1"')
        yaml.safe_load(text)
    pairs = set(examples(data / "nlu" / "imaging.yml"))
    assert ("imaging/scan_needed", "moet er een foto van mijn rug gemaakt worden of niet") in pairs
    assert len(nlu_examples(data)) == len(nlu_examples()) + 2
