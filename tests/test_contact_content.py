"""Every contact detail the assistant gives stands exactly so in the hospital leaflet."""
import re

import pytest

from rugpoli.contact import load_directory
from rugpoli.sources import load_sources

PHONE = re.compile(r"\(0\d{2}\) \d{3} \d{4}")
EMAIL = re.compile(r"[\w.-]+@[\w.-]+\.\w+")


@pytest.fixture(scope="module")
def leaflet(seeds_dir):
    source = load_sources()["spaarne_folder"]
    return (seeds_dir / source.file).read_text(encoding="utf-8")


def squeeze(text):
    return re.sub(r"\s+", " ", text)


def test_every_phone_number_is_in_the_leaflet(leaflet):
    for phone in load_directory().phones.values():
        assert phone.number in leaflet, phone


def test_every_leaflet_phone_number_is_in_the_directory(leaflet):
    numbers = {phone.number for phone in load_directory().phones.values()}
    assert set(PHONE.findall(leaflet)) == numbers


def test_email_addresses_match_the_leaflet(leaflet):
    assert set(load_directory().emails.values()) == set(EMAIL.findall(leaflet))


def test_telephone_hours_are_the_leaflets(leaflet):
    hours = load_directory().nurse_line_hours
    assert len(hours) == 3
    for slot in hours:
        written = re.compile(rf"{slot.day}\s+van\s+{re.escape(slot.opens)}\s+–\s+{re.escape(slot.closes)}\s+uur")
        assert written.search(leaflet), slot


def test_addresses_are_the_leaflets(leaflet):
    for location in load_directory().locations:
        assert location.name in leaflet
        assert location.street in leaflet
        assert location.postcode_city in leaflet


def test_emergency_numbers_belong_to_their_location(leaflet):
    flat = squeeze(leaflet)
    for phone in load_directory().emergency_phones():
        assert f"{phone.location} {phone.number}" in flat


def test_website_is_the_leaflets(leaflet):
    assert load_directory().website in leaflet
