"""The evaluation package: scoring with a stand-in parse function, the gate, the sets."""
import pytest

from rugpoli.evaluation.report import check_gate, gate_figures
from rugpoli.evaluation.scoring import predicted_label, score_alarms, score_messages
from rugpoli.evaluation.sets import AlarmSet, Labelled, alarm_sets, topic_sets


def parse_by_table(table):
    def parse(text):
        label = table[text]
        intent, _, _ = label.partition("/")
        parsed = {"intent": {"name": intent, "confidence": 0.9}, "entities": []}
        if "/" in label:
            parsed["response_selector"] = {intent: {"response": {"intent_response_key": label}}}
        return parsed
    return parse


def test_topic_and_answer_accuracy_and_fallback_on_out_of_scope_counts_right():
    messages = [Labelled("a", "imaging/scan_needed"), Labelled("b", "imaging/scan_needed"),
                Labelled("c", "out_of_scope"), Labelled("d", "course/duration")]
    parse = parse_by_table({"a": "imaging/scan_needed", "b": "imaging/wear_on_scan",
                            "c": "nlu_fallback", "d": "red_flag_soon"})
    result = score_messages(parse, messages)
    assert result["topic_accuracy"] == 0.75
    assert result["answer_accuracy"] == pytest.approx(1 / 3)
    assert result["alarm_on_faq"] == 1


def test_alarm_recall_under_triage_and_false_alarms():
    alarm_set = AlarmSet("x", [Labelled("a", "emergency"), Labelled("b", "soon"), Labelled("c", "soon")],
                         [Labelled("d", "faq"), Labelled("e", "faq")])
    parse = parse_by_table({"a": "red_flag_same_day", "b": "red_flag_emergency", "c": "course/duration",
                            "d": "red_flag_soon", "e": "greet"})
    result = score_alarms(parse, alarm_set)
    assert result["red_flag_recall"] == pytest.approx(2 / 3)
    assert result["under_triaged"] == 1 and result["false_alarm_rate"] == 0.5


def test_predicted_label_reads_the_answer_of_the_predicted_intent():
    parsed = {"intent": {"name": "imaging"},
              "response_selector": {"imaging": {"response": {"intent_response_key": "imaging/x"}}}}
    assert predicted_label(parsed) == "imaging/x"
    assert predicted_label({"intent": {"name": "greet"}}) == "greet"


def test_gate_reads_its_thresholds(tmp_path):
    gate = tmp_path / "gate.yml"
    gate.write_text("minimum:\n  red_flag_recall: 1.0\nmaximum:\n  under_triaged: 0\n")
    assert check_gate({"red_flag_recall": 1.0, "under_triaged": 0}, gate) == []
    assert len(check_gate({"red_flag_recall": 0.9, "under_triaged": 2}, gate)) == 2


def test_gate_figures_take_the_worst_blind_set():
    report = {"topics": {"held_out": {"model": {"intent_macro_f1": 0.9, "answer_accuracy": 0.8}}},
              "alarms": {"own": {"red_flag_recall": 1.0, "under_triaged": 0, "false_alarm_rate": 0.0},
                         "a": {"red_flag_recall": 0.9, "under_triaged": 1, "false_alarm_rate": 0.1},
                         "b": {"red_flag_recall": 0.95, "under_triaged": 0, "false_alarm_rate": 0.2}}}
    figures = gate_figures(report)
    assert figures["blind_red_flag_recall"] == 0.9 and figures["blind_false_alarm_rate"] == 0.2
    assert figures["red_flag_recall"] == 1.0


def test_blind_sets_are_there_and_large_enough():
    topics = topic_sets()
    assert len(topics) >= 2 and all(len(m) >= 300 for m in topics.values())
    blind = [s for s in alarm_sets() if s.name != "own"]
    assert len(blind) >= 2
    assert all(len(s.alarms) >= 130 and len(s.calm) >= 130 for s in blind)
    assert {m.label for s in blind for m in s.alarms} == {"emergency", "same_day", "soon"}
