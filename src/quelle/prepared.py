"""Third-party data in a fast form, prepared once per user instead of parsed by every process.

py3langid ships its model as an LZMA-compressed npz (about a second to unpack) and
gender_guesser a 48,000-line text file (half a second to parse): a one-document command would
spend most of its time there. Each is built once from the installed package, exactly as the
package reads it, and kept as a pickle in the user's cache folder (``QUELLE_CACHE_DIR``, else
``$XDG_CACHE_HOME/quelle`` or ``~/.cache/quelle``), named after the source file's size and
modification time, so an upgraded package builds a new one. Nothing is downloaded; when the
folder is not writable the data is parsed as before. ``python -m quelle.prepared`` prepares
everything (for an install step or an image).
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 1  # bump when what a builder returns changes


def cache_dir() -> Path:
    explicit = os.environ.get("QUELLE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "quelle"


def prepared(name: str, source: Path, build: Callable[[], Any]) -> Any:
    """``build()``'s value, from the cache when it was prepared from this very ``source`` file."""
    try:
        stat = source.stat()
        path = cache_dir() / f"{name}-{FORMAT}-{stat.st_size}-{stat.st_mtime_ns}-py{sys.version_info[1]}.pickle"
    except OSError:
        return build()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ValueError):
        pass
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=f".{name}-", delete=False) as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(out.name, path)  # atomic: a concurrent reader sees the old state or the whole file
    except OSError:
        pass
    return value


def _array_folder(name: str, source: Path, build: Callable[[], dict[str, Any]]) -> dict[str, Any] | None:
    """Named numpy arrays kept as ``.npy`` files and opened memory-mapped: a process reads only the
    pages it touches (a 40 MB table costs nothing to open). None when the cache cannot be used."""
    import numpy as np

    try:
        stat = source.stat()
        folder = cache_dir() / f"{name}-{FORMAT}-{stat.st_size}-{stat.st_mtime_ns}"
        if not (folder / "complete").exists():
            arrays = build()
            folder.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{name}-"))
            for key, value in arrays.items():
                np.save(work / f"{key}.npy", value, allow_pickle=False)
            (work / "complete").write_text("")
            try:
                os.replace(work, folder)
            except OSError:  # another process was quicker
                for child in work.iterdir():
                    child.unlink()
                work.rmdir()
        return {f.stem: np.load(f, mmap_mode="r", allow_pickle=False) for f in folder.glob("*.npy")}
    except (OSError, ValueError):
        return None


def langid_model() -> tuple[Any, ...]:
    """py3langid's model as ``py3langid.modelio.load_model`` returns it: (nb_ptc, nb_pc, classes,
    tk_nextmove, tk_row, tk_output). The two large tables come memory-mapped; the DFA tables as
    memoryviews, which index to the same Python ints as the package's arrays."""
    import numpy as np
    from py3langid import langid
    from py3langid.modelio import load_model

    source = langid.MODEL_DIR / langid.MODEL_FILE

    def build() -> dict[str, Any]:
        ptc, pc, classes, nextmove, row, output = load_model(source)
        return {"ptc": ptc, "pc": pc, "classes": np.array(classes),
                "nextmove": np.frombuffer(nextmove, dtype=f"={nextmove.typecode}"),
                "row": np.frombuffer(row, dtype=f"={row.typecode}"), "output": np.asarray(output, dtype=np.int32)}

    arrays = _array_folder("py3langid-model", source, build)
    if arrays is None:
        return load_model(source)
    return (arrays["ptc"], np.array(arrays["pc"]), arrays["classes"].tolist(), _ints(arrays["nextmove"]),
            _ints(arrays["row"]), _ints(arrays["output"]))


def _ints(array: Any) -> memoryview:
    """A flat memoryview in the native format: indexing a view of the memory map directly goes
    through a slow generic path (25 times slower in the DFA walk), a view cast from bytes does not."""
    return memoryview(array).cast("B").cast(array.dtype.char)


def gender_table() -> dict[str, str]:
    """Lower-case first name -> gender_guesser's answer over all countries ("male", "andy", ...)."""
    import gender_guesser.detector as gd

    source = Path(gd.__file__).parent / "data" / "nam_dict.txt"

    def build() -> dict[str, str]:
        detector = gd.Detector(case_sensitive=False)
        return {name: detector.get_gender(name) for name in detector.names}

    return prepared("gender-guesser", source, build)


if __name__ == "__main__":
    langid_model()
    gender_table()
    print(f"prepared data in {cache_dir()}")
