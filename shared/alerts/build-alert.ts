/**
 * The one Slack message of an incident: what failed, why, what is missing hop by hop, what
 * ecs-netfix did or would do, and how to fix it by hand. Pure: a Report in, a Chatbot custom
 * notification plus SNS subject and attributes out. Every value that came from an event or from
 * AWS is escaped here (escape-slack.ts), once, at the point where it enters the markdown.
 */
import { type Category, isNetworkCategory } from '../classify/classification.js';
import type { AlertLanguage } from '../config.js';
import type { Finding } from '../diagnosis/finding.js';
import { ENDPOINT_SG_PLACEHOLDER, commandLine, endpointSecurityGroupCli, shellQuote } from '../diagnosis/fix-commands.js';
import type { HopStatus, PathHop } from '../diagnosis/path.js';
import { pathDiagramLines } from '../diagnosis/path-diagram.js';
import type { ActionResult, ActionStatus } from '../remediation/action.js';
import type { Outcome, Report } from '../report/report.js';
import { type AlertEnvelope, type AlertSeverity, accountAttributes, accountLabel } from './alert-envelope.js';
import { CHATBOT_LIMITS, type ChatbotMessage } from './chatbot-message.js';
import { escapeSlackText, slackCodeBlock, slackInlineCode, plainMetadataText } from './escape-slack.js';
import { type AlertBlock, type AlertSection, renderSections } from './fit-sections.js';
import type { MessageKey } from './messages-en.js';
import { type Translate, formatUsd, translatorFor } from './messages.js';
import { toSnsSubject } from './sns-subject.js';

interface IncidentAlertOptions {
  language: AlertLanguage;
  /** One per service, so follow-ups (build-update.ts) land in the same Slack thread. */
  threadId: string;
  /** Distinct tasks that failed in this incident so far. */
  failureCount: number;
  /** Region for console links; defaults to the task's region. */
  consoleRegion?: string;
  /**
   * The category the thread opened with (stored with the incident): every message in one thread
   * names the problem the same way, even when a later task's stop reason names another service.
   */
  threadCategory?: Category | null;
}

const EVENT_TYPE_INCIDENT = 'ecs-netfix.incident';
const MAX_FINDINGS_SHOWN = 5;
const STOP_REASON_MAX = 450;
const STOP_REASON_SHORT = 160;
const CLI_BLOCK_MAX = 500;
/** How the endpoint commands name the endpoint security group they need. */
const ENDPOINT_SG_VARIABLE = shellQuote(ENDPOINT_SG_PLACEHOLDER);

const SEVERITY_EMOJI: Record<AlertSeverity, string> = {
  critical: '🚨',
  warning: '⚠️',
  info: 'ℹ️',
};

const HOP_ICONS: Record<HopStatus, string> = {
  ok: '✅',
  broken: '❌',
  warning: '⚠️',
  unknown: '❔',
  'not-needed': '➖',
};

const ACTION_ICONS: Record<ActionStatus, string> = {
  planned: '•',
  created: '✅',
  modified: '✅',
  'already-done': '☑️',
  skipped: '⏭️',
  failed: '❌',
};

/** Outcomes where ecs-netfix changed nothing, and the sentence that says why. */
const NO_CHANGE_KEYS: Partial<Record<Outcome, MessageKey>> = {
  'alert-only': 'noChange.alert-only',
  'not-network': 'noChange.not-network',
  healthy: 'noChange.healthy',
  'out-of-scope': 'noChange.out-of-scope',
  deduplicated: 'noChange.deduplicated',
  ignored: 'noChange.ignored',
  invalid: 'noChange.invalid',
};

/**
 * Tasks that cannot start and are not fixed yet are critical; a fix applied, or a failure we may
 * not touch, is a warning; nothing to do is info.
 */
