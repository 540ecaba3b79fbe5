import { SocketSittingRefDto } from '../proctoring/dto/proctor-socket.dto';
import { SocketSaveAnswerDto } from '../sessions/dto/exam-socket.dto';
import { checkMessage } from './socket-message';

describe('socket messages checked like request bodies', () => {
  it('accepts a well-formed message and refuses what would reach SQL as NaN', () => {
    expect(checkMessage(SocketSittingRefDto, { sittingId: 12 })).toEqual({
      ok: true,
      value: Object.assign(new SocketSittingRefDto(), { sittingId: 12 }),
    });
    for (const bad of [
      { sittingId: 'abc' },
      { sittingId: '12' },
      { sittingId: Number.NaN },
      { sittingId: 0 },
      { sittingId: 2 ** 31 },
      { sittingId: 1, extra: true },
      {},
      null,
      undefined,
      'x',
      [1],
    ]) {
      const r = checkMessage(SocketSittingRefDto, bad);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.message).toMatch(/^消息格式不正确：/);
    }
  });

  it('lets an answer be cleared with null but not left out', () => {
    expect(checkMessage(SocketSaveAnswerDto, { questionId: 3, response: null, revision: 1 }).ok).toBe(true);
    expect(checkMessage(SocketSaveAnswerDto, { questionId: 3, response: ['A', 'C'], revision: 2 }).ok).toBe(
      true,
    );
    const missing = checkMessage(SocketSaveAnswerDto, { questionId: 3, revision: 1 });
    expect(missing).toEqual({ ok: false, message: '消息格式不正确：response 不能缺省（清除作答请传 null）' });
    expect(checkMessage(SocketSaveAnswerDto, { questionId: 3, response: true, revision: 0 }).ok).toBe(false);
  });
});
