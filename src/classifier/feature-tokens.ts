/**
 * Turns request features into the model's input: bags of hashed ids (words and bigrams, structural
 * tokens such as `agent=aider` or `loop=2`, character n-grams), each id in [0, buckets). Training
 * (classifier/train.ts) and the runtime call this same function, so the two can never hash
 * differently. Hashes are computed over character codes without building token strings: this runs
 * on every request.
 */
import { endsWithQuestionMark, weighRules } from './heuristic-classifier.ts';
import type { RequestFeatures } from './types.ts';

/** How a request is tokenised; stored with the model (classifier.meta.json) so the runtime matches training. */
export interface TokenOptions {
  buckets: number;
  /** Characters of intent text read from its start and from its end (the request often follows a pasted log). */
  headCharacters: number;
  tailCharacters: number;
  maxTokens: number;
  /**
   * A third bag of each word's character n-grams of these lengths, the word padded with `#` at both
   * ends (robust to typos, inflections, identifiers and other languages); null for none.
   */
  characterNgrams: readonly [number, number] | null;
  /** Cap on the subword bag (it grows with about four ids per character). */
  maxSubwordTokens: number;
  /** Add the heuristic classifier's three labels as tokens, so the model starts from the rules and learns where they fail. */
  heuristicTokens: boolean;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function hashRange(seed: number, text: string, start: number, end: number): number {
  let hash = seed;
  for (let index = start; index < end; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
}

function hashString(seed: number, text: string): number {
  return hashRange(seed, text, 0, text.length);
}

function combine(left: number, right: number): number {
  let hash = Math.imul(left ^ 0x5bd1e995, FNV_PRIME) ^ right;
  hash = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return (hash ^ (hash >>> 13)) >>> 0;
}

const WORD_SEED = hashString(FNV_OFFSET, 'w:');
const BIGRAM_SEED = hashString(FNV_OFFSET, 'b:');
const NGRAM_SEED = hashString(FNV_OFFSET, 'c:');
const PREVIOUS_SEED = hashString(FNV_OFFSET, 'p:');
const STRUCTURE_SEED = hashString(FNV_OFFSET, 's:');
const PAD = 0x23; // '#': a word's start and end inside its character n-grams

/**
 * Hashes of the character n-grams (lengths `min`…`max`) of `#word#`, without building the padded
 * string. FNV-1a runs left to right, so each start position's hash is extended one character at a
 * time and emitted at every length from `min`: the hash of `abc` continues that of `ab`.
 */
function addCharacterNgrams(sink: TokenSink, text: string, start: number, end: number, min: number, max: number): void {
  const padded = end - start + 2;
  for (let from = 0; from + min <= padded; from++) {
    let hash = NGRAM_SEED;
    const last = Math.min(from + max, padded);
    for (let at = from; at < last; at++) {
      hash ^= at === 0 || at === padded - 1 ? PAD : text.charCodeAt(start + at - 1);
      hash = Math.imul(hash, FNV_PRIME);
      if (at - from + 1 >= min) sink.addSubword(hash >>> 0);
    }
  }
}

/**
 * Letters, digits and underscore; everything above ASCII counts as a letter (accents, CJK…) except
 * the punctuation blocks: Latin-1's (« » ¿ ¡, no-break space), general punctuation (– — “ ” …),
 * CJK punctuation (、。「」, ideographic space) and the full-width forms (，！？：；（）). Chinese and
 * Japanese have no spaces, so without these a whole paragraph would be one "word".
 */
function isWordCode(code: number): boolean {
  if (code <= 127) return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
  if (code <= 0xbf) return false;
  if (code < 0x2000) return true;
  if (code <= 0x206f || (code >= 0x3000 && code <= 0x303f)) return false;
  if (code < 0xff01 || code > 0xff65) return true;
  return (code >= 0xff10 && code <= 0xff19) || (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a);
}

class TokenSink {
  readonly ids: number[] = [];
  /**
   * Where character n-grams go: their own bag, weighed apart from the words. Filled up to
   * `subwordCount`; a typed buffer because a long paste yields thousands of n-grams.
   */
  readonly subwords: Int32Array<ArrayBuffer> | null;
  subwordCount = 0;
  readonly ngrams: TokenOptions['characterNgrams'];
  constructor(private readonly options: TokenOptions) {
    this.ngrams = options.characterNgrams;
    this.subwords = options.characterNgrams ? new Int32Array(options.maxSubwordTokens) : null;
  }
  add(hash: number): void {
    if (this.ids.length < this.options.maxTokens) this.ids.push(hash % this.options.buckets);
  }
  addSubword(hash: number): void {
    if (this.subwords && this.subwordCount < this.subwords.length) this.subwords[this.subwordCount++] = hash % this.options.buckets;
  }
  structure(name: string, value: string | number | boolean): void {
    this.add(hashString(hashString(STRUCTURE_SEED, name), String(value)));
  }
}

/** Words at the start of a request: the verb that says what is wanted usually comes first ("add", "why", "refactor"). */
const LEAD_WORDS = 3;
const LEAD_SEED = hashString(FNV_OFFSET, 'lead:');
const TAIL_LEAD_SEED = hashString(FNV_OFFSET, 'tail-lead:');

/** Scripts written without spaces between words: Han, kana, Thai, Lao, Myanmar, Khmer. */
function isUnspacedCode(code: number): boolean {
  return (
    (code >= 0x3040 && code <= 0x30ff) ||
    (code >= 0x3400 && code <= 0x9fff) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0x0e00 && code <= 0x0eff) ||
    (code >= 0x1000 && code <= 0x109f) ||
    (code >= 0x1780 && code <= 0x17ff)
  );
}

/**
 * Words of the text into the sink: a run of letters is a word, and so is a run of an unspaced script
 * (Chinese, Japanese, Thai) — a change of script ends a word, so `修一下orderservice的` is three.
 * Latin-style words give unigrams, word pairs and character n-grams; an unspaced run has no word
 * boundaries to find, so each character and each character pair is a word (the usual features for
 * Chinese text: 改, 重构, 测试), plus its character n-grams.
 */
function addWords(sink: TokenSink, text: string, withContext: boolean, leadWords?: number[]): void {
  let previousWord = 0;
  let wordCount = 0;
  let start = -1;
  let unspaced = false;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    const isWord = isWordCode(code);
    const codeUnspaced = isWord && isUnspacedCode(code);
    if (isWord && start !== -1 && codeUnspaced === unspaced) continue;
    if (start !== -1) {
      const end = index;
      if (unspaced) {
        addCharacterWords(sink, text, start, end, withContext ? WORD_SEED : PREVIOUS_SEED);
        if (withContext) {
          if (leadWords && wordCount < LEAD_WORDS) {
            // The verb comes first: 重构…, 写一个…, 直して….
            leadWords.push(combine(LEAD_SEED, hashRange(WORD_SEED, text, start, Math.min(end, start + 2))));
            if (end - start > 2) leadWords.push(combine(LEAD_SEED, hashRange(WORD_SEED, text, start, start + 3)));
          }
          wordCount++;
          previousWord = 0;
          if (sink.ngrams) addCharacterNgrams(sink, text, start, end, sink.ngrams[0], sink.ngrams[1]);
        }
      } else if (!withContext) {
        sink.add(hashRange(PREVIOUS_SEED, text, start, end));
      } else {
        const word = hashRange(WORD_SEED, text, start, end);
        sink.add(word);
        if (leadWords && wordCount < LEAD_WORDS) leadWords.push(combine(LEAD_SEED, word));
        wordCount++;
        if (previousWord !== 0) sink.add(combine(BIGRAM_SEED ^ previousWord, word));
        previousWord = word;
        // #a, #ab, ab, abc, …, z#: the padding carries prefixes and suffixes (-ing, re-, -tion).
        if (sink.ngrams && end - start <= 24) addCharacterNgrams(sink, text, start, end, sink.ngrams[0], sink.ngrams[1]);
      }
    }
    start = isWord ? index : -1;
    unspaced = codeUnspaced;
  }
}

