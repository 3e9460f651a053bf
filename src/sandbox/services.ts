// The simulated HTTP services: recommendation-api, notification-gateway, prometheus, alertmanager (mlflow: mlflow-service.ts).
import { parseJson, type Handler } from './http.js';
import type { SandboxPaths } from './paths.js';
import { log, readState, updateState, type SandboxState } from './state.js';
import { gatewayCredentialsValid, loadModels, ready, running, scrapeTargets } from './world.js';

const notRunning = (state: SandboxState, service: string) => !running(state, service);
const starting = { status: 503, body: { status: 'starting' } };

export function apiHandler(paths: SandboxPaths): Handler {
  return ({ method, url }) => {
    const state = readState(paths.dir);
    if (notRunning(state, 'recommendation-api')) return 'drop';
    if (!ready(state, 'recommendation-api')) return starting;
    const version = state.api.loadedVersion;
    switch (`${method} ${url.pathname}`) {
      case 'GET /health':
        return version
          ? { status: 200, body: { status: 'healthy', models_loaded: true, model_version: version, clip_source: state.api.clipSource } }
          : { status: 503, body: { status: 'unhealthy', models_loaded: false, error: state.api.loadError } };
      case 'GET /metrics':
        return {
          status: 200,
          type: 'text/plain; version=0.0.4',
          body: [
            '# HELP recommendation_requests_total Requests served.',
            '# TYPE recommendation_requests_total counter',
            'recommendation_requests_total{endpoint="/recommend"} 18234',
            '# HELP recommendation_request_seconds Request latency.',
            '# TYPE recommendation_request_seconds summary',
            'recommendation_request_seconds{quantile="0.99"} 0.087',
            '# HELP recommendation_model_loaded Whether the primary model is loaded.',
            '# TYPE recommendation_model_loaded gauge',
            `recommendation_model_loaded{version="${version ?? ''}"} ${version ? 1 : 0}`,
            `recommendation_cache_hit_ratio ${(0.83).toFixed(2)}`,
            '',
          ].join('\n'),
        };
      case 'GET /recommend': {
        const user = url.searchParams.get('user_id');
        if (!user) return { status: 422, body: { detail: [{ loc: ['query', 'user_id'], msg: 'field required' }] } };
        if (!version) return { status: 503, body: { detail: 'models not loaded' } };
        return { status: 200, body: { user_id: user, model_version: version, items: [{ item_id: 'i42', score: 0.93 }, { item_id: 'i7', score: 0.88 }, { item_id: 'i13', score: 0.71 }] } };
      }
      case 'POST /reload/primary':
        return updateState(paths.dir, (s) => {
          loadModels(s, paths);
          return s.api.loadedVersion
            ? { status: 200, body: { status: 'reloaded', model_version: s.api.loadedVersion } }
            : { status: 500, body: { status: 'error', detail: s.api.loadError } };
        });
      default:
        return { status: 404, body: { detail: 'Not Found' } };
    }
  };
}

function alertTitle(payload: unknown): { title: string; text: string } {
  const p = (payload ?? {}) as { title?: string; message?: string; text?: string; content?: string; alerts?: { labels?: Record<string, string>; annotations?: Record<string, string> }[] };
  if (Array.isArray(p.alerts) && p.alerts.length) {
    const a = p.alerts[0]!;
    return { title: a.labels?.alertname ?? 'alert', text: a.annotations?.summary ?? a.annotations?.description ?? '' };
  }
  return { title: p.title ?? 'message', text: p.message ?? p.text ?? p.content ?? '' };
}

