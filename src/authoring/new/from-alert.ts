// `runbook new <name> --from-alert payload.json`: an Alertmanager webhook (v4) → a playbook scaffold.
import type { Param, Playbook } from '../../engine/playbook.gen.js';
import { actionPlaceholder, type Draft, type Note, type Todo } from '../draft.js';
import { toIdentifier, uniqueName } from '../params.js';
import { authoringText, type AuthoringText } from '../../i18n/authoring.js';
import type { Lang } from '../../i18n/index.js';
import { applySafetyRules } from './safety.js';

interface Alert {
  status?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  generatorURL?: string;
}

export interface AlertPayload {
  version?: string;
  status?: string;
  externalURL?: string;
  alerts?: Alert[];
  commonLabels?: Record<string, string>;
  commonAnnotations?: Record<string, string>;
}

/** Labels that pick out which alert instance (used in the "still firing" filter besides alertname). */
const IDENTIFYING = ['instance', 'job', 'service', 'container', 'namespace', 'pod', 'dag_id', 'task_id'];

/** Checks the payload is an Alertmanager webhook; returns the reason when it is not, in the language of `t`. */
export function alertPayloadProblem(value: unknown, t: AuthoringText = authoringText('en')): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return t('alert.notObject');
  const p = value as AlertPayload;
  if (p.version !== undefined && p.version !== '4') return t('alert.version', { version: JSON.stringify(p.version) });
  if (!Array.isArray(p.alerts) || p.alerts.length === 0) return t('alert.noAlerts');
  const labels = { ...(p.commonLabels ?? {}), ...(p.alerts[0]?.labels ?? {}) };
  if (!labels['alertname']) return t('alert.noAlertname');
  return undefined;
}

/** The scaffold: labels as params (values as defaults), annotations as description, a "still firing" precondition. */
export function draftFromAlert(payload: AlertPayload, name: string, t: AuthoringText, lang: Lang = 'en'): Draft {
  const alert = payload.alerts?.[0] ?? {};
  const labels: Record<string, string> = { ...(payload.commonLabels ?? {}), ...(alert.labels ?? {}) };
  const annotations: Record<string, string> = { ...(payload.commonAnnotations ?? {}), ...(alert.annotations ?? {}) };
  const alertname = labels['alertname'] ?? name;
  const notes: Note[] = [];
  const todos: Todo[] = [];

  const taken = new Set<string>(['alertmanager_url']);
  const params: Record<string, Param> = {};
  const paramOf: Record<string, string> = {};
  for (const [label, value] of Object.entries(labels)) {
    const id = uniqueName(toIdentifier(label), taken);
    paramOf[label] = id;
    params[id] = { type: 'string', default: value, description: t('alert.labelParam', { label }) };
  }
  params['alertmanager_url'] = {
    type: 'string',
    default: (payload.externalURL ?? 'http://localhost:9093').replace(/\/+$/, ''),
    description: t('alert.amParam'),
  };

  const matchers = ['alertname', ...IDENTIFYING.filter((l) => labels[l] !== undefined)]
    .map((l) => `filter=${encodeURIComponent(`${l}="`)}{{${paramOf[l] ?? toIdentifier(l)}}}${encodeURIComponent('"')}`)
    .join('&');
  const summary = annotations['summary'] ?? alertname;
  const description = [
    t('alert.summary', { alert: alertname, status: alert.status ?? payload.status ?? 'firing' }),
    annotations['summary'],
    annotations['description'],
    annotations['runbook_url'] ? t('alert.runbook', { url: annotations['runbook_url'] }) : undefined,
    alert.generatorURL ? t('alert.source', { url: alert.generatorURL }) : undefined,
  ]
    .filter((x): x is string => Boolean(x))
    .join('\n');

  const scaffold: Playbook = {
    name,
    title: summary,
    description,
    risk: labels['severity'] === 'critical' ? 'high' : 'medium',
    tags: ['draft', 'alert', alertname],
    params,
    preconditions: [
      {
        name: t('alert.firing', { alert: alertname }),
        http: {
          url: `{{alertmanager_url}}/api/v2/alerts?active=true&silenced=false&inhibited=false&${matchers}`,
          status: 200,
          contains: '"state":"active"',
        },
      },
    ],
    steps: [{ id: 'fix', name: t('alert.fixStep', { summary }), run: actionPlaceholder(`write the fix for ${alertname}`) }],
  };
  // The rules of import and record hold for a scaffold too (today its one step is a failing placeholder).
  const safe = applySafetyRules(scaffold, t, lang);
  const playbook = safe.playbook;
  notes.push({ path: ['preconditions', 0], text: t('alert.noteProbe') });
  notes.push({ path: ['steps', playbook.steps.findIndex((s) => s.id === 'fix')], text: t('note.placeholderStep') }, ...safe.notes);
  todos.push({ kind: 'placeholder', message: t('alert.todoFix') }, ...safe.todos);
  const header = [t('header.alert', { alert: alertname }), '', t('header.review'), ...todos.map((x) => `  - ${x.message}`)];
  return { playbook, header, notes, todos };
}
