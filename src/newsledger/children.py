"""Child processes that end with the run that started them: a parse worker or a corpus catch-up left running after
its run was killed (``kill -9`` does not let the run stop them) would hold its memory, and a catch-up the ledger's
file, for good."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1  # <linux/prctl.h>


def die_with(parent: int) -> None:
    """Have the kernel kill this process when ``parent``, the process that started it, ends (Linux); exit now if
    it already has. Elsewhere only the second half holds."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:
        os._exit(1)
