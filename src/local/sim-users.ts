// The simulated LINE users of local mode (in memory, like the transcript): who they are, the language of
// their phone's LINE app, and whether they follow the account now or blocked it after following.
import { randomBytes } from 'node:crypto';
import type { Language } from '../i18n/languages.ts';

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

  create(displayName: string, language: Language): SimUser {
    const record: UserRecord = {
      userId: `U${randomBytes(16).toString('hex')}`,
      displayName,
      language,
      followed: false,
      everFollowed: false,
    };
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
  follow(userId: string): boolean {
    const record = this.users.get(userId);
    if (!record) return false;
    const unblocked = record.everFollowed;
    record.followed = true;
    record.everFollowed = true;
    return unblocked;
  }

  unfollow(userId: string): void {
    const record = this.users.get(userId);
    if (record) record.followed = false;
  }

  setLanguage(userId: string, language: Language): SimUser | undefined {
    const record = this.users.get(userId);
    if (!record) return undefined;
    record.language = language;
    return publicView(record);
  }
}
