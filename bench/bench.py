"""Benchmarks of the running assistant on this machine (figures, not pass/fail):

- time to the first reply after a cold start of the Rasa server;
- end-to-end reply latency (p50/p95/p99), throughput and errors over the REST channel with the
  action server, for 1, 10 and 50 simulated patients at once, each holding a multi-turn
  conversation (greeting, FAQ, follow-up, contact details from the custom action, a red flag,
  thanks); in the same run the HTTP floor of the same server (GET /) at the same concurrency;
- NLU parse latency (POST /model/parse);
- peak memory (VmHWM) of the Rasa server and the action server;
- full training time (rasa train --force), unless --skip-training.

Writes reports/bench.json; BENCHMARKS.md records the figures with the machine they ran on.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from rugpoli.local_service import Assistant  # noqa: E402

CONVERSATION = [
    "goedemorgen",
    "ik heb al een week last van mijn onderrug, moet er een mri gemaakt worden?",
    "en hoe lang duurt het meestal voordat het over is?",
    "wat is het telefoonnummer van de polikliniek orthopedie?",
    "ik heb ook koorts en voel me erg ziek",
    "bedankt voor de informatie",
]
PARSE_MESSAGES = CONVERSATION + ["mag ik paracetamol en ibuprofen samen nemen?",
                                 "helpt een chiropractor bij spit?",
                                 "welke matras is goed voor mijn rug"]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def summary(latencies: list[float], errors: int, seconds: float) -> dict:
    return {"requests": len(latencies) + errors, "errors": errors,
            "p50_ms": 1000 * percentile(latencies, 0.50), "p95_ms": 1000 * percentile(latencies, 0.95),
            "p99_ms": 1000 * percentile(latencies, 0.99),
            "throughput_per_s": (len(latencies) + errors) / seconds}


def timed(call) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        ok = call()
    except Exception:  # counted as an error, the run goes on
        ok = False
    return time.perf_counter() - started, ok


def patients(assistant: Assistant, count: int, run_id: str) -> dict:
    def one_patient(index: int) -> list[tuple[float, bool]]:
        sender = f"bench-{run_id}-{count}-{index}"
        results = []
        for text in CONVERSATION:
            def send(text=text):
                status, replies = assistant.post_rest({"sender": sender, "message": text})
                return status == 200 and bool(replies)
            results.append(timed(send))
        return results

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        results = [r for rs in pool.map(one_patient, range(count)) for r in rs]
    seconds = time.perf_counter() - started
    return summary([t for t, ok in results if ok], sum(not ok for _, ok in results), seconds)


def http_floor(assistant: Assistant, count: int, requests_each: int = len(CONVERSATION)) -> dict:
    def one_client(_: int) -> list[tuple[float, bool]]:
        return [timed(lambda: assistant.request("/", method="GET")[0] == 200)
                for _ in range(requests_each)]

    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        results = [r for rs in pool.map(one_client, range(count)) for r in rs]
    seconds = time.perf_counter() - started
    return summary([t for t, ok in results if ok], sum(not ok for _, ok in results), seconds)


def parse_latency(assistant: Assistant, rounds: int = 5) -> dict:
    latencies = []
    for _ in range(rounds):
        for text in PARSE_MESSAGES:
            body = json.dumps({"text": text}).encode("utf-8")
            duration, ok = timed(lambda: assistant.request(
                f"/model/parse?token={assistant.token}", body)[0] == 200)
            if ok:
                latencies.append(duration)
    return {"messages": len(latencies), "p50_ms": 1000 * percentile(latencies, 0.5),
            "p95_ms": 1000 * percentile(latencies, 0.95), "mean_ms": 1000 * statistics.mean(latencies)}


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    for status in [Path(f"/proc/{pid}/status")] + [
            Path(f"/proc/{child}/status") for child in _children(pid)]:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                total += int(line.split()[1])
    return total / 1024


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(c) for c in path.read_text().split()] if path.exists() else []


def training_time(model_dir: Path) -> float:
    log = model_dir / "train.log"
    started = time.perf_counter()
    with log.open("w") as handle:
        subprocess.run([sys.executable, "-m", "rasa", "train", "--force", "--out", str(model_dir),
                        "--fixed-model-name", "bench"], cwd=PROJECT, stdout=handle,
                       stderr=subprocess.STDOUT, check=True)
    return time.perf_counter() - started


def machine() -> dict:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version(), "system": platform.platform()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(PROJECT / "models" / "rugpoli.tar.gz"))
    parser.add_argument("--patients", default="1,10,50")
    parser.add_argument("--skip-training", action="store_true")
    parser.add_argument("--out", default=str(PROJECT / "reports" / "bench.json"))
    args = parser.parse_args()

    results: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M")}
    with tempfile.TemporaryDirectory(prefix="rugpoli-bench-") as folder:
        assistant = Assistant(args.model, Path(folder))
        assistant.start_actions()
        try:
            started = time.perf_counter()
            assistant.start_rasa()
            assistant.say("bench-cold", CONVERSATION[1])
            results["cold_start_to_first_reply_s"] = time.perf_counter() - started
            run_id = str(int(time.time()))
            results["load"] = {}
            for count in [int(c) for c in args.patients.split(",")]:
                results["load"][count] = {"assistant": patients(assistant, count, run_id),
                                          "http_floor": http_floor(assistant, count)}
            results["parse"] = parse_latency(assistant)
            results["peak_memory_mb"] = {"rasa_server": peak_memory_mb(assistant.rasa.pid),
                                         "action_server": peak_memory_mb(assistant.actions.pid)}
        finally:
            assistant.stop_rasa()
            assistant.stop_actions()
        if not args.skip_training:
            results["training_s"] = training_time(Path(folder))

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    m = results["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}")
    print(f"Cold start to first reply: {results['cold_start_to_first_reply_s']:.1f} s")
    print("Patients  reply p50/p95/p99 ms      replies/s  errors   HTTP floor p50/p95 ms  p95 ratio")
    for count, figures in results["load"].items():
        a, f = figures["assistant"], figures["http_floor"]
        print(f"{count:>8}  {a['p50_ms']:6.0f} {a['p95_ms']:6.0f} {a['p99_ms']:6.0f}   "
              f"{a['throughput_per_s']:9.1f}  {a['errors']:6d}   {f['p50_ms']:6.1f} {f['p95_ms']:6.1f}"
              f"        {a['p95_ms'] / max(f['p95_ms'], 0.001):6.0f}x")
    p = results["parse"]
    print(f"NLU parse: p50 {p['p50_ms']:.0f} ms, p95 {p['p95_ms']:.0f} ms ({p['messages']} messages)")
    mem = results["peak_memory_mb"]
    print(f"Peak memory: Rasa server {mem['rasa_server']:.0f} MB, action server {mem['action_server']:.0f} MB")
    if "training_s" in results:
        print(f"Full training: {results['training_s'] / 60:.1f} min")
    print("Targets: p95 <= 150 ms at 10 patients, 0 errors at 50, Rasa server <= 1.5 GB, "
          f"training <= 5 min. Details: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
