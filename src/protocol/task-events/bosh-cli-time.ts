const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** `15:04:05` in UTC, as the bosh CLI prints an event's time. `unixSeconds` is whole seconds. */
export function formatHoursUtc(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}`;
}

/** `Mon Jan _2 15:04:05 UTC 2006` (day padded with a space), the bosh CLI's task start and end. */
export function formatFullUtc(unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000);
  const day = String(d.getUTCDate()).padStart(2, ' ');
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${day} ${formatHoursUtc(unixSeconds)} UTC ${d.getUTCFullYear()}`;
}

/** `hh:mm:ss` of a duration in seconds (hours grow past 99), as the bosh CLI prints durations. */
export function formatDurationSeconds(seconds: number): string {
  const total = Math.trunc(seconds);
  const hours = Math.trunc(total / 3600);
  const minutes = Math.trunc(total / 60) % 60;
  return `${pad2(hours)}:${pad2(minutes)}:${pad2(total % 60)}`;
}
