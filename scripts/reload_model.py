"""Loads a model into a running Rasa server through its HTTP API (PUT /model), so a retrained
model goes live without stopping the assistant. The token comes from RASA_AUTH_TOKEN."""
from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request


def reload_model(url: str, model: str, token: str, timeout: float = 300) -> int:
    request = urllib.request.Request(
        f"{url.rstrip('/')}/model?token={token}", method="PUT",
        data=json.dumps({"model_file": model}).encode("utf-8"),
        headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return response.status


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:5005")
    parser.add_argument("--model", required=True, help="absolute path of the model file")
    args = parser.parse_args()
    token = os.environ.get("RASA_AUTH_TOKEN", "")
    try:
        status = reload_model(args.url, os.path.abspath(args.model), token)
    except urllib.error.HTTPError as error:
        reason = "wrong token?" if error.code in (401, 403) else error.read().decode("utf-8", "replace")[:300]
        print(f"The assistant refused the model ({error.code}): {reason}")
        return 1
    except (urllib.error.URLError, OSError) as error:
        print(f"No assistant at {args.url} ({error}); start it with RASA_AUTH_TOKEN set (make run).")
        return 1
    print(f"Model {args.model} is live at {args.url} (HTTP {status}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
