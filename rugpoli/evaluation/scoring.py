"""Figures of a parse function on the evaluation sets, beside a plain baseline.

``parse`` is any function from a message to Rasa's parse result (the trained model in make
evaluate, a stub in the tests). Precision, recall and F1 come from scikit-learn.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from rugpoli.evaluation.sets import AlarmSet, Labelled
from rugpoli.red_flags import URGENCY_ORDER, urgency_of

FALLBACK_INTENT = "nlu_fallback"

Parse = Callable[[str], Dict[str, Any]]
OUT_OF_SCOPE = "out_of_scope"


def chosen_answer(parsed: Dict[str, Any]) -> Optional[str]:
    """The sub-answer the assistant gives (imaging/scan_needed), None for other intents."""
    intent = (parsed.get("intent") or {}).get("name")
    selector = (parsed.get("response_selector") or {}).get(intent or "") or {}
    return (selector.get("response") or {}).get("intent_response_key")


def predicted_label(parsed: Dict[str, Any]) -> str:
    """The sub-answer for FAQ intents, else the intent itself."""
    return chosen_answer(parsed) or (parsed.get("intent") or {}).get("name") or FALLBACK_INTENT


def topic(label: str) -> str:
    return label.split("/", 1)[0]


def is_right(gold: str, predicted: str, level: Callable[[str], str] = topic) -> bool:
    """Right at the given level; an out-of-scope message that falls back counts as right, since
    the patient gets the same polite answer."""
    return level(gold) == level(predicted) or (gold == OUT_OF_SCOPE and predicted == FALLBACK_INTENT)


def macro_f1(gold: List[str], predicted: List[str]) -> float:
    from sklearn.metrics import f1_score

    return float(f1_score(gold, predicted, labels=sorted(set(gold)), average="macro",
                          zero_division=0))


def score_messages(parse: Parse, messages: List[Labelled]) -> Dict[str, Any]:
    rows = []
    for message in messages:
        parsed = parse(message.text)
        rows.append({"text": message.text, "gold": message.label,
                     "predicted": predicted_label(parsed),
                     "confidence": (parsed.get("intent") or {}).get("confidence")})
    return summarise(rows)


def summarise(rows: List[Dict[str, Any]]) -> Dict[str, Any]:
    gold_topics = [topic(r["gold"]) for r in rows]
    predicted_topics = [topic(r["gold"]) if is_right(r["gold"], r["predicted"]) else topic(r["predicted"])
                        for r in rows]
    faq = [r for r in rows if "/" in r["gold"]]
    return {
        "messages": len(rows),
        "topic_accuracy": sum(is_right(r["gold"], r["predicted"]) for r in rows) / max(1, len(rows)),
        "intent_macro_f1": macro_f1(gold_topics, predicted_topics),
        "answer_accuracy": sum(r["gold"] == r["predicted"] for r in faq) / max(1, len(faq)),
        "alarm_on_faq": sum(urgency_of(r["predicted"]) is not None for r in rows),
        "errors": [r for r in rows if not is_right(r["gold"], r["predicted"])
                   or ("/" in r["gold"] and r["gold"] != r["predicted"])],
        "predictions": rows,
    }


def baseline_classifier():
    """The simpler tool every change is judged against: TF-IDF (words + characters) and
    logistic regression with scikit-learn's defaults."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline, make_union

    features = make_union(TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5)),
                          TfidfVectorizer(ngram_range=(1, 2)))
    return make_pipeline(features, LogisticRegression(max_iter=3000))


def baseline_parse(training: List[tuple[str, str]]) -> Parse:
    """A parse function of the baseline, trained on the same data: one classifier for the
    top-level intent, one for the sub-answer inside FAQ intents."""
    texts = [t for _, t in training]
    intents = baseline_classifier().fit(texts, [topic(i) for i, _ in training])
    answers = baseline_classifier().fit([t for i, t in training if "/" in i],
                                        [i for i, _ in training if "/" in i])

    def parse(text: str) -> Dict[str, Any]:
        intent = str(intents.predict([text])[0])
        parsed: Dict[str, Any] = {"intent": {"name": intent}}
        if any(label.startswith(intent + "/") for label in answers.classes_):
            parsed["response_selector"] = {intent: {"response": {
                "intent_response_key": str(answers.predict([text])[0])}}}
        return parsed

    return parse


def score_alarms(parse: Parse, alarm_set: AlarmSet) -> Dict[str, Any]:
    missed, under, false_alarms = [], [], []
    for message in alarm_set.alarms:
        parsed = parse(message.text)
        urgency = urgency_of((parsed.get("intent") or {}).get("name"))
        if urgency is None:
            missed.append({"text": message.text, "urgency": message.label,
                           "predicted": predicted_label(parsed)})
        elif URGENCY_ORDER.index(urgency) < URGENCY_ORDER.index(message.label):
            under.append({"text": message.text, "urgency": message.label, "routed": urgency})
    for message in alarm_set.calm:
        parsed = parse(message.text)
        if urgency_of((parsed.get("intent") or {}).get("name")):
            false_alarms.append({"text": message.text, "kind": message.label,
                                 "named": [e.get("value") for e in parsed.get("entities") or []
                                           if e.get("entity") == "red_flag"]})
    return {
        "set": alarm_set.name, "alarm_messages": len(alarm_set.alarms),
        "non_alarm_messages": len(alarm_set.calm),
        "red_flag_recall": 1 - len(missed) / max(1, len(alarm_set.alarms)),
        "under_triaged": len(under),
        "false_alarm_rate": len(false_alarms) / max(1, len(alarm_set.calm)),
        "missed": missed, "under_triage": under, "false_alarms": false_alarms,
    }
