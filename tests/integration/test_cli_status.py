"""`xiuhua status` tells the truth about the records in the databases: exact counts, not the
collection metadata that an unclean stop of MongoDB (or a transaction still open) leaves wrong."""

from __future__ import annotations

import re

from pymongo import MongoClient

from tests.support.servers import MONGO_URL, unique
from xiuhua_cli import inspect


def shown(line: str) -> dict[str, int]:
    return {name: int(n) for name, n in re.findall(r"(\w+) (\d+)", line.split("inbox", 1)[1])}


def test_status_counts_only_what_is_committed_right_after_inserts_and_deletes():
    name = unique("status").replace("-", "_")
    with MongoClient(MONGO_URL) as client:
        db = client[name]
        try:
            db.issues.insert_many([{"n": n} for n in range(10)])
            db.issues.delete_many({"n": {"$lt": 3}})
            db.outbox.insert_many([{"published_at": None}, {"published_at": None}, {"published_at": 1}])
            db.inbox.insert_one({"_id": "event-1"})
            with client.start_session() as session, session.start_transaction():
                # a writer in the middle of its transaction: not a record yet
                db.issues.insert_many([{"n": 100 + n} for n in range(5)], session=session)
                db.issues.delete_many({"n": {"$lt": 6}}, session=session)
                (line,) = inspect.databases(MONGO_URL, [name])
                session.abort_transaction()
            assert line.split()[0] == name
            assert re.search(r"outbox pending 2\s+inbox 1\s", line), line
            assert shown(line) == {"issues": 7}, line
        finally:
            client.drop_database(name)
