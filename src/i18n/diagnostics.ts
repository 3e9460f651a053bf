// Labels of diagnostic output (error, warning, hint, "N more"), in en and zh-CN; small, as every command may print them.
import { defineCatalog } from './index.js';

export const diagnosticsCatalog = defineCatalog({
  en: {
    error: 'error',
    warning: 'warning',
    hint: 'hint',
    more: '… and {count} more error(s) in this file not shown',
    colon: ': ',
  },
  'zh-CN': {
    error: '错误',
    warning: '警告',
    hint: '提示',
    more: '…… 本文件另有 {count} 个错误未显示',
    colon: '：',
  },
});