/** Each character and each pair of neighbouring characters of an unspaced run, as words. */
function addCharacterWords(sink: TokenSink, text: string, start: number, end: number, seed: number): void {
  for (let at = start; at < end; at++) {
    sink.add(hashRange(seed, text, at, at + 1));
    if (at + 1 < end) sink.add(hashRange(seed, text, at, at + 2));
  }
}

// A file name's extension after a word character: linear to scan (a full path pattern backtracks badly on long prompts).
const FILE_PATH = /[\w-]\.(?:tsx?|jsx?|mjs|py|rs|go|java|rb|kt|c|h|cc|cpp|hpp|cs|sql|ya?ml|json|md|toml|sh|css|scss|html|vue|svelte|dart|swift|php|tf|xml|gradle|ex|exs|lua|proto|ipynb|env|lock)\b/g;
const LIST_ITEM = /^\s*(?:[-*•]|\d+[.)])\s+/gm;

/** The request's shape, which carries much of its complexity: lines, file paths named, list items, sentences. */
function addShapeTokens(sink: TokenSink, text: string): void {
  let lines = 1;
  let sentences = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code === 10) lines++;
    else if ((code === 46 || code === 63 || code === 33) && text.charCodeAt(index + 1) === 32) sentences++;
    else if (isCjkSentenceEnd(code) && !isCjkSentenceEnd(text.charCodeAt(index + 1))) sentences++;
  }
  sink.structure('lines', bucketOf(lines, [2, 4, 10, 30]));
  sink.structure('sentences', bucketOf(sentences, [1, 2, 4, 8]));
  sink.structure('paths', bucketOf(text.match(FILE_PATH)?.length ?? 0, [1, 2, 4]));
  sink.structure('list_items', bucketOf(text.match(LIST_ITEM)?.length ?? 0, [1, 3, 6]));
}

