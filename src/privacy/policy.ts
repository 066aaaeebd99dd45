// How long raw LINE traffic (webhook events, sent messages) is kept: the numbers the README, the 子育て consent
// and the 損傷報告 chat state. The content goes first; a stub without content stays longer, then the row goes.

/**
 * The longest RAW_DATA_RETENTION_DAYS may be: the 子育て consent promises parents their messages' content is
 * erased within this many days, so the setting may shorten it, never lengthen it (that needs new wording and a
 * new CONSENT_VERSION).
 */
export const RAW_DATA_MAX_RETENTION_DAYS = 30;

/**
 * A stub (no content: types, times, the LINE user id column) is deleted with its row this long after the event
 * or message: a whole fiscal year of usage statistics can still be counted after the year ends, and LINE's
 * redeliveries (minutes to days) are de-duplicated long before.
 */
export const STUB_RETENTION_DAYS = 400;

export const DAY_MS = 24 * 60 * 60 * 1000;
