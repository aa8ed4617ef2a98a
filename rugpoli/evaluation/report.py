"""The evaluation report: figures on every set beside the baseline, printed and written to
reports/ (evaluation.json, evaluation.html, a confusion matrix and a confidence histogram), and
the quality gate of quality_gate.yml."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Dict, List

import yaml

from rugpoli.evaluation.scoring import Parse, baseline_parse, score_alarms, score_messages, topic
from rugpoli.evaluation.sets import alarm_sets, held_out, topic_sets
from rugpoli.settings import PROJECT_ROOT

FALLBACK_SWEEP = [round(0.1 + 0.05 * i, 2) for i in range(9)]


def evaluate(parse: Parse, training: List[tuple[str, str]]) -> Dict[str, Any]:
    """Every figure: held-out and blind topic sets (model and baseline), alarm sets."""
    baseline = baseline_parse(training)
    topics = {"held_out": held_out(), **topic_sets()}
    report: Dict[str, Any] = {"topics": {}, "alarms": {}}
    for name, messages in topics.items():
        report["topics"][name] = {"model": score_messages(parse, messages),
                                  "baseline": score_messages(baseline, messages)}
    for alarm_set in alarm_sets():
        report["alarms"][alarm_set.name] = score_alarms(parse, alarm_set)
    return report


def gate_figures(report: Dict[str, Any]) -> Dict[str, float]:
    """The figures quality_gate.yml names, from a report."""
    held = report["topics"]["held_out"]["model"]
    figures = {"intent_macro_f1": held["intent_macro_f1"],
               "response_selection_accuracy": held["answer_accuracy"]}
    blind_topics = [v for k, v in report["topics"].items() if k != "held_out"]
    if blind_topics:
        figures["blind_topic_accuracy"] = min(v["model"]["topic_accuracy"] for v in blind_topics)
        figures["blind_topic_margin_over_baseline"] = min(
            v["model"]["topic_accuracy"] - v["baseline"]["topic_accuracy"] for v in blind_topics)
    own = report["alarms"]["own"]
    figures.update({"red_flag_recall": own["red_flag_recall"], "under_triaged": own["under_triaged"],
                    "false_alarm_rate": own["false_alarm_rate"]})
    blind = [a for name, a in report["alarms"].items() if name != "own"]
    if blind:
        figures["blind_red_flag_recall"] = min(a["red_flag_recall"] for a in blind)
        figures["blind_under_triaged"] = max(a["under_triaged"] for a in blind)
        figures["blind_false_alarm_rate"] = max(a["false_alarm_rate"] for a in blind)
    return figures


def check_gate(figures: Dict[str, float], gate_file: Path = PROJECT_ROOT / "quality_gate.yml"
               ) -> List[str]:
    gate = yaml.safe_load(gate_file.read_text("utf-8"))
    failed = [f"{name} {figures[name]:.3f} < {minimum}"
              for name, minimum in gate.get("minimum", {}).items() if figures[name] < minimum]
    failed += [f"{name} {figures[name]:.3f} > {maximum}"
               for name, maximum in gate.get("maximum", {}).items() if figures[name] > maximum]
    return failed


def summary_lines(report: Dict[str, Any]) -> List[str]:
    lines = ["Topics (share right; out_of_scope counts right when it falls back)",
             f"  {'set':<12}{'messages':>9}  {'topic':>6} {'baseline':>8}  {'answer':>6} "
             f"{'baseline':>8}  alarms on FAQ"]
    for name, result in report["topics"].items():
        model, base = result["model"], result["baseline"]
        lines.append(f"  {name:<12}{model['messages']:>9}  {model['topic_accuracy']:>6.3f} "
                     f"{base['topic_accuracy']:>8.3f}  {model['answer_accuracy']:>6.3f} "
                     f"{base['answer_accuracy']:>8.3f}  {model['alarm_on_faq']}")
    lines.append("Alarms (recall, routed with a lower urgency, false alarms)")
    for name, result in report["alarms"].items():
        lines.append(f"  {name:<12}{result['alarm_messages']:>4} alarm  {result['red_flag_recall']:.3f}"
                     f"  under {result['under_triaged']}  {result['non_alarm_messages']:>4} calm"
                     f"  false {result['false_alarm_rate']:.3f}")
    return lines


def fallback_sweep(rows: List[Dict[str, Any]]) -> Dict[str, float]:
    """Topic accuracy if the fallback threshold were each of FALLBACK_SWEEP (from the stored
    confidences: a message under the threshold counts right only when it is out of scope)."""
    from rugpoli.evaluation.scoring import is_right

    sweep = {}
    for threshold in FALLBACK_SWEEP:
        right = 0
        for row in rows:
            if (row["confidence"] or 0) >= threshold or row["predicted"].startswith("red_flag_"):
                right += is_right(row["gold"], row["predicted"])
            else:
                right += row["gold"] == "out_of_scope"
        sweep[str(threshold)] = right / max(1, len(rows))
    return sweep


def write_reports(report: Dict[str, Any], reports: Path) -> None:
    reports.mkdir(parents=True, exist_ok=True)
    (reports / "evaluation.json").write_text(json.dumps(report, indent=2, ensure_ascii=False),
                                             "utf-8")
    _write_plots(report["topics"]["held_out"]["model"]["predictions"], reports)
    _write_html(report, reports)


def _write_plots(rows: List[Dict[str, Any]], reports: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import ConfusionMatrixDisplay

    gold = [topic(r["gold"]) for r in rows]
    predicted = [topic(r["predicted"]) for r in rows]
    figure, axes = plt.subplots(figsize=(11, 9))
    ConfusionMatrixDisplay.from_predictions(gold, predicted, ax=axes, xticks_rotation="vertical",
                                            colorbar=False, cmap="Blues")
    axes.set_title("Topics on the held-out set")
    figure.tight_layout()
    figure.savefig(reports / "confusion_matrix.png", dpi=90)
    plt.close(figure)
    right = [r["confidence"] or 0 for r in rows if topic(r["gold"]) == topic(r["predicted"])]
    wrong = [r["confidence"] or 0 for r in rows if topic(r["gold"]) != topic(r["predicted"])]
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


def _write_html(report: Dict[str, Any], reports: Path) -> None:
    from rugpoli.html_page import page, table, text

    topic_table = table(["Set", "Messages", "Topic", "Baseline", "Answer", "Baseline"], [
        [text(name), text(r["model"]["messages"]), text(f"{r['model']['topic_accuracy']:.3f}"),
         text(f"{r['baseline']['topic_accuracy']:.3f}"), text(f"{r['model']['answer_accuracy']:.3f}"),
         text(f"{r['baseline']['answer_accuracy']:.3f}")] for name, r in report["topics"].items()])
    alarm_table = table(["Set", "Alarms", "Recall", "Lower urgency", "Calm", "False alarms"], [
        [text(name), text(r["alarm_messages"]), text(f"{r['red_flag_recall']:.3f}"),
         text(r["under_triaged"]), text(r["non_alarm_messages"]), text(f"{r['false_alarm_rate']:.3f}")]
        for name, r in report["alarms"].items()])
    misses = table(["Set", "Message", "Expected", "Predicted"], [
        [text(name), text(e["text"]), text(e["gold"]), text(e["predicted"])]
        for name, r in report["topics"].items() for e in r["model"]["errors"]])
    alarm_misses = table(["Set", "Message", "Expected", "Got"], [
        [text(name), text(m["text"]), text(m["urgency"]), text(m.get("predicted") or m.get("routed"))]
        for name, r in report["alarms"].items() for m in r["missed"] + r["under_triage"]])
    body = (f"<h2>Topics</h2>{topic_table}<h2>Alarms</h2>{alarm_table}"
            '<h2>Plots</h2><img src="confusion_matrix.png" alt="Confusion matrix of the topics">'
            '<img src="confidence_histogram.png" alt="Histogram of intent confidences">'
            f"<h2>Alarms missed or under-triaged</h2>{alarm_misses}<h2>Topic misses</h2>{misses}")
    (reports / "evaluation.html").write_text(page("Evaluation of the rugpoli model", body), "utf-8")
