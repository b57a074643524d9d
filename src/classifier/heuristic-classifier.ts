import type { Complexity, Phase, TaskType } from '../config/config-schema.ts';
import type { Classification, Classifier, RequestFeatures } from './types.ts';

/**
 * Keyword and structure rules: the fallback when the model or the runtime cannot load, and the
 * baseline every eval reports against. Deliberately simple and readable; its mistakes are the
 * reason the model exists.
 * @see ../../evals/README.md (the eval reports it beside the model)
 */
export function createHeuristicClassifier(): Classifier {
  return { name: 'heuristic', classify: classifyByRules };
}

/** Scored keyword rules per task type; the highest total wins, ties go to the earlier entry. */
const TASK_RULES: readonly (readonly [TaskType, RegExp, number])[] = [
  ['testing', /\b(?:unit tests?|tests?|testing|test suite|coverage|jest|pytest|vitest|mocha|rspec|junit|mocks?|mocking|stubs?|fixtures?|flaky|spec file|e2e|snapshot|assertions?|testcontainers|playwright|cypress)\b/g, 2],
  ['bug_fix', /\b(?:bug|fix|crash(?:es|ing)?|exception|fails?|failing|broken|doesn'?t work|not working|isn'?t working|wrong|panic|undefined|null|traceback|segfault|regression|error|throws?|hangs?|stuck|leak\w*|freez\w*|flicker\w*|blank|janky|slow|timeouts?|deadlock|should be|instead of|no longer|stopped working|keeps)\b/g, 1.5],
  ['refactor', /\b(?:refactor|rename|extract|clean ?up|split|restructure|simplify|dedupe|deduplicate|modernis|moderniz|convert .{0,30} to|replace .{0,30} with|inline|decouple|consolidate|reorgani[sz]e|rewrite .{0,30} (?:as|using|with)|move .{0,40} (?:into|to|out of)|without changing|no behaviou?r change|same behaviou?r|typed|type hints)\w*/g, 2],
  ['code_review', /\b(?:review|audit|critique|look over|sanity.check|second pair of eyes|any issues with|is this (?:ok|okay|good|correct|safe|idiomatic)|what'?s wrong with this (?:design|approach|code)|feedback on|code smells?)\b/g, 3],
  ['documentation', /\b(?:docs?|documentation|readme|docstrings?|comments?|changelog|jsdoc|javadoc|tsdoc|commit message|pr description|release notes|api reference|adr|tutorial|guide|document)\b/g, 2],
  ['planning', /\b(?:plan|design|architecture|architect|approach|strategy|rfc|roadmap|break (?:this|it) down|how should (?:i|we) (?:structure|approach|organi[sz]e|split|model)|trade-?offs?|migration path|phases?|milestones?|options for|which (?:db|database|framework|library) should)\b/g, 1.5],
  ['devops', /\b(?:docker(?:file|ize)?|compose|kubernetes|k8s|helm|ci|cd|pipeline|deploy\w*|github actions|gitlab|workflows?|terraform|ansible|nginx|caddy|systemd|cron|env(?:ironment)? var\w*|\.env\w*|bash|shell|git|rebase|squash|cherry-pick|stash|gitignore|merge|branch(?:es)?|commits?|push|npm install|pip install|install|upgrade|bump|makefile|yaml|build fails?|container|vercel|netlify|aws|gcp|ssl|dns|ssh|lint(?:er|ing)?|eslint|prettier|husky|pre-commit|tsconfig|vite\.config|webpack|babel|browserslist|nvmrc|renovate|dependabot|pod install|gradle|xcode|signing|release|path alias)\b/g, 1.5],
  ['data', /\b(?:sql|query|queries|select|joins?|pandas|polars|dataframe|csv|xlsx|excel|spreadsheet|etl|postgres\w*|mysql|sqlite|bigquery|snowflake|table|analytics|analy[sz]\w*|aggregat\w*|group(?:s|ed)? by|spark|parquet|jupyter|notebook|dataset|metrics|cohort|pivot|dbt|duckdb|jq|statistic\w*|averages?|totals?|per (?:month|day|week|user)|chart|report)\b/g, 1.5],
  ['explanation', /\b(?:explain|what does|what is|what's|what are|how does|how do|why does|why is|why do|difference between|understand|walk me through|meaning of|when should|is it (?:true|possible|better))\b/g, 2],
  ['chat', /\b(?:thanks|thank you|you'?re (?:great|awesome|the best)|your favou?rite|are you (?:a|an|human|ai|gpt|claude)|what model are you|who (?:made|built) you|good (?:job|morning|night)|lol|haha|how are you|nice work|brb|just saying)\b/g, 3],
  ['code_generation', /\b(?:add|implement|create|write|build|make|generate|new|feature|endpoint|component|function|class|script|support for|page|screen|form|button|api|cli|hook)\b/g, 1],
];

/**
 * The same rules' commonest words in Chinese (both scripts), Japanese, Korean and Russian, where `\b`
 * does not apply (no spaces, or letters outside \w): substrings, weighed like the task type's English rule.
 */
const OTHER_LANGUAGE_WORDS: Readonly<Partial<Record<TaskType, RegExp>>> = {
  testing: /测试|測試|单测|單測|覆盖率|覆蓋率|テスト|カバレッジ|테스트|커버리지|тест/g,
  bug_fix: /修复|修復|修一下|报错|報錯|错误|錯誤|崩溃|崩潰|异常|異常|没反应|沒反應|不生效|失效|バグ|エラー|直して|動かない|落ちる|버그|오류|에러|고쳐|안 ?돼|исправ|ошибк|баг|падает|не работает/g,
  refactor: /重构|重構|拆分|抽取|抽成|改名|重命名|リファクタ|分割して|名前を変え|리팩터|리팩토링|분리|рефактор|переимен|вынеси|разбей/g,
  code_review: /审查|審查|评审|評審|レビュー|리뷰|검토|有没有问题|有沒有問題|問題ないか|ревью|проверь код/g,
  documentation: /文档|文檔|文件說明|注释|註解|註釋|说明文档|ドキュメント|コメント|注釈|문서|주석|документац|коммента/g,
  planning: /方案|设计|設計|架构|架構|规划|規劃|方針|アーキテクチャ|설계|아키텍처|계획|архитектур|спроектируй|план/g,
  devops: /部署|发布|發佈|發布|上线|上線|流水线|流水線|容器|镜像|鏡像|证书|證書|打包|デプロイ|パイプライン|コンテナ|証明書|リリース|배포|파이프라인|컨테이너|인증서|деплой|развер|пайплайн|контейнер/g,
  data: /数据|數據|資料|报表|報表|统计|統計|查询|查詢|集計|データ|데이터|통계|쿼리|данны|отчёт|отчет|запрос/g,
  explanation: /解释|解釋|什么是|什麼是|为什么|為什麼|为啥|怎么回事|區別|区别|説明して|説明を|とは|違い|なぜ|설명|차이|왜|объясни|почему|что такое|разница/g,
  chat: /谢谢|謝謝|多谢|辛苦了|你好|您好|ありがとう|こんにちは|감사|고마워|안녕|спасибо|привет/g,
  code_generation: /写一个|寫一個|写个|實作|实现|實現|新增|添加|加一个|加個|加个|做一个|作って|実装|追加|만들어|구현|추가|напиши|добавь|создай|реализуй/g,
};

const INFRASTRUCTURE_FAILURE = /\b(?:build|ci|deploy\w*|pipeline|workflow|pod install|gradle|docker|vercel|netlify|github actions|lint)\b.{0,40}\b(?:fail\w*|broken|errors?|red)\b/;
const RULE_WINDOW_HEAD = 600;
const RULE_WINDOW_TAIL = 200;
/** Characters (English-equivalent) beyond which a request is high complexity by its size alone. */
const LONG_REQUEST = 700;

const GREETING = /^(?:hi|hello|hey|yo|thanks|thank you|thx|ty|cheers|good (?:morning|evening|night)|ok|okay|cool|great|nice|awesome|lol|who are you|what can you do)\b/i;
const OTHER_GREETING = /^(?:你好|您好|谢谢|謝謝|多谢|哈喽|こんにちは|ありがとう|안녕|감사|고마워|привет|спасибо)/;
const OTHER_HIGH_COMPLEXITY = /架构|架構|分布式|分散式|并发|並發|高并发|安全|漏洞|鉴权|鑑權|迁移|遷移|多租户|多租戶|幂等|冪等|一致性|事务|事務|分片|微服务|微服務|整个系统|整個系統|全链路|全鏈路|アーキテクチャ|分散|並行|性能|セキュリティ|移行|整合性|トランザクション|마이그레이션|아키텍처|동시성|성능|보안|분산|트랜잭션|멱등|архитектур|распредел|миграц|безопасн|производительн|конкурентн/;
const OTHER_LOW_COMPLEXITY = /错别字|錯字|拼写|拼寫|改个名|改個名|小改|简单|簡單|顺手|一行|誤字|タイポ|簡単|ちょっと|오타|간단|한 줄|опечатк|быстро|простой/;
const HIGH_COMPLEXITY =
  /\b(?:architecture|distributed|concurren\w*|race|races|thread-?safe|deadlock|locking|memory leak|performance|latency|throughput|security|vulnerab\w*|(?:sql |command |prompt )?injection|xss|csrf|ssrf|owasp|pen-?test\w*|auth\w*|encrypt\w*|idempoten\w*|migrat\w*|multi-?(?:tenant|region|file|service|step)|scal\w*|system design|sharding|consensus|replica\w*|zero.downtime|end.to.end|from scratch|offline|real-?time|websockets?|transactions?|consistency|exactly.once|backpressure|cache invalidation)\b/i;
/**
 * Scope said in a few words: LABELLING.md makes multi-file work, migrations across a codebase and
 * splitting a file into modules `high` however short the request ("migrate the whole app to ts").
 */
const WIDE_SCOPE =
  /\b(?:(?:whole|entire|full) (?:codebase|code ?base|repo(?:sitory)?|project|app|application|system|frontend|backend|api|service|site|monorepo|stack)|(?:all|every|each) (?:of (?:the|our) )?(?:the |our )?(?:\d+ )?(?:service|microservice|module|file|screen|page|endpoint|route|handler|controller|component|repo|package|table|app|view|model|lambda)s?|throughout (?:the |our )?(?:app|application|codebase|code|project|system|site|stack|ui|frontend|backend|product)|(?:all|every) (?:the |our )?(?:(?:outbound|incoming|external|third.party|network|api|http|db|database|sql) ){0,2}(?:calls|call sites|usages|callers|queries|requests|forms|places)|across (?:the |all |every |our )?(?:codebase|repo|project|services|modules|monorepo|files|app|packages|teams)|monorepo|codebase.wide|everywhere|(?:[5-9]|\d{2,}) (?:files|services|microservices|modules|packages|repos|endpoints|handlers|controllers|screens|components|tables)|split .{0,40} into (?:\w+ )?(?:modules|files|services|packages))\b/i;
const LOW_COMPLEXITY = /\b(?:typo|rename|one.liner?|one line|quick|simple|small|tiny|trivial|just)\b/i;
const EDIT_VERB = /\b(?:fix|add|change|update|implement|write|create|make|refactor|rename|remove|delete|replace|move|convert|apply|set up|setup|install|run|commit|push)\b/i;
const QUESTION_START = /^(?:what|why|how|where|when|which|who|is|are|does|do|can|could|should|explain|tell me)\b/i;
const PLAN_ONLY = /\b(?:plan|don'?t (?:edit|change|touch)|before (?:editing|changing|we start)|no code yet|just the plan|outline the steps|propose)\b/i;

/** The rules' verdict and their evidence: each task type's keyword score (the model reads both). */
export interface RuleEvidence {
  classification: Classification;
  taskScores: ReadonlyMap<TaskType, number>;
}

/** The rules themselves, also used as input tokens by the model (src/classifier/feature-tokens.ts). */
export function classifyByRules(features: RequestFeatures): Classification {
  return weighRules(features).classification;
}

export function weighRules(features: RequestFeatures): RuleEvidence {
  const base = { classifier: 'heuristic' as const, agent: features.agent };
  const full = features.intentText.length > 0 ? features.intentText : features.previousUserText;
  // The rules read the request's opening and closing words, where people say what they want; a
  // pasted log in the middle would only cost time (the regexes dominate on long prompts).
  const text = full.length > RULE_WINDOW_HEAD + RULE_WINDOW_TAIL ? `${full.slice(0, RULE_WINDOW_HEAD)}\n${full.slice(-RULE_WINDOW_TAIL)}` : full;
  const lower = text.toLowerCase();
  const taskScores = scoreTaskTypes(lower, features);
  if (features.isHousekeeping) {
    return { classification: { ...base, taskType: 'utility', complexity: 'low', phase: 'background', confidence: 0.9 }, taskScores };
  }
  const taskType = pickTaskType(lower, features, taskScores);
  const complexity = pickComplexity(text, readingLength(full), taskType, features);
  const phase = pickPhase(text, taskType, features);
  return { classification: { ...base, taskType, complexity, phase, confidence: 0.5 }, taskScores };
}

function scoreTaskTypes(lower: string, features: RequestFeatures): Map<TaskType, number> {
  const scores = new Map<TaskType, number>();
  const otherLanguage = hasLettersBeyondLatin(lower);
  for (const [taskType, pattern, weight] of TASK_RULES) {
    const matches = lower.match(pattern);
    let score = matches ? matches.length * weight : 0;
    const words = otherLanguage ? OTHER_LANGUAGE_WORDS[taskType] : undefined;
    if (words) score += (lower.match(words)?.length ?? 0) * weight;
    if (taskType === 'bug_fix' && features.hasStackTrace) score += 4;
    // LABELLING.md: a build, CI or deploy failure is devops, not bug_fix.
    if (taskType === 'devops' && INFRASTRUCTURE_FAILURE.test(lower)) score += 4;
    if (score > 0) scores.set(taskType, score);
  }
  return scores;
}

/** Han, kana and Hangul: a character carries about as much as three Latin letters. */
function isDenseCode(code: number): boolean {
  return (code >= 0x3040 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af);
}

/** Any character of the scripts OTHER_LANGUAGE_WORDS covers (Cyrillic, kana, Han, Hangul): most requests skip those rules. */
function hasLettersBeyondLatin(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if ((code >= 0x0400 && code <= 0x04ff) || isDenseCode(code)) return true;
  }
  return false;
}

/**
 * Length in English-equivalent characters, so the length rules do not call every Chinese, Japanese
 * or Korean request short. Past LONG_REQUEST characters the answer no longer matters (the request
 * is long either way), so a long paste is not scanned.
 */
function readingLength(text: string): number {
  if (text.length > LONG_REQUEST) return text.length;
  let dense = 0;
  for (let index = 0; index < text.length; index++) if (isDenseCode(text.charCodeAt(index))) dense++;
  return text.length + 2 * dense;
}

function pickTaskType(lower: string, features: RequestFeatures, scores: ReadonlyMap<TaskType, number>): TaskType {
  if (lower.length < 80 && (GREETING.test(lower) || OTHER_GREETING.test(lower)) && features.codeBlockCount === 0) return 'chat';
  let best: TaskType = 'code_generation';
  let bestScore = 0;
  // TASK_RULES order breaks ties, as the map keeps insertion order.
  for (const [taskType, score] of scores) {
    if (score > bestScore) {
      best = taskType;
      bestScore = score;
    }
  }
  if (bestScore === 0 && endsWithQuestionMark(lower)) return 'explanation';
  return best;
}

/** A question by its last character, the full-width ？ of Chinese and Japanese included (the model reads it too). */
export function endsWithQuestionMark(text: string): boolean {
  const trimmed = text.trimEnd();
  return trimmed.endsWith('?') || trimmed.endsWith('？');
}

function pickComplexity(text: string, length: number, taskType: TaskType, features: RequestFeatures): Complexity {
  if (taskType === 'chat') return 'low';
  if (features.aiderMode === 'editor') return 'low';
  if (HIGH_COMPLEXITY.test(text) || WIDE_SCOPE.test(text) || OTHER_HIGH_COMPLEXITY.test(text) || length > LONG_REQUEST) return 'high';
  if (length < 90 && features.codeBlockCount === 0 && !features.hasStackTrace) return 'low';
  if ((LOW_COMPLEXITY.test(text) || OTHER_LOW_COMPLEXITY.test(text)) && length < 200) return 'low';
  return 'medium';
}

function pickPhase(text: string, taskType: TaskType, features: RequestFeatures): Phase {
  if (features.aiderMode === 'editor') return 'diff_apply';
  if (features.aiderMode === 'architect' || taskType === 'planning') return 'planning';
  if (PLAN_ONLY.test(text)) return 'planning';
  if (taskType === 'chat' || taskType === 'explanation') return 'question';
  if (features.isToolResultTurn) return 'editing';
  if (taskType === 'code_review') return EDIT_VERB.test(text) ? 'editing' : 'question';
  if (QUESTION_START.test(text) && !EDIT_VERB.test(text)) return 'question';
  return 'editing';
}
