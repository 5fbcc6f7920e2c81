"""WeasyPrint loaded without searching for its C libraries under other platforms' names (weasyprint==70.0, pinned).

WeasyPrint opens each of its seven libraries by trying a list of names, those of Windows and macOS first
(`weasyprint.text.ffi._dlopen`: 'libgobject-2.0-0', 'gobject-2.0-0', 'gobject-2.0', then 'libgobject-2.0.so.0' …).
For each name the dynamic loader cannot open, cffi asks `ctypes.util.find_library`, which on Linux runs ldconfig, gcc
and ld: 54 processes, about half of `import weasyprint` (measured: 0.9–1.05 s → 0.47–0.7 s), in every process that
makes a PDF. On Linux the names that open are the sonames, which the loader opens directly, so `load_weasyprint`
imports WeasyPrint while a name the loader cannot open is taken as not there. Where that fails (a platform whose
libraries only `find_library` finds), it imports WeasyPrint as it is, without the banner WeasyPrint printed on the way.
"""
import ctypes.util
import io
import logging
import sys
import threading
from contextlib import contextmanager, redirect_stdout

logger = logging.getLogger(__name__)
_loading = threading.Lock()


def load_weasyprint() -> None:
    """Import WeasyPrint, once per process (tests/disclosure/test_weasyprint_libraries.py). For the moment of that
    import, `find_library` and stdout are the import's: one thread at a time loads (a threaded server's first PDFs)."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    with _loading:
        if "weasyprint.text.ffi" in sys.modules:  # loaded by the thread this one waited for
            return
        try:
            with _loader_names_only(), redirect_stdout(io.StringIO()):  # not its banner that a library is missing
                import weasyprint.text.ffi  # noqa: F401
        except OSError:
            logger.info("WeasyPrint's libraries not found by their sonames: looked for with ctypes.util.find_library")
            for name in [name for name in sys.modules if name.partition(".")[0] == "weasyprint"]:
                del sys.modules[name]  # the modules of the import that failed, whole or not
            import weasyprint.text.ffi  # noqa: F401


@contextmanager
def _loader_names_only():
    find_library = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = find_library
