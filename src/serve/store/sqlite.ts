// The embedded store of `runbook serve`: one SQLite file (better-sqlite3), for a single server.
import { dirname } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { ACTIVE_STATUSES, columnsOf, decisionOf, requestOf, type Decision, type DecisionRow, type RequestStatus, type RunRequest, type Store } from './types.js';
import { SCHEMA_SQL } from './schema-sql.js';
import { makeDirs } from '../../engine/run/fs-errors.js';

type Db = BetterSqlite3.Database;
type Row = { data: string; owner: string; lease_until: number; version: number };

export class SqliteStore implements Store {
  readonly kind = 'sqlite';
  private db: Db | undefined;

  constructor(private readonly path: string) {}

  async init(): Promise<void> {
    const { default: Database } = await import('better-sqlite3');
    if (this.path !== ':memory:') makeDirs(dirname(this.path));
    const db = new Database(this.path);
    // WAL: readers (runbook pending through the API) never wait for the writer; FULL: a restart loses nothing acknowledged.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    db.exec(SCHEMA_SQL.replaceAll('BIGINT', 'INTEGER'));
    this.db = db;
  }

  private get d(): Db {
    if (!this.db) throw new Error('internal: the store is not open');
    return this.db;
  }

  async close(): Promise<void> {
    this.db?.close();
    this.db = undefined;
  }

  async claim(rule: string, fingerprint: string, requestId: string, now: number): Promise<boolean> {
    const info = this.d
      .prepare(
        `INSERT INTO claims (rule, fingerprint, request_id, until) VALUES (?, ?, ?, ?)
         ON CONFLICT (rule, fingerprint) DO UPDATE SET request_id = excluded.request_id, until = excluded.until WHERE claims.until <= ?`,
      )
      .run(rule, fingerprint, requestId, Number.MAX_SAFE_INTEGER, now);
    return info.changes === 1;
  }

  async endClaim(rule: string, fingerprint: string, requestId: string, until: number): Promise<void> {
    this.d.prepare('UPDATE claims SET until = ? WHERE rule = ? AND fingerprint = ? AND request_id = ?').run(until, rule, fingerprint, requestId);
  }

  async insert(request: RunRequest): Promise<void> {
    const c = columnsOf(request);
    this.d
      .prepare('INSERT INTO requests (id, rule, fingerprint, status, owner, lease_until, host, started_at, created_at, version, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      .run(c.id, c.rule, c.fingerprint, c.status, c.owner, c.leaseUntil, c.host, c.startedAt, c.createdAt, c.version, c.data);
  }

  async get(id: string): Promise<RunRequest | undefined> {
    const row = this.d.prepare('SELECT data, owner, lease_until, version FROM requests WHERE id = ?').get(id) as Row | undefined;
    return row ? requestOf(row) : undefined;
  }

  async list(filter: { statuses?: readonly RequestStatus[]; fingerprint?: string } = {}): Promise<RunRequest[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.statuses) {
      where.push(`status IN (${filter.statuses.map(() => '?').join(', ') || "''"})`);
      args.push(...filter.statuses);
    }
    if (filter.fingerprint !== undefined) {
      where.push('fingerprint = ?');
      args.push(filter.fingerprint);
    }
    const sql = `SELECT data, owner, lease_until, version FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    return (this.d.prepare(sql).all(...args) as Row[]).map(requestOf);
  }

  async update(request: RunRequest): Promise<number | undefined> {
    const c = columnsOf(request);
    const info = this.d
      .prepare('UPDATE requests SET status = ?, owner = ?, lease_until = ?, host = ?, started_at = ?, data = ?, version = version + 1 WHERE id = ? AND version = ?')
      .run(c.status, c.owner, c.leaseUntil, c.host, c.startedAt, c.data, c.id, c.version);
    return info.changes === 1 ? request.version + 1 : undefined;
  }

  async startRunning(request: RunRequest, max: number): Promise<number | undefined> {
    const c = columnsOf(request);
    // One statement: SQLite runs it under its write lock, so the count cannot change between the check and the change.
    const info = this.d
      .prepare(
        `UPDATE requests SET status = ?, owner = ?, lease_until = ?, host = ?, started_at = ?, data = ?, version = version + 1
         WHERE id = ? AND version = ? AND (SELECT count(*) FROM requests WHERE rule = ? AND status = 'running') < ?`,
      )
      .run(c.status, c.owner, c.leaseUntil, c.host, c.startedAt, c.data, c.id, c.version, c.rule, max);
    return info.changes === 1 ? request.version + 1 : undefined;
  }

  async decide(decision: Decision): Promise<boolean> {
    const info = this.d
      .prepare('INSERT INTO decisions (request_id, who, decision, reason, at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (request_id, who) DO NOTHING')
      .run(decision.requestId, decision.who, decision.decision, decision.reason ?? null, decision.at);
    return info.changes === 1;
  }

  async decisions(requestId: string): Promise<Decision[]> {
    const rows = this.d.prepare('SELECT request_id, who, decision, reason, at FROM decisions WHERE request_id = ? ORDER BY at, who').all(requestId) as DecisionRow[];
    return rows.map(decisionOf);
  }

  async countStarted(rule: string, since: number): Promise<number> {
    return (this.d.prepare('SELECT count(*) AS n FROM requests WHERE rule = ? AND started_at >= ?').get(rule, since) as { n: number }).n;
  }

  async countRunning(rule: string): Promise<number> {
    return (this.d.prepare("SELECT count(*) AS n FROM requests WHERE rule = ? AND status = 'running'").get(rule) as { n: number }).n;
  }

  async renew(owner: string, until: number): Promise<void> {
    this.d.prepare(`UPDATE requests SET lease_until = ? WHERE owner = ? AND status IN (${ACTIVE_STATUSES.map(() => '?').join(', ')})`).run(until, owner, ...ACTIVE_STATUSES);
  }

  async takeOver(owner: string, host: string, now: number, until: number): Promise<string[]> {
    const rows = this.d
      .prepare(
        `UPDATE requests SET owner = ?, lease_until = ?, version = version + 1
         WHERE owner <> ? AND lease_until < ? AND status IN ('pending', 'queued', 'running') AND (status <> 'running' OR host = ?) RETURNING id`,
      )
      .all(owner, until, owner, now, host) as { id: string }[];
    return rows.map((r) => r.id);
  }
}
