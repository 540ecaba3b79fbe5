/**
 * The masked forms used wherever a person is shown in public (the draw record, listings, results).
 */

/** Two-character compound surnames (复姓) kept visible when masking. */
const COMPOUND_SURNAMES = [
  '欧阳',
  '司马',
  '上官',
  '诸葛',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '钟离',
  '端木',
  '南宫',
  '独孤',
  '西门',
  '百里',
  '呼延',
  '澹台',
  '公冶',
  '太史',
  '申屠',
  '闻人',
  '赫连',
  '万俟',
  '濮阳',
  '淳于',
  '单于',
  '仲孙',
  '司空',
  '亓官',
  '司寇',
  '子车',
  '颛孙',
  '壤驷',
  '公良',
  '漆雕',
  '乐正',
  '宰父',
  '谷梁',
  '拓跋',
];

const SEPARATORS = /[·•・\s.-]/;

/**
 * Masks a person's name for public lists: 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧阳**, 欧阳修 → 欧阳*.
 * Names with a separator (维吾尔族 names such as 阿卜杜拉·买买提, or Latin names) keep their first character
 * and the separators only.
 */
export function maskName(raw: string): string {
  const name = raw.trim();
  const chars = [...name];
  if (chars.length === 0) {
    return '';
  }
  if (chars.length === 1) {
    return '*';
  }
  if (chars.some((c) => SEPARATORS.test(c))) {
    return chars.map((c, i) => (i === 0 || SEPARATORS.test(c) ? c : '*')).join('');
  }
  const compound = chars.length >= 3 && COMPOUND_SURNAMES.includes(chars.slice(0, 2).join(''));
  if (compound) {
    return chars.slice(0, 2).join('') + '*'.repeat(chars.length - 2);
  }
  if (chars.length === 2) {
    return `${chars[0]}*`;
  }
  return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/** 370102199001011234 → 37*************234 (first 2 and last 3 shown). */
export function maskIdNumber(id: string): string {
  const s = id.trim();
  if (s.length <= 5) {
    return '*'.repeat(s.length);
  }
  return s.slice(0, 2) + '*'.repeat(s.length - 5) + s.slice(-3);
}
