"""Held-out evaluation of the trained model: intents, FAQ sub-answers and red-flag routing.

Prints a short summary and writes reports/evaluation.json. With --gate, exits 1 when a figure is
below its threshold in quality_gate.yml.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
from pathlib import Path
from typing import Any, Dict, List

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

import yaml  # noqa: E402

from actions.triage import findings_for, triage  # noqa: E402
from rugpoli.red_flags import URGENCY_ORDER, load_catalogue  # noqa: E402
from rugpoli.training_data import examples  # noqa: E402

RED_FLAG_SETS = PROJECT / "tests" / "red_flags"


def macro_f1(gold: List[str], predicted: List[str]) -> float:
    labels = sorted(set(gold))
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def selected_answer(parsed: Dict[str, Any]) -> str | None:
    selector = (parsed.get("response_selector") or {}).get("default") or {}
    return (selector.get("response") or {}).get("intent_response_key")


def classifier_guess(parsed: Dict[str, Any]) -> Dict[str, Any]:
    """The classifier's own top intent, before the fallback threshold replaced it."""
    ranking = [r for r in parsed.get("intent_ranking") or [] if r["name"] != "nlu_fallback"]
    return ranking[0] if ranking else parsed["intent"]


def evaluate_intents(parse, held_out: List[Path]) -> Dict[str, Any]:
    rows = []
    for path in held_out:
        for intent, text in examples(path):
            parsed = parse(text)
            guess = classifier_guess(parsed)
            rows.append({"text": text, "gold": intent, "intent": parsed["intent"]["name"],
                         "confidence": parsed["intent"].get("confidence"),
                         "classifier_intent": guess["name"],
                         "classifier_confidence": guess.get("confidence"),
                         "answer": selected_answer(parsed)})
    gold = [r["gold"].split("/")[0] for r in rows]
    predicted = [r["intent"] for r in rows]
    faq_rows = [r for r in rows if "/" in r["gold"]]
    return {
        "messages": len(rows),
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(rows),
        "intent_macro_f1": macro_f1(gold, predicted),
        "response_selection_accuracy": (
            sum(r["answer"] == r["gold"] for r in faq_rows) / len(faq_rows)),
        "fallback_sweep": fallback_sweep(rows),
        "errors": [r for r in rows if r["gold"].split("/")[0] != r["intent"]
                   or ("/" in r["gold"] and r["answer"] != r["gold"])],
    }


def fallback_sweep(rows: List[Dict[str, Any]]) -> Dict[str, float]:
    """Top-level accuracy for each fallback threshold; out_of_scope counts as right when it falls
    back, since the patient gets the same polite answer."""
    sweep = {}
    for threshold in [round(0.25 + 0.05 * i, 2) for i in range(11)]:
        right = 0
        for row in rows:
            gold = row["gold"].split("/")[0]
            predicted = (row["classifier_intent"] if (row["classifier_confidence"] or 0) >= threshold
                         else "nlu_fallback")
            right += predicted == gold or (gold == "out_of_scope" and predicted == "nlu_fallback")
        sweep[str(threshold)] = right / len(rows)
    return sweep


