/**
 * Whether a setting that should hold the NAME of an AYON secret really holds a name — and not the secret itself,
 * pasted by mistake. The sentences never repeat the value: it may be a key.
 *
 * A name follows AYON's NAME_REGEX (ayon-backend ayon_server/types.py, which api/secrets/ applies to secret names):
 * letters, digits, `_`, `.`, `-`, starting and ending with a letter, digit or `_`. A name that nonetheless looks
 * like a key is refused too when it, or a part of it between separators, is 32 or more hexadecimal characters (the
 * shape of ShotGrid's older script keys), or 20 or more characters without a separator that mix letters and digits
 * and are as varied as random text (more than 3.5 bits per character). Names people give secrets (`sg_script_key`, `shotgrid.key-prod`) have separators or are
 * short. The same rule is in the addon's server/naming.py.
 */
const NAME = /^[a-zA-Z0-9_]([a-zA-Z0-9_.-]*[a-zA-Z0-9_])?$/;
const HEX_RUN = /^[0-9a-fA-F]{32,}$/;

/** Bits per character of the value's own character frequencies. */
function entropyPerChar(value: string): number {
  const counts = new Map<string, number>();
  for (const c of value) counts.set(c, (counts.get(c) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) bits -= (n / value.length) * Math.log2(n / value.length);
  return bits;
}

/** True when the value, or one of its parts between separators, has the look of a key rather than a chosen name. */
export function looksLikeKey(value: string): boolean {
  return [value, ...value.split(/[_.-]/)].some((part) => HEX_RUN.test(part) || randomLooking(part));
}

function randomLooking(part: string): boolean {
  if (part.length < 20 || /[_.-]/.test(part)) return false;
  return /[a-zA-Z]/.test(part) && /[0-9]/.test(part) && entropyPerChar(part) > 3.5;
}

/** Why the value is not a secret name (a sentence that does not contain it), or null when it is one. */
export function secretNameProblem(value: string): string | null {
  if (value.trim() === "") return "it is empty";
  if (value.length > 128 || !NAME.test(value)) {
    return "it is not a secret name (letters, digits, '_', '.', '-'); it may be the key itself, which belongs in an AYON secret, not in the settings";
  }
  if (looksLikeKey(value)) return "it looks like a key, not a secret name; put the key in an AYON secret and give its name here";
  return null;
}
