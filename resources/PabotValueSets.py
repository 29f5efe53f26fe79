"""PabotLib's value-set keywords for ``agents.resource``: pabot's own library when pabot is installed, else
stand-ins that fail saying so. ``Use The Agents Of This Run`` imports it only under pabot, but a dry run
imports it (and checks the keywords) on any install, so ``robot --dryrun suites`` passes without pabot
(a plain ``pip install .``; pabot comes with ``pip install ".[pabot]"``)."""

try:
    from pabot.pabotlib import PabotLib as PabotValueSets  # what "Import Library  pabot.PabotLib" imports
except ModuleNotFoundError as missing:
    if missing.name != "pabot":  # pabot is installed but cannot be imported: say so, stand in for nothing
        raise

    class PabotValueSets:  # type: ignore[no-redef]
        """Stand-ins for PabotLib's value-set keywords, for a dry run without pabot installed."""

        ROBOT_LIBRARY_SCOPE = "GLOBAL"

        def acquire_value_set(self, *tags: str) -> str:
            raise _missing()

        def get_value_from_set(self, key: str) -> object:
            raise _missing()

        def release_value_set(self) -> None:
            raise _missing()


def _missing() -> RuntimeError:
    return RuntimeError("pabot's value sets need pabot: pip install robotframework-pabot")
