// Generic in-process text search (Japanese bigrams + English words, BM25 over weighted fields, synonyms,
// confidence): used by よくある質問 and meant for any feature that searches its own documents (ごみ items).
export { normalizeText } from './normalize.ts';
export type { SearchDocument, SearchField, SearchHit, SearchOptions } from './search-index.ts';
export { SearchIndex } from './search-index.ts';
export { tokenize } from './tokenize.ts';
