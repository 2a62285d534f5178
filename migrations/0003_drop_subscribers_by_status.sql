-- No query uses subscribers_by_status any more: the fan-out walks subscribers by id from its
-- cursor (NOT INDEXED, src/worker/sending/fanout.ts), which reads each row once, where this index
-- made every page re-read the whole list of confirmed subscribers. Each subscriber write kept it
-- up to date for nothing.
DROP INDEX IF EXISTS subscribers_by_status;
