"""The command line: ``apsperf ses`` and ``apsperf plan``."""
