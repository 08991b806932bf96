"""Files written whole or not at all: into a temporary file beside the target, flushed to
disk, then moved into place, so a full disk or a killed export leaves the old file (or
none), never a cut or empty one."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

from schemas.errors import StoreError

_UMASK = os.umask(0o022)
os.umask(_UMASK)


def write_atomic(path: Path, content: bytes | Callable[[IO[bytes]], None]) -> Path:
    """Write `content` (bytes, or a function writing into a binary file) to `path` through a
    temporary file in the same folder (created when missing) and return `path`; on any
    failure the temporary file goes and `path` is untouched (StoreError naming the file)."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as e:
        raise StoreError(f"{path}: không ghi được / cannot write it: {e.strerror or e}") from e
    try:
        os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; give it a file's usual mode
        with os.fdopen(fd, "wb") as f:
            if callable(content):
                content(f)
            else:
                f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise StoreError(f"{path}: không ghi được / cannot write it: {e.strerror or e}") from e
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
