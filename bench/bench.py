"""Benchmarks of this assistant beside Rasa's example bot, in one run on this machine (figures,
not pass/fail):

- builds the example bot in a scratch folder (`rasa init --no-prompt`);
- full training time (`rasa train --force`) and model file size of both, trained one after the
  other (each with a Rasa cache of its own in the scratch folder);
- then each model served in turn (never both at once) on free 127.0.0.1 ports, REST channel,
  SQLite tracker store, one `rasa run` process (this assistant also has its action server):
  time from start to the first reply; reply latency p50/p95/p99, replies per second and errors for
  1, 10 and 50 simulated patients at once, each holding a six-turn conversation without pauses;
  beside each step the HTTP floor of the same server (GET /); NLU parse latency
  (POST /model/parse); peak memory (VmHWM);
- with --adversarial: NLU parse time of hostile messages up to 2,000 characters
  (bench/adversarial.py), max ms per message.

Every load step is bounded in requests (patients x turns) and time (--step-timeout; requests not
sent in time count as errors). The CPU used by other processes during each step is recorded, as
this machine is shared. Prints the side-by-side table with the targets and writes
reports/bench.json; BENCHMARKS.md records the figures with the machine they ran on.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from bench import adversarial, example_bot  # noqa: E402
from bench.figures import (Row, Target, count_text, cpu_share, megabytes_text,  # noqa: E402
                           milliseconds_text, per_second_text, percentile, seconds_text, summary,
                           table)
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

REQUEST_TIMEOUT_S = 30
ADVERSARIAL_TARGET_MS = 100
TICKS = os.sysconf("SC_CLK_TCK")


# ------------------------------------------------------------------ CPU of the machine and ours

def _machine_busy_ticks() -> int:
    fields = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)
    return sum(fields[:8]) - idle


def _descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        path = Path(f"/proc/{current}/task/{current}/children")
        try:
            children = [int(c) for c in path.read_text().split()]
        except OSError:
            children = []
        found += children
        pending += children
    return found


def _process_ticks(pids: list[int]) -> int:
    total = 0
    for pid in pids:
        for each in [pid] + _descendants(pid):
            try:
                fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


class CpuWatch:
    """Cores busy during a step: the given server processes plus this benchmark (and the children
    it waited for, e.g. `rasa train`), and all other processes on the machine."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = pids

    def __enter__(self) -> "CpuWatch":
        self._per_pid = [_process_ticks([pid]) for pid in self.pids]
        self._start = (time.perf_counter(), _machine_busy_ticks(), _process_ticks(self.pids),
                       self._self_ticks())
        return self

    @staticmethod
    def _self_ticks() -> float:
        t = os.times()
        return (t.user + t.system + t.children_user + t.children_system) * TICKS

    def __exit__(self, *_) -> None:
        wall0, busy0, procs0, self0 = self._start
        servers = _process_ticks(self.pids) - procs0
        own = servers + (self._self_ticks() - self0)
        self.figures = cpu_share(_machine_busy_ticks() - busy0, own, time.perf_counter() - wall0, TICKS)
        self.figures["servers_cpu_s"] = servers / TICKS
        self.figures["per_server_cpu_s"] = [(_process_ticks([pid]) - before) / TICKS
                                            for pid, before in zip(self.pids, self._per_pid)]


def wait_for_quiet(max_wait: float, threshold_cores: float = 0.3) -> float:
    """Waits (at most max_wait seconds) until the machine as a whole uses fewer than
    threshold_cores over a 2-second sample, so that other people's jobs on this shared machine
    skew a phase less. Call it while the benchmark's own servers are idle. Returns the last sample."""
    deadline = time.monotonic() + max_wait
    while True:
        busy0, wall0 = _machine_busy_ticks(), time.perf_counter()
        time.sleep(2)
        cores = (_machine_busy_ticks() - busy0) / TICKS / (time.perf_counter() - wall0)
        if cores < threshold_cores or time.monotonic() >= deadline:
            return cores


# ------------------------------------------------------------------ load

def _timed(call: Callable[[], bool]) -> tuple[float, bool]:
    started = time.perf_counter()
    try:
        ok = call()
    except Exception:  # counted as an error, the run goes on
        ok = False
    return time.perf_counter() - started, ok


