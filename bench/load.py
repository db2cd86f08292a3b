"""Load-and-fault bench: simulated teams over Slack HTTP against two replicas sharing one Redis.

Two `python -m bot.cli serve` children (this worktree's code) share one real redis-server
(appendonly) and one fake Slack Web API; the fake OpenAI model answers with a fixed latency.
Each thread starts with an @mention and continues with thread replies, each sent after the
previous one was acked; 20 % of deliveries are repeated as Slack retries; half the threads get
a burst of 5 messages within 100 ms. Scenarios add faults mid-load (kill -9 of a replica, a
Redis restart, 10 % failing model calls, Redis frozen for 5 s). The audit compares what was
sent with the fake Slack's log and the transcripts stored in Redis. Usage:

    python bench/load.py                      # every scenario at 500 threads x 10 turns
    python bench/load.py --quick              # 40 threads x 6 turns
    python bench/load.py --scenario offline --threads 50 --turns 5
    BENCH_LOG_LEVEL=INFO python bench/load.py --keep-logs DIR   # replicas log every turn

The wait after the last send ends when every message is accounted for, or when Slack was
quiet for --quiet seconds while no live replica has a turn in flight (its /metrics gauge), or
after STALL_SECONDS without any Slack call (stuck), at most --settle-max seconds.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402
import redis.asyncio as aioredis  # noqa: E402

from bench.load_audit import Transcript, audit, slack_threads  # noqa: E402
from bench.load_rig import Rig, RigOptions  # noqa: E402
from bench.load_traffic import Message, Sender, Workload, plan, summary  # noqa: E402
from engine.session import SessionError, from_json  # noqa: E402
from engine.store.keys import session_key  # noqa: E402

SCENARIOS = ("offline", "model", "kill", "redis-restart", "model-faults", "redis-freeze")
QUICK = Workload(threads=40, turns=6, ramp=1.0)
FAULT_AT = 0.4  # share of the messages sent before the fault strikes
FREEZE_SECONDS = 5.0
STALL_SECONDS = 120.0  # settle: turns in flight but no Slack call for this long = stuck
RESTART_DOWN_SECONDS = 1.0
COUNTS = ("duplicate_answers", "lost", "out_of_order_threads")
ANSWER_CALLS = ("chat.update", "chat.postMessage", "files.completeUploadExternal")


def options_for(scenario: str, args: argparse.Namespace) -> RigOptions:
    """The rig for a scenario: the model scenarios use the fake OpenAI server."""
    model = scenario in ("model", "model-faults")
    return RigOptions(
        brain="model" if model else "offline",
        model_latency=args.model_latency,
        model_failure_share=0.1 if scenario == "model-faults" else 0.0,
        lease_seconds=args.lease,
        replicas=args.replicas,
        seed=args.seed,
    )


async def run_scenario(scenario: str, load: Workload, args: argparse.Namespace) -> dict[str, Any]:
    """Start a fresh rig, run the load with the scenario's fault, audit, tear down."""
    with tempfile.TemporaryDirectory(prefix="ma-load-") as tmp:
        async with Rig(Path(tmp), options_for(scenario, args)) as rig:
            threads = plan(load)
            timeout = aiohttp.ClientTimeout(total=10)
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(timeout=timeout, connector=connector) as http:
                sender = Sender(
                    http,
                    lambda: [r.url for r in rig.live()],
                    load,
                    random.Random(load.seed),
                    deadline=time.monotonic() + args.max_send_seconds,
                )
                total = sum(len(t) for t in threads)
                sender.fault_after = int(FAULT_AT * total)
                fault = asyncio.get_running_loop().create_task(strike(scenario, rig, sender))
                start = time.monotonic()
                try:
                    await asyncio.gather(*(sender.run_thread(t) for t in threads))
                    sent_at = time.monotonic()
                    facts = await fault
                finally:
                    fault.cancel()
                # a fault can leave a lock held until its lease ends: wait longer than that
                quiet = args.quiet if not facts else max(args.quiet, args.lease + 5)
                settled = await settle(rig, total, quiet, args.settle_max)
            # turns still queued would otherwise be stored after the transcripts are read and
            # shown before Slack's log is copied (an answer without its stored turn)
            for replica in rig.replicas:
                replica.freeze()
            report_cpu = rig.cpu_since_ready()
            transcripts = await read_transcripts(rig, threads)
            commands = await redis_commands(rig)
            calls = list(rig.slack.calls)
            result = audit(sender.log, calls, transcripts)
            # the last answer: a placeholder replaced, a post (plain replies get no
            # placeholder) or an upload
            finals = [c.at for c in calls if c.method in ANSWER_CALLS] or [sent_at]
            report = result.report(max(finals) - start)
            report |= summary(sender.log)
            report["send_seconds"] = round(sent_at - start, 1)
            report["model_calls"] = rig.chat_calls + (
                len(rig.model.chat_requests) if rig.model else 0
            )
            report["fault"] = facts
            report["settle"] = settled
            if "at" in facts:
                if scenario == "kill":
                    report["fault"] |= recovery(calls, sender.log, facts["at"])
                report["fault"]["at_s"] = round(report["fault"].pop("at") - start, 1)
            report["replicas"] = {r.name: r.problems() for r in rig.replicas}
            report["cpu_s"] = report_cpu
            report["redis_commands"] = commands
            if report["answered"]:
                per = commands["total"] / report["answered"]
                report["redis_commands_per_answer"] = round(per, 1)
            report["resend_needed"] = report["lost"] + report["resend_asked"]
            if args.keep_logs:
                keep_logs(rig, args.keep_logs / scenario)
            return report


