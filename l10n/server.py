"""A workspace's build server (see ``l10n.launch``): a process that imported what a build
runs, and forks a process for each ``l10n build`` it is asked to run.

The forked process takes the client's arguments, environment, working folder and standard
streams (passed as descriptors), runs the command as ``l10n`` would, writes ``exit N`` to
the client and ends: nothing of one build stays in the server, which never reads a
workspace itself. The server answers only its own user (the socket is the user's alone,
and its peer's user id is checked), only a client whose start read what the server's did
(``launch.fingerprint``), and only while l10n's code is the code it imported: after an
upgrade or an edit it says ``no stale`` and stops, and the client builds on its own (and
starts a new one). It stops too after ``L10N_BUILD_SERVER_IDLE`` seconds without a build
(1800), when its socket is removed or replaced (the workspace deleted, moved), on SIGTERM,
and when asked (``l10n server stop``).
"""

from __future__ import annotations

import fcntl
import gc
import importlib
import marshal
import os
import pkgutil
import selectors
import signal
import socket
import struct
import sys
import threading
import time
from typing import TYPE_CHECKING, Any

from l10n import launch

if TYPE_CHECKING:
    from l10n.build.monitor import Monitor
    from l10n.config import Config

# Modules a build does not run, or that must not be imported by a process that forks
# (Ray starts threads), or that are this server.
_NOT_WARMED = ("l10n.mt.ray", "l10n.server", "l10n.__main__", "l10n.build.watch", "l10n.serve")
_CHECK_EVERY = 5.0  # seconds between looks at the socket and the idle time
_count = [0]  # builds forked so far


def serve(root: str) -> None:
    """Serve builds for the workspace ``root`` until idle, replaced, stopped or stale."""
    path = launch.socket_path(root)
    if path is None:
        return
    state = os.path.join(root, ".l10n")
    try:
        lock = os.open(os.path.join(state, launch.LOCK_NAME), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return
    deadline = time.monotonic() + 3
    while True:  # (a server that said `no stale` may still be on its way out)
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            break
        except OSError:
            if time.monotonic() > deadline:
                return  # another server is up
            time.sleep(0.05)
    _warm()
    _prime(root)
    if threading.active_count() != 1:  # a process with threads must not fork
        return
    from l10n import cache

    code = cache.code_version()
    key = launch.fingerprint(os.environ)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        listener.bind(path)  # (abstract: no file; any user may connect, each peer's user is checked)
    except OSError:
        return
    listener.listen(16)
    place = _identity(state)  # (the workspace's state folder: gone or replaced, the server stops)
    from l10n.build.monitor import Monitor

    monitor = Monitor(root)  # (the workspace's files, kept current between builds)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # (the forked builds are reaped by the system)
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(0))
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()  # (the forked builds leave the server's objects alone: fewer pages copied)
    limit = launch.idle_limit(os.environ)
    last = time.monotonic()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    watching, generation = -1, -1
    every = min(_CHECK_EVERY, limit / 2)
    looked = time.monotonic()
    try:
        while True:
            if monitor.generation != generation:  # (the monitor began again, on another descriptor)
                if watching >= 0:
                    selector.unregister(watching)
                watching, generation = monitor.fileno(), monitor.generation
                if watching >= 0:
                    selector.register(watching, selectors.EVENT_READ)
            ready = [item.fileobj for item, _ in selector.select(timeout=every)]
            now = time.monotonic()
            if now - looked >= every:  # (also while notifications keep it busy)
                looked = now
                if now - last > limit or _identity(state) != place or _stale(code):
                    return
            if watching in ready:
                monitor.refresh()
            if listener not in ready:
                continue
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            if _identity(state) != place:  # (the workspace moved or replaced: this server is not its)
                conn.close()
                return
            answer = _answer(conn, listener, lock, key, code, monitor)
            if answer == "stop":
                return
            if answer == "build":  # (only a build keeps the server up: not a look at its status)
                last = time.monotonic()
    finally:
        listener.close()
        monitor.close()


