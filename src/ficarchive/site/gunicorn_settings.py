"""Gunicorn settings for `ficarchive serve`: one search index per machine, not one per worker.

The application is loaded in the master (`preload_app`). Before each fork the master loads what
a worker's first request would load (`site.warm`: the URL configuration, every template), brings
its search index up to date, makes what queries would make on first use, and freezes it all out
of the garbage collector (`search.bitmaps.sync.work_index_share`). Every worker, first or
restarted, starts with that index in pages it shares with the master: nothing is rebuilt, and
only the changes logged since the fork are read.
"""

preload_app = True
worker_class = "sync"  # single-threaded workers: each answers one request at a time
timeout = 60
accesslog = "-"
# Gunicorn's control socket lives in one folder per user: two servers on a machine would share it.
control_socket_disable = True


def pre_fork(server, worker) -> None:
    from ficarchive.search.bitmaps.sync import work_index_share
    from ficarchive.site.warm import site_warm

    try:
        site_warm()
    except Exception:  # each worker then loads its own; never keep the server down
        server.log.exception("could not load the views and templates before forking")
    try:
        work_index_share()
    except Exception:  # a worker can still build its own index; never keep the server down
        server.log.exception("could not prepare the shared search index; workers build their own")
