"""``Record``, the Robot Framework listener that writes a recording of the run (``recording.py``):

    robot --listener CCGatewayLibrary.evidence.Record suites                 # results/ccgateway.recording.json
    robot --listener CCGatewayLibrary.evidence.Record:lab.recording.json suites

A relative path is taken from the output directory, as Robot's own output files are; under pabot each
process writes its own file in its own output directory, and ``ccgateway-evidence drift`` reads them all
from the run's output directory."""

from __future__ import annotations

from pathlib import Path

from . import recording
from .collector import TestRun

RECORDERS: list[Record] = []  # the Record listeners of the running Robot process; the library feeds them


class Record:
    ROBOT_LISTENER_API_VERSION = 3

    def __init__(self, path: str = "ccgateway.recording.json"):
        self.path = path
        self.runs: list[TestRun] = []
        self.target = ""
        self.written: Path | None = None
        RECORDERS.append(self)

    def add(self, run: TestRun, target: str) -> None:
        self.runs.append(run)
        self.target = self.target or target

    def start_suite(self, data, result) -> None:
        if data.parent is None:
            from robot.libraries.BuiltIn import BuiltIn

            output_dir = BuiltIn().get_variable_value("${OUTPUT DIR}") or "."
            self.written = Path(output_dir) / self.path

    def end_suite(self, data, result) -> None:
        if data.parent is None and self.written is not None:
            recording.write(recording.build(self.runs, self.target), self.written)
            print(f"Recording:  {self.written}")

    def close(self) -> None:
        if self in RECORDERS:
            RECORDERS.remove(self)
