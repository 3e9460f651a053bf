// The store of runbook serve: one suite, run against SQLite and against a real PostgreSQL.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../src/serve/store/sqlite.js';
import { PostgresStore } from '../../src/serve/store/postgres.js';
import type { RunRequest, Store } from '../../src/serve/store/types.js';
import { startPostgres, type Postgres } from '../helpers/postgres.js';
import { tempDir } from '../helpers/temp-dir.js';

let pg: Postgres;
let databases = 0;
beforeAll(async () => {
  pg = await startPostgres();
}, 60_000);
afterAll(async () => {
  await pg?.stop();
});

function request(id: string, patch: Partial<RunRequest> = {}): RunRequest {
  return {
    id,
    rule: 'service-down',
    fingerprint: 'f1',
    alertname: 'ServiceDown',
    labels: { alertname: 'ServiceDown', service: 'recommendation-api' },
    annotations: {},
    alertStartsAt: '2026-12-07T00:00:00Z',
    playbook: '/p/service-restart.yaml',
    playbookName: 'service-restart',
    risk: 'medium',
    params: { service: 'recommendation-api' },
    needsApproval: false,
    approval: { users: [], groups: [], minApprovals: 1 },
    planSummary: '',
    status: 'queued',
    requestedBy: 'alertmanager',
    createdAt: 1000,
    owner: 'a',
    leaseUntil: 5000,
    host: 'h1',
    version: 0,
    ...patch,
  };
}

const kinds: [string, () => Promise<Store>][] = [
  ['sqlite', async () => new SqliteStore(join(tempDir(), 'state.db'))],
  ['postgres', async () => new PostgresStore(await pg.database(`t${++databases}`))],
];

