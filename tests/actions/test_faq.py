import asyncio

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.faq import ActionAnswerOtherQuestions, given_answer, other_answers
from rugpoli.nlu.intent_and_answer_classifier import split_questions


def latest(given, *answers):
    return {"text": "...", "intent": {"name": given.split("/")[0], "confidence": 0.9},
            "entities": [],
            "response_selector": {"default": {"response": {"intent_response_key": given}}},
            "questions": [{"text": a, "answer": a, "confidence": 0.9} for a in answers]}


def run(message):
    tracker = Tracker("p", {}, message, [], False, None, {}, "utter_imaging")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswerOtherQuestions().run(dispatcher, tracker, {}))
    return [m["response"] for m in dispatcher.messages], events


def test_name_matches_domain():
    assert ActionAnswerOtherQuestions().name() == "action_answer_other_questions"


def test_answers_the_questions_the_selector_did_not():
    message = latest("imaging/scan_needed", "imaging/scan_needed", "course/duration")
    assert given_answer(message) == "imaging/scan_needed"
    assert other_answers(message) == ["course/duration"]
    responses, events = run(message)
    assert responses == ["utter_other_question", "utter_course/duration"]
    assert events == []


def test_selector_chose_neither_part_so_both_parts_are_answered_in_order():
    message = latest("psychology/thoughts", "medication/paracetamol", "exercise/keep_moving")
    assert other_answers(message) == ["medication/paracetamol", "exercise/keep_moving"]


def test_at_most_two_extra_answers():
    message = latest("imaging/scan_needed", "course/duration", "hernia/what_is", "lifting/household")
    assert len(other_answers(message)) == 2


def test_one_question_gives_nothing_more():
    responses, _ = run(latest("imaging/scan_needed"))
    assert responses == []
    assert other_answers({"text": "hallo"}) == []


def test_split_on_question_marks_sentences_and_a_second_question_after_en():
    assert split_questions("heb ik een mri nodig? en hoe lang duurt rugpijn meestal?") == [
        "heb ik een mri nodig", "en hoe lang duurt rugpijn meestal"]
    assert split_questions("Mag ik paracetamol nemen en moet ik in bed blijven liggen?") == [
        "Mag ik paracetamol nemen", "moet ik in bed blijven liggen"]
    assert split_questions("wat is een hernia. kan een chiropractor mij helpen?") == [
        "wat is een hernia", "kan een chiropractor mij helpen"]


def test_one_question_with_en_inside_is_not_split():
    assert split_questions("ik heb rugpijn en vraag me af of ik een scan nodig heb") == [
        "ik heb rugpijn en vraag me af of ik een scan nodig heb"]
    assert split_questions("") == []
    assert split_questions("mri?") == []
