"""Room on the frame stack (tests/stack.py, docs/decisions.md 464): a call made through `with_room` maps no new
chunk of Python's frame stack however often its frames go up and down; every test function is called that way
(tests/conftest.py)."""

import resource
import sys
import threading

import pytest

from tests.stack import with_room


def _down(depth: int) -> int:
    return 0 if depth == 0 else _down(depth - 1) + 1


def _up_and_down() -> None:
    """Calls from 1 to 300 frames deep, each depth 40 times: whichever depth a chunk of 16 KiB ends at, the calls
    cross it again and again."""
    for depth in range(1, 300):
        for _ in range(40):
            _down(depth)


def _page_faults_in_a_new_thread(function) -> int:
    """Page faults of `function` run in a thread of its own (its own frame stack, starting shallow: the test itself
    already runs with room, tests/conftest.py)."""
    found = []

    def run():
        before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
        function()
        found.append(resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return found[0]


def test_calls_going_up_and_down_map_no_new_memory_with_room():
    _page_faults_in_a_new_thread(lambda: with_room(_up_and_down))  # the thread machinery's own first faults
    with_room_faults = _page_faults_in_a_new_thread(lambda: with_room(_up_and_down))
    assert with_room_faults < 100, with_room_faults
    # Python 3.12 gives the chunk back at each return (CPython gh-142183): what with_room avoids.
    if sys.version_info < (3, 13):
        without = _page_faults_in_a_new_thread(_up_and_down)
        assert without > 10 * max(with_room_faults, 100), (without, with_room_faults)


def test_with_room_passes_arguments_and_the_result_and_raises_what_the_call_raises():
    assert with_room(dict, a=1, function=2) == {"a": 1, "function": 2}
    with pytest.raises(ValueError):
        with_room(int, "not a number")


def _called_with_room() -> bool:
    frame = sys._getframe(1)
    while frame is not None:
        if frame.f_code is with_room.__code__:
            return True
        frame = frame.f_back
    return False


def test_each_test_function_runs_with_room():
    assert _called_with_room()
