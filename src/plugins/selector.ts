/** A name as a CSS identifier (punctuation escaped), when it starts like one. */
const ident = (s: string) => /^-?[a-z_]/i.test(s) && s.replace(/[^\w-]/g, '\\$&');

/**
 * A CSS selector for an element, for people to read (and `querySelector` to find): the tag and
 * id when it has one (`button#buy`; `div[id="1st"]` for an id that is no identifier), else up
 * to three levels of tag, classes (the first three that are identifiers) and `:nth-of-type`
 * when a sibling has the same tag, up from the element, stopping at an ancestor with an id or
 * at the body: `div#cart > ul.items > li:nth-of-type(2)`.
 */
export const cssSelector = (el: Element): string => {
  const parts: string[] = [];
  for (let e: Element | null = el; e && parts.length < 3; e = e.parentElement) {
    const tag = e.localName;
    const id = e.id;
    if (id) {
      parts.unshift(tag + (ident(id) ? '#' + ident(id) : `[id="${id.replace(/["\\]/g, '\\$&')}"]`));
      break;
    }
    if (tag == 'body' || tag == 'html') break;
    let part = tag;
    for (const c of [...e.classList].filter(ident).slice(0, 3)) part += '.' + ident(c);
    const same = [...(e.parentElement?.children || [])].filter((s) => s.localName == tag);
    if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
    parts.unshift(part);
  }
  return parts.join(' > ') || el.localName;
};

/**
 * Where this module's code runs, for src/lazy/own-files.ts: a bundler that splits may put it
 * in a chunk of its own, shared by the interaction and insights chunks.
 */
export const _selectorHere = new Error();
