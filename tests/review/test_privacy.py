"""Personal data is masked before nurses see a conversation or it is exported."""
import pytest

from rugpoli.privacy import mask


@pytest.mark.parametrize("text, expected", [
    ("bel me op 06-12345678", "bel me op [telefoonnummer]"),
    ("mijn nummer is 020 123 4567.", "mijn nummer is [telefoonnummer]."),
    ("+31 6 12345678", "[telefoonnummer]"),
    ("(023) 224 6880 belde niet terug", "[telefoonnummer] belde niet terug"),
    ("mail naar piet.jansen@example.nl graag", "mail naar [e-mailadres] graag"),
    ("mijn bsn is 123456782", "mijn bsn is [BSN]"),
    ("bsn 123.456.782", "bsn [BSN]"),
    ("geboren 12-03-1965", "geboren [datum]"),
    ("geboortedatum 3 maart 1965", "geboortedatum [datum]"),
    ("ik woon op 2035 RC in Haarlem", "ik woon op [postcode] in Haarlem"),
    ("postcode 2035rc", "postcode [postcode]"),
    ("Mijn naam is Jan de Vries en ik heb rugpijn", "Mijn naam is [naam] en ik heb rugpijn"),
    ("ik heet fatima el amrani en ben 50", "ik heet [naam] en ben 50"),
    ("ik ben Anna, 45 jaar", "ik ben [naam], 45 jaar"),
    ("Met vriendelijke groet, Henk Jansen", "Met vriendelijke groet, [naam]"),
])
def test_personal_data_is_masked(text, expected):
    assert mask(text) == expected


@pytest.mark.parametrize("text", [
    "ik ben gevallen van de trap",
    "ik ben bang dat het erger wordt",
    "ik ben zwanger en heb pijn in mijn rug",
    "ik ben net 60 geworden",
    "ik ben al 3 weken ziek",
    "sinds 2019 is het erger",
    "ik heb 10 dagen pijn, 2 keer per dag paracetamol 500 mg",
    "sinds 3 maart heb ik last",
])
def test_medical_content_stays_readable(text):
    assert mask(text) == text


def test_empty_and_odd_input():
    assert mask("") == ""
    assert mask(None) == ""
    assert mask("<script>alert(1)</script>") == "<script>alert(1)</script>"
