"""The nurses' answer review book."""
import datetime as dt
import importlib.util
import shutil

import pytest

from rugpoli.answer_review import (CHANGED, REVIEWED, UNREVIEWED, answer_entries, fingerprint,
                                   load_reviews, mark_reviewed, review_status)
from rugpoli.settings import PROJECT_ROOT
from rugpoli.training_data import faq_answers


def test_every_answer_is_in_the_book_with_source_passage_and_examples(seeds_dir):
    entries = answer_entries(folder=seeds_dir, reviews={})
    assert len(entries) == len(faq_answers())
    for entry in entries:
        assert entry.citations, entry.name
        assert all(c.passage and c.problem is None for c in entry.citations), entry.name
        assert entry.examples, entry.name
        assert "Bron:" not in entry.body
        assert entry.status == UNREVIEWED


def test_review_status_follows_the_answer_text():
    answer = "Meestal is een scan niet nodig.\nBron: x — y"
    assert review_status(answer, None) == UNREVIEWED
    assert review_status(answer, {"answer_hash": fingerprint(answer)}) == REVIEWED
    assert review_status(answer + " Nieuw.", {"answer_hash": fingerprint(answer)}) == CHANGED


def test_marking_a_review_records_who_when_and_the_fingerprint(tmp_path):
    path = tmp_path / "reviews.yml"
    shutil.copy(PROJECT_ROOT / "content" / "reviews.yml", path)
    entry = mark_reviewed("imaging/scan_needed", " A. de Vries ", path, dt.date(2026, 11, 22))
    assert entry["reviewed_by"] == "A. de Vries" and entry["date"] == "2026-11-22"
    reviews = load_reviews(path)
    assert reviews["imaging/scan_needed"]["answer_hash"] == fingerprint(
        faq_answers()["utter_imaging/scan_needed"])
    assert path.read_text(encoding="utf-8").startswith("# Nurses' review")
    statuses = {e.name: e.status for e in answer_entries(reviews=reviews)}
    assert statuses["imaging/scan_needed"] == REVIEWED
    assert statuses["hernia/what_is"] == UNREVIEWED


def test_marking_needs_a_known_answer_and_a_reviewer(tmp_path):
    path = tmp_path / "reviews.yml"
    shutil.copy(PROJECT_ROOT / "content" / "reviews.yml", path)
    with pytest.raises(KeyError):
        mark_reviewed("imaging", "A", path)
    with pytest.raises(ValueError):
        mark_reviewed("imaging/scan_needed", "  ", path)


def test_committed_reviews_name_existing_answers():
    answers = {name[len("utter_"):] for name in faq_answers()}
    assert set(load_reviews()) <= answers


def test_book_is_html_with_escaped_text(seeds_dir):
    spec = importlib.util.spec_from_file_location("review_answers",
                                                  PROJECT_ROOT / "scripts" / "review_answers.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    html = script.render(answer_entries(folder=seeds_dir, reviews={}))
    assert html.startswith("<!DOCTYPE html>") and "<script" not in html
    assert html.count("<section") == len(faq_answers())
