/**
 * Keeps a number, address or plate in left-to-right order inside a right-to-left sentence
 * (Arabic): Unicode isolates (LRI … PDI), which screen readers skip. Without them "+44 7700
 * 900123" shows as "900123 7700 44+" in an Arabic line.
 */
export function ltr(value: string): string {
  return `\u2066${value}\u2069`;
}
