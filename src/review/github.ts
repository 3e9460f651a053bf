// GitHub Actions workflow commands: escaping so that no text (playbook, child output) can start a command of its own.
import { randomBytes } from 'node:crypto';

/** Escapes a command's message (data): `%`, CR and LF, so the message stays on its one line. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a command property value: as data, plus `:` and `,` which end a property. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** One workflow command line, e.g. `::error file=a.yaml,line=3,col=5,title=rule::message`. */
export function workflowCommand(name: string, properties: Record<string, string | number | undefined>, message: string): string {
  const props = Object.entries(properties)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${name}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/**
 * Wraps free text printed to a workflow log so lines in it (`::add-mask::`, `::error::`) are not
 * taken as commands: GitHub's `::stop-commands::<token>` ... `::<token>::` with an unguessable token.
 */
export function withoutWorkflowCommands(text: string, token: string = randomBytes(16).toString('hex')): string {
  return `::stop-commands::${token}\n${text}${text.endsWith('\n') ? '' : '\n'}::${token}::\n`;
}
