"""The ``l10n`` command's first step: a build goes to the workspace's build server when one
is up (``l10n.server``), every other command (and a build without a server) runs here.

Starting Python and importing what a build runs (click, Jinja2, the stages) takes about
0.2 s, more than building one changed article does. A build server is a process that
imported all of it once and stays up for a while (``L10N_BUILD_SERVER_IDLE`` seconds, 1800
by default); for each build it forks a process that runs the command exactly as this one
would (the same arguments, environment, working folder, standard input, output and error:
their descriptors are passed over the socket), and this process relays the signals it gets
(Ctrl+C; not those it was started ignoring, which the build ignores too) and ends with that
process's exit code. Only a process started as the server was is served (``fingerprint``),
and its build takes this process's share of the system (``system_share``) or does not run.
A client killed outright (SIGKILL) cannot pass that on: its build runs to its end. The first build of a workspace starts the
server once it is done (a socket of its own, see ``socket_path``); ``L10N_BUILD_SERVER=off`` (or a ``CI``
variable, unless ``L10N_BUILD_SERVER=on``) builds without one, and ``l10n server stop``
stops it.

This module imports as little as it can: it runs before every command.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # (not typing's: importing typing costs every build 11 ms; mypy reads it as true)
if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Any

# (one a user: a workspace several people build in has a server for each of them)
_UID = os.getuid() if hasattr(os, "getuid") else 0
LOCK_NAME = f"build-server-{_UID}.lock"
PROTOCOL = 2  # (2: marshal, not JSON)
# The environment a process's start reads (the encoding of its streams, its hash seed,
# where it imports from): a server serves only a client whose start read the same. (Not
# whether Python writes bytecode files, nor buffers its output: the forked build makes its
# streams as the client's variables say.)
_STARTUP_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_CTYPE")
_INDIFFERENT = ("PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED")


def main(argv: Sequence[str] | None = None) -> None:
    _standard_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    root = servable(args, os.environ)
    answered = False
    if root is not None:
        code, answered = _served(root, args)
        if code is not None:
            sys.exit(code)
    from l10n.cli import main as cli

    try:
        cli(args, prog_name="l10n")
    except SystemExit:
        if root is not None and not answered and autostarts(os.environ):
            start_server(root)
        raise


def _standard_streams() -> None:
    """A standard stream the command was started without (``l10n build >&-``): the null
    device in its place, so that what would be written there goes nowhere (Python leaves
    it None, and the first write would end the command with a traceback)."""
    for fd, name, mode in ((0, "stdin", "r"), (1, "stdout", "w"), (2, "stderr", "w")):
        if getattr(sys, name) is not None:
            continue
        try:
            os.fstat(fd)
        except OSError:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        stream = open(fd, mode, encoding="utf-8", errors="backslashreplace" if fd == 2 else "strict", closefd=False)
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def switch(environ: os._Environ[str] | dict[str, str]) -> str:
    """``on``, ``off`` or ``auto`` (the default: on, but not under CI)."""
    value = environ.get("L10N_BUILD_SERVER", "").strip().lower()
    if value in ("0", "off", "no", "false"):
        return "off"
    if value in ("1", "on", "yes", "true"):
        return "on"
    return "auto"


def idle_limit(environ: os._Environ[str] | dict[str, str]) -> float:
    """Seconds a server waits for a build before it stops (``L10N_BUILD_SERVER_IDLE``)."""
    try:
        return max(1.0, float(environ.get("L10N_BUILD_SERVER_IDLE", "1800")))
    except ValueError:
        return 1800.0


def autostarts(environ: os._Environ[str] | dict[str, str]) -> bool:
    """Whether a build that found no server starts one."""
    mode = switch(environ)
    return mode == "on" or (mode == "auto" and not environ.get("CI"))


def servable(args: Sequence[str], environ: os._Environ[str] | dict[str, str]) -> str | None:
    """The workspace root whose server may run ``l10n ARGS``, or None: only ``build``
    (not ``--watch``, which stays up itself, nor ``--ray``, which joins a cluster), and
    only options this module reads the same as the command does."""
    if not autostarts(environ):  # (off; or under CI, even with a server up: CI's builds are its own)
        return None
    workspace: str | None = None
    at = 0
    while at < len(args):
        arg = args[at]
        if arg in ("-C", "--workspace"):
            if at + 1 >= len(args):
                return None
            workspace = args[at + 1]
            at += 2
        elif arg.startswith("--workspace="):
            workspace, at = arg.split("=", 1)[1], at + 1
        elif arg.startswith("-C") and len(arg) > 2:
            workspace, at = arg[2:], at + 1
        else:
            break
    if at >= len(args) or args[at] != "build":
        return None
    for arg in args[at + 1:]:
        if arg == "--" or arg.startswith(("--watch", "--ray", "-h", "--help")):
            return None
    try:
        root = os.path.abspath(workspace) if workspace is not None else _find_root(os.getcwd())
    except OSError:
        return None
    return root


def _find_root(start: str) -> str | None:
    """The nearest folder at or above ``start`` whose pyproject.toml names [tool.l10n] (a
    quick look: the command itself finds its workspace as it always does, so a wrong guess
    here only means another server's socket, or none)."""
    folder = start
    while True:
        try:
            with open(os.path.join(folder, "pyproject.toml"), "rb") as file:
                if b"[tool.l10n" in file.read():
                    return folder
        except OSError:
            pass
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def socket_path(root: str) -> str | None:
    """The address of the server of the workspace at ``root``: a socket in Linux's abstract
    namespace (no file: nothing in the workspace that a copy, an archive or a sync would
    stumble on), named after the workspace's folder and the user; None where there can be
    none (not Linux, no state folder of the workspace's own yet)."""
    import stat

    if not sys.platform.startswith("linux"):
        return None
    state = os.path.join(root, ".l10n")
    try:
        if not stat.S_ISDIR(os.lstat(state).st_mode):
            return None
    except OSError:
        return None
    import hashlib

    digest = hashlib.blake2b(os.fsencode(os.path.realpath(root)), digest_size=16).hexdigest()
    return f"\0l10n-build-server/{digest}/{_UID}"


def fingerprint(environ: os._Environ[str] | dict[str, str]) -> str:
    """What a process's start depends on: the interpreter, its flags and options, where
    l10n is, and the environment it read at start. (What the system gives the process, its
    priority, CPUs, resource limits and control group, and its umask, are passed with each
    build, and the build takes them: ``system_share``.)"""
    here = os.path.dirname(os.path.abspath(__file__))
    variables = sorted((k, v) for k, v in environ.items()
                       if (k.startswith("PYTHON") and k not in _INDIFFERENT) or k in _STARTUP_VARIABLES)
    flags = [value for name, value in zip(_FLAG_NAMES, sys.flags) if name not in ("dont_write_bytecode",)]
    return repr((PROTOCOL, sys.executable, sys.version, flags, sys.warnoptions, sys._xoptions, here, variables))


def system_share() -> dict[str, object]:
    """What the system gives this process: its priority (``nice``), CPUs (``taskset``),
    resource limits (``ulimit``, as /proc/self/limits shows them) and control groups
    (``systemd-run``, as /proc/self/cgroup shows them); None where it cannot be read."""
    share: dict[str, object] = {"nice": None, "cpus": None, "limits": None, "cgroup": None}
    try:
        share["nice"] = os.getpriority(os.PRIO_PROCESS, 0)
    except (OSError, AttributeError):
        pass
    try:
        share["cpus"] = sorted(os.sched_getaffinity(0))
    except (OSError, AttributeError):
        pass
    for name in ("limits", "cgroup"):
        try:
            with open(f"/proc/self/{name}", "rb") as file:
                share[name] = file.read()
        except OSError:
            pass
    return share


_FLAG_NAMES = ("debug", "inspect", "interactive", "optimize", "dont_write_bytecode", "no_user_site", "no_site",
               "ignore_environment", "verbose", "bytes_warning", "quiet", "hash_randomization", "isolated",
               "dev_mode", "utf8_mode", "warn_default_encoding", "safe_path", "int_max_str_digits")


def _served(root: str, args: list[str]) -> tuple[int | None, bool]:
    """``l10n ARGS`` run by the server of ``root``: its exit code (None when no server
    took it), and whether a server answered (one of another start, or stopping, says no)."""
    path = socket_path(root)
    if path is None:
        return None, False
    try:
        for fd in (0, 1, 2):
            os.fstat(fd)
        cwd = os.open(".", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # a standard stream closed, or the working folder gone: as a process of its own
        return None, True
    conn = _socket()
    try:
        conn.settimeout(5)
        conn.connect(path)
    except OSError:
        conn.close()
        os.close(cwd)
        return None, False
    try:
        mask = os.umask(0o022)
        os.umask(mask)
        request = {"op": "build", "key": fingerprint(os.environ), "argv": args, "env": dict(os.environ), "umask": mask,
                   "ignored": _ignored_signals(), "share": system_share()}
        send(conn, request, [cwd, 0, 1, 2])
        reply = read_line(conn)
    except OSError:
        reply = ""
    finally:
        os.close(cwd)
    if not reply.startswith("run "):
        conn.close()
        # (one that stopped because l10n changed, or said nothing: the next one starts now;
        # `no share`: its build could not take this process's priority, limits or group)
        return None, reply not in ("no stale", "")
    try:  # (the build waits for this: a client that gave up meanwhile never has its command run twice)
        conn.sendall(b"go\n")
    except OSError:
        conn.close()
        return None, True
    conn.settimeout(None)
    try:
        return _relay(conn, int(reply.split()[1])), True
    finally:
        conn.close()


_FORWARDED = ("SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT")


def _ignored_signals() -> list[int]:
    """The signals this process was started ignoring (``nohup``, a shell's ``&``): the
    build ignores them too, and they are not passed on."""
    import _signal as signal  # type: ignore[import-not-found]

    return [getattr(signal, name) for name in _FORWARDED
            if hasattr(signal, name) and signal.getsignal(getattr(signal, name)) == signal.SIG_IGN]


def _relay(conn: object, pid: int) -> int:
    """Wait for the build process ``pid`` to end, passing it the signals this process gets."""
    import _signal as signal  # (the module without its enums: this runs before every build)

    got: list[int] = []

    def forward(signum: int, frame: object) -> None:
        got.append(signum)
        try:
            os.kill(pid, signum)
        except OSError:
            pass

    def stop(signum: int, frame: object) -> None:  # Ctrl+Z: the build stops with this process
        try:
            os.kill(pid, signal.SIGSTOP)
        except OSError:
            pass
        signal.signal(signal.SIGTSTP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGTSTP)  # (here until `fg` or `bg` continues it)
        signal.signal(signal.SIGTSTP, stop)
        try:
            os.kill(pid, signal.SIGCONT)
        except OSError:
            pass

    ignored = _ignored_signals()
    for name in _FORWARDED:
        if hasattr(signal, name) and getattr(signal, name) not in ignored:
            signal.signal(getattr(signal, name), forward)
    if hasattr(signal, "SIGTSTP"):
        signal.signal(signal.SIGTSTP, stop)
    try:
        reply = read_line(conn)
    except OSError:
        reply = ""
    if reply.startswith("exit "):
        return int(reply.split()[1])
    if got:  # it ended of a signal this process passed on: end of it too, as a process would
        signal.signal(got[-1], signal.SIG_DFL)
        os.kill(os.getpid(), got[-1])
    print("l10n: error: the build server's process ended without an exit code (run the build again; "
          "L10N_BUILD_SERVER=off builds without the server)", file=sys.stderr)
    return 1


def _socket() -> Any:
    """A Unix stream socket, made with the socket module's C part alone (its Python part
    imports enum and selectors: 6 ms before every build)."""
    import _socket

    return _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)


def send(conn: Any, message: Mapping[str, object], fds: Sequence[int] = ()) -> None:
    """``message`` (strings, numbers, lists and dicts of them, in marshal's format: built in,
    nothing to import) and the descriptors ``fds``, to a peer of the same user."""
    import _socket
    import marshal

    data = marshal.dumps(dict(message))
    payload = len(data).to_bytes(4, "big") + data
    rights = b"".join(fd.to_bytes(4, sys.byteorder, signed=True) for fd in fds)  # (C ints, as SCM_RIGHTS takes them)
    ancillary = [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, rights)] if fds else []
    sent = conn.sendmsg([payload], ancillary)  # (the descriptors go with the first bytes)
    if sent < len(payload):  # (a message larger than the socket's buffer: a large environment)
        conn.sendall(payload[sent:])


