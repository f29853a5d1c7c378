// Numbers for people with thousands separators ("34,493,297"), as toLocaleString('en-US') writes
// them, without it: its first call loads ICU's locale data, 15-25 ms of every CLI process that
// prints a count (node -e "(1).toLocaleString('en-US')"), more than a short guest's whole run.

/** `n` with a comma between each group of three digits; fractions rounded to three digits, as en-US does. */
export function commas(n: number | bigint): string {
  if (typeof n === 'number') {
    if (!Number.isFinite(n)) return n.toLocaleString('en-US');
    if (!Number.isInteger(n)) return fraction(n);
    if (Object.is(n, -0)) return '-0';
  }
  const text = n.toString();
  // integers beyond 1e21 print with an exponent: the locale's digits, once
  if (text.includes('e')) return n.toLocaleString('en-US');
  const sign = text.startsWith('-') ? '-' : '';
  return sign + group(sign === '' ? text : text.slice(1));
}

/**
 * A non-integer: at most three fraction digits, trailing zeros dropped, rounded half away from
 * zero on the shortest decimal that reads back as `n` (String(n)), as ICU rounds, not on its
 * binary value as toFixed does (36675477204.5245 is "…204.525"). -0.0001 is "-0", as there.
 */
function fraction(n: number): string {
  const text = Math.abs(n).toString();
  if (text.includes('e')) return n.toLocaleString('en-US');
  const [whole, part] = text.split('.');
  let digits = whole + part.slice(0, 3).padEnd(3, '0');
  if (part.length > 3 && part[3] >= '5') digits = increment(digits);
  const cut = digits.length - 3;
  const kept = digits.slice(cut).replace(/0+$/, '');
  return `${n < 0 ? '-' : ''}${group(digits.slice(0, cut))}${kept === '' ? '' : '.' + kept}`;
}

/** A string of decimal digits plus one ("0999" is "1000", "999" is "1000"). */
function increment(digits: string): string {
  const out = digits.split('');
  for (let k = out.length - 1; k >= 0; k--) {
    if (out[k] !== '9') {
      out[k] = String(Number(out[k]) + 1);
      return out.join('');
    }
    out[k] = '0';
  }
  return '1' + out.join('');
}

function group(digits: string): string {
  let out = '';
  for (let end = digits.length; end > 0; end -= 3) out = digits.slice(Math.max(0, end - 3), end) + (out === '' ? '' : ',' + out);
  return out;
}
