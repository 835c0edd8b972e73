"""`make bench`: the load driver (run.py, Locust), its settings (config.py) and its report
(report.py). Outside the `kasane` package on purpose: Locust patches the process with gevent,
and the driver talks to Kasane over HTTP only (docs/performance.md)."""
