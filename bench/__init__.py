"""The benchmark suite: `python -m bench` builds a large world and times pages against /healthz."""
