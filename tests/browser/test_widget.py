"""The chat widget in headless Chromium against the real running assistant (widget/tests/browser.mjs
does the clicking; this test starts the servers and checks what the assistant stored)."""
import functools
import http.server
import json
import os
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

from rugpoli.local_service import Assistant, free_port
from rugpoli.settings import PROJECT_ROOT

pytestmark = pytest.mark.model

WIDGET = PROJECT_ROOT / "widget"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def missing_tools():
    missing = [tool for tool in ("node",) if shutil.which(tool) is None]
    if not Path(CHROMIUM).exists():
        missing.append(CHROMIUM)
    if not (WIDGET / "dist" / "rugpoli-chat.js").exists() or not (WIDGET / "node_modules").exists():
        missing.append("the built widget (make widget)")
    return missing


@pytest.fixture(scope="module")
def demo_page(trained_model, tmp_path_factory):
    missing = missing_tools()
    if missing:
        message = f"browser test needs {', '.join(missing)} (.ci/run installs them)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(WIDGET / "dist"))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    assistant = Assistant(trained_model, tmp_path_factory.mktemp("widget-assistant"), cors=[origin])
    assistant.start_actions()
    try:
        assistant.start_rasa()
        yield assistant, f"{origin}/index.html?server={assistant.url}"
    finally:
        assistant.stop_rasa()
        assistant.stop_actions()
        server.shutdown()


def test_patient_chats_through_the_widget_in_a_real_browser(demo_page):
    assistant, url = demo_page
    screenshots = PROJECT_ROOT / "reports" / "screenshots"
    screenshots.mkdir(parents=True, exist_ok=True)
    result = subprocess.run(["node", "tests/browser.mjs"], cwd=WIDGET, capture_output=True, text=True,
                            timeout=300, env={**os.environ, "RUGPOLI_PAGE_URL": url,
                                              "RUGPOLI_SCREENSHOTS": str(screenshots),
                                              "CHROMIUM": CHROMIUM})
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert lines, result.stdout + result.stderr
    findings = json.loads(lines[-1])
    assert findings["ok"], findings.get("error")
    print(f"\naxe-core violations (all impacts): {findings['axe']}")
    assert not [v for v in findings["axe"] if v["impact"] in ("serious", "critical")]
    stored = assistant.user_texts(findings["session"])
    assert "/answer_not_helpful" in stored, "the feedback is stored with the conversation"
    assert "heb ik een mri nodig voor mijn rugpijn?" in stored
    assert stored[-1] == "mag ik sporten met rugpijn?", "the conversation continued after reconnecting"
    for name in ("desktop", "phone-360", "zoom-200"):
        assert (screenshots / f"{name}.png").stat().st_size > 10_000
