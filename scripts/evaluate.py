"""Held-out evaluation of the trained model: intents, FAQ sub-answers and red-flag routing,
beside a plain TF-IDF + logistic-regression baseline trained on the same split.

Prints a short summary and writes to reports/: evaluation.json (all figures, per-intent
precision/recall/F1, every prediction), evaluation.html (readable), confusion_matrix.png and
confidence_histogram.png. --cross-validation K adds K-fold cross-validation of the intent
classifier and the baseline on the training data. With --gate, exits 1 when a figure is below
its threshold in quality_gate.yml.
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


def per_intent(gold: List[str], predicted: List[str]) -> Dict[str, Dict[str, float]]:
    """Precision, recall, F1 and support of every intent in the gold labels."""
    scores = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted))
        fp = sum(p == label and g != label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    return scores


def macro_f1(gold: List[str], predicted: List[str]) -> float:
    scores = per_intent(gold, predicted)
    return sum(s["f1"] for s in scores.values()) / len(scores)


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
        "per_intent": per_intent(gold, predicted),
        "response_selection_accuracy": (
            sum(r["answer"] == r["gold"] for r in faq_rows) / len(faq_rows)),
        "fallback_sweep": fallback_sweep(rows),
        "errors": [r for r in rows if r["gold"].split("/")[0] != r["intent"]
                   or ("/" in r["gold"] and r["answer"] != r["gold"])],
        "predictions": rows,
    }


def fallback_sweep(rows: List[Dict[str, Any]]) -> Dict[str, Dict[str, float]]:
    """Top-level accuracy and macro-F1 for each fallback threshold; out_of_scope counts as right
    when it falls back, since the patient gets the same polite answer."""
    sweep = {}
    gold = [row["gold"].split("/")[0] for row in rows]
    for threshold in [round(0.1 + 0.05 * i, 2) for i in range(9)]:
        predicted = []
        for row, expected in zip(rows, gold):
            guess = (row["classifier_intent"] if (row["classifier_confidence"] or 0) >= threshold
                     else "nlu_fallback")
            predicted.append(expected if expected == "out_of_scope" and guess == "nlu_fallback"
                             else guess)
        sweep[str(threshold)] = {
            "accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(rows),
            "macro_f1": macro_f1(gold, predicted)}
    return sweep


def baseline_classifier():
    """The simpler tool every change is judged against: TF-IDF (words + characters) and
    logistic regression with scikit-learn's defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)),
                          TfidfVectorizer(ngram_range=(1, 2)))
    return make_pipeline(features, LogisticRegression(max_iter=3000))


def evaluate_baseline(held_out: List[Path]) -> Dict[str, Any]:
    """The baseline on the same split: one classifier for the intents, one for the sub-answers."""
    from rugpoli.training_data import nlu_examples

    train = nlu_examples()
    test = [pair for path in held_out for pair in examples(path)]
    intents = baseline_classifier().fit([t for _, t in train], [i.split("/")[0] for i, _ in train])
    answers = baseline_classifier().fit([t for i, t in train if "/" in i],
                                        [i for i, _ in train if "/" in i])
    gold = [i.split("/")[0] for i, _ in test]
    predicted = list(intents.predict([t for _, t in test]))
    faq = [(i, t) for i, t in test if "/" in i]
    selected = answers.predict([t for _, t in faq])
    return {
        "intent_accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(test),
        "intent_macro_f1": macro_f1(gold, predicted),
        "response_selection_accuracy": sum(g == p for (g, _), p in zip(faq, selected)) / len(faq),
    }


def cross_validate(folds: int) -> Dict[str, Dict[str, float]]:
    """K-fold cross-validation on the training data of the intent classifier in config.yml and
    of the baseline (the ResponseSelector is left out: K trainings of it take K times 3 minutes)."""
    from sklearn.model_selection import StratifiedKFold

    from rugpoli.nlu.linear_intent_classifier import LinearIntentClassifier, build_classifier
    from rugpoli.training_data import nlu_examples

    config = yaml.safe_load((PROJECT / "config.yml").read_text("utf-8"))
    component = next(c for c in config["pipeline"] if c["name"].endswith("LinearIntentClassifier"))
    settings = {**LinearIntentClassifier.get_default_config(), **component}
    texts = [t for _, t in nlu_examples()]
    labels = [i.split("/")[0] for i, _ in nlu_examples()]
    results = {}
    for name, make in [("rasa", lambda: build_classifier(settings)), ("baseline", baseline_classifier)]:
        gold, predicted = [], []
        splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=2024)
        for train, test in splits.split(texts, labels):
            model = make().fit([texts[i] for i in train], [labels[i] for i in train])
            predicted += list(model.predict([texts[i] for i in test]))
            gold += [labels[i] for i in test]
        results[name] = {"intent_accuracy": sum(g == p for g, p in zip(gold, predicted)) / len(gold),
                         "intent_macro_f1": macro_f1(gold, predicted)}
    return results


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


