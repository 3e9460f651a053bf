// The options of the commands that run a playbook (`play`, `resume`), defined once: parameters, gates, home, output.
import type { OutputMode } from '../../ui/reporter.js';
import { HOME_OPTION, HOSTS_OPTIONS, PARAM_OPTION, readHostsOptions, readParams, type HostsArguments } from './options.js';
import type { ArgumentParser, CommandLine, OptionSpecs } from './parser.js';

/** Every output mode of the reporters, in the order help lists them (a mode missing here is a type error). */
const MODES: Record<OutputMode, true> = { auto: true, ink: true, plain: true, json: true };
export const OUTPUT_MODES = Object.keys(MODES) as readonly OutputMode[];

export const RUN_OPTIONS = {
  ...PARAM_OPTION,
  yes: { type: 'boolean', short: 'y' },
  ...HOME_OPTION,
  output: { type: 'string' },
  quiet: { type: 'boolean', short: 'q' },
  ...HOSTS_OPTIONS,
  'metrics-file': { type: 'string' },
} as const satisfies OptionSpecs;

export interface RunArguments extends HostsArguments {
  /** `--param name=value` (repeatable). */
  params: Record<string, string>;
  /** `--yes`: every confirmation gate answered yes. */
  yes: boolean;
  /** `--home DIR` as given (resolved by homes.ts: it decides where older journals are looked for too). */
  home: string | undefined;
  output: OutputMode;
  /** `--quiet`: only errors and the final summary. */
  quiet: boolean;
  /** `--metrics-file PATH`: the Prometheus text file updated after the run (else RUNBOOK_METRICS_FILE). */
  metricsFile: string | undefined;
}

/** The run options of a command line read with `RUN_OPTIONS` (and the command's own). */
export function readRunOptions(parser: ArgumentParser, values: CommandLine<typeof RUN_OPTIONS>['values']): RunArguments {
  return {
    output: parser.oneOf('output', values.output, OUTPUT_MODES, 'auto'),
    params: readParams(parser, values.param),
    yes: values.yes === true,
    home: values.home,
    quiet: values.quiet === true,
    ...readHostsOptions(values),
    metricsFile: values['metrics-file'],
  };
}

/** The lines of `--help` for the run options both commands describe alike (`--param` differs: resume takes only secrets). */
export const RUN_OPTIONS_HELP = {
  en: {
    yes: '  -y, --yes                 answer every confirmation gate with yes (for CI)',
    home: `      --home DIR            runbook home for journals and locks (default: RUNBOOK_HOME, else
                            /var/lib/runbook as root, else ~/.local/state/runbook)`,
    output: `      --output ${OUTPUT_MODES.join('|')}
                            ink: the live view; plain: lines of text; json: NDJSON events
                            (docs/output.md); auto (default): ink on a terminal, else plain`,
    quiet: '  -q, --quiet               only errors and the final summary',
    hosts: `      --inventory FILE      the inventory of a playbook with \`targets\` (default: RUNBOOK_INVENTORY)
      --hosts PATTERN       run on these hosts instead of the playbook's \`targets\``,
    metrics: `      --metrics-file PATH   after the run, update this Prometheus text file (node_exporter
                            textfile collector; default: RUNBOOK_METRICS_FILE)`,
  },
  'zh-CN': {
    yes: '  -y, --yes                 对所有确认关卡回答“是”（用于 CI）',
    home: `      --home 目录           存放日志与锁的 runbook 目录（默认：RUNBOOK_HOME，否则 root 用户为
                            /var/lib/runbook，其他用户为 ~/.local/state/runbook）`,
    output: `      --output ${OUTPUT_MODES.join('|')}
                            ink：实时界面；plain：纯文本行；json：NDJSON 事件（见 docs/output.md）；
                            auto（默认）：终端上为 ink，否则为 plain`,
    quiet: '  -q, --quiet               只显示错误和最终摘要',
    hosts: `      --inventory 文件      带 \`targets\` 的 playbook 所用的主机清单（默认：RUNBOOK_INVENTORY）
      --hosts 模式          在这些主机上运行，而不是 playbook 的 \`targets\``,
    metrics: `      --metrics-file 路径   运行结束后更新此 Prometheus 文本文件（node_exporter 的 textfile
                            收集器；默认：RUNBOOK_METRICS_FILE）`,
  },
} as const;
