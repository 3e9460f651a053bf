// What loading a playbook file yields: the validated object plus a way back to lines and columns.
import type { Playbook } from './playbook.gen.js';

export type YamlPath = readonly (string | number)[];

/** Where a value sits in the YAML source, 1-based; `scalar` tells how a string was written. */
export interface NodePosition {
  line: number;
  col: number;
  endLine: number;
  endCol: number;
  /** yaml's Scalar.type for scalars: PLAIN, QUOTE_SINGLE, QUOTE_DOUBLE, BLOCK_LITERAL, BLOCK_FOLDED. */
  scalar?: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED';
}

export interface LoadedPlaybook {
  /** The path as the user gave it (kept relative for stable messages). */
  file: string;
  /** Absolute path, for resolving includes. */
  absolutePath: string;
  /** The file's text (after BOM removal). */
  source: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  /** The playbook, valid against the schema, deeply frozen. */
  playbook: Readonly<Playbook>;
  /** Position of the value at `path` (e.g. ['steps', 0, 'run']), or of the nearest existing parent. */
  locate(path: YamlPath): NodePosition | undefined;
  /** Position of the key of the mapping entry at `path` (e.g. the `rn` in `rn: ...`). */
  locateKey(path: YamlPath): NodePosition | undefined;
}
