"""WeasyPrint is loaded without ctypes.util.find_library's search for names the dynamic loader cannot open
(weasyprint_libraries.py), with the same libraries; and as it is where its libraries open only through that search.
Each case runs in a new process: this one has long loaded WeasyPrint."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

LOADED = """
import ctypes.util
searched = []
find_library = ctypes.util.find_library
ctypes.util.find_library = lambda name: searched.append(name) or find_library(name)
{setup}
from apps.documents.weasyprint_libraries import load_weasyprint
load_weasyprint()
from weasyprint.text import ffi
loaded = [ffi.gobject, ffi.pango, ffi.harfbuzz, ffi.harfbuzz_subset, ffi.fontconfig, ffi.pangoft2]
print(len(searched), all(library is not None for library in loaded))
"""


def load(setup: str = "") -> str:
    done = subprocess.run([sys.executable, "-c", LOADED.format(setup=setup)], cwd=ROOT, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_weasyprint_loads_its_libraries_without_searching_for_other_names():
    assert load() == "0 True"


def test_where_only_the_search_finds_its_libraries_weasyprint_loads_with_it():
    """A loader that opens nothing by name (as on a platform whose libraries are not on its path) until
    find_library gives their paths."""
    by_path_only = """
import subprocess
import _cffi_backend
open_library = _cffi_backend.load_library
def loader(name, *args):
    if "/" not in str(name):
        raise OSError(f"cannot open {name}")
    return open_library(name, *args)
_cffi_backend.load_library = loader
paths = dict(line.strip().split(" => ") for line in
             subprocess.run(["ldconfig", "-p"], capture_output=True, text=True).stdout.splitlines() if " => " in line)
def path_of(name):
    found = find_library(name)
    return next((path for entry, path in paths.items() if entry.startswith(f"{found} ")), None) if found else None
ctypes.util.find_library = lambda name: searched.append(name) or path_of(name)
"""
    searched, loaded = load(by_path_only).split()
    assert int(searched) > 0 and loaded == "True"


def test_two_threads_loading_at_once_leave_the_search_as_it_was():
    """A threaded server's first two PDFs at once: one thread loads, the other waits; find_library is given back."""
    concurrent = """
import threading
from apps.documents import weasyprint_libraries
started = threading.Barrier(2)
def first_pdf():
    started.wait()
    weasyprint_libraries.load_weasyprint()
threads = [threading.Thread(target=first_pdf) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert ctypes.util.find_library("c") is not None and searched == ["c"], searched
searched.clear()
"""
    assert load(concurrent) == "0 True"