/** 。！？: Chinese and Japanese sentences end without a following space. */
function isCjkSentenceEnd(code: number): boolean {
  return code === 0x3002 || code === 0xff01 || code === 0xff1f;
}

function bucketOf(value: number, edges: readonly number[]): number {
  let bucket = 0;
  while (bucket < edges.length && value >= edges[bucket]!) bucket++;
  return bucket;
}

/**
 * The model's inputs for one request, one bag of ids each, each weighed as its own unit vector so
 * a long prompt's hundreds of words cannot drown the few structural signals: `[text, structure]`,
 * plus `subwords` when character n-grams are on. No bag is ever empty.
 */
export type TokenIds = readonly Int32Array[];

export function bagNames(options: Pick<TokenOptions, 'characterNgrams'>): string[] {
  return options.characterNgrams ? ['text', 'structure', 'subwords'] : ['text', 'structure'];
}

/** A bag as the model reads it: distinct ids with how often each occurred. */
export interface CountedBag {
  ids: Int32Array;
  counts: Float32Array;
}

/** Occurrences per id while one bag is counted; always left all zero. */
let tally = new Uint32Array(1 << 16);

/** Linear in the bag's size (no sort); ids in order of first occurrence, so the result is deterministic. */
export function countBag(bag: Int32Array): CountedBag {
  const length = bag.length;
  let largest = 0;
  for (let k = 0; k < length; k++) if (bag[k]! > largest) largest = bag[k]!;
  if (largest >= tally.length) tally = new Uint32Array(largest + 1);
  const order = new Int32Array(length);
  let distinct = 0;
  for (let k = 0; k < length; k++) {
    const id = bag[k]!;
    if (tally[id] === 0) order[distinct++] = id;
    tally[id]!++;
  }
  const ids = order.slice(0, distinct);
  const counts = new Float32Array(distinct);
  for (let k = 0; k < distinct; k++) {
    counts[k] = tally[ids[k]!]!;
    tally[ids[k]!] = 0;
  }
  return { ids, counts };
}

