import { RULE_REGEX_MAX_LENGTH } from "@tandem/shared";

/**
 * Regex conditions are user input run against every transaction on every sync, so a
 * pattern that backtracks catastrophically would stall the API. JavaScript's engine has
 * no timeout, so safety comes from three limits: a static check at save time refuses the
 * shapes that backtrack exponentially (a repeated group that itself repeats or branches,
 * backreferences, lookarounds), at most a few unbounded quantifiers in all (which bounds
 * the polynomial cases), and matching only the first REGEX_INPUT_LIMIT characters.
 */
export const REGEX_INPUT_LIMIT = 160;
export const REGEX_MAX_UNBOUNDED = 2;

export type RegexVerdict = { ok: true; regex: RegExp } | { ok: false; reason: string };

interface Frame {
  /** Some quantifier inside this group (at any depth). */
  quantified: boolean;
  /** An alternation directly inside this group. */
  alternation: boolean;
}

/** Reads a quantifier at `i`; returns its length and whether it is unbounded, or null. */
function quantifierAt(pattern: string, i: number): { length: number; unbounded: boolean; trivial: boolean } | null {
  const ch = pattern[i];
  let length = 0;
  let unbounded = false;
  let trivial = false;
  if (ch === "*" || ch === "+") {
    length = 1;
    unbounded = true;
  } else if (ch === "?") {
    length = 1;
    trivial = true;
  } else if (ch === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(i));
    if (!m) return null;
    length = m[0].length;
    const max = m[2] === undefined ? Number(m[1]) : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
    unbounded = max > 10;
    trivial = max <= 1;
  } else {
    return null;
  }
  // A lazy marker belongs to the quantifier.
  if (pattern[i + length] === "?") length++;
  return { length, unbounded, trivial };
}

/** Static safety check, then compilation (case-insensitive). Pure; never runs the pattern. */
export function checkRegex(pattern: string): RegexVerdict {
  if (pattern.length === 0) return { ok: false, reason: "the pattern is empty" };
  if (pattern.length > RULE_REGEX_MAX_LENGTH) {
    return { ok: false, reason: `patterns are limited to ${RULE_REGEX_MAX_LENGTH} characters` };
  }
  let regex: RegExp;
  try {
    regex = new RegExp(pattern, "i");
  } catch {
    return { ok: false, reason: "the pattern is not a valid regular expression" };
  }

  const stack: Frame[] = [{ quantified: false, alternation: false }];
  let unbounded = 0;
  const count = (q: { unbounded: boolean }) => {
    if (q.unbounded) unbounded++;
  };
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const top = stack[stack.length - 1]!;
    if (ch === "\\") {
      const next = pattern[i + 1] ?? "";
      if (/[1-9]/.test(next) || next === "k") return { ok: false, reason: "backreferences are not allowed" };
      i++;
      // An escaped atom may be quantified.
      const q = quantifierAt(pattern, i + 1);
      if (q) {
        if (!q.trivial) top.quantified = true;
        count(q);
        i += q.length;
      }
      continue;
    }
    if (ch === "[") {
      // Skip the class; `]` right after `[` or `[^` is a literal.
      let j = i + 1;
      if (pattern[j] === "^") j++;
      if (pattern[j] === "]") j++;
      while (j < pattern.length && pattern[j] !== "]") j += pattern[j] === "\\" ? 2 : 1;
      i = j;
      const q = quantifierAt(pattern, i + 1);
      if (q) {
        if (!q.trivial) top.quantified = true;
        count(q);
        i += q.length;
      }
      continue;
    }
    if (ch === "(") {
      if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i)) {
        return { ok: false, reason: "lookaheads are not allowed" };
      }
      if (pattern.startsWith("(?<=", i) || pattern.startsWith("(?<!", i)) {
        return { ok: false, reason: "lookbehinds are not allowed" };
      }
      stack.push({ quantified: false, alternation: false });
      continue;
    }
    if (ch === ")") {
      const group = stack.pop()!;
      const parent = stack[stack.length - 1]!;
      const q = quantifierAt(pattern, i + 1);
      if (q && !q.trivial) {
        if (group.quantified) {
          return { ok: false, reason: "a repeated group must not contain another repetition (e.g. (a+)+)" };
        }
        if (group.alternation) {
          return { ok: false, reason: "a repeated group must not contain alternatives (e.g. (a|ab)+)" };
        }
      }
      if (q) {
        count(q);
        i += q.length;
      }
      parent.quantified ||= group.quantified || Boolean(q && !q.trivial);
      continue;
    }
    if (ch === "|") {
      top.alternation = true;
      continue;
    }
    const q = quantifierAt(pattern, i + 1);
    if (q && ch !== "^" && ch !== "$") {
      if (!q.trivial) top.quantified = true;
      count(q);
      i += q.length;
    }
  }
  if (unbounded > REGEX_MAX_UNBOUNDED) {
    return { ok: false, reason: `at most ${REGEX_MAX_UNBOUNDED} unbounded repetitions (*, +, {n,}) per pattern` };
  }
  return { ok: true, regex };
}

/** Matches only the first REGEX_INPUT_LIMIT characters, so the cost per row is bounded. */
export function safeTest(regex: RegExp, text: string): boolean {
  return regex.test(text.length > REGEX_INPUT_LIMIT ? text.slice(0, REGEX_INPUT_LIMIT) : text);
}
