// How a target host's outcome is named: one wording per language for the live view, plain lines and `logs`.
export const hostStatusWords = {
  en: {
    'host.ok': 'ok',
    'host.failed': 'failed, rolled back',
    'host.unreachable': 'unreachable (outcome unknown)',
    'host.rollback_failed': 'rollback failed',
    'host.rolled_back': 'rolled back (max_fail passed)',
    'host.interrupted': 'interrupted',
    'host.not_started': 'not started',
  },
  'zh-CN': {
    'host.ok': '成功',
    'host.failed': '失败，已回滚',
    'host.unreachable': '不可达（结果未知）',
    'host.rollback_failed': '回滚失败',
    'host.rolled_back': '已回滚（超过 max_fail）',
    'host.interrupted': '已中断',
    'host.not_started': '未开始',
  },
} as const;
