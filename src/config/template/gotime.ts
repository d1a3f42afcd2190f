/**
 * Go's `time.Time.Format` with Go reference-time layouts (`2006-01-02T15:04:05Z07:00`), in UTC
 * (Packer's InitTime is UTC), and jehiah/go-strftime's `%Y-%m-%d` conversions on top of it.
 */

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's RFC3339 layout, the default of `{{isotime}}`. */
export const RFC3339 = '2006-01-02T15:04:05Z07:00';

type Std =
  | { kind: 'longMonth' | 'month' | 'numMonth' | 'zeroMonth' | 'longWeekDay' | 'weekDay' }
  | { kind: 'day' | 'underDay' | 'zeroDay' | 'underYearDay' | 'zeroYearDay' }
  | { kind: 'hour' | 'hour12' | 'zeroHour12' | 'minute' | 'zeroMinute' | 'second' | 'zeroSecond' }
  | { kind: 'longYear' | 'year' | 'PM' | 'pm' | 'TZ' }
  /** Time zone offsets; UTC prints `Z` for the ISO forms, `+00…` for the numeric ones. */
  | { kind: 'zone'; iso: boolean; text: string }
  | { kind: 'frac'; digits: number; trim: boolean; sep: string };

interface Chunk {
  prefix: string;
  std?: Std;
  suffix: string;
}

function startsWithLower(s: string): boolean {
  const c = s[0];
  return c !== undefined && c >= 'a' && c <= 'z';
}

function isDigitAt(s: string, i: number): boolean {
  const c = s[i];
  return c !== undefined && c >= '0' && c <= '9';
}