def _run_clients(count: int, one_client: Callable[[int, float], list[tuple[Optional[float], bool]]],
                 step_timeout: float) -> dict:
    stop_at = time.monotonic() + step_timeout
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=count) as pool:
        per_client = list(pool.map(lambda i: one_client(i, stop_at), range(count)))
    seconds = time.perf_counter() - started
    results = [r for rs in per_client for r in rs]
    figures = summary([t for t, ok in results if ok], sum(not ok for _, ok in results), seconds,
                      skipped=sum(t is None for t, _ in results))
    turns = max((len(rs) for rs in per_client), default=0)
    figures["p50_ms_by_turn"] = [1000 * percentile([rs[i][0] for rs in per_client
                                                    if i < len(rs) and rs[i][1]], 0.5)
                                 for i in range(turns)]
    return figures


def patients(server: Assistant, conversation: list[str], count: int, run_id: str,
             step_timeout: float) -> dict:
    """count patients at once, each sending the conversation's turns without pause."""
    def one_patient(index: int, stop_at: float) -> list[tuple[Optional[float], bool]]:
        sender = f"bench-{run_id}-{count}-{index}"
        results: list[tuple[Optional[float], bool]] = []
        for text in conversation:
            if time.monotonic() > stop_at:
                results.append((None, False))
                continue
            body = json.dumps({"sender": sender, "message": text}).encode("utf-8")

            def send(body=body) -> bool:
                status, replies = server.request("/webhooks/rest/webhook", body,
                                                 timeout=REQUEST_TIMEOUT_S)
                return status == 200 and isinstance(replies, list) and bool(replies)
            results.append(_timed(send))
        return results

    return _run_clients(count, one_patient, step_timeout)


def http_floor(server: Assistant, count: int, requests_each: int, step_timeout: float) -> dict:
    def one_client(_: int, stop_at: float) -> list[tuple[Optional[float], bool]]:
        return [(None, False) if time.monotonic() > stop_at else
                _timed(lambda: server.request("/", method="GET", timeout=REQUEST_TIMEOUT_S)[0] == 200)
                for _ in range(requests_each)]

    return _run_clients(count, one_client, step_timeout)


def _parse_ms(server: Assistant, text: str) -> Optional[float]:
    body = json.dumps({"text": text}).encode("utf-8")
    duration, ok = _timed(lambda: server.request(f"/model/parse?token={server.token}", body,
                                                 timeout=REQUEST_TIMEOUT_S)[0] == 200)
    return 1000 * duration if ok else None


def parse_latency(server: Assistant, texts: list[str], rounds: int = 5) -> dict:
    latencies = [ms for _ in range(rounds) for ms in [_parse_ms(server, t) for t in texts]
                 if ms is not None]
    return {"messages": len(latencies), "errors": rounds * len(texts) - len(latencies),
            "p50_ms": percentile(latencies, 0.5), "p95_ms": percentile(latencies, 0.95),
            "max_ms": max(latencies, default=0.0)}