function severityForOutcome(outcome: Outcome): AlertSeverity {
  switch (outcome) {
    case 'would-fix':
    case 'alert-only':
    case 'failed':
    case 'partially-fixed':
    case 'not-network':
      return 'critical';
    case 'fixed':
    case 'out-of-scope':
    case 'invalid':
      return 'warning';
    case 'verify-failed':
      return 'critical';
    case 'verify-pending':
      return 'warning';
    case 'healthy':
    case 'deduplicated':
    case 'ignored':
    case 'verified':
    case 'redeployed':
    case 'recovered':
      return 'info';
  }
}

function categoryLabel(category: Category | null, t: Translate): string {
  return t(category === null ? 'category.unknown' : `category.${category}`);
}

function outcomeLabel(outcome: Outcome, t: Translate): string {
  return t(`outcome.${outcome}`);
}

function taskIdOf(taskArn: string): string {
  return taskArn.split('/').pop() ?? taskArn;
}

function metadataValue(value: string): string {
  return plainMetadataText(value, CHATBOT_LIMITS.metadataValueMax);
}

const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** encodeURIComponent throws on a lone surrogate: text from an event must never end the run. */
function encodeUriPart(text: string): string {
  return encodeURIComponent(
    text.replace(/[\uD800-\uDFFF]/g, (char, index: number, whole: string) => {
      const code = char.charCodeAt(0);
      const next = whole.charCodeAt(index + 1);
      const previous = whole.charCodeAt(index - 1);
      const paired =
        (code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) || (code >= 0xdc00 && previous >= 0xd800 && previous <= 0xdbff);
      return paired ? char : '\uFFFD';
    })
  );
}

function consoleLink(report: Report, options: IncidentAlertOptions, t: Translate): string | null {
  const task = report.task;
  if (task === null) return null;
  const region = options.consoleRegion ?? task.region;
  if (!REGION_PATTERN.test(region)) return null;
  const base = `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${encodeUriPart(task.cluster)}`;
  const path =
    task.service === null
      ? `/tasks/${encodeUriPart(taskIdOf(task.taskArn))}/configuration`
      : `/services/${encodeUriPart(task.service)}/health`;
  // encodeURIComponent leaves no `|` or `>` that could end the Slack link early.
  return `<${base}${path}?region=${region}|${t('what.console')}>`;
}

/** The texts worth showing as the stop reason, without repeating one inside another. */
function stopReasonTexts(report: Report): string[] {
  const texts: string[] = [];
  for (const candidate of [report.task?.stoppedReason, report.classification?.evidence.text]) {
    const text = candidate?.trim();
    if (text === undefined || text === '') continue;
    const lower = text.toLowerCase();
    if (texts.some((kept) => kept.toLowerCase().includes(lower))) continue;
    texts.push(text);
  }
  return texts;
}

function whatSection(report: Report, options: IncidentAlertOptions, t: Translate): AlertSection {
  const blocks: AlertBlock[] = [];
  const task = report.task;
  // A hub's alerts come from many accounts: say which one first.
  if (report.account !== undefined) {
    blocks.push(
      t('what.account', {
        account: slackInlineCode(accountLabel(report.account), 120),
        region: slackInlineCode(report.account.region, 40),
      })
    );
  }
  if (task !== null) {
    const cluster = slackInlineCode(task.cluster, 120);
    const taskId = slackInlineCode(taskIdOf(task.taskArn), 80);
    blocks.push(
      task.service === null
        ? t('what.standalone', { cluster, task: taskId })
        : t('what.service', { cluster, service: slackInlineCode(task.service, 120), task: taskId })
    );
  }
  if (options.failureCount > 1) blocks.push(t('what.failureCount', { count: options.failureCount }));
  const reasons = stopReasonTexts(report);
  if (reasons.length === 0) blocks.push(t('what.noStopReason'));
  else {
    const code = reasons.map((reason) => slackCodeBlock(reason, STOP_REASON_MAX)).join('\n');
    const short = slackCodeBlock(reasons[reasons.length - 1] ?? '', STOP_REASON_SHORT);
    blocks.push({ full: `${t('what.stopReason')}\n${code}`, short: `${t('what.stopReason')}\n${short}` });
  }
  const link = consoleLink(report, options, t);
  if (link !== null) blocks.push(link);
  return { heading: t('section.what'), blocks };
}