async def strike(scenario: str, rig: Rig, sender: Sender) -> dict[str, Any]:
    """Wait until FAULT_AT of the messages went out, then inject the scenario's fault."""
    if scenario in ("offline", "model", "model-faults"):
        return {}
    await sender.fault_due.wait()
    at = time.monotonic()
    if scenario == "kill":
        await asyncio.to_thread(rig.replicas[0].kill)
        return {"at": at, "what": "kill -9 of replica a"}
    if scenario == "redis-freeze":
        os.kill(rig.redis_pid(), signal.SIGSTOP)
        try:
            await asyncio.sleep(FREEZE_SECONDS)
        finally:
            os.kill(rig.redis_pid(), signal.SIGCONT)
        return {"at": at, "what": f"SIGSTOP redis for {FREEZE_SECONDS:.0f} s"}
    assert rig.redis is not None
    before = await count_sessions(rig)
    await asyncio.to_thread(rig.redis.stop)  # in a thread: fake Slack keeps answering
    await asyncio.sleep(RESTART_DOWN_SECONDS)
    await asyncio.to_thread(rig.redis.start)
    after = await count_sessions(rig)
    return {"at": at, "what": "redis restart (SIGTERM, 1 s down)", "sessions": [before, after]}


async def count_sessions(rig: Rig) -> int:
    """How many session keys Redis holds now."""
    assert rig.redis is not None
    client = aioredis.from_url(rig.redis.url)
    try:
        for _ in range(100):  # a restarted server answers LOADING while it reads the AOF
            try:
                return sum([1 async for _ in client.scan_iter(match="ma:*:session", count=1000)])
            except aioredis.BusyLoadingError:
                await asyncio.sleep(0.1)
        return -1
    finally:
        await client.aclose()


