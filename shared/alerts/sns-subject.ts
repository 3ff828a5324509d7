/**
 * SNS rejects a Publish whose `Subject` has line breaks, control characters or non-ASCII text,
 * or is 100 characters or longer
 * (https://docs.aws.amazon.com/sns/latest/api/API_Publish.html). The subject is built from
 * service names and categories that may hold anything, so it is forced into that shape here.
 */

const SUBJECT_MAX = 99;

function toSnsSubject(text: string): string {
  const ascii = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "é" -> "e"
    .replace(/[^\x20-\x7E]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const subject = ascii === '' ? 'ecs-netfix alert' : ascii;
  if (subject.length <= SUBJECT_MAX) return subject;
  return `${subject.slice(0, SUBJECT_MAX - 3).trimEnd()}...`;
}

export { SUBJECT_MAX, toSnsSubject };
