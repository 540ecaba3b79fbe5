import { keyAction, navStatus } from './exam-keys';

describe('exam keyboard', () => {
  const four = { labels: ['A', 'B', 'C', 'D'] };

  it('maps letters to the options shown, either case', () => {
    expect(keyAction('a', four)).toEqual({ kind: 'choose', label: 'A' });
    expect(keyAction('D', four)).toEqual({ kind: 'choose', label: 'D' });
    // E exists only on five-option questions
    expect(keyAction('e', four)).toBeNull();
    expect(keyAction('e', { labels: ['A', 'B', 'C', 'D', 'E'] })).toEqual({ kind: 'choose', label: 'E' });
    // judge: A 正确, B 错误, nothing else
    expect(keyAction('c', { labels: ['A', 'B'] })).toBeNull();
  });

  it('moves with the arrow keys and ignores typing and shortcuts', () => {
    expect(keyAction('ArrowLeft', four)).toEqual({ kind: 'prev' });
    expect(keyAction('ArrowRight', four)).toEqual({ kind: 'next' });
    expect(keyAction('a', { ...four, inTextField: true })).toBeNull();
    expect(keyAction('c', { ...four, ctrlOrMeta: true })).toBeNull();
    expect(keyAction('F', four)).toBeNull();
    expect(keyAction('Enter', four)).toBeNull();
  });

  it('shows flagged before answered in the grid', () => {
    expect(navStatus(true, false)).toBe('answered');
    expect(navStatus(false, false)).toBe('unanswered');
    expect(navStatus(true, true)).toBe('flagged');
  });
});
