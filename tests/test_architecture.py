"""The structure of the code (docs/architecture.md): the app layers hold, no module imports itself round a cycle,
imports inside functions are only the few listed here with their reason, and views read what a page posts or asks
only through a form."""
import ast
import subprocess
import sys
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
APPS = ROOT / "apps"

# module → what it imports inside a function, and why that cannot be at the top
FUNCTION_LEVEL_IMPORTS = {
    # The Celery task module imports the job runner; the runner hands jobs to the task only when a broker is set.
    ("apps.jobs.services", "apps.jobs.tasks"),
    # WeasyPrint (Pango, fonts) loads in about a second: only what renders a PDF pays for it.
    ("apps.documents.rendering", "weasyprint.urls"),
    ("apps.documents.rendering", "apps.documents.weasyprint_fonts"),
    ("apps.documents.rendering", "apps.documents.weasyprint_styles"),
    # The one import of WeasyPrint that opens its libraries by their sonames (weasyprint_libraries.py).
    ("apps.documents.weasyprint_libraries", "weasyprint.text.ffi"),
    # The hooks into WeasyPrint's fonts load WeasyPrint: only the children that lay out a PDF import them.
    ("apps.documents.pdf_assembly", "apps.documents.weasyprint_fonts"),
    # pypdf loads in about 0.2 s: only the putting together of a PDF laid out by two processes pays for it.
    ("apps.documents.pdf_assembly", "pypdf"),
    ("apps.documents.pdf_assembly", "pypdf.generic"),
    # Django's way to register system checks: AppConfig.ready imports them once the models are loaded.
    ("apps.reports.apps", "apps.reports"),
}


def modules():
    for path in sorted(APPS.rglob("*.py")):
        if "migrations" not in path.parts:
            yield ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"), path


def function_level_imports():
    for module, path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom):
                        yield module, inner.module, inner.lineno
                    elif isinstance(inner, ast.Import):
                        yield from ((module, alias.name, inner.lineno) for alias in inner.names)


def test_imports_inside_functions_are_only_the_listed_ones():
    found = {(module, imported) for module, imported, _ in function_level_imports()}
    assert found == FUNCTION_LEVEL_IMPORTS, sorted(found ^ FUNCTION_LEVEL_IMPORTS)


def strongly_connected(graph, nodes):
    """Tarjan's algorithm: the groups of modules that import each other round a cycle (more than one module)."""
    index, low, stack, on_stack, groups, counter = {}, {}, [], set(), [], [0]
    sys.setrecursionlimit(10_000)

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in graph.find_modules_directly_imported_by(node):
            if target not in nodes:
                continue
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(nodes):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycle_between_modules():
    graph = grimp.build_graph("apps", cache_dir=None)
    nodes = {m for m in graph.modules if ".migrations" not in m}
    for module, imported in FUNCTION_LEVEL_IMPORTS:  # the listed imports are made at run time, on purpose
        if imported in graph.modules and graph.direct_import_exists(importer=module, imported=imported):
            graph.remove_import(importer=module, imported=imported)
    assert strongly_connected(graph, nodes) == []


def test_the_app_layers_hold():
    result = subprocess.run([str(Path(sys.executable).with_name("lint-imports")), "--no-cache"], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:]


REQUEST_DATA = {"POST", "GET", "FILES"}


def view_modules():
    for module, path in modules():
        if module.endswith(".views") or ".views." in module:
            yield module, path


def raw_request_reads(source: str) -> list[tuple[int, str]]:
    """(line, what) for every use of request.POST/GET/FILES other than handing it to a call (a form): no `.get()`,
    no `[…]`, no iteration, no comparison. `request.POST if … else None` and `request.POST or None` as an argument
    count as handing it over."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}
    found = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Attribute) and node.attr in REQUEST_DATA and isinstance(node.value, ast.Name)
                and node.value.id == "request"):
            continue
        parent, child = parents[node], node
        while isinstance(parent, (ast.IfExp, ast.BoolOp)) and child is not getattr(parent, "test", None):
            parent, child = parents[parent], parent
        if not (isinstance(parent, ast.Call) and child in parent.args
                or isinstance(parent, ast.keyword) and isinstance(parents[parent], ast.Call)):
            found.append((node.lineno, f"request.{node.attr}"))
    return found


def test_the_check_of_request_reads_sees_them():
    for code in ('request.POST.get("action")', 'x = request.GET["q"]', "for key in request.POST: pass",
                 '"v|1|a" in request.POST', "data = request.POST"):
        assert raw_request_reads(code), code
    assert raw_request_reads("Form(request.POST, request.FILES, files=request.FILES)\n"
                             "Form(request.POST if request.method == 'POST' else None)\nForm(request.POST or None)") == []


def test_views_read_request_data_only_through_a_form():
    found = {module: reads for module, path in view_modules()
             if (reads := raw_request_reads(path.read_text(encoding="utf-8")))}
    assert found == {}
