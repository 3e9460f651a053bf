// Why a file system refused, in words after its code (`EISDIR: is a directory`), in English and Chinese.
import { defineCatalog, translator, type Lang, type Translator } from './index.js';

export const fsCatalog = defineCatalog({
  en: {
    'fs.readOnly': 'read-only file system',
    'fs.full': 'disk full',
    'fs.quota': 'disk quota exceeded',
    'fs.denied': 'permission denied',
    'fs.missing': 'no such file or directory',
    'fs.notDir': 'a part of the path is not a directory',
    'fs.isDir': 'is a directory',
    'fs.exists': 'already exists',
    'fs.notEmpty': 'directory not empty',
    'fs.busy': 'device or resource busy',
    'fs.tooManyOpen': 'too many open files',
    'fs.loop': 'too many levels of symbolic links',
    'fs.nameTooLong': 'file name too long',
    'fs.crossDevice': 'cannot move across file systems',
    'fs.io': 'input/output error',
    'fs.textBusy': 'file is being executed',
    'fs.tooLarge': 'file too large',
    'fs.noDevice': 'no such device or address',
    'fs.invalid': 'invalid argument',
    'fs.other': 'file system error',
  },
  'zh-CN': {
    'fs.readOnly': '只读文件系统',
    'fs.full': '磁盘已满',
    'fs.quota': '超出磁盘配额',
    'fs.denied': '权限不足',
    'fs.missing': '文件或目录不存在',
    'fs.notDir': '路径中有一部分不是目录',
    'fs.isDir': '是一个目录',
    'fs.exists': '已存在',
    'fs.notEmpty': '目录不为空',
    'fs.busy': '设备或资源忙',
    'fs.tooManyOpen': '打开的文件过多',
    'fs.loop': '符号链接层数过多',
    'fs.nameTooLong': '文件名过长',
    'fs.crossDevice': '不能跨文件系统移动',
    'fs.io': '输入/输出错误',
    'fs.textBusy': '文件正在被执行',
    'fs.tooLarge': '文件过大',
    'fs.noDevice': '设备或地址不存在',
    'fs.invalid': '参数无效',
    'fs.other': '文件系统错误',
  },
});

export type FsKey = keyof (typeof fsCatalog)['en'];

export function fsText(lang: Lang): Translator<FsKey> {
  return translator(fsCatalog, lang);
}
