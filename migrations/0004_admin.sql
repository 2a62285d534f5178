-- The admin area (src/worker/admin): holds, pauses and cancels of sending, and test sends.

-- An editor paused this announcement's fan-out (its unsent messages are left unclaimed, and
-- resuming queues them again), or cancelled it before it went out.
ALTER TABLE announcements ADD COLUMN paused_at INTEGER;
ALTER TABLE announcements ADD COLUMN cancelled_at INTEGER;

-- Summaries published on the web but held from mail by an editor (the button in /admin;
-- `mail: hold` in front matter is the other way): the cron announces none of them.
CREATE TABLE mail_holds (
  slug TEXT PRIMARY KEY,
  -- Unix milliseconds.
  at INTEGER NOT NULL
) WITHOUT ROWID;

-- Test sends, counted over the last hour for their site-wide limit. Never a delivery; no address kept.
CREATE TABLE test_sends (
  id INTEGER PRIMARY KEY,
  -- Which mail: summary:<slug>, daily, weekly, confirm, welcome.
  mail TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX test_sends_by_at ON test_sends (at);
