// The parameter names the schema reserves (`definitions.reservedName`): read from the schema, the one definition.
import schemaJson from '../../runbooks/schemas/playbook.schema.json' with { type: 'json' };

const reserved = (schemaJson as { definitions?: { reservedName?: { enum?: unknown[] } } }).definitions?.reservedName?.enum ?? [];

/** The parameter names a playbook cannot use: helpers, blocks, `steps`, `sandbox`, names of JavaScript objects, names kept for coming features. */
export function reservedParamNames(): string[] {
  return reserved.map(String);
}

const reservedSet = new Set(reservedParamNames());

export function isReservedParamName(name: string): boolean {
  return reservedSet.has(name);
}
