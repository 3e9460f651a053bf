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
  await app.waitUntilExit();
  return result;
}