function whySection(report: Report, threadCategory: Category | null, t: Translate): AlertSection {
  const blocks: string[] = [];
  const classification = report.classification;
  if (classification === null) blocks.push(t('why.unclassified'));
  else {
    const { category, evidence } = classification;
    const named = threadCategory ?? category;
    blocks.push(t('why.category', { category: categoryLabel(named, t), code: slackInlineCode(named) }));
    // This task's stop reason named another service of the same problem: say so, once.
    if (named !== category) blocks.push(t('why.thisTask', { category: categoryLabel(category, t) }));
    if (evidence.hosts.length > 0) {
      const hosts = evidence.hosts.slice(0, 3).map((host) => slackInlineCode(host, 120));
      blocks.push(t('why.hosts', { hosts: hosts.join(', ') }));
    }
    if (evidence.ip !== null && evidence.ipScope !== null) {
      const ip = slackInlineCode(evidence.ip, 60);
      // No endpoint exists for a public registry (docker.io): private DNS is beside the point.
      const key =
        evidence.ipScope === 'private'
          ? 'why.ipPrivate'
          : category === 'public_registry_unreachable'
            ? 'why.ipPublicInternet'
            : 'why.ipPublic';
      blocks.push(t(key, { ip }));
    }
    if (!isNetworkCategory(category)) blocks.push(t('why.notNetwork'));
  }
  if (report.unknowns.length > 0) {
    const items = report.unknowns.slice(0, 5).map((item) => escapeSlackText(item, 200));
    blocks.push(t('why.unknowns', { items: items.join('; ') }));
  }
  return { heading: t('section.why'), blocks };
}

function hopLine(hop: PathHop): string {
  const label = escapeSlackText(hop.label, 120);
  const detail = escapeSlackText(hop.detail, 240);
  return detail === '' ? `${HOP_ICONS[hop.status]} ${label}` : `${HOP_ICONS[hop.status]} ${label}: ${detail}`;
}

/**
 * What needs which hop, each reason named once: `ecr.api, ecr.dkr, s3: image … (container app)`.
 * The image string would otherwise repeat on every ECR hop.
 */
function neededForLines(hops: readonly PathHop[]): string[] {
  const hopsByReason = new Map<string, string[]>();
  for (const hop of hops) {
    // Endpoint hop labels start with the service name (`ecr.api (no endpoint)`).
    const service = hop.label.split(' ')[0] ?? hop.label;
    for (const reason of hop.neededFor ?? []) hopsByReason.set(reason, [...(hopsByReason.get(reason) ?? []), service]);
  }
  return [...hopsByReason].map(
    ([reason, services]) => `• ${escapeSlackText(services.join(', '), 120)}: ${escapeSlackText(reason, 240)}`
  );
}

/** The hop diagram's share of the description: a handful of hops, never the whole limit. */
const DIAGRAM_MAX = 700;

function pathSection(report: Report, t: Translate): AlertSection | null {
  // An ignored or out-of-scope report has no path to show.
  if (report.task === null) return null;
  const hops = report.path.filter((hop) => hop.status !== 'not-needed');
  if (hops.length === 0) return { heading: t('section.path'), blocks: [t('path.none')], details: true };
  const needs = neededForLines(hops);
  // The picture first, in a code block so its lines stay lines; AWS names in it are escaped there.
  const diagram = pathDiagramLines(report.path);
  const picture = diagram.length > 0 ? [slackCodeBlock(diagram.join('\n'), DIAGRAM_MAX)] : [];
  const blocks = [...picture, ...hops.map(hopLine), ...(needs.length > 0 ? [t('path.neededFor'), ...needs] : [])];
  return { heading: t('section.path'), blocks, details: true };
}