const SHORT_FOLLOW_UP = 60;
const EMPTY_TEXT_SEED = hashString(STRUCTURE_SEED, 'empty_text');

export function featureTokenIds(features: RequestFeatures, options: TokenOptions): TokenIds {
  const sink = new TokenSink(options);
  const raw = features.intentText;
  const text = (raw.length > options.headCharacters + options.tailCharacters
    ? `${raw.slice(0, options.headCharacters)} ${raw.slice(raw.length - options.tailCharacters)}`
    : raw
  ).toLowerCase();

  sink.structure('agent', features.agent);
  sink.structure('tool_result', features.isToolResultTurn);
  // Loop depth and long conversations get no finer tokens than the training data covers (loops of one
  // round trip, at most seven turns): a token never seen in training is only noise in production.
  sink.structure('turns', bucketOf(features.turnCount, [2, 4]));
  // No token-count token: the training envelopes are smaller than real ones (Claude Code's tool list
  // is cut to keep examples small), so the model would learn sizes it never sees in production.
  sink.structure('chars', bucketOf(raw.length, [20, 60, 150, 400, 1000, 3000]));
  sink.structure('code', Math.min(features.codeBlockCount, 2));
  sink.structure('trace', features.hasStackTrace);
  sink.structure('diff', features.hasDiff);
  sink.structure('images', features.hasImages);
  sink.structure('tools', features.hasTools);
  sink.structure('files', Math.min(features.attachedFileCount, 3));
  sink.structure('aider', features.aiderMode ?? 'none');
  sink.structure('housekeeping', features.housekeepingKind ?? 'none');
  sink.structure('question', endsWithQuestionMark(text));
  sink.structure('follow_up', features.previousUserText.length > 0);
  addShapeTokens(sink, text);
  if (options.heuristicTokens) {
    const { classification: rules, taskScores } = weighRules(features);
    sink.structure('rule_task', rules.taskType);
    sink.structure('rule_complexity', rules.complexity);
    sink.structure('rule_phase', rules.phase);
    for (const [taskType, score] of taskScores) sink.structure(`rule_score_${taskType}`, bucketOf(score, [2, 4, 8]));
  }

  const structure = sink.ids.slice();
  sink.ids.length = 0;
  const leadWords: number[] = [];
  addWords(sink, text, true, leadWords);
  for (const lead of leadWords) structure.push(lead % options.buckets);
  // After a pasted log or code the request often comes last ("fix it pls", "why?"): the last line's lead words too.
  const lastBreak = text.trimEnd().lastIndexOf('\n');
  if (lastBreak > 0) {
    const tailLeads: number[] = [];
    // Only the lead words are kept: a sink without n-grams does no work for nothing.
    addWords(new TokenSink({ ...options, characterNgrams: null }), text.slice(lastBreak + 1), true, tailLeads);
    for (const lead of tailLeads.slice(0, 2)) structure.push(combine(TAIL_LEAD_SEED, lead) % options.buckets);
  }
  const previous = features.previousUserText;
  if (previous) addWords(sink, previous.length > 300 ? previous.slice(0, 300).toLowerCase() : previous.toLowerCase(), false);
  // A short follow-up ("ok do it", "same for billing") means what the turn before it meant.
  if (raw.length < SHORT_FOLLOW_UP && (previous || features.previousAssistantText)) {
    addWords(sink, `${previous.slice(0, 300)}\n${features.previousAssistantText}`.toLowerCase(), true);
  }
  if (sink.ids.length === 0) sink.add(EMPTY_TEXT_SEED);
  const bags = [Int32Array.from(sink.ids), Int32Array.from(structure)];
  if (sink.subwords) {
    if (sink.subwordCount === 0) sink.addSubword(EMPTY_TEXT_SEED);
    bags.push(sink.subwords.subarray(0, sink.subwordCount));
  }
  return bags;
}
