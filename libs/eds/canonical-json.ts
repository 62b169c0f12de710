/**
 * Canonical JSON: the one serialisation of a value that signers sign. Object keys sorted by UTF-16
 * code units, no whitespace, strings escaped as JSON.stringify escapes them (non-ASCII letters are
 * kept, so the UTF-8 bytes carry Kazakh and Russian text as is), integers only. For the values it
 * accepts this is the JSON Canonicalization Scheme (RFC 8785). The bytes signed are the UTF-8
 * encoding of the returned text.
 */
export type CanonicalValue = null | boolean | number | string | CanonicalValue[] | { [key: string]: CanonicalValue };

export function canonicalJson(value: CanonicalValue): string {
  return write(value, '$');
}

function write(value: CanonicalValue, path: string): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    // Floating-point text differs between serialisers; the act holds counts and sizes only.
    if (!Number.isSafeInteger(value))
      throw new TypeError(`${path}: canonical JSON takes safe integers only (got ${value})`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map((v, i) => write(v, `${path}[${i}]`)).join(',')}]`;
  if (typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map((k) => {
        const v = value[k];
        if (v === undefined) throw new TypeError(`${path}.${k}: undefined has no JSON form; use null`);
        return `${JSON.stringify(k)}:${write(v, `${path}.${k}`)}`;
      })
      .join(',')}}`;
  }
  throw new TypeError(`${path}: ${typeof value} has no JSON form`);
}
