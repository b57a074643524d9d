import type { CatalogModel } from './catalog.ts';

/**
 * Looks models up by id or alias. Claude Code names models by family and version
 * (`claude-opus-4-8`, `claude-sonnet-4-5-20250929`); a name in a known family that the catalog does
 * not list resolves to that family's catalog model, so a client's default model still works.
 */
const FAMILY_PREFIXES: Array<[RegExp, string]> = [
  [/^claude-(?:\d[\d.-]*-)?opus/, 'opus'],
  [/^claude-(?:\d[\d.-]*-)?sonnet/, 'sonnet'],
  [/^claude-(?:\d[\d.-]*-)?haiku/, 'haiku'],
];

export class CatalogIndex {
  readonly models: readonly CatalogModel[];
  private readonly byName = new Map<string, CatalogModel>();

  constructor(models: CatalogModel[]) {
    this.models = models;
    for (const model of models) {
      this.byName.set(model.id.toLowerCase(), model);
      for (const alias of model.aliases) {
        if (!this.byName.has(alias.toLowerCase())) this.byName.set(alias.toLowerCase(), model);
      }
    }
  }

  find(name: string): CatalogModel | undefined {
    const key = name.toLowerCase();
    const exact = this.byName.get(key);
    if (exact) return exact;
    for (const [pattern, alias] of FAMILY_PREFIXES) {
      if (pattern.test(key)) return this.byName.get(alias);
    }
    return undefined;
  }

  get(id: string): CatalogModel {
    const model = this.byName.get(id.toLowerCase());
    if (!model) throw new Error(`model ${id} is not in the catalog`);
    return model;
  }
}
