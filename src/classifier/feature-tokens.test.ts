import { describe, expect, test } from 'bun:test';
import { extractFeatures } from './extract-features.ts';
import { featureTokenIds, type TokenOptions } from './feature-tokens.ts';

const OPTIONS: TokenOptions = { buckets: 65536, headCharacters: 1000, tailCharacters: 300, maxTokens: 2048, maxSubwordTokens: 8192, characterNgrams: [2, 5], heuristicTokens: false };

function bagsOf(text: string): { text: number[]; structure: number[] } {
  const features = extractFeatures({ protocol: 'anthropic', body: { model: 'auto', max_tokens: 100, messages: [{ role: 'user', content: text }] } });
  const [words, structure] = featureTokenIds(features, OPTIONS);
  return { text: [...words!].sort(), structure: [...structure!].sort() };
}

describe('featureTokenIds on text without spaces', () => {
  test('full-width and CJK punctuation separate words the way a space does', () => {
    expect(bagsOf('给用户表加一个字段，写迁移').text).toEqual(bagsOf('给用户表加一个字段 写迁移').text);
    expect(bagsOf('ログイン画面を直して、テストも追加').text).toEqual(bagsOf('ログイン画面を直して テストも追加').text);
    expect(bagsOf('“refactor” the parser…please').text).toEqual(bagsOf('refactor the parser please').text);
  });

  test('letters above ASCII still join into words (accents, kana, Hangul)', () => {
    expect(bagsOf('corrige la función').text).not.toEqual(bagsOf('corrige la funci n').text);
    expect(bagsOf('결제 모듈').text).not.toEqual(bagsOf('결 제 모듈').text);
  });

  test('a Chinese request names its verb: requests sharing the first characters share a lead token', () => {
    const lead = (text: string) => new Set(bagsOf(text).structure);
    const refactorA = lead('重构支付模块，拆成三个服务');
    const refactorB = lead('重构订单服务的缓存层');
    const explain = lead('解释一下订单服务的缓存层');
    const shared = (a: Set<number>, b: Set<number>) => [...a].filter((id) => b.has(id)).length;
    expect(shared(refactorA, refactorB)).toBeGreaterThan(shared(refactorA, explain));
  });

  test('Chinese and Japanese text is read as characters and character pairs, and a change of script ends a word', () => {
    const words = (text: string) => new Set(bagsOf(text).text);
    const shared = (a: string, b: string) => [...words(a)].filter((id) => words(b).has(id)).length;
    // 重构 (refactor) in the middle of a clause still matches 重构 at the start of another.
    expect(shared('请帮我重构支付服务', '重构订单')).toBeGreaterThan(shared('请帮我解释支付服务', '重构订单'));
    // The identifier inside Chinese text is the same word as in English text.
    expect(words('修一下orderservice里的空指针').has([...words('orderservice')][0]!)).toBe(true);
  });

  test('Chinese and Japanese sentence ends count as sentences', () => {
    const english = new Set(bagsOf('fix the login. add an export. write tests. deploy it. thanks').structure);
    const commas = new Set(bagsOf('修复登录，加导出，写测试，再部署，').structure);
    const sentenceTokens = bagsOf('修复登录。加导出。写测试。再部署。').structure.filter((id) => english.has(id) && !commas.has(id));
    expect(sentenceTokens).toHaveLength(1);
  });
});