export function gatewayHandler(paths: SandboxPaths): Handler {
  return ({ method, url, body }) => {
    const state = readState(paths.dir);
    if (notRunning(state, 'notification-gateway')) return 'drop';
    if (!ready(state, 'notification-gateway')) return starting;
    const valid = gatewayCredentialsValid(state);
    if (method === 'GET' && url.pathname === '/health') {
      return valid ? { status: 200, body: { status: 'ok', weixin: 'ok' } } : { status: 503, body: { status: 'unhealthy', weixin: 'errcode=40001 invalid credential' } };
    }
    if (method !== 'POST') return { status: 404, body: { detail: 'Not Found' } };
    return updateState(paths.dir, (s) => {
      const { title, text } = alertTitle(parseJson(body));
      if (!valid) {
        log(s, 'notification-gateway', `ERROR failed to send "${title}" to WeChat Work: errcode=40001 invalid credential`);
        return { status: 502, body: { errcode: 40001, errmsg: 'invalid credential' } };
      }
      s.alerts.push({ at: new Date().toISOString(), source: url.pathname, title, text });
      log(s, 'notification-gateway', `INFO  sent "${title}" to WeChat Work (errcode=0)`);
      return { status: 200, body: { errcode: 0, errmsg: 'ok' } };
    });
  };
}

export function prometheusHandler(paths: SandboxPaths): Handler {
  return ({ url }) => {
    const state = readState(paths.dir);
    if (notRunning(state, 'prometheus')) return 'drop';
    if (url.pathname === '/-/healthy' || url.pathname === '/-/ready') return { status: 200, body: 'Prometheus Server is Healthy.\n' };
    const targets = scrapeTargets(state);
    if (url.pathname === '/api/v1/targets') {
      return {
        status: 200,
        body: {
          status: 'success',
          data: {
            activeTargets: targets.map((t) => ({
              labels: { job: t.job, instance: `${t.service}:9100` },
              scrapeUrl: `http://${t.service}:9100/metrics`,
              health: t.up ? 'up' : 'down',
              lastError: t.up ? '' : `Get "http://${t.service}:9100/metrics": dial tcp: connection refused`,
            })),
            droppedTargets: [],
          },
        },
      };
    }
    if (url.pathname === '/api/v1/query' && /^\s*min\s*\(\s*up\s*\)\s*$/.test(url.searchParams.get('query') ?? '')) {
      const min = targets.every((t) => t.up) ? '1' : '0';
      return { status: 200, body: { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [Date.now() / 1000, min] }] } } };
    }
    if (url.pathname === '/api/v1/query') {
      return { status: 200, body: { status: 'success', data: { resultType: 'vector', result: targets.map((t) => ({ metric: { __name__: 'up', job: t.job }, value: [Date.now() / 1000, t.up ? '1' : '0'] })) } } };
    }
    return { status: 404, body: '404 page not found\n' };
  };
}

export function alertmanagerHandler(paths: SandboxPaths, gatewayUrl: () => string): Handler {
  return async ({ method, url, body }) => {
    const state = readState(paths.dir);
    if (notRunning(state, 'alertmanager')) return 'drop';
    if (url.pathname === '/-/healthy' || url.pathname === '/-/ready') return { status: 200, body: 'OK' };
    if (url.pathname === '/api/v2/status') return { status: 200, body: { cluster: { status: 'ready' }, config: { original: 'route:\n  receiver: notification-gateway\n' } } };
    if (url.pathname !== '/api/v2/alerts') return { status: 404, body: 'Not Found' };
    if (method === 'GET') return { status: 200, body: [] };
    if (method !== 'POST') return { status: 405, body: 'Method Not Allowed' };
    const alerts = parseJson(body);
    if (!Array.isArray(alerts)) return { status: 400, body: { code: 400, message: 'body must be a list of alerts' } };
    // Real Alertmanager groups and notifies asynchronously; the sandbox forwards at once so a check can follow.
    let outcome = 'notified notification-gateway';
    try {
      const res = await fetch(`${gatewayUrl()}/alertmanager`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ version: '4', status: 'firing', receiver: 'notification-gateway', alerts }),
      });
      if (!res.ok) outcome = `Notify for alerts failed: notification-gateway returned ${res.status}`;
    } catch (error) {
      outcome = `Notify for alerts failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    updateState(paths.dir, (s) => log(s, 'alertmanager', outcome.startsWith('Notify') ? `ERROR ${outcome}` : `INFO  ${outcome}`));
    return { status: 200, body: '' };
  };
}
