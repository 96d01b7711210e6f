/** Words kept lower case inside a place name ("Tyne and Wear", "Stoke-on-Trent" aside). */
const SMALL_WORDS = new Set(['and', 'of', 'the', 'upon', 'on', 'in']);

/**
 * A readable name for a directory region id ("tyne-and-wear" → "Tyne and Wear"). The directory
 * carries ids only (they are signed data); this is for display, never for comparison.
 */
export function regionLabel(id: string): string {
  return id
    .split(/[-_\s]+/)
    .filter(Boolean)
    .map((word, i) =>
      i > 0 && SMALL_WORDS.has(word.toLowerCase())
        ? word.toLowerCase()
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}
