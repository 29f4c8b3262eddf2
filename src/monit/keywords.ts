/**
 * Monit's reserved words (monit 5.2.5-5.3 `src/l.l`, compiled with `flex -i`: case-insensitive).
 * A word is a keyword only when the whole word matches: `ifx` is a plain string, as in flex's
 * longest-match rule.
 */

/** Words the lexer drops wherever they appear (outside quotes and service/group names). */
// prettier-ignore
export const NOISE_WORDS: ReadonlySet<string> = new Set([
  'is', 'as', 'are', 'for', 'on', 'only', 'with', 'within', 'without', 'program', 'programs',
  'and', 'has', 'using', 'use', 'the', 'sum', 'than', 'usage', 'was', 'times', 'but', 'of', 'does',
]);

// canonical name, then every spelling flex accepts for it (the canonical one is implied)
// prettier-ignore
const KEYWORD_SPELLINGS: readonly (readonly string[])[] = [
  ['if'], ['or'], ['then'], ['failed'], ['ssl'], ['enable'], ['disable'], ['set'], ['daemon'],
  ['delay'], ['logfile'], ['syslog'], ['facility'], ['httpd'], ['address'], ['clientpemfile'],
  ['allowselfcertification'], ['certmd5'], ['pemfile'], ['init'], ['allow'],
  ['readonly', 'read-only'], ['pidfile'], ['idfile'], ['statefile'], ['path'], ['start'], ['stop'],
  ['port', 'portnumber'], ['unixsocket', 'unix'], ['type'], ['protocol', 'proto'], ['tcp'],
  ['tcpssl'], ['udp'], ['alert'], ['noalert'], ['mail-format'], ['resource'],
  ['restart', 'restarts'], ['cycle', 'cycles'], ['timeout'], ['retry'], ['checksum'],
  ['mailserver'], ['host'], ['hostheader'], ['status'], ['system'], ['default'], ['http'],
  ['apache-status'], ['ftp'], ['smtp'], ['postfix-policy'], ['pop'], ['imap'], ['clamav'], ['dns'],
  ['mysql'], ['nntp'], ['ntp3'], ['ssh'], ['dwp'], ['ldap2'], ['ldap3'], ['rdate'], ['lmtp'],
  ['rsync'], ['tns'], ['pgsql'], ['sip'], ['gps'], ['radius'], ['memcache'], ['target'],
  ['maxforward'], ['mode'], ['active'], ['passive'], ['manual'], ['uid'], ['gid'], ['request'],
  ['secret'], ['loglimit'], ['closelimit'], ['dnslimit'], ['keepalivelimit'], ['replylimit'],
  ['requestlimit'], ['startlimit'], ['waitlimit'], ['gracefullimit'], ['cleanuplimit'],
  ['memory', 'mem'], ['swap'], ['totalmemory', 'totalmem'], ['cpu'], ['totalcpu'], ['children'],
  ['timestamp'], ['changed'], ['second', 'seconds'], ['minute', 'minutes'], ['hour', 'hours'],
  ['day', 'days'], ['sslv2'], ['sslv3'], ['tlsv1'], ['sslauto'], ['inode', 'inodes'], ['space'],
  ['permission', 'perm'], ['exec', 'execute'], ['size'], ['uptime'], ['basedir'], ['slot', 'slots'],
  ['eventqueue'], ['match', 'matching'], ['not'], ['ignore'], ['connection'], ['unmonitor'],
  ['action'], ['icmp'], ['echo'], ['send'], ['expect'], ['expectbuffer'], ['cleartext'], ['md5'],
  ['sha1'], ['crypt'], ['signature'], ['nonexist'], ['exist'], ['invalid'], ['data'], ['recovered'],
  ['passed'], ['succeeded'], ['else'], ['mmonit'], ['url'], ['content'], ['pid'], ['ppid'],
  ['count'], ['reminder'], ['instance'], ['hostname'], ['username'], ['password'], ['credentials'],
  ['register'], ['fsflag', 'fsflags'], ['fips'], ['byte', 'b'], ['kilobyte', 'kb'],
  ['megabyte', 'mb'], ['gigabyte', 'gb'], ['loadavg'], ['greater', 'gt', '>'], ['less', 'lt', '<'],
  ['equal', 'eq', '==', '='], ['notequal', 'ne'], ['percent'],
];

/** Lower-case spelling → canonical keyword (`restarts` → `restart`, `mb` → `megabyte`). */
export const KEYWORDS: ReadonlyMap<string, string> = new Map(
  KEYWORD_SPELLINGS.flatMap((spellings) => {
    const canonical = spellings[0] ?? '';
    return [canonical, ...spellings].map((s): [string, string] => [s, canonical]);
  }),
);