def adversarial_parse(server: Assistant, rounds: int = 3) -> dict:
    """Max parse ms per kind of hostile message, per length; errors when a parse failed."""
    figures = {}
    for kind, texts in adversarial.messages().items():
        per_length = {}
        for length, text in texts.items():
            times = [_parse_ms(server, text) for _ in range(rounds)]
            ok = [t for t in times if t is not None]
            per_length[length] = {"chars": len(text), "max_ms": max(ok, default=None),
                                  "errors": len(times) - len(ok)}
        figures[kind] = per_length
    return figures


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory (VmHWM) of a process and its children, in MB."""
    total = 0
    for each in [pid] + _descendants(pid):
        try:
            lines = Path(f"/proc/{each}/status").read_text().splitlines()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in lines if line.startswith("VmHWM:"))
    return total / 1024


def measure_server(server: Assistant, conversation: list[str], parse_messages: list[str],
                   counts: list[int], step_timeout: float, with_actions: bool,
                   with_adversarial: bool, quiet_wait: float) -> dict:
    results: dict = {"machine_busy_cores_before": wait_for_quiet(quiet_wait)}
    if with_actions:
        server.start_actions()
    try:
        started = time.perf_counter()
        server.start_rasa()
        status, replies = server.request("/webhooks/rest/webhook", json.dumps(
            {"sender": "bench-cold", "message": conversation[1]}).encode("utf-8"), timeout=180)
        results["cold_start_to_first_reply_s"] = time.perf_counter() - started
        results["cold_start_ok"] = status == 200 and bool(replies)
        pids = [server.rasa.pid] + ([server.actions.pid] if with_actions else [])
        run_id = str(int(time.time()))
        results["load"] = {}
        for count in counts:
            wait_for_quiet(quiet_wait / 4)
            with CpuWatch(pids) as watch:
                load = patients(server, conversation, count, run_id, step_timeout)
            floor = http_floor(server, count, len(conversation), step_timeout)
            replies = max(load["ok"], 1)
            watch.figures["servers_cpu_ms_per_reply"] = 1000 * watch.figures["servers_cpu_s"] / replies
            watch.figures["rasa_cpu_ms_per_reply"] = 1000 * watch.figures["per_server_cpu_s"][0] / replies
            results["load"][count] = {"replies": load, "cpu": watch.figures, "http_floor": floor}
        results["parse"] = parse_latency(server, parse_messages)
        if with_adversarial:
            results["adversarial"] = adversarial_parse(server)
        results["peak_memory_mb"] = {"rasa_server": peak_memory_mb(server.rasa.pid)}
        if with_actions:
            results["peak_memory_mb"]["action_server"] = peak_memory_mb(server.actions.pid)
    finally:
        server.stop_rasa()
        server.stop_actions()
    return results


# ------------------------------------------------------------------ training

def train(project: Path, out: Path, name: str, environment: dict[str, str], log: Path,
          timeout: float) -> dict:
    """Full `rasa train --force` of project into out/name.tar.gz: seconds, size, CPU of others."""
    started = time.perf_counter()
    with CpuWatch([]) as watch, log.open("w") as handle:
        process = subprocess.run([sys.executable, "-m", "rasa", "train", "--force", "--out", str(out),
                                  "--fixed-model-name", name], cwd=project, stdout=handle,
                                 stderr=subprocess.STDOUT, env=environment, timeout=timeout)
    seconds = time.perf_counter() - started
    model = out / f"{name}.tar.gz"
    if process.returncode != 0 or not model.exists():
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-15:])
        print(f"Training in {project} failed (exit {process.returncode}); last lines of the log:\n{tail}")
        return {"ok": False, "seconds": seconds}
    return {"ok": True, "seconds": seconds, "model": str(model), "size_bytes": model.stat().st_size,
            "cpu": watch.figures}


# ------------------------------------------------------------------ report

def machine() -> dict:
    memory = next((line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal:")), "0")
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(int(memory) / 1024 / 1024, 1),
            "python": platform.python_version(), "system": platform.platform()}


def _get(data: dict, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def main_rows(ours: dict, theirs: dict, top: int, mid: int) -> list[Row]:
    errors_ours = sum(step["replies"]["errors"] for step in ours.get("load", {}).values())
    errors_theirs = sum(step["replies"]["errors"] for step in theirs.get("load", {}).values())
    return [
        Row("full `rasa train --force` time", _get(ours, "training", "seconds"),
            _get(theirs, "training", "seconds"), seconds_text, Target(at_most=0.5)),
        Row("model file size", _get(ours, "training", "size_bytes"),
            _get(theirs, "training", "size_bytes"), megabytes_text, Target(at_most=0.5)),
        Row(f"replies/s with {top} simulated patients (six-turn conversations without pauses)",
            _get(ours, "load", top, "replies", "replies_per_s"),
            _get(theirs, "load", top, "replies", "replies_per_s"), per_second_text, Target(at_least=2)),
        Row(f"p95 reply latency with {mid} patients", _get(ours, "load", mid, "replies", "p95_ms"),
            _get(theirs, "load", mid, "replies", "p95_ms"), milliseconds_text, Target(at_most=0.5)),
        Row("errors (all load steps, " + "/".join(str(c) for c in ours.get("load", {})) + " patients)",
            errors_ours, errors_theirs, count_text, Target(at_most=0, on_ratio=False), show_ratio=False),
    ]


def detail_rows(ours: dict, theirs: dict) -> list[Row]:
    rows = [Row("time from starting the Rasa server to the first reply",
                ours.get("cold_start_to_first_reply_s"), theirs.get("cold_start_to_first_reply_s"),
                seconds_text),
            Row("peak memory (VmHWM) of the Rasa server, MB", _get(ours, "peak_memory_mb", "rasa_server"),
                _get(theirs, "peak_memory_mb", "rasa_server"), lambda v: "–" if v is None else f"{v:.0f}"),
            Row("NLU parse `POST /model/parse` p50", _get(ours, "parse", "p50_ms"),
                _get(theirs, "parse", "p50_ms"), milliseconds_text),
            Row("NLU parse `POST /model/parse` p95", _get(ours, "parse", "p95_ms"),
                _get(theirs, "parse", "p95_ms"), milliseconds_text)]
    for count in ours.get("load", {}):
        patients_word = "patient" if count == 1 else "patients"
        for name in ("p50", "p95", "p99"):
            rows.append(Row(f"reply latency {name}, {count} {patients_word}",
                            _get(ours, "load", count, "replies", f"{name}_ms"),
                            _get(theirs, "load", count, "replies", f"{name}_ms"), milliseconds_text))
        rows.append(Row(f"replies/s, {count} {patients_word}", _get(ours, "load", count, "replies", "replies_per_s"),
                        _get(theirs, "load", count, "replies", "replies_per_s"), per_second_text))
        rows.append(Row(f"HTTP floor `GET /` p95, {count} {'client' if count == 1 else 'clients'}",
                        _get(ours, "load", count, "http_floor", "p95_ms"),
                        _get(theirs, "load", count, "http_floor", "p95_ms"),
                        lambda v: "–" if v is None else f"{v:.1f} ms"))
        rows.append(Row(f"CPU time of the Rasa server per reply, {count} {patients_word}",
                        _get(ours, "load", count, "cpu", "rasa_cpu_ms_per_reply"),
                        _get(theirs, "load", count, "cpu", "rasa_cpu_ms_per_reply"),
                        milliseconds_text))
        rows.append(Row(f"CPU time of all server processes per reply (this assistant: with the "
                        f"action server), {count} {patients_word}",
                        _get(ours, "load", count, "cpu", "servers_cpu_ms_per_reply"),
                        _get(theirs, "load", count, "cpu", "servers_cpu_ms_per_reply"),
                        milliseconds_text))
        rows.append(Row(f"cores used by other processes during the {count}-patient step",
                        _get(ours, "load", count, "cpu", "other_cores"),
                        _get(theirs, "load", count, "cpu", "other_cores"),
                        lambda v: "–" if v is None else f"{v:.2f}", show_ratio=False))
    rows.append(Row("cores used by other processes during training",
                    _get(ours, "training", "cpu", "other_cores"), _get(theirs, "training", "cpu", "other_cores"),
                    lambda v: "–" if v is None else f"{v:.2f}", show_ratio=False))
    return rows


def adversarial_lines(figures: dict, target_ms: float) -> list[str]:
    lengths = sorted({length for per_length in figures.values() for length in per_length})
    lines = ["| message kind | " + " | ".join(f"≤ {l:,} chars" for l in lengths) + " | max | target | |",
             "|---|" + "---|" * (len(lengths) + 3)]
    for kind, per_length in figures.items():
        cells, worst, failed = [], 0.0, False
        for length in lengths:
            entry = per_length.get(length, {})
            if entry.get("max_ms") is None:
                cells.append("error")
                failed = True
            else:
                cells.append(f"{entry['max_ms']:.0f} ms" + (" (errors)" if entry["errors"] else ""))
                worst = max(worst, entry["max_ms"])
                failed = failed or bool(entry["errors"])
        verdict = "**missed**" if failed or worst > target_ms else "met"
        lines.append(f"| {kind} | " + " | ".join(cells) + f" | {worst:.0f} ms | ≤ {target_ms:.0f} ms | {verdict} |")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=str(PROJECT / "models" / "rugpoli.tar.gz"),
                        help="model served with --skip-training (otherwise the one trained here)")
    parser.add_argument("--patients", default="1,10,50")
    parser.add_argument("--skip-training", action="store_true",
                        help="no timed training: serve --model and the model rasa init trained")
    parser.add_argument("--adversarial", action="store_true",
                        help="also NLU parse time of hostile messages up to 2,000 characters")
    parser.add_argument("--step-timeout", type=float, default=180,
                        help="seconds a load step may take; turns not sent by then count as errors")
    parser.add_argument("--train-timeout", type=float, default=1800)
    parser.add_argument("--quiet-wait", type=float, default=120,
                        help="seconds to wait at most, before training and serving each side, until "
                             "other processes leave the machine nearly idle (0: do not wait)")
    parser.add_argument("--out", default=str(PROJECT / "reports" / "bench.json"))
    args = parser.parse_args()
    counts = [int(c) for c in args.patients.split(",")]
    top, mid = max(counts), (10 if 10 in counts else counts[len(counts) // 2])

    results: dict = {"machine": machine(), "date": time.strftime("%Y-%m-%d %H:%M"),
                     "ours": {}, "example_bot": {}}
    with tempfile.TemporaryDirectory(prefix="rugpoli-bench-") as scratch_name:
        scratch = Path(scratch_name)
        environment = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
                       "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONWARNINGS": "ignore"}
        os.environ.update({k: environment[k] for k in ("RASA_TELEMETRY_ENABLED", "TF_CPP_MIN_LOG_LEVEL")})

        print("Building Rasa's example bot (rasa init --no-prompt, it trains once)...", flush=True)
        example_project = example_bot.create(scratch, environment)
        ours, theirs = results["ours"], results["example_bot"]
        if args.skip_training:
            ours["training"] = {"model": args.model, "size_bytes": Path(args.model).stat().st_size}
            init_model = max((example_project / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
            theirs["training"] = {"model": str(init_model), "size_bytes": init_model.stat().st_size}
        else:
            for key, name, side, project in (("example", "the example bot", theirs, example_project),
                                             ("ours", "this assistant", ours, PROJECT)):
                print(f"Timing rasa train --force of {name}...", flush=True)
                busy = wait_for_quiet(args.quiet_wait)
                cache = {**environment, "RASA_CACHE_DIRECTORY": str(scratch / f"cache-{key}")}
                side["training"] = train(project, scratch / f"models-{key}", "bench", cache,
                                         scratch / f"train-{key}.log", args.train_timeout)
                side["training"]["machine_busy_cores_before"] = busy
            if not ours["training"]["ok"]:
                print(f"Serving {args.model} instead.")
                ours["training"]["model"] = args.model
            if not theirs["training"]["ok"]:
                return 1

        print("Serving this assistant (with its action server)...", flush=True)
        ours.update(measure_server(Assistant(ours["training"]["model"], scratch / "ours-server"),
                                   CONVERSATION, PARSE_MESSAGES, counts, args.step_timeout,
                                   with_actions=True, with_adversarial=args.adversarial,
                                   quiet_wait=args.quiet_wait))
        print("Serving the example bot...", flush=True)
        theirs.update(measure_server(example_bot.ExampleBot(theirs["training"]["model"], scratch / "example-server"),
                                     example_bot.CONVERSATION, example_bot.PARSE_MESSAGES, counts,
                                     args.step_timeout, with_actions=False, with_adversarial=args.adversarial,
                                     quiet_wait=args.quiet_wait))

    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")

    m = results["machine"]
    print(f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB, Python {m['python']}; "
          f"{results['date']}")
    print("\n".join(table(main_rows(ours, theirs, top, mid))))
    print()
    print("\n".join(table(detail_rows(ours, theirs))))
    first = min(ours.get("load", {0: None}))
    for side, name in ((ours, "this assistant"), (theirs, "example bot")):
        by_turn = _get(side, "load", first, "replies", "p50_ms_by_turn")
        if by_turn:
            print(f"Reply latency p50 by turn, {first} patient(s), {name}: "
                  + ", ".join(f"{ms:.0f}" for ms in by_turn) + " ms")
    if "action_server" in ours.get("peak_memory_mb", {}):
        print(f"This assistant's action server: peak memory {ours['peak_memory_mb']['action_server']:.0f} MB.")
    if args.adversarial:
        print("\nNLU parse of hostile messages (max of 3 parses each), this assistant:")
        print("\n".join(adversarial_lines(ours["adversarial"], ADVERSARIAL_TARGET_MS)))
        print("\nThe same messages, example bot (for comparison, no target):")
        print("\n".join(adversarial_lines(theirs["adversarial"], ADVERSARIAL_TARGET_MS)))
    if not ours.get("cold_start_ok", True) or not theirs.get("cold_start_ok", True):
        print("Note: a first reply after the cold start was empty or failed.")
    print(f"\nDetails: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
