-- Sending (SPEC §4): one announcement per summary that went live, and one delivery per
-- (announcement, subscriber), each recorded before its mail is sent so that nothing is mailed twice.

-- One row per summary, ever, and one per digest run (slug `digest:<cadence>:<local date>`): the
-- unique slug makes overlapping cron runs record each once.
CREATE TABLE announcements (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  slug TEXT NOT NULL UNIQUE,
  -- JSON array of the summary's tags, as they were when it went live (the fan-out's topics).
  tags TEXT NOT NULL,
  -- 'baseline': live before sending was deployed, recorded by the first cron run and never sent;
  -- 'daily', 'weekly': a digest run, for the subscribers of that cadence.
  kind TEXT NOT NULL CHECK (kind IN ('summary', 'baseline', 'daily', 'weekly')),
  -- Unix milliseconds: the summary's published instant (a digest: its run), and when this row was made.
  live_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  -- Fan-out progress: the highest subscriber id queued so far (keyset), and when all were queued.
  cursor INTEGER NOT NULL DEFAULT 0,
  fanned_out_at INTEGER
);

-- The cron's question: which announcements still have subscribers to queue.
CREATE INDEX announcements_pending ON announcements (fanned_out_at, id);

CREATE TABLE deliveries (
  announcement_id INTEGER NOT NULL REFERENCES announcements (id),
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  -- sending: claimed, its mail handed to the provider (or lost in an invocation that died: never sent again);
  -- retry: the provider said "later"; sent; failed: refused for good (the address is suppressed).
  status TEXT NOT NULL CHECK (status IN ('sending', 'retry', 'sent', 'failed')),
  message_id TEXT,
  attempts INTEGER NOT NULL DEFAULT 1,
  created_at INTEGER NOT NULL,
  sent_at INTEGER,
  PRIMARY KEY (announcement_id, subscriber_id)
) WITHOUT ROWID;

-- Erase deletes a subscriber's deliveries through the cascade; this finds them.
CREATE INDEX deliveries_by_subscriber ON deliveries (subscriber_id);
