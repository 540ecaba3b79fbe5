import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { PROCTOR_ACTIONS } from '../proctoring/event-kinds';
import {
  AUDIT_TEMPLATES,
  auditSentence,
  beijingDayStart,
  beijingTime,
  candidateLabel,
  referencesOf,
  refLabel,
  staffLabel,
} from './audit-sentences';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory()
      ? sources(p)
      : /\.ts$/.test(name) && !/\.spec\.ts$/.test(name)
        ? [p]
        : [];
  });
}

/**
 * Action kinds built from a template literal, spelled out: a new `${…}` kind fails below until it is listed
 * here (and given its templates).
 */
const EXPANSIONS: Record<string, string[]> = {
  'proctor.${dto.action}': PROCTOR_ACTIONS.map((a) => `proctor.${a}`),
  'qbank.review.${dto.decision}': ['approve', 'request-change', 'reject'].map((d) => `qbank.review.${d}`),
};

/** Every action kind written in src/: `action: '<kind>'` in audit records and importer requests, and constants. */
function writtenKinds(): { kinds: Set<string>; unknownTemplates: string[] } {
  const kinds = new Set<string>();
  const unknownTemplates: string[] = [];
  for (const file of sources(SRC)) {
    const text = readFileSync(file, 'utf8');
    // Every quoted kind in the expression after `action:` (a literal, or a ternary of literals).
    for (const m of text.matchAll(/\baction:\s*([^,\n}]+)/g)) {
      for (const k of m[1].matchAll(/'([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)'/g)) {
        kinds.add(k[1]);
      }
    }
    for (const m of text.matchAll(/\baction: `([^`]+)`/g)) {
      const expanded = EXPANSIONS[m[1]];
      if (expanded) {
        expanded.forEach((k) => kinds.add(k));
      } else {
        unknownTemplates.push(`${file}: ${m[1]}`);
      }
    }
  }
  // Kinds passed through a constant (review-events.ts) rather than spelled at the call.
  for (const m of readFileSync(join(SRC, 'question-bank/review/review-events.ts'), 'utf8').matchAll(
    /= '([a-z]+\.[a-z.-]+)'/g,
  )) {
    kinds.add(m[1]);
  }
  return { kinds, unknownTemplates };
}

describe('audit sentences', () => {
  it('has a template for every action kind the code writes', () => {
    const { kinds, unknownTemplates } = writtenKinds();
    expect(unknownTemplates).toEqual([]);
    // The scan really finds the kinds (a broken pattern would pass vacuously).
    expect(kinds.size).toBeGreaterThan(80);
    expect(kinds).toContain('proctor.extend');
    expect(kinds).toContain('results.export');
    expect([...kinds].filter((k) => !(k in AUDIT_TEMPLATES)).sort()).toEqual([]);
  });

  it('reads a proctor’s extension as the issue asks, in Beijing time', () => {
    const names = new Map([
      ['user:3', staffLabel('admin', '张三')],
      ['sitting-candidate:17', candidateLabel('李四', '20261208-01-001')],
    ]);
    expect(
      auditSentence(
        {
          at: '2026-12-08T01:15:42.000Z',
          actor: 'user:3',
          action: 'proctor.extend',
          target: 'sitting-candidate:17',
          details: JSON.stringify({ seconds: 600, reason: '机器故障重启', sittingId: 4 }),
        },
        names,
      ),
    ).toBe(
      '2026-12-08 09:15 管理员 张三 为考生 李四（票号 20261208-01-001）延长考试 10 分钟，理由：机器故障重启',
    );
  });

  it('crosses midnight into the next Beijing day and back', () => {
    expect(beijingTime('2026-12-07T16:00:00.000Z')).toBe('2026-12-08 00:00');
    expect(beijingTime('2026-12-31T23:59:59.000Z', true)).toBe('2027-01-01 07:59:59');
    expect(beijingDayStart('2026-12-08').toISOString()).toBe('2026-12-07T16:00:00.000Z');
    expect(() => beijingDayStart('2026-12-8')).toThrow(RangeError);
  });

  it('names what it cannot resolve by kind and number, and an unknown kind by its code', () => {
    const none = new Map<string, string>();
    expect(refLabel('campaign:2/technician:5', none)).toBe('批次 #2 技术人员 #5');
    expect(refLabel('system', none)).toBe('系统');
    expect(
      auditSentence(
        {
          at: '2026-01-01T00:00:00Z',
          actor: 'anonymous',
          action: 'legacy.thing',
          target: 'x:1',
          details: '{}',
        },
        none,
      ),
    ).toBe('2026-01-01 08:00 未登录的访问者 执行 legacy.thing（对象 x:1）');
    expect(
      auditSentence(
        {
          at: '2026-01-01T00:00:00Z',
          actor: 'anonymous',
          action: 'auth.login-failed',
          target: 'user:unknown',
          details: JSON.stringify({ username: 'root', ip: '10.0.0.9', reason: 'unknown-user' }),
        },
        none,
      ),
    ).toBe('2026-01-01 08:00 未登录的访问者 以用户名“root”登录失败：用户名不存在（IP 10.0.0.9）');
  });

  it('resolves the people a template names from the details', () => {
    const row = {
      at: '2026-03-01T02:00:00Z',
      actor: 'user:1',
      action: 'campaign.excuse',
      target: 'campaign:2',
      details: JSON.stringify({ technicianId: 5, replacementTechnicianId: 9, reason: '住院' }),
    };
    expect(referencesOf([row]).sort()).toEqual(['campaign:2', 'technician:5', 'technician:9', 'user:1']);
    const names = new Map([
      ['user:1', staffLabel('admin', '王五')],
      ['campaign:2', '批次“2026年度分类等级评定”'],
      ['technician:5', '技术人员 赵六'],
      ['technician:9', '技术人员 钱七'],
    ]);
    expect(auditSentence(row, names)).toBe(
      '2026-03-01 10:00 管理员 王五 在 批次“2026年度分类等级评定” 中登记 技术人员 赵六 请假，理由：住院，由 技术人员 钱七 递补',
    );
  });
});