def _warm() -> None:
    """Import every module a build may run (what a client would have to import itself)."""
    import l10n

    for module in pkgutil.walk_packages(l10n.__path__, "l10n."):
        if module.name.startswith(_NOT_WARMED):
            continue
        try:
            importlib.import_module(module.name)
        except Exception:  # (an optional part that does not import here is imported by its build, if ever)
            continue
    for name in ("rapidfuzz", "rapidfuzz.distance", "jinja2", "markupsafe"):
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def _prime(root: str) -> None:
    """Work out once what every build works out again on its first need and then keeps (a
    pure function's cached answers): the patterns that wrap a catalog's lines, the plural
    forms and number symbols of the workspace's languages. Nothing of the workspace's own
    is kept."""
    from pathlib import Path

    from l10n import config as config_mod, update
    from l10n.catalogs import reader, writer
    from l10n.errors import L10nError

    try:
        config = config_mod.load(Path(root))
        locales: tuple[str, ...] = (*config.locales, config.chrome_language, config.body_language)
    except (L10nError, OSError):
        locales = ()
    try:
        from l10n import checks

        checks.prepare(dict.fromkeys(locales))
    except Exception:  # (priming only)
        pass
    text = ("The council met on Monday to vote on the budget for the coming year, "
            "which includes \\\"new spending\\\" on schools, roads and the city's parks.")  # (as a PO file escapes it)
    for locale in (*locales, "en"):
        try:
            count, forms = update.plural_forms(locale)
            forms_line = forms.replace('"', '\\"')
            entries = "".join(f'msgstr[{i}] "{text}"\n' for i in range(count))
            data = (f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: {forms_line}\\n"\n\n'
                    f'msgid "{text}"\nmsgid_plural "{text}"\n{entries}')
            writer.dump(reader.parse(data.encode("utf-8")))
        except Exception:  # (priming only: the build does it on its own if need be)
            continue


def _stale(code: str) -> bool:
    """l10n's code is no longer the code this server imported (an upgrade, an edit)."""
    from l10n import cache

    try:
        return bool(cache.code_version.__wrapped__() != code)
    except OSError:
        return True


def _identity(folder: str) -> tuple[int, int] | None:
    try:
        st = os.stat(folder)
    except OSError:
        return None
    return st.st_dev, st.st_ino


def _peer_uid(conn: socket.socket) -> int | None:
    try:
        creds = conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    except (OSError, AttributeError):
        return None
    return int(struct.unpack("3i", creds)[1])


def _receive(conn: socket.socket) -> tuple[dict[str, Any], list[int]]:
    """One request: its message and the descriptors passed with it."""
    data, fds, _, _ = socket.recv_fds(conn, 1 << 16, 8)
    fds = list(fds)
    try:
        if len(data) < 4:
            raise ValueError("short")
        size = int.from_bytes(data[:4], "big")
        body = data[4:]
        while len(body) < size:
            chunk = conn.recv(size - len(body))
            if not chunk:
                raise ValueError("short")
            body += chunk
        message = marshal.loads(body)  # (the peer is this user: checked before)
        if not isinstance(message, dict):
            raise ValueError("not an object")
        return message, fds
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise


def _answer(conn: socket.socket, listener: socket.socket, lock: int, key: str, code: str, monitor: Monitor) -> str:
    """Answer one client; ``stop`` when the server should stop."""
    fds: list[int] = []
    try:
        conn.settimeout(5)
        if _peer_uid(conn) != os.getuid():
            return "refused"
        # First: l10n changed since this server started (an upgrade, an edit; its clients
        # may speak another protocol): it stops, and the client goes on without it.
        if _stale(code):
            conn.sendall(b"no stale\n")
            return "stop"
        try:
            message, fds = _receive(conn)
        except (OSError, ValueError, EOFError, TypeError):
            return "refused"
        op = message.get("op")
        if op == "ping":
            conn.sendall(f"pong {os.getpid()} {_count[0]}\n".encode())
            return "ping"
        if op == "stop":
            conn.sendall(b"stopping\n")
            return "stop"
        if op != "build" or message.get("key") != key or len(fds) != 4:
            conn.sendall(b"no key\n")
            return "refused"
        from l10n.build import stamp

        monitor.refresh()
        monitor.offer()
        pid = os.fork()
        if pid == 0:
            monitor.forget()
            _build(conn, listener, lock, message, fds)  # (never returns)
        stamp.offer(None)
        _count[0] += 1
        return "build"
    except OSError:
        return "refused"
    finally:
        for fd in fds:
            os.close(fd)
        conn.close()


