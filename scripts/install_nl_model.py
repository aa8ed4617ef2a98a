"""Install the Dutch spaCy pipeline ``nl_core_news_sm`` 3.4.0.

First choice is the official release wheel from explosion/spacy-models. On
machines without internet access (all of ours, and CI) that download fails,
so we build an offline stand-in under the same package name: spaCy's Dutch
language class with the lookup lemmatizer filled from ``spacy-lookups-data``.
Rasa's ``SpacyNLP`` loads either one by name, so config.yml never changes.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

MODEL_NAME = "nl_core_news_sm"
MODEL_VERSION = "3.4.0"
OFFICIAL_WHEEL = (
    "https://github.com/explosion/spacy-models/releases/download/"
    f"{MODEL_NAME}-{MODEL_VERSION}/{MODEL_NAME}-{MODEL_VERSION}-py3-none-any.whl"
)
STAND_IN_NOTE = "OFFLINE STAND-IN"


def installed_version() -> str | None:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - Python < 3.8
        return None
    try:
        return version(MODEL_NAME)
    except PackageNotFoundError:
        return None


def official_wheel_reachable(timeout: float) -> bool:
    request = urllib.request.Request(OFFICIAL_WHEEL, method="HEAD")
    try:
        with urllib.request.urlopen(request, timeout=timeout):
            return True
    except Exception:
        return False


def pip_install(target: str) -> None:
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", target],
        check=True,
    )


def build_stand_in(workdir: Path) -> Path:
    import spacy

    nlp = spacy.blank("nl")
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    nlp.initialize()  # fills the lookup table from spacy-lookups-data
    nlp.meta.update(
        {
            "name": "core_news_sm",
            "version": MODEL_VERSION,
            "description": (
                f"{STAND_IN_NOTE}: spacy.blank('nl') with the lookup lemmatizer "
                "from spacy-lookups-data. Not the official nl_core_news_sm: no "
                "tagger, parser, NER or vectors. Install the official wheel from "
                "explosion/spacy-models for those."
            ),
            "author": "rugpoli assistant set-up",
            "license": "MIT",
        }
    )
    pipeline_dir = workdir / "pipeline"
    nlp.to_disk(pipeline_dir)
    dist_dir = workdir / "dist"
    dist_dir.mkdir()
    subprocess.run(
        [sys.executable, "-m", "spacy", "package", str(pipeline_dir), str(dist_dir),
         "--build", "wheel", "--force"],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wheels = sorted(dist_dir.rglob("*.whl"))
    if not wheels:
        raise SystemExit("spacy package produced no wheel")
    return wheels[0]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--timeout", type=float, default=5.0,
                        help="seconds to wait for the official download")
    args = parser.parse_args()

    if (installed_version() or "").startswith("3.4."):
        return 0
    if official_wheel_reachable(args.timeout):
        pip_install(OFFICIAL_WHEEL)
        print(f"Installed the official {MODEL_NAME} {MODEL_VERSION}.")
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        wheel = build_stand_in(Path(tmp))
        pip_install(str(wheel))
    print(
        f"WARNING: the official {MODEL_NAME} could not be downloaded; installed an "
        f"{STAND_IN_NOTE.lower()} (Dutch tokenizer + lookup lemmatizer). "
        "See README, 'Dutch spaCy pipeline'.",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
