"""Settings read on every request, kept a few seconds per process."""

import threading
import time


class ExpiringCache:
    """Values by key, each forgotten ``seconds`` after it was put. Reads take
    no lock: a dict look-up is atomic, and a stale read only delays a change
    by one request."""

    def __init__(self, seconds):
        self.seconds = seconds
        self._entries = {}
        self._lock = threading.Lock()

    def get(self, key):
        """The value put for ``key`` if it has not expired, else None."""
        entry = self._entries.get(key)
        if entry and entry[0] > time.time():
            return entry[1]
        return None

    def put(self, key, value):
        with self._lock:
            self._entries[key] = (time.time() + self.seconds, value)

    def clear(self):
        with self._lock:
            self._entries.clear()
