// How a target host's outcome is named: one wording per language for the live view, plain lines and `logs`.
export const hostStatusWords = {
  en: {
    'host.ok': 'ok',
    'host.failed': 'failed, rolled back',
    'host.unreachable': 'unreachable (outcome unknown)',
    'host.not_reached': 'not reached (nothing ran there)',
    'host.rollback_failed': 'rollback failed',
    'host.rolled_back': 'rolled back (max_fail passed)',
    'host.interrupted': 'interrupted',
    'host.not_started': 'not started',
  },
  'zh-CN': {
    'host.ok': '成功',
    'host.failed': '失败，已回滚',
    'host.unreachable': '不可达（结果未知）',
    'host.not_reached': '未连上（未在其上执行任何操作）',
    'host.rollback_failed': '回滚失败',
    'host.rolled_back': '已回滚（超过 max_fail）',
    'host.interrupted': '已中断',
    'host.not_started': '未开始',
  },
} as const;

/**
 * The words for how a host ended: a host that could not be connected at all (`reached: false`) is not said to have an
 * unknown outcome, as one lost during a command is: nothing ran there.
 */
export function hostStatusKey<S extends string>(host: { status: S; reached?: false }): `host.${S}` | 'host.not_reached' {
  return host.status === 'unreachable' && host.reached === false ? 'host.not_reached' : `host.${host.status}`;
}
