import type { ClassifierReport, GatedMetrics, GroupAccuracy } from './evaluate.ts';
import type { LabelMetrics } from './metrics.ts';

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;

const SUMMARY_ROWS: [keyof GatedMetrics, string][] = [
  ['taskTypeAccuracy', 'taskType accuracy'],
  ['taskTypeMacroF1', 'taskType macro-F1'],
  ['complexityAccuracy', 'complexity accuracy'],
  ['highRecall', 'recall on complexity=high'],
  ['phaseAccuracy', 'phase accuracy'],
  ['underRoutingRate', 'under-routing rate (lower is better)'],
  ['savingsVsOpus', 'cost savings vs always-Opus'],
];

function confusionTable(title: string, metrics: LabelMetrics): string {
  const labels = Object.keys(metrics.confusion);
  const short = (label: string) => label.replace('code_', '').replace('_', ' ');
  const lines = [`**${title}** (rows: gold, columns: predicted)`, '', `| gold \\ predicted | ${labels.map(short).join(' | ')} | recall |`, `| --- | ${labels.map(() => '---:').join(' | ')} | ---: |`];
  for (const gold of labels) {
    const row = labels.map((predicted) => String(metrics.confusion[gold]![predicted]!));
    lines.push(`| ${gold} | ${row.join(' | ')} | ${percent(metrics.perClass[gold]!.recall)} |`);
  }
  return lines.join('\n');
}

function confusionSection(title: string, report: ClassifierReport): string {
  const tables = (['taskType', 'complexity', 'phase'] as const).map((label) => confusionTable(label, report[label]));
  return [`## ${title} confusion matrices`, ...tables].join('\n\n') + '\n';
}

const GROUP_COLUMNS: Record<string, string> = { taskTypeAccuracy: 'taskType', complexityAccuracy: 'complexity', phaseAccuracy: 'phase', underRoutingRate: 'under-routing' };

/** One row per group (agent, script…): its size, then each figure as model / heuristic. */
function groupTable<Row extends GroupAccuracy>(name: string, model: Record<string, Row>, heuristic: Record<string, Row>, extra: (keyof Row & string)[]): string[] {
  const columns = ['taskTypeAccuracy', 'complexityAccuracy', 'phaseAccuracy', ...extra] as (keyof Row & string)[];
  return [
    `| ${name} | n | ${columns.map((column) => GROUP_COLUMNS[column]).join(' | ')} |`,
    `| --- | ---: | ${columns.map(() => '---:').join(' | ')} |`,
    ...Object.entries(model).map(([group, row]) => `| ${group} | ${row.examples} | ${columns.map((column) => `${percent(row[column] as number)} / ${percent(heuristic[group]![column] as number)}`).join(' | ')} |`),
  ];
}

/** The markdown report: summary beside the baseline, the gate's verdict, confusion matrices, per agent. */
export function renderMarkdownReport(input: { split: string; model: ClassifierReport; heuristic: ClassifierReport; gates: Record<string, string[]>; modelName: string }): string {
  const { model, heuristic, gates } = input;
  const verdicts = Object.entries(gates).map(([gate, failures]) => `- ${gate} gate: ${failures.length === 0 ? '**pass**' : `**FAIL** (${failures.join('; ')})`}`);
  const lines = [
    `# Classifier eval: ${input.split} split (${model.examples} requests)`,
    '',
    `Model: ${input.modelName}.`,
    '',
    ...verdicts,
    '',
    '| metric | model (onnx) | heuristic baseline |',
    '| --- | ---: | ---: |',
    ...SUMMARY_ROWS.map(([key, label]) => `| ${label} | ${percent(model.summary[key])} | ${percent(heuristic.summary[key])} |`),
    `| over-routing rate | ${percent(model.routing.overRoutingRate)} | ${percent(heuristic.routing.overRoutingRate)} |`,
    '',
    confusionSection('Model', model),
    confusionSection('Heuristic', heuristic),
    '## Per agent (model / heuristic accuracy)',
    '',
    ...groupTable('agent', model.perAgent, heuristic.perAgent, []),
    '',
    '## Per writing system of the request (model / heuristic)',
    '',
    'CJK: Chinese, Japanese or Korean; other scripts: Cyrillic, Greek, Arabic, Hebrew, Devanagari, Thai…; "+ Latin words": identifiers, commands or error strings mixed in.',
    '',
    ...groupTable('script', model.perScript, heuristic.perScript, ['underRoutingRate']),
    '',
  ];
  return lines.join('\n');
}

/** The console summary: one line per metric, model beside baseline. */
export function renderConsoleSummary(model: ClassifierReport, heuristic: ClassifierReport): string {
  return SUMMARY_ROWS.map(([key, label]) => `${label.padEnd(38)} model ${percent(model.summary[key]).padStart(6)}   heuristic ${percent(heuristic.summary[key]).padStart(6)}`).join('\n');
}
