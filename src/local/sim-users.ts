// The simulated LINE users of local mode: who they are, the language of their phone's LINE app, and whether they
// follow the account now or blocked it after following. Kept in simulator_users (a restart keeps them) and read
// from memory (loaded at start, written through).
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../db/transact.ts';
import { isLanguage, type Language } from '../i18n/languages.ts';

export interface SimUser {
  userId: string;
  displayName: string;
  language: Language;
  followed: boolean;
}

interface UserRecord extends SimUser {
  /** Followed at least once: a later follow is an unblock, and messages while not following are refused. */
  everFollowed: boolean;
}

/**
 * The profile language LINE reports for a phone set to `language`. LINE apps have no やさしい日本語 setting:
 * such residents use Japanese LINE and choose やさしい日本語 in the bot's own menu.
 */
export function profileLanguageOf(language: Language): string {
  return language === 'en' ? 'en' : 'ja';
}

function publicView(record: UserRecord): SimUser {
  const { userId, displayName, language, followed } = record;
  return { userId, displayName, language, followed };
}

export class SimUserStore {
  private readonly users = new Map<string, UserRecord>();
  private readonly db: Queryable;

  private constructor(db: Queryable) {
    this.db = db;
  }

  /** The store with every simulated user of earlier runs, in the order they were created. */
  static async load(db: Queryable): Promise<SimUserStore> {
    const store = new SimUserStore(db);
    const { rows } = await db.query<{
      user_id: string;
      display_name: string;
      language: string;
      followed: boolean;
      ever_followed: boolean;
    }>(
      `SELECT user_id, display_name, language, followed, ever_followed
         FROM simulator_users ORDER BY created_at, user_id`,
    );
    for (const row of rows) {
      store.users.set(row.user_id, {
        userId: row.user_id,
        displayName: row.display_name,
        language: isLanguage(row.language) ? row.language : 'ja',
        followed: row.followed,
        everFollowed: row.ever_followed,
      });
    }
    return store;
  }

  async create(displayName: string, language: Language): Promise<SimUser> {
    const record: UserRecord = {
      userId: `U${randomBytes(16).toString('hex')}`,
      displayName,
      language,
      followed: false,
      everFollowed: false,
    };
    await this.db.query('INSERT INTO simulator_users (user_id, display_name, language) VALUES ($1, $2, $3)', [
      record.userId,
      displayName,
      language,
    ]);
    this.users.set(record.userId, record);
    return publicView(record);
  }

  get(userId: string): SimUser | undefined {
    const record = this.users.get(userId);
    return record ? publicView(record) : undefined;
  }

  has(userId: string): boolean {
    return this.users.has(userId);
  }

  list(): SimUser[] {
    return [...this.users.values()].map(publicView);
  }

  /** A user who followed and then blocked the account: LINE lets them send nothing until they unblock. */
  hasBlocked(userId: string): boolean {
    const record = this.users.get(userId);
    return record?.everFollowed === true && !record.followed;
  }

  /** Records a follow; true when it unblocks (the user had followed before). */
  async follow(userId: string): Promise<boolean> {
    const record = this.users.get(userId);
    if (!record) return false;
    const unblocked = record.everFollowed;
    await this.save({ ...record, followed: true, everFollowed: true });
    return unblocked;
  }

  async unfollow(userId: string): Promise<void> {
    const record = this.users.get(userId);
    if (record) await this.save({ ...record, followed: false });
  }

  async setLanguage(userId: string, language: Language): Promise<SimUser | undefined> {
    const record = this.users.get(userId);
    if (!record) return undefined;
    return publicView(await this.save({ ...record, language }));
  }

  /** Written to the database first: memory never says what a restart would forget. */
  private async save(record: UserRecord): Promise<UserRecord> {
    await this.db.query(
      `UPDATE simulator_users SET language = $2, followed = $3, ever_followed = $4 WHERE user_id = $1`,
      [record.userId, record.language, record.followed, record.everFollowed],
    );
    this.users.set(record.userId, record);
    return record;
  }
}
