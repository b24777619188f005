"""Serving the desk: the socket, the token, the addresses it answers to, and waitress.

``start`` binds the socket first (so ``--port 0`` works and a port in use is one clear
error), then builds the app for the addresses that reach that socket: on a loopback
address only ``127.0.0.1``, ``localhost`` and ``[::1]`` with the port, which is what stops a
page of another site whose name points at 127.0.0.1 (DNS rebinding).
"""

from __future__ import annotations

import errno
import ipaddress
import secrets
import socket
from dataclasses import dataclass
from typing import Any

from waitress.server import create_server

from l10n.config import Config
from l10n.errors import UsageError, from_os_error
from l10n.interrupts import Stop
from l10n.serve.app import create_app

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8400
THREADS = 8
_LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _wildcard(host: str) -> bool:
    return host.strip("[]") in ("", "0.0.0.0", "::")


def _bracketed(name: str) -> str:
    return f"[{name}]" if ":" in name and not name.startswith("[") else name


def _names(host: str) -> set[str]:
    """The host names a browser may use to reach ``host``."""
    if is_loopback(host):
        return {*_LOOPBACK_NAMES, _bracketed(host)}
    names = {_bracketed(host)}
    if _wildcard(host):
        names.update(_LOOPBACK_NAMES)
        hostname = socket.gethostname()
        names.update({hostname, socket.getfqdn()})
        try:
            names.update(_bracketed(str(info[4][0])) for info in socket.getaddrinfo(hostname, None))
        except OSError:
            pass
        names.update(_bracketed(address) for address in _outward_addresses())
    return names


def _outward_addresses() -> list[str]:
    """This machine's addresses others reach it at: those of the interfaces its routes to
    the outside leave by (the host name may resolve to a loopback address only). Found
    by pointing a UDP socket at documentation addresses: nothing is sent."""
    found = []
    for family, target in ((socket.AF_INET, "192.0.2.1"), (socket.AF_INET6, "2001:db8::1")):
        try:
            with socket.socket(family, socket.SOCK_DGRAM) as probe:
                probe.connect((target, 9))
                address = str(probe.getsockname()[0])
        except OSError:  # (no route that way: no such address)
            continue
        if not is_loopback(address):
            found.append(address)
    return found


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The ``Host`` header values the desk answers (port 80 may be left out, as browsers do)."""
    names = {n.lower() for n in _names(host) if n}
    return frozenset({f"{n}:{port}" for n in names} | (names if port == 80 else set()))


@dataclass
class Desk:
    url: str  # with the token: what to open
    address: str  # without it
    host: str
    port: int
    local: bool  # only this machine can reach it
    server: Any  # the waitress server
    sockets: dict[int, Any]  # its sockets, as waitress's loop takes them

    def run(self, stop: Stop | None = None) -> None:
        """Serve until Ctrl+C, or until ``stop`` is set (looked at every second); then let
        the requests under way finish (a save being written), as waitress does."""
        from waitress import wasyncore

        adjust = self.server.adj
        try:
            while self.sockets and not (stop is not None and stop.is_set()):
                wasyncore.loop(timeout=adjust.asyncore_loop_timeout, map=self.sockets,
                               use_poll=adjust.asyncore_use_poll, count=1)
        except KeyboardInterrupt:
            pass
        finally:
            self.server.task_dispatcher.shutdown()

    def close(self) -> None:
        """Close the desk's sockets (the connections still open too: a browser's keep-alive)
        and end its request threads, whether it ran or not."""
        from waitress import wasyncore

        self.server.close()
        wasyncore.close_all(self.sockets)
        self.server.task_dispatcher.shutdown()


def _bind(host: str, port: int) -> socket.socket:
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host or None, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except socket.gaierror as exc:
        raise UsageError(f"--host {host}: not an address of this machine ({exc.strerror})") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(64)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(f"--port {port}: already in use on {host} (another l10n serve? choose another "
                             "port with --port)") from None
        if exc.errno == errno.EADDRNOTAVAIL:
            raise UsageError(f"--host {host}: not an address of this machine") from None
        raise from_os_error(exc, "listen on", f"{host}:{port}") from None
    return sock


def start(config: Config, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, reviewer: str = "") -> Desk:
    """Bind ``host:port`` and make the desk's server (``Desk.run`` serves it)."""
    sock = _bind(host, port)
    port = int(sock.getsockname()[1])
    token = secrets.token_urlsafe(24)
    app = create_app(config, reviewer=reviewer, token=token, hosts=allowed_hosts(host, port),
                     cookie_name=f"l10n_desk_{port}")  # cookies ignore ports: one desk a port
    sockets: dict[int, Any] = {}
    server = create_server(app, map=sockets, sockets=[sock], threads=THREADS, ident="l10n",
                           clear_untrusted_proxy_headers=True)
    # Every address: the one others reach the desk at (the host name may be known here only).
    family = socket.AF_INET6 if ":" in str(sock.getsockname()[0]) else socket.AF_INET
    mine = [a for a in _outward_addresses() if (":" in a) == (family == socket.AF_INET6)]  # (the socket's family)
    shown = _bracketed(next(iter(mine), socket.gethostname())) if _wildcard(host) else _bracketed(host)
    address = f"http://{shown}:{port}/"
    return Desk(url=f"{address}?token={token}", address=address, host=host, port=port, local=is_loopback(host),
                server=server, sockets=sockets)
