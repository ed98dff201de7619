"""Photos in MongoDB GridFS (bucket ``photos``): the cleaned picture and its thumbnail, with who sent
it, for which community, the issue it belongs to once a report names it, and where it was taken."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId
from gridfs import AsyncGridFSBucket
from pymongo.asynchronous.database import AsyncDatabase

from xiuhua_events import Transaction, clock
from xiuhua_intake.photos.images import Photo

BUCKET = "photos"
FILES = f"{BUCKET}.files"


def bucket(db: AsyncDatabase) -> AsyncGridFSBucket:
    return AsyncGridFSBucket(db, bucket_name=BUCKET)


def object_id(photo_id: str) -> ObjectId | None:
    try:
        return ObjectId(photo_id)
    except (InvalidId, TypeError):
        return None


async def save(db: AsyncDatabase, photo: Photo, *, owner: str, community: str | None) -> str:
    """Both files, or neither: a thumbnail that fails takes its picture with it."""
    files = bucket(db)
    meta: dict[str, Any] = {"owner": owner, "community": community, "issue_id": None, "source": photo.source,
                            "width": photo.width, "height": photo.height, "location": photo.location,
                            "uploaded_at": clock.now()}
    full = await files.upload_from_stream("photo.jpg", photo.full, metadata=meta | {"kind": "full"})
    try:
        await files.upload_from_stream_with_id(_thumb_id(full), "thumb.jpg", photo.thumb,
                                               metadata={"kind": "thumb", "of": full})
    except Exception:
        await files.delete(full)
        raise
    return str(full)


async def find(db: AsyncDatabase, photo_id: str) -> dict[str, Any] | None:
    oid = object_id(photo_id)
    return None if oid is None else await db[FILES].find_one({"_id": oid, "metadata.kind": "full"})


async def read(db: AsyncDatabase, doc: dict[str, Any], *, thumb: bool) -> bytes:
    stream = await bucket(db).open_download_stream(_thumb_id(doc["_id"]) if thumb else doc["_id"])
    return await stream.read()


async def unattached(db: AsyncDatabase, ids: list[str], *, owner: str) -> list[ObjectId] | None:
    """The ids as stored, if every one is the owner's and belongs to no report yet."""
    oids = [object_id(i) for i in ids]
    if any(o is None for o in oids):
        return None
    found = await db[FILES].count_documents({"_id": {"$in": oids}, "metadata.kind": "full",
                                             "metadata.owner": owner, "metadata.issue_id": None})
    return oids if found == len(set(oids)) else None


async def attach(tx: Transaction, oids: list[ObjectId], *, issue_id: str, community: str) -> None:
    """In the report's own transaction: its photos are its."""
    await tx.db[FILES].update_many({"_id": {"$in": oids}, "metadata.issue_id": None},
                                   {"$set": {"metadata.issue_id": issue_id, "metadata.community": community,
                                             "metadata.attached_at": clock.now()}}, session=tx.session)


def _thumb_id(full: ObjectId) -> str:
    return f"{full}-thumb"


def uploaded_at(doc: dict[str, Any]) -> datetime:
    return doc["metadata"]["uploaded_at"]
