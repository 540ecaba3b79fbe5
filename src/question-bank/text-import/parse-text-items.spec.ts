import { disciplineCodes, judgeAnswer, letterAnswer, parseTextItems } from './parse-text-items';

const text = (lines: string[]) => lines.join('\n');

describe('parseTextItems: the format Chinese exam services use', () => {
  it('reads single, multiple and true/false items with their optional lines', () => {
    const r = parseTextItems(
      text([
        '2026年安全生产知识题库（节选）',
        '',
        '1. 生产经营单位的主要负责人是本单位安全生产（  ），对本单位的安全生产工作全面负责。',
        'A. 第一责任人',
        'B. 直接责任人',
        'C. 主要责任人',
        'D. 领导责任人',
        '答案：A',
        '解析：见安全生产法第五条。',
        '出处：《中华人民共和国安全生产法》第五条',
        '难度：2',
        '',
        '2、下列属于生产经营单位安全生产管理机构职责的有（ ）。',
        'A．组织制定安全生产规章制度',
        'B．组织开展危险源辨识和评估',
        'C．制止和纠正违章指挥',
        'D．审批项目建设资金',
        '答案：ABC',
        '依据：《安全生产法》第二十五条',
        '题型：多选题',
        '专业：危险化学品、非煤矿山',
        '',
        '3. 从业人员有权拒绝违章指挥和强令冒险作业。（  ）',
        '答案：√',
        '出处：《中华人民共和国安全生产法》第五十四条',
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.items).toHaveLength(3);
    const [one, two, three] = r.items;
    expect(one).toMatchObject({
      index: 1,
      number: 1,
      line: 3,
      type: 'single',
      stem: '生产经营单位的主要负责人是本单位安全生产（　），对本单位的安全生产工作全面负责。',
      options: { A: '第一责任人', B: '直接责任人', C: '主要责任人', D: '领导责任人' },
      answer: 'A',
      explanation: '见安全生产法第五条。',
      sourceText: '《中华人民共和国安全生产法》第五条',
      difficulty: 2,
      disciplines: ['common'],
    });
    expect(one.lines).toMatchObject({ stem: 3, options: 4, answer: 8, source: 10, difficulty: 11 });
    expect(two).toMatchObject({
      line: 13,
      type: 'multiple',
      answer: ['A', 'B', 'C'],
      sourceText: '《安全生产法》第二十五条',
      difficulty: 3,
      disciplines: ['hazardous-chemicals', 'non-coal-mining'],
    });
    expect(three).toMatchObject({
      type: 'judge',
      answer: true,
      stem: '从业人员有权拒绝违章指挥和强令冒险作业。（　）',
    });
    expect(three.options).toBeUndefined();
  });

  it('takes options written on one line, stems over several lines, and bracketed labels', () => {
    const r = parseTextItems(
      text([
        '（1）依照安全生产法，',
        '生产经营单位应当（ ）。',
        'A.甲  B.乙　C.丙  D.丁',
        '【答案】D',
        '【解析】第一行',
        '第二行',
        '',
        '第2题 判断：危险作业无需现场安全管理。',
        '【答案】错误',
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.items[0]).toMatchObject({
      stem: '依照安全生产法，生产经营单位应当（　）。',
      options: { A: '甲', B: '乙', C: '丙', D: '丁' },
      answer: 'D',
      explanation: '第一行\n第二行',
    });
    expect(r.items[1]).toMatchObject({ number: 2, type: 'judge', answer: false });
  });

  it('takes the type from section headings and an answer written in the blank', () => {
    const r = parseTextItems(
      text([
        '一、单项选择题（每题1分）',
        '1. 甲乙丙（B）。',
        'A. 一',
        'B. 二',
        'C. 三',
        'D. 四',
        '二、多项选择题',
        '2. 题干（ ）',
        'A. 一',
        'B. 二',
        'C. 三',
        'D. 四',
        'E. 五',
        '答案：A、C、E',
        '三、判断题',
        '3. 题干（  ）',
        '答案：对',
      ]),
    );
    expect(r.problems).toEqual([]);
    expect(r.items.map((i) => [i.type, i.answer])).toEqual([
      ['single', 'B'],
      ['multiple', ['A', 'C', 'E']],
      ['judge', true],
    ]);
    expect(r.items[0].stem).toBe('甲乙丙（　）。');
  });

  it('does not take a decimal at the start of a stem line for a new item', () => {
    const r = parseTextItems(text(['1. 高处作业是指在坠落高度基准面', '2.5米以上……（　）', '答案：错误']));
    expect(r.problems).toEqual([]);
    expect(r.items).toHaveLength(1);
    expect(r.items[0].stem).toBe('高处作业是指在坠落高度基准面2.5米以上……（　）');
  });

  it('refuses with the line number and the reason for every bad item, and keeps reading', () => {
    const r = parseTextItems(
      text([
        '1. 题干一（ ）', //  1
        'A. 一', //           2
        'B. 二', //           3
        'C. 三', //           4
        'D. 四', //           5
        '答案：E', //         6  not an option
        '', //                7
        '2. 题干二（ ）', //  8
        'A. 一', //           9
        'C. 三', //          10  out of order
        '答案：A', //        11
        '', //               12
        '3. 题干三（ ）', // 13
        'A. 一', //          14
        'B. 二', //          15
        'C. 三', //          16
        'D. 四', //          17  no answer line (named on the item's first line)
        '', //               18
        '4. 题干四', //      19
        '答案：也许', //     20
        '题型：判断题', //   21
        '难度：很难', //     22  unknown difficulty
        '专业：航天', //     23  unknown discipline
        '随便一行', //       24  unrecognised
      ]),
    );
    expect(r.items).toEqual([]);
    const seen = r.problems.map((p) => [p.line, p.item, p.field]);
    expect(seen).toEqual(
      expect.arrayContaining([
        [6, 1, 'answer'],
        [10, 2, 'options'],
        [13, 3, 'answer'],
        [20, 4, 'answer'],
        [22, 4, 'difficulty'],
        [23, 4, 'disciplines'],
        [24, 4, undefined],
      ]),
    );
    const reason = (line: number) => r.problems.find((p) => p.line === line)?.reason ?? '';
    expect(reason(6)).toContain('答案 E 不在选项中');
    expect(reason(10)).toContain('应为 B');
    expect(reason(13)).toContain('第3题缺少“答案：”行');
    expect(reason(20)).toContain('判断题的答案应为“正确”或“错误”');
    expect(reason(22)).toContain('难度“很难”无法识别');
    expect(reason(23)).toContain('专业“航天”不是题库的专业');
    expect(reason(24)).toContain('无法识别此行');
  });

  it('checks the answer and the options against the type', () => {
    const r = parseTextItems(
      text([
        '一、多选题',
        '1. 题（ ）',
        'A. 一',
        'B. 二',
        'C. 三',
        'D. 四',
        '答案：B',
        '2. 题（ ）',
        'A. 一',
        'B. 二',
        '答案：AB',
        '三、判断题',
        '3. 题（ ）',
        'A. 对',
        'B. 错',
        '答案：正确',
        '4. 题（ ）',
        '题型：单选',
        'A. 一',
        'B. 二',
        'C. 三',
        'D. 四',
        '答案：AB',
        '5. 题（ ）',
        'A. 一',
        'B. 二',
        'C. 三',
        'D. 四',
        '答案：AA',
        '题型：多选',
      ]),
    );
    const byItem = (n: number) => r.problems.filter((p) => p.item === n).map((p) => p.reason);
    expect(byItem(1).join()).toContain('多选题的答案应为两个或更多字母');
    expect(byItem(2).join()).toContain('多选题应有 A–D 或 A–E 四到五个选项，现有 2 个');
    expect(byItem(3).join()).toContain('判断题不应有选项');
    expect(byItem(4).join()).toContain('单选题的答案应为一个字母');
    expect(byItem(5).join()).toContain('重复');
    expect(r.items).toEqual([]);
  });

  it('takes an item without options for a true/false one when its answer is not understood', () => {
    const r = parseTextItems(text(['1. 题（ ）', '答案：不一定']));
    expect(r.problems).toEqual([
      expect.objectContaining({
        line: 2,
        item: 1,
        field: 'answer',
        reason: expect.stringContaining('判断题的答案应为'),
      }),
    ]);
  });

  it('names lines that stand before any item, an empty text, and a label given twice', () => {
    expect(parseTextItems('答案：A').problems[0]).toMatchObject({ line: 1, field: 'answer' });
    expect(parseTextItems('A. 选项').problems[0]).toMatchObject({ line: 1, field: 'options' });
    expect(parseTextItems('  \n\n').problems[0].reason).toContain('没有找到题目');
    const twice = parseTextItems(text(['1. 题（ ）', '答案：正确', '答案：错误']));
    expect(twice.problems[0]).toMatchObject({ line: 3, item: 1, field: 'answer' });
    expect(twice.problems[0].reason).toContain('两行“答案”');
  });

  it('accepts Windows line ends, full-width letters and tabs', () => {
    const r = parseTextItems('1.\t题干（ ）\r\nＡ、一\r\nＢ、二\r\nＣ、三\r\nＤ、四\r\n答案：Ｃ\r\n');
    expect(r.problems).toEqual([]);
    expect(r.items[0]).toMatchObject({ options: { A: '一', B: '二', C: '三', D: '四' }, answer: 'C' });
  });
});

describe('the answer and discipline words', () => {
  it('reads true/false in every usual spelling', () => {
    for (const t of ['正确', '对', '√', '✓', 'T', 'true']) {
      expect(judgeAnswer(t)).toBe(true);
    }
    for (const f of ['错误', '错', '×', '✗', 'X', 'F', 'false']) {
      expect(judgeAnswer(f)).toBe(false);
    }
    expect(judgeAnswer('A')).toBeNull();
  });

  it('reads letters however they are separated', () => {
    expect(letterAnswer('ABD')).toEqual(['A', 'B', 'D']);
    expect(letterAnswer('A、B、D')).toEqual(['A', 'B', 'D']);
    expect(letterAnswer('a,b')).toEqual(['A', 'B']);
    expect(letterAnswer('ＡＣ')).toEqual(['A', 'C']);
    expect(letterAnswer('A和B')).toBeNull();
  });

  it('maps discipline names to codes, 通用 to common', () => {
    expect(disciplineCodes('通用')).toEqual({ codes: ['common'], unknown: [] });
    expect(disciplineCodes('冶金，有色')).toEqual({ codes: ['metallurgy', 'nonferrous'], unknown: [] });
    expect(disciplineCodes('通用、烟草')).toEqual({ codes: ['tobacco'], unknown: [] });
    expect(disciplineCodes('烟草、航空')).toEqual({ codes: ['tobacco'], unknown: ['航空'] });
  });
});