def write_plots(intents: Dict[str, Any], reports: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = intents["predictions"]
    labels = sorted({r["gold"].split("/")[0] for r in rows} | {r["intent"] for r in rows})
    index = {label: i for i, label in enumerate(labels)}
    matrix = [[0] * len(labels) for _ in labels]
    for row in rows:
        matrix[index[row["gold"].split("/")[0]]][index[row["intent"]]] += 1
    figure, axes = plt.subplots(figsize=(11, 9))
    axes.imshow(matrix, cmap="Blues")
    axes.set_xticks(range(len(labels)), labels, rotation=90)
    axes.set_yticks(range(len(labels)), labels)
    axes.set_xlabel("predicted")
    axes.set_ylabel("expected")
    for i, line in enumerate(matrix):
        for j, count in enumerate(line):
            if count:
                axes.text(j, i, count, ha="center", va="center",
                          color="white" if count > 5 else "black", fontsize=8)
    axes.set_title("Intents on the held-out set")
    figure.tight_layout()
    figure.savefig(reports / "confusion_matrix.png", dpi=90)
    plt.close(figure)

    right = [r["confidence"] or 0 for r in rows if r["gold"].split("/")[0] == r["intent"]]
    wrong = [r["confidence"] or 0 for r in rows if r["gold"].split("/")[0] != r["intent"]]
    figure, axes = plt.subplots(figsize=(8, 4.5))
    axes.hist([right, wrong], bins=[i / 20 for i in range(21)], stacked=True,
              label=["right", "wrong"], color=["#2f7d32", "#c62828"])
    axes.set_xlabel("intent confidence")
    axes.set_ylabel("messages")
    axes.legend()
    axes.set_title("Confidence of the predicted intent (held-out set)")
    figure.tight_layout()
    figure.savefig(reports / "confidence_histogram.png", dpi=90)
    plt.close(figure)


def write_html(report: Dict[str, Any], reports: Path) -> None:
    from rugpoli.html_page import page, table, text

    intents, baseline, flags = report["intents"], report["baseline"], report["red_flags"]
    figures = table(["Figure", "Rasa model", "Baseline (tf-idf + logreg)"], [
        [text(label), text(f"{intents[key]:.3f}"), text(f"{baseline[key]:.3f}")]
        for key, label in [("intent_accuracy", "intent accuracy"), ("intent_macro_f1", "intent macro-F1"),
                           ("response_selection_accuracy", "response selection accuracy")]])
    flag_table = table(["Red flags", "Value"], [
        [text("recall"), text(f"{flags['red_flag_recall']:.3f}")],
        [text("routed with lower urgency"), text(flags["under_triaged"])],
        [text("false-alarm rate"), text(f"{flags['false_alarm_rate']:.3f}")]])
    per_intent_table = table(["Intent", "Precision", "Recall", "F1", "Messages"], [
        [text(name), text(f"{s['precision']:.2f}"), text(f"{s['recall']:.2f}"), text(f"{s['f1']:.2f}"),
         text(s["support"])] for name, s in intents["per_intent"].items()])
    errors = table(["Message", "Expected", "Predicted", "Confidence", "Answer chosen"], [
        [text(e["text"]), text(e["gold"]), text(e["intent"]), text(f"{e['confidence'] or 0:.2f}"),
         text(e["answer"])] for e in intents["errors"]])
    body = (f"<p>{text(intents['messages'])} held-out messages.</p>{figures}{flag_table}"
            '<h2>Per intent</h2>' + per_intent_table +
            '<h2>Plots</h2><img src="confusion_matrix.png" alt="Confusion matrix of the intents">'
            '<img src="confidence_histogram.png" alt="Histogram of intent confidences">'
            "<h2>Misses</h2>" + errors)
    (reports / "evaluation.html").write_text(page("Evaluation of the rugpoli model", body), "utf-8")


def check_gate(figures: Dict[str, Any]) -> List[str]:
    gate = yaml.safe_load((PROJECT / "quality_gate.yml").read_text("utf-8"))
    failed = [f"{name} {figures[name]:.3f} < {minimum}" for name, minimum in gate["minimum"].items()
              if figures[name] < minimum]
    failed += [f"{name} {figures[name]:.3f} > {maximum}" for name, maximum in gate["maximum"].items()
               if figures[name] > maximum]
    return failed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(PROJECT / "models" / "rugpoli.tar.gz"))
    parser.add_argument("--reports", default=str(PROJECT / "reports"))
    parser.add_argument("--cross-validation", type=int, default=0, metavar="K",
                        help="also K-fold cross-validation on the training data (K >= 2)")
    parser.add_argument("--gate", action="store_true", help="fail when below quality_gate.yml")
    parser.add_argument("--show-misses", action="store_true", help="print every miss")
    args = parser.parse_args()

    import logging
    import warnings

    warnings.simplefilter("ignore")  # deprecations inside Rasa's dependencies are not ours to fix
    from rasa.core.agent import Agent
    from rasa.utils.log_utils import configure_structlog

    warnings.simplefilter("ignore")

    configure_structlog(logging.WARNING)
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    agent = Agent.load(args.model)
    warnings.simplefilter("ignore")  # Rasa resets the filters while loading
    loop = asyncio.new_event_loop()

    def parse(text: str) -> Dict[str, Any]:
        return loop.run_until_complete(agent.parse_message(text))

    held_out = sorted((PROJECT / "tests" / "nlu").glob("*.yml"))
    report = {"intents": evaluate_intents(parse, held_out), "red_flags": evaluate_red_flags(parse),
              "baseline": evaluate_baseline(held_out)}
    if args.cross_validation >= 2:
        report["cross_validation"] = cross_validate(args.cross_validation)
    intents, baseline, red_flags = report["intents"], report["baseline"], report["red_flags"]

    reports = Path(args.reports)
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "evaluation.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    write_plots(intents, reports)
    write_html(report, reports)

    print(f"Held-out NLU set ({intents['messages']} messages)      rasa   baseline (tf-idf + logreg)")
    for name, label, target in [("intent_accuracy", "intent accuracy", ""),
                                ("intent_macro_f1", "intent macro-F1", "target >= 0.92"),
                                ("response_selection_accuracy", "response selection accuracy",
                                 "target >= 0.85")]:
        print(f"  {label:<30}{intents[name]:.3f}  {baseline[name]:.3f}   {target}")
    for name, scores in report.get("cross_validation", {}).items():
        print(f"  {args.cross_validation}-fold cross-validation, {name:<9} intent accuracy "
              f"{scores['intent_accuracy']:.3f}, macro-F1 {scores['intent_macro_f1']:.3f}")
    print(f"Red flags ({red_flags['alarm_messages']} alarm, {red_flags['non_alarm_messages']} non-alarm messages)")
    print(f"  recall                        {red_flags['red_flag_recall']:.3f}   target 1.000")
    print(f"  routed with lower urgency     {red_flags['under_triaged']}       target 0")
    print(f"  false alarms                  {red_flags['false_alarm_rate']:.3f}   target <= 0.050")
    print("Fallback threshold sweep (accuracy / macro-F1):")
    print("  " + "  ".join(f"{t}: {v['accuracy']:.3f}/{v['macro_f1']:.3f}"
                           for t, v in intents["fallback_sweep"].items()))
    misses = intents["errors"] if args.show_misses else []
    for error in misses:
        print(f"  miss: {error['text']!r}: {error['gold']} -> {error['intent']} / {error['answer']}")
    for item in red_flags["missed"] + red_flags["under_triage"]:
        print(f"  red flag miss: {item}")
    for alarm in red_flags["false_alarms"]:
        print(f"  false alarm: {alarm}")
    print(f"Reports: {reports / 'evaluation.html'} ({len(intents['errors'])} misses listed there)")

    if args.gate:
        failed = check_gate({**intents, **red_flags})
        if failed:
            print("QUALITY GATE FAILED: " + "; ".join(failed))
            return 1
        print("Quality gate passed.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