def _build(conn: socket.socket, listener: socket.socket, lock: int, message: dict[str, Any], fds: list[int]) -> None:
    """In the forked process: become the client's ``l10n`` process, run the command, say
    its exit code, end."""
    code = 1
    released: list[int] = []
    try:
        listener.close()
        os.close(lock)
        for name in ("SIGCHLD", "SIGTERM", "SIGPIPE"):
            signal.signal(getattr(signal, name), signal.SIG_DFL if name != "SIGPIPE" else signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        for signum in message.get("ignored", ()):  # (as the client's process was started: nohup, `&`)
            if signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
                signal.signal(signum, signal.SIG_IGN)
        cwd, streams = fds[0], fds[1:]
        os.fchdir(cwd)
        for target, fd in enumerate(streams):
            os.dup2(fd, target)
        for fd in fds:
            os.close(fd)
        fds.clear()
        mask = message.get("umask")
        if isinstance(mask, int):  # (the modes of the files it makes: the client's, not the server's)
            os.umask(mask & 0o777)
        env = message.get("env")
        if isinstance(env, dict):
            os.environ.clear()
            os.environ.update({str(k): str(v) for k, v in env.items()})
            time.tzset()
        _streams()
        argv = [str(a) for a in message.get("argv", [])]
        sys.argv = ["l10n", *argv]
        share = message.get("share")
        if not isinstance(share, dict) or not take_share(share):  # (the client builds on its own)
            conn.sendall(b"no share\n")
            released.append(1)
            return
        conn.sendall(f"run {os.getpid()}\n".encode())
        if launch.read_line(conn) != "go":  # (the client gave up waiting, and builds on its own)
            released.append(1)
            return
        conn.settimeout(None)
        from l10n import cache, cli

        cli.REPORTED.append(lambda status, config: _release(conn, status, config, released))
        cache.defer_saves()  # (the caches written once the client is gone: _release)
        code = _run(argv)
    finally:
        try:
            from l10n import cache

            cache.write_deferred()
        except Exception:  # (a cache that cannot be written is only a slower next build)
            pass
        if not released:
            try:
                conn.sendall(f"exit {code}\n".encode())
            except OSError:
                pass
        os._exit(code)


# /proc/self/limits's names of the resource limits
_LIMITS = {"Max cpu time": "RLIMIT_CPU", "Max file size": "RLIMIT_FSIZE", "Max data size": "RLIMIT_DATA",
           "Max stack size": "RLIMIT_STACK", "Max core file size": "RLIMIT_CORE", "Max resident set": "RLIMIT_RSS",
           "Max processes": "RLIMIT_NPROC", "Max open files": "RLIMIT_NOFILE", "Max locked memory": "RLIMIT_MEMLOCK",
           "Max address space": "RLIMIT_AS", "Max file locks": "RLIMIT_LOCKS", "Max pending signals": "RLIMIT_SIGPENDING",
           "Max msgqueue size": "RLIMIT_MSGQUEUE", "Max nice priority": "RLIMIT_NICE",
           "Max realtime priority": "RLIMIT_RTPRIO", "Max realtime timeout": "RLIMIT_RTTIME"}


def take_share(share: dict[str, Any]) -> bool:
    """In a forked build: take the client's share of the system (``launch.system_share``):
    its priority, CPUs, resource limits and control group. False where this process may
    not (a priority higher than the server's, a limit above its, a control group this user
    may not move into): the client then builds on its own."""
    mine = launch.system_share()
    try:
        if share.get("nice") != mine["nice"] and share.get("nice") is not None:
            os.setpriority(os.PRIO_PROCESS, 0, int(share["nice"]))
        if share.get("cpus") != mine["cpus"] and share.get("cpus") is not None:
            os.sched_setaffinity(0, [int(cpu) for cpu in share["cpus"]])
        if share.get("limits") != mine["limits"] and isinstance(share.get("limits"), bytes):
            _take_limits(share["limits"])
        if share.get("cgroup") != mine["cgroup"] and isinstance(share.get("cgroup"), bytes):
            _take_cgroup(share["cgroup"])
    except (OSError, ValueError, TypeError, AttributeError):
        return False
    return launch.system_share() == {**mine, **{k: share.get(k) for k in mine}}


def _take_limits(text: bytes) -> None:
    """Set the resource limits /proc/self/limits showed as ``text`` (lowering a limit, and
    raising a soft one up to its hard one, is every process's right)."""
    import resource

    def value(word: str) -> int:
        return resource.RLIM_INFINITY if word == "unlimited" else int(word)

    for line in text.decode("ascii").splitlines()[1:]:
        name = line[:26].strip()
        words = line[26:].split()
        if name in _LIMITS and len(words) >= 2 and hasattr(resource, _LIMITS[name]):
            wanted = (value(words[0]), value(words[1]))
            limit = getattr(resource, _LIMITS[name])
            if resource.getrlimit(limit) != wanted:
                resource.setrlimit(limit, wanted)


def _take_cgroup(text: bytes) -> None:
    """Move into the control group /proc/self/cgroup showed as ``text``: one of the unified
    hierarchy (cgroup v2: a terminal's scope under the user's systemd, which the user may
    move their processes into); anything else stays as it is (and the client builds)."""
    lines = text.decode("utf-8", "replace").splitlines()
    if len(lines) != 1 or not lines[0].startswith("0::/"):
        raise ValueError("not the unified hierarchy alone")
    mount = None
    with open("/proc/self/mounts", encoding="utf-8", errors="replace") as mounts:
        for line in mounts:
            fields = line.split()
            if len(fields) > 2 and fields[2] == "cgroup2":
                mount = fields[1]
                break
    if mount is None:
        raise ValueError("no cgroup2 mount")
    with open(os.path.join(mount, lines[0][4:], "cgroup.procs"), "w", encoding="ascii") as procs:
        procs.write(str(os.getpid()))


def _release(conn: socket.socket, code: int, config: Config, released: list[int]) -> None:
    """The build reported: its client ends with ``code`` now (the build goes on to save its
    stamp, saying nothing more: its streams are no longer the client's; a build that starts
    meanwhile waits for that stamp)."""
    from l10n.build import stamp

    stamp.saving(config)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(quiet, fd)
    os.close(quiet)
    try:
        conn.sendall(f"exit {code}\n".encode())
    except OSError:
        pass
    released.append(code)
    from l10n import cache

    cache.write_deferred()  # (while the build's writes settle before its stamp)


def _streams() -> None:
    """New standard streams on the client's descriptors, made as Python makes them at start
    (line-buffered output on a terminal)."""
    import io

    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    for name, fd, mode in (("stdin", 0, "r"), ("stdout", 1, "w"), ("stderr", 2, "w")):
        old = getattr(sys, f"__{name}__")
        encoding = getattr(old, "encoding", None) or "utf-8"
        errors = getattr(old, "errors", None) or "strict"
        raw = io.open(fd, mode + "b", buffering=0 if unbuffered and mode == "w" else -1, closefd=False)
        stream = io.TextIOWrapper(raw, encoding=encoding, errors=errors, write_through=unbuffered and mode == "w",
                                  line_buffering=(name == "stderr" or (name == "stdout" and os.isatty(fd))))
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _run(argv: list[str]) -> int:
    """``l10n ARGV`` as a process runs it: its exit code (what SystemExit carries)."""
    from l10n.cli import main

    try:
        main(argv, prog_name="l10n")
        status: object = 0
    except SystemExit as exc:
        status = exc.code
    except KeyboardInterrupt:
        status = 130
    except BaseException:  # as Python ends a process on an uncaught exception
        import traceback

        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    if status is None:
        return 0
    if isinstance(status, int):
        return status & 0xFF
    print(status, file=sys.stderr)
    return 1
