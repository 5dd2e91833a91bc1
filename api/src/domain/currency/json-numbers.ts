/**
 * JSON.parse turns 0.912345678901234567 into the nearest double, and Number#toString
 * then writes the shortest text that maps back to that double, not the digits the
 * server sent. Rates must keep their digits, so before parsing, every number token
 * outside a string is wrapped in quotes: numbers come back as their exact source text.
 * (Node 20 has no JSON.parse source-text access, which would do the same.)
 */
export function parseJsonKeepingNumbers(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      const end = endOfString(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (char === "-" || (char >= "0" && char <= "9")) {
      const match = /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
      if (!match) throw new SyntaxError(`Unexpected "${char}" in JSON at position ${i}`);
      out += `"${match[0]}"`;
      i += match[0].length;
    } else {
      out += char;
      i++;
    }
  }
  return JSON.parse(out);
}

/** Index just past the string starting at `start` (a quote), honouring backslash escapes. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  while (i < text.length) {
    if (text[i] === "\\") i += 2;
    else if (text[i] === '"') return i + 1;
    else i++;
  }
  throw new SyntaxError("Unterminated string in JSON");
}
