"""Two Rasa servers and two action servers against one PostgreSQL tracker store and one Redis
lock store (deploy/endpoints.production.yml), many patients spread over both instances, each
sticky to one of them as a load balancer does it; PostgreSQL must then hold every message of
every conversation once, in order."""
import concurrent.futures
import json
import os
import zlib

import pytest

from rugpoli import engines
from rugpoli.local_service import Assistant
from rugpoli.settings import PROJECT_ROOT

pytestmark = pytest.mark.model

PATIENTS = 24
MESSAGES = ["hallo", "heb ik een mri nodig?", "en hoe lang duurt het meestal?",
            "wat is het nummer van de polikliniek?", "bedankt"]


@pytest.fixture(scope="module")
def engines_running(tmp_path_factory):
    missing = engines.available()
    if missing:
        message = f"{', '.join(missing)} not installed (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("engines")
    postgres, redis = engines.Postgres(), engines.Redis(folder / "redis")
    postgres.start()
    redis.start()
    try:
        yield postgres, redis
    finally:
        redis.stop()
        postgres.stop()


@pytest.fixture(scope="module")
def two_instances(engines_running, trained_model, tmp_path_factory):
    postgres, redis = engines_running
    environment = {**postgres.environment(), **redis.environment()}
    instances = [Assistant(trained_model, tmp_path_factory.mktemp(f"instance{i}"),
                           endpoints=PROJECT_ROOT / "deploy" / "endpoints.production.yml",
                           environment=environment) for i in range(2)]
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(lambda a: a.start_actions(), instances))
            list(pool.map(lambda a: a.start_rasa(), instances))
        yield instances, postgres
    finally:
        for instance in instances:
            instance.stop_rasa()
            instance.stop_actions()


def sticky(sender, instances):
    return instances[zlib.crc32(sender.encode()) % len(instances)]


def test_every_message_is_stored_once_in_order_in_postgres(two_instances):
    instances, postgres = two_instances
    senders = [f"patient-{i:02d}" for i in range(PATIENTS)]

    def converse(sender):
        instance = sticky(sender, instances)
        return [instance.post_rest({"sender": sender, "message": text}) for text in MESSAGES]

    with concurrent.futures.ThreadPoolExecutor(max_workers=PATIENTS) as pool:
        results = dict(zip(senders, pool.map(converse, senders)))
    assert all(status == 200 and replies for replies_of in results.values()
               for status, replies in replies_of)
    assert {id(sticky(s, instances)) for s in senders} == {id(i) for i in instances}, \
        "both instances should have served patients"

    rows = postgres.sql("SELECT sender_id, data FROM events WHERE type_name = 'user' ORDER BY id",
                        database=postgres.database).splitlines()
    stored = {}
    for row in rows:
        sender, data = row.split("|", 1)
        stored.setdefault(sender, []).append(json.loads(data)["text"])
    assert stored == {sender: MESSAGES for sender in senders}
    bot_rows = postgres.sql("SELECT count(*) FROM events WHERE type_name = 'bot'",
                            database=postgres.database)
    assert int(bot_rows) >= PATIENTS * len(MESSAGES)


def test_a_conversation_moved_to_the_other_instance_continues(two_instances):
    """When a load balancer moves a patient (an instance went away), the history is shared."""
    first, second = two_instances[0]
    first.say("moved-patient", "heb ik een mri nodig?")
    reply = second.say("moved-patient", "en bij een hernia?")
    assert "hernia" in reply.lower()
    assert second.user_texts("moved-patient") == ["heb ik een mri nodig?", "en bij een hernia?"]
