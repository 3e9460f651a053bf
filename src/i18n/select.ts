// Messages of step selection (`--from`, `--only`, `--skip`) and step-through (`--step`), in English and Chinese.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const selectCatalog = defineCatalog({
  en: {
    // why a step is left out (plans, events, the journal)
    'why.only': 'not selected by --only {names}',
    'why.from': 'before --from {names}',
    'why.skip': '--skip {names}',
    skipped: 'skipped: {why}',
    selection: 'Selection: {args}',
    // names that select nothing
    unknownName: '{option} {name}: no step has this id or tag',
    unknownFrom: '--from {name}: no step has this id',
    didYouMean: 'did you mean {suggestion}?',
    known: 'step ids: {ids}; tags: {tags}',
    knownIds: 'step ids: {ids}',
    none: '(none)',
    fromFinally: '--from {name}: `{name}` is a finally step; --from names a step of `steps`',
    emptyName: '{option}: an empty name (write --only a,b without spaces or empty parts)',
    // a selected step reading a step left out
    readsDeselected: '{reader} reads the outputs of step `{step}`, which this run leaves out ({why})',
    readsDeselectedHint: 'select `{step}` too (--only …,{step}), or leave out {reader} as well',
    readerStep: 'step `{id}`',
    readerFinally: 'finally step `{id}`',
    readerHook: '{hook} step `{id}`',
    readsDeselectedHookHint: 'select `{step}` too (--only …,{step}): hook steps cannot be left out',
    readerPost: 'postcondition {n}',
    selectionErrors: '{file}: the step selection cannot run: {n} problem(s)',
    outWithSelection: 'plan: --out saves the whole plan; give --from/--only/--skip to `runbook play --plan FILE` instead',
    // --step
    'step.noTerminal': '--step asks before each step, and stdin is not a terminal: run it in a terminal, or leave out --step',
    'step.withJson': '--step needs a terminal view: it cannot be used with --output json',
    'step.withYes': '--step asks a person before each step; it cannot be used with --check',
    'step.question': 'run step {id}?',
    'step.choices': '[y] run  [n] skip  [c] continue without asking  [q] quit',
    'step.again': 'answer y, n, c or q',
    'step.skippedByOperator': 'skipped by the operator (--step)',
    'step.quit': 'stopped by the operator before step {id} (--step)',
    answered: '--step: {answer}',
    'answer.run': 'run',
    'answer.skip': 'skip',
    'answer.continue': 'continue without asking',
    'answer.quit': 'quit',
  },
  'zh-CN': {
    'why.only': '未被 --only {names} 选中',
    'why.from': '位于 --from {names} 之前',
    'why.skip': '--skip {names}',
    skipped: '已跳过：{why}',
    selection: '步骤选择：{args}',
    unknownName: '{option} {name}：没有步骤使用此 ID 或标签',
    unknownFrom: '--from {name}：没有步骤使用此 ID',
    didYouMean: '您是不是想写 {suggestion}？',
    known: '步骤 ID：{ids}；标签：{tags}',
    knownIds: '步骤 ID：{ids}',
    none: '（无）',
    fromFinally: '--from {name}：`{name}` 是 finally 中的步骤；--from 只能指定 steps 中的步骤',
    emptyName: '{option}：名称为空（请写成 --only a,b，不要有空格或空项）',
    readsDeselected: '{reader} 读取了步骤 `{step}` 的输出，但本次运行不执行该步骤（{why}）',
    readsDeselectedHint: '请同时选中 `{step}`（--only …,{step}），或把 {reader} 也排除在外',
    readerStep: '步骤 `{id}`',
    readerFinally: 'finally 步骤 `{id}`',
    readerHook: '{hook} 步骤 `{id}`',
    readsDeselectedHookHint: '请同时选中 `{step}`（--only …,{step}）：钩子步骤不能被排除',
    readerPost: '第 {n} 个后置条件',
    selectionErrors: '{file}：无法按所选步骤运行：{n} 个问题',
    outWithSelection: 'plan：--out 保存的是完整计划；请把 --from/--only/--skip 交给 `runbook play --plan 文件`',
    'step.noTerminal': '--step 会在每个步骤前询问，但标准输入不是终端：请在终端中运行，或去掉 --step',
    'step.withJson': '--step 需要终端界面，不能与 --output json 一起使用',
    'step.withYes': '--step 会在每个步骤前询问操作人员，不能与 --check 一起使用',
    'step.question': '执行步骤 {id}？',
    'step.choices': '[y] 执行  [n] 跳过  [c] 不再询问，继续  [q] 退出',
    'step.again': '请回答 y、n、c 或 q',
    'step.skippedByOperator': '操作人员选择跳过（--step）',
    'step.quit': '操作人员在步骤 {id} 之前停止了运行（--step）',
    answered: '--step：{answer}',
    'answer.run': '执行',
    'answer.skip': '跳过',
    'answer.continue': '不再询问，继续',
    'answer.quit': '退出',
  },
});

export type SelectKey = keyof (typeof selectCatalog)['en'];

export function selectText(lang: Lang): Translator<SelectKey> {
  return translator(selectCatalog, lang);
}
