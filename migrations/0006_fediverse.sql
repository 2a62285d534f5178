-- Following from the Fediverse: the publication's followers (remote ActivityPub actors), what was
-- sent to them about each summary, and the store Fedify keeps its caches and idempotence keys in.

-- One row per remote actor that follows the publication; Undo(Follow) or Delete of the actor removes it.
CREATE TABLE followers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- The actor's id (an https: URL) and the id of its Follow, which an Undo names.
  actor TEXT NOT NULL UNIQUE,
  follow TEXT NOT NULL,
  inbox TEXT NOT NULL,
  -- The instance's shared inbox when it has one: deliveries go once per shared inbox.
  shared_inbox TEXT,
  created_at INTEGER NOT NULL
);

-- Each summary as the Fediverse was last told of it: created when it went live (its announcement),
-- updated when its `updated` changed (a correction), deleted when it left the archive. A row is
-- changed by a conditional statement before its activity is queued, so each goes out once.
CREATE TABLE fediverse_posts (
  slug TEXT PRIMARY KEY,
  -- The summary's `updated` (or `published`) the last activity carried.
  version TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  deleted_at INTEGER
) WITHOUT ROWID;

-- Fedify's key-value store (its KvStore on D1): remote keys and documents it caches, the ids of
-- activities it has processed (a replayed one is ignored). `expires_at` in Unix ms, or NULL.
CREATE TABLE fedify_kv (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires_at INTEGER
) WITHOUT ROWID;
