// `play --step` answers: what each typed answer means, in English and Chinese; anything else asks again.
import { describe, expect, it } from 'vitest';
import { answerText, parseStepAnswer } from '../../src/ui/step-answer.js';

describe('step-through answers', () => {
  it('reads y/n/c/q, the words and their Chinese; anything else (or nothing) asks again', () => {
    expect(['y', 'Yes', ' run ', '是', '执行'].map(parseStepAnswer)).toEqual(['run', 'run', 'run', 'run', 'run']);
    expect(['n', 'skip', '跳过'].map(parseStepAnswer)).toEqual(['skip', 'skip', 'skip']);
    expect(['c', 'continue', '继续'].map(parseStepAnswer)).toEqual(['continue', 'continue', 'continue']);
    expect(['q', 'QUIT', '退出'].map(parseStepAnswer)).toEqual(['quit', 'quit', 'quit']);
    expect(['', 'maybe', 'yy', 'run it'].map(parseStepAnswer)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('tells an answer in the run language', () => {
    expect(answerText('continue', 'en')).toBe('--step: continue without asking');
    expect(answerText('quit', 'zh-CN')).toBe('--step：退出');
  });
});
