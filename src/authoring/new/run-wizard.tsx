// Mounts the wizard on the terminal (Ink and React are loaded only here) and resolves with the answers.
import { render } from 'ink';
import { Wizard } from './wizard.js';
import type { WizardAnswers } from './model.js';
import type { AuthoringText } from '../../i18n/authoring.js';
import type { CliContext } from '../../cli/context.js';

/** Resolves with the answers, or undefined when the user pressed Esc / Ctrl-C. */
export async function runWizard(t: AuthoringText, name: string | undefined, ctx: Pick<CliContext, 'stdin' | 'stdout'>): Promise<WizardAnswers | undefined> {
  let result: WizardAnswers | undefined;
  const app = render(
    <Wizard
      t={t}
      {...(name ? { initialName: name } : {})}
      onDone={(answers) => {
        result = answers;
        app.unmount();
      }}
      onCancel={() => app.unmount()}
    />,
    { stdin: ctx.stdin, stdout: ctx.stdout, exitOnCtrlC: false },
  );
  // A Ctrl-C that comes as a signal (before the terminal is in raw mode, or from `kill -INT`) cancels as Esc does.
  const cancel = (): void => app.unmount();
  process.once('SIGINT', cancel);
  try {
    await app.waitUntilExit();
  } finally {
    process.off('SIGINT', cancel);
  }
  return result;
}
