"""Gunicorn settings for the portal (gunicorn -c gunicorn.conf.py portal.wsgi); tuned through the environment."""

import gc
import os

# PORT is what most platforms hand a container; the image and docker-compose.yml use the default.
bind = f"0.0.0.0:{os.environ.get('PORT', '8000')}"

# Django views are synchronous and mostly wait on the database: the classic 2 × cores + 1 sync workers.
# os.cpu_count() sees the host's cores, not a container's CPU quota, hence the cap; WEB_CONCURRENCY overrides.
workers = int(os.environ.get("WEB_CONCURRENCY") or min(2 * (os.cpu_count() or 1) + 1, 8))
threads = 1

# The portal is loaded and warmed once in the master (portal/lib/warmup.py), and each worker is a fork of it: a new
# or recycled worker serves at full speed from its first request and shares the master's memory pages. A code
# change therefore needs a restart of gunicorn, not a HUP (containers restart anyway).
preload_app = True


def when_ready(server):
    from portal.lib.warmup import warm_up
    from portal.wsgi import application

    warm_up(application)
    # What the master built is left alone by the garbage collector from now on: the forked workers then do not
    # copy those pages of memory just by scanning them.
    gc.freeze()


# The worker heartbeat file lives in memory: a container's disk-backed /tmp can stall it and get healthy
# workers killed. Outside Linux (a laptop running gunicorn by hand) there is no /dev/shm: use the default.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None  # noqa: S108 - gunicorn's heartbeat file in memory, not a temporary file

# Logs go to stdout/stderr, where the container runtime collects them.
accesslog = "-"
errorlog = "-"

# A request that takes longer than 30 s is stuck; on deploys, finishing requests get as long to complete.
timeout = 30
graceful_timeout = 30

# Recycle workers now and then so a slow leak cannot grow without bound; the jitter keeps them from all
# restarting at the same moment. Not more often: a worker that exits and its fork cost far more than a request
# (measured with `manage.py bench`: at 1,000 the reference page served 1,200 instead of 1,600 requests/s under
# full load, with a p99 of 700 instead of 21 ms, as each worker was replaced every few seconds).
max_requests = 10000
max_requests_jitter = 1000

# Which proxies may tell gunicorn the original scheme (X-Forwarded-Proto). Django reads that header itself
# (USE_X_FORWARDED_PROTO); docker-compose.yml sets "*" because only its nginx can reach the app there.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# The directory's filters are GET parameters: a long shared link (many ticked topics and towns) must reach Django,
# which reads what it can and notes the rest, instead of gunicorn's 400 at 4 kB. 8190 is gunicorn's maximum.
limit_request_line = 8190
