"""Ctrl-C during a simulation: stop at the next step boundary, with everything consistent.

Compiled kernels cannot be stopped halfway, and an interrupt raised between a kernel's return
and the bookkeeping after it (time, recordings) would leave the state one chunk ahead of the
clock. While a network runs, SIGINT only sets a flag; the run loop finishes the chunk it is in,
accounts for it, and then raises :class:`KeyboardInterrupt`. A second Ctrl-C before that raises
at once (for a callback that never returns), at the price of that consistency.
"""
import signal
import threading


class DeferredInterrupt:
    """Context manager holding SIGINT back while a run is in a chunk of steps.

    Outside the main thread (where Python delivers no signals) it does nothing.

    Examples
    --------
    >>> with DeferredInterrupt() as interrupt:
    ...     interrupt.requested
    False
    """

    def __init__(self):
        self.requested = False
        self._previous = None

    def __enter__(self):
        if threading.current_thread() is threading.main_thread():
            try:
                self._previous = signal.signal(signal.SIGINT, self._handle)
            except (ValueError, TypeError):  # embedded interpreters without signal support
                self._previous = None
        return self

    def _handle(self, signum, frame):
        if self.requested:  # a second Ctrl-C: the user insists
            raise KeyboardInterrupt
        self.requested = True

    def __exit__(self, *exc):
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)
            self._previous = None
        return False
