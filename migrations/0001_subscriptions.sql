-- E-mail subscribers (SPEC §4): who asked for what, in which state, and when they agreed.
-- Applied by `npm start` and the tests locally, by `wrangler d1 migrations apply DB --remote` on deploy.

-- One row per address. AUTOINCREMENT: an erased subscriber's id is never handed out again,
-- so a token signed for it (tokens name the id) can never come back to life.
CREATE TABLE subscribers (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  -- As it will be written on mail: local part as the subscriber typed it, domain lower-case (IDN as punycode).
  address TEXT NOT NULL,
  -- Identity: the whole address lower-cased, so Ann@Example.COM and ann@example.com are one subscriber.
  address_key TEXT NOT NULL UNIQUE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed', 'suppressed')),
  cadence TEXT NOT NULL CHECK (cadence IN ('each', 'daily', 'weekly')),
  -- 1: every topic, including tags that do not exist yet; 0: only the rows of subscriber_topics.
  all_topics INTEGER NOT NULL CHECK (all_topics IN (0, 1)),
  -- Unix milliseconds.
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  confirmed_at INTEGER,
  unsubscribed_at INTEGER,
  -- Confirmation (and "your subscription") mails: the last one, and how many since day_start (at most 3 a day).
  last_mail_at INTEGER,
  mail_day_start INTEGER,
  mail_day_count INTEGER NOT NULL DEFAULT 0
);

-- Sending (fan-out) walks confirmed subscribers by id, keyset-paged: (status, all_topics, id).
CREATE INDEX subscribers_by_status ON subscribers (status, all_topics, id);

CREATE TABLE subscriber_topics (
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  topic TEXT NOT NULL,
  PRIMARY KEY (subscriber_id, topic)
) WITHOUT ROWID;

-- Who follows a topic, in id order (fan-out of one tag's summary).
CREATE INDEX subscriber_topics_by_topic ON subscriber_topics (topic, subscriber_id);

-- What the subscriber agreed to, when, and through which form (no IP address, no user agent).
CREATE TABLE consents (
  id INTEGER PRIMARY KEY,
  subscriber_id INTEGER NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  -- subscribe (asked), confirm (double opt-in done), preferences (topics or cadence changed), unsubscribe.
  action TEXT NOT NULL CHECK (action IN ('subscribe', 'confirm', 'preferences', 'unsubscribe')),
  -- subscribe-page, api, confirm-page, subscription-page, unsubscribe-page, one-click.
  source TEXT NOT NULL,
  wording TEXT NOT NULL,
  at INTEGER NOT NULL
);

CREATE INDEX consents_by_subscriber ON consents (subscriber_id, id);
