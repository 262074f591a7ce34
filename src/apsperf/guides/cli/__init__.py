"""The command line: ``apsperf guide``, ``apsperf template`` and ``apsperf pack``."""
