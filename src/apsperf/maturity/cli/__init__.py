"""The command line: ``apsperf maturity`` assess, report, compare, samples and scale."""
