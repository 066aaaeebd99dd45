// Whether text holds control characters (NUL above all): PostgreSQL refuses NUL in text and jsonb, so a filter
// or parameter carrying one must be a 400 at the edge, not a database error.

/** C0 controls and DEL; tab, line feed and carriage return are allowed where `multiLine` says so. */
export function hasControlCharacters(text: string, options: { multiLine?: boolean } = {}): boolean {
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code !== 0x7f) continue;
    if (options.multiLine && (code === 0x09 || code === 0x0a || code === 0x0d)) continue;
    return true;
  }
  return false;
}
