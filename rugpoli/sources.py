"""The source catalogue (content/sources.yml) and the passages answers cite."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from rugpoli.settings import content_dir, sources_dir

CITATION_LINE = re.compile(r"^Bron: (?P<citations>.+?)\s*$", re.MULTILINE)


class SourceError(ValueError):
    """A source, section or marker named in the catalogue does not exist."""


@dataclass(frozen=True)
class Section:
    name: str
    start: str
    end: str | None
    left_out: str | None = None  # why no answer cites this section


@dataclass(frozen=True)
class Source:
    id: str
    file: str
    title: str
    short: str
    publisher: str
    date: str
    sections: tuple[Section, ...]

    def section(self, name: str) -> Section | None:
        return next((s for s in self.sections if s.name == name), None)


def load_sources(path: Path | str | None = None) -> dict[str, Source]:
    path = Path(path or content_dir() / "sources.yml")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    sources = {}
    for raw in data["sources"]:
        sections = tuple(Section(s["name"], s["start"], s.get("end"), s.get("left_out"))
                         for s in raw["sections"])
        sources[raw["id"]] = Source(**{**raw, "sections": sections})
    return sources


def source_by_short(sources: dict[str, Source], short: str) -> Source | None:
    return next((s for s in sources.values() if s.short == short), None)


def passage(source: Source, section_name: str, folder: Path | None = None) -> str:
    """The text of one section of a source document."""
    section = source.section(section_name)
    if section is None:
        raise SourceError(f"{source.id} has no section {section_name!r}")
    text = (Path(folder or sources_dir()) / source.file).read_text(encoding="utf-8")
    begin = text.find(section.start)
    if begin < 0:
        raise SourceError(f"{source.id}/{section_name}: start marker not in {source.file}")
    if section.end is None:
        return text[begin:]
    finish = text.find(section.end, begin + len(section.start))
    if finish < 0:
        raise SourceError(f"{source.id}/{section_name}: end marker not after the start in {source.file}")
    return text[begin:finish]


def split_citation(answer: str) -> tuple[str, list[tuple[str, str]]]:
    """(answer body, [(source short name, section name), ...]) of an answer ending in a Bron line.

    Format: "Bron: <short> — <section>", several citations separated by " ; ".
    """
    matches = list(CITATION_LINE.finditer(answer))
    if not matches:
        return answer, []
    last = matches[-1]
    citations = []
    for citation in last.group("citations").split(" ; "):
        short, _, section = citation.partition(" — ")
        citations.append((short.strip(), section.strip()))
    return answer[:last.start()].rstrip(), citations


def citations_by_section(answers: dict[str, str], sources: dict[str, Source]) -> dict[tuple[str, str], list[str]]:
    """(source id, section name) -> names of the answers that cite it."""
    cited: dict[tuple[str, str], list[str]] = {}
    for name, text in sorted(answers.items()):
        for short, section in split_citation(text)[1]:
            source = source_by_short(sources, short)
            if source is not None:
                cited.setdefault((source.id, section), []).append(name)
    return cited
