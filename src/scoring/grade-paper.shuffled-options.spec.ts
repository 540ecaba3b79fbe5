import type { KeyedQuestion } from '../papers/paper-view';
import type { AnswerValue, QuestionType } from '../question-bank/question-type';
import { gradePaper } from './grade-paper';
import { bankKeyToShown, keyProblem, sameKey, shownToBank } from './key-correction';

/**
 * The same bank item delivered to two candidates with different option orders: each is graded against the key
 * in the labels they saw, and a key corrected in bank labels reaches both papers relabelled.
 */
const bankItem = { type: 'multiple' as QuestionType, bankKey: ['A', 'C'] as AnswerValue };
const orders = { alice: 'CADB', bob: 'BDAC' };

function keyed(order: string, bankKey: AnswerValue): KeyedQuestion {
  return {
    questionId: 1,
    position: 1,
    type: 'multiple',
    points: 2,
    key: bankKeyToShown('multiple', bankKey, order),
    itemId: 9,
    versionId: 90,
    sourceKey: '安全生产法',
    article: '第二十一条',
    part: 'common',
  };
}

describe('grading shuffled options', () => {
  it('relabels the bank key into the labels each candidate saw', () => {
    // alice sees C as A and A as B: bank {A, C} → shown {A, B}
    expect(bankKeyToShown('multiple', bankItem.bankKey, orders.alice)).toEqual(['A', 'B']);
    // bob sees B, D, A, C: bank A is shown C, bank C is shown D
    expect(bankKeyToShown('multiple', bankItem.bankKey, orders.bob)).toEqual(['C', 'D']);
    expect(bankKeyToShown('single', 'D', orders.alice)).toBe('C');
    expect(bankKeyToShown('single', 'B', orders.bob)).toBe('A');
    expect(bankKeyToShown('judge', false, orders.bob)).toBe(false);
  });

  it('gives full marks to the same choice made under different shuffles', () => {
    const alice = gradePaper([keyed(orders.alice, bankItem.bankKey)], new Map([[1, ['B', 'A']]]), 'partial');
    const bob = gradePaper([keyed(orders.bob, bankItem.bankKey)], new Map([[1, ['C', 'D']]]), 'partial');
    expect(alice.score100).toBe(10000);
    expect(bob.score100).toBe(10000);
    // the same shown letters mean different bank options on bob's paper
    expect(
      gradePaper([keyed(orders.bob, bankItem.bankKey)], new Map([[1, ['A', 'B']]]), 'partial').score100,
    ).toBe(0);
  });

  it('maps responses back to bank labels for the option distribution', () => {
    expect(shownToBank(['A', 'B'], orders.alice)).toEqual(['A', 'C']);
    expect(shownToBank(['C', 'D'], orders.bob)).toEqual(['A', 'C']);
  });

  it('applies a corrected key to every shuffle', () => {
    const corrected: AnswerValue = ['A', 'C', 'D'];
    const alice = gradePaper([keyed(orders.alice, corrected)], new Map([[1, ['B', 'A']]]), 'partial');
    // incomplete without a wrong option under the 注安 rule: 0.5 per correct option chosen
    expect(alice.earned).toBe(100);
    const bob = gradePaper([keyed(orders.bob, corrected)], new Map([[1, ['B', 'C', 'D']]]), 'partial');
    expect(bob.earned).toBe(200);
  });

  it('checks a corrected key against the type and options', () => {
    expect(keyProblem('judge', true, [])).toBeNull();
    expect(keyProblem('judge', 'A', [])).toMatch(/判断题/);
    expect(keyProblem('single', 'E', ['A', 'B', 'C', 'D'])).toMatch(/单选题/);
    expect(keyProblem('multiple', ['A'], ['A', 'B', 'C', 'D'])).toMatch(/至少两项/);
    expect(keyProblem('multiple', ['A', 'A'], ['A', 'B', 'C', 'D'])).not.toBeNull();
    expect(keyProblem('multiple', ['D', 'A'], ['A', 'B', 'C', 'D'])).toBeNull();
    expect(sameKey(['D', 'A'], ['A', 'D'])).toBe(true);
    expect(sameKey('A', 'B')).toBe(false);
  });
});
