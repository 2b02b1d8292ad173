#!/usr/bin/env python3
"""Run a command with getrandom(2) answering ENOSYS, as on Linux < 3.17 (e.g. 3.10 routers).

    cross/nogetrandom.py qemu-mipsel-static -strace target/cross/mipsel_24kc/ra6c --version

A seccomp filter (x86_64 host) makes getrandom fail with ENOSYS for the command and its
children; qemu-user passes a guest's getrandom to the host, so the guest sees ENOSYS too.
Everything else is allowed.
"""
import ctypes
import os
import struct
import sys

AUDIT_ARCH_X86_64 = 0xC000003E
NR_GETRANDOM_X86_64 = 318
ENOSYS = 38
SECCOMP_RET_ALLOW = 0x7FFF0000
SECCOMP_RET_ERRNO = 0x00050000
PR_SET_NO_NEW_PRIVS = 38
PR_SET_SECCOMP = 22
SECCOMP_MODE_FILTER = 2
BPF_LD_W_ABS = 0x20
BPF_JEQ_K = 0x15
BPF_RET_K = 0x06


def insn(code, jt, jf, k):
    return struct.pack("HBBI", code, jt, jf, k)


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    if os.uname().machine != "x86_64":
        sys.exit("nogetrandom.py: only for x86_64 hosts")
    prog = b"".join([
        insn(BPF_LD_W_ABS, 0, 0, 4),                        # seccomp_data.arch
        insn(BPF_JEQ_K, 0, 3, AUDIT_ARCH_X86_64),
        insn(BPF_LD_W_ABS, 0, 0, 0),                        # seccomp_data.nr
        insn(BPF_JEQ_K, 0, 1, NR_GETRANDOM_X86_64),
        insn(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS),
        insn(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
    ])
    buf = ctypes.create_string_buffer(prog, len(prog))
    fprog = struct.pack("HxxxxxxP", len(prog) // 8, ctypes.addressof(buf))
    fbuf = ctypes.create_string_buffer(fprog, len(fprog))
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int] + [ctypes.c_ulong] * 4
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        sys.exit("prctl(NO_NEW_PRIVS): %s" % os.strerror(ctypes.get_errno()))
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.addressof(fbuf), 0, 0) != 0:
        sys.exit("prctl(SECCOMP): %s" % os.strerror(ctypes.get_errno()))
    os.execvp(sys.argv[1], sys.argv[1:])


if __name__ == "__main__":
    main()
