"""Room on Python's frame stack for a test, so that its requests do not map and unmap memory at each call
(docs/decisions.md 464).

CPython 3.12 keeps the frames of Python functions in chunks of 16 KiB and returns a chunk to the system (munmap)
as soon as the call that opened it returns, to map a new one (mmap) at the next call that needs it (CPython issue
gh-142183; 3.13 and 3.14 keep one chunk since March 2026, 3.12 gets no such fix). Django's test client runs a view
in the test's own frames, a hundred and more deep; where a chunk ends inside the range a request's frames go up
and down, each crossing costs a map, an unmap and fresh zeroed pages: about 2,400 chunks mapped per row of the
security matrix (its awards rows, pytest-xdist), and in a process on `make bench`'s city one request of 修改密码 57 page
faults and 5.9 instead of 4.3 ms of CPU.

`with_room(function, ...)` calls `function` from a frame that reserves `ROOM_SLOTS` slots of stack it never
uses: CPython gives such a frame a chunk twice its size, so every frame of the call fits in the rest of that one
chunk, mapped once per call. The reservation is the code object's stack size (`CodeType.replace`, public API);
it is never written, so its pages are not touched. On a Python that keeps a chunk, this costs one map per test.
"""

from types import FunctionType

#: Slots of 8 bytes reserved by the calling frame: 256 KiB, so CPython maps a chunk of 512 KiB and the call's
#: own frames have the other 256 KiB (a chunk past it is mapped as before).
ROOM_SLOTS = 32_000


def _call(function, /, *args, **kwargs):
    return function(*args, **kwargs)


with_room = FunctionType(
    _call.__code__.replace(co_stacksize=_call.__code__.co_stacksize + ROOM_SLOTS),
    _call.__globals__,
    "with_room",
)
with_room.__doc__ = "function(*args, **kwargs), called from a frame with ROOM_SLOTS of stack to spare."