function actionLine(result: ActionResult, t: Translate): string {
  const description = escapeSlackText(result.action.description, 240);
  if (result.status === 'planned') {
    const cost = result.action.monthlyCostUsd;
    return `${ACTION_ICONS.planned} ${
      cost > 0 ? t('plan.action', { description, cost: formatUsd(cost) }) : t('plan.actionFree', { description })
    }`;
  }
  const parts = [t(`status.${result.status}`)];
  if (result.resourceId !== null) parts.push(slackInlineCode(result.resourceId, 80));
  if (result.state !== null) parts.push(t('applied.state', { state: escapeSlackText(result.state, 40) }));
  if (result.note !== null) parts.push(t('applied.note', { note: escapeSlackText(result.note, 300) }));
  return t('applied.line', { icon: ACTION_ICONS[result.status], description, status: parts.join(', ') });
}

function actionsSection(report: Report, t: Translate): AlertSection {
  const blocks: AlertBlock[] = [];
  const noChangeKey =
    report.outcome === 'alert-only' && report.classification?.category === 'public_registry_unreachable'
      ? 'noChange.alert-only-internet'
      : NO_CHANGE_KEYS[report.outcome];
  if (noChangeKey !== undefined) blocks.push(t(noChangeKey));
  if (noChangeKey !== undefined && report.note !== null && report.note !== undefined) {
    blocks.push(t('noChange.note', { note: escapeSlackText(report.note, 400) }));
  }
  blocks.push(...report.actions.map((result) => actionLine(result, t)));
  // A fix's note is what people must know about it (its verification could not be scheduled).
  if (noChangeKey === undefined && (report.outcome === 'fixed' || report.outcome === 'partially-fixed') && report.note) {
    blocks.push(t('noChange.note', { note: escapeSlackText(report.note, 400) }));
  }
  const planned = report.actions.some((result) => result.status === 'planned');
  const changed = report.actions.some((result) => result.status === 'created' || result.status === 'modified');
  const cost = report.cost;
  if (report.outcome === 'would-fix' && report.actions.length === 0) blocks.push(t('plan.empty'));
  if (cost !== null && planned) {
    blocks.push(
      t('plan.total', {
        plan: formatUsd(cost.planMonthlyUsd),
        nat: formatUsd(cost.natAlternativeMonthlyUsd),
        date: cost.pricesAsOf,
      })
    );
  }
  if (cost !== null && changed) {
    blocks.push(t('applied.cost', { plan: formatUsd(cost.planMonthlyUsd), date: cost.pricesAsOf }));
  }
  if (report.outcome === 'would-fix') blocks.push(t('plan.apply'));
  const heading =
    report.outcome === 'would-fix' ? t('section.plan') : noChangeKey === undefined ? t('section.applied') : t('section.noChange');
  return { heading, blocks };
}

const SEVERITY_RANK: Record<Finding['severity'], number> = { error: 0, warning: 1, info: 2 };

/** Findings a person can act on: causes first, then by severity. Info findings need no fix. */
function findingsToFix(findings: readonly Finding[]): Finding[] {
  return findings
    .filter((finding) => finding.severity !== 'info')
    .map((finding, index) => ({ finding, index }))
    .sort(
      (a, b) =>
        Number(b.finding.cause) - Number(a.finding.cause) ||
        SEVERITY_RANK[a.finding.severity] - SEVERITY_RANK[b.finding.severity] ||
        a.index - b.index
    )
    .map(({ finding }) => finding);
}

/** The finding, its fix and the CLI commands; shorter forms drop the explanation, then the commands. */
function findingBlock(finding: Finding, position: number, t: Translate): AlertBlock {
  const automatic = finding.fix.automatic ? ` ${t('fix.automatic')}` : '';
  const lines = [
    `*${position}.* ${slackInlineCode(finding.code)} ${escapeSlackText(finding.message, 300)}`,
    `→ ${escapeSlackText(finding.fix.summary, 200)}${automatic}`,
  ];
  if (finding.fix.cli.length > 0) lines.push(slackCodeBlock(finding.fix.cli.join('\n'), CLI_BLOCK_MAX));
  const short = `*${position}.* ${slackInlineCode(finding.code)} ${escapeSlackText(finding.fix.summary, 120)}`;
  // Without the explanation and the summary (Why, the plan and the path say them): the code and the
  // commands a person runs. Without commands there is nothing shorter to gain: use the short form.
  const medium =
    finding.fix.cli.length > 0 ? [`*${position}.* ${slackInlineCode(finding.code)}`, ...lines.slice(2)].join('\n') : short;
  return { full: lines.join('\n'), medium, short };
}

