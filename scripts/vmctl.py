#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Talk to a test guest over QEMU's two JSON sockets.

  vmctl.py qmp SOCK COMMAND [JSON-ARGS]     run a QMP command, print its return
            [--stamp]                       first print the time it was sent
                                            (epoch seconds, a line of its own)
  vmctl.py qga-wait SOCK [--timeout S]      wait until qemu-ga in the guest answers
  vmctl.py exec SOCK [--timeout S] -- ARGV  run ARGV in the guest with qemu-ga's
                                            guest-exec; print its stdout/stderr,
                                            exit with its exit code

Only the standard library, so the host needs nothing beyond python3.
"""

import argparse
import base64
import json
import socket
import sys
import time


class Channel:
    """A line-delimited JSON conversation on a unix socket."""

    def __init__(self, path, timeout):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(timeout)
        self.sock.connect(path)
        self.buf = b""

    def send(self, obj):
        self.sock.sendall(json.dumps(obj).encode() + b"\n")

    def recv(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise ConnectionError("socket closed")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        # qemu-ga prefixes the reply to guest-sync-delimited with 0xff
        line = line.lstrip(b"\xff").strip()
        return json.loads(line) if line else self.recv()

    def call(self, command, args=None):
        msg = {"execute": command}
        if args:
            msg["arguments"] = args
        self.send(msg)
        while True:
            reply = self.recv()
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                raise RuntimeError(f"{command}: {reply['error'].get('desc')}")
            # anything else is an asynchronous QMP event: skip it


def qmp(path, command, args, timeout=60, stamp=False):
    ch = Channel(path, timeout)
    ch.recv()  # greeting
    ch.call("qmp_capabilities")
    if stamp:
        # taken after the handshake, so it is the command's own send time
        print(f"{time.time():.6f}", flush=True)
    return ch.call(command, args)


def qga_sync(path, timeout):
    """Connect and resynchronise: stale replies from an earlier, interrupted
    client may still sit in the channel, so match our own sync id."""
    ch = Channel(path, timeout)
    token = int(time.time() * 1000) % 2**31
    ch.send({"execute": "guest-sync-delimited", "arguments": {"id": token}})
    while True:
        reply = ch.recv()
        if reply.get("return") == token:
            return ch


def qga_wait(path, timeout):
    end = time.monotonic() + timeout
    while True:
        try:
            qga_sync(path, 5)
            return 0
        except (OSError, ConnectionError, ValueError):
            if time.monotonic() > end:
                print(f"vmctl: no guest agent on {path} after {timeout}s",
                      file=sys.stderr)
                return 1
            time.sleep(1)


def guest_exec(path, argv, timeout):
    ch = qga_sync(path, timeout)
    pid = ch.call("guest-exec", {"path": argv[0], "arg": argv[1:],
                                 "capture-output": True})["pid"]
    end = time.monotonic() + timeout
    while True:
        st = ch.call("guest-exec-status", {"pid": pid})
        if st["exited"]:
            break
        if time.monotonic() > end:
            print(f"vmctl: {' '.join(argv)}: still running after {timeout}s",
                  file=sys.stderr)
            return 124
        time.sleep(0.05)
    sys.stdout.write(base64.b64decode(st.get("out-data", "")).decode(errors="replace"))
    sys.stderr.write(base64.b64decode(st.get("err-data", "")).decode(errors="replace"))
    return st.get("exitcode", 128 + st.get("signal", 0))


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("qmp")
    p.add_argument("sock")
    p.add_argument("command")
    p.add_argument("args", nargs="?", default="{}")
    p.add_argument("--stamp", action="store_true")
    p = sub.add_parser("qga-wait")
    p.add_argument("sock")
    p.add_argument("--timeout", type=float, default=300)
    p = sub.add_parser("exec")
    p.add_argument("sock")
    p.add_argument("--timeout", type=float, default=120)
    p.add_argument("argv", nargs="+")
    a = ap.parse_args()

    if a.cmd == "qmp":
        try:
            ret = qmp(a.sock, a.command, json.loads(a.args), stamp=a.stamp)
        except (OSError, RuntimeError) as e:
            print(f"vmctl: qmp {a.command}: {e}", file=sys.stderr)
            return 1
        print(json.dumps(ret))
        return 0
    if a.cmd == "qga-wait":
        return qga_wait(a.sock, a.timeout)
    try:
        return guest_exec(a.sock, a.argv, a.timeout)
    except (OSError, RuntimeError, ConnectionError) as e:
        print(f"vmctl: exec {' '.join(a.argv)}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
