"""Builds the keyword documentation from the library's docstrings:

* ``docs/CCGatewayLibrary.html``: for people (libdoc's HTML page);
* ``docs/CCGatewayLibrary.json``: the libdoc JSON spec, for editors such as RobotCode.

Run from the repository root after changing a keyword or the library's introduction:

    python docs/build.py

``tests/test_docs.py`` fails while the committed files are stale. Sources are written relative to the
repository and without line numbers, so the files change only when the documentation does.
"""

from __future__ import annotations

import inspect
import re
import sys
from pathlib import Path

from robot.libdocpkg import LibraryDocumentation

ROOT = Path(__file__).resolve().parent.parent
OUTPUTS = {"CCGatewayLibrary.html": "HTML", "CCGatewayLibrary.json": "JSON"}
_GENERATED = re.compile(r'"generated": ?"[^"]*"')


def build(outdir: Path = ROOT / "docs") -> list[Path]:
    """Write both files to ``outdir``; returns their paths."""
    doc = LibraryDocumentation("CCGatewayLibrary")
    # Where libdoc finds the library depends on the working directory (the package or its module): name
    # the class's module, as the keywords name theirs.
    from CCGatewayLibrary.library import CCGatewayLibrary

    doc.source, doc.lineno = _relative(inspect.getsourcefile(CCGatewayLibrary)), None
    for item in doc.inits:
        item.source, item.lineno = doc.source, None
    for item in doc.keywords:
        item.source, item.lineno = _relative(item.source), None
    doc.convert_docs_to_html()  # as libdoc does for HTML and for JSON specs
    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, output_format in OUTPUTS.items():
        path = outdir / name
        doc.save(str(path), output_format)
        paths.append(path)
    return paths


def without_timestamp(text: str) -> str:
    """The file's text without libdoc's generation time, to compare two builds."""
    return _GENERATED.sub('"generated": ""', text)


def _relative(source: str | None) -> str | None:
    """``CCGatewayLibrary/keywords/calls.py``, whether the package runs from this tree or is installed.

    Cut at the package's own folder (the last one so named) rather than relative to the imported
    package: under plain ``pytest`` a class can come from site-packages while the package is this tree."""
    if not source:
        return source
    parts = Path(source).as_posix().split("/")
    if "CCGatewayLibrary" not in parts:
        return parts[-1]
    start = len(parts) - 1 - parts[::-1].index("CCGatewayLibrary")
    return "/".join(parts[start:])


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    for written in build(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"):
        print(written)
