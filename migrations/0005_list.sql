-- The list's report, import and export: why an address is suppressed, and what became of each send.

-- Addresses we must never mail, and why: a permanent bounce or a complaint (SES), a refusal by the
-- provider, or an import whose source says the person left, bounced or complained. An import never
-- adds a subscriber whose address is here.
CREATE TABLE suppressions (
  -- The subscribers' address_key: the whole address lower-cased.
  address_key TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  -- 'unknown': suppressed before reasons were kept.
  reason TEXT NOT NULL CHECK (reason IN ('bounce', 'complaint', 'refused', 'unsubscribed', 'unknown')),
  -- ses, send, or the import's record ("import:mailchimp 2026-12-06 by ann@example.com").
  source TEXT NOT NULL,
  at INTEGER NOT NULL
) WITHOUT ROWID;

INSERT INTO suppressions (address_key, address, reason, source, at)
  SELECT address_key, address, 'unknown', 'before-reasons', updated_at FROM subscribers WHERE status = 'suppressed';

-- Erased subscribers, as the SHA-256 of their address key: an import does not bring them back,
-- and no address is kept.
CREATE TABLE erasures (
  key_hash TEXT PRIMARY KEY,
  at INTEGER NOT NULL
) WITHOUT ROWID;

-- Messages the fan-out queued for an announcement (a digest with nothing new is queued, then skipped).
ALTER TABLE announcements ADD COLUMN queued INTEGER NOT NULL DEFAULT 0;

-- What a delivered mail was followed by: SES's bounce or complaint about it, or its reader
-- unsubscribing while it was the last mail they had been sent.
ALTER TABLE deliveries ADD COLUMN feedback TEXT CHECK (feedback IN ('bounce', 'complaint', 'unsubscribe'));

-- SES names the mail it reports on by the message id the provider gave when it was sent.
CREATE INDEX deliveries_by_message ON deliveries (message_id) WHERE message_id IS NOT NULL;
