// The lint rules, in the order their findings are listed for one place.
import type { LintRule } from '../types.js';
import { composeDownWithoutUp } from './compose-down-without-up.js';
import { controlCharacter } from './control-character.js';
import { destructiveParamWithoutPattern } from './destructive-param-without-pattern.js';
import { destructiveWithoutGate } from './destructive-without-gate.js';
import { forEachDestructiveWithoutGate } from './for-each-destructive-without-gate.js';
import { missingDescription } from './missing-description.js';
import { rawTemplate } from './raw-template.js';
import { rollbackDeletesBackup } from './rollback-deletes-backup.js';
import { secretWithDefault } from './secret-with-default.js';
import { stateChangeWithoutVerify } from './state-change-without-verify.js';

export const rules: readonly LintRule[] = [
  destructiveWithoutGate,
  forEachDestructiveWithoutGate,
  composeDownWithoutUp,
  destructiveParamWithoutPattern,
  rollbackDeletesBackup,
  secretWithDefault,
  rawTemplate,
  stateChangeWithoutVerify,
  missingDescription,
  controlCharacter,
];