describe.each(kinds)('%s store', (_kind, make) => {
  async function open(): Promise<Store> {
    const store = await make();
    await store.init();
    return store;
  }

  it('claims an alert once per cooldown: a second claim fails until the first ends, then succeeds', async () => {
    const store = await open();
    try {
      expect(await store.claim('r', 'f1', 'q1', 1000)).toBe(true);
      expect(await store.claim('r', 'f1', 'q2', 2000)).toBe(false);
      expect(await store.claim('r', 'f2', 'q3', 2000)).toBe(true); // another alert
      expect(await store.claim('other', 'f1', 'q4', 2000)).toBe(true); // another rule
      await store.endClaim('r', 'f1', 'q1', 10_000); // ended at 4000 with a 6000 ms cooldown
      expect(await store.claim('r', 'f1', 'q5', 9_999)).toBe(false);
      expect(await store.claim('r', 'f1', 'q6', 10_000)).toBe(true);
      // An old request cannot end the claim of the new one.
      await store.endClaim('r', 'f1', 'q1', 0);
      expect(await store.claim('r', 'f1', 'q7', 20_000)).toBe(false);
    } finally {
      await store.close();
    }
  });

  it('claims made at once for one alert: exactly one wins', async () => {
    const store = await open();
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => store.claim('r', 'race', `q${i}`, 1000)));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });

  it('keeps requests across a reopen, updates them only at the version read, and lists them by status', async () => {
    const store = await make();
    await store.init();
    await store.insert(request('q1', { status: 'pending', createdAt: 1 }));
    await store.insert(request('q2', { status: 'queued', createdAt: 2 }));
    await store.close();

    const again = store;
    await again.init();
    try {
      const q1 = (await again.get('q1'))!;
      expect(q1).toMatchObject({ id: 'q1', status: 'pending', labels: { service: 'recommendation-api' }, version: 0 });
      expect(await again.update({ ...q1, status: 'queued' })).toBe(1);
      // A writer that read version 0 lost: nothing changes.
      expect(await again.update({ ...q1, status: 'denied' })).toBeUndefined();
      expect((await again.get('q1'))!.status).toBe('queued');
      expect((await again.list({ statuses: ['queued'] })).map((r) => r.id)).toEqual(['q1', 'q2']);
      expect(await again.list({ statuses: ['pending'] })).toEqual([]);
      expect(await again.get('nope')).toBeUndefined();
    } finally {
      await again.close();
    }
  });

  it('records one decision per operator and request', async () => {
    const store = await open();
    try {
      await store.insert(request('q1', { status: 'pending' }));
      expect(await store.decide({ requestId: 'q1', who: 'alice', decision: 'approve', at: 5 })).toBe(true);
      expect(await store.decide({ requestId: 'q1', who: 'alice', decision: 'deny', reason: 'changed my mind', at: 6 })).toBe(false);
      expect(await store.decide({ requestId: 'q1', who: 'bob', decision: 'deny', reason: 'not now', at: 7 })).toBe(true);
      expect(await store.decisions('q1')).toEqual([
        { requestId: 'q1', who: 'alice', decision: 'approve', at: 5 },
        { requestId: 'q1', who: 'bob', decision: 'deny', reason: 'not now', at: 7 },
      ]);
    } finally {
      await store.close();
    }
  });

  it('counts runs started in a window and runs going on, per rule', async () => {
    const store = await open();
    try {
      await store.insert(request('q1', { status: 'finished', startedAt: 1000 }));
      await store.insert(request('q2', { status: 'running', startedAt: 5000 }));
      await store.insert(request('q3', { status: 'running', startedAt: 6000, rule: 'other' }));
      await store.insert(request('q4', { status: 'queued' }));
      expect(await store.countStarted('service-down', 2000)).toBe(1);
      expect(await store.countStarted('service-down', 0)).toBe(2);
      expect(await store.countRunning('service-down')).toBe(1);
    } finally {
      await store.close();
    }
  });

  it('starts a request only while its rule has a free slot, and only at the version read', async () => {
    const store = await open();
    try {
      await store.insert(request('q1'));
      await store.insert(request('q2'));
      await store.insert(request('q3', { rule: 'other' }));
      const start = (r: RunRequest) => ({ ...r, status: 'running' as const, startedAt: 7000 });
      expect(await store.startRunning(start((await store.get('q1'))!), 1)).toBe(1);
      // The rule's one slot is taken: q2 waits, queued; another rule is not held up.
      expect(await store.startRunning(start((await store.get('q2'))!), 1)).toBeUndefined();
      expect((await store.get('q2'))!.status).toBe('queued');
      expect(await store.startRunning(start((await store.get('q3'))!), 1)).toBe(1);
      expect(await store.startRunning(start((await store.get('q2'))!), 2)).toBe(1);
      expect(await store.startRunning(start({ ...(await store.get('q1'))!, version: 0 }), 5)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('renews the leases of its owner, and another server takes over requests whose lease ran out (running ones only on their host)', async () => {
    const store = await open();
    try {
      await store.insert(request('q1', { status: 'pending', owner: 'a', leaseUntil: 1000 }));
      await store.insert(request('q2', { status: 'running', owner: 'a', leaseUntil: 1000, host: 'h1' }));
      await store.insert(request('q3', { status: 'running', owner: 'a', leaseUntil: 1000, host: 'h2' }));
      await store.insert(request('q4', { status: 'finished', owner: 'a', leaseUntil: 1000 }));
      await store.insert(request('q5', { status: 'queued', owner: 'c', leaseUntil: 1000 }));
      await store.renew('c', 9000);
      expect((await store.takeOver('b', 'h1', 2000, 7000)).sort()).toEqual(['q1', 'q2']);
      const q1 = (await store.get('q1'))!;
      expect(q1).toMatchObject({ owner: 'b', leaseUntil: 7000, version: 1 });
      // The old owner's stale write is refused.
      expect(await store.update({ ...q1, version: 0, status: 'denied' })).toBeUndefined();
      expect((await store.get('q5'))!.owner).toBe('c');
    } finally {
      await store.close();
    }
  });
});

describe('postgres: two servers', () => {
  it('racing from two connection pools for the same alert, exactly one claims it', async () => {
    const url = await pg.database('race2');
    const a = new PostgresStore(url);
    const b = new PostgresStore(url);
    await Promise.all([a.init(), b.init()]);
    try {
      for (let i = 0; i < 5; i++) {
        const won = await Promise.all([a.claim('r', `f${i}`, `a${i}`, 1000), b.claim('r', `f${i}`, `b${i}`, 1000)]);
        expect(won.filter(Boolean)).toHaveLength(1);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('two servers starting requests of one rule at once: never more running than its slots', async () => {
    const url = await pg.database('race-slots');
    const a = new PostgresStore(url);
    const b = new PostgresStore(url);
    await Promise.all([a.init(), b.init()]);
    try {
      for (let i = 0; i < 5; i++) {
        const rule = `r${i}`;
        await a.insert(request(`a${i}`, { rule }));
        await a.insert(request(`b${i}`, { rule }));
        const start = async (store: Store, id: string) => store.startRunning({ ...(await store.get(id))!, status: 'running', startedAt: 7000 }, 1);
        const started = await Promise.all([start(a, `a${i}`), start(b, `b${i}`)]);
        expect(started.filter((v) => v !== undefined)).toHaveLength(1);
        expect(await a.countRunning(rule)).toBe(1);
      }
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });
});