def read_line(conn: Any) -> str:
    """One line the server wrote ("" at the end of the connection)."""
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(1)
        if not chunk:
            return ""
        data += chunk
    return data.decode("ascii").strip()


def request(root: str, op: str, timeout: float = 5.0) -> str | None:
    """One question to the server of ``root`` (``ping``, ``stop``): its answer, or None
    when no server answers."""
    path = socket_path(root)
    if path is None:
        return None
    conn = _socket()
    try:
        conn.settimeout(timeout)
        conn.connect(path)
        send(conn, {"op": op, "key": fingerprint(os.environ)})
        return read_line(conn) or None
    except OSError:
        return None
    finally:
        conn.close()


def starting(root: str) -> bool:
    """Whether a server of ``root`` holds its lock (one starting, or stopping) though none
    answers."""
    import fcntl

    try:
        fd = os.open(os.path.join(root, ".l10n", LOCK_NAME), os.O_RDWR | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        return False
    except OSError:
        return True
    finally:
        os.close(fd)


def start_server(root: str) -> None:
    """Start the server of ``root`` in the background (it stops at once if one is up)."""
    if socket_path(root) is None or starting(root):  # (one on its way up: no second, and no second notice)
        return
    import subprocess

    # Python puts the folder it runs in first on the path of `-c` (as ''): the server's builds
    # run in their clients' folders, and would import a `yaml.py` found there. The path is
    # the interpreter's own, with the folder l10n is imported from.
    place = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = ("import sys; sys.path.pop(0); sys.argv[2] in sys.path or sys.path.append(sys.argv[2]); "
            "from l10n.server import serve; serve(sys.argv[1])")
    try:
        subprocess.Popen([sys.executable, "-c", code, root, place],
                         cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True, close_fds=True, env=_server_env())
    except OSError:
        return
    minutes = idle_limit(os.environ) / 60
    after = f"{minutes:.0f} minutes" if minutes >= 2 else f"{60 * minutes:.0f} seconds"
    print(f"l10n: a build server now keeps l10n loaded for this workspace's next builds (it stops after {after} "
          "without one; `l10n server stop` stops it now, L10N_BUILD_SERVER=off goes without)", file=sys.stderr)


def _server_env() -> dict[str, str]:
    """The server's environment: this process's, with l10n importable where it is found."""
    env = dict(os.environ)
    env.pop("CI", None)
    return env
