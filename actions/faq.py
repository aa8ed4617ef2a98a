"""Messages with more than one FAQ question: after the answer the ResponseSelector chose for the
whole message, the answers to the other questions (found by rugpoli.nlu.intent_and_answer_classifier)."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

QUESTIONS = "questions"  # output of rugpoli.nlu.intent_and_answer_classifier
MAX_EXTRA_ANSWERS = 2


def given_answer(latest_message: Dict[Text, Any]) -> Text | None:
    """The sub-answer the retrieval action gave for the whole message (imaging/scan_needed)."""
    selector = (latest_message.get("response_selector") or {}).get("default") or {}
    return (selector.get("response") or {}).get("intent_response_key")


def other_answers(latest_message: Dict[Text, Any], limit: int = MAX_EXTRA_ANSWERS) -> List[Text]:
    """Sub-answers of the other questions in the message, in the order the patient asked."""
    given = given_answer(latest_message)
    answers = []
    for question in latest_message.get(QUESTIONS) or []:
        answer = question.get("answer")
        if answer and answer != given and answer not in answers:
            answers.append(answer)
    return answers[:limit]


class ActionAnswerOtherQuestions(Action):
    def name(self) -> Text:
        return "action_answer_other_questions"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: Dict[Text, Any]) -> List[Dict[Text, Any]]:
        answers = other_answers(tracker.latest_message or {})
        if answers:
            dispatcher.utter_message(response="utter_other_question")
        for answer in answers:
            dispatcher.utter_message(response=f"utter_{answer}")
        return []
