#!/usr/bin/python3
"""Runs a command under an approximation of wirewatch.service's sandbox, without systemd as PID 1.

    unshare -n systemd/sandbox-check.py [--user nobody] -- wirewatchd --inbox DIR --store FILE

Applies, before exec, what the unit's seccomp-based settings do:
  SystemCallFilter=@system-service  minus the ~@groups of the unit (read from the unit file)
  SystemCallArchitectures=native, RestrictAddressFamilies=AF_UNIX,
  MemoryDenyWriteExecute=yes (mmap W+X, mprotect/pkey_mprotect +X, shmat SHM_EXEC refused),
  NoNewPrivileges=yes; run it inside `unshare -n` for PrivateNetwork=yes.
The unit's ~@groups return EPERM (SystemCallErrorNumber=EPERM), but a call outside
@system-service altogether KILLS the process here (SIGSYS), so anything the daemon needs that no
service should shows up at once; find it with `strace -f`. Requires python3-seccomp (apt-get install python3-seccomp).
"""
import errno
import os
import re
import socket
import subprocess
import sys

import seccomp

HERE = os.path.dirname(os.path.abspath(__file__))


def expand(group, seen=None):
    """The syscall names of a systemd syscall group, nested groups expanded."""
    seen = seen if seen is not None else set()
    if group in seen:
        return set()
    seen.add(group)
    out = subprocess.run(["systemd-analyze", "syscall-filter", group], capture_output=True, text=True,
                         check=True).stdout
    names = set()
    for line in out.splitlines()[1:]:
        item = line.strip()
        if not item or item.startswith("#"):
            continue
        if item.startswith("@"):
            names |= expand(item, seen)
        else:
            names.add(item)
    return names


def unit_filter(unit):
    allow, deny = set(), set()
    for line in open(unit):
        m = re.match(r"SystemCallFilter=(~?)(.*)", line.strip())
        if not m:
            continue
        for item in m.group(2).split():
            names = expand(item) if item.startswith("@") else {item}
            (deny if m.group(1) else allow).update(names)
    return allow - deny, deny


def main():
    args = sys.argv[1:]
    user = None
    unit = os.path.join(HERE, "wirewatch.service")
    while args and args[0] != "--":
        if args[0] == "--user":
            user, args = args[1], args[2:]
        elif args[0] == "--unit":
            unit, args = args[1], args[2:]
        else:
            sys.exit(__doc__)
    command = args[1:]
    if not command:
        sys.exit(__doc__)
    allow, deny = unit_filter(unit)
    if user:
        import pwd
        entry = pwd.getpwnam(user)
        os.setgroups([])
        os.setgid(entry.pw_gid)
        os.setuid(entry.pw_uid)
    f = seccomp.SyscallFilter(defaction=seccomp.KILL_PROCESS)
    for name in sorted(allow):
        try:
            if name in ("mmap", "mprotect", "pkey_mprotect", "shmat", "socket"):
                continue
            f.add_rule(seccomp.ALLOW, name)
        except (RuntimeError, ValueError, OSError):
            pass  # not a syscall on this architecture
    prot_wx = 0x2 | 0x4  # PROT_WRITE | PROT_EXEC
    f.add_rule(seccomp.ALLOW, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, prot_wx, 0))
    f.add_rule(seccomp.ALLOW, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, prot_wx, 0x2))
    f.add_rule(seccomp.ALLOW, "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, prot_wx, 0x4))
    f.add_rule(seccomp.ERRNO(errno.EPERM), "mmap", seccomp.Arg(2, seccomp.MASKED_EQ, prot_wx, prot_wx))
    for name in ("mprotect", "pkey_mprotect"):
        f.add_rule(seccomp.ALLOW, name, seccomp.Arg(2, seccomp.MASKED_EQ, 0x4, 0))
        f.add_rule(seccomp.ERRNO(errno.EPERM), name, seccomp.Arg(2, seccomp.MASKED_EQ, 0x4, 0x4))
    f.add_rule(seccomp.ALLOW, "shmat", seccomp.Arg(2, seccomp.MASKED_EQ, 0o100000, 0))
    # The unit's ~@groups get EPERM, as SystemCallErrorNumber=EPERM makes systemd do.
    for name in sorted(deny - {"mmap", "mprotect", "pkey_mprotect", "shmat", "socket"}):
        try:
            f.add_rule(seccomp.ERRNO(errno.EPERM), name)
        except (RuntimeError, ValueError, OSError):
            pass
    f.add_rule(seccomp.ALLOW, "socket", seccomp.Arg(0, seccomp.EQ, socket.AF_UNIX))
    f.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.NE, socket.AF_UNIX))
    f.set_attr(seccomp.Attr.CTL_NNP, 1)
    f.load()
    os.execvp(command[0], command)


if __name__ == "__main__":
    main()
