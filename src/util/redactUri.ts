/** Returns `text` with the user and password of a URI (`scheme://user:pass@host`) replaced by `***`, so that a message may quote it. */
export function redactUri(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1***@');
}
