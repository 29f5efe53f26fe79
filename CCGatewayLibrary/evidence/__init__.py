"""Evidence for reviewers: the spec coverage of a run, recordings of a run to share, and the drift report
between two recordings. See the README section "Evidence for reviewers".

* ``LibraryEvidence``: the library's hooks (``library.py``); writes the coverage report beside log.html.
* ``Record``: a Robot listener writing a recording: ``robot --listener CCGatewayLibrary.evidence.Record suites``.
* ``ccgateway-evidence`` (``python -m CCGatewayLibrary.evidence``): the report and drift commands.
"""

from .library_hooks import LibraryEvidence
from .listener import Record

__all__ = ["LibraryEvidence", "Record"]
