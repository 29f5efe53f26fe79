"""The agents and numbers of one pabot process, read from an agent sets file (``agents.dat``: one
``[section]`` per set, as PabotLib's ``--resourcefile``) without PabotLib's lock server, so
``pabot --no-pabotlib`` keeps the processes of one run apart on a shared gateway.

pabot gives every process of a run its own ``${PABOTQUEUEINDEX}`` (0, 1, 2, ...; one per suite, per test
with ``--testlevelsplit``, per group with ``--chunk`` or ``--ordering``), so the set at that position is
held by that process alone. ``${PABOTEXECUTIONPOOLID}`` would not do: pabot 5.2.2 hands it out round robin
per process started, so a process can get the number of one still running. Several pabot runs sharing
one gateway need the lock server (``${PABOTLIB_SERVER}``)."""

from __future__ import annotations

import configparser


def agent_set_for_process(path: str, index: int) -> dict[str, str]:
    """The set at position ``index`` (0-based, pabot's ``${PABOTQUEUEINDEX}``) of the sets file ``path``:
    its keys in lower case (as PabotLib's ``Get Value From Set`` takes them) and their values. Fails,
    naming the file and both counts, when the run has more processes than the file has sets."""
    parser = configparser.ConfigParser()  # PabotLib reads --resourcefile with configparser too
    if not parser.read(path, encoding="utf-8"):
        raise RuntimeError(f"agent sets file {path!r} cannot be read")
    sets = parser.sections()
    position = int(index)
    if not 0 <= position < len(sets):
        raise RuntimeError(
            f"pabot process {position + 1} needs agent set {position + 1}, but {path!r} has {len(sets)}: "
            f"list more sets, or run fewer processes (--chunk or --ordering groups: one per process)"
        )
    return {key: value for key, value in parser.items(sets[position]) if key != "tags"}
