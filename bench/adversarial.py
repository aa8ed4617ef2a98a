"""Hostile messages for the NLU parse figure (`bench.py --adversarial`): the longest a patient may
send through the channel (2,000 characters, rugpoli/channels.py) and shorter cuts of each, built
to stress what scales with the text: the red-flag patterns (alarm words, negation cues, typo
matching of long words), tokenisation and features (one long word, many sentences)."""
from __future__ import annotations

MAX_CHARS = 2000
LENGTHS = (250, 500, 1000, MAX_CHARS)

_ALARM_WORDS = ("koorts kan niet plassen gevoelloos kruis verlamd been ineens zwak rillingen "
                "ontlasting ophouden doof gevoel billen nachtzweten afgevallen kanker prednison "
                "gevallen scheurende pijn buik kloppend ondraaglijk tintelingen zadelgebied")
_MISSPELT_ALARM_WORDS = ("koortz plasssen gevoellos verlamt verlamminh rillignen ontlastnig "
                         "nachtzweetn afgevalen prednsion scheurnde ondraagelik tinteligen "
                         "zadelgebeid incontinnet gevoelloosheidd")
_STORY = ("ik was gisteren in de tuin aan het werk en toen ik me bukte om een zware tegel op te "
          "tillen voelde ik ineens een scheut in mijn onderrug die uitstraalde naar mijn linkerbeen "
          "en sindsdien kan ik slecht zitten en liggen en slaap ik ook niet goed want elke keer als "
          "ik me omdraai word ik wakker van de pijn en mijn buurvrouw zei dat ik misschien een "
          "hernia heb omdat haar man dat ook had na het verhuizen van een kast en die moest toen "
          "geopereerd worden maar de huisarts zei tegen hem dat hij eerst moest afwachten en "
          "paracetamol moest nemen en dat heb ik nu ook gedaan maar het helpt nog niet echt en ik "
          "vraag me af of ik een foto moet laten maken of naar de fysiotherapeut moet gaan ")
_SENTENCES = ("Ik heb rugpijn. Het doet zeer! Moet ik naar de huisarts? Wat kan ik zelf doen? "
              "Mag ik sporten? Helpt warmte? Hoe lang duurt het? Is een mri nodig? ")
_NEGATIONS = ("geen koorts niet verlamd nooit gevallen zonder gevoel niks geplast niets gemerkt "
              "noch doof geen kanker niet afgevallen geen rillingen nooit incontinent niet lam "
              "zonder reden geen idee weet niet niet zeker ")
_LONG_WORD_PIECE = "rugpijnkoortsverlammingsgevoelloosheid"


def _repeat_to(text: str, length: int) -> str:
    """text repeated up to `length` characters, cut at the last space so no word is broken."""
    repeated = (text * (length // max(len(text), 1) + 2))[:length]
    if len(repeated) == length and " " in repeated and repeated[-1] != " " and text[0] != " ":
        repeated = repeated[:repeated.rfind(" ")]
    return repeated.strip()


def messages(lengths: tuple[int, ...] = LENGTHS) -> dict[str, dict[int, str]]:
    """Adversarial message kinds, each cut to at most each of the given lengths (never over
    MAX_CHARS): {kind: {length: text}}."""
    lengths = tuple(min(length, MAX_CHARS) for length in lengths)
    kinds = {
        "repeated alarm words": lambda n: _repeat_to(_ALARM_WORDS + " ", n),
        "misspelt alarm words (typo matching)": lambda n: _repeat_to(_MISSPELT_ALARM_WORDS + " ", n),
        "story without punctuation": lambda n: _repeat_to(_STORY, n),
        "many sentences": lambda n: _repeat_to(_SENTENCES, n),
        "many negation words": lambda n: _repeat_to(_NEGATIONS, n),
        "one long word": lambda n: (_LONG_WORD_PIECE * (n // len(_LONG_WORD_PIECE) + 1))[:n],
    }
    return {kind: {length: build(length) for length in lengths} for kind, build in kinds.items()}
