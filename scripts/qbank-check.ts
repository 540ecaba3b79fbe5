/**
 * npm run qbank:check [-- --strict] [-- --verbose]
 *
 * Validates every file of the shipped question bank (QUESTION_BANK_DIR, default ./question-bank) against the
 * JSON Schema and the bank's rules, verifies approved items' bases against the law texts (LAWS_DIR, default
 * ../shared/laws, when present), applies the item-writing rules to the approved items and checks that items
 * giving each other away are declared in enemy-groups.yaml, and prints the counts, the writing figures per
 * source and per discipline (discipline-specific share, true/false balance, recall share) and the content
 * targets of issue 3.
 * Exit code 1 on any error; with --strict also when a content target is not met.
 */
import { existsSync } from 'node:fs';
import { formatIssue } from '../src/question-bank/files/bank-format';
import { loadBankDirectory, loadEnemyGroups } from '../src/question-bank/files/bank-loader';
import {
  contentTargets,
  countBank,
  paperSupply,
  writingReport,
} from '../src/question-bank/files/bank-report';
import { longestKeyShare, multipleShapes } from '../src/question-bank/files/item-writing-rules';
import { openLawLibrary } from '../src/question-bank/files/law-library';
import { checkBank } from '../src/question-bank/files/validate-bank';
import { itemStatusName, questionTypeName } from '../src/question-bank/question-type';

