/**
 * The key members' edits and suggestion dismissals are grouped by: the merchant's text
 * (or the description, for rows without a merchant), case and spacing aside.
 */
export const merchantKey = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();
