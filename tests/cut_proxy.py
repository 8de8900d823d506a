"""A TCP relay in front of the machine's PostgreSQL server that can lose the
server's answer to a COMMIT: the server receives the COMMIT and answers it
(so the transaction is saved), and the relay then closes the client's
connection instead of passing the answer on — what a network that drops at
that moment does; or drop the COMMIT before the server hears it, or hold it
back until the test lets it go on (a COMMIT still on its way).  It can also stop taking new connections, as a server that
is gone, and take them again.

Used with ``sslmode=disable`` so that the relay sees the protocol's messages.
"""
from __future__ import annotations

import socket
import threading
from typing import Optional

COMMIT = b"Q\x00\x00\x00\x0bCOMMIT\x00"  # the simple-query message psycopg sends on commit


class CutProxy:
    def __init__(self, host: str = "127.0.0.1", port: int = 5432):
        self.target = (host, port)
        self.cut_next_commit = False  # lose the answer to the next COMMIT (then back to False)
        self.drop_next_commit = False  # close the connection instead of passing the next COMMIT on
        self.hold_next_commit = False  # close the client's side, and pass the COMMIT on only once released
        self.release = threading.Event()  # (set by the test) the held COMMIT goes on to the server now
        self.held_delivered = threading.Event()  # the held COMMIT was passed on (or could not be)
        self.refusing = False  # new connections are closed at once
        self.refuse_after_cut = False  # once an answer is lost, refuse new connections (the server is gone)
        self.commits_cut = 0
        self._server = socket.create_server(("127.0.0.1", 0))
        self.port = self._server.getsockname()[1]
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stopped = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, admin_url: str) -> str:
        """``admin_url`` (on the real server) through this relay, unencrypted."""
        from sqlalchemy import make_url

        url = make_url(admin_url).set(host="127.0.0.1", port=self.port)
        return url.update_query_dict({"sslmode": "disable"}).render_as_string(hide_password=False)

    def close(self) -> None:
        self._stopped = True
        try:
            self._server.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread (close alone does not)
        except OSError:
            pass
        self._server.close()
        with self._lock:
            for sock in self._open:
                _close(sock)

    def _accept(self) -> None:
        while not self._stopped:
            try:
                client, _ = self._server.accept()
            except OSError:
                return
            if self.refusing:
                _close(client)
                continue
            try:
                upstream = socket.create_connection(self.target)
            except OSError:
                _close(client)
                continue
            with self._lock:
                self._open += [client, upstream]
            swallow = threading.Event()  # the server's next answer is lost
            threading.Thread(target=self._to_server, args=(client, upstream, swallow), daemon=True).start()
            threading.Thread(target=self._to_client, args=(upstream, client, swallow), daemon=True).start()

    def _to_server(self, client: socket.socket, upstream: socket.socket, swallow: threading.Event) -> None:
        while True:
            data = _recv(client)
            if not data:
                break
            if self.hold_next_commit and COMMIT in data:  # a COMMIT still on its way when the client gives up
                self.hold_next_commit = False
                _close(client)
                self.release.wait(30)
                try:
                    upstream.sendall(data)
                    _recv(upstream)
                except OSError:
                    pass
                self.held_delivered.set()
                break
            if self.drop_next_commit and COMMIT in data:
                self.drop_next_commit = False
                break  # the server never hears of it, and rolls back
            if self.cut_next_commit and COMMIT in data:
                # the client sends a COMMIT only once every earlier answer reached it,
                # so whatever the server sends next is the COMMIT's answer
                self.cut_next_commit = False
                swallow.set()
            try:
                upstream.sendall(data)
            except OSError:
                break
        _close(client)
        _close(upstream)

    def _to_client(self, upstream: socket.socket, client: socket.socket, swallow: threading.Event) -> None:
        while True:
            data = _recv(upstream)
            if not data:
                break
            if swallow.is_set():  # the server answered the COMMIT: it is saved; the client never hears so
                self.refusing = self.refusing or self.refuse_after_cut
                self.commits_cut += 1
                break
            try:
                client.sendall(data)
            except OSError:
                break
        _close(upstream)
        _close(client)


def _recv(sock: socket.socket) -> Optional[bytes]:
    try:
        return sock.recv(65536)
    except OSError:
        return None


def _close(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