/** `--apply` is offered only where it can help: a planned fix that creates endpoints. */
function diagnoseCommands(report: Report): string | null {
  const task = report.task;
  if (task === null) return null;
  const command = commandLine([
    { flag: 'ecs-netfix' },
    { flag: 'diagnose' },
    { flag: '--cluster' },
    task.cluster,
    { flag: '--task' },
    taskIdOf(task.taskArn),
  ]);
  const canApply = report.outcome === 'would-fix' && report.actions.length > 0;
  return slackCodeBlock(canApply ? `${command}\n${command} --apply` : command, 600);
}

/** Finding codes an applied action has already taken care of: no need to fix them by hand. */
function codesFixedByActions(report: Report): Set<string> {
  const done = report.actions.filter(
    (result) => result.status === 'created' || result.status === 'modified' || result.status === 'already-done'
  );
  return new Set(done.flatMap((result) => result.action.fixes));
}

function fixSection(report: Report, t: Translate): AlertSection {
  const fixed = codesFixedByActions(report);
  const findings = findingsToFix(report.findings).filter((finding) => !fixed.has(finding.code));
  const shown = findings.slice(0, MAX_FINDINGS_SHOWN);
  const blocks: AlertBlock[] = shown.map((finding, index) => findingBlock(finding, index + 1, t));
  // The endpoint commands use "$ENDPOINT_SG_ID": say how to create that group, once, first.
  const needsEndpointGroup = shown.some((finding) => finding.fix.cli.some((command) => command.includes(ENDPOINT_SG_VARIABLE)));
  const task = report.task;
  if (needsEndpointGroup && task !== null) {
    const setup = endpointSecurityGroupCli(task.region, task.vpcId ?? '<vpc-id>', task.securityGroupIds ?? []);
    blocks.unshift(`${t('fix.endpointSecurityGroup')}\n${slackCodeBlock(setup.join('\n'), CLI_BLOCK_MAX)}`);
  }
  if (findings.length === 0) blocks.push(t('fix.none'));
  if (findings.length > shown.length) blocks.push(t('fix.more', { count: findings.length - shown.length }));
  // The diagnose commands come first: when space runs out, they are what must survive.
  const commands = diagnoseCommands(report);
  const canApply = report.outcome === 'would-fix' && report.actions.length > 0;
  if (commands !== null) blocks.unshift(`${t(canApply ? 'fix.diagnose' : 'fix.diagnoseOnly')}\n${commands}`);
  return { heading: t('section.fix'), blocks };
}

function displayName(report: Report, t: Translate): string {
  const task = report.task;
  if (task === null) return 'ecs-netfix';
  return task.service ?? t('name.standalone', { cluster: task.cluster });
}

function relatedResources(report: Report): string[] {
  const ids = [
    ...report.findings.flatMap((finding) => finding.resources),
    ...report.actions.flatMap((result) => (result.resourceId === null ? [] : [result.resourceId])),
  ];
  return [...new Set(ids.map(metadataValue).filter((id) => id !== ''))].slice(0, CHATBOT_LIMITS.relatedResourcesMax);
}

function additionalContext(report: Report, options: IncidentAlertOptions): Record<string, string> {
  const task = report.task;
  const context: Record<string, string> = {
    cluster: task?.cluster ?? 'unknown',
    service: task?.service ?? 'none',
    outcome: report.outcome,
    category: report.classification?.category ?? 'unknown',
    dryRun: String(report.dryRun),
    failureCount: String(options.failureCount),
  };
  if (task !== null) {
    context.region = task.region;
    context.taskArn = task.taskArn;
  }
  if (report.incident !== null) context.incidentId = report.incident.incidentId;
  if (report.account !== undefined) {
    context.account = report.account.accountId;
    context.region = report.account.region;
    if (report.account.alias !== null) context.accountAlias = report.account.alias;
  }
  return Object.fromEntries(Object.entries(context).map(([key, value]) => [key, metadataValue(value)]));
}

