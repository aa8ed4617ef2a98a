"""Every source section is answered or deliberately left out, and docs/COVERAGE.md says so."""
import importlib.util
from pathlib import Path

from rugpoli.sources import citations_by_section, load_sources
from rugpoli.training_data import faq_answers

PROJECT = Path(__file__).resolve().parent.parent


def _coverage_module():
    spec = importlib.util.spec_from_file_location("coverage_script", PROJECT / "scripts" / "coverage.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_section_is_cited_or_explained():
    sources = load_sources()
    cited = citations_by_section(faq_answers(), sources)
    silent = [(source.id, section.name) for source in sources.values() for section in source.sections
              if (source.id, section.name) not in cited and not section.left_out]
    assert not silent


def test_explained_sections_are_really_not_cited():
    sources = load_sources()
    cited = citations_by_section(faq_answers(), sources)
    both = [(source.id, section.name) for source in sources.values() for section in source.sections
            if section.left_out and (source.id, section.name) in cited]
    assert not both


def test_coverage_document_is_up_to_date():
    expected = _coverage_module().coverage_markdown()
    assert (PROJECT / "docs" / "COVERAGE.md").read_text(encoding="utf-8") == expected, \
        "run `make coverage`"