/** Port of Go's nextStdChunk: the text before the first layout element, the element, the rest. */
function nextStdChunk(layout: string): Chunk {
  const at = (i: number, std: Std, len: number, keep = 0): Chunk => ({
    prefix: layout.slice(0, i + keep),
    std,
    suffix: layout.slice(i + len),
  });
  for (let i = 0; i < layout.length; i++) {
    const rest = layout.slice(i);
    switch (layout[i]) {
      case 'J':
        if (rest.startsWith('Jan')) {
          if (rest.startsWith('January')) return at(i, { kind: 'longMonth' }, 7);
          if (!startsWithLower(rest.slice(3))) return at(i, { kind: 'month' }, 3);
        }
        break;
      case 'M':
        if (rest.startsWith('Mon')) {
          if (rest.startsWith('Monday')) return at(i, { kind: 'longWeekDay' }, 6);
          if (!startsWithLower(rest.slice(3))) return at(i, { kind: 'weekDay' }, 3);
        }
        if (rest.startsWith('MST')) return at(i, { kind: 'TZ' }, 3);
        break;
      case '0': {
        const n = rest[1];
        if (n !== undefined && n >= '1' && n <= '6') {
          const kinds = ['zeroMonth', 'zeroDay', 'zeroHour12', 'zeroMinute', 'zeroSecond', 'year'] as const;
          return at(i, { kind: kinds[Number(n) - 1] as (typeof kinds)[number] }, 2);
        }
        if (rest.startsWith('002')) return at(i, { kind: 'zeroYearDay' }, 3);
        break;
      }
      case '1':
        if (rest[1] === '5') return at(i, { kind: 'hour' }, 2);
        return at(i, { kind: 'numMonth' }, 1);
      case '2':
        if (rest.startsWith('2006')) return at(i, { kind: 'longYear' }, 4);
        return at(i, { kind: 'day' }, 1);
      case '_':
        if (rest[1] === '2') {
          if (rest.startsWith('_2006')) return at(i, { kind: 'longYear' }, 5, 1);
          return at(i, { kind: 'underDay' }, 2);
        }
        if (rest.startsWith('__2')) return at(i, { kind: 'underYearDay' }, 3);
        break;
      case '3':
        return at(i, { kind: 'hour12' }, 1);
      case '4':
        return at(i, { kind: 'minute' }, 1);
      case '5':
        return at(i, { kind: 'second' }, 1);
      case 'P':
        if (rest[1] === 'M') return at(i, { kind: 'PM' }, 2);
        break;
      case 'p':
        if (rest[1] === 'm') return at(i, { kind: 'pm' }, 2);
        break;
      case '-':
        for (const z of ['-070000', '-07:00:00', '-0700', '-07:00', '-07']) {
          if (rest.startsWith(z)) return at(i, { kind: 'zone', iso: false, text: z }, z.length);
        }
        break;
      case 'Z':
        for (const z of ['Z070000', 'Z07:00:00', 'Z0700', 'Z07:00', 'Z07']) {
          if (rest.startsWith(z)) return at(i, { kind: 'zone', iso: true, text: z }, z.length);
        }
        break;
      case '.':
      case ',': {
        const ch = rest[1];
        if (ch === '0' || ch === '9') {
          let j = i + 1;
          while (layout[j] === ch) j++;
          if (!isDigitAt(layout, j)) {
            return {
              prefix: layout.slice(0, i),
              std: { kind: 'frac', digits: j - (i + 1), trim: ch === '9', sep: layout[i] as string },
              suffix: layout.slice(j),
            };
          }
        }
        break;
      }
    }
  }
  return { prefix: layout, suffix: '' };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Formats `date` (in UTC) with a Go layout. `nanos` overrides the sub-second part
 * (default: the Date's milliseconds).
 */
export function formatGoTime(date: Date, layout: string, nanos = date.getUTCMilliseconds() * 1e6): string {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const day = date.getUTCDate();
  const hour = date.getUTCHours();
  const minute = date.getUTCMinutes();
  const second = date.getUTCSeconds();
  const yday = Math.floor((Date.UTC(year, month, day) - Date.UTC(year, 0, 1)) / 86_400_000) + 1;
  const hour12 = hour % 12 === 0 ? 12 : hour % 12;
  let out = '';
  let rest = layout;
  while (rest !== '') {
    const { prefix, std, suffix } = nextStdChunk(rest);
    out += prefix;
    if (!std) break;
    rest = suffix;
    switch (std.kind) {
      case 'year':
        out += pad(Math.abs(year) % 100, 2);
        break;
      case 'longYear':
        out += year < 0 ? `-${pad(-year, 4)}` : pad(year, 4);
        break;
      case 'month':
        out += (MONTHS[month] as string).slice(0, 3);
        break;
      case 'longMonth':
        out += MONTHS[month];
        break;
      case 'numMonth':
        out += String(month + 1);
        break;
      case 'zeroMonth':
        out += pad(month + 1, 2);
        break;
      case 'weekDay':
        out += (DAYS[date.getUTCDay()] as string).slice(0, 3);
        break;
      case 'longWeekDay':
        out += DAYS[date.getUTCDay()];
        break;
      case 'day':
        out += String(day);
        break;
      case 'underDay':
        out += day < 10 ? ` ${day}` : String(day);
        break;
      case 'zeroDay':
        out += pad(day, 2);
        break;
      case 'underYearDay':
        out += String(yday).padStart(3, ' ');
        break;
      case 'zeroYearDay':
        out += pad(yday, 3);
        break;
      case 'hour':
        out += pad(hour, 2);
        break;
      case 'hour12':
        out += String(hour12);
        break;
      case 'zeroHour12':
        out += pad(hour12, 2);
        break;
      case 'minute':
        out += String(minute);
        break;
      case 'zeroMinute':
        out += pad(minute, 2);
        break;
      case 'second':
        out += String(second);
        break;
      case 'zeroSecond':
        out += pad(second, 2);
        break;
      case 'PM':
        out += hour >= 12 ? 'PM' : 'AM';
        break;
      case 'pm':
        out += hour >= 12 ? 'pm' : 'am';
        break;
      case 'TZ':
        out += 'UTC';
        break;
      case 'zone': {
        if (std.iso) {
          out += 'Z';
          break;
        }
        const colon = std.text.includes(':');
        const parts = std.text === '-07' ? ['00'] : std.text.length >= 7 ? ['00', '00', '00'] : ['00', '00'];
        out += `+${parts.join(colon ? ':' : '')}`;
        break;
      }
      case 'frac': {
        if (std.trim && (std.digits === 0 || nanos === 0)) break;
        let digits = pad(nanos, 9);
        if (std.digits < 9) digits = digits.slice(0, std.digits);
        if (std.trim) digits = digits.replace(/0+$/, '');
        if (digits !== '' || !std.trim) out += std.sep + digits;
        break;
      }
    }
  }
  return out;
}

/** jehiah/go-strftime's conversions (a `%` code to a Go layout). */
const STRFTIME: Readonly<Record<string, string>> = {
  B: 'January',
  b: 'Jan',
  m: '01',
  A: 'Monday',
  a: 'Mon',
  d: '02',
  H: '15',
  I: '03',
  M: '04',
  S: '05',
  Y: '2006',
  y: '06',
  p: 'PM',
  Z: 'MST',
  z: '-0700',
  L: '.000',
};

/** `{{strftime "%Y-%m-%d"}}` as Packer 1.6.6 (go-strftime): unknown codes are kept verbatim. */
export function strftime(format: string, date: Date, nanos?: number): string {
  let out = '';
  for (let i = 0; i < format.length;) {
    const at = format.indexOf('%', i);
    const ni = at < 0 ? format.length : at;
    out += format.slice(i, ni);
    if (ni + 1 < format.length) {
      const c = format[ni + 1] as string;
      if (c === '%') out += '%';
      else {
        const layout = STRFTIME[c];
        out += layout === undefined ? `%${c}` : formatGoTime(date, layout, nanos);
      }
    } else if (ni < format.length) {
      out += '%';
    }
    i = ni + 2;
  }
  return out;
}