def recovery(calls: list[Any], log: list[Any], killed: float) -> dict[str, Any]:
    """Threads waiting for an answer at the kill, and how long until each got its next one."""
    threads = slack_threads(calls)
    sent_before: dict[str, int] = {}
    for item in log:
        if item.at < killed:
            sent_before[item.message.channel] = sent_before.get(item.message.channel, 0) + 1
    waits: list[float] = []
    stuck = 0
    for channel, count in sent_before.items():
        # answers: replaced placeholders and posts (plain thread replies get no placeholder)
        holders = (
            [*threads[channel].placeholders, *threads[channel].posts] if channel in threads else []
        )
        done = [p for p in holders if p.final_at is not None and p.final_at < killed]
        if len(done) >= count:
            continue
        later = [p.final_at for p in holders if p.final_at is not None and p.final_at >= killed]
        if later:
            waits.append(min(later) - killed)
        else:
            stuck += 1
    waits.sort()
    return {
        "threads_waiting_at_kill": len(waits) + stuck,
        "recover_p50_s": round(waits[len(waits) // 2], 1) if waits else None,
        "recover_max_s": round(waits[-1], 1) if waits else None,
        "threads_never_answered_again": stuck,
    }


async def settle(rig: Rig, total: int, quiet: float, limit: float) -> dict[str, object]:
    """Wait until every message is accounted for, or until Slack was quiet for `quiet`
    seconds while no live replica has a turn in flight (a turn waiting for its files or its
    place in line is in flight: queued work is waited for, not counted lost); a replica
    whose turns make no Slack call for STALL_SECONDS is stuck, and the wait ends. Says how it
    ended and how many turns were still in flight: after "limit", placeholders of turns still
    queued count as left, though they would be answered."""
    deadline = time.monotonic() + limit
    async with aiohttp.ClientSession() as http:
        while time.monotonic() < deadline:
            await asyncio.sleep(0.5)
            calls = rig.slack.calls
            holders = [p for t in slack_threads(calls).values() for p in t.placeholders]
            resolved = sum(p.final is not None for p in holders)
            if all(p.final is not None or p.deleted for p in holders) and resolved >= total:
                return {"ended": "all answered", "in_flight": 0}
            silent = time.monotonic() - (calls[-1].at if calls else 0.0)
            if silent > max(quiet, STALL_SECONDS):
                return {"ended": "stalled", "in_flight": await turns_in_flight(http, rig)}
            if silent > quiet and await turns_in_flight(http, rig) == 0:
                return {"ended": "quiet", "in_flight": 0}
        return {"ended": "limit", "in_flight": await turns_in_flight(http, rig)}


async def turns_in_flight(http: aiohttp.ClientSession, rig: Rig) -> int:
    """Turns the live replicas are answering or holding in line (their /metrics gauge)."""
    busy = 0
    for replica in rig.replicas:
        if not replica.alive:
            continue
        url = replica.url.replace("/slack/events", "/metrics")
        try:
            async with http.get(url, timeout=aiohttp.ClientTimeout(total=5)) as response:
                text = await response.text()
        except (aiohttp.ClientError, TimeoutError):
            return -1  # unknown: keep waiting (until the stall limit)
        for line in text.splitlines():
            if line.startswith("meta_agent_turns_in_flight "):
                busy += int(float(line.split()[1]))
    return busy


async def redis_commands(rig: Rig) -> dict[str, int]:
    """Commands Redis served since it (last) started: the total, then the 8 most frequent."""
    assert rig.redis is not None
    client = aioredis.from_url(rig.redis.url)
    try:
        stats = await client.info("commandstats")
    finally:
        await client.aclose()
    calls = {k.removeprefix("cmdstat_"): int(v["calls"]) for k, v in stats.items()}
    top = dict(sorted(calls.items(), key=lambda kv: -kv[1])[:8])
    return {"total": sum(calls.values()), **top}


async def read_transcripts(rig: Rig, threads: list[list[Message]]) -> dict[str, Transcript]:
    """Each thread's stored transcript (role, text), keyed by channel."""
    assert rig.redis is not None
    if not rig.redis.running:
        rig.redis.start()
    client = aioredis.from_url(rig.redis.url)
    out: dict[str, Transcript] = {}
    try:
        for messages in threads:
            first = messages[0]
            raw = await client.get(session_key(f"slack:{first.team}:{first.channel}:{first.ts}"))
            if raw is None:
                continue
            try:
                session = from_json(raw)
            except SessionError:
                continue
            out[first.channel] = [(t.role, t.text) for t in session.transcript]
    finally:
        await client.aclose()
    return out


def keep_logs(rig: Rig, where: Path) -> None:
    """Copy the replicas' and Redis's logs out of the temporary directory."""
    where.mkdir(parents=True, exist_ok=True)
    for log in [r.log for r in rig.replicas] + [rig.directory / "redis" / "redis.log"]:
        if log.exists():
            shutil.copy(log, where / log.name)


def machine() -> dict[str, Any]:
    """nproc and the CPU model, for the record."""
    model = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", action="append", choices=SCENARIOS)
    parser.add_argument("--quick", action="store_true", help="40 threads x 6 turns")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--turns", type=int)
    parser.add_argument("--retry-share", type=float, default=0.2)
    parser.add_argument("--burst-share", type=float, default=0.5)
    parser.add_argument("--deliver-share", type=float, default=0.02)
    parser.add_argument(
        "--pause",
        type=float,
        nargs=2,
        metavar=("LOW", "HIGH"),
        help="seconds between a thread's messages outside bursts (default 0.3 1.5)",
    )
    parser.add_argument("--model-latency", type=float, default=0.2)
    parser.add_argument("--lease", type=float, default=30.0, help="LOCK_LEASE_SECONDS")
    parser.add_argument("--quiet", type=float, default=10.0, help="settle: seconds of no calls")
    parser.add_argument("--settle-max", type=float, default=600.0)
    parser.add_argument("--max-send-seconds", type=float, default=600.0)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--replicas", type=int, default=2)
    parser.add_argument(
        "--reply-mentions", action="store_true", help="thread replies @mention the bot"
    )
    parser.add_argument(
        "--alternate", action="store_true", help="message k to replica k mod 2 (else random)"
    )
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--keep-logs", type=Path, help="copy replica and Redis logs here")
    return parser.parse_args(argv)


def workload(args: argparse.Namespace) -> Workload:
    """The workload the flags describe."""
    load = QUICK if args.quick else Workload()
    return replace(
        load,
        threads=args.threads or load.threads,
        turns=args.turns or load.turns,
        retry_share=args.retry_share,
        burst_share=args.burst_share,
        deliver_share=args.deliver_share,
        seed=args.seed,
        reply_mentions=args.reply_mentions,
        alternate=args.alternate,
        pause=tuple(args.pause) if args.pause else load.pause,
    )


def line(name: str, r: dict[str, Any]) -> str:
    """One summary line of a scenario."""
    return (
        f"{name:14} {r['answered']:>5}/{r['messages']:<5} {r['turns_per_s']:>6} t/s "
        f"p50 {r['p50_ms']} ms p99 {r['p99_ms']} ms | dup {r['duplicate_answers']} "
        f"lost {r['lost']} order {r['out_of_order_threads']}/{r['out_of_order_slack_threads']} "
        f"resend {r['resend_asked']} (saved {r['stored_but_resend_asked']}) "
        f"left {r['placeholders_left']}"
    )


async def main_async(args: argparse.Namespace) -> int:
    """Run the chosen scenarios one after another; print and optionally save the results."""
    load = workload(args)
    results: dict[str, Any] = {"machine": machine(), "workload": asdict(load), "scenarios": {}}
    print(json.dumps(results["machine"]), flush=True)
    for scenario in args.scenario or SCENARIOS:
        try:
            report = await run_scenario(scenario, load, args)
        except Exception as exc:  # one broken scenario must not hide the others
            print(f"{scenario}: FAILED {type(exc).__name__}: {exc}", flush=True)
            results["scenarios"][scenario] = {"error": f"{type(exc).__name__}: {exc}"}
            continue
        results["scenarios"][scenario] = report
        print(line(scenario, report), flush=True)
        print(json.dumps(report, default=str), flush=True)
        if args.json:
            args.json.write_text(json.dumps(results, indent=2, default=str))
    bad = [n for n, r in results["scenarios"].items() if "error" in r or any(r[c] for c in COUNTS)]
    if bad:
        print(f"NOT ZERO (duplicates, lost or out of order): {', '.join(bad)}", flush=True)
    return 1 if bad else 0


def main(argv: list[str] | None = None) -> int:
    """Entry point; SIGTERM and Ctrl-C stop the bench and its children."""
    args = parse_args(argv)

    async def guarded() -> int:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, task.cancel)
        return await main_async(args)

    try:
        return asyncio.run(guarded())
    except asyncio.CancelledError:
        print("bench stopped", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
