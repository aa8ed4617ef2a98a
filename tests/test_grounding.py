"""Every FAQ answer is grounded: it cites an existing source section, its numbers stand in that
section, and it holds no contact details (those come only from action_contact_details)."""
import re

import pytest

from rugpoli.sources import SourceError, load_sources, passage, source_by_short, split_citation
from rugpoli.training_data import faq_answers

NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
PHONE = re.compile(r"\(?0\d{2,3}\)?[\s-]*\d{3}[\s-]*\d{3,4}|\b112\b")
MAX_WORDS = 80

ANSWERS = faq_answers()


def numbers_in(text):
    return set(NUMBER.findall(text))


def test_there_are_enough_answers():
    assert 50 <= len(ANSWERS) <= 90


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_answer_cites_existing_sources_and_sections(name):
    body, citations = split_citation(ANSWERS[name])
    assert citations, f"{name} has no 'Bron:' line"
    sources = load_sources()
    for short, section in citations:
        source = source_by_short(sources, short)
        assert source is not None, f"{name}: unknown source {short!r}"
        assert source.section(section) is not None, f"{name}: {short} has no section {section!r}"


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_answer_is_short_plain_and_free_of_contact_details(name):
    body, _ = split_citation(ANSWERS[name])
    assert len(body.split()) <= MAX_WORDS, f"{name}: {len(body.split())} words"
    assert not PHONE.search(body) and "@" not in body, name
    assert not re.search(r"\b(je|jij|jou|jouw)\b", body, re.IGNORECASE), f"{name}: use 'u'"


@pytest.mark.parametrize("name", sorted(ANSWERS))
def test_every_number_stands_in_the_cited_section(name, seeds_dir):
    body, citations = split_citation(ANSWERS[name])
    sources = load_sources()
    cited_text = "\n".join(passage(source_by_short(sources, short), section, seeds_dir)
                           for short, section in citations)
    missing = numbers_in(body) - numbers_in(cited_text)
    assert not missing, f"{name}: {sorted(missing)} not in the cited section"


def test_every_section_marker_is_found_in_its_source(seeds_dir):
    for source in load_sources().values():
        for section in source.sections:
            try:
                assert passage(source, section.name, seeds_dir).strip()
            except SourceError as error:
                pytest.fail(str(error))
