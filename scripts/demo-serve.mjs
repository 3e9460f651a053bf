// `npm run demo:serve`: the loop of runbook serve on the sandbox, with a real Prometheus and Alertmanager on loopback.
// recommendation-api goes down → Prometheus fires ServiceDown → Alertmanager posts the webhook → runbook serve runs
// service-restart in the sandbox with a silence → the alert resolves. Needs /usr/bin/prometheus and
// /usr/bin/prometheus-alertmanager (Debian's packages; .ci/run installs them). Everything stops at the end.
import { execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
for (const bin of ['/usr/bin/prometheus', '/usr/bin/prometheus-alertmanager']) {
  if (!existsSync(bin)) {
    console.error(`demo:serve needs ${bin} (apt-get install prometheus prometheus-alertmanager)`);
    process.exit(2);
  }
}
const dir = mkdtempSync(join(tmpdir(), 'runbook-demo-serve-'));
const children = [];
const say = (text) => console.log(`\n▶ ${text}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const port = () => new Promise((resolve) => {
  const s = createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port: free } = s.address();
    s.close(() => resolve(free));
  });
});
async function until(what, check, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
function start(bin, args, env = {}) {
  const child = spawn(bin, args, { cwd: dir, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (c) => (log += c));
  child.stderr.on('data', (c) => (log += c));
  children.push(child);
  return { child, log: () => log };
}
async function cleanup() {
  for (const c of children.reverse()) if (c.exitCode === null) {
    const exited = new Promise((r) => c.once('exit', r));
    c.kill('SIGTERM');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}

try {
  const token = (name) => randomBytes(32).toString('base64url') + name;
  const amToken = token('am');
  const alice = token('alice');
  const sha = (t) => createHash('sha256').update(t).digest('hex');
  writeFileSync(join(dir, 'operators.yaml'), `operators:\n  - { name: alertmanager, roles: [webhook], token_sha256: ${sha(amToken)} }\n  - { name: alice, groups: [sre], token_sha256: ${sha(alice)} }\n`);
  writeFileSync(join(dir, 'rules.yaml'), `rules:\n  - name: service-down\n    match: ['alertname="ServiceDown"']\n    playbook: ${JSON.stringify(join(root, 'runbooks', 'service-restart.yaml'))}\n    params: { service: "{{labels.service}}" }\n    resolve_within: 1m\n`);
  const amPort = await port();

  say('runbook serve --sandbox (it keeps a simulated stack up and plays every run in it)');
  const serve = start(process.execPath, [join(root, 'bin', 'runbook.js'), 'serve', '--rules', join(dir, 'rules.yaml'), '--alertmanager', `http://127.0.0.1:${amPort}`, '--operators', join(dir, 'operators.yaml'), '--listen', '127.0.0.1:0', '--sandbox', '--store', join(dir, 'state.db')], { RUNBOOK_HOME: join(dir, 'home'), RUNBOOK_SERVE_TICK_MS: '200', RUNBOOK_SERVE_SILENCE_MS: '5000', RUNBOOK_SERVE_RESOLVE_POLL_MS: '300' });
  const url = await until('runbook serve', async () => /serve\.started \{"url":"([^"]+)"/.exec(serve.log())?.[1]);
  const health = await (await fetch(`${url}/healthz`)).json();
  console.log(`  server ${url}, sandbox ${health.sandbox.dir}, recommendation-api at ${health.sandbox.api_url}`);

  say('Alertmanager (its webhook: runbook serve, with a bearer token)');
  mkdirSync(join(dir, 'am'));
  writeFileSync(join(dir, 'am', 'am.yml'), `route: { receiver: runbook, group_by: [alertname, service], group_wait: 200ms, group_interval: 500ms, repeat_interval: 1h }\nreceivers:\n  - name: runbook\n    webhook_configs:\n      - url: ${url}/webhook\n        send_resolved: true\n        http_config: { authorization: { type: Bearer, credentials: ${JSON.stringify(amToken)} } }\n`);
  start('/usr/bin/prometheus-alertmanager', [`--config.file=${join(dir, 'am', 'am.yml')}`, `--storage.path=${join(dir, 'am')}`, `--web.listen-address=127.0.0.1:${amPort}`, '--cluster.listen-address=', '--log.level=warn']);
  const am = `http://127.0.0.1:${amPort}`;
  await until('Alertmanager', async () => (await fetch(`${am}/-/ready`)).ok);

  say('Prometheus scraping the sandbox’s recommendation-api every 500 ms, with the rule ServiceDown: up == 0');
  const promPort = await port();
  mkdirSync(join(dir, 'prom'));
  writeFileSync(join(dir, 'prom', 'rules.yml'), `groups:\n  - name: stack\n    rules:\n      - alert: ServiceDown\n        expr: up{job="recommendation-api"} == 0\n        annotations: { summary: "{{ $labels.service }} does not answer" }\n`);
  writeFileSync(join(dir, 'prom', 'prometheus.yml'), `global: { scrape_interval: 500ms, scrape_timeout: 400ms, evaluation_interval: 500ms }\nrule_files: [rules.yml]\nalerting: { alertmanagers: [ { static_configs: [ { targets: ["127.0.0.1:${amPort}"] } ] } ] }\nscrape_configs:\n  - job_name: recommendation-api\n    static_configs: [ { targets: ["${new URL(health.sandbox.api_url).host}"], labels: { service: recommendation-api } } ]\n`);
  start('/usr/bin/prometheus', [`--config.file=${join(dir, 'prom', 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'prom', 'data')}`, `--web.listen-address=127.0.0.1:${promPort}`, '--rules.alert.resend-delay=500ms', '--log.level=warn']);
  const prom = `http://127.0.0.1:${promPort}`;
  const up = async () => (await (await fetch(`${prom}/api/v1/query?query=${encodeURIComponent('up{job="recommendation-api"}')}`)).json()).data.result[0]?.value[1];
  await until('the first scrape', async () => (await up()) === '1');
  console.log('  up{job="recommendation-api"} = 1');

  say('docker compose stop recommendation-api (in the sandbox: the api stops answering)');
  const { env } = JSON.parse(readFileSync(join(health.sandbox.dir, 'sandbox.json'), 'utf8'));
  await new Promise((resolve, reject) => execFile('docker', ['compose', 'stop', 'recommendation-api'], { cwd: join(health.sandbox.dir, 'opt', 'recommend'), env: { ...process.env, ...env } }, (e, out) => (e ? reject(e) : resolve(console.log(out.trim())))));

  const requests = async () => (await (await fetch(`${url}/api/v1/requests?status=all`, { headers: { authorization: `Bearer ${alice}` } })).json()).requests;
  await until('Prometheus to see it down', async () => (await up()) === '0');
  console.log('  up{job="recommendation-api"} = 0 → ServiceDown fires');
  const request = await until('the webhook', async () => (await requests())[0]);
  console.log(`  runbook serve: request ${request.id}, rule ${request.rule}, playbook ${request.playbook} ${JSON.stringify(request.params)}`);
  const running = await until('the silence', async () => (await requests()).find((r) => r.silenceId));
  console.log(`  silence ${running.silenceId} in Alertmanager while run ${running.runId} holds its lock`);
  const done = await until('the run', async () => (await requests()).find((r) => r.status === 'finished'));
  console.log(`  run ${done.runId}: ${done.outcome} (exit ${done.exitCode})`);
  const silence = await (await fetch(`${am}/api/v2/silence/${done.silenceId}`)).json();
  console.log(`  silence ${done.silenceId}: ${silence.status.state} (createdBy ${silence.createdBy}: ${silence.comment})`);
  await until('the alert to resolve', async () => (await requests()).find((r) => r.resolution === 'resolved'));
  console.log(`  up{job="recommendation-api"} = ${await up()}; Alertmanager: ServiceDown resolved`);
  say(`done — the journal: runbook logs ${done.runId} --home ${join(dir, 'home')} (removed now)`);
  console.log(serve.log().split('\n').filter((l) => / (request|run|silence)\./.test(l)).map((l) => `  ${l}`).join('\n'));
} catch (error) {
  console.error(`demo:serve failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  await cleanup();
}
