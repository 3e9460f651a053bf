// The tables of the store, in SQL both SQLite and PostgreSQL take (SQLite reads BIGINT as INTEGER).
export const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS requests (
  id TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  status TEXT NOT NULL,
  owner TEXT NOT NULL,
  lease_until BIGINT NOT NULL,
  host TEXT NOT NULL,
  started_at BIGINT,
  created_at BIGINT NOT NULL,
  version BIGINT NOT NULL,
  data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS requests_status ON requests (status);
CREATE INDEX IF NOT EXISTS requests_rule_started ON requests (rule, started_at);
CREATE TABLE IF NOT EXISTS claims (
  rule TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  request_id TEXT NOT NULL,
  until BIGINT NOT NULL,
  PRIMARY KEY (rule, fingerprint)
);
CREATE TABLE IF NOT EXISTS decisions (
  request_id TEXT NOT NULL,
  who TEXT NOT NULL,
  decision TEXT NOT NULL,
  reason TEXT,
  at BIGINT NOT NULL,
  PRIMARY KEY (request_id, who)
);
`;
