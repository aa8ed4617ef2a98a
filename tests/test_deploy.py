"""The deployment files (Docker cannot run here) are parsed and cross-checked with the endpoints
they must serve."""
import re
from pathlib import Path

import yaml

PROJECT = Path(__file__).resolve().parent.parent
DEPLOY = PROJECT / "deploy"
VARIABLE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)")


def load(name):
    return yaml.safe_load((DEPLOY / name).read_text(encoding="utf-8"))


def production_variables():
    lines = (DEPLOY / "endpoints.production.yml").read_text(encoding="utf-8").splitlines()
    return {name for line in lines if not line.lstrip().startswith("#")
            for name in VARIABLE.findall(line)}


def test_production_endpoints_use_postgres_and_redis_from_the_environment():
    endpoints = load("endpoints.production.yml")
    assert endpoints["tracker_store"]["type"] == "SQL"
    assert endpoints["tracker_store"]["dialect"] == "postgresql"
    assert endpoints["lock_store"]["type"] == "redis"
    for section in ("tracker_store", "lock_store"):
        for key, value in endpoints[section].items():
            if key not in ("type", "dialect", "key_prefix"):
                assert VARIABLE.search(str(value)), f"{section}.{key} must come from the environment"


def test_default_endpoints_stay_embedded_sqlite():
    endpoints = yaml.safe_load((PROJECT / "endpoints.yml").read_text(encoding="utf-8"))
    assert endpoints["tracker_store"]["dialect"] == "sqlite"
    assert "lock_store" not in endpoints


def test_compose_gives_the_rasa_service_every_variable_the_endpoints_need():
    compose = load("docker-compose.yml")
    services = compose["services"]
    assert {"postgres", "redis", "rasa", "actions"} <= set(services)
    environment = services["rasa"]["environment"]
    assert production_variables() <= set(environment)
    assert environment["POSTGRES_HOST"] == "postgres" and environment["REDIS_HOST"] == "redis"
    assert environment["RUGPOLI_ACTION_ENDPOINT_URL"] == "http://actions:5055/webhook"
    assert "5055" in " ".join(services["actions"]["command"])
    assert environment["POSTGRES_DB"] == services["postgres"]["environment"]["POSTGRES_DB"]
    assert environment["POSTGRES_USER"] == services["postgres"]["environment"]["POSTGRES_USER"]
    assert "RASA_AUTH_TOKEN" in environment and "?" in environment["RASA_AUTH_TOKEN"]


def test_image_runs_the_production_endpoints_with_token_and_cors():
    dockerfile = (DEPLOY / "Dockerfile").read_text(encoding="utf-8")
    assert dockerfile.startswith("# ") and "FROM python:3.10" in dockerfile
    assert "-c requirements.lock" in dockerfile
    command = dockerfile[dockerfile.index("CMD"):]
    for part in ("deploy/endpoints.production.yml", "--enable-api", "RASA_AUTH_TOKEN:?",
                 "--cors", "credentials.yml"):
        assert part in command


def test_helm_values_set_replicas_stickiness_token_cors_and_stores():
    values = load("helm/values.rugpoli.yaml")
    settings = values["applicationSettings"]
    assert values["replicaCount"] >= 2
    assert settings["token"] in ("", None), "the token is set at install time, never committed"
    assert settings["cors"] not in ("*", "") and settings["telemetry"]["enabled"] is False
    stores = settings["endpoints"]
    assert stores["lockStore"]["enabled"] and stores["lockStore"]["type"] == "redis"
    assert stores["trackerStore"]["type"] == "sql" and stores["trackerStore"]["dialect"] == "postgresql"
    production = load("endpoints.production.yml")
    assert set(production["tracker_store"]) - {"type"} <= set(stores["trackerStore"]) | {"dialect"}
    assert "sender" in values["ingress"]["annotations"]["nginx.ingress.kubernetes.io/upstream-hash-by"]
    channels = settings["credentials"]["additionalChannelCredentials"]
    credentials = yaml.safe_load((PROJECT / "credentials.yml").read_text(encoding="utf-8"))
    assert set(channels) == set(credentials)
