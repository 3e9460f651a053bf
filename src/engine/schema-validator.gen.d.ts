// Types of the standalone ajv validator generated from runbooks/schemas/playbook.schema.json (hand-written: ajv emits JS only).
import type { Playbook } from './playbook.gen.js';

export interface SchemaValidationError {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
  propertyName?: string;
}

export interface PlaybookValidator {
  (data: unknown): data is Playbook;
  errors?: SchemaValidationError[] | null;
}

declare const validate: PlaybookValidator;
export { validate };
export default validate;
