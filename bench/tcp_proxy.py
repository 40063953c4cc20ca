"""A TCP proxy on 127.0.0.1 that can stall or refuse, for fault-injection tests.

    proxy = TcpProxy(target_port=5432).start()   # listens on proxy.port
    proxy.freeze()    # connections stay open, nothing gets through either way
    proxy.refuse()    # every connection is closed, new ones are refused
    proxy.resume()    # back to forwarding
    proxy.stop()

"Frozen" is the nasty case: the client's bytes are accepted (so the kernel acknowledges
them and TCP keepalives see nothing wrong) but no answer ever comes. Only a client-side
deadline gets out of it. Used by tests/test_resilience.py and bench/faults.py.
"""

import contextlib
import selectors
import socket
import threading

FORWARD, FROZEN, REFUSING = "forward", "frozen", "refusing"


class TcpProxy:
    """Forward 127.0.0.1:<port> to 127.0.0.1:<target_port>, with faults on demand."""

    def __init__(self, target_port, target_host="127.0.0.1"):
        self.target = (target_host, target_port)
        self.mode = FORWARD
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._pairs = set()
        self._lock = threading.Lock()
        self._running = False

    def start(self):
        """Start accepting connections (in a daemon thread); returns self."""
        self._running = True
        threading.Thread(target=self._accept, daemon=True, name="tcp-proxy").start()
        return self

    def freeze(self):
        """Stall: keep every connection open and pass nothing on."""
        self.mode = FROZEN

    def refuse(self):
        """Fail fast: drop every connection and close new ones at once."""
        self.mode = REFUSING
        with self._lock:
            pairs, self._pairs = self._pairs, set()
        for pair in pairs:
            for sock in pair:
                _close(sock)

    def resume(self):
        """Forward again. Connections that were frozen carry on where they stopped."""
        self.mode = FORWARD

    def stop(self):
        """Close everything."""
        self._running = False
        self.refuse()
        _close(self._listener)

    def _accept(self):
        while self._running:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.mode == REFUSING:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                _close(client)
                continue
            pair = (client, upstream)
            with self._lock:
                self._pairs.add(pair)
            threading.Thread(target=self._pump, args=(pair,), daemon=True).start()

    def _pump(self, pair):
        client, upstream = pair
        selector = selectors.DefaultSelector()
        selector.register(client, selectors.EVENT_READ, upstream)
        selector.register(upstream, selectors.EVENT_READ, client)
        try:
            while self._running:
                if self.mode == FROZEN:
                    threading.Event().wait(0.05)  # hold everything, read nothing
                    continue
                if self.mode == REFUSING:
                    return
                for key, _ in selector.select(timeout=0.05):
                    data = key.fileobj.recv(65536)
                    if not data:
                        return
                    key.data.sendall(data)
        except OSError:
            return
        finally:
            selector.close()
            with self._lock:
                self._pairs.discard(pair)
            _close(client)
            _close(upstream)


def _close(sock):
    with contextlib.suppress(OSError):
        sock.close()