def evaluate_baseline(held_out: List[Path]) -> Dict[str, Any]:
    """What a simpler tool does on the same split: TF-IDF (words + characters) and logistic
    regression, one classifier for the intents and one for the FAQ sub-answers."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    from rugpoli.training_data import nlu_examples

    def classifier():
        features = make_union(
            TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True))
        return make_pipeline(features, LogisticRegression(C=10, max_iter=3000))

    train = nlu_examples()
    test = [pair for path in held_out for pair in examples(path)]
    intents = classifier().fit([t for _, t in train], [i.split("/")[0] for i, _ in train])
    answers = classifier().fit([t for i, t in train if "/" in i], [i for i, _ in train if "/" in i])
    gold = [i.split("/")[0] for i, _ in test]
    predicted = list(intents.predict([t for _, t in test]))
    faq = [(i, t) for i, t in test if "/" in i]
    selected = answers.predict([t for _, t in faq])
    return {
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(test),
        "intent_macro_f1": macro_f1(gold, predicted),
        "response_selection_accuracy": sum(g == p for (g, _), p in zip(faq, selected)) / len(faq),
    }


def evaluate_red_flags(parse) -> Dict[str, Any]:
    catalogue = load_catalogue()
    alarms = yaml.safe_load((RED_FLAG_SETS / "alarm_messages.yml").read_text("utf-8"))["alarm"]
    calm = yaml.safe_load((RED_FLAG_SETS / "non_alarm_messages.yml").read_text("utf-8"))["non_alarm"]
    missed, under, false_alarms = [], [], []
    for item in alarms:
        parsed = parse(item["text"])
        if parsed["intent"]["name"] != "red_flag":
            missed.append(item)
            continue
        urgency = triage(findings_for(parsed, catalogue))
        if URGENCY_ORDER.index(urgency) < URGENCY_ORDER.index(item["urgency"]):
            under.append({**item, "routed": urgency})
    for text in calm:
        parsed = parse(text)
        if parsed["intent"]["name"] == "red_flag":
            named = any(e.get("entity") == "red_flag" for e in parsed.get("entities") or [])
            false_alarms.append({"text": text, "named_by_catalogue": named,
                                 "confidence": round(parsed["intent"].get("confidence") or 0, 3)})
    return {
        "alarm_messages": len(alarms), "non_alarm_messages": len(calm),
        "red_flag_recall": 1 - len(missed) / len(alarms),
        "under_triaged": len(under),
        "false_alarm_rate": len(false_alarms) / len(calm),
        "missed": missed, "under_triage": under, "false_alarms": false_alarms,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(PROJECT / "models" / "rugpoli.tar.gz"))
    parser.add_argument("--reports", default=str(PROJECT / "reports"))
    parser.add_argument("--gate", action="store_true", help="fail when below quality_gate.yml")
    args = parser.parse_args()

    from rasa.core.agent import Agent

    agent = Agent.load(args.model)
    loop = asyncio.new_event_loop()

    def parse(text: str) -> Dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    held_out = sorted((PROJECT / "tests" / "nlu").glob("*.yml"))
    intents = evaluate_intents(parse, held_out)
    red_flags = evaluate_red_flags(parse)
    baseline = evaluate_baseline(held_out)

    reports = Path(args.reports)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "evaluation.json").write_text(
        json.dumps({"intents": intents, "red_flags": red_flags, "baseline": baseline},
                   indent=2, ensure_ascii=False), "utf-8")

    print(f"Held-out NLU set ({intents['messages']} messages)      rasa   baseline (tf-idf + logreg)")
    for name, label, target in [("intent_accuracy", "intent accuracy", ""),
                                ("intent_macro_f1", "intent macro-F1", "target >= 0.92"),
                                ("response_selection_accuracy", "response selection accuracy",
                                 "target >= 0.85")]:
        print(f"  {label:<30}{intents[name]:.3f}  {baseline[name]:.3f}   {target}")
    print(f"Red flags ({red_flags['alarm_messages']} alarm, {red_flags['non_alarm_messages']} non-alarm messages)")
    print(f"  recall                        {red_flags['red_flag_recall']:.3f}   target 1.000")
    print(f"  routed with lower urgency     {red_flags['under_triaged']}       target 0")
    print(f"  false alarms                  {red_flags['false_alarm_rate']:.3f}   target <= 0.050")
    sweep = intents["fallback_sweep"]
    print("  fallback threshold sweep      " + "  ".join(f"{t}:{a:.3f}" for t, a in sweep.items()))
    for error in intents["errors"]:
        print(f"  miss: {error['text']!r}: {error['gold']} -> {error['intent']} / {error['answer']}")
    for item in red_flags["missed"] + red_flags["under_triage"]:
        print(f"  red flag miss: {item}")
    for alarm in red_flags["false_alarms"]:
        print(f"  false alarm: {alarm}")
    print(f"Details: {reports / 'evaluation.json'}")

    if args.gate:
        gate = yaml.safe_load((PROJECT / "quality_gate.yml").read_text("utf-8"))
        figures = {**intents, **red_flags}
        failed = [f"{name} {figures[name]:.3f} < {minimum}" for name, minimum in gate["minimum"].items()
                  if figures[name] < minimum]
        failed += [f"{name} {figures[name]:.3f} > {maximum}" for name, maximum in gate["maximum"].items()
                   if figures[name] > maximum]
        if failed:
            print("QUALITY GATE FAILED: " + "; ".join(failed))
            return 1
        print("Quality gate passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
