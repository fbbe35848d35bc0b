"""The deadline-day load test (``make loadtest``): every commune of the 2025 national structure
logs in, fills its form criterion by criterion through the autosave endpoint, attaches one PDF
and submits, against gunicorn on PostgreSQL on this machine (loopback only). It stops by itself
when every simulated user has done its one form, then checks that everything the clients sent is
in the database and the evidence storage, and prints latency, throughput, errors and CPU use.

``scenario`` (what a user types) and ``client`` (HTTP) need no Django; ``prepare`` and ``verify``
run in a process whose Django points at the load-test database; ``server`` runs gunicorn.
"""
