"""Evaluation of the trained model on the held-out set and the blind sets, beside a plain
TF-IDF + logistic-regression baseline trained on the same data (rugpoli.evaluation).

Prints the figures and writes reports/evaluation.{json,html} and two plots. With --gate, exits 1
when a figure misses its threshold in quality_gate.yml.
"""
from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import warnings
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")


def main() -> int:
    from rugpoli.evaluation.report import (check_gate, evaluate, fallback_sweep, gate_figures,
                                           summary_lines, write_reports)
    from rugpoli.settings import PROJECT_ROOT
    from rugpoli.training_data import nlu_examples

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(PROJECT_ROOT / "models" / "rugpoli.tar.gz"))
    parser.add_argument("--reports", default=str(PROJECT_ROOT / "reports"))
    parser.add_argument("--gate", action="store_true", help="fail when below quality_gate.yml")
    parser.add_argument("--show-misses", action="store_true", help="print every alarm miss")
    args = parser.parse_args()

    warnings.simplefilter("ignore")  # deprecations inside Rasa's dependencies are not ours to fix
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    configure_structlog(logging.WARNING)
    logging.disable(logging.WARNING)
    agent = Agent.load(args.model)
    loop = asyncio.new_event_loop()

    def parse(text: str) -> dict:
        return loop.run_until_complete(agent.parse_message(text))

    report = evaluate(parse, nlu_examples())
    write_reports(report, Path(args.reports))
    print("\n".join(summary_lines(report)))
    for name, result in report["topics"].items():
        sweep = fallback_sweep(result["model"]["predictions"])
        print(f"  fallback threshold sweep, {name}: "
              + "  ".join(f"{t}: {a:.3f}" for t, a in sweep.items()))
    if args.show_misses:
        for name, result in report["alarms"].items():
            for item in result["missed"] + result["under_triage"] + result["false_alarms"]:
                print(f"  {name}: {item}")
    print(f"Reports: {Path(args.reports) / 'evaluation.html'}")
    if args.gate:
        failed = check_gate(gate_figures(report))
        if failed:
            print("QUALITY GATE FAILED: " + "; ".join(failed))
            return 1
        print("Quality gate passed.")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