function main(): number {
  const args = new Set(process.argv.slice(2));
  const strict = args.has('--strict');
  const verbose = args.has('--verbose');
  const bankDir = process.env.QUESTION_BANK_DIR || './question-bank';
  const lawsDir = process.env.LAWS_DIR || '../shared/laws';
  if (!existsSync(bankDir)) {
    process.stderr.write(`qbank:check: 题库目录不存在：${bankDir}\n`);
    return 1;
  }
  const started = Date.now();
  const inputs = loadBankDirectory(bankDir);
  const laws = openLawLibrary(lawsDir);
  const enemyGroups = loadEnemyGroups(bankDir);
  const check = checkBank(inputs, { laws, mode: 'files', writingRules: true, enemyGroups });
  const out: string[] = [];
  const say = (line = ''): void => {
    out.push(line);
  };

  say(
    `题库检查：${bankDir}（${inputs.length} 个文件）；法规全文：${laws ? lawsDir : `${lawsDir}（不存在，跳过依据原文核对）`}`,
  );
  const errors = check.issues.filter((i) => i.severity === 'error');
  const warnings = check.issues.filter((i) => i.severity === 'warning');
  if (errors.length > 0) {
    say();
    say(`错误（${errors.length}）：`);
    errors.forEach((e) => say(`  ${formatIssue(e)}`));
  }
  if (warnings.length > 0) {
    say();
    say(`警告（${warnings.length}）：`);
    const shown = verbose ? warnings : warnings.slice(0, 30);
    shown.forEach((w) => say(`  ${formatIssue(w)}`));
    if (shown.length < warnings.length) {
      say(`  …… 另有 ${warnings.length - shown.length} 条（--verbose 显示全部）`);
    }
  }

  const counts = countBank(check.items);
  say();
  say(
    `题目：${counts.total} 道通过检查${check.rejectedItems > 0 ? `，${check.rejectedItems} 道有错误（不计入下列统计）` : ''}`,
  );
  if (check.unverifiedApproved > 0) {
    say(`  其中 ${check.unverifiedApproved} 道已批准题目因缺少法规全文未核对依据`);
  }
  const statusLine = (s: Record<string, number>) =>
    (['draft', 'approved', 'retired'] as const).map((k) => `${itemStatusName(k)} ${s[k]}`).join(' / ');
  say();
  say('按来源：');
  for (const s of counts.bySource) {
    say(`  ${pad(s.key, 34)} ${pad(String(s.total), 5)}（${statusLine(s.byStatus)}）`);
  }
  say();
  say('按专业（标为 common 的计入通用）：');
  for (const d of counts.byDiscipline) {
    say(`  ${pad(`${d.name} ${d.code}`, 34)} ${pad(String(d.total), 5)}（已批准 ${d.approved}）`);
  }
  say();
  say(
    `按题型：${(['judge', 'single', 'multiple'] as const).map((t) => `${questionTypeName(t)} ${counts.byType[t]}`).join(' / ')}`,
  );
  say(`按状态：${statusLine(counts.byStatus)}`);
  const kb = counts.keyBalance;
  say(
    `答案分布（未停用）：单选 ${Object.entries(kb.single)
      .map(([k, n]) => `${k} ${n}`)
      .join(' ')}；判断 正确 ${kb.judgeTrue} 错误 ${kb.judgeFalse}；多选答案个数 ${Object.entries(
      kb.multipleSizes,
    )
      .sort()
      .map(([k, n]) => `${k}个 ${n}`)
      .join(' ')}`,
  );

  const report = writingReport(check.items);
  const share = (n: number, of: number) => (of > 0 ? `${((n * 100) / of).toFixed(1)}%` : '—');
  const balance = (f: { judge: number; judgeTrue: number }) =>
    f.judge > 0
      ? `正确 ${f.judgeTrue} / 错误 ${f.judge - f.judgeTrue}（${share(f.judgeTrue, f.judge)}）`
      : '无判断题';
  say();
  say('命题规则（已批准题目）：判断题“正确”占比须 40%–60%（≥ 5 道的来源）；纯记忆题（recall）≤ 15%');
  say(`  ${pad('来源', 34)} ${pad('已批准', 8)} ${pad('判断题正误', 30)} 纯记忆题`);
  for (const s of report.bySource) {
    say(
      `  ${pad(`${s.key}${s.shared ? '（共用）' : ''}`, 34)} ${pad(String(s.approved), 8)} ${pad(balance(s), 30)} ${s.recall}（${share(s.recall, s.approved)}）`,
    );
  }
  say(
    `  ${pad('全库', 34)} ${pad(String(report.total.approved), 8)} ${pad(balance(report.total), 30)} ${report.total.recall}（${share(report.total.recall, report.total.approved)}）`,
  );
  say();
  say('各专业已批准题目（专业题 = 标注本专业、且来源不是共用法规 scope: shared 的题目）：');
  for (const d of report.byDiscipline) {
    say(
      `  ${pad(`${d.name} ${d.code}`, 30)} 已批准 ${pad(String(d.approved), 5)} 专业题 ${pad(`${d.specific}（${share(d.specific, d.approved)}）`, 14)} 判断题 ${pad(balance(d), 28)} 纯记忆 ${share(d.recall, d.approved)}${d.specific === 0 ? '  ⚠ 没有已批准的专业题：专业部分只能由共用法规题填充' : ''}`,
    );
  }
  const approvedItems = check.items.filter((c) => c.item.status === 'approved').map((c) => c.item);
  say();
  for (const t of ['single', 'multiple'] as const) {
    const s = longestKeyShare(approvedItems.filter((i) => i.type === t));
    say(
      `${questionTypeName(t)}正确选项恰为最长选项：${share(s.hits, s.items)}（${s.hits}/${s.items}），随机约 ${(s.chance * 100).toFixed(1)}%`,
    );
  }
  const shapes = multipleShapes(approvedItems);
  say(`多选题：全部选项正确 ${shapes.allKeyed} 道，恰两个正确 ${shapes.twoKeys} 道（共 ${shapes.items} 道）`);
  say(
    `互斥组：${enemyGroups ? `${enemyGroups.groups.length} 组（enemy-groups.yaml）` : '无 enemy-groups.yaml'}`,
  );

  const targets = contentTargets(check.items, laws);
  say();
  say('内容目标：');
  for (const t of targets) {
    say(
      `  [${t.met ? '达成' : '未达成 NOT MET'}] ${t.label}：${t.actual} / ≥ ${t.required}${t.note ? `（${t.note}）` : ''}`,
    );
    for (const p of t.parts ?? []) {
      say(`      ${p.met ? '✓' : '✗'} ${p.label}：${p.actual}`);
    }
  }
  say();
  say('各专业组卷可用题量（已批准；通用 + 本专业；默认试卷需 判断 20、单选 50、多选 15）：');
  for (const s of paperSupply(check.items)) {
    const cell = (t: 'judge' | 'single' | 'multiple') =>
      `${questionTypeName(t)} ${s.common[t]}+${s.discipline[t]}=${s.common[t] + s.discipline[t]}`;
    say(`  ${pad(s.name, 12)} ${cell('judge')}  ${cell('single')}  ${cell('multiple')}`);
  }

  const unmet = targets.filter((t) => !t.met);
  const failed = errors.length > 0 || (strict && unmet.length > 0);
  say();
  if (unmet.length > 0) {
    say(`${strict ? '错误' : '警告'}：${unmet.length} 项内容目标未达成${strict ? '（--strict）' : ''}`);
  }
  say(
    `${failed ? '未通过' : '通过'}：${errors.length} 个错误，${warnings.length} 个警告（${Date.now() - started} ms）`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
  return failed ? 1 : 0;
}

/** Pads to a display width, counting CJK characters as two columns. */
function pad(s: string, width: number): string {
  const w = Array.from(s).reduce((n, ch) => n + (/[\u2e80-\uffff]/.test(ch) ? 2 : 1), 0);
  return s + ' '.repeat(Math.max(1, width - w));
}

process.exitCode = main();
