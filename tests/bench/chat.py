"""Chat fan-out across processes, as deployed: `customers` signed-in customers, each with an open
conversation and two sockets (two tabs), one on each of two web processes sharing one Redis. Each
customer sends `rounds` messages from the tab on the first process; delivery is timed at the tab on
the second, which only Redis can reach. None may be lost.
"""

import asyncio
import contextlib
import json
import statistics
import time

from websockets.asyncio.client import connect

# A message every 40 ms across all customers (25 a second: 250 people chatting, each writing every
# 10 s); delivery, not how many messages one process can store a second, is what is timed.
SEND_SPACING_S = 0.04


async def _open(url: str, origin: str, cookie: str):
    socket = await connect(url, additional_headers={"Cookie": cookie, "Origin": origin}, open_timeout=30)
    hello = json.loads(await asyncio.wait_for(socket.recv(), timeout=30))
    assert hello["type"] == "hello", hello
    return socket


async def _chat(first_url: str, second_url: str, cookies: list[str], rounds: int) -> dict:
    def ws(url):
        return url.replace("http://", "ws://") + "/ws/chat/"

    senders = await asyncio.gather(*(_open(ws(first_url), first_url, cookie) for cookie in cookies))
    receivers = await asyncio.gather(*(_open(ws(second_url), second_url, cookie) for cookie in cookies))
    sent: dict[str, float] = {}
    latencies: list[float] = []
    expected = len(cookies) * rounds
    done = asyncio.Event()

    async def listen(socket):
        async for raw in socket:
            frame = json.loads(raw)
            if frame.get("type") == "message" and (body := frame["message"]["body"]) in sent:
                latencies.append((time.perf_counter() - sent.pop(body)) * 1000)
                if len(latencies) == expected:
                    done.set()

    listeners = [asyncio.create_task(listen(socket)) for socket in receivers]
    for round_number in range(rounds):
        for number, socket in enumerate(senders):
            body = f"bench {number}:{round_number}"
            sent[body] = time.perf_counter()
            await socket.send(json.dumps({"type": "message", "body": body}))
            await asyncio.sleep(SEND_SPACING_S)
    with contextlib.suppress(TimeoutError):  # what has not arrived by then counts as lost
        await asyncio.wait_for(done.wait(), timeout=30)
    for task in listeners:
        task.cancel()
    for socket in [*senders, *receivers]:
        await socket.close()
    latencies.sort()
    return {
        "sockets": len(senders) + len(receivers),
        "messages": expected,
        "delivered": len(latencies),
        "lost": expected - len(latencies),
        "p50_ms": statistics.median(latencies) if latencies else 0.0,
        "p95_ms": latencies[max(0, round(0.95 * len(latencies)) - 1)] if latencies else 0.0,
        "p99_ms": latencies[max(0, round(0.99 * len(latencies)) - 1)] if latencies else 0.0,
    }


def run_chat(first_url: str, second_url: str, cookies: list[str], *, rounds: int) -> dict:
    return asyncio.run(_chat(first_url, second_url, cookies, rounds))
