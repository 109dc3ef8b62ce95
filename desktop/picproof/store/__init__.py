"""The store layer: SQLite databases (and PostgreSQL in clinic mode) and the evidence files.

Threading rule (the one rule for every database connection, also written in gui/jobs.py):

* A connection belongs to the thread that opened it and is never handed to another thread.
  ``db.ThreadConnections`` gives each thread its own connection to a store's file; no store opens
  a connection with ``check_same_thread=False`` and no store holds a lock around its connection.
* Writes run on one thread: in the GUI the write lane (``JobRunner.run(..., lane="write")``), in
  the CLI the main thread. SQLite's ``BEGIN IMMEDIATE`` with a 30 s busy timeout keeps a stray
  writer on another thread safe (it waits), not fast.
* Reads may run on any thread, each on its own connection: WAL gives every reader the last
  committed state without blocking the writer.
* A store's transaction is per thread: nested ``transaction()`` blocks on one thread join the
  outer one; two threads never share one.
"""
