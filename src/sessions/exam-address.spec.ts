import { checkExamAddress, effectiveExamAddress, isLocalHost } from './exam-address';

describe('the exam address an administrator sets', () => {
  it('accepts http(s) addresses of a host, adding /exam when only the host is given', () => {
    expect(checkExamAddress('http://192.168.1.10:3000/exam')).toEqual({
      url: 'http://192.168.1.10:3000/exam',
    });
    expect(checkExamAddress(' https://exam.linyi.gov.cn ')).toEqual({
      url: 'https://exam.linyi.gov.cn/exam',
    });
    expect(checkExamAddress('https://exam.linyi.gov.cn/')).toEqual({ url: 'https://exam.linyi.gov.cn/exam' });
    expect(checkExamAddress('HTTP://Exam.Linyi.gov.cn:8080/kaoshi/exam/')).toEqual({
      url: 'http://exam.linyi.gov.cn:8080/kaoshi/exam',
    });
  });

  it('refuses what candidates could not open, saying why in Chinese', () => {
    const reason = (s: string) => {
      const r = checkExamAddress(s);
      return 'error' in r ? r.error : 'accepted';
    };
    expect(reason('')).toContain('请填写');
    expect(reason('192.168.1.10:3000/exam')).toContain('http:// 或 https://');
    expect(reason('ftp://192.168.1.10/exam')).toContain('http:// 或 https://');
    expect(reason('javascript:alert(1)')).toContain('http:// 或 https://');
    expect(reason('http://')).not.toBe('accepted');
    expect(reason('http://a b/exam')).toContain('空格');
    expect(reason('http://admin:pw@10.0.0.1/exam')).toContain('用户名或密码');
    expect(reason('http://10.0.0.1/exam?ticket=1')).toContain('参数');
    expect(reason('http://10.0.0.1/exam#x')).toContain('参数');
    expect(reason(`http://10.0.0.1/${'a'.repeat(300)}`)).toContain('过长');
  });

  it('warns, without refusing, about an address only the server can open', () => {
    for (const a of [
      'http://localhost:3000',
      'http://127.0.0.1/exam',
      'http://[::1]:3000/exam',
      'http://0.0.0.0',
    ]) {
      const r = checkExamAddress(a);
      expect('error' in r).toBe(false);
      expect((r as { warning?: string }).warning).toContain('只能在服务器本机打开');
    }
    expect(isLocalHost('exam.localhost')).toBe(true);
    expect(isLocalHost('exam.linyi.local')).toBe(false);
    expect(isLocalHost('10.0.0.1')).toBe(false);
  });

  it('uses the stored address, else the environment’s, else the caller’s browser address', () => {
    const req = { protocol: 'http', host: '10.1.2.3:3000' };
    expect(effectiveExamAddress('http://a.cn/exam', 'http://b.cn/exam', req)).toEqual({
      url: 'http://a.cn/exam',
      source: 'settings',
    });
    expect(effectiveExamAddress(null, 'http://b.cn/exam', req)).toEqual({
      url: 'http://b.cn/exam',
      source: 'environment',
    });
    expect(effectiveExamAddress(null, undefined, req)).toEqual({
      url: 'http://10.1.2.3:3000/exam',
      source: 'browser',
    });
    const local = effectiveExamAddress(undefined, undefined, { protocol: 'http', host: 'localhost:3000' });
    expect(local).toMatchObject({ url: 'http://localhost:3000/exam', source: 'browser' });
    expect(local.warning).toContain('系统设置');
  });
});
