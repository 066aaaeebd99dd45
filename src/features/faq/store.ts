// The live よくある質問 content of this instance: the shipped files overlaid with the newest staff versions from
// the database. Before answering, `engine()` compares one number (the highest revision) and rebuilds the index
// when another instance saved an edit — edits take effect everywhere without a restart.
import type pg from 'pg';
import type { FaqContent, FaqEntry } from './content.ts';
import { FaqEngine } from './engine.ts';
import { currentVersions, latestRevision } from './repository.ts';

export interface LiveEntry {
  entry: FaqEntry;
  /** 0: as shipped in the files. */
  version: number;
}

export class FaqStore {
  private readonly base: FaqContent;
  private revision = -1;
  private built: { engine: FaqEngine; versions: Map<string, number> } | null = null;
  private loading: Promise<void> | null = null;

  constructor(base: FaqContent) {
    this.base = base;
  }

  get content(): FaqContent {
    return this.base;
  }

  /** The engine over the current content (reloaded first when the database has newer edits). */
  async engine(pool: pg.Pool): Promise<FaqEngine> {
    await this.refresh(pool);
    if (!this.built) throw new Error('faq content not loaded');
    return this.built.engine;
  }

  /** Every current entry with its version. */
  async entries(pool: pg.Pool): Promise<LiveEntry[]> {
    const engine = await this.engine(pool);
    const versions = this.built?.versions ?? new Map<string, number>();
    return engine.content.entries.map((entry) => ({ entry, version: versions.get(entry.id) ?? 0 }));
  }

  /** Rebuilds when the highest revision moved; concurrent callers share one reload. */
  async refresh(pool: pg.Pool): Promise<void> {
    const revision = await latestRevision(pool);
    if (revision === this.revision && this.built) return;
    this.loading ??= this.reload(pool).finally(() => {
      this.loading = null;
    });
    await this.loading;
  }

  private async reload(pool: pg.Pool): Promise<void> {
    const revision = await latestRevision(pool);
    const stored = await currentVersions(pool);
    const overrides = new Map(stored.map((v) => [v.entryId, v]));
    const entries: FaqEntry[] = [];
    for (const entry of this.base.entries) {
      const override = overrides.get(entry.id);
      if (!override) entries.push(entry);
      else if (override.entry) entries.push(override.entry);
    }
    const shipped = new Set(this.base.entries.map((e) => e.id));
    for (const v of stored) if (!shipped.has(v.entryId) && v.entry) entries.push(v.entry);
    const content: FaqContent = { ...this.base, entries };
    this.built = {
      engine: new FaqEngine(content),
      versions: new Map(stored.map((v) => [v.entryId, v.version])),
    };
    this.revision = revision;
  }
}
