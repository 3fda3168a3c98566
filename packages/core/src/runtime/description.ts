/**
 * Job descriptions are read by people (AYON's event list, the addon page): a handler that echoes a huge value
 * from a hostile event (a 20,000-character name) must not turn the description into a wall of text.
 */
export const MAX_DESCRIPTION_LENGTH = 1_000;

/** `text` cut to `max` characters, saying how much was left out. */
export function clipDescription(text: string, max = MAX_DESCRIPTION_LENGTH): string {
  if (text.length <= max) return text;
  const omitted = `… (${text.length - max} more characters)`;
  // Never split a surrogate pair: the cut falls on a whole code point.
  let keep = max - omitted.length;
  const code = text.charCodeAt(keep - 1);
  if (code >= 0xd800 && code <= 0xdbff) keep -= 1;
  return text.slice(0, keep) + omitted;
}

/** Room for an error message inside a description that adds a handler name and a note around it. */
export const MAX_MESSAGE_LENGTH = MAX_DESCRIPTION_LENGTH - 160;
