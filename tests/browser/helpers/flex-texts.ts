// The texts a Flex bubble or carousel shows (texts, spans, button labels), in the order LINE draws them.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function componentTexts(component: unknown, out: string[]): void {
  if (!isRecord(component)) return;
  if (component.type === 'text') {
    const spans = Array.isArray(component.contents) ? component.contents.filter(isRecord) : [];
    out.push(
      spans.length > 0 ? spans.map((span) => String(span.text ?? '')).join('') : String(component.text ?? ''),
    );
  } else if (component.type === 'button' && isRecord(component.action)) {
    out.push(String(component.action.label ?? ''));
  } else if (component.type === 'box' && Array.isArray(component.contents)) {
    for (const child of component.contents) componentTexts(child, out);
  }
}

export function flexTexts(contents: unknown): string[] {
  const out: string[] = [];
  const bubbles = isRecord(contents) && contents.type === 'carousel' ? contents.contents : [contents];
  for (const bubble of Array.isArray(bubbles) ? bubbles : []) {
    if (!isRecord(bubble)) continue;
    for (const block of ['header', 'hero', 'body', 'footer']) componentTexts(bubble[block], out);
  }
  return out;
}