/** ASCII, English, short: SNS refuses anything else, and email clients show it as is. */
function incidentSubject(report: Report, severity: AlertSeverity): string {
  const task = report.task;
  const name = task === null ? 'ecs-netfix' : `${task.service ?? 'standalone task'} (${task.cluster})`;
  const category = report.classification?.category ?? 'unknown';
  return toSnsSubject(`[ecs-netfix] ${severity.toUpperCase()} ${name}: ${report.outcome}, ${category}`);
}

/**
 * Says what happened: tasks failed (the opening alert), or ecs-netfix fixed it (the message in
 * the thread after a fix), so a fix never reads as a second failure.
 */
function incidentTitle(
  outcome: Outcome,
  failureCount: number,
  values: { emoji: string; name: string; category: string },
  t: Translate
): string {
  if (outcome === 'fixed') return t('title.fixed', { ...values, emoji: '🔧', count: failureCount });
  if (outcome === 'partially-fixed') return t('title.partiallyFixed', { ...values, count: failureCount });
  if (outcome === 'failed') return t('title.fixFailed', { ...values, count: failureCount });
  return failureCount > 1 ? t('title.incidentMany', { ...values, count: failureCount }) : t('title.incident', values);
}

function buildIncidentAlert(report: Report, options: IncidentAlertOptions): AlertEnvelope {
  const t = translatorFor(options.language);
  const severity = severityForOutcome(report.outcome);
  const threadCategory = options.threadCategory ?? report.classification?.category ?? null;
  const category = categoryLabel(threadCategory, t);
  const name = displayName(report, t);
  const titleValues = { emoji: SEVERITY_EMOJI[severity], name: escapeSlackText(name, 80), category };
  const title = incidentTitle(report.outcome, options.failureCount, titleValues, t);
  const sections = [
    whatSection(report, options, t),
    whySection(report, threadCategory, t),
    actionsSection(report, t),
    fixSection(report, t),
    // Details last: the hop-by-hop path gets the room the sections a person acts on leave.
    pathSection(report, t),
  ].filter((section): section is AlertSection => section !== null);
  const description = renderSections(sections, CHATBOT_LIMITS.descriptionMax);
  const fixedCodes = codesFixedByActions(report);
  const nextSteps = findingsToFix(report.findings)
    .filter((finding) => !fixedCodes.has(finding.code))
    .slice(0, CHATBOT_LIMITS.nextStepsMax)
    .map((finding) => escapeSlackText(finding.fix.summary, CHATBOT_LIMITS.nextStepMax));
  const keywords = [report.classification?.category, report.outcome, report.task?.service ?? undefined, report.task?.region]
    .filter((keyword): keyword is string => keyword !== undefined && keyword !== '')
    .map((keyword) => escapeSlackText(keyword, CHATBOT_LIMITS.keywordMax))
    // Chatbot drops a message with an empty keyword: text that escapes to nothing is left out.
    .filter((keyword) => keyword.trim() !== '');
  const summary = escapeSlackText(
    t('summary.incident', {
      name,
      cluster: report.task?.cluster ?? '-',
      category,
      outcome: outcomeLabel(report.outcome, t),
    }),
    CHATBOT_LIMITS.summaryMax
  );
  const message: ChatbotMessage = {
    version: '1.0',
    source: 'custom',
    content: {
      textType: 'client-markdown',
      title,
      description,
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
      ...(keywords.length > 0 ? { keywords } : {}),
    },
    metadata: {
      threadId: metadataValue(options.threadId),
      summary,
      eventType: EVENT_TYPE_INCIDENT,
      relatedResources: relatedResources(report),
      additionalContext: additionalContext(report, options),
    },
  };
  return {
    message,
    subject: incidentSubject(report, severity),
    attributes: { severity, outcome: report.outcome, messageType: 'incident', ...accountAttributes(report.account) },
  };
}

export { buildIncidentAlert, categoryLabel, severityForOutcome };
