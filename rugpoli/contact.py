"""Contact details from the hospital leaflet, and which of them fits a patient's need.

All values come from content/contact.yml; this module only chooses among them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Mapping, Sequence

from rugpoli.patterns import MatchOptions, Pattern, find_matches, parse_pattern, sentences
from rugpoli.content_files import load_content_file
from rugpoli.text import tokens

_OPTIONS = MatchOptions()


@dataclass(frozen=True)
class Phone:
    key: str
    name: str
    number: str
    location: str | None = None


@dataclass(frozen=True)
class Location:
    name: str
    street: str
    postcode_city: str


@dataclass(frozen=True)
class OpeningHours:
    weekday: int
    day: str
    opens: str
    closes: str

    @staticmethod
    def _clock(value: str) -> time:
        hours, minutes = value.split(".")
        return time(int(hours), int(minutes))

    @property
    def opens_at(self) -> time:
        return self._clock(self.opens)

    @property
    def closes_at(self) -> time:
        return self._clock(self.closes)


@dataclass(frozen=True)
class Need:
    key: str
    title: str
    patterns: tuple[Pattern, ...]


@dataclass(frozen=True)
class Directory:
    hospital: str
    website: str
    phones: Mapping[str, Phone]
    emails: Mapping[str, str]
    nurse_line_hours: tuple[OpeningHours, ...]
    locations: tuple[Location, ...]
    location_patterns: Mapping[str, tuple[Pattern, ...]]
    needs: tuple[Need, ...]

    def location(self, name: str) -> Location | None:
        return next((loc for loc in self.locations if loc.name == name), None)

    def emergency_phones(self) -> list[Phone]:
        return [phone for phone in self.phones.values() if phone.location]


def parse_directory(data: dict) -> Directory:
    return Directory(
        hospital=data["hospital"],
        website=data["website"],
        phones={key: Phone(key=key, **value) for key, value in data["phones"].items()},
        emails=dict(data["emails"]),
        nurse_line_hours=tuple(OpeningHours(**hours) for hours in data["nurse_line_hours"]),
        locations=tuple(Location(**loc) for loc in data["locations"]),
        location_patterns={name: tuple(parse_pattern(p) for p in patterns)
                           for name, patterns in data["location_patterns"].items()},
        needs=tuple(Need(key=key, title=value["title"],
                         patterns=tuple(parse_pattern(p) for p in value["patterns"]))
                    for key, value in data["needs"].items()),
    )


def load_directory(path: Path | str | None = None) -> Directory:
    """The contact details at path (default content/contact.yml)."""
    return load_content_file(path, "contact.yml", parse_directory)


def _first_matching(named_patterns: Sequence[tuple[str, Sequence[Pattern]]], text: str) -> str | None:
    sentence_list = list(sentences(tokens(text or "")))
    for name, patterns in named_patterns:
        if any(find_matches(p, s, _OPTIONS) for p in patterns for s in sentence_list):
            return name
    return None


def detect_need(text: str, directory: Directory) -> str | None:
    return _first_matching([(need.key, need.patterns) for need in directory.needs], text)


def detect_location(text: str, directory: Directory) -> str | None:
    return _first_matching(list(directory.location_patterns.items()), text)


@dataclass(frozen=True)
class LineStatus:
    open_now: bool
    hours: OpeningHours  # the session open now, or the next one
    today: bool


def nurse_line_status(now: datetime, directory: Directory) -> LineStatus:
    """Whether the nurse line is open at ``now`` (local clinic time), else when it next opens."""
    by_day = {hours.weekday: hours for hours in directory.nurse_line_hours}
    for offset in range(8):
        day = now + timedelta(days=offset)
        hours = by_day.get(day.weekday())
        if hours is None:
            continue
        clock = now.time()
        if offset == 0 and hours.opens_at <= clock < hours.closes_at:
            return LineStatus(open_now=True, hours=hours, today=True)
        if offset > 0 or clock < hours.opens_at:
            return LineStatus(open_now=False, hours=hours, today=offset == 0)
    raise ValueError("content/contact.yml lists no telephone hours for the nurse line")


def format_hours(directory: Directory) -> str:
    return ", ".join(f"{h.day} {h.opens} – {h.closes} uur" for h in directory.nurse_line_hours)


def format_line_status(status: LineStatus) -> str:
    hours = status.hours
    if status.open_now:
        return f"Het telefonisch spreekuur is nu open, tot {hours.closes} uur."
    when = "vandaag" if status.today else hours.day
    return (f"Het telefonisch spreekuur is nu gesloten. Het volgende spreekuur is {when} "
            f"van {hours.opens} tot {hours.closes} uur.")


def format_location(location: Location) -> str:
    return f"{location.name}: {location.street}, {location.postcode_city}"


def format_emergency_phones(directory: Directory, location: str | None = None) -> str:
    phones = directory.emergency_phones()
    chosen = [p for p in phones if p.location == location] or phones
    return "; ".join(f"{p.location} {p.number}" for p in chosen)
