"""What keeps many sockets of one process from querying all at once (core/realtime.py): periodic
checks spread over their period, and answers shared by the sockets of a process."""

import asyncio

import pytest

from core.realtime import SharedAnswer, check_delays

# The reads run through database_sync_to_async, which tidies the thread's database connection.
pytestmark = pytest.mark.django_db

PERIOD = 20.0


def test_the_first_check_falls_within_one_period_and_the_next_ones_one_period_apart():
    schedules = [check_delays(PERIOD) for _ in range(200)]
    firsts = [next(schedule) for schedule in schedules]
    assert all(0 <= first <= PERIOD for first in firsts)
    # Spread over the period, not bunched: 200 draws all in one quarter would take a broken jitter.
    assert min(firsts) < PERIOD / 4
    assert max(firsts) > PERIOD * 3 / 4
    assert all(next(schedule) == PERIOD for schedule in schedules for _ in range(3))


class Source:
    """A read that counts its calls and answers with `value` (or raises `error` once)."""

    def __init__(self, value):
        self.value = value
        self.calls = 0
        self.error = None

    def __call__(self, *key):
        self.calls += 1
        if self.error:
            error, self.error = self.error, None
            raise error
        return (self.value, *key)


async def test_sockets_asking_together_share_one_read():
    source = Source("on")
    shared = SharedAnswer(source, seconds=3600)
    answers = await asyncio.gather(*(shared.get("shop.example") for _ in range(20)))
    assert answers == [("on", "shop.example")] * 20
    assert await shared.get("shop.example") == ("on", "shop.example")
    assert source.calls == 1


async def test_each_key_is_read_on_its_own():
    source = Source("on")
    shared = SharedAnswer(source, seconds=3600)
    assert await shared.get("a.example") == ("on", "a.example")
    assert await shared.get("b.example") == ("on", "b.example")
    assert source.calls == 2


async def test_an_answer_older_than_its_seconds_is_read_again():
    source = Source("on")
    shared = SharedAnswer(source, seconds=0)
    await shared.get()
    source.value = "off"
    assert await shared.get() == ("off",)
    assert source.calls == 2


async def test_a_fresh_question_reads_again_and_shares_the_new_answer():
    source = Source("on")
    shared = SharedAnswer(source, seconds=3600)
    await shared.get()
    source.value = "off"
    assert await shared.get() == ("on",)  # shared, not read again
    assert await shared.get(fresh=True) == ("off",)
    assert await shared.get() == ("off",)
    assert source.calls == 2


async def test_forgetting_makes_the_next_question_read_again():
    source = Source("on")
    shared = SharedAnswer(source, seconds=3600)
    await shared.get()
    source.value = "off"
    shared.forget()
    assert await shared.get() == ("off",)


async def test_a_failed_read_is_not_kept():
    source = Source("on")
    source.error = OSError("database away")
    shared = SharedAnswer(source, seconds=3600)
    with pytest.raises(OSError):
        await shared.get()
    assert await shared.get() == ("on",)
    assert source.calls == 2


async def test_a_socket_that_stops_waiting_does_not_cancel_the_read_for_the_others():
    release = asyncio.Event()
    loop = asyncio.get_running_loop()

    def slow_read():
        asyncio.run_coroutine_threadsafe(release.wait(), loop).result()
        return "on"

    shared = SharedAnswer(slow_read, seconds=3600)
    leaving = asyncio.create_task(shared.get())
    staying = asyncio.create_task(shared.get())
    await asyncio.sleep(0)
    leaving.cancel()
    release.set()
    assert await staying == "on"
    with pytest.raises(asyncio.CancelledError):
        await leaving
