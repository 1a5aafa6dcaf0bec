/**
 * `o[key]`, unless the value would come from Object.prototype or Array.prototype: what a page
 * (or a script it loads) added there is not an option, a field or a command argument. A value
 * on a class's own prototype (a getter of a credentials class) still counts.
 */
export const own = (o: unknown, key: string | number): unknown => {
  for (
    let p = o;
    p && (typeof p === 'object' || typeof p === 'function');
    p = Object.getPrototypeOf(p)
  ) {
    if (p === Object.prototype || p === Array.prototype) break;
    if (Object.prototype.hasOwnProperty.call(p, key)) return (o as Record<string, unknown>)[key];
  }
  return undefined;
};
