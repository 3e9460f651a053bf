// The shared store of `runbook serve` on PostgreSQL (pg), for two or more servers behind one Alertmanager.
//
// Alertmanager in HA sends every notification to each server. Exactly one acts: the claim is one
// INSERT … ON CONFLICT … DO UPDATE … WHERE the previous claim ended, which PostgreSQL runs atomically per
// row, and each request has an owner whose lease the owner renews; a server whose lease ran out (it died)
// has its waiting requests taken over by another.
import type { Pool } from 'pg';
import { ACTIVE_STATUSES, columnsOf, decisionOf, requestOf, type Decision, type DecisionRow, type RequestStatus, type RunRequest, type Store } from './types.js';
import { SCHEMA_SQL } from './schema-sql.js';

type Row = { data: string; owner: string; lease_until: string; version: string };

export class PostgresStore implements Store {
  readonly kind = 'postgres';
  private pool: Pool | undefined;

  constructor(private readonly connectionString: string) {}

  async init(): Promise<void> {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: this.connectionString, max: 4 });
    // A broken idle connection must not crash the server: the next query reports it.
    pool.on('error', () => {});
    const client = await pool.connect();
    try {
      // Two servers starting at once would race on CREATE TABLE IF NOT EXISTS: one creates, the other waits.
      await client.query("SELECT pg_advisory_lock(hashtext('runbook-serve-schema'))");
      await client.query(SCHEMA_SQL);
      await client.query("SELECT pg_advisory_unlock(hashtext('runbook-serve-schema'))");
    } finally {
      client.release();
    }
    this.pool = pool;
  }

  private get p(): Pool {
    if (!this.pool) throw new Error('internal: the store is not open');
    return this.pool;
  }

  async close(): Promise<void> {
    await this.pool?.end();
    this.pool = undefined;
  }

  async claim(rule: string, fingerprint: string, requestId: string, now: number): Promise<boolean> {
    const result = await this.p.query(
      `INSERT INTO claims (rule, fingerprint, request_id, until) VALUES ($1, $2, $3, $4)
       ON CONFLICT (rule, fingerprint) DO UPDATE SET request_id = excluded.request_id, until = excluded.until WHERE claims.until <= $5`,
      [rule, fingerprint, requestId, Number.MAX_SAFE_INTEGER, now],
    );
    return result.rowCount === 1;
  }

  async endClaim(rule: string, fingerprint: string, requestId: string, until: number): Promise<void> {
    await this.p.query('UPDATE claims SET until = $1 WHERE rule = $2 AND fingerprint = $3 AND request_id = $4', [until, rule, fingerprint, requestId]);
  }

  async insert(request: RunRequest): Promise<void> {
    const c = columnsOf(request);
    await this.p.query(
      'INSERT INTO requests (id, rule, fingerprint, status, owner, lease_until, host, started_at, created_at, version, data) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)',
      [c.id, c.rule, c.fingerprint, c.status, c.owner, c.leaseUntil, c.host, c.startedAt, c.createdAt, c.version, c.data],
    );
  }

  async get(id: string): Promise<RunRequest | undefined> {
    const { rows } = await this.p.query<Row>('SELECT data, owner, lease_until, version FROM requests WHERE id = $1', [id]);
    return rows[0] ? requestOf(rows[0]) : undefined;
  }

  async list(filter: { statuses?: readonly RequestStatus[]; fingerprint?: string } = {}): Promise<RunRequest[]> {
    const where: string[] = [];
    const args: unknown[] = [];
    if (filter.statuses) {
      args.push([...filter.statuses]);
      where.push(`status = ANY($${args.length})`);
    }
    if (filter.fingerprint !== undefined) {
      args.push(filter.fingerprint);
      where.push(`fingerprint = $${args.length}`);
    }
    const sql = `SELECT data, owner, lease_until, version FROM requests ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at, id`;
    const { rows } = await this.p.query<Row>(sql, args);
    return rows.map(requestOf);
  }

  async update(request: RunRequest): Promise<number | undefined> {
    const c = columnsOf(request);
    const result = await this.p.query(
      'UPDATE requests SET status = $1, owner = $2, lease_until = $3, host = $4, started_at = $5, data = $6, version = version + 1 WHERE id = $7 AND version = $8',
      [c.status, c.owner, c.leaseUntil, c.host, c.startedAt, c.data, c.id, c.version],
    );
    return result.rowCount === 1 ? request.version + 1 : undefined;
  }

  async startRunning(request: RunRequest, max: number): Promise<number | undefined> {
    const c = columnsOf(request);
    const client = await this.p.connect();
    try {
      await client.query('BEGIN');
      // Two servers starting requests of one rule take turns: under READ COMMITTED the count after the lock sees
      // what the other committed; without it, both could count the same free slot.
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`runbook-serve-slot:${c.rule}`]);
      const result = await client.query(
        `UPDATE requests SET status = $1, owner = $2, lease_until = $3, host = $4, started_at = $5, data = $6, version = version + 1
         WHERE id = $7 AND version = $8 AND (SELECT count(*) FROM requests WHERE rule = $9 AND status = 'running') < $10`,
        [c.status, c.owner, c.leaseUntil, c.host, c.startedAt, c.data, c.id, c.version, c.rule, max],
      );
      await client.query('COMMIT');
      return result.rowCount === 1 ? request.version + 1 : undefined;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async decide(decision: Decision): Promise<boolean> {
    const result = await this.p.query(
      'INSERT INTO decisions (request_id, who, decision, reason, at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (request_id, who) DO NOTHING',
      [decision.requestId, decision.who, decision.decision, decision.reason ?? null, decision.at],
    );
    return result.rowCount === 1;
  }

  async decisions(requestId: string): Promise<Decision[]> {
    const { rows } = await this.p.query<DecisionRow>('SELECT request_id, who, decision, reason, at FROM decisions WHERE request_id = $1 ORDER BY at, who', [requestId]);
    return rows.map(decisionOf);
  }

  async countStarted(rule: string, since: number): Promise<number> {
    const { rows } = await this.p.query<{ n: string }>('SELECT count(*) AS n FROM requests WHERE rule = $1 AND started_at >= $2', [rule, since]);
    return Number(rows[0]?.n ?? 0);
  }

  async countRunning(rule: string): Promise<number> {
    const { rows } = await this.p.query<{ n: string }>("SELECT count(*) AS n FROM requests WHERE rule = $1 AND status = 'running'", [rule]);
    return Number(rows[0]?.n ?? 0);
  }

  async renew(owner: string, until: number): Promise<void> {
    await this.p.query('UPDATE requests SET lease_until = $1 WHERE owner = $2 AND status = ANY($3)', [until, owner, [...ACTIVE_STATUSES]]);
  }

  async takeOver(owner: string, host: string, now: number, until: number): Promise<string[]> {
    const { rows } = await this.p.query<{ id: string }>(
      `UPDATE requests SET owner = $1, lease_until = $2, version = version + 1
       WHERE owner <> $1 AND lease_until < $3 AND status IN ('pending', 'queued', 'running') AND (status <> 'running' OR host = $4) RETURNING id`,
      [owner, until, now, host],
    );
    return rows.map((r) => r.id);
  }
}
