"""Loading the content team's YAML files, parsed once and read again when a file changes."""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Callable, TypeVar

import yaml

from rugpoli.settings import content_dir

Parsed = TypeVar("Parsed")


@functools.lru_cache(maxsize=16)
def _parsed(path: str, mtime: float, parse: Callable[[dict], Parsed]) -> Parsed:
    with open(path, encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))


def load_content_file(path: Path | str | None, default_name: str,
                      parse: Callable[[dict], Parsed]) -> Parsed:
    """parse() of the YAML at path (default: <content dir>/<default_name>)."""
    path = Path(path or content_dir() / default_name)
    return _parsed(str(path), path.stat().st_mtime, parse)
